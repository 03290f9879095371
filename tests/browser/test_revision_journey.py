"""Revision of published data end to end in a real browser: the operator
asks for a revision -> the walidata opens it (a staged copy) -> the
operator edits the copy's description and replaces its file, and submits
-> the verifikator verifies -> the walidata reads what changes and
publishes -> the public sees the new description and downloads the new
file at the dataset's own address; the copy is gone. Meanwhile the public
keeps seeing the published version (old description, old file)."""

from __future__ import annotations

import io

from ckan import model
from ckan.plugins.toolkit import config
from werkzeug.datastructures import FileStorage

from tests.browser.conftest import (
    click_and_load,
    login,
    messages,
    workflow_on,
    workflow_state,
)
from tests.conftest import act
from tests.factories import opd, walidata
from tests.test_schemas import COMPLETE
from tests.workflow.conftest import QA_PASS

pytestmark = workflow_on

NAME = "jumlah-puskesmas-per-kecamatan-2025"
COPY = f"{NAME}-revisi-1"
RESOURCE = "Berkas puskesmas"
OLD_NOTES = "Jumlah puskesmas per kecamatan."
NEW_NOTES = "Jumlah puskesmas per kecamatan, termasuk Kedaton."
REASON = "Angka Kedaton belum dihitung."
OLD_FILE = b"kecamatan,jumlah\nTelukbetung,10\n"
NEW_FILE = b"kecamatan,jumlah\nTelukbetung,12\nKedaton,7\n"








def _open(page, path: str, live_server) -> None:
    """Go to a page that must answer 200."""
    response = page.goto(path)
    assert response.status == 200, (path, response.status,
                                     live_server.log_tail())


def _success(page) -> str:
    flash = page.locator(".flash-messages .alert-success")
    assert flash.count() == 1, messages(page)
    return flash.inner_text()


def _published(office: dict, portal: dict) -> dict:
    """A published dataset of the OPD with an uploaded CSV file, brought
    there through the actions."""
    operator = office["operator"]
    pkg = act("package_create", operator, **dict(
        COMPLETE, name=NAME, title="Jumlah Puskesmas per Kecamatan 2025",
        notes=OLD_NOTES, owner_org=office["org"]["id"]))
    stream = FileStorage(stream=io.BytesIO(OLD_FILE),
                         filename="puskesmas.csv", content_type="text/csv")
    act("resource_create", operator, package_id=pkg["id"], name=RESOURCE,
        format="CSV", upload=stream)
    act("satudata_dataset_submit", operator, id=pkg["id"],
        qc_statement=True)
    act("satudata_dataset_verify", office["verifikator"], id=pkg["id"],
        position="Kepala Dinas Kesehatan")
    return act("satudata_dataset_publish", portal["staff"], id=pkg["id"],
               qa=QA_PASS)


def _download(page, live_server) -> bytes:
    """From the dataset page: open the file's resource page and download
    the file through its download button."""
    with page.expect_navigation():
        page.click(f"li.resource-item a.heading:has-text('{RESOURCE}')")
    link = page.get_attribute("a.resource-url-analytics", "href")
    assert link and "/download/puskesmas.csv" in link, page.url
    response = page.request.get(link)
    assert response.ok, (link, response.status, live_server.log_tail())
    return response.body()


def _resource_id(page, name: str) -> str:
    item = page.locator("li.resource-item", has_text=name)
    assert item.count() == 1, page.url
    return item.get_attribute("data-id")


def test_published_data_is_revised_and_republished(new_page, live_server,
                                                  monkeypatch):
    # the site's address in the test process too: package_show answers
    # from the search index's copy of the dataset, whose file URLs are
    # made (with ckan.site_url) by the process that indexed it
    monkeypatch.setitem(config, "ckan.site_url", str(live_server))
    office = opd("dinkes", "Dinas Kesehatan")
    portal = walidata()
    _published(office, portal)
    model.Session.commit()
    operator, verifikator = office["operator"], office["verifikator"]

    # the operator asks for a revision on the published dataset's page
    op = new_page()
    login(op, operator)
    _open(op, f"/dataset/{NAME}", live_server)
    assert workflow_state(op) == "published"
    ask = op.locator("form.satudata-change-revision_request")
    ask.locator("textarea[name=reason]").fill(REASON)
    click_and_load(op, "form.satudata-change-revision_request "
            "button[type=submit]", live_server)
    assert "registered" in _success(op)
    assert op.url.endswith(f"/dataset/{NAME}")
    assert REASON in op.locator(".satudata-change-request").inner_text()

    # the walidata opens it: a staged copy
    wali = new_page()
    login(wali, portal["staff"])
    _open(wali, f"/dataset/{NAME}", live_server)
    opener = wali.locator("form.satudata-change-revision_open")
    assert opener.count() == 1, messages(wali)
    click_and_load(
        wali, "form.satudata-change-revision_open button[type=submit]",
        live_server)
    assert wali.url.endswith(f"/dataset/{COPY}"), messages(wali)
    assert "revision is open" in _success(wali)
    assert workflow_state(wali) == "draft"
    assert REASON in wali.locator(".satudata-revision-of").inner_text()

    # the operator edits the copy's description ...
    _open(op, f"/dataset/edit/{COPY}", live_server)
    assert op.input_value("#field-notes") == OLD_NOTES
    op.fill("#field-notes", NEW_NOTES)
    click_and_load(op, "button.btn-primary[name=save]", live_server)
    assert op.url.endswith(f"/dataset/{COPY}"), messages(op)
    assert "termasuk Kedaton" in op.locator(".notes").inner_text()

    # ... and replaces its file
    resource_id = _resource_id(op, RESOURCE)
    _open(op, f"/dataset/{COPY}/resource/{resource_id}/edit", live_server)
    # the page shows the current file's name and a "Clear Upload" button,
    # which brings up the file input
    assert op.input_value(".upload-type input[readonly]") == "puskesmas.csv"
    file_input = op.locator("#field-resource-upload")
    assert not file_input.is_visible()
    op.click("button:has-text('Clear Upload')")
    assert file_input.is_visible()
    file_input.set_input_files(files=[{
        "name": "puskesmas.csv", "mimeType": "text/csv",
        "buffer": NEW_FILE}])
    assert op.input_value("#field-name") == RESOURCE
    click_and_load(op, "button.btn-primary[name=save]", live_server)
    assert "/edit" not in op.url, messages(op)

    # meanwhile the public sees the published version only
    anon = new_page()
    _open(anon, f"/dataset/{NAME}", live_server)
    assert OLD_NOTES == anon.locator(".notes").inner_text().strip()
    assert _download(anon, live_server) == OLD_FILE
    _open(anon, f"/dataset/{NAME}", live_server)
    assert anon.locator(".satudata-workflow .satudata-revision-link"
                        ).count() == 0
    assert anon.request.get(f"/dataset/{COPY}").status == 404

    # the operator submits the copy
    _open(op, f"/dataset/{COPY}", live_server)
    assert workflow_state(op) == "draft"
    assert op.locator(".satudata-blockers").count() == 0, messages(op)
    op.check("#field-qc_statement")
    click_and_load(op, ".satudata-step-submit button[type=submit]",
                   live_server)
    assert workflow_state(op) == "submitted", messages(op)

    # the verifikator verifies it
    verif = new_page()
    login(verif, verifikator)
    _open(verif, f"/dataset/{COPY}", live_server)
    assert workflow_state(verif) == "submitted"
    verif.fill("#field-position", "Kepala Dinas Kesehatan")
    click_and_load(verif, "button[name=transition][value=verify]", live_server)
    assert workflow_state(verif) == "verified", messages(verif)

    # the walidata reads what changes ...
    _open(wali, f"/dataset/{NAME}/revisi", live_server)
    assert wali.get_attribute(".satudata-revision-state",
                              "data-state") == "verified"
    notes = wali.locator(".satudata-diff-fields tr[data-field=notes]")
    assert notes.locator(".satudata-old").inner_text().strip() == OLD_NOTES
    assert notes.locator(".satudata-new").inner_text().strip() == NEW_NOTES
    assert wali.locator(".satudata-diff-fields tbody tr").count() == 1
    changed = wali.locator(".satudata-resource-changed")
    assert changed.count() == 1
    assert RESOURCE in changed.inner_text()
    assert changed.locator(".satudata-file-changed").count() == 1
    assert wali.locator(".satudata-resource-added, "
                        ".satudata-resource-removed").count() == 0

    # ... and publishes it with the checklist
    with wali.expect_navigation():
        wali.click("a.btn-primary:has-text('Go to the revision')")
    assert wali.url.split("#")[0].endswith(f"/dataset/{COPY}")
    passes = wali.locator(".satudata-step-publish input[value=pass]")
    assert passes.count() == 9
    for radio in passes.all():
        radio.check()
    wali.fill("#field-note-publish", "Lolos penjaminan kualitas.")
    click_and_load(wali, "button[name=transition][value=publish]", live_server)
    assert wali.url.endswith(f"/dataset/{NAME}"), messages(wali)
    assert workflow_state(wali) == "published", messages(wali)
    assert "Version 2" in wali.locator(".satudata-version").inner_text()

    # the public sees the new description and downloads the new file at
    # the dataset's own address; the copy is gone
    _open(anon, f"/dataset/{NAME}", live_server)
    assert NEW_NOTES == anon.locator(".notes").inner_text().strip()
    assert _download(anon, live_server) == NEW_FILE
    assert anon.request.get(f"/dataset/{COPY}").status == 404
