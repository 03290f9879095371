"""The Daftar Data's management pages in a real browser: the walidata
opens a year, records the berita acara with its file, imports the list
from a workbook (a bad one first: the row-numbered report), and the head
of an OPD signs its Surat Pernyataan."""

from __future__ import annotations

import os

from ckan import model

from ckanext.satudata.daftar import xlsx
from tests.browser.conftest import login, messages, workflow_on
from tests.conftest import act
from tests.factories import opd, walidata

pytestmark = workflow_on

#: set to a directory to keep screenshots of the pages (for a review)
SHOTS = os.environ.get("SATUDATA_SHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"),
                        full_page=True)


def row(**values):
    out = dict.fromkeys(xlsx.KEYS)
    out.update(nama_data="Jumlah puskesmas", jenis_data="statistik",
               produsen_data="dinkes", klasifikasi_risiko="terbuka",
               jadwal_pemutakhiran="TAHUNAN", satuan="Unit")
    out.update(values)
    return out


def test_walidata_and_opd_head_manage_the_list(new_page, tmp_path):
    staff = walidata()["staff"]
    dinkes = opd("dinkes", "Dinas Kesehatan")
    model.Session.commit()
    rows = [row(id_ddd="1"), row(id_ddd="2", nama_data="Kasus DBD",
                                 jadwal_pemutakhiran="BULANAN")]
    good = tmp_path / "daftar.xlsx"
    good.write_bytes(xlsx.write_workbook(rows, year=2026,
                                         opd_titles={"dinkes":
                                                     "Dinas Kesehatan"}))
    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(xlsx.write_workbook(
        [rows[0], row(id_ddd="3", nama_data="X", jenis_data="rahasia")],
        year=2026))
    pdf = tmp_path / "berita-acara.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% berita acara\n%%EOF\n")

    page = new_page()
    login(page, staff)
    page.goto("/satudata/daftar")
    page.fill("#field-year", "2026")
    with page.expect_navigation():
        page.click("#satudata-daftar-open-year button")
    assert page.url.endswith("/satudata/daftar/2026"), messages(page)

    page.click("details summary")
    page.fill("#field-ba-nomor", "005/BA/FSD/2026")
    page.fill("#field-ba-tanggal", "2026-01-20")
    page.set_input_files("#field-ba-file", str(pdf))
    with page.expect_navigation():
        page.click("#satudata-daftar-berita-acara-form button")
    assert page.locator(".satudata-daftar-ba-nomor").inner_text() == (
        "005/BA/FSD/2026"), messages(page)
    assert page.locator("a.satudata-daftar-ba-file").inner_text() == (
        "berita-acara.pdf")

    with page.expect_navigation():
        page.click("a.satudata-daftar-import")
    page.set_input_files("#field-upload", str(bad))
    with page.expect_navigation():
        page.click("#satudata-daftar-import-form button[type=submit]")
    problem = page.locator("tr.satudata-daftar-problem[data-row='3']")
    assert problem.count() == 1, messages(page)
    assert "Jenis Data" in problem.inner_text()
    shot(page, "import-report")
    page.set_input_files("#field-upload", str(good))
    with page.expect_navigation():
        page.click("#satudata-daftar-import-form button[type=submit]")
    assert "2 added" in messages(page)
    assert page.locator("tr.satudata-daftar-entry").count() == 2
    shot(page, "year-walidata")

    with page.expect_navigation():
        page.click("tr.satudata-daftar-entry >> text=Kasus DBD")
    assert page.locator("h1").inner_text().startswith("Kasus DBD")
    shot(page, "entry-walidata")

    head = new_page()
    login(head, dinkes["verifikator"])
    head.goto("/satudata/daftar/2026")
    form = head.locator("form.satudata-daftar-confirm-form")
    form.locator("input[name=nip]").fill("197805122005011003")
    with head.expect_navigation():
        form.locator("button").click()
    opd_row = head.locator("tr.satudata-daftar-opd[data-org='dinkes']")
    assert opd_row.get_attribute("data-confirmed") == "yes", messages(head)
    assert "Kepala Dinas Kesehatan" in opd_row.inner_text()
    shot(head, "year-opd-head")
    confirmed = act("satudata_daftar_show", staff, year=2026)["opds"]
    assert [o["signer"]["nip"] for o in confirmed] == ["197805122005011003"]
