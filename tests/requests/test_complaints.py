"""Complaints (pengaduan): each step by each role (verify, assign,
resolve, refuse), the SLA of each category, the urgent alert of exposed
personal data, and the resolution in the public register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata import workdays
from tests.conftest import act
from tests.mail import deliver, to
from tests.requests.conftest import REQUESTER, file_complaint, requests_on
from tests.workflow.conftest import dataset_in

pytestmark = [
    *requests_on,
    pytest.mark.ckan_config("ckan.site_title", "Satu Data Kota Uji"),
]

WRONG_STATE = "This step is not possible in the current state"


def user(people: dict, who: str) -> Any:
    return None if who == "anonymous" else people[who]


def show(people: dict, number: str, who: str = "walidata") -> dict:
    return act("satudata_complaint_show", user(people, who), id=number)


def refused_to_all(people: dict, whom: tuple[str, ...], action: str,
                   **data: Any) -> None:
    for who in whom:
        with pytest.raises(tk.NotAuthorized):
            act(action, user(people, who), **data)


def conflict(action: str, caller: Any, **data: Any) -> dict:
    with pytest.raises(tk.ValidationError) as err:
        act(action, caller, **data)
    return err.value.error_dict


def test_the_way_of_a_complaint(people):
    pkg = dataset_in(people, "published", "data-aduan")
    resource = act("package_show", None, id=pkg["id"])["resources"][0]
    got = file_complaint(dataset="data-aduan", resource=resource["id"],
                         category="tautan_rusak",
                         description="Berkas CSV tidak bisa diunduh")
    number = got["number"]
    assert (got["state"], got["category"]) == ("diterima", "tautan_rusak")
    assert got["dataset"]["name"] == "data-aduan"
    assert got["resource_id"] == resource["id"]

    # verify: the walidata only
    outsiders = ("operator_a", "verifikator_a", "public", "pembina",
                 "anonymous")
    refused_to_all(people, outsiders, "satudata_complaint_verify",
                   id=number)
    got = act("satudata_complaint_verify", people["walidata"], id=number,
              note="Benar, tautan rusak")
    assert got["state"] == "diverifikasi"
    assert conflict("satudata_complaint_verify", people["walidata"],
                    id=number) == {"state": [WRONG_STATE]}

    # assign: the walidata only
    refused_to_all(people, outsiders, "satudata_complaint_assign",
                   id=number, organizations=["opd-a"])
    got = act("satudata_complaint_assign", people["walidata"], id=number,
              organizations=["opd-a"])
    assert got["state"] == "ditindaklanjuti"
    assert [o["name"] for o in got["organizations"]] == ["opd-a"]
    # the OPD assigned does not pass it on
    refused_to_all(people, ("operator_a",), "satudata_complaint_assign",
                   id=number, organizations=["opd-b"])

    # resolve: the walidata or the assigned OPD, with the resolution
    refused_to_all(people, ("operator_b", "verifikator_b", "public",
                            "pembina", "anonymous"),
                   "satudata_complaint_resolve", id=number,
                   note="Sudah diperbaiki")
    assert conflict("satudata_complaint_resolve", people["operator_a"],
                    id=number) == {"note": [
                        "Describe the resolution: it is published with "
                        "the complaint"]}
    got = act("satudata_complaint_resolve", people["operator_a"],
              id=number, note="Berkas CSV diunggah ulang")
    assert got["state"] == "selesai"
    assert got["closed"]
    assert got["history"][-1]["role"] == "opd"
    assert [e["action"] for e in got["history"]] == [
        "create", "verify", "assign", "resolve"]

    # the resolution is public, the reporter is not
    public = show(people, number, "anonymous")
    assert public["outcome"] == "Berkas CSV diunggah ulang"
    assert public["state"] == "selesai"
    assert "email" not in public and "description" not in public
    row = act("satudata_complaint_list", None)["results"][0]
    assert (row["number"], row["outcome"]) == (
        number, "Berkas CSV diunggah ulang")
    # closed: no step more
    for action, data in (("satudata_complaint_refuse", {"note": "x"}),
                         ("satudata_complaint_resolve", {"note": "x"}),
                         ("satudata_complaint_assign",
                          {"organizations": ["opd-b"]})):
        assert conflict(action, people["walidata"], id=number,
                        **data) == {"state": [WRONG_STATE]}


def test_resolve_without_assignment_or_refuse(people):
    number = file_complaint(category="layanan",
                            description="Portal lambat")["number"]
    # not before it is verified
    assert conflict("satudata_complaint_resolve", people["walidata"],
                    id=number, note="Sudah") == {"state": [WRONG_STATE]}
    assert conflict("satudata_complaint_assign", people["walidata"],
                    id=number, organizations=["opd-a"]) == {
        "state": [WRONG_STATE]}
    act("satudata_complaint_verify", people["walidata_head"], id=number)
    got = act("satudata_complaint_resolve", people["walidata"], id=number,
              note="Server ditambah memorinya")
    assert (got["state"], got["outcome"]) == (
        "selesai", "Server ditambah memorinya")

    # refused by the walidata, with the reason
    first = file_complaint(category="lainnya", email="iklan@example.com",
                           description="Iklan judi")["number"]
    refused_to_all(people, ("operator_a", "public", "anonymous"),
                   "satudata_complaint_refuse", id=first, note="Spam")
    assert conflict("satudata_complaint_refuse", people["walidata"],
                    id=first) == {"note": [
                        "Give the reason for the refusal"]}
    got = act("satudata_complaint_refuse", people["walidata"], id=first,
              note="Bukan pengaduan tentang data")
    assert (got["state"], got["outcome"], got["ground"]) == (
        "ditolak", "Bukan pengaduan tentang data", None)
    assert show(people, first, "anonymous")["outcome"] == (
        "Bukan pengaduan tentang data")

    # an assigned OPD settles, but does not refuse
    second = file_complaint(email="lain@example.com")["number"]
    act("satudata_complaint_verify", people["walidata"], id=second)
    act("satudata_complaint_assign", people["walidata"], id=second,
        organizations=["opd-a"])
    refused_to_all(people, ("operator_a", "verifikator_a"),
                   "satudata_complaint_refuse", id=second, note="Tidak")
    got = act("satudata_complaint_refuse", people["walidata"], id=second,
              note="Datanya sudah benar")
    assert got["state"] == "ditolak"
    # complaints know no objection
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_request_objection", None, id=second,
            email="lain@example.com", note="Keberatan")


def test_the_reporter_follows_and_writes(people):
    number = file_complaint(category="data_salah")["number"]
    act("satudata_complaint_verify", people["walidata"], id=number)
    act("satudata_complaint_assign", people["walidata"], id=number,
        organizations=["opd-a"])
    act("satudata_complaint_comment", None, id=number,
        email=REQUESTER["email"], body="Angka di baris 12")
    act("satudata_complaint_comment", people["operator_a"], id=number,
        body="Kami cek", internal=False)
    act("satudata_complaint_comment", people["operator_a"], id=number,
        body="Operator lama salah input", internal=True)
    mine = act("satudata_complaint_show", None, id=number,
               email=REQUESTER["email"])
    assert [c["body"] for c in mine["comments"]] == [
        "Angka di baris 12", "Kami cek"]
    assert mine["description"] == "Angka kecamatan Teluk Betung tertukar."
    assert len(show(people, number, "operator_a")["comments"]) == 3
    with pytest.raises(tk.NotAuthorized):
        act("satudata_complaint_comment", people["operator_b"], id=number,
            body="Halo")


@pytest.mark.freeze_time("2026-03-17T02:00:00Z")  # Tuesday
def test_the_sla_of_each_category(people):
    calendar = workdays.Calendar()
    received = dt.date(2026, 3, 17)
    sla = {"data_salah": 10, "tautan_rusak": 3, "kedaluwarsa": 10,
           "data_pribadi": 1, "layanan": 5, "lainnya": 10}
    for i, (category, days) in enumerate(sla.items()):
        got = file_complaint(category=category, email=f"p{i}@example.com")
        assert got["due"] == calendar.add(received, days).isoformat(), (
            category)
    # by hand: Nyepi (19 March) is skipped
    assert file_complaint(category="tautan_rusak",
                          email="q@example.com")["due"] == "2026-03-23"


@pytest.mark.usefixtures("clean_queues", "with_test_worker")
def test_exposed_personal_data_alerts_the_walidata_at_once(people,
                                                           mailbox):
    pkg = dataset_in(people, "published", "data-bocor")
    deliver(mailbox)
    number = file_complaint(category="data_pribadi", dataset=pkg["name"],
                            description="Kolom NIK terlihat")["number"]
    mails = deliver(mailbox)
    urgent = [m for m in mails if m.subject.startswith(
        "[Satu Data Kota Uji] URGENT")]
    assert urgent, [m.subject for m in mails]
    assert to(urgent) == sorted([people["walidata"]["email"],
                                 people["walidata_head"]["email"]])
    assert {m.subject for m in urgent} == {
        f"[Satu Data Kota Uji] URGENT: personal data exposed, complaint "
        f"{number}"}
    assert f"/pengaduan/{number}" in urgent[0].body
    # the reporter has the confirmation; no OPD is told before assignment
    assert to([m for m in mails if m not in urgent]) == [
        REQUESTER["email"]]
    assert show(people, number)["due"] == workdays.Calendar().add(
        dt.date.fromisoformat(show(people, number)["received_date"]),
        1).isoformat()

    # another category is not urgent
    other = file_complaint(category="kedaluwarsa",
                           email="lain@example.com")["number"]
    subjects = {m.subject for m in deliver(mailbox)
                if m.to[0] == people["walidata"]["email"]}
    assert subjects == {
        f"[Satu Data Kota Uji] New complaint {other}: Data out of date"}
