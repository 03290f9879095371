"""The public release calendar in a real browser: a visitor opens
/jadwal-rilis, sees the releases due and an overdue one flagged, and
switches to the month grid.

The live server runs on the real clock: the entries are of last year
(monthly, nothing delivered: overdue whatever the day) and, weekly, of
last year and this year (releases due in every month)."""

from __future__ import annotations

from ckan import model

from ckanext.satudata import config as sd_config
from tests.browser.conftest import workflow_on
from tests.conftest import act
from tests.daftar.conftest import ENTRY
from tests.factories import opd, walidata

pytestmark = workflow_on

LATE = "Jumlah wisatawan mancanegara"
WEEKLY = "Harga bahan pokok mingguan"


def test_visitor_sees_releases_and_overdue(page, live_server):
    opd("opd-a", "Dinas Pariwisata")
    staff = walidata()["staff"]
    model.Session.commit()
    year = sd_config.today().year
    act("satudata_daftar_entry_create", staff, **dict(
        ENTRY, year=year - 1, nama_data=LATE, jadwal_pemutakhiran="BULANAN"))
    for when in (year - 1, year):
        act("satudata_daftar_entry_create", staff, **dict(
            ENTRY, year=when, nama_data=WEEKLY,
            jadwal_pemutakhiran="MINGGUAN"))

    page.goto("/jadwal-rilis")
    assert page.locator("h1").inner_text() == "Release calendar"
    late = page.locator("tr.satudata-release", has_text=LATE)
    assert late.count() == 1
    assert late.locator(".badge").inner_text() == "Overdue"
    assert late.locator(".badge").is_visible()
    assert page.locator("tr.satudata-release", has_text=WEEKLY).count() > 5
    assert "Dinas Pariwisata" in late.inner_text()

    with page.expect_navigation():
        page.click(".satudata-calendar-views >> text=Month")
    assert "tampilan=bulan" in page.url
    cells = page.locator("td.satudata-calendar-day .satudata-release",
                         has_text=WEEKLY)
    assert cells.count() >= 3
    overdue = page.locator(".satudata-calendar-elsewhere li", has_text=LATE)
    assert overdue.locator(".badge").inner_text() == "Overdue"
    month = page.get_attribute("h2[data-month]", "data-month")
    with page.expect_navigation():
        page.click("a.satudata-calendar-next")
    assert page.get_attribute("h2[data-month]", "data-month") > month
