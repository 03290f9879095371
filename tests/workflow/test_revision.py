"""Revision of published data: the request, the staged copy, the public
keeping the published version meanwhile, the field-by-field comparison,
publication in place (one transaction), discarding, and the previous
versions for staff only."""

from __future__ import annotations

import io
import os
from typing import Any

import ckan.lib.dictization.model_save as model_save
import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from werkzeug.datastructures import FileStorage

from ckanext.satudata.workflow import revision
from ckanext.satudata.workflow.model import (
    ChangeRequest,
    DatasetVersion,
    WorkflowEvent,
)
from tests.conftest import act
from tests.workflow.conftest import QA_PASS, advance, new_draft, workflow_on

pytestmark = workflow_on

OLD_FILE = b"kecamatan,jumlah\nTelukbetung,10\n"
NEW_FILE = b"kecamatan,jumlah\nTelukbetung,12\nKedaton,7\n"


def upload(user: dict, action: str, content: bytes, filename: str,
           **data: Any) -> dict[str, Any]:
    """A resource action with a file, as the form sends it."""
    stream = FileStorage(stream=io.BytesIO(content), filename=filename,
                         content_type="text/csv")
    return act(action, user, upload=stream, **data)


def published(people: dict, name: str = "data-terbit") -> dict[str, Any]:
    """A published dataset with a link and an uploaded file."""
    pkg = new_draft(people, name=name, title="Jumlah Puskesmas 2025",
                    notes="Jumlah puskesmas per kecamatan.")
    upload(people["operator_a"], "resource_create", OLD_FILE, "puskesmas.csv",
           package_id=pkg["id"], name="Berkas puskesmas", format="CSV")
    advance(people, pkg, "published")
    return act("package_show", people["operator_a"], id=pkg["id"])


def opened(people: dict, pkg: dict, reason: str = "Angka Kedaton salah"
           ) -> dict[str, Any]:
    act("satudata_revision_request", people["operator_a"], id=pkg["id"],
        reason=reason)
    return act("satudata_revision_open", people["walidata"], id=pkg["id"])


def copy_of(people: dict, result: dict) -> dict[str, Any]:
    return act("package_show", people["operator_a"],
               id=result["revision"]["id"])


def take_through(people: dict, copy: dict) -> dict[str, Any]:
    act("satudata_dataset_submit", people["operator_a"], id=copy["id"],
        qc_statement=True)
    act("satudata_dataset_verify", people["verifikator_a"], id=copy["id"])
    return act("satudata_dataset_publish", people["walidata"],
               id=copy["id"], qa=QA_PASS, note="Sudah diperiksa")


def file_of(resource: dict) -> bytes:
    path = revision.file_path(resource["id"])
    assert path and os.path.exists(path), resource
    with open(path, "rb") as handle:
        return handle.read()


def errors_of(excinfo: Any) -> dict:
    return excinfo.value.error_dict


# -- requests and opening -----------------------------------------------------

def test_operator_asks_and_walidata_opens_a_staged_copy(people):
    pkg = published(people)
    request = act("satudata_revision_request", people["operator_a"],
                  id=pkg["id"], reason="Angka Kedaton salah")
    assert request["status"] == "received"
    assert request["requested_by"] == people["operator_a"]["name"]

    result = act("satudata_revision_open", people["walidata"], id=pkg["name"])
    assert result["request"]["id"] == request["id"]
    assert result["request"]["status"] == "in_progress"
    copy = copy_of(people, result)
    assert copy["id"] != pkg["id"]
    assert copy["name"] == f"{pkg['name']}-revisi-1"
    assert copy["private"] is True
    assert copy["owner_org"] == pkg["owner_org"]
    assert copy["satudata_state"] == "draft"
    assert copy["title"] == pkg["title"]
    assert copy["notes"] == pkg["notes"]
    assert [r["name"] for r in copy["resources"]] == [
        r["name"] for r in pkg["resources"]]
    # the uploaded file is the copy's own, with the same bytes
    uploaded = next(r for r in copy["resources"] if r["url_type"] == "upload")
    assert uploaded["id"] not in {r["id"] for r in pkg["resources"]}
    assert file_of(uploaded) == OLD_FILE
    # the published dataset is unchanged and still public
    again = act("package_show", None, id=pkg["id"])
    assert again["metadata_modified"] == pkg["metadata_modified"]
    assert again["satudata_state"] == "published"


def test_walidata_opens_directly_with_a_reason(people):
    pkg = published(people)
    with pytest.raises(tk.ValidationError) as excinfo:
        act("satudata_revision_open", people["walidata"], id=pkg["id"])
    assert "reason" in errors_of(excinfo)
    result = act("satudata_revision_open", people["walidata"], id=pkg["id"],
                 reason="Aduan warga: angka tidak cocok")
    assert result["request"]["requested_by"] == people["walidata"]["name"]
    assert result["request"]["reason"] == "Aduan warga: angka tidak cocok"


@pytest.mark.parametrize("who", ["public", "operator_b", "verifikator_b",
                                 "pembina", None])
def test_who_may_not_ask_for_a_revision(people, who):
    pkg = published(people)
    user = people[who] if who else None
    with pytest.raises(tk.NotAuthorized):
        act("satudata_revision_request", user, id=pkg["id"], reason="x")
    assert not model.Session.query(ChangeRequest).count()


@pytest.mark.parametrize("who", ["operator_a", "verifikator_a", "public",
                                 "pembina"])
def test_only_the_walidata_opens_a_revision(people, who):
    pkg = published(people)
    with pytest.raises(tk.NotAuthorized):
        act("satudata_revision_open", people[who], id=pkg["id"], reason="x")
    assert model.Package.get(f"{pkg['name']}-revisi-1") is None


def test_verifikator_may_ask_too(people):
    pkg = published(people)
    assert act("satudata_revision_request", people["verifikator_a"],
               id=pkg["id"], reason="Salah ketik")["status"] == "received"


@pytest.mark.parametrize("state", ["draft", "submitted", "verified"])
def test_unpublished_data_is_not_revised(people, state):
    pkg = new_draft(people, name=f"data-{state}")
    if state != "draft":
        advance(people, pkg, state)
    with pytest.raises(tk.ValidationError) as excinfo:
        act("satudata_revision_request", people["operator_a"], id=pkg["id"],
            reason="x")
    assert "state" in errors_of(excinfo)
    with pytest.raises(tk.ValidationError):
        act("satudata_revision_open", people["walidata"], id=pkg["id"],
            reason="x")
    assert not model.Session.query(ChangeRequest).count()


def test_one_revision_at_a_time(people):
    pkg = published(people)
    opened(people, pkg)
    with pytest.raises(tk.ValidationError):
        act("satudata_revision_request", people["operator_a"], id=pkg["id"],
            reason="lagi")
    with pytest.raises(tk.ValidationError):
        act("satudata_revision_open", people["walidata"], id=pkg["id"],
            reason="lagi")
    assert model.Session.query(ChangeRequest).count() == 1
    assert model.Package.get(f"{pkg['name']}-revisi-2") is None


@pytest.mark.parametrize("bad", [{}, {"reason": ""}, {"reason": "  "}])
def test_a_request_needs_a_reason(people, bad):
    pkg = published(people)
    with pytest.raises(tk.ValidationError) as excinfo:
        act("satudata_revision_request", people["operator_a"], id=pkg["id"],
            **bad)
    assert "reason" in errors_of(excinfo)


def test_unknown_dataset_is_not_found(people):
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_revision_request", people["operator_a"],
            id="tidak-ada", reason="x")


# -- during the revision ------------------------------------------------------

def edit_copy(people: dict, copy: dict) -> dict[str, Any]:
    """The operator changes the notes, replaces the uploaded file and adds
    a resource."""
    act("package_patch", people["operator_a"], id=copy["id"],
        notes="Jumlah puskesmas per kecamatan, termasuk Kedaton.")
    uploaded = next(r for r in copy["resources"] if r["url_type"] == "upload")
    upload(people["operator_a"], "resource_update", NEW_FILE,
           "puskesmas.csv", id=uploaded["id"], name="Berkas puskesmas",
           format="CSV")
    act("resource_create", people["operator_a"], package_id=copy["id"],
        name="Peta puskesmas", url="http://example.com/peta.geojson",
        format="GeoJSON")
    return act("package_show", people["operator_a"], id=copy["id"])


def test_public_keeps_the_published_version_during_the_revision(people):
    pkg = published(people)
    copy = edit_copy(people, copy_of(people, opened(people, pkg)))
    take = copy_of(people, {"revision": copy})
    act("satudata_dataset_submit", people["operator_a"], id=take["id"],
        qc_statement=True)
    act("satudata_dataset_verify", people["verifikator_a"], id=take["id"])

    public = act("package_show", None, id=pkg["name"])
    assert public["notes"] == "Jumlah puskesmas per kecamatan."
    assert len(public["resources"]) == len(pkg["resources"])
    uploaded = next(r for r in public["resources"]
                    if r["url_type"] == "upload")
    assert file_of(uploaded) == OLD_FILE
    found = act("package_search", None, q="Kedaton")["results"]
    assert found == []
    found = act("package_search", None, q="puskesmas")["results"]
    assert [d["name"] for d in found] == [pkg["name"]]
    # the copy is no dataset of its own: not found by the public, left out
    # of staff searches
    with pytest.raises(tk.ObjectNotFound):
        act("package_show", None, id=copy["id"])
    staff = act("package_search", people["operator_a"], q="puskesmas",
                include_private=True)["results"]
    assert [d["name"] for d in staff] == [pkg["name"]]


def test_diff_lists_exactly_what_changed(people):
    pkg = published(people)
    copy = edit_copy(people, copy_of(people, opened(people, pkg)))
    link = next(r for r in copy["resources"] if r["name"] == "Tabel data")
    act("resource_delete", people["operator_a"], id=link["id"])

    diff = act("satudata_revision_diff", people["walidata"], id=pkg["id"])
    assert diff["changed"] is True
    assert [f["field"] for f in diff["fields"]] == ["notes"]
    assert diff["fields"][0]["old"] == "Jumlah puskesmas per kecamatan."
    assert diff["fields"][0]["new"].endswith("termasuk Kedaton.")
    resources = diff["resources"]
    assert [r["name"] for r in resources["added"]] == ["Peta puskesmas"]
    assert [r["name"] for r in resources["removed"]] == ["Tabel data"]
    [changed] = resources["changed"]
    assert changed["name"] == "Berkas puskesmas"
    assert changed["file_changed"] is True
    # the same diff from the copy's side, for the verifikator
    assert act("satudata_revision_diff", people["verifikator_a"],
               id=copy["id"]) == diff


def test_diff_of_an_untouched_revision_is_empty(people):
    pkg = published(people)
    opened(people, pkg)
    diff = act("satudata_revision_diff", people["verifikator_a"],
               id=pkg["id"])
    assert diff["changed"] is False
    assert diff["fields"] == []
    assert diff["resources"] == {"added": [], "removed": [], "changed": []}


@pytest.mark.parametrize("who", ["public", "operator_b", None])
def test_diff_is_for_staff(people, who):
    pkg = published(people)
    opened(people, pkg)
    with pytest.raises((tk.NotAuthorized, tk.ObjectNotFound)):
        act("satudata_revision_diff", people[who] if who else None,
            id=pkg["id"])


def test_pembina_reads_the_diff(people):
    pkg = published(people)
    opened(people, pkg)
    assert act("satudata_revision_diff", people["pembina"],
               id=pkg["id"])["changed"] is False


def test_no_diff_without_a_revision(people):
    pkg = published(people)
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_revision_diff", people["walidata"], id=pkg["id"])


def test_published_data_itself_stays_closed_to_edits(people):
    pkg = published(people)
    opened(people, pkg)
    with pytest.raises(tk.NotAuthorized):
        act("package_patch", people["operator_a"], id=pkg["id"],
            notes="langsung")


# -- publishing the revision --------------------------------------------------

def test_publishing_replaces_the_published_version(people):
    pkg = published(people)
    result = opened(people, pkg)
    copy = edit_copy(people, copy_of(people, result))
    take_through(people, copy)

    public = act("package_show", None, id=pkg["name"])
    assert public["id"] == pkg["id"]
    assert public["notes"].endswith("termasuk Kedaton.")
    assert public["private"] is False
    assert public["satudata_state"] == "published"
    assert public["satudata_version"]["number"] == 2
    assert public["satudata_version"]["reason"] == "Angka Kedaton salah"
    names = sorted(r["name"] for r in public["resources"])
    assert names == ["Berkas puskesmas", "Peta puskesmas", "Tabel data"]
    uploaded = next(r for r in public["resources"]
                    if r["url_type"] == "upload")
    assert file_of(uploaded) == NEW_FILE
    # the replaced file has a new resource id: the old file stays
    old = next(r for r in pkg["resources"] if r["url_type"] == "upload")
    assert uploaded["id"] != old["id"]
    assert file_of(old) == OLD_FILE
    # an unchanged link keeps its id
    link = next(r for r in pkg["resources"] if r["name"] == "Tabel data")
    assert link["id"] in {r["id"] for r in public["resources"]}
    assert act("package_search", None, q="Kedaton")["count"] == 1

    # the copy is retired, the request done
    assert model.Package.get(copy["id"]).state == "deleted"
    request = model.Session.get(ChangeRequest, result["request"]["id"])
    assert (request.status, request.version) == ("done", 2)
    # the public history shows the new version with its reason
    flow = act("satudata_workflow_show", None, id=pkg["id"])
    revise = [e for e in flow["history"] if e["transition"] == "revise"]
    assert [e["note"] for e in revise] == ["Angka Kedaton salah"]
    assert flow["version"]["number"] == 2
    # the activity stream records the change by the walidata
    stream = act("package_activity_list", None, id=pkg["id"])
    assert stream[0]["activity_type"] == "changed package"
    assert stream[0]["user_id"] == people["walidata"]["id"]


def test_previous_versions_are_kept_for_staff(people):
    pkg = published(people)
    take_through(people, edit_copy(people, copy_of(people, opened(
        people, pkg))))

    versions = act("satudata_dataset_version_list", people["operator_a"],
                   id=pkg["id"])
    assert [(v["number"], v["current"]) for v in versions] == [
        (2, True), (1, False)]
    assert versions[0]["reason"] == "Angka Kedaton salah"
    assert versions[1]["replaced"] is not None
    first = act("satudata_dataset_version_show", people["pembina"],
                id=pkg["id"], version=1)
    assert first["notes"] == "Jumlah puskesmas per kecamatan."
    assert first["satudata_version"]["number"] == 1
    old = next(r for r in first["resources"] if r["url_type"] == "upload")
    assert file_of(old) == OLD_FILE
    current = act("satudata_dataset_version_show", people["walidata"],
                  id=pkg["id"], version=2)
    assert current["notes"].endswith("termasuk Kedaton.")
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_dataset_version_show", people["walidata"],
            id=pkg["id"], version=3)


@pytest.mark.parametrize("who", ["public", "operator_b", None])
def test_previous_versions_are_not_public(people, who):
    pkg = published(people)
    take_through(people, edit_copy(people, copy_of(people, opened(
        people, pkg))))
    user = people[who] if who else None
    with pytest.raises(tk.NotAuthorized):
        act("satudata_dataset_version_list", user, id=pkg["id"])
    with pytest.raises(tk.NotAuthorized):
        act("satudata_dataset_version_show", user, id=pkg["id"], version=1)


def test_previous_file_download_is_for_staff(app, people):
    pkg = published(people)
    take_through(people, edit_copy(people, copy_of(people, opened(
        people, pkg))))
    old = next(r for r in pkg["resources"] if r["url_type"] == "upload")
    url = f"/dataset/{pkg['name']}/versi/1/berkas/{old['id']}"
    staff = {"Authorization": people["operator_a"]["token"]}
    response = app.get(url, headers=staff)
    assert response.status_code == 200
    assert response.data == OLD_FILE
    assert app.get(url).status_code == 403
    outsider = {"Authorization": people["operator_b"]["token"]}
    assert app.get(url, headers=outsider).status_code == 403
    # the public resource page of the old file is gone
    gone = app.get(f"/dataset/{pkg['name']}/resource/{old['id']}")
    assert gone.status_code == 404
    assert app.get(f"/dataset/{pkg['name']}/versi",
                   headers=staff).status_code == 200
    assert app.get(f"/dataset/{pkg['name']}/versi").status_code == 403


def test_a_crash_while_publishing_leaves_the_old_version(people,
                                                         monkeypatch):
    pkg = published(people)
    result = opened(people, pkg)
    copy = edit_copy(people, copy_of(people, result))
    act("package_patch", people["operator_a"], id=copy["id"],
        title="Jumlah Puskesmas 2025 (revisi)")
    act("satudata_dataset_submit", people["operator_a"], id=copy["id"],
        qc_statement=True)
    act("satudata_dataset_verify", people["verifikator_a"], id=copy["id"])

    real = model_save.package_resource_list_save
    calls = []

    def crash(res_dicts, package, context, copy_resources):
        # the dataset's own fields are already written when this runs
        calls.append(package.id)
        real(res_dicts, package, context, copy_resources)
        raise RuntimeError("disk full")

    monkeypatch.setattr(model_save, "package_resource_list_save", crash)
    with pytest.raises(RuntimeError):
        act("satudata_dataset_publish", people["walidata"], id=copy["id"],
            qa=QA_PASS)
    monkeypatch.setattr(model_save, "package_resource_list_save", real)
    assert calls == [pkg["id"]]

    model.Session.remove()
    public = act("package_show", None, id=pkg["id"])
    assert public["title"] == "Jumlah Puskesmas 2025"
    assert public["notes"] == "Jumlah puskesmas per kecamatan."
    assert sorted(r["id"] for r in public["resources"]) == sorted(
        r["id"] for r in pkg["resources"])
    assert act("package_search", None, q="revisi")["count"] == 0
    assert model.Package.get(copy["id"]).state == "active"
    request = model.Session.get(ChangeRequest, result["request"]["id"])
    assert request.status == "in_progress"
    assert model.Session.query(DatasetVersion).count() == 0
    assert model.Session.query(WorkflowEvent).filter(
        WorkflowEvent.transition == "revise").count() == 0
    flow = act("satudata_workflow_show", people["walidata"], id=copy["id"])
    assert flow["state"] == "verified"

    # and it can be published afterwards
    act("satudata_dataset_publish", people["walidata"], id=copy["id"],
        qa=QA_PASS)
    public = act("package_show", None, id=pkg["id"])
    assert public["title"] == "Jumlah Puskesmas 2025 (revisi)"


def test_revision_is_returned_and_rejected_like_new_data(people):
    pkg = published(people)
    copy = copy_of(people, opened(people, pkg))
    act("satudata_dataset_submit", people["operator_a"], id=copy["id"],
        qc_statement=True)
    act("satudata_dataset_return", people["verifikator_a"], id=copy["id"],
        note="Belum ada perubahan")
    act("package_patch", people["operator_a"], id=copy["id"],
        notes="Diperbaiki")
    act("satudata_dataset_submit", people["operator_a"], id=copy["id"],
        qc_statement=True)
    act("satudata_dataset_verify", people["verifikator_a"], id=copy["id"])
    failing = dict(QA_PASS, akurasi={"result": "fail", "note": "Cek lagi"})
    with pytest.raises(tk.ValidationError):
        act("satudata_dataset_publish", people["walidata"], id=copy["id"],
            qa=failing)
    act("satudata_dataset_reject", people["walidata"], id=copy["id"],
        qa=failing, note="Cek lagi")
    flow = act("satudata_workflow_show", people["operator_a"], id=copy["id"])
    assert flow["state"] == "draft"
    assert flow["last_return"]["note"] == "Cek lagi"
    assert flow["revision_of"]["id"] == pkg["id"]
    assert act("package_show", None, id=pkg["id"])["notes"] == (
        "Jumlah puskesmas per kecamatan.")


def test_task_lists_carry_the_revision(people):
    pkg = published(people)
    copy = copy_of(people, opened(people, pkg))
    act("satudata_dataset_submit", people["operator_a"], id=copy["id"],
        qc_statement=True)
    tasks = act("satudata_task_list", people["verifikator_a"],
                role="verifikator")
    assert [(t["id"], t["revision_of"]) for t in tasks["items"]] == [
        (copy["id"], pkg["id"])]


# -- discarding ---------------------------------------------------------------

def test_operator_discards_a_draft_revision(people):
    pkg = published(people)
    result = opened(people, pkg)
    copy = edit_copy(people, copy_of(people, result))
    request = act("satudata_revision_discard", people["operator_a"],
                  id=copy["id"], note="Tidak jadi")
    assert request["status"] == "cancelled"
    assert model.Package.get(copy["id"]).state == "deleted"
    assert act("package_show", None, id=pkg["id"])["notes"] == (
        "Jumlah puskesmas per kecamatan.")
    # the copy's history stays on record
    assert model.Session.query(WorkflowEvent).filter(
        WorkflowEvent.package_id == copy["id"]).count() >= 1
    # a new revision can be opened
    again = act("satudata_revision_open", people["walidata"], id=pkg["id"],
                reason="Sekali lagi")
    assert again["revision"]["name"] == f"{pkg['name']}-revisi-2"


def test_operator_may_not_discard_after_submission(people):
    pkg = published(people)
    copy = copy_of(people, opened(people, pkg))
    act("satudata_dataset_submit", people["operator_a"], id=copy["id"],
        qc_statement=True)
    with pytest.raises(tk.NotAuthorized):
        act("satudata_revision_discard", people["operator_a"], id=copy["id"])
    act("satudata_dataset_verify", people["verifikator_a"], id=copy["id"])
    request = act("satudata_revision_discard", people["walidata"],
                  id=pkg["id"], note="Tidak perlu")
    assert request["status"] == "cancelled"


@pytest.mark.parametrize("who", ["operator_b", "public", "pembina"])
def test_outsiders_may_not_discard(people, who):
    pkg = published(people)
    copy = copy_of(people, opened(people, pkg))
    with pytest.raises((tk.NotAuthorized, tk.ObjectNotFound)):
        act("satudata_revision_discard", people[who], id=copy["id"])
    assert model.Package.get(copy["id"]).state == "active"


def test_discard_without_a_revision_is_refused(people):
    pkg = published(people)
    with pytest.raises(tk.ValidationError):
        act("satudata_revision_discard", people["walidata"], id=pkg["id"])


def test_the_copy_is_discarded_not_deleted(people):
    pkg = published(people)
    copy = copy_of(people, opened(people, pkg))
    with pytest.raises(tk.NotAuthorized):
        act("package_delete", people["operator_a"], id=copy["id"])
    assert model.Package.get(copy["id"]).state == "active"
