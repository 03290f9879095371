"""The monitoring (``satudata_daftar_monitoring``, ``/satudata/monitoring``
and the report) on a known history, built once with the clock set to
days of 2025 (a year wholly past), lag 10 working days (due dates:
2024 -> 2025-01-15, TW1 -> 04-15, TW2 and S1 -> 07-14, TW3 -> 10-14):

OPD A (entries of 2025: quarterly, annual; of 2024: annual)
- 2025-TW1 published 2025-04-03: on time;
- 2025-TW2 published 2025-09-01: late (and missing as of 2025-08-20);
- 2025-TW3 never: missing (pending as of 2025-08-20);
- the 2024 annual, due 2025-01-15, never: missing;
- a dataset rejected by the walidata's QA (back to draft), and a draft.
OPD B (entries of 2025: semesterly, incidental)
- 2025-S1 published 2025-07-02: on time; a dataset left submitted.
Each published dataset: draft 1 day, submitted 2 days, verified 1 day.
Two data requests: one answered in 2 days, one refused after its
deadline.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import ckan.plugins.toolkit as tk
import openpyxl
import pytest
from bs4 import BeautifulSoup
from freezegun import freeze_time

from ckanext.satudata import config as sd_config
from ckanext.satudata.daftar import charts
from tests.conftest import act
from tests.daftar.conftest import daftar_on, new_entry
from tests.requests.conftest import (  # noqa: F401 (a fixture)
    file_request,
    no_rate_counts,
)
from tests.workflow.conftest import QA_PASS, new_draft, qa_with

pytestmark = daftar_on

ACTION = "satudata_daftar_monitoring"
DAY = dt.timedelta(days=1)


def _at(frozen: Any, day: dt.date, plus: int = 0) -> None:
    frozen.move_to(dt.datetime.combine(day + plus * DAY, dt.time(3),
                                       dt.timezone.utc))


def _through(cast: dict, frozen: Any, name: str, org: str,
             created: dt.date, last: str = "publish") -> dict[str, Any]:
    """A dataset made on ``created``, submitted a day later, verified two
    days after that and published (or rejected) the next day."""
    _at(frozen, created)
    pkg = new_draft(cast, name=name, org=org)
    _at(frozen, created, 1)
    act("satudata_dataset_submit", cast[f"operator_{org}"], id=pkg["id"],
        qc_statement=True)
    if last == "submit":
        return pkg
    _at(frozen, created, 3)
    act("satudata_dataset_verify", cast[f"verifikator_{org}"], id=pkg["id"],
        position="Kepala Dinas")
    if last == "publish":
        _at(frozen, created, 4)
        act("satudata_dataset_publish", cast["walidata"], id=pkg["id"],
            qa=QA_PASS)
    else:
        _at(frozen, created, 5)
        act("satudata_dataset_reject", cast["walidata"], id=pkg["id"],
            note="Akurasi kurang", qa=qa_with(akurasi="fail"))
    return pkg


def _link(cast: dict, entry: dict, pkg: dict, period: str,
          org: str) -> None:
    act("satudata_daftar_entry_link", cast[f"operator_{org}"],
        id=entry["id"], package_id=pkg["id"], period=period)


def make_history(cast: dict) -> dict[str, Any]:
    with freeze_time("2025-01-10T03:00:00Z") as frozen:
        quarterly = new_entry(cast, year=2025, nama_data="Data triwulanan",
                              jadwal_pemutakhiran="TRIWULANAN")
        new_entry(cast, year=2025, nama_data="Data tahunan")
        new_entry(cast, year=2024, nama_data="Data tahunan 2024")
        semester = new_entry(cast, year=2025, produsen_data="opd-b",
                             nama_data="Data semesteran",
                             jadwal_pemutakhiran="SEMESTERAN")
        new_entry(cast, year=2025, produsen_data="opd-b",
                  nama_data="Data insidental",
                  jadwal_pemutakhiran="INSIDENTAL")

        _at(frozen, dt.date(2025, 3, 3))
        fast = file_request(cast["public"], email="a@example.com")
        act("satudata_request_assign", cast["walidata"], id=fast["number"],
            organizations=["opd-a"])
        _at(frozen, dt.date(2025, 3, 5))
        act("satudata_request_fulfil", cast["walidata"], id=fast["number"],
            note="Terkirim")
        _at(frozen, dt.date(2025, 5, 5))
        slow = file_request(cast["public"], email="b@example.com",
                            title="Data curah hujan")
        _at(frozen, dt.date(2025, 6, 20))
        act("satudata_request_refuse", cast["walidata"], id=slow["number"],
            ground="tidak_dikuasai")

        tw1 = _through(cast, frozen, "a-tw1", "a", dt.date(2025, 3, 30))
        _link(cast, quarterly, tw1, "2025-TW1", "a")
        _through(cast, frozen, "a-ditolak", "a", dt.date(2025, 5, 1),
                 last="reject")
        s1 = _through(cast, frozen, "b-s1", "b", dt.date(2025, 6, 28))
        _link(cast, semester, s1, "2025-S1", "b")
        tw2 = _through(cast, frozen, "a-tw2", "a", dt.date(2025, 8, 28))
        _link(cast, quarterly, tw2, "2025-TW2", "a")
        _through(cast, frozen, "b-diajukan", "b", dt.date(2025, 10, 1),
                 last="submit")
        _at(frozen, dt.date(2025, 10, 1))
        new_draft(cast, name="a-draf", org="a")
    return {"quarterly": quarterly["id"]}


@pytest.fixture
def known(people, db_snapshots, no_rate_counts):  # noqa: F811
    db_snapshots.built("monitoring", lambda: make_history(people))
    return people


def by_opd(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["organization"]["name"]: row for row in result["opds"]}


def counts(row: dict[str, Any]) -> tuple[int, ...]:
    return tuple(row[k] for k in ("entries", "due", "on_time", "late",
                                  "missing", "pending"))


def test_the_numbers_of_a_past_year(known):
    got = act(ACTION, known["walidata"], year=2025)
    assert got["period"] == {"start": "2025-01-01", "end": "2025-12-31",
                             "as_of": "2025-12-31", "year": 2025,
                             "quarter": None, "years": [2025]}
    opds = by_opd(got)
    assert set(opds) == {"opd-a", "opd-b"}
    a, b = opds["opd-a"], opds["opd-b"]
    # the 2024 annual release falls due in January 2025: counted
    assert counts(a) == (2, 4, 1, 1, 2, 0)
    assert (a["delivered"], a["delivery_rate"], a["on_time_rate"]) == (
        2, 0.5, 0.25)
    assert counts(b) == (2, 1, 1, 0, 0, 0)
    assert b["delivery_rate"] == 1.0
    assert counts(got["totals"]) == (4, 5, 2, 1, 2, 0)
    assert got["totals"]["delivery_rate"] == 0.6
    assert a["datasets"] == {"draft": 2, "submitted": 0, "verified": 0,
                             "published": 2, "withdrawn": 0, "total": 4}
    assert b["datasets"]["submitted"] == 1
    assert b["datasets"]["published"] == 1
    assert got["totals"]["datasets"]["total"] == 6

    releases = {(r["org_name"], r["period"]): (r["status"], r["delivered"])
                for r in got["releases"]}
    assert releases == {
        ("opd-a", "2024"): ("missing", None),
        ("opd-a", "2025-TW1"): ("on_time", "2025-04-03"),
        ("opd-b", "2025-S1"): ("on_time", "2025-07-02"),
        ("opd-a", "2025-TW2"): ("late", "2025-09-01"),
        ("opd-a", "2025-TW3"): ("missing", None),
    }
    times = {t["state"]: (t["stays"], t["median_hours"], t["median_days"])
             for t in got["time_in_state"]}
    assert times == {"draft": (5, 24.0, 1.0), "submitted": (4, 48.0, 2.0),
                     "verified": (4, 24.0, 1.0)}
    qa = got["qa"]
    assert (qa["decisions"], qa["passed"], qa["rejected"],
            qa["pass_rate"]) == (4, 3, 1, 0.75)
    assert 90 < qa["mean_score"] < 100
    assert got["requests"] == {"received": 2, "answered": 2,
                               "within_deadline": 1, "rate": 0.5}
    assert got["complaints"]["answered"] == 0
    assert got["requests_available"] is True
    trend = {q["label"]: (q["due"], q["on_time"], q["late"], q["missing"],
                          q["pending"]) for q in got["trend"]}
    assert trend == {"2025-TW1": (1, 0, 0, 1, 0),
                     "2025-TW2": (1, 1, 0, 0, 0),
                     "2025-TW3": (2, 1, 1, 0, 0),
                     "2025-TW4": (1, 0, 0, 1, 0)}


def test_a_period_ending_after_today_is_judged_today(known):
    with freeze_time("2025-08-20T05:00:00Z"):
        got = act(ACTION, known["pembina"], year=2025)
    assert got["period"]["end"] == "2025-12-31"
    assert got["period"]["as_of"] == "2025-08-20"
    a = by_opd(got)["opd-a"]
    # TW2, published on 1 September, was still missing; TW3 not yet due
    assert counts(a) == (2, 4, 1, 0, 2, 1)
    assert counts(by_opd(got)["opd-b"]) == (2, 1, 1, 0, 0, 0)
    assert (got["qa"]["decisions"], got["qa"]["passed"]) == (3, 2)
    trend = {q["label"]: (q["due"], q["on_time"], q["late"], q["missing"],
                          q["pending"]) for q in got["trend"]}
    assert trend["2025-TW3"] == (2, 1, 0, 1, 0)
    assert trend["2025-TW4"] == (1, 0, 0, 0, 1)


def test_a_quarter_and_dates(known):
    got = act(ACTION, known["walidata"], year="2025", quarter="3")
    assert (got["period"]["start"], got["period"]["end"]) == (
        "2025-07-01", "2025-09-30")
    opds = by_opd(got)
    assert counts(opds["opd-a"]) == (2, 1, 0, 1, 0, 0)
    assert counts(opds["opd-b"]) == (2, 1, 1, 0, 0, 0)
    assert (got["qa"]["passed"], got["qa"]["rejected"]) == (2, 0)
    assert got["requests"]["answered"] == 0
    got = act(ACTION, known["walidata"], start="2025-04-01",
              end="2025-04-30", year="2019")  # the dates win
    assert counts(by_opd(got)["opd-a"]) == (2, 1, 1, 0, 0, 0)
    assert got["period"]["year"] is None


@pytest.mark.parametrize("who", ["walidata", "walidata_head", "pembina",
                                 "sysadmin"])
def test_walidata_and_pembina_read_the_monitoring(people, who):
    got = act(ACTION, people[who])
    assert got["period"]["year"] == sd_config.today().year
    assert got["period"]["as_of"] == sd_config.today().isoformat()


@pytest.mark.parametrize("who", ["operator_a", "verifikator_a", "public",
                                 None])
def test_no_one_else_reads_the_monitoring(people, who):
    with pytest.raises(tk.NotAuthorized):
        act(ACTION, people[who] if who else None, year=2025)


def _bad_periods() -> list[tuple[dict[str, Any], str]]:
    today = sd_config.today()
    return [
        ({"start": (today + 30 * DAY).isoformat()}, "start"),
        ({"year": today.year + 1}, "year"),
        ({"start": "2025-05-01", "end": "2025-04-01"}, "end"),
        ({"start": "kemarin"}, "start"),
        ({"start": "2025-01-01", "end": "2025-02-30"}, "end"),
        ({"year": "dua ribu"}, "year"),
        ({"year": 2025, "quarter": 5}, "quarter"),
        ({"quarter": 2}, "year"),
        ({"start": "2018-01-01", "end": "2025-01-01"}, "end"),
        ({"start": "1999-12-31", "end": "2000-01-31"}, "start"),
    ]


def test_bad_periods_are_refused_by_field(people):
    for data, field in _bad_periods():
        with pytest.raises(tk.ValidationError) as error:
            act(ACTION, people["walidata"], **data)
        assert list(error.value.error_dict) == [field], data


# -- pages ---------------------------------------------------------------

def _get(app: Any, url: str, user: dict | None, status: int = 200) -> Any:
    headers = {"Authorization": user["token"]} if user else {}
    return app.get(url, headers=headers, status=status)


def _cell(soup: Any, table: str, opd: str, key: str) -> str:
    found = soup.select_one(f"table.{table} tr[data-opd='{opd}'] "
                            f"td[data-key='{key}']")
    return found.get_text(strip=True)


def test_dashboard_is_for_walidata_and_pembina(app, known):
    res = _get(app, "/satudata/monitoring?year=2025", known["walidata"])
    soup = BeautifulSoup(res.body, "html.parser")
    assert _cell(soup, "satudata-monitoring-opds", "opd-a", "due") == "4"
    assert _cell(soup, "satudata-monitoring-opds", "opd-a",
                 "missing") == "2"
    assert _cell(soup, "satudata-monitoring-opds", "opd-a",
                 "delivery_rate") == "50.0\xa0%"
    assert _cell(soup, "satudata-monitoring-opds", "", "due") == "5"
    assert _cell(soup, "satudata-monitoring-datasets", "opd-b",
                 "submitted") == "1"
    svgs = soup.select("svg.satudata-chart[role=img]")
    assert [s["id"] for s in svgs] == ["satudata-chart-opd",
                                       "satudata-chart-trend"]
    assert svgs[0].find("title").get_text() and svgs[0].find("desc")
    assert "OPD A" in svgs[0].get_text()
    assert soup.select("details.satudata-chart-data table")
    assert "laporan.xlsx?year=2025" in res.body
    _get(app, "/satudata/monitoring?year=2025", known["pembina"])
    for who in ("operator_a", "verifikator_b", "public"):
        _get(app, "/satudata/monitoring", known[who], status=403)
    res = _get(app, "/satudata/monitoring", None)
    assert res.request.path == "/user/login"


def test_a_bad_period_is_400_with_the_reason(app, people):
    res = _get(app, "/satudata/monitoring?start=2025-05-01&end=2025-04-01",
               people["walidata"], status=400)
    assert "The end comes before the start" in res.body
    assert 'name="start"' in res.body  # the form, to correct it
    res = _get(app, "/satudata/monitoring/laporan?year=abc",
               people["walidata"], status=400)
    assert "Give a year from 2000 to 2100" in res.body
    _get(app, "/satudata/monitoring/laporan.xlsx?quarter=9&year=2025",
         people["pembina"], status=400)
    _get(app, "/satudata/monitoring/laporan", people["operator_a"],
         status=403)
    _get(app, "/satudata/monitoring/laporan.xlsx", people["public"],
         status=403)


def test_the_printable_report(app, known):
    res = _get(app, "/satudata/monitoring/laporan?year=2025",
               known["pembina"])
    soup = BeautifulSoup(res.body, "html.parser")
    assert "Satu Data implementation report" in soup.find("h1").get_text()
    assert _cell(soup, "satudata-monitoring-opds", "opd-b",
                 "on_time") == "1"
    assert _cell(soup, "satudata-monitoring-opds", "opd-a", "late") == "1"
    assert soup.select("svg.satudata-chart")
    releases = [r.get_text(" ", strip=True)
                for r in soup.select("table.satudata-report-releases tr")]
    assert any("Data triwulanan" in r and "2025-TW2" in r
               and "2025-09-01" in r for r in releases)
    assert "@media print" in (  # the stylesheet it links has print rules
        app.get("/satudata-daftar/monitoring.css").body)


def test_the_report_workbook(app, known):
    res = _get(app, "/satudata/monitoring/laporan.xlsx?year=2025",
               known["walidata"])
    assert res.headers["Content-Disposition"] == (
        'attachment; filename="laporan-satu-data-2025-01-01-2025-12-31.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(res.data))
    assert book.sheetnames == ["Ringkasan", "Per OPD", "Rilis",
                               "Status Dataset", "Permintaan"]
    rows = [list(r) for r in book["Per OPD"].iter_rows(values_only=True)]
    assert rows[0][:7] == ["OPD", "Entries agreed", "Releases due",
                           "On time", "Late", "Missing", "Pending"]
    per_opd = {r[0]: r[1:] for r in rows[1:]}
    assert per_opd["OPD A"] == [2, 4, 1, 1, 2, 0, 2, 0.5, 0.25]
    assert per_opd["OPD B"] == [2, 1, 1, 0, 0, 0, 1, 1, 1]
    assert per_opd["Total"][:6] == [4, 5, 2, 1, 2, 0]
    releases = list(book["Rilis"].iter_rows(values_only=True))
    assert len(releases) == 6
    assert ("OPD A", "Data triwulanan", 2025, "TRIWULANAN", "2025-TW2",
            "2025-07-14", "Late", "2025-09-01", "a-tw2") in releases
    requests = list(book["Permintaan"].iter_rows(values_only=True))
    assert requests[1] == ("Data requests", 2, 2, 1, 0.5)
    states = list(book["Status Dataset"].iter_rows(values_only=True))
    assert states[1][0] == "OPD A" and states[1][-1] == 4
    summary = [r for r in book["Ringkasan"].iter_rows(values_only=True)]
    assert summary[0][0] == "Satu Data implementation report"
    assert ("As of", "2025-12-31") in [r[:2] for r in summary]



def test_charts_escape_their_labels():
    series = [charts.Series("on_time", "Tepat <waktu>", "#1b7837")]
    svg = str(charts.stacked_bars(
        [('<script>alert("x")</script>', {"on_time": 2})], series,
        chart_id="c", title="A & B", desc='"d"'))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Tepat &lt;waktu&gt;" in svg
    assert '<title id="c-title">A &amp; B</title>' in svg
    table = str(charts.data_table("T", ["<h>"], [["=1+1<i>"]]))
    assert "&lt;h&gt;" in table and "&lt;i&gt;" in table
