"""Data requests and complaints end to end in a real browser.

A visitor without an account confirms their e-mail address (the link
comes in a real e-mail), files a data request (seeing on the way a
published dataset that matches the title), and follows it by number and
e-mail; the walidata assigns it to the OPD; the OPD's operator links a new
dataset to it; once the dataset is published through the workflow, the
visitor sees the request fulfilled.

A logged-in user files a complaint; the walidata verifies it and passes
it to the OPD; the OPD resolves it; the public sees the resolution.

The live server runs in English (test.ini's ``ckan.locale_default``)."""

from __future__ import annotations

import re

import pytest
from ckan import model
from ckan.tests import factories

from ckanext.satudata.requests import ratelimit
from tests.browser.conftest import (
    click_and_load,
    login,
    messages,
    workflow_on,
)
from tests.factories import opd, walidata
from tests.mail import deliver
from tests.workflow.conftest import advance, new_draft

pytestmark = [*workflow_on,
              pytest.mark.usefixtures("clean_queues", "with_test_worker")]

VISITOR = "warga.peneliti@example.com"
TITLE = "Jumlah penduduk miskin per kecamatan 2025"
PUBLISHED = "Penduduk Miskin Kota 2024"
ANSWER = "answer-penduduk-miskin-2025"


@pytest.fixture
def people():
    """OPD A with its operator and verifikator, the walidata; as the
    workflow's helpers (``new_draft``, ``advance``) want them."""
    ratelimit.reset()
    office = opd("opd-a", "Dinas Sosial")
    portal = walidata()
    model.Session.commit()
    return {"org_a": office["org"], "operator_a": office["operator"],
            "verifikator_a": office["verifikator"],
            "walidata": portal["staff"]}


def _case_number(page) -> str:
    return page.get_attribute("section.satudata-case", "data-number")


def _case_state(page) -> str:
    return page.get_attribute("section.satudata-case", "data-state")


def _link_in(mails, address: str, live_server) -> str:
    """The form link of the confirmation e-mail sent to ``address``."""
    mine = [m for m in mails if address in m.to]
    assert len(mine) == 1, [(m.to, m.subject) for m in mails]
    found = re.search(re.escape(live_server) + r"/permintaan-data/baru"
                      r"\?token=\S+", mine[0].body)
    assert found, mine[0].body
    return found.group(0)


def test_visitor_request_is_fulfilled_by_publication(
        new_page, live_server, people, mailbox):
    # a published dataset that the visitor's title brings up
    old = new_draft(people, name="penduduk-miskin-2024", title=PUBLISHED)
    advance(people, old, "published")

    # the visitor confirms their e-mail address
    visitor = new_page()
    visitor.goto("/permintaan-data/baru")
    visitor.fill(".satudata-confirm-form #field-email", VISITOR)
    click_and_load(visitor, ".satudata-confirm-form button[type=submit]",
                   live_server)
    assert visitor.locator(".satudata-mail-sent").is_visible(), (
        messages(visitor))
    link = _link_in(deliver(mailbox), VISITOR, live_server)

    # ... and files the request from the link in the e-mail
    visitor.goto(link)
    email = visitor.locator("#field-email")
    assert email.input_value() == VISITOR
    assert email.get_attribute("readonly") is not None
    visitor.fill("#field-title", TITLE)
    similar = visitor.locator("#satudata-similar")
    similar.locator("li a").first.wait_for()
    assert "Data you may be looking for" in similar.inner_text()
    assert PUBLISHED in similar.inner_text()
    assert similar.locator("li a").first.get_attribute("href") == (
        "/dataset/penduduk-miskin-2024")
    visitor.fill("#field-description", "Jumlah penduduk miskin menurut "
                 "kecamatan, laki-laki dan perempuan.")
    visitor.fill("#field-purpose", "Penelitian skripsi")
    visitor.fill("#field-name", "Rina Wulandari")
    visitor.fill("#field-institution", "Universitas Lampung")
    click_and_load(visitor, "#satudata-request-form button[type=submit]",
                   live_server)
    number = _case_number(visitor)
    assert number and number.startswith("PD-"), messages(visitor)
    assert number in visitor.locator(".flash-messages").inner_text()
    assert _case_state(visitor) == "diterima"

    # the number comes by e-mail too; the visitor tracks it later, in
    # another browser
    mails = deliver(mailbox)
    assert any(number in m.subject and VISITOR in m.to for m in mails)
    tracker = new_page()
    tracker.goto("/permintaan-data/lacak")
    tracker.fill("#field-number", number.lower())
    tracker.fill("#field-email", VISITOR)
    click_and_load(tracker, ".satudata-track-form button[type=submit]",
                   live_server)
    assert tracker.url.endswith(f"/permintaan-data/{number}")
    assert tracker.get_attribute("section.satudata-case",
                                 "data-reader") == "requester"
    assert "Rina Wulandari" in tracker.content()

    # the walidata assigns it to OPD A
    wali = new_page()
    login(wali, people["walidata"])
    wali.goto(f"/permintaan-data/{number}")
    wali.select_option("#field-organizations", ["opd-a"])
    click_and_load(wali, ".satudata-step-assign button[type=submit]",
                   live_server)
    assert _case_state(wali) == "diproses", messages(wali)
    assert "Dinas Sosial" in wali.locator(".satudata-case-orgs").inner_text()

    # the OPD's operator makes the dataset and links it to the request
    pkg = new_draft(people, name=ANSWER, title=TITLE)
    op = new_page()
    login(op, people["operator_a"])
    op.goto("/satudata/layanan")
    with op.expect_navigation():
        op.click(f"tr.satudata-case[data-number={number}] a")
    op.fill("#field-datasets-link", ANSWER)
    click_and_load(op, ".satudata-step-link button[type=submit]",
                   live_server)
    linked = op.locator(f".satudata-case-datasets li[data-dataset={ANSWER}]")
    assert linked.count() == 1, messages(op)
    assert "not published yet" in linked.inner_text()

    # the public does not see the unpublished dataset yet
    tracker.reload()
    assert tracker.locator(".satudata-case-datasets").count() == 0
    assert _case_state(tracker) == "diproses"

    # published through the workflow: the request is fulfilled by itself
    advance(people, pkg, "published")
    tracker.reload()
    assert _case_state(tracker) == "dipenuhi"
    assert "Fulfilled" in tracker.locator(".satudata-case-status").inner_text()
    answer = tracker.locator(".satudata-case-datasets a")
    assert answer.inner_text() == TITLE
    assert answer.get_attribute("href") == f"/dataset/{ANSWER}"
    # and told by e-mail
    mails = deliver(mailbox)
    assert any(number in m.subject and VISITOR in m.to for m in mails)


def test_complaint_from_filing_to_resolution(new_page, live_server,
                                             people):
    reporter = factories.User(email="pelapor@example.com",
                              fullname="Pelapor Warga",
                              password="correct123")
    model.Session.commit()

    user = new_page()
    login(user, reporter)
    user.goto("/pengaduan/baru")
    assert user.locator("#field-email").input_value() == (
        "pelapor@example.com")
    user.select_option("#field-category", "data_salah")
    user.fill("#field-description", "Angka kecamatan Kedaton tertukar "
              "dengan Rajabasa.")
    click_and_load(user, "#satudata-complaint-form button[type=submit]",
                   live_server)
    number = _case_number(user)
    assert number and number.startswith("PG-"), messages(user)

    wali = new_page()
    login(wali, people["walidata"])
    wali.goto("/satudata/layanan?jenis=pengaduan")
    with wali.expect_navigation():
        wali.click(f"tr.satudata-case[data-number={number}] a")
    assert "Pelapor Warga" in wali.content()
    click_and_load(wali, ".satudata-step-verify button[type=submit]",
                   live_server)
    assert _case_state(wali) == "diverifikasi", messages(wali)
    wali.select_option("#field-organizations", ["opd-a"])
    click_and_load(wali, ".satudata-step-assign button[type=submit]",
                   live_server)
    assert _case_state(wali) == "ditindaklanjuti", messages(wali)

    op = new_page()
    login(op, people["operator_a"])
    op.goto(f"/pengaduan/{number}")
    op.fill("#field-note-resolve", "Angka Kedaton dan Rajabasa sudah "
            "diperbaiki.")
    click_and_load(op, ".satudata-step-resolve button[type=submit]",
                   live_server)
    assert _case_state(op) == "selesai", messages(op)

    anon = new_page()
    anon.goto(f"/pengaduan/{number}")
    assert _case_state(anon) == "selesai"
    assert anon.get_attribute("section.satudata-case",
                              "data-reader") == "public"
    assert "Resolved" in anon.locator(".satudata-case-status").inner_text()
    assert "sudah diperbaiki" in anon.locator(".satudata-outcome").inner_text()
    assert "Pelapor Warga" not in anon.content()
    assert "pelapor@example.com" not in anon.content()
    # and in the public register
    anon.goto("/pengaduan")
    row = anon.locator(f"tr.satudata-case[data-number={number}]")
    assert "Resolved" in row.inner_text()
