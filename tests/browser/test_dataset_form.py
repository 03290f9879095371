"""An OPD operator enters a dataset with SDI metadata in the web form."""

import pytest
from ckan import model

from tests.browser.conftest import fill_title, login, open_dataset_form
from tests.factories import opd

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _wait_options(page, index: int, minimum: int) -> None:
    page.wait_for_function(
        "([i, n]) => { const s = document.querySelectorAll("
        "'.satudata-region-picker select')[i];"
        " return s && s.options.length > n; }", arg=[index, minimum])


def test_operator_enters_dataset_with_region_picker(page):
    office = opd("dinkes", "Dinas Kesehatan")
    model.Session.commit()
    login(page, office["operator"])

    open_dataset_form(page)
    # the URL name follows the title (slug preview)
    fill_title(page, "Jumlah Puskesmas per Kecamatan")
    page.select_option("#field-jenis_data", "statistik")
    page.select_option("#field-frekuensi", "TAHUNAN")
    picker = page.locator(".satudata-region-picker select")
    _wait_options(page, 0, 30)
    picker.nth(0).select_option("18")
    _wait_options(page, 1, 5)
    picker.nth(1).select_option("18.71")
    _wait_options(page, 2, 5)
    picker.nth(2).select_option("18.71.08")
    page.click(".satudata-region-picker button")
    picker.nth(0).select_option("18")
    _wait_options(page, 1, 5)
    picker.nth(1).select_option("18.71")
    page.click(".satudata-region-picker button")
    assert page.input_value("#field-cakupan_wilayah") == "18.71.08, 18.71"

    with page.expect_navigation():
        page.click("button[name=save]")
    errors = page.locator(".error-explanation")
    assert "/resource/new" in page.url, (
        errors.inner_text() if errors.count() else page.url)
    page.fill("#field-name", "Tabel puskesmas")
    page.click("#resource-link-button")
    page.fill("#field-resource-url", "http://example.com/puskesmas.csv")
    with page.expect_navigation():
        page.click("button[name=save][value=go-metadata]")

    page.goto("/dataset/jumlah-puskesmas-per-kecamatan")
    body = page.content()
    assert "Telukbetung Barat, Kota Bandar Lampung, Lampung (18.71.08)" in body
    assert "Kota Bandar Lampung, Lampung (18.71)" in body
    pkg = model.Package.by_name("jumlah-puskesmas-per-kecamatan")
    assert pkg is not None and pkg.state == "active"
