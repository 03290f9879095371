"""The leak walk of requests and complaints: the requester's name,
e-mail, phone and institution (and, for an account, its name) reach only
the walidata, the OPDs a case is assigned to (never a confidential
reporter's identity) and the requester; a linked dataset that is not
published stays unknown to whoever may not read it. Every read path is
walked for every viewer and searched as text; each walk fails once, with
all it found.

Then the retention: ``erase-personal`` removes the personal data of cases
closed long ago, and the case stays in the public register."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ckanext.satudata.requests import cli
from tests.conftest import act
from tests.requests.conftest import (
    REQUESTER,
    file_complaint,
    file_request,
    requests_on,
    track,
)
from tests.workflow.conftest import dataset_in, new_draft

pytestmark = requests_on

#: the visitor who files the request (tests.requests.conftest.REQUESTER,
#: under a name of his own: REQUESTER's is the datasets' contact too)
BUDI = dict(REQUESTER, name="Budiman Hartawan")
#: an account holder who reports, confidentially, exposed personal data
SITI = {"name": "Siti Rahmawati", "email": "siti.rahma@example.org",
        "phone": "0813-1111-2222", "institution": "LSM Transparansi"}
SITI_USER = "siti_pelapor"
#: a visitor who reports a broken link, not confidentially
AGUS = {"name": "Agus Prasetyo", "email": "agus.p@example.net",
        "phone": "0857-9999-0000", "institution": "Koran Lokal"}

#: what the OPD writes in the internal note
INTERNAL = "Catatan internal rahasiaopd"
#: the draft linked to the request
DRAFT = "draf-tertaut"
DRAFT_TITLE = "Draf Tertaut Rahasiadraf"

OUTSIDERS = ("anonymous", "public", "operator_b", "verifikator_b",
             "pembina")


def marks(person: dict[str, str]) -> list[str]:
    found = list(person.values())
    if person is SITI:
        found.append(SITI_USER)
    return found


class World:
    """A request by Budi (a visitor) assigned to OPD A with a draft of
    OPD A linked and a thread with an internal note; Siti's confidential
    complaint and Agus's open one, both verified and assigned to OPD A."""

    def __init__(self, people: dict) -> None:
        self.people = people
        self.siti = factories.UserWithToken(name=SITI_USER,
                                            fullname=SITI["name"],
                                            email=SITI["email"])
        self.published = dataset_in(people, "published", "data-terbit")
        self.draft = new_draft(people, name=DRAFT, title=DRAFT_TITLE)
        walidata = people["walidata"]

        self.request = file_request(**BUDI)["number"]
        act("satudata_request_assign", walidata, id=self.request,
            organizations=["opd-a"])
        act("satudata_request_link", people["operator_a"], id=self.request,
            datasets=[DRAFT])
        act("satudata_request_comment", None, id=self.request,
            email=BUDI["email"], body="Mohon dikirim dalam CSV")
        act("satudata_request_comment", people["operator_a"],
            id=self.request, body=INTERNAL, internal=True)

        self.confidential = file_complaint(
            self.siti, category="data_pribadi", confidential=True,
            dataset="data-terbit",
            description="Lampiran memuat NIK warga", **SITI)["number"]
        self.open = file_complaint(category="tautan_rusak",
                                   dataset="data-terbit", **AGUS)["number"]
        for number in (self.confidential, self.open):
            act("satudata_complaint_verify", walidata, id=number)
            act("satudata_complaint_assign", walidata, id=number,
                organizations=["opd-a"])
            act("satudata_complaint_comment", self.siti
                if number == self.confidential else None, id=number,
                email=SITI["email"] if number == self.confidential
                else AGUS["email"], body="Mohon segera ditindaklanjuti")

    def user(self, viewer: str) -> Any:
        return None if viewer == "anonymous" else self.people[viewer]

    def headers(self, viewer: str) -> dict[str, str]:
        user = self.user(viewer)
        return {"Authorization": user["token"]} if user else {}


@pytest.fixture
def world(people) -> World:
    return World(people)


class Walk:
    def __init__(self) -> None:
        self.findings: list[str] = []

    def check(self, ok: bool, viewer: str, path: str, what: str) -> None:
        if not ok:
            self.findings.append(f"{viewer:<14} {path}: {what}")

    def hidden(self, text: str, words: list[str], viewer: str,
               path: str) -> None:
        found = [w for w in words if w.lower() in text.lower()]
        self.check(not found, viewer, path, f"LEAK {found}")

    def shown(self, text: str, words: list[str], viewer: str,
              path: str) -> None:
        missing = [w for w in words if w not in text]
        self.check(not missing, viewer, path, f"missing {missing}")

    def done(self) -> None:
        assert not self.findings, (
            f"{len(self.findings)} finding(s):\n" + "\n".join(self.findings))


def dump(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def call(action: str, user: Any, **data: Any) -> tuple[str, Any]:
    try:
        return "ok", act(action, user, **data)
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError) as err:
        return type(err).__name__, str(err)


EVERYONE = marks(BUDI) + marks(SITI) + marks(AGUS)
DRAFT_MARKS = [DRAFT, DRAFT_TITLE]


def test_show_and_list_paths(world):
    """satudata_request_* and satudata_complaint_* (show, list, metrics)
    for each viewer; tracking by e-mail; the confidential reporter."""
    walk = Walk()
    draft_id = world.draft["id"]
    for viewer in OUTSIDERS + ("operator_a", "walidata"):
        user = world.user(viewer)
        # what the viewer may know of each case's people
        if viewer == "walidata":
            hidden: list[str] = []
        elif viewer == "operator_a":
            hidden = marks(SITI)
        else:
            hidden = EVERYONE
        secret = hidden + ([] if viewer in ("operator_a", "walidata")
                           else DRAFT_MARKS + [draft_id, INTERNAL])
        paths = [
            ("satudata_request_show", {"id": world.request}),
            ("satudata_request_list", {}),
            ("satudata_request_list", {"register": True}),
            ("satudata_request_list", {"q": "Budiman"}),
            ("satudata_request_metrics", {}),
            ("satudata_complaint_show", {"id": world.confidential}),
            ("satudata_complaint_show", {"id": world.open}),
            ("satudata_complaint_list", {}),
            ("satudata_complaint_list", {"state": "ditindaklanjuti"}),
            ("satudata_complaint_metrics", {}),
        ]
        for action, data in paths:
            path = f"{action}({data})"
            outcome, result = call(action, user, **data)
            walk.check(outcome == "ok", viewer, path, outcome)
            text = dump(result)
            walk.hidden(text, secret, viewer, path)
            if data.get("register"):
                walk.hidden(text, EVERYONE, viewer, path)
        # the positive controls: who must see them does
        request = dump(act("satudata_request_show", user, id=world.request))
        confidential = dump(act("satudata_complaint_show", user,
                                id=world.confidential))
        opened = dump(act("satudata_complaint_show", user, id=world.open))
        listed = dump(act("satudata_complaint_list", user))
        if viewer in ("operator_a", "walidata"):
            walk.shown(request, marks(BUDI) + [DRAFT_TITLE, INTERNAL],
                       viewer, "request_show")
            walk.shown(opened, marks(AGUS), viewer, "complaint_show")
            walk.shown(listed, marks(AGUS), viewer, "complaint_list")
        if viewer == "walidata":
            walk.shown(confidential, list(SITI.values()), viewer,
                       "complaint_show (confidential)")
            walk.shown(listed, list(SITI.values()), viewer,
                       "complaint_list")
        if viewer in OUTSIDERS:
            # the register row is there, without the people
            walk.shown(request, [world.request, "diproses", "OPD A"],
                       viewer, "request_show")
    walk.done()
    _tracking(world)
    _confidential(world)


def _tracking(world: World) -> None:
    """The requester tracks with the right e-mail only."""
    mine = track(world.request)
    assert (mine["name"], mine["email"], mine["phone"],
            mine["institution"]) == (BUDI["name"], BUDI["email"],
                                     BUDI["phone"], BUDI["institution"])
    text = dump(mine)
    assert INTERNAL not in text
    assert DRAFT_TITLE not in text and world.draft["id"] not in text
    assert [c["body"] for c in mine["comments"]] == [
        "Mohon dikirim dalam CSV"]
    for wrong in ("orang.lain@example.com", AGUS["email"],
                  BUDI["email"] + ".id"):
        with pytest.raises(tk.NotAuthorized):
            track(world.request, wrong)
    # a complaint's number is no request's number
    with pytest.raises(tk.ObjectNotFound):
        track(world.open, AGUS["email"])
    got = act("satudata_complaint_show", None, id=world.open,
              email=AGUS["email"])
    assert got["email"] == AGUS["email"]
    with pytest.raises(tk.NotAuthorized):
        act("satudata_complaint_show", None, id=world.confidential,
            email=AGUS["email"])
    # Siti, logged in, reads her own report without giving the e-mail
    got = act("satudata_complaint_show", world.siti, id=world.confidential)
    assert got["name"] == SITI["name"] and got["confidential"] is True


def _confidential(world: World) -> None:
    """The assigned OPD handles Siti's complaint without learning who she
    is: not from the contact, nor the history, nor the comments."""
    got = act("satudata_complaint_show", world.people["operator_a"],
              id=world.confidential)
    assert got["description"] == "Lampiran memuat NIK warga"
    assert "name" not in got and "email" not in got
    authors = {c["author"] for c in got["comments"]}
    assert authors == {"Requester"}
    assert all(e["actor"] is None for e in got["history"]
               if e["role"] == "pemohon")
    staff = act("satudata_complaint_show", world.people["walidata"],
                id=world.confidential)
    assert staff["history"][0]["actor"] == SITI["name"]


def test_activity_streams_search_and_the_api(app, world):
    """CKAN's own read paths: the cases leave nothing of their people in
    activities or the search index; and the actions over HTTP."""
    walk = Walk()
    pkg = world.published["name"]
    for viewer in OUTSIDERS + ("operator_a", "walidata"):
        user = world.user(viewer)
        paths: list[tuple[str, dict]] = [
            ("package_activity_list", {"id": pkg}),
            ("organization_activity_list", {"id": "opd-a"}),
            ("recently_changed_packages_activity_list", {}),
            ("user_activity_list", {"id": world.people["walidata"]["name"]}),
            ("user_activity_list",
             {"id": world.people["operator_a"]["name"]}),
            ("package_search", {"q": "Budiman", "include_private": True}),
            ("package_search", {"q": "siti.rahma", "include_private": True}),
            ("package_search", {"q": "Transparansi",
                                "include_private": True}),
            ("package_show", {"id": pkg}),
        ]
        if user is not None:
            paths.append(("dashboard_activity_list", {}))
        for action, data in paths:
            path = f"{action}({data})"
            outcome, result = call(action, user, **data)
            walk.check(outcome == "ok", viewer, path, outcome)
            walk.hidden(dump(result), EVERYONE, viewer, path)
            if action == "package_search":
                walk.check(result["count"] == 0, viewer, path,
                           f"found {result['count']}")
    _over_http(app, world, walk)
    walk.done()


def _over_http(app, world: World, walk: Walk) -> None:
    """The action API as GET requests, with and without a token."""
    base = "/api/3/action/"
    for viewer in OUTSIDERS:
        for url in ("satudata_request_list",
                    "satudata_request_list?register=true",
                    f"satudata_request_show?id={world.request}",
                    f"satudata_request_show?id={world.request.lower()}",
                    "satudata_complaint_list",
                    f"satudata_complaint_show?id={world.confidential}",
                    f"satudata_complaint_show?id={world.open}",
                    "satudata_request_metrics",
                    f"package_activity_list?id={world.published['name']}"):
            response = app.get(base + url, headers=world.headers(viewer))
            body = response.get_data(as_text=True)
            walk.check(response.status_code == 200, viewer, url,
                       f"status {response.status_code}")
            walk.hidden(body, EVERYONE + DRAFT_MARKS + [INTERNAL], viewer,
                        url)
    # the pages of the public register and of each case
    for viewer in OUTSIDERS + ("operator_a",):
        hidden = marks(SITI) if viewer == "operator_a" else (
            EVERYONE + DRAFT_MARKS + [INTERNAL])
        for url in ("/permintaan-data", f"/permintaan-data/{world.request}",
                    "/pengaduan", f"/pengaduan/{world.confidential}",
                    f"/pengaduan/{world.open}"):
            response = app.get(url, headers=world.headers(viewer))
            body = response.get_data(as_text=True)
            walk.check(response.status_code == 200, viewer, url,
                       f"status {response.status_code}")
            walk.hidden(body, hidden, viewer, url)
            if url.endswith(world.request) and viewer in OUTSIDERS:
                walk.shown(body, [world.request], viewer, url)
    # tracking with the wrong e-mail: 403, and nothing of the case
    response = app.get(
        f"{base}satudata_request_show?id={world.request}"
        "&email=orang.lain@example.com")
    assert response.status_code == 403
    assert response.json["success"] is False
    walk.hidden(response.get_data(as_text=True), EVERYONE, "anonymous",
                "satudata_request_show (wrong e-mail)")
    # and with the right one, the requester's data
    response = app.get(
        f"{base}satudata_request_show?id={world.request}"
        f"&email={BUDI['email']}")
    assert response.json["result"]["phone"] == BUDI["phone"]


# -- retention ---------------------------------------------------------------

def test_erase_personal_after_the_retention_period(people, freezer):
    freezer.move_to("2024-03-04T03:00:00Z")
    siti = factories.UserWithToken(name=SITI_USER, fullname=SITI["name"],
                                   email=SITI["email"])
    old = file_request(**BUDI)["number"]
    old_complaint = file_complaint(siti, **SITI)["number"]
    act("satudata_request_assign", people["walidata"], id=old,
        organizations=["opd-a"])
    act("satudata_request_comment", None, id=old, email=BUDI["email"],
        body="Terima kasih")
    act("satudata_request_fulfil", people["walidata"], id=old,
        note="Terkirim")
    act("satudata_complaint_refuse", people["walidata"], id=old_complaint,
        note="Bukan kewenangan portal")
    still_open = file_request(**AGUS)["number"]

    freezer.move_to("2025-11-03T03:00:00Z")
    recent = file_request(email="baru@example.com")["number"]
    act("satudata_request_refuse", people["walidata"], id=recent,
        ground="duplikat")

    # 730 days after the close: not yet
    freezer.move_to("2026-03-04T02:00:00Z")
    assert cli.erase_personal() == 0
    freezer.move_to("2026-03-05T03:00:00Z")
    assert cli.erase_personal() == 2
    assert cli.erase_personal() == 0  # once

    for number, kind in ((old, "request"), (old_complaint, "complaint")):
        staff = act(f"satudata_{kind}_show", people["walidata"], id=number)
        assert staff["personal_erased"] is True
        text = dump(staff)
        for word in marks(BUDI) + marks(SITI):
            assert word.lower() not in text.lower(), (number, word)
        assert staff["history"][-1]["action"] == "erase"
        assert staff["history"][-1]["role"] == "sistem"
        # the requester is no longer known: nor by e-mail, nor by account
        with pytest.raises(tk.NotAuthorized):
            act(f"satudata_{kind}_show", None, id=number,
                email=BUDI["email"] if kind == "request" else SITI["email"])
        got = act(f"satudata_{kind}_show", siti, id=number)
        assert "comments" not in got
    staff = act("satudata_request_list", people["walidata"])
    rows = {r["number"]: r for r in staff["results"]}
    assert "email" not in rows[old]
    assert rows[still_open]["email"] == AGUS["email"]
    assert rows[recent]["email"] == "baru@example.com"
    # the case stays in the public register, as it was
    public = act("satudata_request_list", None)
    assert {r["number"]: r["state"] for r in public["results"]} == {
        old: "dipenuhi", still_open: "diterima", recent: "ditolak"}
    assert act("satudata_request_show", None, id=old)["outcome"] == (
        "Terkirim")


def test_the_answer_says_whom_it_is_for(people):
    number = file_request()["number"]
    readers = {
        "public": act("satudata_request_show", None, id=number),
        "requester": act("satudata_request_show", None, id=number,
                         email="BUDI@example.com"),
        "handler": act("satudata_request_show", people["walidata"],
                       id=number),
    }
    assert {k: v["reader"] for k, v in readers.items()} == {
        k: k for k in readers}
    assert "email" not in readers["public"]
