"""The "Tugas saya" list (``satudata_task_list``) and its page. What
waits for each role, oldest first, nothing of other OPDs; the SLA counted
in working days (weekends, Indonesian public holidays and the configured
cuti bersama skipped), checked exactly at its boundary with the clock
frozen; the page for each role and the count in the header."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from freezegun import freeze_time

from tests.conftest import act
from tests.workflow.conftest import (
    advance,
    new_draft,
    qa_with,
    workflow_on,
)

pytestmark = workflow_on

RETURN_NOTE = "Satuan belum sesuai standar"
REJECT_NOTE = "Akurasi perlu diperbaiki"


def at(stamp: str) -> Any:
    """The clock frozen at an ISO time (UTC unless it says otherwise)."""
    return freeze_time(stamp)


def draft_at(people: dict, stamp: str, name: str, org: str = "a") -> dict:
    with at(stamp):
        return new_draft(people, name=name, org=org, title=f"Data {name}")


def step_at(stamp: str, transition: str, user: dict, pkg: dict,
            **data: Any) -> None:
    defaults = {"submit": {"qc_statement": True},
                "verify": {"position": "Kepala Dinas"}}
    with at(stamp):
        act(f"satudata_dataset_{transition}", user, id=pkg["id"],
            **{**defaults.get(transition, {}), **data})


def world(people: dict) -> None:
    """Datasets of OPD A and OPD B in every state, their steps taken at
    known times in May 2025 (the order of the steps is not the order in
    which the datasets were made)."""
    op_a, ver_a = people["operator_a"], people["verifikator_a"]
    op_b, ver_b = people["operator_b"], people["verifikator_b"]
    walidata = people["walidata"]

    draft_at(people, "2025-05-05T01:00Z", "a-draf")
    returned = draft_at(people, "2025-05-05T01:10Z", "a-kembali")
    step_at("2025-05-05T02:00Z", "submit", op_a, returned)
    step_at("2025-05-07T02:00Z", "return", ver_a, returned,
            note=RETURN_NOTE)
    rejected = draft_at(people, "2025-05-05T01:20Z", "a-tolak")
    step_at("2025-05-05T02:10Z", "submit", op_a, rejected)
    step_at("2025-05-05T02:20Z", "verify", ver_a, rejected)
    step_at("2025-05-06T02:00Z", "reject", walidata, rejected,
            note=REJECT_NOTE, qa=qa_with(akurasi="fail"))
    later = draft_at(people, "2025-05-05T01:30Z", "a-ajuan-1")
    earlier = draft_at(people, "2025-05-05T01:40Z", "a-ajuan-2")
    step_at("2025-05-06T03:00Z", "submit", op_a, later)
    step_at("2025-05-05T03:00Z", "submit", op_a, earlier)
    verified = draft_at(people, "2025-05-05T01:50Z", "a-verif")
    step_at("2025-05-08T02:00Z", "submit", op_a, verified)
    step_at("2025-05-08T03:00Z", "verify", ver_a, verified)
    published = draft_at(people, "2025-05-05T01:55Z", "a-terbit")
    with at("2025-05-06T04:00Z"):
        advance(people, published, "published")

    draft_at(people, "2025-05-05T01:00Z", "b-draf", org="b")
    submitted_b = draft_at(people, "2025-05-05T01:10Z", "b-ajuan", org="b")
    step_at("2025-05-07T02:00Z", "submit", op_b, submitted_b)
    verified_b = draft_at(people, "2025-05-05T01:20Z", "b-verif", org="b")
    step_at("2025-05-06T02:00Z", "submit", op_b, verified_b)
    step_at("2025-05-07T03:00Z", "verify", ver_b, verified_b)


def tasks(user: dict | None, **data: Any) -> list[tuple]:
    result = act("satudata_task_list", user, **data)
    assert result["count"] == len(result["items"])
    return [(i["name"], i["task"], i["role"], i["note"])
            for i in result["items"]]


# -- what waits for whom -------------------------------------------------

OPERATOR_A = [
    ("a-tolak", "fix", "operator", REJECT_NOTE),
    ("a-kembali", "fix", "operator", RETURN_NOTE),
    ("a-draf", "submit", "operator", None),
]
VERIFIKATOR_A = [
    ("a-ajuan-2", "verify", "verifikator", None),
    ("a-ajuan-1", "verify", "verifikator", None),
]
WALIDATA = [
    ("b-verif", "publish", "walidata", None),
    ("a-verif", "publish", "walidata", None),
]


def test_each_role_sees_what_waits_for_it_oldest_first(people):
    world(people)
    assert tasks(people["operator_a"]) == OPERATOR_A
    assert tasks(people["operator_b"]) == [
        ("b-draf", "submit", "operator", None)]
    # an OPD admin is its verifikator and an operator too: the decisions
    # waiting, oldest first, then the drafts to complete
    assert tasks(people["verifikator_a"]) == [
        ("a-ajuan-2", "verify", "verifikator", None),
        ("a-tolak", "fix", "operator", REJECT_NOTE),
        ("a-ajuan-1", "verify", "verifikator", None),
        ("a-kembali", "fix", "operator", RETURN_NOTE),
        ("a-draf", "submit", "operator", None),
    ]
    assert tasks(people["verifikator_a"], role="verifikator") == (
        VERIFIKATOR_A)
    assert tasks(people["verifikator_a"], role="operator") == OPERATOR_A
    assert tasks(people["verifikator_a"], role="walidata") == []
    assert tasks(people["verifikator_b"], role="verifikator") == [
        ("b-ajuan", "verify", "verifikator", None)]
    for who in ("walidata", "walidata_head", "sysadmin"):
        assert tasks(people[who]) == WALIDATA, who
    for who in ("pembina", "public"):
        assert tasks(people[who]) == [], who


def test_the_fields_of_a_task(people):
    world(people)
    items = {i["name"]: i for i in act("satudata_task_list",
                                       people["verifikator_a"])["items"]}
    draft, waiting = items["a-draf"], items["a-ajuan-2"]
    assert waiting["organization"] == "opd-a"
    assert waiting["organization_title"] == "OPD A"
    assert waiting["title"] == "Data a-ajuan-2"
    assert waiting["state"] == "submitted"
    assert waiting["since"] == "2025-05-05T03:00:00+00:00"
    assert waiting["task_label"] == "Verify or return"
    # SLA 5 working days from Monday 5 May 2025: Vesak (12 May) skipped
    assert waiting["due"] == "2025-05-13"
    assert waiting["overdue"] is True  # read today, long after
    assert items["a-kembali"]["task_label"] == "Fix and resubmit"
    # an operator's task has no deadline
    assert (draft["due"], draft["overdue"]) == (None, False)
    assert draft["task_label"] == "Complete and submit"


def test_other_opds_and_anonymous_see_nothing(people, app):
    world(people)
    names = {i[0] for i in tasks(people["operator_b"])} | {
        i[0] for i in tasks(people["verifikator_b"])}
    assert not any(name.startswith("a-") for name in names)
    with pytest.raises(tk.NotAuthorized):
        act("satudata_task_list", None)
    app.get("/api/3/action/satudata_task_list", status=403)
    got = app.get("/api/3/action/satudata_task_list",
                  headers={"Authorization": people["operator_b"]["token"]},
                  status=200).json["result"]
    assert [i["name"] for i in got["items"]] == ["b-draf"]
    with pytest.raises(tk.ValidationError):
        act("satudata_task_list", people["operator_a"], role="pembina")


def test_a_private_dataset_from_before_the_workflow_is_a_draft(people):
    """Datasets made before the plugin was switched on have no state row:
    a private one is a draft of its OPD, a public one is published."""
    old = new_draft(people, name="lama", title="Data Lama")
    public = new_draft(people, name="lama-terbuka")
    advance(people, public, "published")
    ids = {"a": old["id"], "b": public["id"]}
    model.Session.execute(sa.text(
        "DELETE FROM satudata_workflow_state WHERE package_id IN (:a, :b)"),
        ids)
    # CKAN keeps metadata_created as naive UTC
    model.Session.execute(sa.text(
        "UPDATE package SET metadata_created = '2025-05-05 01:00' "
        "WHERE id IN (:a, :b)"), ids)
    model.Session.commit()
    fresh = draft_at(people, "2025-05-06T01:00Z", "baru")
    items = act("satudata_task_list", people["operator_a"])["items"]
    assert [(i["name"], i["state"], i["task"], i["since"])
            for i in items] == [
        ("lama", "draft", "submit", "2025-05-05T01:00:00+00:00"),
        (fresh["name"], "draft", "submit", "2025-05-06T01:00:00+00:00"),
    ]
    assert tasks(people["operator_b"]) == []


def test_order_and_times_do_not_depend_on_the_database_zone(people):
    """Submitted half an hour apart on the night daylight saving time
    ends in Berlin: a database session in that zone gives 02:30+02:00,
    then 02:10+01:00; the list still goes by the moment, in UTC."""
    first = draft_at(people, "2025-10-25T12:00Z", "dst-1")
    second = draft_at(people, "2025-10-25T12:00Z", "dst-2")
    step_at("2025-10-26T00:30Z", "submit", people["operator_a"], first)
    step_at("2025-10-26T01:10Z", "submit", people["operator_a"], second)
    # undone by the rollback (SET is transactional)
    model.Session.execute(sa.text("SET TIME ZONE 'Europe/Berlin'"))
    try:
        items = act("satudata_task_list", people["verifikator_a"])["items"]
    finally:
        model.Session.rollback()
    assert [(i["name"], i["since"]) for i in items
            if i["task"] == "verify"] == [
        ("dst-1", "2025-10-26T00:30:00+00:00"),
        ("dst-2", "2025-10-26T01:10:00+00:00"),
    ]


# -- the SLA in working days -----------------------------------------------

#: 13 May 2025 (after Vesak) and 30 May 2025 (after Ascension Day) were
#: cuti bersama
CUTI = ["2025-05-13", "2025-05-30"]


def _task(user: dict, name: str, when: str) -> dict:
    with at(when):
        items = act("satudata_task_list", user)["items"]
    found = [i for i in items if i["name"] == name]
    assert len(found) == 1, items
    return found[0]


@pytest.mark.ckan_config("ckanext.satudata.cuti_bersama", CUTI)
@pytest.mark.parametrize("zone, submitted, readings", [
    # submitted on Friday 9 May 2025; Monday 12 is Vesak, Tuesday 13 cuti
    # bersama: 5 working days are 14, 15, 16, 19 and 20 May
    ("UTC", "2025-05-09T03:00Z", [
        ("2025-05-09T23:59Z", 0, False),
        ("2025-05-12T12:00Z", 0, False),
        ("2025-05-13T12:00Z", 0, False),
        ("2025-05-19T23:59Z", 4, False),
        ("2025-05-20T00:00Z", 5, False),
        ("2025-05-20T23:59Z", 5, False),
        ("2025-05-21T00:00Z", 6, True),
    ]),
    # the days are the portal's (display time zone): 18:00 UTC on Thursday
    # is 01:00 on Friday in Jakarta, and a day ends at 17:00 UTC
    ("Asia/Jakarta", "2025-05-08T18:00Z", [
        ("2025-05-19T16:59Z", 4, False),
        ("2025-05-20T16:59Z", 5, False),
        ("2025-05-20T17:00Z", 6, True),
    ]),
])
def test_verification_sla_counts_working_days(people, ckan_config, zone,
                                              submitted, readings):
    ckan_config["ckan.display_timezone"] = zone
    pkg = draft_at(people, "2025-05-08T01:00Z", "sla")
    step_at(submitted, "submit", people["operator_a"], pkg)
    for when, working_days, overdue in readings:
        task = _task(people["verifikator_a"], "sla", when)
        assert (task["due"], task["working_days"], task["overdue"]) == (
            "2025-05-20", working_days, overdue), when


def test_without_cuti_bersama_the_deadline_is_a_day_earlier(people):
    pkg = draft_at(people, "2025-05-08T01:00Z", "sla")
    step_at("2025-05-09T03:00Z", "submit", people["operator_a"], pkg)
    task = _task(people["verifikator_a"], "sla", "2025-05-20T12:00Z")
    assert (task["due"], task["working_days"], task["overdue"]) == (
        "2025-05-19", 6, True)
    assert task["age_days"] == 11


@pytest.mark.ckan_config("ckanext.satudata.cuti_bersama", CUTI)
def test_publication_sla_counts_working_days(people):
    """Verified on Wednesday 28 May 2025: Ascension Day (29), cuti bersama
    (30) and the weekend pass, so 3 working days are 2, 3 and 4 June;
    Idul Adha (6 June) does not count either."""
    pkg = draft_at(people, "2025-05-27T01:00Z", "sla-terbit")
    step_at("2025-05-27T02:00Z", "submit", people["operator_a"], pkg)
    step_at("2025-05-28T03:00Z", "verify", people["verifikator_a"], pkg)
    for when, working_days, overdue in [
            ("2025-06-02T12:00Z", 1, False),
            ("2025-06-03T12:00Z", 2, False),
            ("2025-06-04T23:59Z", 3, False),
            ("2025-06-05T00:00Z", 4, True),
            ("2025-06-06T12:00Z", 4, True),
            ("2025-06-09T12:00Z", 5, True)]:
        task = _task(people["walidata"], "sla-terbit", when)
        assert task["task"] == "publish"
        assert (task["due"], task["working_days"], task["overdue"]) == (
            "2025-06-04", working_days, overdue), when


@pytest.mark.ckan_config("ckanext.satudata.workflow.sla_verification_days",
                         2)
@pytest.mark.ckan_config("ckanext.satudata.workflow.sla_publication_days",
                         1)
def test_the_sla_days_are_configured(people):
    pkg = draft_at(people, "2025-05-08T01:00Z", "sla")
    step_at("2025-05-09T03:00Z", "submit", people["operator_a"], pkg)
    task = _task(people["verifikator_a"], "sla", "2025-05-14T12:00Z")
    assert (task["due"], task["overdue"]) == ("2025-05-14", False)
    step_at("2025-05-15T03:00Z", "verify", people["verifikator_a"], pkg)
    task = _task(people["walidata"], "sla", "2025-05-16T12:00Z")
    assert (task["due"], task["overdue"]) == ("2025-05-16", False)
    task = _task(people["walidata"], "sla", "2025-05-19T00:00Z")
    assert (task["due"], task["overdue"]) == ("2025-05-16", True)


def test_a_new_step_restarts_the_clock(people):
    """Returned, fixed and submitted again: the verifikator's deadline
    counts from the new submission."""
    pkg = draft_at(people, "2025-05-08T01:00Z", "ulang")
    step_at("2025-05-09T03:00Z", "submit", people["operator_a"], pkg)
    step_at("2025-05-19T03:00Z", "return", people["verifikator_a"], pkg,
            note=RETURN_NOTE)
    step_at("2025-05-20T03:00Z", "submit", people["operator_a"], pkg)
    task = _task(people["verifikator_a"], "ulang", "2025-05-21T12:00Z")
    assert (task["since"], task["due"], task["working_days"],
            task["overdue"]) == ("2025-05-20T03:00:00+00:00", "2025-05-27",
                                 1, False)
    assert task["note"] is None


# -- the page ----------------------------------------------------------------

def _page(app: Any, user: dict) -> BeautifulSoup:
    response = app.get("/satudata/tugas",
                       headers={"Authorization": user["token"]}, status=200)
    return BeautifulSoup(response.body, "html.parser")


def _rows(page: BeautifulSoup) -> dict[str, Any]:
    return {row["data-dataset"]: row
            for row in page.select("tr.satudata-task")}


def test_the_page_for_each_role(people, app):
    world(people)
    # a submission of today is not overdue
    fresh = new_draft(people, name="a-ajuan-kini", title="Data Kini")
    act("satudata_dataset_submit", people["operator_a"], id=fresh["id"],
        qc_statement=True)

    rows = _rows(_page(app, people["operator_a"]))
    assert list(rows) == ["a-tolak", "a-kembali", "a-draf"]
    assert RETURN_NOTE in rows["a-kembali"].select_one(".satudata-note").text
    assert RETURN_NOTE in rows["a-kembali"].text
    assert REJECT_NOTE in rows["a-tolak"].text
    assert not any("satudata-overdue" in r["class"] for r in rows.values())

    page = _page(app, people["verifikator_a"])
    rows = _rows(page)
    assert list(rows) == ["a-ajuan-2", "a-tolak", "a-ajuan-1", "a-kembali",
                          "a-ajuan-kini", "a-draf"]
    for name in ("a-ajuan-2", "a-ajuan-1"):
        assert "satudata-overdue" in rows[name]["class"], name
        assert rows[name].select_one(".badge.bg-danger").text == "Overdue"
    assert "satudata-overdue" not in rows["a-ajuan-kini"]["class"]
    assert rows["a-ajuan-kini"].select_one(".badge.bg-danger") is None
    assert rows["a-ajuan-kini"].select_one(
        ".satudata-working-days").text == "0"
    # the header counts what waits for a decision or a fix, not the drafts
    badge = page.select_one(".satudata-tasks-link .satudata-task-count")
    assert badge is not None and badge.text == "5"

    page = _page(app, people["walidata"])
    rows = _rows(page)
    assert list(rows) == ["b-verif", "a-verif"]
    picks = [i["value"] for i in page.select(
        "form.satudata-bulk input[name=ids]")]
    assert len(picks) == 2
    assert page.select_one(".satudata-task-count").text == "2"

    page = _page(app, people["operator_b"])
    assert list(_rows(page)) == ["b-draf"]
    # drafts to complete are not counted in the header
    assert page.select_one(".satudata-task-count") is None
    assert page.select_one(".satudata-tasks-link") is not None

    page = _page(app, people["pembina"])
    assert _rows(page) == {}
    assert page.select_one(".satudata-tasks .empty") is not None


def test_anonymous_is_sent_to_log_in(app):
    response = app.get("/satudata/tugas", follow_redirects=False)
    assert response.status_code == 302
    assert "/user/login" in response.headers["Location"]
    assert "came_from=" in response.headers["Location"]


def test_the_header_count_in_the_helper(people, app):
    world(people)
    with app.flask_app.test_request_context(
            headers={"Authorization": people["walidata"]["token"]}):
        app.flask_app.preprocess_request()
        assert tk.h.satudata_task_count() == 2
    with app.flask_app.test_request_context():
        app.flask_app.preprocess_request()
        assert tk.h.satudata_task_count() == 0

