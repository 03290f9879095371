"""Workflow e-mails, sent for real: the steps are taken through the actions
as real users, their jobs wait on Redis, CKAN's worker runs them (burst
mode, no fork) and CKAN's mailer delivers them over SMTP to a local
catcher (aiosmtpd). Who gets which e-mail, in which language, and what the
portal does when e-mails are off or the queue is down."""

from __future__ import annotations

import socket

import ckan.model as model
import pytest
from ckan.lib import jobs
from ckan.lib import redis as ckan_redis
from ckan.tests import factories
from redis import ConnectionPool

from ckanext.satudata.workflow import machine, notify, state
from tests.conftest import act
from tests.mail import MAIL_FROM, deliver, to
from tests.workflow.conftest import (
    QA_PASS,
    advance,
    dataset_in,
    new_draft,
    qa_with,
    workflow_on,
)

pytestmark = [
    *workflow_on,
    pytest.mark.ckan_config("ckan.locale_default", "id"),
    pytest.mark.ckan_config("ckan.site_title", "Satu Data Kota Uji"),
    pytest.mark.usefixtures("clean_queues", "with_test_worker"),
]

#: the msgid of each transition's subject (see notify.render)
SUBJECTS = {
    "submit": "Data waiting for your verification: {title}",
    "verify": "Data verified, waiting for publication: {title}",
    "return": "Data returned for changes: {title}",
    "reject": "Data rejected by the walidata: {title}",
    "publish": "Data published: {title}",
}


def email_of(user: dict) -> str:
    assert user["email"]
    return user["email"]


def expected(transition: str, pkg_id: str, user: dict,
             locale: str) -> tuple[str, str]:
    """Subject and body of the e-mail as notify renders them in
    ``locale`` (the language the tests expect the user to get)."""
    event = state.last_event(pkg_id, [transition])
    return notify.render(event, model.Package.get(pkg_id),
                         model.User.get(user["id"]), locale)


def subject(locale: str, transition: str, title: str) -> str:
    gettext = notify._translations(locale).gettext
    return "[Satu Data Kota Uji] " + gettext(SUBJECTS[transition]).format(
        title=title)


def second_member(people: dict, capacity: str) -> dict:
    """Another member of OPD A, added by its verifikator."""
    user = factories.UserWithToken()
    act("organization_member_create", people["verifikator_a"],
        id=people["org_a"]["id"], username=user["name"], role=capacity)
    return user


# -- who is told --------------------------------------------------------------

def test_submit_mails_the_verifikators_of_its_opd_only(people, mailbox):
    second = second_member(people, "admin")
    pkg = new_draft(people, name="ajuan", title="Data Ajuan")
    assert deliver(mailbox) == []  # creating a draft tells no one

    act("satudata_dataset_submit", people["operator_a"], id=pkg["id"],
        qc_statement=True)
    mails = deliver(mailbox)
    assert to(mails) == sorted([email_of(people["verifikator_a"]),
                                email_of(second)])
    for mail in mails:
        assert mail.sender == MAIL_FROM
        assert mail.subject == subject("id", "submit", "Data Ajuan")
        assert "Data Ajuan" in mail.body
        assert "OPD A" in mail.body
        assert "http://test.ckan.net/dataset/ajuan" in mail.body
        assert "http://test.ckan.net/satudata/tugas" in mail.body
    by_address = {m.to[0]: m for m in mails}
    mail = by_address[email_of(people["verifikator_a"])]
    assert (mail.subject, mail.body.strip()) == tuple(
        t.strip() for t in expected("submit", pkg["id"],
                                    people["verifikator_a"], "id"))


def test_verify_mails_the_walidata_staff_and_head(people, mailbox):
    pkg = dataset_in(people, "submitted", "verif")
    deliver(mailbox)
    act("satudata_dataset_verify", people["verifikator_a"], id=pkg["id"],
        position="Kepala Dinas")
    mails = deliver(mailbox)
    # not the pembina, the sysadmin, the OPD or anyone of OPD B
    assert to(mails) == sorted([email_of(people["walidata"]),
                                email_of(people["walidata_head"])])
    assert {m.subject for m in mails} == {
        subject("id", "verify", pkg["title"])}


def test_return_mails_the_operator_who_submitted(people, mailbox):
    """Created by one operator, submitted by another: the one who
    submitted hears why it came back."""
    submitter = second_member(people, "editor")
    pkg = new_draft(people, name="kembali", title="Data Kembali")
    act("satudata_dataset_submit", submitter, id=pkg["id"],
        qc_statement=True)
    deliver(mailbox)
    act("satudata_dataset_return", people["verifikator_a"], id=pkg["id"],
        note="Satuan belum sesuai standar")
    mails = deliver(mailbox)
    assert to(mails) == [email_of(submitter)]
    assert mails[0].subject == subject("id", "return", "Data Kembali")
    assert "Satuan belum sesuai standar" in mails[0].body


def test_reject_mail_lists_the_failed_items_with_their_notes(people,
                                                            mailbox):
    pkg = dataset_in(people, "verified", "tolak")
    deliver(mailbox)
    act("satudata_dataset_reject", people["walidata"], id=pkg["id"],
        note="Perbaiki akurasi dan kode wilayah",
        qa=qa_with(akurasi="fail", kode_referensi="fail"))
    mails = deliver(mailbox)
    assert to(mails) == [email_of(people["operator_a"])]
    mail = mails[0]
    assert mail.subject == subject("id", "reject", pkg["title"])
    fail = notify._translations("id").gettext("Fail")
    lines = mail.body.splitlines()
    # the items in the checklist's order, by their Indonesian labels
    items = [line for line in lines if line.startswith("- ")]
    assert items == [
        f"- Kode Referensi / Data Induk ({fail}): "
        "kode_referensi perlu diperbaiki",
        f"- Akurasi ({fail}): akurasi perlu diperbaiki",
    ]
    assert "Perbaiki akurasi dan kode wilayah" in mail.body
    assert mail.body.strip() == expected(
        "reject", pkg["id"], people["operator_a"], "id")[1].strip()


def test_publish_mails_the_operator_who_submitted(people, mailbox):
    pkg = dataset_in(people, "verified", "terbit")
    deliver(mailbox)
    act("satudata_dataset_publish", people["walidata_head"], id=pkg["id"],
        qa=QA_PASS)
    mails = deliver(mailbox)
    assert to(mails) == [email_of(people["operator_a"])]
    assert mails[0].subject == subject("id", "publish", pkg["title"])
    # a publication leaves no task behind
    assert "/satudata/tugas" not in mails[0].body


def test_the_actor_is_not_mailed_about_their_own_step(people, mailbox):
    second = second_member(people, "admin")
    pkg = new_draft(people, name="sendiri", title="Data Sendiri")
    # an OPD admin submits: the other admin is told, not the actor
    act("satudata_dataset_submit", people["verifikator_a"], id=pkg["id"],
        qc_statement=True)
    assert to(deliver(mailbox)) == [email_of(second)]
    # and returns it: the one who submitted is the actor, no one is told
    act("satudata_dataset_return", people["verifikator_a"], id=pkg["id"],
        note="Saya perbaiki sendiri")
    assert deliver(mailbox) == []


def test_a_dataset_deleted_before_the_job_runs_tells_no_one(people,
                                                            mailbox):
    pkg = new_draft(people, name="terhapus", title="Data Terhapus")
    act("satudata_dataset_submit", people["operator_a"], id=pkg["id"],
        qc_statement=True)
    act("package_delete", people["sysadmin"], id=pkg["id"])
    assert deliver(mailbox) == []


def test_a_whole_round_tells_each_step_once(people, mailbox):
    pkg = new_draft(people, name="putaran", title="Data Putaran")
    advance(people, pkg, "published")
    mails = deliver(mailbox)
    got = sorted((m.to[0], m.subject) for m in mails)
    assert got == sorted([
        (email_of(people["verifikator_a"]),
         subject("id", "submit", "Data Putaran")),
        (email_of(people["walidata"]),
         subject("id", "verify", "Data Putaran")),
        (email_of(people["walidata_head"]),
         subject("id", "verify", "Data Putaran")),
        (email_of(people["operator_a"]),
         subject("id", "publish", "Data Putaran")),
    ])


def test_bulk_publication_tells_each_submitter(people, mailbox):
    mine = dataset_in(people, "verified", "massal-a")
    theirs = dataset_in(people, "verified", "massal-b", org="b")
    deliver(mailbox)
    result = act("satudata_dataset_bulk_publish", people["walidata"],
                 ids=[mine["id"], theirs["id"]], qa=QA_PASS)
    assert sorted(result["done"]) == sorted([mine["id"], theirs["id"]])
    got = sorted((m.to[0], m.subject) for m in deliver(mailbox))
    assert got == sorted([
        (email_of(people["operator_a"]),
         subject("id", "publish", mine["title"])),
        (email_of(people["operator_b"]),
         subject("id", "publish", theirs["title"])),
    ])


# -- language -----------------------------------------------------------------

def test_english_for_a_user_who_reads_the_portal_in_english(people, mailbox,
                                                           app):
    operator = people["operator_a"]
    # the operator's pages are in English: their e-mails follow
    app.get("/en/satudata/tugas",
            headers={"Authorization": operator["token"]})
    user = model.User.get(operator["id"])
    assert user.plugin_extras["satudata"]["locale"] == "en"
    assert notify.user_locale(user) == "en"
    assert notify.user_locale(model.User.get(
        people["verifikator_a"]["id"])) == "id"

    pkg = dataset_in(people, "verified", "inggris")
    mails = deliver(mailbox)
    # the verifikator (submit) and the walidata (verify) keep Indonesian
    assert {m.subject for m in mails} == {
        subject("id", "submit", pkg["title"]),
        subject("id", "verify", pkg["title"])}
    act("satudata_dataset_reject", people["walidata"], id=pkg["id"],
        note="Fix the accuracy",
        qa=qa_with(akurasi="fail"))
    mails = deliver(mailbox)
    assert to(mails) == [email_of(operator)]
    mail = mails[0]
    assert mail.subject == subject("en", "reject", pkg["title"])
    assert mail.subject == ("[Satu Data Kota Uji] Data rejected by the "
                            f"walidata: {pkg['title']}")
    assert mail.body.startswith("Dear ")
    assert "- Accuracy (Fail): akurasi perlu diperbaiki" in mail.body
    assert "Akurasi" not in mail.body
    assert mail.body.strip() == expected(
        "reject", pkg["id"], operator, "en")[1].strip()


def test_the_portal_language_counts_for_everyone_else(people):
    user = model.User.get(people["operator_a"]["id"])
    assert user.plugin_extras is None or "satudata" not in (
        user.plugin_extras)
    assert notify.user_locale(user) == "id"
    user.plugin_extras = {"satudata": {"locale": "en-GB"}}
    assert notify.user_locale(user) == "en"
    user.plugin_extras = {"satudata": {"locale": "id"}}
    assert notify.user_locale(user) == "id"


# -- switched off, queue down -----------------------------------------------

@pytest.mark.ckan_config("ckanext.satudata.workflow.notify", False)
def test_notify_off_sends_nothing(people, mailbox):
    pkg = dataset_in(people, "verified", "senyap")
    act("satudata_dataset_reject", people["walidata"], id=pkg["id"],
        note="Perbaiki", qa=qa_with(akurasi="fail"))
    advance(people, pkg, "published")
    assert jobs.get_queue().count == 0
    assert deliver(mailbox) == []
    flow = act("satudata_workflow_show", people["sysadmin"], id=pkg["id"])
    assert flow["state"] == machine.PUBLISHED


def test_a_queue_that_is_down_does_not_undo_the_step(people, mailbox,
                                                     caplog, monkeypatch):
    pkg = new_draft(people, name="antrian", title="Data Antrian")
    with socket.socket() as sock:  # a port where no Redis listens
        sock.bind(("127.0.0.1", 0))
        dead = sock.getsockname()[1]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ckan_redis, "_connection_pool", ConnectionPool.from_url(
            f"redis://127.0.0.1:{dead}/0", socket_connect_timeout=1))
        patch.setattr(jobs, "_queues", {})
        result = act("satudata_dataset_submit", people["operator_a"],
                     id=pkg["id"], qc_statement=True)
    assert result["state"] == machine.SUBMITTED
    assert "Could not queue the e-mails of event" in caplog.text
    model.Session.remove()
    flow = act("satudata_workflow_show", people["sysadmin"], id=pkg["id"])
    assert flow["state"] == machine.SUBMITTED
    assert flow["history"][-1]["transition"] == "submit"
    assert deliver(mailbox) == []
