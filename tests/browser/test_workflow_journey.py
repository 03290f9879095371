"""The verification workflow end to end in a real browser: operator
creates and submits -> verifikator returns with a note -> operator fixes
and resubmits -> verifikator verifies -> walidata publishes with the
checklist -> anonymous user finds it in search."""

from ckan import model

from tests.browser.conftest import (
    click_and_load,
    fill_title,
    login,
    messages,
    open_dataset_form,
    workflow_on,
    workflow_state,
)
from tests.factories import opd, walidata

pytestmark = workflow_on

NAME = "cakupan-imunisasi-campak-balita-2025"
#: a word of the title, searched for by the anonymous visitor
WORD = "imunisasi"
RETURN_NOTE = "Definisi belum menyebut kelompok umur balita (0-59 bulan)."
NEW_NOTES = ("Persentase balita yang mendapat imunisasi campak, per "
             "kecamatan. Balita: anak umur 0-59 bulan.")








def _found_by(page, query: str) -> list[str]:
    page.goto(f"/dataset/?q={query}")
    return page.locator(".dataset-heading a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")


def _create_dataset(page) -> None:
    """The operator fills the form with the mandatory SDI metadata and
    adds a link resource."""
    open_dataset_form(page)
    fill_title(page, "Cakupan Imunisasi Campak Balita 2025")
    page.fill("#field-notes", "Persentase balita yang mendapat imunisasi "
              "campak, per kecamatan.")
    page.fill("#field-kontak_nama", "Siti Rahmawati")
    page.fill("#field-kontak_email", "data@dinkes.bandarlampungkota.go.id")
    page.fill("#field-konsep", "Imunisasi campak melindungi balita dari "
              "penyakit campak.")
    page.fill("#field-definisi", "Balita yang telah menerima imunisasi "
              "campak dibagi jumlah balita, dikali 100.")
    page.fill("#field-ukuran", "Persentase")
    page.fill("#field-satuan", "Persen")
    page.select_option("#field-jenis_data", "statistik")
    page.select_option("#field-urusan", ["1.02"])
    page.select_option("#field-klasifikasi_akses", "terbuka")
    # the region codes typed into the text field behind the picker
    page.fill("#field-cakupan_wilayah", "18.71")
    page.select_option("#field-tingkat_penyajian", "KECAMATAN")
    page.fill("#field-tahun_data", "2025")
    page.select_option("#field-frekuensi", "TAHUNAN")
    with page.expect_navigation():
        page.click("button[name=save]")
    assert f"/dataset/{NAME}/resource/new" in page.url, messages(page)

    page.fill("#field-name", "Tabel cakupan imunisasi campak")
    page.click("#resource-link-button")
    page.fill("#field-resource-url", "http://example.com/imunisasi.csv")
    with page.expect_navigation():
        page.click("button[name=save][value=go-metadata]")
    assert "/resource/new" not in page.url, messages(page)


def test_dataset_goes_from_operator_to_the_public(new_page, live_server):
    office = opd("dinkes", "Dinas Kesehatan")
    portal = walidata()
    model.Session.commit()
    operator, verifikator = office["operator"], office["verifikator"]

    # the operator creates the dataset and submits it
    op = new_page()
    login(op, operator)
    _create_dataset(op)
    op.goto(f"/dataset/{NAME}")
    assert workflow_state(op) == "draft"
    assert op.locator(".satudata-blockers").count() == 0, messages(op)
    op.check("#field-qc_statement")
    op.fill("#field-note-submit", "Data lengkap, mohon diverifikasi.")
    click_and_load(op, ".satudata-step-submit button[type=submit]",
                   live_server)
    assert workflow_state(op) == "submitted", messages(op)

    # the verifikator finds it among the tasks and returns it with a note
    verif = new_page()
    login(verif, verifikator)
    verif.goto("/satudata/tugas")
    with verif.expect_navigation():
        verif.click(f"tr.satudata-task[data-dataset={NAME}] a")
    assert verif.url.endswith(f"/dataset/{NAME}")
    assert workflow_state(verif) == "submitted"
    verif.fill("#field-note-verify", RETURN_NOTE)
    click_and_load(verif, "button[name=transition][value=return]", live_server)
    assert workflow_state(verif) == "draft", messages(verif)

    # the operator sees the note, fixes the description and resubmits
    op.goto(f"/dataset/{NAME}")
    returned = op.locator(".satudata-returned")
    assert returned.is_visible()
    assert RETURN_NOTE in returned.inner_text()
    history = op.locator(".satudata-history")
    history.locator("summary").click()
    event = history.locator("tr.satudata-event-return")
    assert event.count() == 1
    assert event.is_visible()
    assert RETURN_NOTE in event.inner_text()
    assert verifikator["name"] in event.inner_text()

    op.goto(f"/dataset/edit/{NAME}")
    op.fill("#field-notes", NEW_NOTES)
    # "Update Dataset", not CKAN's "Unpublish" (also name=save)
    with op.expect_navigation():
        op.click("button.btn-primary[name=save]")
    assert op.url.endswith(f"/dataset/{NAME}"), messages(op)
    assert "0-59 bulan" in op.locator(".notes").inner_text()
    assert workflow_state(op) == "draft"
    op.check("#field-qc_statement")
    click_and_load(op, ".satudata-step-submit button[type=submit]",
                   live_server)
    assert workflow_state(op) == "submitted", messages(op)

    # the verifikator verifies it
    verif.goto(f"/dataset/{NAME}")
    verif.fill("#field-position", "Kepala Dinas Kesehatan")
    verif.fill("#field-nip", "197001011990031001")
    click_and_load(verif, "button[name=transition][value=verify]", live_server)
    assert workflow_state(verif) == "verified", messages(verif)

    # not published yet: the public neither finds it nor opens it
    anon = new_page()
    assert _found_by(anon, WORD) == []

    # the walidata answers the checklist and publishes it
    wali = new_page()
    login(wali, portal["staff"])
    wali.goto(f"/dataset/{NAME}")
    assert workflow_state(wali) == "verified"
    passes = wali.locator(".satudata-step-publish input[value=pass]")
    assert passes.count() == 9
    for radio in passes.all():
        radio.check()
    wali.fill("#field-note-publish", "Lolos penjaminan kualitas.")
    click_and_load(wali, "button[name=transition][value=publish]", live_server)
    assert workflow_state(wali) == "published", messages(wali)

    # now anyone finds it
    assert _found_by(anon, WORD) == [f"/dataset/{NAME}"]
    with anon.expect_navigation():
        anon.click(".dataset-heading a")
    assert "0-59 bulan" in anon.locator(".notes").inner_text()
    pkg = model.Package.by_name(NAME)
    assert pkg is not None and not pkg.private
