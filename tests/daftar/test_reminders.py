"""``ckan satudata-daftar remind`` and ``digest``: which releases the OPDs
are reminded of (due within the window, its last day included; overdue;
once per entry, period and kind; never a delivered one nor an incidental
entry), the real e-mails they get, the walidata's weekly digest, and
nothing sent with the Daftar Data's notifications off."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.cli.cli import ckan as ckan_cli
from ckan.lib import jobs

from ckanext.satudata.daftar import notify
from ckanext.satudata.daftar.model import Reminder
from tests.conftest import act
from tests.daftar.conftest import daftar_on, deliver, new_entry
from tests.mail import deliver as sent_mails
from tests.mail import to

pytestmark = [
    *daftar_on,
    # the workflow's own e-mails of the delivered datasets stay out
    pytest.mark.ckan_config("ckanext.satudata.workflow.notify", "false"),
    pytest.mark.usefixtures("clean_queues", "with_test_worker"),
]

MONDAY = dt.date(2026, 6, 8)


def make_plan(people: dict) -> dict[str, Any]:
    monthly = new_entry(people, nama_data="Inflasi bulanan",
                        jadwal_pemutakhiran="BULANAN")
    ahead = new_entry(people, nama_data="Harga beras",
                      jadwal_pemutakhiran="BULANAN")
    quarterly = new_entry(people, nama_data="Indeks pembangunan manusia",
                          produsen_data="opd-b",
                          jadwal_pemutakhiran="TRIWULANAN")
    incidental = new_entry(people, nama_data="Kejadian bencana",
                           produsen_data="opd-b",
                           jadwal_pemutakhiran="INSIDENTAL")
    deliver(people, monthly, "inflasi-april-2026", "2026-04")
    deliver(people, ahead, "harga-beras-mei-2026", "2026-05")
    return {"monthly": monthly["id"], "ahead": ahead["id"],
            "quarterly": quarterly["id"], "incidental": incidental["id"]}


@pytest.fixture
def plan(people, db_snapshots):
    """Entries of 2026 (lag: 10 working days): monthly with April
    delivered (May is due 15 June), monthly with May delivered ahead,
    quarterly of OPD B with nothing delivered (TW1 was due 15 April),
    incidental."""
    return db_snapshots.built("plan", lambda: make_plan(people))


def selected(plan: dict, today: dt.date, days: int = 7) -> list[tuple]:
    keys = {value: key for key, value in plan.items()}
    return [(keys[n.entry.id], n.period, n.due_date.isoformat(), n.kind)
            for n in notify.select_reminders(today, days)]


def emails(people: dict, *who: str) -> list[str]:
    return sorted(people[w]["email"] for w in who)


def subjects(mails: list) -> list[str]:
    return sorted(m.subject.split("] ", 1)[1] for m in mails)


def test_selection_window_boundary_overdue_and_never(people, plan):
    overdue = ("quarterly", "2026-TW1", "2026-04-15", "overdue")
    may = ("monthly", "2026-05", "2026-06-15", "before")
    # Sunday 7 June: 15 June is 8 days away, outside the 7-day window
    assert selected(plan, MONDAY - dt.timedelta(days=1)) == [overdue]
    assert selected(plan, MONDAY - dt.timedelta(days=1), days=8) == [
        overdue, may]
    # Monday: exactly 7 days; the delivered May of "Harga beras" is not
    # reminded, nor is the incidental entry, ever
    assert selected(plan, MONDAY) == [overdue, may]
    # on the due date itself still "before"; the day after, overdue
    assert selected(plan, dt.date(2026, 6, 15), days=0) == [overdue, may]
    assert selected(plan, dt.date(2026, 6, 16)) == [
        overdue, ("monthly", "2026-05", "2026-06-15", "overdue")]
    # before its first quarter was due, OPD B had nothing to hear
    assert selected(plan, dt.date(2026, 4, 1)) == []
    for day in range(0, 400, 20):
        found = notify.select_reminders(
            dt.date(2026, 1, 1) + dt.timedelta(days=day), 30)
        assert plan["incidental"] not in {n.entry.id for n in found}


def test_reminders_are_mailed_once(people, plan, mailbox):
    counts = notify.remind(MONDAY)
    assert (counts["before"], counts["overdue"], counts["opds"],
            counts["sent"]) == (1, 1, 2, True)
    mails = sent_mails(mailbox)
    assert to(mails) == emails(people, "operator_a", "verifikator_a",
                               "operator_b", "verifikator_b")
    mine = {m.to[0]: m for m in mails}
    a = mine[people["operator_a"]["email"]]
    assert a.subject.endswith("Daftar Data: releases of OPD A are due "
                              "soon")
    assert ("These releases of the Daftar Data of OPD A are due within 7 "
            "days:\n- Inflasi bulanan (2026-05): due 2026-06-15") in a.body
    assert "/jadwal-rilis?opd=opd-a" in a.body
    assert "Harga beras" not in a.body
    b = mine[people["verifikator_b"]["email"]]
    assert b.subject.endswith("Daftar Data: releases of OPD B are overdue")
    assert ("past their due date and not delivered yet:\n"
            "- Indeks pembangunan manusia (2026-TW1): due 2026-04-15"
            ) in b.body
    assert "Kejadian bencana" not in b.body
    recorded = model.Session.execute(sa.select(
        Reminder.entry_id, Reminder.period, Reminder.kind)).all()
    assert sorted(recorded) == sorted([
        (plan["monthly"], "2026-05", "before"),
        (plan["quarterly"], "2026-TW1", "overdue")])

    # the next runs, that day and the next, send nothing again
    for day in (MONDAY, MONDAY + dt.timedelta(days=1)):
        counts = notify.remind(day)
        assert (counts["before"], counts["overdue"]) == (0, 0)
    assert sent_mails(mailbox) == []
    # May not delivered by 15 June: overdue, told once more
    counts = notify.remind(dt.date(2026, 6, 16))
    assert (counts["before"], counts["overdue"]) == (0, 1)
    assert subjects(sent_mails(mailbox)) == [
        "Daftar Data: releases of OPD A are overdue"] * 2


@pytest.mark.usefixtures("with_extended_cli")
def test_the_commands(cli, people, plan, mailbox):
    result = cli.invoke(ckan_cli, ["satudata-daftar", "remind", "--today",
                                   "2026-06-07", "--days", "8"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(
        "reminders: 1 before, 1 overdue, to 2 OPD(s)")
    assert len(sent_mails(mailbox)) == 4
    result = cli.invoke(ckan_cli, ["satudata-daftar", "digest", "--today",
                                   "2026-06-08"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(
        "digest: 1 overdue, 1 due in 7 days, 2 OPD(s) not confirmed")
    assert to(sent_mails(mailbox)) == emails(people, "walidata",
                                             "walidata_head")
    result = cli.invoke(ckan_cli, ["satudata-daftar", "remind", "--today",
                                   "2026-13-01"])
    assert result.exit_code != 0


def test_digest_to_the_walidata(people, plan, mailbox):
    act("satudata_daftar_confirm", people["verifikator_a"], year=2026,
        org="opd-a")
    found = notify.select_digest(MONDAY)
    assert {org: [(n.entry.nama_data, n.period) for n in notices]
            for org, notices in found.overdue.items()} == {
        people["org_b"]["id"]: [("Indeks pembangunan manusia",
                                 "2026-TW1")]}
    assert [(n.entry.nama_data, n.period, n.due_date.isoformat())
            for n in found.upcoming] == [
        ("Inflasi bulanan", "2026-05", "2026-06-15")]
    assert found.unconfirmed == [people["org_b"]["id"]]

    counts = notify.digest(MONDAY)
    assert (counts["overdue"], counts["upcoming"], counts["unconfirmed"],
            counts["sent"]) == (1, 1, 1, True)
    mails = sent_mails(mailbox)
    assert to(mails) == emails(people, "walidata", "walidata_head")
    body = mails[0].body
    assert subjects(mails)[0] == (
        "Daftar Data: weekly digest of 2026-06-08")
    assert ("Overdue releases, by OPD:\nOPD B:\n"
            "  - Indeks pembangunan manusia (2026-TW1): due 2026-04-15"
            ) in body
    assert ("Releases due in the next 7 days:\n"
            "- Inflasi bulanan (2026-05): due 2026-06-15 (OPD A)") in body
    assert ("OPDs that have not confirmed their Daftar Data 2026:\n"
            "- OPD B") in body
    # the digest records nothing: the next week reports again
    assert model.Session.scalar(sa.select(sa.func.count()).select_from(
        Reminder)) == 0
    # before any entry is due, with every list confirmed: no e-mail
    act("satudata_daftar_confirm", people["verifikator_b"], year=2026,
        org="opd-b")
    counts = notify.digest(dt.date(2026, 1, 5))
    assert counts["sent"] is False
    assert sent_mails(mailbox) == []


@pytest.mark.ckan_config("ckanext.satudata.daftar.notify", "false")
def test_notify_off_only_reports(people, plan, mailbox):
    counts = notify.remind(MONDAY)
    assert (counts["before"], counts["overdue"], counts["sent"]) == (
        1, 1, False)
    assert [n.period for n in counts["notices"]] == ["2026-TW1", "2026-05"]
    counts = notify.digest(MONDAY)
    assert counts["sent"] is False and counts["overdue"] == 1
    assert jobs.get_queue().count == 0
    assert sent_mails(mailbox) == []
    # nothing recorded: switched on, the reminders go out
    assert model.Session.scalar(sa.select(sa.func.count()).select_from(
        Reminder)) == 0
