"""Each step of a data request, taken by each role through the actions as
a real user: allowed for the role the step needs (and the state it starts
from), refused with 403 (``NotAuthorized``) for any other role and with
409 (``ValidationError``) in a state the step does not start from. The
objection (keberatan) and the thread of comments, with the notes for
handlers only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata import config as sd_config
from ckanext.satudata import workdays
from tests.conftest import act
from tests.requests.conftest import (
    REQUESTER,
    assigned_request,
    file_request,
    requests_on,
    track,
)
from tests.workflow.conftest import dataset_in, new_draft

pytestmark = requests_on

D = dt.date


def user(people: dict, who: str) -> Any:
    return None if who == "anonymous" else people[who]


def show(people: dict, number: str, who: str = "walidata") -> dict:
    return act("satudata_request_show", user(people, who), id=number)


def refused(action: str, caller: Any, **data: Any) -> str:
    """The 403 of ``action``: its message."""
    with pytest.raises(tk.NotAuthorized) as err:
        act(action, caller, **data)
    return str(err.value)


def invalid(action: str, caller: Any, **data: Any) -> dict[str, Any]:
    """The 409 of ``action``: its errors."""
    with pytest.raises(tk.ValidationError) as err:
        act(action, caller, **data)
    return err.value.error_dict


WRONG_STATE = "This step is not possible in the current state"


def refused_to_all(people: dict, whom: tuple[str, ...], action: str,
                   **data: Any) -> None:
    """Each of ``whom`` gets the 403 of ``action``."""
    for who in whom:
        with pytest.raises(tk.NotAuthorized):
            act(action, user(people, who), **data)


def last(case: dict) -> dict:
    return case["history"][-1]


# -- assign ------------------------------------------------------------------

def test_walidata_assigns_to_opds(people):
    number = file_request()["number"]
    assert show(people, number)["state"] == "diterima"
    got = act("satudata_request_assign", people["walidata"], id=number,
              organizations=[people["org_a"]["name"],
                             people["org_b"]["id"]],
              note="Mohon dicek ketersediaannya")
    assert got["state"] == "diproses"
    assert [o["name"] for o in got["organizations"]] == ["opd-a", "opd-b"]
    step = last(got)
    assert (step["action"], step["from_state"], step["to_state"],
            step["role"]) == ("assign", "diterima", "diproses", "walidata")
    assert step["note"] == "Mohon dicek ketersediaannya"
    assert step["actor"] == (people["walidata"]["fullname"]
                             or people["walidata"]["name"])
    # the OPDs now handle it
    for who in ("operator_a", "verifikator_b"):
        mine = show(people, number, who)
        assert "comment" in mine["may"] and "link" in mine["may"]
        assert mine["email"] == REQUESTER["email"]
    # an OPD named twice (by name and by id), or again later: once
    number = file_request()["number"]
    got = act("satudata_request_assign", people["walidata"], id=number,
              organizations=["opd-a", people["org_a"]["id"]])
    assert [o["name"] for o in got["organizations"]] == ["opd-a"]
    got = act("satudata_request_assign", people["walidata"], id=number,
              organizations=["opd-a", "opd-b"])
    assert [o["name"] for o in got["organizations"]] == ["opd-a", "opd-b"]


def test_only_the_walidata_assigns(people):
    number = file_request()["number"]
    refused_to_all(people, ("operator_a", "verifikator_a", "public",
                            "pembina", "anonymous"),
                   "satudata_request_assign", id=number,
                   organizations=["opd-a"])
    assert show(people, number)["state"] == "diterima"
    assert show(people, number)["organizations"] == []
    # an assigned OPD does not pass it on either
    act("satudata_request_assign", people["walidata_head"], id=number,
        organizations=["opd-a"])
    refused_to_all(people, ("operator_a", "verifikator_a"),
                   "satudata_request_assign", id=number,
                   organizations=["opd-b"])
    assert [o["name"] for o in show(people, number)["organizations"]] == [
        "opd-a"]
    # the walidata names existing OPDs
    number = file_request()["number"]
    errors = invalid("satudata_request_assign", people["walidata"],
                     id=number)
    assert errors["organizations"] == ["Choose at least one OPD"]
    errors = invalid("satudata_request_assign", people["walidata"],
                     id=number, organizations=["opd-a", "tidak-ada"])
    assert errors["organizations"] == ["No such organisation"]
    assert show(people, number)["organizations"] == []
    assert show(people, number)["state"] == "diterima"


def test_assigning_more_opds_keeps_an_extended_deadline(people):
    number = assigned_request(people)
    act("satudata_request_extend", people["walidata"], id=number,
        note="Data masih direkap")
    due = show(people, number)["due"]
    got = act("satudata_request_assign", people["walidata"], id=number,
              organizations=["opd-b"])
    assert got["state"] == "diperpanjang"
    assert got["extended"] is True
    assert (last(got)["from_state"], last(got)["to_state"]) == (
        "diperpanjang", "diperpanjang")
    # nor does it open the door to a second extension
    errors = invalid("satudata_request_extend", people["operator_b"],
                     id=number, note="Kedua")
    assert set(errors) == {"state"}
    assert show(people, number)["due"] == due


def test_unknown_numbers_and_wrong_states(people):
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_request_assign", people["walidata"],
            id="PD-2026-999999", organizations=["opd-a"])
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_request_show", None, id="PD-2026-999999")
    with pytest.raises(tk.ObjectNotFound):  # a complaint's number
        act("satudata_request_show", None, id="PG-2026-000001")
    # not answered before it is assigned
    number = file_request()["number"]
    errors = invalid("satudata_request_fulfil", people["walidata"],
                     id=number, note="Langsung")
    assert errors["state"] == [WRONG_STATE]
    # once answered, no step more
    act("satudata_request_assign", people["walidata"], id=number,
        organizations=["opd-a"])
    act("satudata_request_fulfil", people["walidata"], id=number,
        note="Dikirim lewat e-mail")
    for action, data in (("assign", {"organizations": ["opd-b"]}),
                         ("refuse", {"ground": "duplikat"}),
                         ("fulfil", {"note": "Lagi"}),
                         ("extend", {"note": "Lagi"})):
        errors = invalid(f"satudata_request_{action}", people["walidata"],
                         id=number, **data)
        assert errors["state"] == [WRONG_STATE], action
    assert show(people, number)["state"] == "dipenuhi"


# -- confirm -----------------------------------------------------------------

def test_the_assigned_opd_confirms_availability(people):
    number = assigned_request(people)
    # no one but the assigned OPD answers for it
    refused_to_all(people, ("operator_b", "verifikator_b", "walidata",
                            "public", "anonymous"),
                   "satudata_request_confirm", id=number,
                   availability="tersedia")
    assert show(people, number)["organizations"][0]["availability"] is None
    act("satudata_request_assign", people["walidata"], id=number,
        organizations=["opd-b"])
    got = act("satudata_request_confirm", people["operator_a"], id=number,
              availability="sebagian", note="Hanya tahun 2025")
    orgs = {o["name"]: o for o in got["organizations"]}
    assert orgs["opd-a"]["availability"] == "sebagian"
    assert orgs["opd-a"]["note"] == "Hanya tahun 2025"
    assert orgs["opd-a"]["confirmed"]
    assert orgs["opd-b"]["availability"] is None
    assert got["state"] == "diproses"  # confirming is not answering
    assert last(got)["action"] == "confirm"
    assert last(got)["data"]["availability"] == "sebagian"
    # the public sees the availability, not the OPD's note
    public = show(people, number, "anonymous")
    assert {o["name"]: o["availability"]
            for o in public["organizations"]} == {
        "opd-a": "sebagian", "opd-b": None}
    assert "Hanya tahun 2025" not in json.dumps(public)
    errors = invalid("satudata_request_confirm", people["operator_a"],
                     id=number)
    assert "availability" in errors
    errors = invalid("satudata_request_confirm", people["operator_a"],
                     id=number, availability="mungkin")
    assert errors["availability"] == ["Not a valid choice"]
    # OPD B answers for itself
    got = act("satudata_request_confirm", people["verifikator_b"],
              id=number, availability="tidak_dikuasai")
    assert {o["name"]: o["availability"] for o in got["organizations"]} == {
        "opd-a": "sebagian", "opd-b": "tidak_dikuasai"}
    act("satudata_request_refuse", people["walidata"], id=number,
        ground="duplikat")
    errors = invalid("satudata_request_confirm", people["operator_a"],
                     id=number, availability="tersedia")
    assert errors["state"] == ["This request is closed"]


# -- link --------------------------------------------------------------------

def test_walidata_and_the_assigned_opd_link_datasets(people):
    number = assigned_request(people)
    public = dataset_in(people, "published", "terbit-b", org="b")
    draft = new_draft(people, name="draf-a", title="Draf A")
    # (the draft first: published datasets alone would answer it)
    got = act("satudata_request_link", people["operator_a"], id=number,
              datasets=[draft["id"]])
    assert last(got)["role"] == "opd"
    got = act("satudata_request_link", people["walidata"], id=number,
              datasets=[public["name"]])
    assert {d["name"]: d["public"] for d in got["datasets"]} == {
        "terbit-b": True, "draf-a": False}
    assert last(got)["role"] == "walidata"
    assert got["state"] == "diproses"
    # linking again, by name and id at once, changes nothing
    got = act("satudata_request_link", people["operator_a"], id=number,
              datasets=["draf-a", draft["id"], public["id"]])
    assert len(got["datasets"]) == 2
    # no one else links
    refused_to_all(people, ("operator_b", "verifikator_b", "public",
                            "pembina", "anonymous"),
                   "satudata_request_link", id=number,
                   datasets=[public["name"]])
    # OPD B, assigned too, is not told of OPD A's draft, not even by id
    act("satudata_request_assign", people["walidata"], id=number,
        organizations=["opd-b"])
    theirs = show(people, number, "operator_b")
    assert [d["name"] for d in theirs["datasets"]] == ["terbit-b"]
    text = json.dumps(theirs)
    assert draft["id"] not in text and "draf-a" not in text
    assert public["id"] in text


def test_no_one_links_a_dataset_they_cannot_read(people):
    number = assigned_request(people)
    theirs = new_draft(people, name="draf-b", org="b")
    for name in ("draf-b", theirs["id"], "tidak-ada"):
        errors = invalid("satudata_request_link", people["operator_a"],
                         id=number, datasets=[name])
        assert errors["datasets"] == [f"No such dataset: {name}"]
    errors = invalid("satudata_request_link", people["operator_a"],
                     id=number)
    assert errors["datasets"] == ["Choose at least one dataset"]
    assert show(people, number)["datasets"] == []
    # a closed request takes no link
    pkg = dataset_in(people, "published", "terbit-a")
    act("satudata_request_refuse", people["walidata"], id=number,
        ground="tidak_dikuasai")
    errors = invalid("satudata_request_link", people["walidata"],
                     id=number, datasets=[pkg["name"]])
    assert errors["state"] == ["This request is closed"]


# -- extend ------------------------------------------------------------------

def test_extend_once_by_seven_working_days(people):
    number = assigned_request(people)
    before = D.fromisoformat(show(people, number)["due"])
    refused_to_all(people, ("operator_b", "public", "pembina", "anonymous"),
                   "satudata_request_extend", id=number, note="Alasan")
    assert show(people, number)["extended"] is False
    got = act("satudata_request_extend", people["operator_a"], id=number,
              note="Data masih direkap di kecamatan")
    assert got["state"] == "diperpanjang"
    assert got["extended"] is True
    due = D.fromisoformat(got["due"])
    assert due == workdays.Calendar().add(before, 7)
    assert workdays.Calendar().between(before, due) == 7
    step = last(got)
    assert step["note"] == "Data masih direkap di kecamatan"
    assert step["data"] == {"due_before": before.isoformat(),
                            "due": due.isoformat()}
    # the requester reads the reason
    assert last(track(number))["note"] == "Data masih direkap di kecamatan"
    assert "extend" not in got["may"]
    errors = invalid("satudata_request_extend", people["walidata"],
                     id=number, note="Sekali lagi")
    assert errors["state"] == [WRONG_STATE]
    assert show(people, number)["due"] == due.isoformat()


def test_extend_needs_a_reason_and_an_assigned_request(people):
    number = file_request()["number"]
    errors = invalid("satudata_request_extend", people["walidata"],
                     id=number, note="Belum ada OPD")
    assert errors["state"] == [WRONG_STATE]
    act("satudata_request_assign", people["walidata"], id=number,
        organizations=["opd-a"])
    errors = invalid("satudata_request_extend", people["walidata"],
                     id=number, note="   ")
    assert errors["note"] == ["Give the reason for the extension"]
    got = show(people, number)
    assert (got["state"], got["extended"]) == ("diproses", False)
    got = act("satudata_request_extend", people["walidata"], id=number,
              note="Menunggu data kecamatan")
    assert (got["state"], last(got)["role"]) == ("diperpanjang",
                                                 "walidata")


# -- fulfil ------------------------------------------------------------------

def test_fulfil_with_published_datasets(people):
    number = assigned_request(people)
    pkg = dataset_in(people, "published", "terbit-a")
    refused_to_all(people, ("operator_b", "public", "pembina", "anonymous"),
                   "satudata_request_fulfil", id=number,
                   datasets=[pkg["name"]])
    assert show(people, number)["state"] == "diproses"
    got = act("satudata_request_fulfil", people["operator_a"], id=number,
              datasets=[pkg["name"]])
    assert got["state"] == "dipenuhi"
    assert got["closed"]
    assert got["answered_in_time"] is True
    assert [d["name"] for d in got["datasets"]] == ["terbit-a"]
    assert last(got)["role"] == "opd"
    assert last(got)["data"] == {"datasets": [pkg["id"]]}
    public = show(people, number, "anonymous")
    assert public["state"] == "dipenuhi"
    assert [d["name"] for d in public["datasets"]] == ["terbit-a"]
    assert got["may"] == []  # nothing more to do for the OPD


def test_fulfil_with_a_note_or_partly(people):
    number = assigned_request(people)
    errors = invalid("satudata_request_fulfil", people["walidata"],
                     id=number)
    assert errors["note"] == [
        "Link the published datasets, or describe what was sent"]
    assert show(people, number)["state"] == "diproses"
    got = act("satudata_request_fulfil", people["walidata"], id=number,
              note="Data dikirim lewat e-mail dalam format XLSX")
    assert got["state"] == "dipenuhi"
    assert got["outcome"] == "Data dikirim lewat e-mail dalam format XLSX"
    assert show(people, number, "anonymous")["outcome"] == got["outcome"]

    number = assigned_request(people)
    got = act("satudata_request_fulfil", people["operator_a"], id=number,
              note="Hanya tersedia tahun 2025", partial=True)
    assert got["state"] == "dipenuhi_sebagian"
    assert last(got)["to_state"] == "dipenuhi_sebagian"


def test_fulfil_refuses_an_unpublished_dataset(people):
    number = assigned_request(people)
    public = dataset_in(people, "published", "terbit-a")
    draft = dataset_in(people, "verified", "belum-terbit")
    errors = invalid("satudata_request_fulfil", people["operator_a"],
                     id=number, datasets=[public["name"], draft["name"]])
    assert errors["datasets"] == [
        "This dataset is not published yet: belum-terbit"]
    # nothing of the refused step stays behind, not even the first link
    act("satudata_request_comment", people["walidata"], id=number,
        body="Menunggu publikasi")
    got = show(people, number)
    assert (got["state"], got["datasets"]) == ("diproses", [])


# -- refuse ------------------------------------------------------------------

def test_refuse_with_a_ground_from_the_list(people):
    number = assigned_request(people)
    refused_to_all(people, ("operator_a", "verifikator_a", "public",
                            "anonymous"),
                   "satudata_request_refuse", id=number,
                   ground="tidak_dikuasai")
    for ground in (None, "", "bosan"):
        errors = invalid("satudata_request_refuse", people["walidata"],
                         id=number, ground=ground)
        assert errors["ground"] == ["Choose the ground of the refusal"]
    assert show(people, number)["state"] == "diproses"
    got = act("satudata_request_refuse", people["walidata"], id=number,
              ground="tidak_dikuasai")
    assert got["state"] == "ditolak"
    assert got["ground"] == "tidak_dikuasai"
    assert got["closed"]
    assert last(got)["data"] == {"ground": "tidak_dikuasai"}
    assert show(people, number, "anonymous")["ground"] == "tidak_dikuasai"
    # a request not assigned yet is refused too
    number = file_request()["number"]
    got = act("satudata_request_refuse", people["walidata"], id=number,
              ground="duplikat", note="Sama dengan PD-2026-000001")
    assert (got["state"], got["outcome"]) == (
        "ditolak", "Sama dengan PD-2026-000001")


@pytest.mark.ckan_config("ckanext.satudata.requests.refusal_grounds",
                         "dikecualikan rahasia_dagang")
def test_the_grounds_are_configured(people):
    number = assigned_request(people)
    errors = invalid("satudata_request_refuse", people["walidata"],
                     id=number, ground="duplikat")
    assert "ground" in errors
    # a ground of the deployment's own is explained in a note
    errors = invalid("satudata_request_refuse", people["walidata"],
                     id=number, ground="rahasia_dagang")
    assert errors["note"] == ["Explain the ground of the refusal"]
    got = act("satudata_request_refuse", people["walidata"], id=number,
              ground="rahasia_dagang", note="Rahasia dagang pihak ketiga")
    assert got["ground"] == "rahasia_dagang"


def test_exempt_information_and_other_grounds(people):
    number = assigned_request(people)
    errors = invalid("satudata_request_refuse", people["walidata"],
                     id=number, ground="dikecualikan")
    assert errors["legal_basis"] == ["Give the legal basis of the exemption"]
    got = act("satudata_request_refuse", people["walidata"], id=number,
              ground="dikecualikan",
              legal_basis="UU 14/2008 Pasal 17 huruf h; uji konsekuensi "
              "No. 12/2026")
    assert got["legal_basis"].startswith("UU 14/2008 Pasal 17")
    public = show(people, number, "anonymous")
    assert (public["ground"], public["legal_basis"]) == (
        "dikecualikan", got["legal_basis"])
    number = assigned_request(people)
    errors = invalid("satudata_request_refuse", people["walidata"],
                     id=number, ground="lainnya")
    assert errors["note"] == ["Explain the ground of the refusal"]
    got = act("satudata_request_refuse", people["walidata"], id=number,
              ground="lainnya", note="Permintaan tidak jelas")
    assert got["outcome"] == "Permintaan tidak jelas"


# -- objection ---------------------------------------------------------------

def refused_request(people: dict, requester: Any = None) -> str:
    number = assigned_request(people, user=requester)
    act("satudata_request_refuse", people["walidata"], id=number,
        ground="tidak_dikuasai")
    return number


def test_the_requester_objects_to_a_refusal_by_email(people):
    number = refused_request(people)
    got = act("satudata_request_objection", None, id=number,
              email=" Budi@Example.com ", note="Data itu ada di Bappeda")
    assert got["state"] == "keberatan"
    assert got["objected"]
    assert got["closed"] is None
    assert got["objection"] == "Data itu ada di Bappeda"
    assert D.fromisoformat(got["due"]) == workdays.Calendar().add(
        sd_config.today(), 30)
    step = last(got)
    assert (step["action"], step["role"], step["from_state"]) == (
        "objection", "pemohon", "ditolak")
    assert "objection" not in got["may"]
    # the walidata sees it too
    assert show(people, number)["objection"] == "Data itu ada di Bappeda"
    # once: the head refuses again, that is the end
    act("satudata_request_refuse", people["walidata_head"], id=number,
        ground="tidak_dikuasai", note="Tetap tidak dikuasai")
    assert show(people, number)["state"] == "ditolak"
    assert "objection" not in track(number)["may"]
    errors = invalid("satudata_request_objection", None, id=number,
                     email=REQUESTER["email"], note="Kedua")
    assert "state" in errors
    assert show(people, number)["state"] == "ditolak"


def test_only_the_requester_objects_by_their_account(people):
    number = refused_request(people, requester=people["public"])
    refused("satudata_request_objection", None, id=number,
            email="orang.lain@example.com", note="Keberatan")
    refused_to_all(people, ("walidata", "walidata_head", "operator_a",
                            "pembina", "anonymous"),
                   "satudata_request_objection", id=number,
                   note="Keberatan")
    assert show(people, number)["state"] == "ditolak"
    errors = invalid("satudata_request_objection", people["public"],
                     id=number)
    assert errors["note"] == ["Give the reasons for your objection"]
    got = act("satudata_request_objection", people["public"], id=number,
              note="Mohon ditinjau")
    assert got["state"] == "keberatan"


def test_no_objection_in_time(people):
    number = assigned_request(people)
    errors = invalid("satudata_request_objection", None, id=number,
                     email=REQUESTER["email"], note="Terlalu lama")
    assert errors["state"] == [
        "An objection is possible once, against a refusal or an answer "
        "later than the deadline"]
    assert "objection" not in track(number)["may"]
    # nor against an answer in time
    act("satudata_request_fulfil", people["walidata"], id=number,
        note="Terkirim")
    assert "objection" not in track(number)["may"]
    errors = invalid("satudata_request_objection", None, id=number,
                     email=REQUESTER["email"], note="Tidak puas")
    assert "state" in errors


def test_objection_past_the_deadline_or_to_a_late_answer(people, freezer):
    freezer.move_to("2026-11-02T02:00:00Z")  # Monday
    number = assigned_request(people)
    due = D.fromisoformat(track(number)["due"])
    assert due == D(2026, 11, 16)
    freezer.move_to("2026-11-16T16:59:00Z")  # 23:59 WIB on the due day
    assert "objection" not in track(number)["may"]
    freezer.move_to("2026-11-16T17:01:00Z")  # 00:01 WIB the day after
    assert track(number)["overdue"] is True
    assert "objection" in track(number)["may"]
    got = act("satudata_request_objection", None, id=number,
              email=REQUESTER["email"], note="Sudah lewat batas waktu")
    assert got["state"] == "keberatan"
    assert got["due"] == workdays.Calendar().add(D(2026, 11, 17),
                                                 30).isoformat()
    # an answer after the deadline may be objected to
    freezer.move_to("2026-11-02T02:00:00Z")
    number = assigned_request(people)
    freezer.move_to("2026-11-18T03:00:00Z")  # two days late
    got = act("satudata_request_fulfil", people["walidata"], id=number,
              note="Terkirim terlambat")
    assert got["answered_in_time"] is False
    freezer.move_to("2026-11-20T03:00:00Z")
    got = act("satudata_request_objection", None, id=number,
              email=REQUESTER["email"], note="Jawaban terlambat")
    assert got["state"] == "keberatan"
    assert got["closed"] is None


def objected(people: dict) -> str:
    number = refused_request(people)
    act("satudata_request_objection", None, id=number,
        email=REQUESTER["email"], note="Keberatan")
    return number


def test_under_objection_only_the_walidata_head_answers(people):
    number = objected(people)
    for step, data in (("fulfil", {"note": "Ini datanya"}),
                       ("refuse", {"ground": "duplikat"}),
                       ("assign", {"organizations": ["opd-b"]})):
        for who in ("walidata", "operator_a", "verifikator_a"):
            message = refused(f"satudata_request_{step}", people[who],
                              id=number, **data)
            assert message == (
                "Under objection, only the walidata head answers"), (
                step, who)
    got = show(people, number)
    assert got["state"] == "keberatan"
    assert [o["name"] for o in got["organizations"]] == ["opd-a"]
    errors = invalid("satudata_request_extend", people["walidata_head"],
                     id=number, note="Perlu waktu")
    assert errors["state"] == [WRONG_STATE]

    got = act("satudata_request_assign", people["walidata_head"],
              id=number, organizations=["opd-b"])
    assert got["state"] == "keberatan"
    assert last(got)["role"] == "walidata_head"
    # the OPD helps, but does not answer
    refused("satudata_request_fulfil", people["operator_b"], id=number,
            note="Ada")
    act("satudata_request_confirm", people["operator_b"], id=number,
        availability="tersedia")
    got = act("satudata_request_fulfil", people["walidata_head"],
              id=number, note="Data dari OPD B terlampir")
    assert got["state"] == "dipenuhi"
    assert got["closed"]
    assert last(got)["role"] == "walidata_head"


# -- comments ----------------------------------------------------------------

def test_the_thread_and_the_internal_notes(people):
    number = assigned_request(people)
    act("satudata_request_comment", None, id=number,
        email=REQUESTER["email"], body="Apakah ada data 2024 juga?")
    act("satudata_request_comment", people["operator_a"], id=number,
        body="Ada, kami siapkan.")
    act("satudata_request_comment", people["operator_a"], id=number,
        body="Catatan: cek dulu izin Kepala Dinas", internal=True)
    act("satudata_request_comment", people["walidata"], id=number,
        body="Staf walidata: setuju", internal=True)

    staff = show(people, number)["comments"]
    assert [(c["body"], c["role"], c["internal"]) for c in staff] == [
        ("Apakah ada data 2024 juga?", "pemohon", False),
        ("Ada, kami siapkan.", "opd", False),
        ("Catatan: cek dulu izin Kepala Dinas", "opd", True),
        ("Staf walidata: setuju", "walidata", True)]
    assert staff[0]["author"] == "Requester"
    assert staff[1]["author"] == (people["operator_a"]["fullname"]
                                  or people["operator_a"]["name"])
    assert [c["body"] for c in show(people, number, "operator_a")[
        "comments"]] == [c["body"] for c in staff]

    mine = track(number)
    assert [c["body"] for c in mine["comments"]] == [
        "Apakah ada data 2024 juga?", "Ada, kami siapkan."]
    # the requester is not told who the staff are
    assert mine["comments"][1]["author"] == "Data producer"
    for who in ("anonymous", "public", "operator_b"):
        seen = show(people, number, who)
        assert seen.get("comments", []) == []
    for who in ("anonymous", "public", "operator_b", "pembina"):
        text = json.dumps(show(people, number, who))
        assert "izin Kepala Dinas" not in text
        assert "Staf walidata" not in text
    text = json.dumps(mine)
    assert "izin Kepala Dinas" not in text
    assert "Staf walidata" not in text


def test_who_writes_what(people):
    number = assigned_request(people, user=people["public"])
    errors = invalid("satudata_request_comment", None, id=number,
                     email=REQUESTER["email"], body="Rahasia",
                     internal=True)
    assert errors["internal"] == ["Only handlers write internal notes"]
    errors = invalid("satudata_request_comment", people["public"],
                     id=number, body="Rahasia", internal=True)
    assert "internal" in errors
    got = act("satudata_request_comment", people["public"], id=number,
              body="Pesan dari akun saya")
    assert [c["body"] for c in got["comments"]] == ["Pesan dari akun saya"]
    assert [c["body"] for c in show(people, number)["comments"]] == [
        "Pesan dari akun saya"]
    # outsiders do not write; blanks are no comment
    number = assigned_request(people)
    refused("satudata_request_comment", None, id=number,
            email="orang.lain@example.com", body="Halo")
    refused_to_all(people, ("operator_b", "public", "pembina", "anonymous"),
                   "satudata_request_comment", id=number, body="Halo")
    for body in ("", "  \n "):
        errors = invalid("satudata_request_comment", people["walidata"],
                         id=number, body=body)
        assert errors["body"] == ["Missing value"]
    assert show(people, number)["comments"] == []
