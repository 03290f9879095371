"""Withdrawal of published data: requests, the walidata's decision, the
tombstone (HTTP 410), restore with history intact, revising withdrawn
data, the register, and purging (sysadmin CLI, with confirmation)."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan as ckan_cli

from ckanext.satudata.workflow.model import ChangeRequest, WorkflowEvent
from tests.conftest import act
from tests.workflow.conftest import QA_PASS, dataset_in, workflow_on

pytestmark = workflow_on

REASON = "Memuat NIK warga (aduan privasi)"


def withdrawn(people: dict, name: str = "data-ditarik") -> dict:
    pkg = dataset_in(people, "published", name)
    act("satudata_dataset_withdraw", people["walidata"], id=pkg["id"],
        reason=REASON)
    return pkg


def test_walidata_withdraws_published_data(people, app):
    pkg = dataset_in(people, "published", "data-terbit")
    flow = act("satudata_dataset_withdraw", people["walidata"], id=pkg["id"],
               reason=REASON)
    assert flow["state"] == "withdrawn"

    # gone for the public: API, search, organisation
    with pytest.raises(tk.ObjectNotFound) as excinfo:
        act("package_show", None, id=pkg["name"])
    assert "withdrawn" in str(excinfo.value)
    with pytest.raises(tk.ObjectNotFound):
        act("resource_show", None, id=pkg["resources"][0]["id"])
    assert act("package_search", None, q="*:*")["count"] == 0
    assert act("package_search", people["public"], q="*:*")["count"] == 0
    org = act("organization_show", None, id=people["org_a"]["id"],
              include_datasets=True)
    assert org["package_count"] == 0

    # the page answers 410 with the tombstone
    page = app.get(f"/dataset/{pkg['name']}")
    assert page.status_code == 410
    text = page.get_data(as_text=True)
    assert pkg["title"] in text
    assert REASON in text
    assert people["org_a"]["title"] in text
    assert "satudata-tombstone-withdrawn" in text
    resource = app.get(
        f"/dataset/{pkg['name']}/resource/{pkg['resources'][0]['id']}")
    assert resource.status_code == 410
    api = app.get(f"/api/3/action/package_show?id={pkg['name']}")
    assert api.status_code == 404
    assert "withdrawn" in api.get_json()["error"]["message"]

    # staff still read everything
    for who in ("operator_a", "verifikator_a", "walidata", "pembina"):
        shown = act("package_show", people[who], id=pkg["id"])
        assert shown["satudata_state"] == "withdrawn"
        assert shown["resources"]
    staff = {"Authorization": people["operator_a"]["token"]}
    assert app.get(f"/dataset/{pkg['name']}", headers=staff
                   ).status_code == 200


def test_tombstone_action(people):
    pkg = withdrawn(people)
    stone = act("satudata_tombstone_show", None, id=pkg["name"])
    assert stone["title"] == pkg["title"]
    assert stone["organization"]["title"] == people["org_a"]["title"]
    assert stone["reason"] == REASON
    assert stone["published"] < stone["withdrawn"]
    assert [o["name"] for o in stone["contact"]["organizations"]] == [
        people["walidata_org"]["name"]]
    # only withdrawn data has a tombstone
    published = dataset_in(people, "published", "data-lain")
    draft = dataset_in(people, "draft", "data-draf")
    for other in (published, draft):
        with pytest.raises(tk.ObjectNotFound):
            act("satudata_tombstone_show", None, id=other["id"])


@pytest.mark.ckan_config("ckanext.satudata.contact_email",
                         "satudata@kota.go.id")
def test_tombstone_gives_the_contact_address(people, app):
    pkg = withdrawn(people)
    page = app.get(f"/dataset/{pkg['name']}")
    assert "mailto:satudata@kota.go.id" in page.get_data(as_text=True)


def test_a_withdrawal_needs_a_reason(people):
    pkg = dataset_in(people, "published", "data-terbit")
    for bad in ({}, {"reason": ""}, {"reason": "   "}):
        with pytest.raises(tk.ValidationError) as excinfo:
            act("satudata_dataset_withdraw", people["walidata"],
                id=pkg["id"], **bad)
        assert "reason" in excinfo.value.error_dict
    assert act("package_show", None, id=pkg["id"])["private"] is False
    assert not model.Session.query(WorkflowEvent).filter(
        WorkflowEvent.transition == "withdraw").count()


@pytest.mark.parametrize("who", ["operator_a", "verifikator_a", "pembina",
                                 "public", "operator_b"])
def test_only_the_walidata_withdraws(people, who):
    pkg = dataset_in(people, "published", "data-terbit")
    with pytest.raises(tk.NotAuthorized):
        act("satudata_dataset_withdraw", people[who], id=pkg["id"],
            reason=REASON)
    assert act("package_show", None, id=pkg["id"])["private"] is False


@pytest.mark.parametrize("state", ["draft", "submitted", "verified"])
def test_unpublished_data_is_not_withdrawn(people, state):
    pkg = dataset_in(people, state, f"data-{state}")
    with pytest.raises(tk.ValidationError) as excinfo:
        act("satudata_dataset_withdraw", people["walidata"], id=pkg["id"],
            reason=REASON)
    assert "state" in excinfo.value.error_dict


def test_withdrawn_data_is_not_edited_or_deleted(people):
    pkg = withdrawn(people)
    for who in ("operator_a", "verifikator_a"):
        with pytest.raises(tk.NotAuthorized):
            act("package_patch", people[who], id=pkg["id"], notes="x")
        with pytest.raises(tk.NotAuthorized):
            act("package_delete", people[who], id=pkg["id"])
    with pytest.raises(tk.NotAuthorized):
        act("package_patch", people["operator_a"], id=pkg["id"],
            private=False)
    assert model.Package.get(pkg["id"]).state == "active"


# -- restore ------------------------------------------------------------------

def test_restore_brings_everything_back_with_history(people, app):
    pkg = withdrawn(people)
    flow = act("satudata_dataset_restore", people["walidata"], id=pkg["id"],
               reason="NIK sudah dihapus dari berkas")
    assert flow["state"] == "published"
    shown = act("package_show", None, id=pkg["name"])
    assert shown["resources"][0]["id"] == pkg["resources"][0]["id"]
    assert act("package_search", None, q="*:*")["count"] == 1
    assert app.get(f"/dataset/{pkg['name']}").status_code == 200
    history = act("satudata_workflow_show", people["walidata"],
                  id=pkg["id"])["history"]
    assert [e["transition"] for e in history] == [
        "create", "submit", "verify", "publish", "withdraw", "restore"]
    public = act("satudata_workflow_show", None, id=pkg["id"])["history"]
    assert [(e["transition"], e["note"]) for e in public] == [
        ("publish", None), ("withdraw", REASON),
        ("restore", "NIK sudah dihapus dari berkas")]


def test_restore_needs_a_withdrawn_dataset_and_a_reason(people):
    pkg = dataset_in(people, "published", "data-terbit")
    with pytest.raises(tk.ValidationError) as excinfo:
        act("satudata_dataset_restore", people["walidata"], id=pkg["id"],
            reason="x")
    assert "state" in excinfo.value.error_dict
    act("satudata_dataset_withdraw", people["walidata"], id=pkg["id"],
        reason=REASON)
    with pytest.raises(tk.ValidationError) as excinfo:
        act("satudata_dataset_restore", people["walidata"], id=pkg["id"])
    assert "reason" in excinfo.value.error_dict
    with pytest.raises(tk.NotAuthorized):
        act("satudata_dataset_restore", people["operator_a"], id=pkg["id"],
            reason="x")
    assert act("satudata_workflow_show", people["walidata"],
               id=pkg["id"])["state"] == "withdrawn"


def test_withdrawn_data_is_revised_back_to_publication(people):
    pkg = withdrawn(people)
    act("satudata_revision_request", people["operator_a"], id=pkg["id"],
        reason="Hapus kolom NIK")
    result = act("satudata_revision_open", people["walidata"], id=pkg["id"])
    copy = result["revision"]
    act("package_patch", people["operator_a"], id=copy["id"],
        notes="Tanpa kolom NIK.")
    act("satudata_dataset_submit", people["operator_a"], id=copy["id"],
        qc_statement=True)
    act("satudata_dataset_verify", people["verifikator_a"], id=copy["id"])
    act("satudata_dataset_publish", people["walidata"], id=copy["id"],
        qa=QA_PASS)
    shown = act("package_show", None, id=pkg["name"])
    assert shown["notes"] == "Tanpa kolom NIK."
    assert shown["satudata_state"] == "published"
    assert shown["satudata_version"]["number"] == 2


# -- requests and the register ----------------------------------------------

def test_withdrawal_request_is_carried_out(people):
    pkg = dataset_in(people, "published", "data-terbit")
    request = act("satudata_withdrawal_request", people["verifikator_a"],
                  id=pkg["id"], reason=REASON)
    assert request["status"] == "received"
    with pytest.raises(tk.ValidationError):
        act("satudata_withdrawal_request", people["operator_a"],
            id=pkg["id"], reason="lagi")
    act("satudata_dataset_withdraw", people["walidata"], id=pkg["id"],
        reason=REASON)
    found = model.Session.get(ChangeRequest, request["id"])
    assert (found.status, found.handled_by) == (
        "done", people["walidata"]["name"])


@pytest.mark.parametrize("who", ["public", "operator_b", "pembina"])
def test_who_may_not_ask_for_a_withdrawal(people, who):
    pkg = dataset_in(people, "published", "data-terbit")
    with pytest.raises(tk.NotAuthorized):
        act("satudata_withdrawal_request", people[who], id=pkg["id"],
            reason=REASON)


def test_walidata_refuses_a_request_with_a_reason(people):
    pkg = dataset_in(people, "published", "data-terbit")
    request = act("satudata_revision_request", people["operator_a"],
                  id=pkg["id"], reason="Ganti judul")
    with pytest.raises(tk.NotAuthorized):
        act("satudata_change_request_refuse", people["operator_a"],
            request_id=request["id"], reason="x")
    with pytest.raises(tk.ValidationError):
        act("satudata_change_request_refuse", people["walidata"],
            request_id=request["id"], reason=" ")
    refused = act("satudata_change_request_refuse", people["walidata"],
                  request_id=request["id"], reason="Judul sudah sesuai SD")
    assert refused["status"] == "refused"
    assert refused["decision_note"] == "Judul sudah sesuai SD"
    with pytest.raises(tk.ValidationError):
        act("satudata_change_request_refuse", people["walidata"],
            request_id=request["id"], reason="lagi")
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_change_request_refuse", people["walidata"],
            request_id="tidak-ada", reason="x")
    # a new request may follow a refused one
    assert act("satudata_revision_request", people["operator_a"],
               id=pkg["id"], reason="Ganti judul, alasan baru")


def test_the_register(people):
    mine = dataset_in(people, "published", "data-a")
    other = dataset_in(people, "published", "data-b", org="b")
    act("satudata_revision_request", people["operator_a"], id=mine["id"],
        reason="Revisi A")
    act("satudata_withdrawal_request", people["operator_b"], id=other["id"],
        reason="Tarik B")
    act("satudata_dataset_withdraw", people["walidata"], id=other["id"],
        reason="Tarik B")

    every = act("satudata_change_request_list", people["walidata"])
    assert [(r["title"], r["kind"], r["status"]) for r in every["items"]
            ] == [("Data published data-b", "withdrawal", "done"),
                  ("Data published data-a", "revision", "received")]
    assert act("satudata_change_request_list", people["pembina"])[
        "count"] == 2
    own = act("satudata_change_request_list", people["operator_a"])
    assert [r["title"] for r in own["items"]] == ["Data published data-a"]
    opened = act("satudata_change_request_list", people["walidata"],
                 status="open")
    assert [r["kind"] for r in opened["items"]] == ["revision"]
    assert act("satudata_change_request_list", people["walidata"],
               kind="withdrawal")["count"] == 1
    assert act("satudata_change_request_list", people["walidata"],
               id=mine["name"])["count"] == 1
    for who in ("public", None):
        with pytest.raises(tk.NotAuthorized):
            act("satudata_change_request_list",
                people[who] if who else None)
    with pytest.raises(tk.ValidationError):
        act("satudata_change_request_list", people["walidata"],
            status="entah")


def test_register_page(app, people):
    pkg = dataset_in(people, "published", "data-a")
    act("satudata_revision_request", people["operator_a"], id=pkg["id"],
        reason="Revisi <b>A</b>")
    page = app.get("/satudata/perubahan",
                   headers={"Authorization": people["walidata"]["token"]})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Revisi &lt;b&gt;A&lt;/b&gt;" in text
    assert "satudata-decide" in text
    public = app.get("/satudata/perubahan",
                     headers={"Authorization": people["public"]["token"]})
    assert public.status_code == 403


# -- purging ------------------------------------------------------------------

def test_purge_is_for_sysadmins_and_asks_first(cli, people):
    pkg = withdrawn(people)
    refused = cli.invoke(ckan_cli, ["satudata", "purge-dataset", pkg["name"],
                                    "--user", people["walidata"]["name"]])
    assert refused.exit_code != 0
    assert "sysadmin" in refused.output
    kept = cli.invoke(ckan_cli, ["satudata", "purge-dataset", pkg["name"],
                                 "--user", people["sysadmin"]["name"]],
                      input="n\n")
    assert kept.exit_code == 0, kept.output
    assert "Nothing purged" in kept.output
    assert model.Package.get(pkg["id"]) is not None

    done = cli.invoke(ckan_cli, ["satudata", "purge-dataset", pkg["name"],
                                 "--user", people["sysadmin"]["name"]],
                      input="y\n")
    assert done.exit_code == 0, done.output
    model.Session.remove()
    assert model.Package.get(pkg["id"]) is None
    [event] = model.Session.query(WorkflowEvent).filter(
        WorkflowEvent.package_id == pkg["id"],
        WorkflowEvent.transition == "purge").all()
    assert event.actor_name == people["sysadmin"]["name"]
    assert event.data["name"] == pkg["name"]


def test_published_data_is_not_purged(cli, people):
    pkg = dataset_in(people, "published", "data-terbit")
    result = cli.invoke(ckan_cli, ["satudata", "purge-dataset", pkg["name"],
                                   "--user", people["sysadmin"]["name"],
                                   "--yes"])
    assert result.exit_code != 0
    assert "withdraw it first" in result.output
    assert model.Package.get(pkg["id"]) is not None

