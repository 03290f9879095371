"""The e-mails of requests and complaints, sent for real: the steps are
taken through the actions, the jobs wait on Redis until the step is
committed, CKAN's worker runs them (burst, no fork) and CKAN's mailer
delivers them to a local SMTP catcher. Who is told what, in which
language; nothing for a step that is rolled back, or when switched
off."""

from __future__ import annotations

import re
import socket
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import jobs
from ckan.lib import redis as ckan_redis
from redis import ConnectionPool

from ckanext.satudata.requests import notify
from ckanext.satudata.requests.model import Case
from ckanext.satudata.workflow.notify import _translations
from tests.conftest import act
from tests.mail import MAIL_FROM, Mail, deliver, to
from tests.requests.conftest import (
    REQUEST,
    REQUESTER,
    assigned_request,
    file_complaint,
    file_request,
    requests_on,
)

pytestmark = [
    *requests_on,
    pytest.mark.ckan_config("ckan.site_title", "Satu Data Kota Uji"),
    pytest.mark.ckan_config("ckan.locale_default", "id"),
    pytest.mark.usefixtures("clean_queues", "with_test_worker"),
]

SITE = "[Satu Data Kota Uji] "
BUDI = REQUESTER["email"]


def emails(people: dict, *who: str) -> list[str]:
    return sorted(people[w]["email"] for w in who)


def subject(msgid: str, locale: str = "id", **values: Any) -> str:
    return SITE + _translations(locale).gettext(msgid).format(**values)


def rendered(message: str, number: str, name: str, locale: str,
             **extra: Any) -> tuple[str, str]:
    case = model.Session.query(Case).filter_by(number=number).one()
    return notify.render(message, case, name, locale, extra)


def by_address(mails: list[Mail]) -> dict[str, Mail]:
    found = {}
    for mail in mails:
        for address in mail.to:
            assert address not in found, f"{address} mailed twice"
            found[address] = mail
    return found


def test_a_new_request_and_its_assignment(people, mailbox):
    number = file_request()["number"]
    mails = by_address(deliver(mailbox))
    # the requester and the walidata (staff and head): no OPD, no
    # sysadmin, no pembina
    assert sorted(mails) == sorted([BUDI] + emails(
        people, "walidata", "walidata_head"))
    mine = mails[BUDI]
    assert mine.sender == MAIL_FROM
    assert mine.subject == subject("Data request {number} received",
                                   number=number)
    assert number in mine.body
    assert mine.body.startswith("Yth. Budi Santoso,")
    assert f"http://test.ckan.net/permintaan-data/{number}" in mine.body
    assert (mine.subject, mine.body.strip()) == tuple(
        t.strip() for t in rendered("received", number, "Budi Santoso",
                                    "id"))
    staff = mails[people["walidata"]["email"]]
    assert staff.subject == subject("New data request {number}: {title}",
                                    number=number, title=REQUEST["title"])
    assert "Budi" not in staff.subject

    # the assignment tells the OPD only
    act("satudata_request_assign", people["walidata"], id=number,
        organizations=["opd-a"], note="Mohon segera")
    mails = deliver(mailbox)
    # its editors and admins; not OPD B, not the walidata who assigned
    assert to(mails) == emails(people, "operator_a", "verifikator_a")
    assert {m.subject for m in mails} == {subject(
        "Assigned to your office: {number} {title}", number=number,
        title=REQUEST["title"])}
    assert "Mohon segera" in mails[0].body
    # a second OPD later: only the new one is told
    act("satudata_request_assign", people["walidata"], id=number,
        organizations=["opd-a", "opd-b"])
    assert to(deliver(mailbox)) == emails(people, "operator_b",
                                          "verifikator_b")


def test_the_answers_go_to_the_requester(people, mailbox):
    states = _translations("id").gettext
    number = assigned_request(people)
    deliver(mailbox)
    act("satudata_request_extend", people["operator_a"], id=number,
        note="Data kecamatan belum lengkap")
    mails = deliver(mailbox)
    assert to(mails) == [BUDI]
    assert mails[0].subject == SITE + f"{number}: {states('Extended')}"
    due = act("satudata_request_show", None, id=number)["due"]
    assert "Data kecamatan belum lengkap" in mails[0].body
    assert due in mails[0].body

    act("satudata_request_fulfil", people["operator_a"], id=number,
        note="Terlampir di portal", partial=True)
    mails = deliver(mailbox)
    assert to(mails) == [BUDI]
    assert mails[0].subject == SITE + f"{number}: {states('Partly fulfilled')}"
    assert "Terlampir di portal" in mails[0].body

    other = assigned_request(people, email="siti@example.org")
    deliver(mailbox)
    act("satudata_request_refuse", people["walidata"], id=other,
        ground="dikecualikan", legal_basis="Pasal 17",
        note="Informasi dikecualikan")
    mails = deliver(mailbox)
    assert to(mails) == ["siti@example.org"]
    assert mails[0].subject == SITE + f"{other}: {states('Refused')}"
    # the link to follow it, and how
    assert f"/permintaan-data/{other}" in mails[0].body


def test_comments_and_objections(people, mailbox):
    number = assigned_request(people)
    deliver(mailbox)
    act("satudata_request_comment", None, id=number, email=BUDI,
        body="Apakah bisa format XLSX?")
    mails = deliver(mailbox)
    # the handlers: walidata staff and head, the assigned OPD
    assert to(mails) == emails(people, "walidata", "walidata_head",
                               "operator_a", "verifikator_a")
    assert {m.subject for m in mails} == {subject(
        "New message on {number}", number=number)}
    # the requester does not see the handlers' e-mail of their own comment
    assert BUDI not in to(mails)

    act("satudata_request_comment", people["operator_a"], id=number,
        body="Bisa, kami kirim")
    mails = deliver(mailbox)
    assert to(mails) == [BUDI]
    # an internal note tells no one
    act("satudata_request_comment", people["operator_a"], id=number,
        body="Cek izin", internal=True)
    assert deliver(mailbox) == []

    # an objection goes to the walidata heads
    act("satudata_request_refuse", people["walidata"], id=number,
        ground="tidak_dikuasai")
    deliver(mailbox)
    act("satudata_request_objection", None, id=number, email=BUDI,
        note="Data itu ada")
    mails = deliver(mailbox)
    assert to(mails) == emails(people, "walidata_head")
    assert mails[0].subject == subject(
        "Objection (keberatan) filed on {number}", number=number)
    assert "Data itu ada" in mails[0].body
    # the head answers: the requester hears
    act("satudata_request_fulfil", people["walidata_head"], id=number,
        note="Data dari Bappeda")
    assert to(deliver(mailbox)) == [BUDI]


def test_the_language_of_the_page_the_case_was_filed_from(app, people,
                                                          mailbox):
    """Filed from the English pages: the requester's e-mails are in
    English; the staff keep theirs (Indonesian, the portal's)."""
    token = act("satudata_request_email_link", None, email=BUDI)
    assert token == {"sent": True}
    link = deliver(mailbox)[0]
    found = re.search(r"/permintaan-data/baru\?token=(\S+)", link.body)
    assert found, link.body
    response = app.post("/en/api/3/action/satudata_request_create",
                        json=dict(REQUESTER, **REQUEST,
                                  email_token=found.group(1)))
    assert response.status_code == 200, response.json
    number = response.json["result"]["number"]
    mails = by_address(deliver(mailbox))
    mine = mails[BUDI]
    assert mine.subject == SITE + f"Data request {number} received"
    assert mine.body.startswith("Dear Budi Santoso,")
    assert mine.body.strip() == rendered("received", number,
                                         "Budi Santoso", "en")[1].strip()
    staff = mails[people["walidata"]["email"]]
    assert staff.body.startswith("Yth. ")

    act("satudata_request_assign", people["walidata"], id=number,
        organizations=["opd-a"])
    act("satudata_request_fulfil", people["walidata"], id=number,
        note="Sent by e-mail")
    answered = [m for m in deliver(mailbox) if m.to == [BUDI]]
    assert [m.subject for m in answered] == [
        SITE + f"{number}: Fulfilled"]

    # the link of a complaint, for its address only
    act("satudata_request_email_link", None, email="Siti@Example.org",
        kind="complaint")
    mails = deliver(mailbox)
    assert to(mails) == ["siti@example.org"]
    found = re.search(r"http://test.ckan.net/pengaduan/baru\?token=(\S+)",
                      mails[0].body)
    assert found, mails[0].body
    got = act("satudata_complaint_create", None, email="siti@example.org",
              email_token=found.group(1), category="layanan",
              description="Portal lambat")
    assert got["number"].startswith("PG-")
    # the token is for that address only
    with pytest.raises(tk.ValidationError):
        act("satudata_complaint_create", None, email="budi@example.com",
            email_token=found.group(1), category="layanan",
            description="Portal lambat")


def test_a_rolled_back_step_sends_nothing(people, mailbox):
    number = file_request()["number"]
    deliver(mailbox)
    # the step is taken but its transaction is rolled back
    tk.get_action("satudata_request_assign")(
        {"user": people["walidata"]["name"], "defer_commit": True},
        {"id": number, "organizations": ["opd-a"]})
    model.Session.rollback()
    # the next step that commits does not send the forgotten e-mails
    act("satudata_request_comment", people["walidata"], id=number,
        body="Catatan", internal=True)
    assert deliver(mailbox) == []
    got = act("satudata_request_show", people["walidata"], id=number)
    assert (got["state"], got["organizations"]) == ("diterima", [])
    # a step refused half-way queues nothing either
    with pytest.raises(tk.ValidationError):
        act("satudata_request_assign", people["walidata"], id=number,
            organizations=["opd-a", "tidak-ada"])
    act("satudata_request_comment", people["walidata"], id=number,
        body="Catatan lagi", internal=True)
    assert deliver(mailbox) == []


@pytest.mark.ckan_config("ckanext.satudata.requests.notify", "false")
def test_switched_off_nothing_is_queued(people, mailbox):
    number = assigned_request(people)
    act("satudata_request_comment", None, id=number, email=BUDI,
        body="Halo")
    file_complaint(category="data_pribadi")
    assert jobs.get_queue().count == 0
    assert deliver(mailbox) == []


def test_a_queue_that_is_down_does_not_undo_the_step(people, mailbox,
                                                     caplog):
    with socket.socket() as sock:  # a port where no Redis listens
        sock.bind(("127.0.0.1", 0))
        dead = sock.getsockname()[1]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ckan_redis, "_connection_pool", ConnectionPool.from_url(
            f"redis://127.0.0.1:{dead}/0", socket_connect_timeout=1))
        patch.setattr(jobs, "_queues", {})
        got = file_request(people["public"])
    assert got["state"] == "diterima"
    assert "Could not queue the e-mail ('received'" in caplog.text
    model.Session.remove()
    assert act("satudata_request_show", people["walidata"],
               id=got["number"])["state"] == "diterima"
    assert deliver(mailbox) == []
