"""What the public forms refuse, and how: malformed or hostile input gets
a validation error with its message (a 409 with JSON through the API),
never a crash; visitors without an account need a valid, unexpired token
of the e-mail confirmation link (or are refused altogether when the portal
asks for an account); submissions are rate limited per e-mail address and
per IP address. A refused submission leaves nothing behind."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata.requests.logic.action import email_token
from ckanext.satudata.workflow.notify import _translations
from tests.conftest import act
from tests.requests.conftest import (
    REQUEST,
    REQUESTER,
    assigned_request,
    file_complaint,
    file_request,
    requests_on,
)

pytestmark = requests_on

HTML = "HTML and markup are not allowed here"
MISSING = "Missing value"
CONFIRM = ("Please confirm this e-mail address first: ask for the "
           "confirmation link and open it")
TOO_MANY = ("Too many submissions from you in a short time. Please try "
            "again later.")
API = "/api/3/action/"


def errors_of(call: Any, *args: Any, **data: Any) -> dict[str, list[str]]:
    with pytest.raises(tk.ValidationError) as err:
        call(*args, **data)
    return err.value.error_dict


def cases_filed(people: dict, kind: str = "request") -> int:
    return act(f"satudata_{kind}_list", people["walidata"])["count"]


def test_missing_malformed_and_too_long(people):
    for field in ("name", "email", "institution", "title", "description",
                  "purpose"):
        for value in (None, "", "   "):
            data = dict(REQUESTER, **REQUEST)
            if value is None:
                del data[field]
            else:
                data[field] = value
            errors = errors_of(act, "satudata_request_create",
                               people["public"], **data)
            if field == "email" and value:
                assert errors[field] == [
                    "Please enter a valid e-mail address"]
            else:
                assert errors[field] == [MISSING], (field, value)
    errors = errors_of(act, "satudata_complaint_create", people["public"],
                       email=REQUESTER["email"])
    assert errors == {"category": [MISSING], "description": [MISSING]}
    # a complaint needs no name: an e-mail is enough
    assert file_complaint(name="")["number"].startswith("PG-")
    assert cases_filed(people) == 0

    # malformed values
    bad = {
        "email": ("budi(at)example.com",
                  "Please enter a valid e-mail address"),
        "phone": ("telepon saya 0812", "Please enter a valid phone number"),
        "organization": ("dinas-yang-tidak-ada", "No such organisation"),
        "website": ("http://spam.example.com",
                    "The form could not be accepted"),
    }
    for field, (value, message) in bad.items():
        errors = errors_of(file_request, people["public"], **{field: value})
        assert errors == {field: [message]}, field
    for value in ("a@b", "a b@example.com", "<a@example.com>",
                  "x" * 250 + "@example.com"):
        errors = errors_of(file_request, people["public"], email=value)
        assert errors["email"] == ["Please enter a valid e-mail address"]
    errors = errors_of(file_complaint, people["public"], category="spam")
    assert errors == {"category": ["Not a valid choice"]}
    errors = errors_of(file_complaint, people["public"],
                       dataset="tidak-ada")
    assert errors == {"dataset": ["No such dataset"]}
    assert cases_filed(people) == 0
    assert cases_filed(people, "complaint") == 1

    # lengths
    errors = errors_of(file_request, people["public"],
                       description="x" * 100_000, title="y" * 201)
    assert errors == {
        "description": ["Too long: 100000 characters, at most 5000"],
        "title": ["Too long: 201 characters, at most 200"]}
    number = assigned_request(people)
    errors = errors_of(act, "satudata_request_comment", people["walidata"],
                       id=number, body="z" * 5001)
    assert errors == {"body": ["Too long: 5001 characters, at most 5000"]}
    # at the limit it is fine
    assert file_request(people["public"], description="x" * 5000)["number"]
    assert cases_filed(people) == 2


def test_markup_is_refused_everywhere(people):
    hostile = ["<script>alert(1)</script>", "Data <b>tebal</b>",
               "<img src=x onerror=alert(1)>", "&lt;script&gt;",
               "</textarea><svg onload=alert(1)>", "<!-- komentar -->"]
    for value in hostile:
        for field in ("title", "description", "purpose", "name",
                      "institution", "region"):
            errors = errors_of(file_request, people["public"],
                               **{field: value})
            assert errors == {field: [HTML]}, (field, value)
        errors = errors_of(file_complaint, people["public"],
                           description=value)
        assert errors == {"description": [HTML]}
    number = assigned_request(people)
    for value in hostile[:2]:
        errors = errors_of(act, "satudata_request_comment", None,
                           id=number, email=REQUESTER["email"], body=value)
        assert errors == {"body": [HTML]}
        errors = errors_of(act, "satudata_request_fulfil",
                           people["walidata"], id=number, note=value)
        assert errors == {"note": [HTML]}
    # comparisons and e-mail-like text are not markup
    fine = file_request(people["public"],
                        description="Angka < 5 dan > 3 untuk a@b.id")
    assert fine["description"] == "Angka < 5 dan > 3 untuk a@b.id"
    assert cases_filed(people) == 2


def test_visitors_need_the_token_of_their_address(people, freezer):
    freezer.move_to("2026-11-02T03:00:00Z")
    data = dict(REQUESTER, **REQUEST)
    for token in (None, "", "bukan-token", email_token("lain@example.com"),
                  email_token(REQUESTER["email"]) + "x"):
        errors = errors_of(act, "satudata_request_create", None,
                           **dict(data, email_token=token))
        assert errors == {"email": [CONFIRM]}, token
    token = email_token(" BUDI@example.com ")
    freezer.move_to("2026-11-04T02:59:00Z")  # 47:59 later
    got = act("satudata_request_create", None,
              **dict(data, email_token=token))
    assert got["email"] == REQUESTER["email"]
    freezer.move_to("2026-11-04T03:01:00Z")  # 48:01 later: expired
    errors = errors_of(act, "satudata_request_create", None,
                       **dict(data, email_token=token))
    assert errors == {"email": [CONFIRM]}
    errors = errors_of(act, "satudata_complaint_create", None,
                       email=REQUESTER["email"], email_token=token,
                       category="layanan", description="Lambat")
    assert errors == {"email": [CONFIRM]}
    assert cases_filed(people) == 1


@pytest.mark.ckan_config("ckanext.satudata.requests.allow_anonymous",
                         "false")
def test_an_account_may_be_required(people):
    for action, data in (
            ("satudata_request_create", dict(REQUESTER, **REQUEST)),
            ("satudata_complaint_create", dict(
                REQUESTER, category="layanan", description="Lambat")),
            ("satudata_request_email_link", {"email": "a@example.com"})):
        with pytest.raises(tk.NotAuthorized):
            act(action, None, email_token=email_token(REQUESTER["email"]),
                **data)
    assert cases_filed(people) == 0
    assert file_request(people["public"])["number"].startswith("PD-")
    assert cases_filed(people) == 1


def _rate_limit_per_email(people: dict) -> None:
    file_request()
    file_request(people["public"], title="Permintaan kedua")
    errors = errors_of(file_request, people["public"],
                       title="Permintaan ketiga")
    assert errors == {"rate_limit": [TOO_MANY]}
    # the e-mail link, the complaint and the requester's comment count
    # for the same address too
    for action, data in (
            ("satudata_request_email_link", {}),
            ("satudata_complaint_create",
             {"category": "layanan", "description": "Lambat"})):
        errors = errors_of(act, action, people["public"],
                           email=REQUESTER["email"], **data)
        assert errors == {"rate_limit": [TOO_MANY]}
    assert cases_filed(people) == 5
    # another address is counted apart
    other = file_request(email="siti@example.org")
    number = other["number"]
    act("satudata_request_comment", None, id=number,
        email="siti@example.org", body="Satu")
    errors = errors_of(act, "satudata_request_comment", None, id=number,
                       email="siti@example.org", body="Dua")
    assert errors == {"rate_limit": [TOO_MANY]}
    # handlers are not limited
    for body in ("Satu", "Dua", "Tiga"):
        act("satudata_request_comment", people["walidata"], id=number,
            body=body)


def post(app, action: str, data: dict[str, Any],
         user: dict | None = None) -> Any:
    headers = {"Authorization": user["token"]} if user else {}
    return app.post(API + action, json=data, headers=headers)


@pytest.mark.ckan_config("ckanext.satudata.requests.rate_limit", "2/3600")
def test_rate_limits_per_ip_and_per_email(app, people):
    for address in ("satu@example.com", "dua@example.com"):
        response = post(app, "satudata_request_create", dict(
            REQUESTER, **REQUEST, email=address,
            email_token=email_token(address)))
        assert response.status_code == 200, response.json
        assert response.json["result"]["email"] == address
    # a third address, from the same address of the client
    response = post(app, "satudata_request_create", dict(
        REQUESTER, **REQUEST, email="tiga@example.com",
        email_token=email_token("tiga@example.com")))
    assert response.status_code == 409
    assert response.json["success"] is False
    assert response.json["error"]["rate_limit"] == [TOO_MANY]
    # an account does not escape the count of its IP address
    response = post(app, "satudata_complaint_create", dict(
        REQUESTER, email="empat@example.com", category="layanan",
        description="Lambat"), user=people["public"])
    assert response.status_code == 409
    assert response.json["error"]["rate_limit"] == [TOO_MANY]
    # but the e-mail address alone is not what counts there: through the
    # actions (no IP), the third address files fine
    assert file_request(email="tiga@example.com")["number"]
    assert cases_filed(people) == 3
    _rate_limit_per_email(people)


def test_bad_input_through_the_api_is_a_409_never_a_500(app, people):
    number = assigned_request(people)
    token = email_token(REQUESTER["email"])
    base = dict(REQUESTER, **REQUEST, email_token=token)
    calls: list[tuple[str, dict[str, Any], dict | None, str]] = [
        ("satudata_request_create", {}, None, "email"),
        ("satudata_request_create", dict(base, email=["a@example.com"]),
         None, "email"),
        ("satudata_request_create", dict(base, organization={"id": 1}),
         None, "organization"),
        ("satudata_request_create", dict(base, description="<script>"),
         None, "description"),
        ("satudata_request_create", dict(base, phone="1" * 40), None,
         "phone"),
        ("satudata_complaint_create", dict(base, category=["data_salah"]),
         None, "category"),
        ("satudata_request_assign", {"id": number, "organizations": {}},
         people["walidata"], "organizations"),
        ("satudata_request_assign", {"id": number,
                                     "organizations": ["x" * 101]},
         people["walidata"], "organizations"),
        ("satudata_request_link", {"id": number, "datasets": 5},
         people["walidata"], "datasets"),
        ("satudata_request_confirm", {"id": number,
                                      "availability": "ya"},
         people["operator_a"], "availability"),
        ("satudata_request_list", {"limit": "banyak"}, None, "limit"),
        ("satudata_request_list", {"limit": 1001}, None, "limit"),
        ("satudata_request_list", {"offset": -1}, None, "offset"),
        ("satudata_request_list", {"state": "hilang"}, None, "state"),
        ("satudata_request_metrics", {"start": "2026-02-30"}, None,
         "start"),
        ("satudata_request_show", {"id": "x" * 101}, None, "id"),
        ("satudata_request_email_link", {"email": "bukan-email"}, None,
         "email"),
        ("satudata_request_email_link", {"email": "a@example.com",
                                         "kind": "lainnya"}, None, "kind"),
    ]
    for action, data, user, field in calls:
        response = post(app, action, data, user)
        assert response.status_code == 409, (action, data, response.json)
        assert response.json["success"] is False
        assert response.json["error"]["__type"] == "Validation Error"
        assert field in response.json["error"], (action, response.json)
    # not found and not allowed are 404 and 403, with JSON too
    response = post(app, "satudata_request_show", {"id": ["PD-1"]})
    assert response.status_code == 404
    response = post(app, "satudata_request_assign",
                    {"id": number, "organizations": ["opd-b"]},
                    people["public"])
    assert response.status_code == 403
    assert response.json["success"] is False
    # in the language of the page, through the catalogue
    response = app.post(f"/id{API}satudata_request_create",
                        json={"email": "bukan-email", "title": "<b>x</b>"})
    assert response.status_code == 409
    errors = response.json["error"]
    ours = _translations("id").gettext
    assert ours(MISSING) == "Wajib diisi"
    assert errors["name"] == errors["purpose"] == ["Wajib diisi"]
    assert errors["email"] == [ours("Please enter a valid e-mail address")]
    assert errors["title"] == [ours(HTML)]
    # a body that is not JSON
    response = app.post(API + "satudata_request_create", data="{bukan json",
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert cases_filed(people) == 1
