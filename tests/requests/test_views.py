"""The pages of data requests and complaints, through CKAN's test app:
who sees what (never a person on the public pages), the forms (CSRF, the
e-mail confirmation, the honeypot), tracking by number and e-mail, the
step forms of the case page, the staff inbox and its export."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import openpyxl
import pytest

from ckanext.satudata.requests.logic.action import email_token
from tests.conftest import act, as_user, csrf
from tests.mail import deliver
from tests.requests.conftest import (
    REQUEST,
    REQUESTER,
    file_complaint,
    file_request,
    requests_on,
)
from tests.workflow.conftest import advance, dataset_in, new_draft

pytestmark = requests_on

PERSONAL = (REQUESTER["name"], REQUESTER["email"], REQUESTER["phone"],
            REQUESTER["institution"])



def post(app: Any, url: str, data: dict[str, Any], *,
         token: bool = True, **kwargs: Any) -> Any:
    """Post a form as a browser does, with the session's CSRF token."""
    data = dict(data)
    if token:
        data["_csrf_token"] = csrf(app)
    return app.post(url, data=data, **kwargs)



def count(kind: str = "request") -> int:
    return act(f"satudata_{kind}_list", None)["count"]


def no_personal_data(html: str) -> None:
    for value in PERSONAL:
        assert value not in html, value


def test_public_register_shows_no_person(app, people):
    first = file_request()
    second = file_request(people["public"], title="Data curah hujan 2025")
    act("satudata_request_assign", people["walidata"], id=first["number"],
        organizations=[people["org_a"]["name"]])
    for user in (None, people["public"], people["walidata"]):
        res = as_user(app, user).get("/permintaan-data", status=200)
        assert first["number"] in res.body
        assert second["number"] in res.body
        assert REQUEST["title"] in res.body
        assert "OPD A" in res.body
        no_personal_data(res.body)
    res = app.get("/permintaan-data?state=diproses", status=200)
    assert first["number"] in res.body
    assert second["number"] not in res.body
    # links to the form and the tracking page
    assert 'href="/permintaan-data/baru"' in res.body
    assert 'href="/permintaan-data/lacak"' in res.body


def test_public_complaint_register_shows_no_person(app, people):
    got = file_complaint(confidential=True)
    res = app.get("/pengaduan", status=200)
    assert got["number"] in res.body
    assert "Data wrong or inaccurate" in res.body
    no_personal_data(res.body)


def test_register_pages(app, people):
    for number in range(22):
        file_request(people["public"], title=f"Data nomor {number}",
                     email=f"orang{number}@example.com")
    res = app.get("/permintaan-data", status=200)
    assert "22 cases" in res.body
    assert res.body.count('class="satudata-case"') == 20
    res = app.get("/permintaan-data?page=2", status=200)
    assert res.body.count('class="satudata-case"') == 2


def test_public_case_page_shows_no_person(app, people):
    got = file_request()
    for user in (None, people["public"], people["operator_b"]):
        res = as_user(app, user).get(f"/permintaan-data/{got['number']}",
                                     status=200)
        assert got["number"] in res.body
        assert 'data-reader="public"' in res.body
        assert REQUEST["description"] not in res.body
        no_personal_data(res.body)
        assert "satudata-step-form" not in res.body
    complaint = file_complaint()
    res = as_user(app, None).get(f"/pengaduan/{complaint['number']}",
                                 status=200)
    assert complaint["number"] in res.body
    no_personal_data(res.body)


def test_case_page_not_found(app, people):
    got = file_request()
    app.get("/permintaan-data/PD-2000-000001", status=404)
    # a request's number is not a complaint's
    app.get(f"/pengaduan/{got['number']}", status=404)
    # the number in any case leads to the page
    res = app.get(f"/permintaan-data/{got['number'].lower()}", status=200)
    assert got["number"] in res.body


def test_handlers_see_the_requester_and_their_steps(app, people):
    got = file_request()
    number = got["number"]
    res = as_user(app, people["walidata"]).get(
        f"/permintaan-data/{number}", status=200)
    assert 'data-reader="handler"' in res.body
    for value in PERSONAL:
        assert value in res.body
    for step in ("assign", "refuse", "comment", "link"):
        assert f"satudata-step-{step}" in res.body
    assert "satudata-step-objection" not in res.body
    # the OPDs to choose from
    assert 'value="opd-a"' in res.body
    act("satudata_request_assign", people["walidata"], id=number,
        organizations=[people["org_a"]["name"]])
    res = as_user(app, people["operator_a"]).get(
        f"/permintaan-data/{number}", status=200)
    assert 'data-reader="handler"' in res.body
    assert REQUESTER["email"] in res.body
    for step in ("confirm", "link", "fulfil", "extend", "comment"):
        assert f"satudata-step-{step}" in res.body
    assert "satudata-step-assign" not in res.body


def test_tracking_by_number_and_email(app, people):
    got = file_request()
    number = got["number"]
    app.get("/permintaan-data/lacak", status=200)
    res = post(app, "/permintaan-data/lacak",
               {"number": number.lower(), "email": "BUDI@example.com"})
    assert res.status_code == 200
    assert res.request.path == f"/permintaan-data/{number}"
    assert 'data-reader="requester"' in res.body
    assert REQUESTER["email"] in res.body
    assert REQUEST["description"] in res.body
    assert "satudata-step-comment" in res.body
    # the session remembers it
    res = app.get(f"/permintaan-data/{number}", status=200)
    assert 'data-reader="requester"' in res.body


@pytest.mark.parametrize("number, email", [
    ("own", "orang.lain@example.com"),
    ("PD-2000-000999", REQUESTER["email"]),
    ("", ""),
])
def test_tracking_with_a_wrong_pair(app, people, number, email):
    got = file_request()
    if number == "own":
        number = got["number"]
    res = post(app, "/permintaan-data/lacak",
               {"number": number, "email": email}, status=400)
    assert "No case matches this number and e-mail address" in res.body
    assert "satudata-track-form" in res.body
    for value in PERSONAL:
        # what the visitor typed is shown again, nothing else
        assert value not in res.body or value == email
    res = app.get(f"/permintaan-data/{got['number']}", status=200)
    assert 'data-reader="public"' in res.body


def test_tracking_a_complaint(app, people):
    got = file_complaint()
    res = post(app, "/pengaduan/lacak",
               {"number": got["number"], "email": REQUESTER["email"]})
    assert res.request.path == f"/pengaduan/{got['number']}"
    assert REQUESTER["name"] in res.body
    # a complaint's number is not tracked as a request
    res = post(app, "/permintaan-data/lacak",
               {"number": got["number"], "email": REQUESTER["email"]},
               status=400)


def test_forms_need_the_csrf_token(app, people):
    got = file_request()
    res = post(app, "/permintaan-data/lacak",
               {"number": got["number"], "email": REQUESTER["email"]},
               token=False, status=400)
    assert "CSRF" in res.body
    user = as_user(app, people["public"])
    post(user, "/permintaan-data/baru", dict(REQUESTER, **REQUEST),
         token=False, status=400)
    assert count() == 1
    walidata = as_user(app, people["walidata"])
    post(walidata, f"/permintaan-data/{got['number']}/assign",
         {"organizations": "opd-a"}, token=False, status=400)
    assert act("satudata_request_show", None,
               id=got["number"])["state"] == "diterima"
    post(app, "/permintaan-data/verifikasi-email",
         {"email": "x@example.com"}, token=False, status=400)


def test_logged_in_user_files_a_request(app, people):
    user = people["public"]
    res = as_user(app, user).get("/permintaan-data/baru", status=200)
    assert 'id="satudata-request-form"' in res.body
    assert f'value="{user["email"]}"' in res.body
    assert 'name="website"' in res.body
    assert 'id="satudata-similar"' in res.body
    assert "Data you may be looking for" in res.body
    assert "similar.js" in res.body
    assert 'value="opd-b"' in res.body  # the OPDs to choose from
    data = dict(REQUESTER, **REQUEST, organization="opd-b")
    res = post(app, "/permintaan-data/baru", data)
    assert res.status_code == 200
    found = act("satudata_request_list", people["walidata"])["results"]
    assert len(found) == 1
    number = found[0]["number"]
    assert res.request.path == f"/permintaan-data/{number}"
    assert f"registered under number {number}" in res.body
    assert 'data-reader="requester"' in res.body
    got = act("satudata_request_show", people["walidata"], id=number)
    assert got["related_organization"]["name"] == "opd-b"
    assert got["email"] == REQUESTER["email"]


def test_invalid_request_form_is_shown_again(app, people):
    as_user(app, people["public"])
    data = dict(REQUESTER, **REQUEST)
    data["title"] = ""
    data["email"] = "bukan-email"
    res = post(app, "/permintaan-data/baru", data, status=400)
    assert "error-explanation" in res.body
    assert "Please enter a valid e-mail address" in res.body
    assert "Missing value" in res.body
    # what was typed stays
    assert REQUEST["description"] in res.body
    assert count() == 0


def test_honeypot_refuses_the_form(app, people):
    as_user(app, people["public"])
    data = dict(REQUESTER, **REQUEST, website="http://spam.example.com")
    res = post(app, "/permintaan-data/baru", data, status=400)
    assert "The form could not be accepted" in res.body
    assert count() == 0
    as_user(app, None)
    res = post(app, "/permintaan-data/verifikasi-email",
               {"email": "robot@example.com", "website": "x"}, status=400)
    assert "Check your mailbox" not in res.body


def test_visitor_confirms_the_email_then_files(app, people):
    res = app.get("/permintaan-data/baru", status=200)
    assert 'action="/permintaan-data/verifikasi-email"' in res.body
    assert 'id="satudata-request-form"' not in res.body
    res = post(app, "/permintaan-data/verifikasi-email",
               {"email": "Tamu@Example.com"}, status=200)
    assert "Check your mailbox" in res.body
    assert "Tamu@Example.com" in res.body

    token = email_token("tamu@example.com")
    res = app.get(f"/permintaan-data/baru?token={token}", status=200)
    assert 'id="satudata-request-form"' in res.body
    assert 'readonly="readonly"' in res.body
    assert f'name="email_token" value="{token}"' in res.body
    data = dict(REQUEST, name="Tamu", institution="Warga",
                email="lain@example.com", email_token=token)
    res = post(app, "/permintaan-data/baru", data)
    found = act("satudata_request_list", people["walidata"])["results"]
    assert len(found) == 1
    # the confirmed address, not what the form said
    assert found[0]["email"] == "tamu@example.com"
    assert res.request.path == f"/permintaan-data/{found[0]['number']}"
    assert 'data-reader="requester"' in res.body
    assert "tamu@example.com" in res.body


@pytest.mark.usefixtures("clean_queues", "with_test_worker")
def test_visitor_gets_the_complaint_form_by_email(app, people, mailbox):
    res = app.get("/pengaduan/baru", status=200)
    assert 'action="/pengaduan/verifikasi-email"' in res.body
    res = post(app, "/pengaduan/verifikasi-email",
               {"email": "tamu@example.com"}, status=200)
    assert "Check your mailbox" in res.body
    mails = deliver(mailbox)
    assert [m.to for m in mails] == [["tamu@example.com"]]
    link = re.search(r"http://test\.ckan\.net(/pengaduan/baru\?token=\S+)",
                     mails[0].body)
    assert link, mails[0].body
    res = app.get(link.group(1), status=200)
    assert 'id="satudata-complaint-form"' in res.body
    assert 'value="tamu@example.com"' in res.body
    data = {"category": "layanan", "description": "Situs lambat",
            "email_token": email_token("tamu@example.com")}
    res = post(app, "/pengaduan/baru", data)
    assert 'data-reader="requester"' in res.body
    assert count("complaint") == 1


def test_visitor_with_a_bad_token_confirms_again(app, people):
    res = app.get("/permintaan-data/baru?token=rusak", status=200)
    assert "This link has expired or is not valid" in res.body
    data = dict(REQUESTER, **REQUEST, email_token="rusak")
    res = post(app, "/permintaan-data/baru", data, status=400)
    assert "This link has expired or is not valid" in res.body
    assert count() == 0


@pytest.mark.ckan_config("ckanext.satudata.requests.allow_anonymous",
                         "false")
def test_visitors_log_in_when_anonymous_filing_is_off(app, people):
    res = app.get("/permintaan-data/baru", status=200)
    assert "Please log in to file a data request" in res.body
    assert 'id="satudata-request-form"' not in res.body
    res = app.get("/pengaduan/baru", status=200)
    assert "Please log in to file a complaint" in res.body
    data = dict(REQUESTER, **REQUEST,
                email_token=email_token(REQUESTER["email"]))
    post(app, "/permintaan-data/baru", data, status=403)
    post(app, "/permintaan-data/verifikasi-email",
         {"email": "tamu@example.com"}, status=403)
    assert count() == 0


@pytest.mark.ckan_config("ckanext.satudata.requests.rate_limit", "1/3600")
def test_rate_limit_is_a_clear_message(app, people):
    as_user(app, people["public"])
    post(app, "/permintaan-data/baru", dict(REQUESTER, **REQUEST))
    res = post(app, "/permintaan-data/baru", dict(REQUESTER, **REQUEST),
               status=429)
    assert "Too many submissions" in res.body
    assert count() == 1


def test_steps_from_the_case_page(app, people):
    got = file_request()
    number = got["number"]
    url = f"/permintaan-data/{number}"
    as_user(app, people["walidata"])
    res = post(app, f"{url}/assign", {"organizations": "opd-a",
                                      "note": "Mohon dibantu"})
    assert res.request.path == url
    assert 'data-state="diproses"' in res.body
    assert "In progress" in res.body
    # the OPD confirms, links a dataset of its own, then extends
    pkg = new_draft(people, name="data-miskin", title="Data Miskin")
    as_user(app, people["operator_a"])
    post(app, f"{url}/confirm", {"availability": "tersedia"})
    res = post(app, f"{url}/link", {"datasets": pkg["name"]})
    assert "Data Miskin" in res.body
    assert "not published yet" in res.body
    res = post(app, f"{url}/extend", {"note": ""})
    assert "Give the reason for the extension" in res.body
    res = post(app, f"{url}/extend", {"note": "Data masih diolah"})
    assert 'data-state="diperpanjang"' in res.body
    # an internal note, then a message to the requester
    post(app, f"{url}/comment", {"body": "Catatan internal",
                                 "internal": "on"})
    post(app, f"{url}/comment", {"body": "Sedang kami siapkan"})
    # OPD B may not answer it
    as_user(app, people["operator_b"])
    post(app, f"{url}/fulfil", {"note": "x"}, status=403)
    # the requester sees the public message, not the internal note
    as_user(app, None)
    res = post(app, "/permintaan-data/lacak",
               {"number": number, "email": REQUESTER["email"]})
    assert "Sedang kami siapkan" in res.body
    assert "Catatan internal" not in res.body
    assert "Data masih diolah" in res.body  # the extension's reason
    res = post(app, f"{url}/comment", {"body": "Terima kasih"})
    assert "Terima kasih" in res.body
    # the public sees neither
    as_user(app, people["public"])
    res = app.get(url, status=200)
    assert "Sedang kami siapkan" not in res.body
    assert "Catatan internal" not in res.body
    assert "satudata-step-form" not in res.body
    # unknown steps and numbers
    post(app, f"{url}/hapus", {}, status=404)
    post(app, "/permintaan-data/PD-2000-000001/comment", {"body": "x"},
         status=404)


def test_refusal_and_objection_from_the_page(app, people):
    got = file_request()
    number = got["number"]
    url = f"/permintaan-data/{number}"
    as_user(app, people["walidata"])
    res = app.get(url)
    assert 'name="ground"' in res.body
    res = post(app, f"{url}/refuse", {"ground": "dikecualikan"})
    assert "Give the legal basis of the exemption" in res.body
    res = post(app, f"{url}/refuse", {
        "ground": "dikecualikan", "legal_basis": "Pasal 17 UU 14/2008",
        "note": "Data kesehatan pribadi"})
    assert 'data-state="ditolak"' in res.body
    assert "Pasal 17 UU 14/2008" in res.body
    as_user(app, None)
    res = post(app, "/permintaan-data/lacak",
               {"number": number, "email": REQUESTER["email"]})
    assert "satudata-step-objection" in res.body
    res = post(app, f"{url}/objection", {"note": "Bukan data pribadi"})
    assert 'data-state="keberatan"' in res.body
    # the public register shows the refusal's ground, not the person
    res = app.get("/permintaan-data")
    assert "Exempt information" in res.body
    no_personal_data(res.body)


def test_complaint_form_about_a_dataset(app, people):
    pkg = new_draft(people, name="data-salah", title="Data Yang Salah")
    advance(people, pkg, "published")
    as_user(app, people["public"])
    res = app.get(f"/pengaduan/baru?dataset={pkg['name']}", status=200)
    assert 'id="satudata-complaint-form"' in res.body
    assert 'value="data-salah"' in res.body
    assert "Data Yang Salah" in res.body
    assert "Personal or sensitive data exposed" in res.body
    resource = pkg["resources"][0]["id"]
    res = app.get(f"/pengaduan/baru?dataset={pkg['name']}"
                  f"&resource={resource}&category=tautan_rusak", status=200)
    assert f'<option value="{resource}" selected>' in res.body
    assert '<option value="tautan_rusak" selected>' in res.body
    data = {"category": "tautan_rusak", "dataset": pkg["name"],
            "description": "Berkas tidak bisa diunduh",
            "resource": resource, "email": people["public"]["email"],
            "confidential": "on"}
    res = post(app, "/pengaduan/baru", data)
    found = act("satudata_complaint_list", people["walidata"])["results"]
    assert len(found) == 1
    assert res.request.path == f"/pengaduan/{found[0]['number']}"
    got = act("satudata_complaint_show", people["walidata"],
              id=found[0]["number"])
    assert got["confidential"] is True
    assert got["dataset"]["name"] == pkg["name"]
    assert got["resource_id"] == resource


def test_dataset_page_links_to_the_complaint_form(app, people):
    pkg = dataset_in(people, "published", "data-terbuka")
    res = app.get(f"/dataset/{pkg['name']}", status=200)
    assert f'href="/pengaduan/baru?dataset={pkg["name"]}"' in res.body


def test_personal_data_complaint_alerts_the_staff(app, people):
    pkg = dataset_in(people, "published", "data-bocor")
    got = file_complaint(category="data_pribadi", dataset=pkg["name"])
    url = f"/pengaduan/{got['number']}"
    res = as_user(app, people["walidata"]).get(url, status=200)
    assert "satudata-urgent" in res.body
    assert f'href="/dataset/{pkg["name"]}#alur-kerja"' in res.body
    res = as_user(app, None).get(url, status=200)
    assert "satudata-urgent" not in res.body


def test_complaint_steps_from_the_page(app, people):
    got = file_complaint()
    url = f"/pengaduan/{got['number']}"
    as_user(app, people["walidata"])
    res = app.get(url)
    assert "satudata-step-verify" in res.body
    post(app, f"{url}/verify", {})
    res = post(app, f"{url}/assign", {"organizations": "opd-a"})
    assert 'data-state="ditindaklanjuti"' in res.body
    as_user(app, people["operator_a"])
    res = post(app, f"{url}/resolve", {"note": ""})
    assert "Describe the resolution" in res.body
    post(app, f"{url}/resolve", {"note": "Angka sudah diperbaiki"})
    res = as_user(app, None).get(url)
    assert 'data-state="selesai"' in res.body
    assert "Angka sudah diperbaiki" in res.body
    no_personal_data(res.body)


def test_inbox_is_for_staff(app, people):
    request = file_request()
    complaint = file_complaint()
    res = as_user(app, None).get("/satudata/layanan")
    assert res.request.path == "/user/login"
    as_user(app, people["public"]).get("/satudata/layanan", status=403)
    as_user(app, people["pembina"]).get("/satudata/layanan", status=403)
    res = as_user(app, people["walidata"]).get("/satudata/layanan",
                                               status=200)
    assert request["number"] in res.body
    assert REQUESTER["name"] in res.body
    assert "satudata-export-csv" in res.body
    res = app.get("/satudata/layanan?jenis=pengaduan", status=200)
    assert complaint["number"] in res.body
    app.get("/satudata/layanan?jenis=lain", status=400)
    # the OPD sees only what is assigned to it, without the export
    res = as_user(app, people["operator_a"]).get("/satudata/layanan",
                                                 status=200)
    assert request["number"] not in res.body
    act("satudata_request_assign", people["walidata"],
        id=request["number"], organizations=["opd-a"])
    res = app.get("/satudata/layanan", status=200)
    assert request["number"] in res.body
    assert REQUESTER["institution"] in res.body
    assert "satudata-export-csv" not in res.body
    # filters
    as_user(app, people["walidata"])
    res = app.get("/satudata/layanan?state=diterima", status=200)
    assert request["number"] not in res.body
    res = app.get("/satudata/layanan?organization=opd-a&q=penduduk",
                  status=200)
    assert request["number"] in res.body
    res = app.get("/satudata/layanan?overdue=1", status=200)
    assert request["number"] not in res.body


def test_header_links(app, people):
    res = as_user(app, None).get("/", status=200)
    assert 'href="/permintaan-data"' in res.body
    assert 'href="/pengaduan"' in res.body
    assert "satudata-inbox-link" not in res.body
    res = as_user(app, people["public"]).get("/dataset/", status=200)
    assert "satudata-inbox-link" not in res.body
    for who in ("walidata", "operator_a"):
        res = as_user(app, people[who]).get("/dataset/", status=200)
        assert "satudata-inbox-link" in res.body
        # the workflow's tasks link stays
        assert "satudata-tasks-link" in res.body


def test_export_is_for_the_walidata(app, people):
    file_request()
    file_complaint(email="pelapor@example.com", confidential=True)
    for user in (None, people["public"], people["operator_a"]):
        as_user(app, user).get("/satudata/layanan/ekspor.csv", status=403)
    as_user(app, people["walidata"])
    app.get("/satudata/layanan/ekspor.pdf", status=404)
    res = app.get("/satudata/layanan/ekspor.csv", status=200)
    assert res.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in res.headers["Content-Disposition"]
    assert ".csv" in res.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(res.body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Number", "State", "Received"]
    assert "E-mail" in rows[0]
    assert rows[1][rows[0].index("E-mail")] == REQUESTER["email"]
    res = app.get("/satudata/layanan/ekspor.csv?jenis=pengaduan",
                  status=200)
    assert "pelapor@example.com" in res.body
    res = app.get("/satudata/layanan/ekspor.xlsx", status=200)
    assert "spreadsheetml" in res.headers["Content-Type"]
    book = openpyxl.load_workbook(io.BytesIO(res.data), read_only=True)
    values = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert values[0][0] == "Number"
    assert REQUESTER["email"] in values[1]


def test_export_never_writes_a_formula(app, people):
    file_request(people["public"], title="=HYPERLINK(1)",
                 email="rumus@example.com")
    as_user(app, people["walidata"])
    res = app.get("/satudata/layanan/ekspor.csv", status=200)
    assert "'=HYPERLINK(1)" in res.body
    res = app.get("/satudata/layanan/ekspor.xlsx", status=200)
    book = openpyxl.load_workbook(io.BytesIO(res.data))
    cell = book.active.cell(row=2, column=6)
    assert cell.value == "=HYPERLINK(1)"
    assert cell.data_type == "s"


def test_nothing_is_stored_on_a_get(app, people):
    app.get("/permintaan-data/baru", status=200)
    app.get("/pengaduan/baru", status=200)
    assert count() == 0
    assert count("complaint") == 0


@pytest.mark.ckan_config("ckan.locale_default", "id")
def test_pages_render_in_indonesian(app, people):
    got = file_request()
    complaint = file_complaint()
    for url in ("/permintaan-data", "/pengaduan", "/permintaan-data/baru",
                "/pengaduan/baru", "/permintaan-data/lacak",
                f"/permintaan-data/{got['number']}",
                f"/pengaduan/{complaint['number']}"):
        res = app.get(url, status=200)
        assert '<html lang="id"' in res.body
    res = as_user(app, people["walidata"]).get("/satudata/layanan",
                                               status=200)
    assert got["number"] in res.body


@pytest.mark.ckan_config("ckanext.satudata.requests.rate_limit", "1/3600")
def test_guessing_the_address_is_rate_limited(app, people):
    """Failed tracking attempts are counted per IP address (4 times the
    submission limit): then even the right pair waits, on the page and
    in the API."""
    number = file_request()["number"]
    for attempt in range(4):
        res = post(app, "/permintaan-data/lacak",
                   {"number": number, "email": f"tebak{attempt}@x.id"},
                   status=400)
        assert "No case matches" in res.body
    res = post(app, "/permintaan-data/lacak",
               {"number": number, "email": REQUESTER["email"]},
               status=400)
    assert "Too many submissions" in res.body
    assert REQUESTER["name"] not in res.body
    res = app.post("/api/3/action/satudata_request_show",
                   json={"id": number, "email": REQUESTER["email"]},
                   status=409)
    assert "rate_limit" in res.json["error"]


def test_a_token_request_does_not_switch_the_check_off(app, people):
    """CKAN stops checking a view's CSRF token for the rest of the
    process once a request reaches it with an API token; the workflow's
    and these forms check it themselves, so a browser session's POST
    without the token is still refused."""
    draft = new_draft(people, name="data-csrf")
    url = f"/dataset/{draft['name']}/alur"
    # an API-token request first (the operator's own, allowed)
    app.post(url, data={"transition": "submit", "qc_statement": "on"},
             headers={"Authorization": people["operator_a"]["token"]})
    assert act("satudata_workflow_show", people["operator_a"],
               id=draft["id"])["state"] == "submitted"
    verifikator = as_user(app, people["verifikator_a"])
    post(verifikator, url, {"transition": "return", "note": "x"},
         token=False, status=400)
    assert act("satudata_workflow_show", people["operator_a"],
               id=draft["id"])["state"] == "submitted"
    number = file_request()["number"]
    app.set_session_user(None)
    app.post(f"/permintaan-data/{number}/assign",
             data={"organizations": "opd-a"},
             headers={"Authorization": people["walidata"]["token"]})
    walidata = as_user(app, people["walidata"])
    post(walidata, f"/permintaan-data/{number}/assign",
         {"organizations": "opd-b"}, token=False, status=400)
    assert [o["name"] for o in act("satudata_request_show", None,
                                   id=number)["organizations"]] == ["opd-a"]
