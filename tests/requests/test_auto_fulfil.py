"""A request answered by publishing: the OPD links the draft that will
answer it, the dataset goes through the real workflow (submit, verify,
publish) and, once every linked dataset is public, the request is
``dipenuhi`` by the system and its requester is e-mailed."""

from __future__ import annotations

import pytest

from tests.conftest import act
from tests.mail import deliver, to
from tests.requests.conftest import (
    REQUESTER,
    assigned_request,
    requests_on,
    track,
)
from tests.workflow.conftest import QA_PASS, advance, dataset_in, new_draft

pytestmark = [
    *requests_on,
    pytest.mark.ckan_config("ckan.site_title", "Satu Data Kota Uji"),
    pytest.mark.usefixtures("clean_queues", "with_test_worker"),
]


def state(people: dict, number: str) -> str:
    return act("satudata_request_show", people["walidata"],
               id=number)["state"]


def test_publishing_the_linked_draft_fulfils_the_request(people, mailbox):
    number = assigned_request(people)
    draft = new_draft(people, name="penduduk-miskin",
                      title="Penduduk Miskin per Kecamatan 2025")
    act("satudata_request_link", people["operator_a"], id=number,
        datasets=[draft["name"]])
    # the requester (and the public) do not see the draft yet
    assert track(number)["datasets"] == []
    deliver(mailbox)

    advance(people, draft, "verified")
    assert state(people, number) == "diproses"
    assert track(number)["datasets"] == []
    # another dataset published changes nothing
    dataset_in(people, "published", "data-lain")
    assert state(people, number) == "diproses"
    assert REQUESTER["email"] not in to(deliver(mailbox))

    flow = act("satudata_dataset_publish", people["walidata"],
               id=draft["id"], qa=QA_PASS)
    assert flow["state"] == "published"
    got = act("satudata_request_show", people["walidata"], id=number)
    assert got["state"] == "dipenuhi"
    assert got["closed"]
    assert got["outcome"] == "Penduduk Miskin per Kecamatan 2025"
    step = got["history"][-1]
    assert (step["action"], step["role"], step["from_state"],
            step["to_state"], step["actor"]) == (
        "fulfil", "sistem", "diproses", "dipenuhi", None)
    assert step["data"] == {"published": draft["id"]}
    mine = track(number)
    assert [(d["name"], d["public"]) for d in mine["datasets"]] == [
        ("penduduk-miskin", True)]
    assert mine["history"][-1]["role"] == "sistem"

    mails = deliver(mailbox)
    answered = [m for m in mails if m.to == [REQUESTER["email"]]]
    assert len(answered) == 1
    assert answered[0].subject == (
        f"[Satu Data Kota Uji] {number}: Fulfilled")
    assert "Penduduk Miskin" not in answered[0].subject
    assert f"/permintaan-data/{number}" in answered[0].body
    # the rest are the workflow's (the operator hears of the publication)
    assert REQUESTER["email"] not in to(
        [m for m in mails if m is not answered[0]])


def test_fulfilled_only_once_every_linked_dataset_is_public(people,
                                                           mailbox):
    number = assigned_request(people, "a", "b")
    mine = new_draft(people, name="data-a", title="Data A")
    theirs = new_draft(people, name="data-b", org="b", title="Data B")
    act("satudata_request_link", people["operator_a"], id=number,
        datasets=[mine["id"]])
    act("satudata_request_link", people["operator_b"], id=number,
        datasets=[theirs["id"]])
    advance(people, mine, "published")
    assert state(people, number) == "diproses"
    got = track(number)
    assert [d["name"] for d in got["datasets"]] == ["data-a"]
    deliver(mailbox)

    advance(people, theirs, "published", org="b")
    got = act("satudata_request_show", people["walidata"], id=number)
    assert got["state"] == "dipenuhi"
    assert got["outcome"] == "Data A, Data B"
    assert [e["action"] for e in got["history"]].count("fulfil") == 1
    assert got["history"][-1]["data"] == {"published": theirs["id"]}
    assert [m.to for m in deliver(mailbox)].count([REQUESTER["email"]]) == 1

    # a later edit of a published dataset changes nothing
    act("package_patch", people["sysadmin"], id=mine["id"],
        notes="Diperbarui")
    again = act("satudata_request_show", people["walidata"], id=number)
    assert again["history"] == got["history"]
    assert REQUESTER["email"] not in to(deliver(mailbox))


def test_a_closed_request_is_left_alone(people, mailbox):
    refused = assigned_request(people)
    answered = assigned_request(people)
    draft = new_draft(people, name="data-tertutup", title="Data Tertutup")
    for number in (refused, answered):
        act("satudata_request_link", people["operator_a"], id=number,
            datasets=[draft["id"]])
    act("satudata_request_refuse", people["walidata"], id=refused,
        ground="dikecualikan", legal_basis="UU 14/2008 Pasal 17")
    act("satudata_request_fulfil", people["walidata"], id=answered,
        note="Dikirim lewat e-mail", partial=True)
    before = {n: act("satudata_request_show", people["walidata"], id=n)
              for n in (refused, answered)}
    deliver(mailbox)

    advance(people, draft, "published")
    for number, was in before.items():
        got = act("satudata_request_show", people["walidata"], id=number)
        assert got["state"] == was["state"]
        assert got["outcome"] == was["outcome"]
        assert got["history"] == was["history"]
    assert REQUESTER["email"] not in to(deliver(mailbox))



def test_linking_published_datasets_fulfils_at_once(people, mailbox):
    number = assigned_request(people)
    published = dataset_in(people, "published", "data-terbit")
    draft = new_draft(people, name="data-draf", title="Data Draf")
    # a draft among the links: the request waits for it
    act("satudata_request_link", people["operator_a"], id=number,
        datasets=[draft["name"], published["name"]])
    assert state(people, number) == "diproses"

    other = assigned_request(people)
    deliver(mailbox)
    got = act("satudata_request_link", people["operator_a"], id=other,
              datasets=[published["name"]])
    assert got["state"] == "dipenuhi"
    assert [(e["action"], e["role"]) for e in got["history"][-2:]] == [
        ("link", "opd"), ("fulfil", "sistem")]
    assert [m.to for m in deliver(mailbox)].count([REQUESTER["email"]]) == 1


def test_under_objection_the_walidata_head_answers(people, mailbox):
    number = assigned_request(people)
    act("satudata_request_refuse", people["walidata"], id=number,
        ground="tidak_dikuasai")
    act("satudata_request_objection", None, id=number,
        email=REQUESTER["email"], note="Data itu ada di Dinas A.")
    draft = new_draft(people, name="data-keberatan", title="Data")
    act("satudata_request_link", people["walidata_head"], id=number,
        datasets=[draft["name"]])
    advance(people, draft, "published")
    got = act("satudata_request_show", people["walidata"], id=number)
    assert got["state"] == "keberatan"
    assert "fulfil" not in [e["action"] for e in got["history"]]
    done = act("satudata_request_fulfil", people["walidata_head"],
               id=number, datasets=[draft["name"]])
    assert done["state"] == "dipenuhi"
