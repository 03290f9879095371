"""Every transition for every role (allowed and denied), bad input, the
validation record, edits in each state and the visibility guard on every
write path. Actions are called as real users (auth checked)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

from tests.conftest import act
from tests.workflow.conftest import (
    QA_PASS,
    advance,
    dataset_in,
    new_draft,
    qa_with,
    workflow_on,
)

pytestmark = workflow_on

ALL = ["operator_a", "verifikator_a", "operator_b", "verifikator_b",
       "walidata", "walidata_head", "pembina", "public", "anonymous",
       "sysadmin"]

#: transition -> (state it starts from, who may take it)
MATRIX = {
    "submit": ("draft", {"operator_a", "verifikator_a"}),
    "return": ("submitted", {"verifikator_a"}),
    "verify": ("submitted", {"verifikator_a"}),
    "reject": ("verified", {"walidata", "walidata_head", "sysadmin"}),
    "publish": ("verified", {"walidata", "walidata_head", "sysadmin"}),
}

ARGS = {
    "submit": {"qc_statement": True},
    "return": {"note": "Satuan belum sesuai standar"},
    "verify": {"position": "Kepala Dinas"},
    "reject": {"note": "Akurasi kurang", "qa": qa_with(akurasi="fail")},
    "publish": {"qa": QA_PASS},
}


def _user(people, who):
    return None if who == "anonymous" else people[who]


def _reads(people, who, pkg) -> bool:
    try:
        act("package_show", _user(people, who), id=pkg["id"])
    except tk.ObjectNotFound:
        return False
    return True


def state_of(people, pkg):
    return act("satudata_workflow_show", people["sysadmin"],
               id=pkg["id"])["state"]


@pytest.mark.parametrize("transition", list(MATRIX))
def test_who_may_take_each_transition(people, transition):
    """Each role, allowed or denied (one dataset per allowed role)."""
    source, allowed = MATRIX[transition]
    target = {"submit": "submitted", "return": "draft",
              "verify": "verified", "reject": "draft",
              "publish": "published"}[transition]
    call = f"satudata_dataset_{transition}"
    pkg = dataset_in(people, source, f"uji-{transition}")
    for who in ALL:
        if who in allowed:
            continue
        # who may not read the dataset is told it does not exist (a
        # refusal would tell that it does)
        expected = (tk.NotAuthorized if _reads(people, who, pkg)
                    else tk.ObjectNotFound)
        with pytest.raises(expected):
            act(call, _user(people, who), id=pkg["id"], **ARGS[transition])
        assert state_of(people, pkg) == source, who
    for who in sorted(allowed):
        pkg = dataset_in(people, source, f"uji-{transition}-{who}")
        result = act(call, _user(people, who), id=pkg["id"],
                     **ARGS[transition])
        assert result["state"] == target
        assert state_of(people, pkg) == target
        last = act("satudata_workflow_show", people["sysadmin"],
                   id=pkg["id"])["history"][-1]
        assert last["transition"] == transition
        assert last["actor"] == people[who]["name"]


@pytest.mark.parametrize("transition, state", [
    ("submit", "submitted"), ("submit", "published"),
    ("verify", "draft"), ("verify", "verified"),
    ("return", "draft"), ("return", "verified"),
    ("publish", "submitted"), ("publish", "published"),
    ("reject", "submitted"), ("reject", "draft"),
])
def test_transition_from_the_wrong_state_is_a_conflict(people, transition,
                                                       state):
    pkg = dataset_in(people, state, "salah-keadaan")
    who = {"submit": "operator_a", "verify": "verifikator_a",
           "return": "verifikator_a"}.get(transition, "walidata")
    with pytest.raises(tk.ValidationError) as err:
        act(f"satudata_dataset_{transition}", people[who], id=pkg["id"],
            **ARGS[transition])
    assert "state" in err.value.error_dict
    assert "reload the page" in err.value.error_dict["state"][0]
    assert state_of(people, pkg) == state


def test_unknown_dataset_and_missing_id(people):
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_dataset_submit", people["operator_a"], id="tidak-ada")
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_dataset_submit", people["operator_a"])
    assert "id" in err.value.error_dict
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_workflow_show", None, id="tidak-ada")


def test_submit_needs_metadata_resource_and_qc_statement(people):
    bare = act("package_create", people["operator_a"], name="kosong",
               title="Data Kosong", owner_org=people["org_a"]["id"])
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_dataset_submit", people["operator_a"], id=bare["id"])
    errors = err.value.error_dict
    assert set(errors) == {"metadata", "resources", "qc_statement"}
    assert "Definition" in errors["metadata"][0]
    complete = new_draft(people, name="lengkap")
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_dataset_submit", people["operator_a"],
            id=complete["id"], qc_statement=False)
    assert set(err.value.error_dict) == {"qc_statement"}
    assert state_of(people, complete) == "draft"
    act("satudata_dataset_submit", people["operator_a"], id=complete["id"],
        qc_statement=True)
    assert state_of(people, complete) == "submitted"


@pytest.mark.parametrize("transition", ["return", "reject"])
def test_the_way_back_needs_a_note(people, transition):
    source = MATRIX[transition][0]
    pkg = dataset_in(people, source, "tanpa-catatan")
    who = "verifikator_a" if transition == "return" else "walidata"
    args = dict(ARGS[transition], note="   ")
    with pytest.raises(tk.ValidationError) as err:
        act(f"satudata_dataset_{transition}", people[who], id=pkg["id"],
            **args)
    assert "note" in err.value.error_dict


def test_qa_checklist_rules(people):
    pkg = dataset_in(people, "verified", "qa")
    walidata = people["walidata"]
    cases = [
        ("publish", {}, {"qa", "qa.standar_data", "qa.keterbandingan"}),
        ("publish", {k: v for k, v in QA_PASS.items() if k != "akurasi"},
         {"qa", "qa.akurasi"}),
        ("publish", qa_with(akurasi="fail"), {"qa"}),
        ("publish", dict(QA_PASS, akurasi={"result": "fail"}),
         {"qa", "qa.akurasi"}),
        ("publish", dict(QA_PASS, extra={"result": "pass"}),
         {"qa", "qa.extra"}),
        ("publish", "not json", {"qa", "qa.qa"}),
        ("reject", QA_PASS, {"qa"}),
    ]
    for name, qa, keys in cases:
        with pytest.raises(tk.ValidationError) as err:
            act(f"satudata_dataset_{name}", walidata, id=pkg["id"], qa=qa,
                note="catatan")
        assert keys <= set(err.value.error_dict), (name, qa)
        assert state_of(people, pkg) == "verified"
    # not applicable items are allowed and leave the score on the rest
    act("satudata_dataset_publish", walidata, id=pkg["id"],
        qa=qa_with(relevansi="na", aksesibilitas="na"))
    flow = act("satudata_workflow_show", people["operator_a"], id=pkg["id"])
    assert flow["qa"]["qa_score"] == 100.0
    assert flow["qa"]["qa"]["relevansi"]["result"] == "na"


def test_reject_stores_failed_items_and_operator_sees_why(people):
    pkg = dataset_in(people, "verified", "ditolak")
    act("satudata_dataset_reject", people["walidata"], id=pkg["id"],
        note="Perbaiki akurasi dan kode wilayah",
        qa=qa_with(akurasi="fail", kode_referensi="fail"))
    flow = act("satudata_workflow_show", people["operator_a"], id=pkg["id"])
    assert flow["state"] == "draft"
    assert flow["allowed"] == ["submit"]
    why = flow["last_return"]
    assert why["transition"] == "reject"
    assert why["note"] == "Perbaiki akurasi dan kode wilayah"
    assert why["role"] == "walidata"
    failed = {k for k, v in why["qa"].items() if v["result"] == "fail"}
    assert failed == {"akurasi", "kode_referensi"}
    assert why["qa_score"] == pytest.approx(77.8)
    # the dataset is private again and can go round once more
    assert act("package_show", people["operator_a"],
               id=pkg["id"])["private"] is True
    advance(people, pkg, "published")
    assert state_of(people, pkg) == "published"


def test_return_keeps_the_whole_history(people):
    pkg = dataset_in(people, "submitted", "dikembalikan")
    act("satudata_dataset_return", people["verifikator_a"], id=pkg["id"],
        note="Lengkapi definisi")
    act("package_patch", people["operator_a"], id=pkg["id"],
        definisi="Definisi yang sudah dilengkapi")
    advance(people, pkg, "published")
    flow = act("satudata_workflow_show", people["verifikator_a"],
               id=pkg["id"])
    assert [e["transition"] for e in flow["history"]] == [
        "create", "submit", "return", "submit", "verify", "publish"]
    assert flow["history"][2]["note"] == "Lengkapi definisi"
    assert flow["last_return"] is None  # published now


def test_verification_is_recorded_for_the_letter(people):
    org = people["org_a"]
    act("organization_patch", people["sysadmin"], id=org["id"],
        kepala_jabatan="Kepala Dinas Uji")
    pkg = dataset_in(people, "submitted", "validasi")
    act("satudata_dataset_verify", people["verifikator_a"], id=pkg["id"],
        nip="198001012005011001", note="Sesuai")
    flow = act("satudata_workflow_show", people["walidata"], id=pkg["id"],
               include_hash=True)
    validation = flow["validation"]
    assert validation["actor"] == people["verifikator_a"]["name"]
    assert validation["data"]["position"] == "Kepala Dinas Uji"
    assert validation["data"]["nip"] == "198001012005011001"
    assert validation["data"]["fullname"] == people["verifikator_a"][
        "fullname"]
    assert len(validation["snapshot_hash"]) == 64
    assert validation["snapshot_hash"] == flow["current_hash"]
    submitted = [e for e in flow["history"] if e["transition"] == "submit"]
    assert submitted[0]["snapshot_hash"] == validation["snapshot_hash"]
    assert submitted[0]["data"] == {"qc_statement": True}


def test_kegiatan_goes_through_the_same_workflow(people):
    from tests.test_schemas import KEGIATAN

    made = act("package_create", people["operator_a"], type="kegiatan",
               name="survei-uji", owner_org=people["org_a"]["id"],
               resources=[{"name": "Laporan", "url": "http://e.x/l.pdf"}],
               **KEGIATAN)
    assert made["private"] is True
    advance(people, made, "published")
    shown = act("package_show", None, id=made["id"])
    assert shown["satudata_state"] == "published"


# -- edits in each state ----------------------------------------------------

def test_operator_edits_drafts_only(people):
    pkg = new_draft(people, name="suntingan")
    act("package_patch", people["operator_a"], id=pkg["id"], title="Baru")
    advance(people, pkg, "submitted")
    with pytest.raises(tk.NotAuthorized):
        act("package_patch", people["operator_a"], id=pkg["id"],
            title="Diubah setelah diajukan")
    with pytest.raises(tk.NotAuthorized):
        act("resource_create", people["operator_a"], package_id=pkg["id"],
            url="http://example.com/lain.csv", name="Lain")
    assert act("package_show", people["operator_a"],
               id=pkg["id"])["title"] == "Baru"


@pytest.mark.parametrize("state", ["submitted", "verified"])
def test_a_change_after_submission_sends_it_back_to_draft(people, state):
    pkg = dataset_in(people, state, "berubah")
    # a no-op update changes nothing
    act("package_patch", people["verifikator_a"], id=pkg["id"])
    assert state_of(people, pkg) == state
    act("resource_create", people["verifikator_a"], package_id=pkg["id"],
        url="http://example.com/tambahan.csv", name="Tambahan")
    flow = act("satudata_workflow_show", people["operator_a"], id=pkg["id"])
    assert flow["state"] == "draft"
    edit = flow["history"][-1]
    assert edit["transition"] == "edit"
    assert edit["from_state"] == state
    assert edit["actor"] == people["verifikator_a"]["name"]
    assert edit["data"] == {"reason": f"changed_after_{state}"}
    hits = act("package_search", people["verifikator_a"],
               fq="satudata_state:draft", include_private=True)
    assert [r["name"] for r in hits["results"]] == [pkg["name"]]


def test_published_data_is_not_edited_in_place(people):
    pkg = dataset_in(people, "published", "terbit")
    for who in ("operator_a", "verifikator_a", "walidata"):
        with pytest.raises(tk.NotAuthorized):
            act("package_patch", people[who], id=pkg["id"], title="X")
        with pytest.raises(tk.NotAuthorized):
            act("resource_create", people[who], package_id=pkg["id"],
                url="http://example.com/x.csv")
    # a sysadmin's emergency fix stays published and is recorded
    act("package_patch", people["sysadmin"], id=pkg["id"],
        title="Judul dibetulkan")
    flow = act("satudata_workflow_show", people["walidata"], id=pkg["id"])
    assert flow["state"] == "published"
    assert flow["history"][-1]["transition"] == "edit"
    assert flow["history"][-1]["data"] == {
        "reason": "changed_after_publication"}
    assert act("package_show", None, id=pkg["id"])["title"] == (
        "Judul dibetulkan")


def test_only_drafts_are_deleted(people):
    draft = new_draft(people, name="dihapus")
    with pytest.raises(tk.NotAuthorized):
        act("package_delete", people["operator_b"], id=draft["id"])
    act("package_delete", people["operator_a"], id=draft["id"])
    for state in ("submitted", "verified", "published"):
        pkg = dataset_in(people, state, f"tetap-{state}")
        for who in ("operator_a", "verifikator_a", "walidata",
                    "walidata_head"):
            with pytest.raises(tk.NotAuthorized):
                act("package_delete", people[who], id=pkg["id"])
        assert act("package_show", people["sysadmin"],
                   id=pkg["id"])["state"] == "active"
        with pytest.raises(tk.NotAuthorized, match="drafts"):
            act("package_patch", people["verifikator_a"], id=pkg["id"],
                state="deleted")
        with pytest.raises(tk.NotAuthorized, match="drafts"):
            act("bulk_update_delete", people["verifikator_a"],
                datasets=[pkg["id"]], org_id=people["org_a"]["id"])
        assert act("package_show", people["sysadmin"],
                   id=pkg["id"])["state"] == "active"
    other = new_draft(people, name="dihapus-massal")
    act("bulk_update_delete", people["verifikator_a"], datasets=[other["id"]],
        org_id=people["org_a"]["id"])
    assert act("package_show", people["sysadmin"],
               id=other["id"])["state"] == "deleted"
    act("package_delete", people["sysadmin"], id="tetap-published")


# -- publication is the only way to public ----------------------------------

def test_new_datasets_are_private_drafts(people):
    with pytest.raises(tk.NotAuthorized, match="walidata publishes"):
        new_draft(people, name="publik-langsung", private=False)
    with pytest.raises(tk.NotAuthorized):
        act("package_create", people["sysadmin"], name="publik-admin",
            owner_org=people["org_a"]["id"], private=False)
    # internal callers (ignore_auth) are corrected, not obeyed
    made = tk.get_action("package_create")(
        {"user": people["operator_a"]["name"], "ignore_auth": True},
        {"name": "internal", "owner_org": people["org_a"]["id"],
         "private": False})
    assert made["private"] is True
    assert act("package_show", people["operator_a"],
               id="internal")["satudata_state"] == "draft"


@pytest.mark.parametrize("state", ["draft", "submitted", "verified"])
def test_private_cannot_be_lifted_by_update(people, state):
    pkg = dataset_in(people, state, "tetap-privat")
    editors = ["operator_a", "verifikator_a", "sysadmin"]
    for who in editors:
        for action in ("package_patch", "package_update"):
            data = act("package_show", people[who], id=pkg["id"])
            data["private"] = False
            if action == "package_patch":
                data = {"id": pkg["id"], "private": "False"}
            with pytest.raises(tk.NotAuthorized, match="walidata"):
                act(action, people[who], **data)
    with pytest.raises(tk.NotAuthorized):
        act("bulk_update_public", people["verifikator_a"],
            datasets=[pkg["id"]], org_id=people["org_a"]["id"])
    with pytest.raises(tk.NotAuthorized):
        act("bulk_update_public", people["sysadmin"],
            datasets=[pkg["id"]], org_id=people["org_a"]["id"])
    # internal updates keep it private
    tk.get_action("package_patch")(
        {"user": people["sysadmin"]["name"], "ignore_auth": True},
        {"id": pkg["id"], "private": False})
    assert act("package_show", people["operator_a"],
               id=pkg["id"])["private"] is True
    assert act("package_search", None, q="*:*")["count"] == 0


def test_published_cannot_be_hidden_by_bulk(people):
    pkg = dataset_in(people, "published", "tetap-publik")
    with pytest.raises(tk.NotAuthorized):
        act("bulk_update_private", people["verifikator_a"],
            datasets=[pkg["id"]], org_id=people["org_a"]["id"])
    assert act("package_show", None, id=pkg["id"])["private"] is False


def test_other_dataset_types_are_left_alone(people):
    # a dataset of another organisation type is not possible with the
    # schemas; a plain organisation edit is unaffected by the workflow
    act("organization_patch", people["verifikator_a"],
        id=people["org_a"]["id"], description="Diubah")


# -- bulk -------------------------------------------------------------------

def test_bulk_publish_each_audited(people):
    one = dataset_in(people, "verified", "massal-1")
    two = dataset_in(people, "verified", "massal-2", org="b")
    waiting = dataset_in(people, "submitted", "massal-3")
    with pytest.raises(tk.NotAuthorized):
        act("satudata_dataset_bulk_publish", people["verifikator_a"],
            ids=[one["id"]], qa=QA_PASS)
    result = act("satudata_dataset_bulk_publish", people["walidata_head"],
                 ids=[one["id"], two["name"], waiting["id"]], qa=QA_PASS,
                 note="Rilis triwulan")
    assert result["done"] == [one["id"], two["name"]]
    assert list(result["failed"]) == [waiting["id"]]
    assert "state" in result["failed"][waiting["id"]]
    for pkg in (one, two):
        flow = act("satudata_workflow_show", people["walidata"],
                   id=pkg["id"])
        assert flow["state"] == "published"
        assert flow["history"][-1]["note"] == "Rilis triwulan"
        assert flow["history"][-1]["actor"] == people["walidata_head"][
            "name"]
    assert state_of(people, waiting) == "submitted"


def test_bulk_reject_needs_note_and_failures(people):
    one = dataset_in(people, "verified", "tolak-1")
    result = act("satudata_dataset_bulk_reject", people["walidata"],
                 ids=[one["id"]], qa=qa_with(akurasi="fail"))
    assert "note" in result["failed"][one["id"]]
    result = act("satudata_dataset_bulk_reject", people["walidata"],
                 ids=[one["id"]], qa=qa_with(akurasi="fail"),
                 note="Periksa ulang")
    assert result["done"] == [one["id"]]
    assert state_of(people, one) == "draft"
    with pytest.raises(tk.ValidationError):
        act("satudata_dataset_bulk_reject", people["walidata"], ids=[])
    with pytest.raises(tk.ValidationError):
        act("satudata_dataset_bulk_reject", people["walidata"],
            ids=[f"id-{i}" for i in range(201)])


# -- the state in package_show, search and the API ---------------------------

def test_state_in_show_and_search_facet(people):
    for state in ("draft", "submitted", "verified", "published"):
        dataset_in(people, state, f"faset-{state}")
    result = act("package_search", people["walidata"], include_private=True,
                 **{"facet.field": '["satudata_state"]'})
    facet = {i["name"]: (i["count"], i["display_name"])
             for i in result["search_facets"]["satudata_state"]["items"]}
    assert facet == {"draft": (1, "Draft"), "submitted": (1, "Submitted"),
                     "verified": (1, "Verified"),
                     "published": (1, "Published")}
    public = act("package_search", None,
                 **{"facet.field": '["satudata_state"]'})
    assert public["count"] == 1
    assert [i["name"] for i in public["search_facets"]["satudata_state"][
        "items"]] == ["published"]
    shown = act("package_show", people["operator_a"], id="faset-verified")
    assert shown["satudata_state"] == "verified"
    # a show -> update round trip through the API keeps working
    shown = act("package_show", people["operator_a"], id="faset-draft")
    shown["notes"] = "Deskripsi baru"
    updated = tk.get_action("package_update")(
        {"user": people["operator_a"]["name"], "api_version": 3}, shown)
    assert updated["notes"] == "Deskripsi baru"
    assert updated["satudata_state"] == "draft"


def test_api_status_codes(app, people):
    pkg = dataset_in(people, "submitted", "api")
    url = "/api/3/action/satudata_dataset_verify"
    headers = {"Authorization": people["operator_a"]["token"]}
    res = app.post(url, json={"id": pkg["id"]}, headers=headers, status=403)
    assert res.json["success"] is False
    headers = {"Authorization": people["verifikator_a"]["token"]}
    res = app.post(url, json={"id": pkg["id"]}, headers=headers, status=200)
    assert res.json["result"]["state"] == "verified"
    res = app.post(url, json={"id": pkg["id"]}, headers=headers, status=409)
    assert "state" in res.json["error"]
    res = app.post(url, json={"id": "tidak-ada"}, headers=headers,
                   status=404)
    res = app.post("/api/3/action/satudata_dataset_publish",
                   json={"id": pkg["id"], "qa": {"akurasi": 5}},
                   headers={"Authorization": people["walidata"]["token"]},
                   status=409)
    assert "qa.akurasi" in res.json["error"]
    # anonymous may not read the verified dataset: not found, as one that
    # does not exist
    res = app.post(url, json={"id": pkg["id"]}, status=404)
