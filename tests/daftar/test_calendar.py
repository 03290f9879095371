"""The release calendar (``satudata_daftar_calendar`` and /jadwal-rilis):
the releases of a fixed Daftar Data on a fixed day, delivered and
overdue; the filters; the entries classified ``tertutup`` that only the
walidata, the pembina and their own OPD see; bad ranges; the list, the
month grid and the iCal feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
import icalendar
import pytest
from ckan.tests import factories

from tests.daftar.conftest import daftar_on, deliver, new_entry

pytestmark = daftar_on

#: the day the tests look at the calendar (a Friday)
TODAY = dt.date(2026, 5, 15)
#: 10 working days after each period (daftar_on's lag_days): 1 May and
#: Ascension Day (14 May) are holidays
DUE = {"2026-04": "2026-05-18", "2026-05": "2026-06-15",
       "2026-06": "2026-07-14", "2026-TW1": "2026-04-15",
       "2026-TW2": "2026-07-14", "2026-S1": "2026-07-14",
       "2026": "2027-01-18"}


def make_plan(people: dict) -> dict[str, Any]:
    topic = factories.Group(name="kependudukan", title="Kependudukan")
    found = {
        "yearly": new_entry(people, group=topic["name"]),
        "monthly": new_entry(people, nama_data="Inflasi bulanan",
                             jadwal_pemutakhiran="BULANAN"),
        "quarterly": new_entry(people, nama_data="Indeks pembangunan "
                               "manusia", produsen_data="opd-b",
                               jadwal_pemutakhiran="TRIWULANAN",
                               group=topic["name"]),
        "closed": new_entry(people, nama_data="Data rahasia",
                            klasifikasi_risiko="tertutup",
                            jadwal_pemutakhiran="SEMESTERAN"),
        "incidental": new_entry(people, nama_data="Kejadian bencana",
                                produsen_data="opd-b",
                                jadwal_pemutakhiran="INSIDENTAL"),
    }
    deliver(people, found["monthly"], "inflasi-april-2026", "2026-04")
    return {key: entry["id"] for key, entry in found.items()}


@pytest.fixture
def plan(people, db_snapshots):
    """Five entries of 2026 (yearly, monthly with April delivered,
    quarterly of OPD B, half-yearly ``tertutup``, incidental)."""
    return db_snapshots.built("plan", lambda: make_plan(people))


def calendar(user: dict | None, today: dt.date = TODAY, **data: Any
             ) -> dict[str, Any]:
    context = {"user": user["name"] if user else "",
               "satudata_today": today}
    return tk.get_action("satudata_daftar_calendar")(context, data)


def rows(result: dict, plan: dict) -> list[tuple]:
    """(entry key, period, due date, overdue, delivered) of each
    release."""
    keys = {value: key for key, value in plan.items()}
    return [(keys[r["entry_id"]], r["period"], r["due_date"], r["overdue"],
             r["delivered"]) for r in result["releases"]]


def test_releases_of_the_next_90_days_and_the_overdue(people, plan):
    result = calendar(None)
    assert (result["start"], result["end"], result["today"]) == (
        "2026-05-15", "2026-08-13", "2026-05-15")
    assert rows(result, plan) == [
        # OPD B's first quarter was due in April: still overdue
        ("quarterly", "2026-TW1", DUE["2026-TW1"], True, False),
        ("monthly", "2026-04", DUE["2026-04"], False, True),
        ("monthly", "2026-05", DUE["2026-05"], False, False),
        ("quarterly", "2026-TW2", DUE["2026-TW2"], False, False),
        ("monthly", "2026-06", DUE["2026-06"], False, False),
    ]
    first = result["releases"][0]
    assert first == {
        "entry_id": plan["quarterly"],
        "nama_data": "Indeks pembangunan manusia",
        "organization": {"id": people["org_b"]["id"], "name": "opd-b",
                         "title": "OPD B"},
        "group": {"id": first["group"]["id"], "name": "kependudukan",
                  "title": "Kependudukan"},
        "frequency": "TRIWULANAN", "frequency_label": "Triwulanan",
        "period": "2026-TW1", "due_date": "2026-04-15", "overdue": True,
        "delivered": False}
    assert [o["name"] for o in result["organizations"]] == ["opd-a",
                                                           "opd-b"]
    assert [g["name"] for g in result["groups"]] == ["kependudukan"]

    # the year's release of the yearly entry, in January
    later = calendar(None, start="2027-01-01", end="2027-01-31")
    assert ("yearly", "2026", DUE["2026"], False, False) in rows(
        later, plan)
    # a past range: what was due then, missing ones overdue
    past = calendar(None, start="2026-04-01", end="2026-04-30")
    assert rows(past, plan) == [
        ("quarterly", "2026-TW1", DUE["2026-TW1"], True, False),
        ("monthly", "2026-03", "2026-04-15", True, False)]
    # on its due date a release is not overdue yet; the day after it is
    assert [r["overdue"] for day in (15, 16) for r in calendar(
        None, today=dt.date(2026, 4, day), start="2026-04-15",
        end="2026-04-15")["releases"]] == [False, False, True, True]


def test_filters(people, plan):
    def keys(**data: Any) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in rows(calendar(None, **data), plan)]

    assert keys(org="opd-b") == [("quarterly", "2026-TW1"),
                                 ("quarterly", "2026-TW2")]
    assert keys(org=people["org_a"]["id"]) == [
        ("monthly", "2026-04"), ("monthly", "2026-05"),
        ("monthly", "2026-06")]
    assert keys(group="kependudukan", end="2027-01-31") == [
        ("quarterly", "2026-TW1"), ("quarterly", "2026-TW2"),
        ("quarterly", "2026-TW3"), ("quarterly", "2026-TW4"),
        ("yearly", "2026")]
    assert keys(overdue_only="true") == [("quarterly", "2026-TW1")]
    # the facets stay those of every entry the reader sees
    result = calendar(None, org="opd-b")
    assert len(result["organizations"]) == 2


def test_tertutup_only_for_walidata_pembina_and_its_opd(people, plan):
    def sees_closed(who: str | None) -> bool:
        result = calendar(people[who] if who else None)
        return plan["closed"] in {r["entry_id"]
                                  for r in result["releases"]}

    assert not sees_closed(None)
    assert not sees_closed("public")
    assert not sees_closed("operator_b")
    assert not sees_closed("verifikator_b")
    for who in ("walidata", "walidata_head", "pembina", "sysadmin",
                "operator_a", "verifikator_a"):
        assert sees_closed(who), who
    found = [r for r in calendar(people["operator_a"])["releases"]
             if r["entry_id"] == plan["closed"]]
    assert [(r["period"], r["due_date"]) for r in found] == [
        ("2026-S1", DUE["2026-S1"])]
    assert set(found[0]) == {
        "entry_id", "nama_data", "organization", "group", "frequency",
        "frequency_label", "period", "due_date", "overdue", "delivered"}
    # nor does it show through the filters or the iCal feed's range
    assert not any(r["entry_id"] == plan["closed"] for r in calendar(
        None, org="opd-a", end="2027-06-30")["releases"])


@pytest.mark.parametrize("data, field, message", [
    ({"start": "15-05-2026"}, "start", "Not a date: use YYYY-MM-DD"),
    ({"end": "besok"}, "end", "Not a date: use YYYY-MM-DD"),
    ({"start": "2026-06-01", "end": "2026-05-31"}, "end",
     "The end of the range comes before its start"),
    ({"start": "2026-01-01", "end": "2028-01-02"}, "end",
     "The range may span at most two years"),
    ({"org": "opd-x"}, "org", "No such OPD"),
    ({"group": "opd-a"}, "group", "No such topic"),
    ({"start": "1999-12-31"}, "start",
     "Give a date from 2000-01-01 to 2101-12-31"),
])
def test_bad_parameters(people, plan, data, field, message):
    with pytest.raises(tk.ValidationError) as error:
        calendar(None, **data)
    assert error.value.error_dict == {field: [message]}


def test_two_years_is_the_longest_range(people, plan):
    result = calendar(None, start="2026-01-01", end="2028-01-01")
    assert result["end"] == "2028-01-01"
    # only what is overdue today is due outside a range years ahead
    result = calendar(None, start="2028-02-29", end="2030-02-28")
    assert rows(result, plan) == [
        ("quarterly", "2026-TW1", DUE["2026-TW1"], True, False)]


# -- the pages ---------------------------------------------------------------

@pytest.fixture
def on_today(freezer):
    freezer.move_to("2026-05-15T03:00:00Z")  # 10:00 WIB


def test_list_page(app, people, plan, on_today):
    res = app.get("/jadwal-rilis", status=200)
    body = res.body
    assert "Release calendar" in body
    assert "Indeks pembangunan manusia" in body
    assert "Inflasi bulanan" in body
    assert "Data rahasia" not in body
    # grouped by month: April's overdue quarter first, then May to July
    months = [body.index(f'data-month="{m}"') for m in (
        "2026-04", "2026-05", "2026-06", "2026-07")]
    assert months == sorted(months)
    overdue = body.split(f'data-entry="{plan["quarterly"]}" '
                         'data-period="2026-TW1"')[1].split("</tr>")[0]
    assert "Overdue" in overdue and "badge" in overdue
    delivered = body.split('data-period="2026-04"')[1].split("</tr>")[0]
    assert "Delivered" in delivered and "Overdue" not in delivered
    assert "5 releases" in body
    # filters by GET parameter
    res = app.get("/jadwal-rilis?opd=opd-b&terlambat=1", status=200)
    assert "Indeks pembangunan manusia" in res.body
    assert "Inflasi bulanan" not in res.body


def test_the_opd_sees_its_closed_entry_on_the_page(app, people, plan):
    url = "/jadwal-rilis?dari=2026-07-01&sampai=2026-07-31"
    assert "Data rahasia" not in app.get(url, status=200).body
    for who in ("operator_a", "walidata"):
        res = app.get(url, headers={"Authorization": people[who]["token"]},
                      status=200)
        assert "Data rahasia" in res.body


def test_month_page(app, people, plan, on_today):
    res = app.get("/jadwal-rilis?tampilan=bulan&bulan=2026-07",
                  status=200)
    body = res.body
    cell = body.split('data-date="2026-07-14"')[1].split("</td>")[0]
    assert "Inflasi bulanan" in cell and "(2026-06)" in cell
    assert "Indeks pembangunan manusia" in cell and "(2026-TW2)" in cell
    assert "Data rahasia" not in body
    other = body.split('data-date="2026-07-15"')[1].split("</td>")[0]
    assert "satudata-release" not in other
    # still overdue, due before the month: above the grid
    assert "Still overdue" in body
    assert 'data-period="2026-TW1"' in body.split(
        "satudata-calendar-grid")[0]
    assert "tampilan=bulan&amp;bulan=2026-06" in body
    assert "tampilan=bulan&amp;bulan=2026-08" in body
    assert "July 2026" in body
    # the month and the days in the page's language
    res = app.get("/id/jadwal-rilis?tampilan=bulan&bulan=2026-07",
                  status=200)
    assert "Juli 2026" in res.body
    assert ">Sen</th>" in res.body
    # this month by default, filters kept in the month links
    res = app.get("/jadwal-rilis?tampilan=bulan&opd=opd-a", status=200)
    assert "May 2026" in res.body
    cell = res.body.split('data-date="2026-05-18"')[1].split("</td>")[0]
    assert "Inflasi bulanan" in cell and "Delivered" in cell
    assert "opd=opd-a&amp;tampilan=bulan&amp;bulan=2026-06" in res.body


def test_ical_feed(app, people, plan, on_today):
    res = app.get("/jadwal-rilis.ics?dari=2026-07-01&sampai=2026-07-31",
                  status=200)
    assert res.headers["Content-Type"].startswith("text/calendar")
    assert 'filename="jadwal-rilis.ics"' in res.headers[
        "Content-Disposition"]
    cal = icalendar.Calendar.from_ical(res.body)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert sorted(events) == sorted([
        f"{plan['monthly']}.2026-06@test.ckan.net",
        f"{plan['quarterly']}.2026-TW2@test.ckan.net",
        f"{plan['quarterly']}.2026-TW1@test.ckan.net"])
    june = events[f"{plan['monthly']}.2026-06@test.ckan.net"]
    assert june.decoded("dtstart") == dt.date(2026, 7, 14)
    assert str(june["summary"]) == "Inflasi bulanan (2026-06)"
    assert "OPD A" in str(june["description"])
    late = events[f"{plan['quarterly']}.2026-TW1@test.ckan.net"]
    assert late.decoded("dtstart") == dt.date(2026, 4, 15)
    assert "Overdue" in str(late["description"])
    # by default a month back and a year ahead; the filters apply
    res = app.get("/jadwal-rilis.ics?opd=opd-a", status=200)
    uids = {str(e["uid"]) for e in icalendar.Calendar.from_ical(
        res.body).walk("VEVENT")}
    assert f"{plan['yearly']}.2026@test.ckan.net" in uids
    assert not any(plan["quarterly"] in uid or plan["closed"] in uid
                   for uid in uids)


BAD = [
    ("/jadwal-rilis?dari=kemarin", "Not a date: use YYYY-MM-DD"),
    ("/jadwal-rilis?dari=2026-06-01&sampai=2026-05-01",
     "The end of the range comes before its start"),
    ("/jadwal-rilis?tampilan=tahun", "Unknown view"),
    ("/jadwal-rilis?tampilan=bulan&bulan=2026-13", "Not a month"),
    ("/jadwal-rilis?opd=opd-x", "No such OPD"),
    ("/jadwal-rilis?topik=%3Cscript%3E", "No such topic"),
    ("/jadwal-rilis.ics?dari=2026-01-01&sampai=2030-01-01",
     "The range may span at most two years"),
    ("/jadwal-rilis?dari=9999-12-01", "Give a date from 2000-01-01 to "
     "2101-12-31"),
    ("/jadwal-rilis?tampilan=bulan&bulan=9999-12", "Give a date from"),
    ("/jadwal-rilis?tampilan=bulan&bulan=0001-01", "Give a date from"),
]


def test_bad_parameters_are_400(app, people, plan):
    for url, message in BAD:
        res = app.get(url, status=400)
        assert message in res.body, url
        assert "<script>" not in res.body
    # a yes/no that is neither is no
    app.get("/jadwal-rilis?terlambat=barangkali", status=200)
