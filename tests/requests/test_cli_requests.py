"""``ckan satudata-requests remind`` and ``erase-personal``, run day
after day with the clock frozen: the assigned OPDs are reminded once per
deadline when it is ``reminder_days`` working days away, the walidata is
told once per deadline of what is overdue; closed cases are left alone."""

from __future__ import annotations

import pytest
from ckan.cli.cli import ckan as ckan_cli

from ckanext.satudata.requests import cli as requests_cli
from tests.conftest import act
from tests.mail import deliver, to
from tests.requests.conftest import (
    REQUEST,
    file_complaint,
    file_request,
    requests_on,
)

pytestmark = [
    *requests_on,
    pytest.mark.usefixtures("clean_queues", "with_test_worker",
                            "with_extended_cli"),
]



def subjects(mails: list) -> set[str]:
    """The subjects without the site's title (which the CLI's own app
    does not take from the test's configuration)."""
    return {m.subject.split("] ", 1)[1] for m in mails}


def run(cli, freezer, day: str) -> str:
    """``ckan satudata-requests remind`` at 10:00 WIB on ``day``: the
    command itself (it makes an app of its own: slow), or, without
    ``cli``, its function."""
    freezer.move_to(f"{day}T03:00:00Z")
    if cli is None:
        counts = requests_cli.remind()
        return (f"reminders: {counts['reminded']}, "
                f"escalations: {counts['escalated']}")
    result = cli.invoke(ckan_cli, ["satudata-requests", "remind"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def emails(people: dict, *who: str) -> list[str]:
    return sorted(people[w]["email"] for w in who)


def test_reminders_and_escalations_once_per_deadline(cli, people, freezer,
                                                     mailbox):
    freezer.move_to("2026-11-02T03:00:00Z")  # Monday
    walidata = people["walidata"]
    first = file_request()["number"]  # due Monday 16 November
    act("satudata_request_assign", walidata, id=first,
        organizations=["opd-a"])
    second = file_request(email="siti@example.org",
                          title="Data kedua")["number"]
    complaint = file_complaint(category="tautan_rusak")["number"]
    assert act("satudata_complaint_show", walidata,
               id=complaint)["due"] == "2026-11-05"
    act("satudata_complaint_verify", walidata, id=complaint)
    act("satudata_complaint_assign", walidata, id=complaint,
        organizations=["opd-b"])
    deliver(mailbox)
    opd_a = emails(people, "operator_a", "verifikator_a")
    staff = emails(people, "walidata", "walidata_head")

    # Wednesday 4: the complaint is due tomorrow, its OPD is reminded
    assert run(cli, freezer, "2026-11-04") == (
        "reminders: 1, escalations: 0")
    mails = deliver(mailbox)
    assert to(mails) == emails(people, "operator_b", "verifikator_b")
    assert subjects(mails) == {
        f"Deadline 2026-11-05 is near: {complaint} Broken link or "
        "file that will not download"}
    assert run(None, freezer, "2026-11-04") == (
        "reminders: 0, escalations: 0")
    assert deliver(mailbox) == []

    # Friday 6: the complaint is overdue: the walidata hears, once
    assert run(None, freezer, "2026-11-06") == (
        "reminders: 0, escalations: 1")
    mails = deliver(mailbox)
    assert to(mails) == staff
    assert subjects(mails) == {
        f"Overdue since 2026-11-05: {complaint} Broken link or "
        "file that will not download"}
    assert run(None, freezer, "2026-11-09") == (
        "reminders: 0, escalations: 0")

    # Wednesday 11: three working days left, no reminder yet
    assert run(None, freezer, "2026-11-11") == (
        "reminders: 0, escalations: 0")
    # Thursday 12: two left: OPD A (the second request has no OPD)
    assert run(cli, freezer, "2026-11-12") == (
        "reminders: 1, escalations: 0")
    mails = deliver(mailbox)
    assert to(mails) == opd_a
    assert subjects(mails) == {
        f"Deadline 2026-11-16 is near: {first} {REQUEST['title']}"}
    assert run(None, freezer, "2026-11-13") == (
        "reminders: 0, escalations: 0")

    # the first is extended: a new deadline, 25 November
    act("satudata_request_extend", people["operator_a"], id=first,
        note="Rekap kecamatan")
    assert run(None, freezer, "2026-11-16") == (
        "reminders: 0, escalations: 0")
    # Tuesday 17: the second is overdue
    assert run(None, freezer, "2026-11-17") == (
        "reminders: 0, escalations: 1")
    deliver(mailbox)
    # and then assigned and extended to 25 November too
    freezer.move_to("2026-11-18T03:00:00Z")
    act("satudata_request_assign", walidata, id=second,
        organizations=["opd-a"])
    act("satudata_request_extend", walidata, id=second,
        note="Baru ditugaskan")
    deliver(mailbox)

    # Monday 23: two working days before the new deadline: both again
    assert run(None, freezer, "2026-11-23") == (
        "reminders: 2, escalations: 0")
    mails = deliver(mailbox)
    assert to(mails) == sorted(opd_a * 2)
    assert subjects(mails) == {
        f"Deadline 2026-11-25 is near: {first} {REQUEST['title']}",
        f"Deadline 2026-11-25 is near: {second} Data kedua"}
    # Thursday 26: both overdue: escalated (the second a second time)
    assert run(None, freezer, "2026-11-26") == (
        "reminders: 0, escalations: 2")
    assert to(deliver(mailbox)) == sorted(staff * 2)
    assert run(None, freezer, "2026-11-27") == (
        "reminders: 0, escalations: 0")

    # closed cases are left alone
    freezer.move_to("2026-11-27T04:00:00Z")
    act("satudata_request_fulfil", walidata, id=first, note="Terkirim")
    act("satudata_complaint_resolve", walidata, id=complaint,
        note="Tautan diperbaiki")
    deliver(mailbox)
    assert requests_cli.remind() == {"reminded": 0, "escalated": 0}
    assert deliver(mailbox) == []


def test_no_reminder_without_an_opd_and_the_window_is_configured(
        people, freezer, mailbox, ckan_config):
    freezer.move_to("2026-11-02T03:00:00Z")
    alone = file_request()["number"]
    number = file_request(email="siti@example.org")["number"]
    act("satudata_request_assign", people["walidata"], id=number,
        organizations=["opd-a"])
    deliver(mailbox)
    ckan_config["ckanext.satudata.requests.reminder_days"] = 5
    # Friday 6: six working days before Monday 16
    assert run(None, freezer, "2026-11-06") == (
        "reminders: 0, escalations: 0")
    # Monday 9: five (the default, two, would not remind yet)
    assert run(None, freezer, "2026-11-09") == (
        "reminders: 1, escalations: 0")
    mails = deliver(mailbox)
    assert to(mails) == emails(people, "operator_a", "verifikator_a")
    assert alone not in mails[0].subject


def test_erase_personal_command(cli, people, freezer):
    freezer.move_to("2024-01-08T03:00:00Z")
    number = file_request()["number"]
    act("satudata_request_refuse", people["walidata"], id=number,
        ground="duplikat")
    result = cli.invoke(ckan_cli, ["satudata-requests", "erase-personal"])
    assert (result.exit_code, result.output.strip()) == (0, "erased: 0")
    freezer.move_to("2026-01-09T03:00:00Z")
    result = cli.invoke(ckan_cli, ["satudata-requests", "erase-personal"])
    assert (result.exit_code, result.output.strip()) == (0, "erased: 1")
    got = act("satudata_request_show", people["walidata"], id=number)
    assert got["personal_erased"] is True and "email" not in got
