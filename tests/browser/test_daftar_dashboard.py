"""The monitoring dashboard in a real browser: the walidata logs in,
opens ``/satudata/monitoring`` and sees the OPDs' table and the charts
(inline SVG, drawn by the server)."""

from ckan import model

from ckanext.satudata import config as sd_config
from tests.browser.conftest import login, workflow_on
from tests.conftest import act
from tests.daftar.conftest import ENTRY
from tests.factories import opd, walidata

pytestmark = workflow_on


def test_walidata_sees_the_dashboard(page, live_server):
    office = opd("opd-a", "Dinas Kesehatan")
    portal = walidata()
    model.Session.commit()
    # last year's annual entry: due in January of this year, not delivered
    act("satudata_daftar_entry_create", portal["staff"], **dict(
        ENTRY, year=sd_config.today().year - 1,
        produsen_data=office["org"]["name"]))

    login(page, portal["staff"])
    page.goto("/satudata/monitoring")
    row = page.locator("table.satudata-monitoring-opds tr[data-opd=opd-a]")
    assert "Dinas Kesehatan" in row.inner_text(), live_server.log_tail()
    assert row.locator("td[data-key=due]").inner_text() == "1"
    chart = page.locator("svg#satudata-chart-trend[role=img]")
    assert chart.is_visible()
    assert chart.locator("title").count() >= 1
    assert page.locator("svg#satudata-chart-opd rect").count() >= 1
