"""The Daftar Data export for national reporting (action
``satudata_daftar_data_export``, ``/satudata/daftar-data.csv`` and
``.xlsx``): the published datasets only, filters by OPD and data year,
bad parameters refused with 400, formulas kept as text."""

from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk
import openpyxl
import pytest

from ckanext.satudata.export import DAFTAR_DATA_KEYS
from tests.conftest import act
from tests.test_schemas import KEGIATAN
from tests.workflow import conftest as workflow
from tests.workflow.conftest import (
    PLUGINS,
    RESOURCE,
    advance,
    new_draft,
    workflow_on,
)

#: the ``people`` fixture of the workflow tests
people = workflow.people

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", f"{PLUGINS} satudata_federation"),
    *workflow_on[1:],
]

ACTION = "satudata_daftar_data_export"
#: a title a spreadsheet would run as a formula
FORMULA = "=HYPERLINK(\"http://evil.example\",\"klik\")"
#: published datasets of the type ``dataset``: name -> (OPD, year)
PUBLISHED = {"a-terbit-2025": ("a", "2025"), "a-terbit-2024": ("a", "2024"),
             "a-direvisi": ("a", "2025"), "b-terbit-2025": ("b", "2025")}
#: what must never be listed
HIDDEN = {"a-draf", "a-diajukan", "a-diverifikasi", "a-ditarik",
          "a-direvisi-revisi-1", "kegiatan-terbit"}


def _dataset(people: dict, name: str, state: str, org: str = "a",
             **fields: Any) -> dict[str, Any]:
    pkg = new_draft(people, name=name, org=org,
                    **dict({"title": f"Data {name}"}, **fields))
    if state != "draft":
        advance(people, pkg, "published" if state == "withdrawn" else state,
                org)
    if state == "withdrawn":
        act("satudata_dataset_withdraw", people["walidata"], id=pkg["id"],
            reason="Memuat data pribadi")
    return pkg


@pytest.fixture
def world(people):
    """OPD A: two published datasets (2025, 2024), one in each unpublished
    state, a withdrawn one, a published one under revision (its staged
    copy edited) and a published ``kegiatan``; OPD B: a published
    dataset whose title and definition look like formulas."""
    _dataset(people, "a-terbit-2025", "published")
    _dataset(people, "a-terbit-2024", "published", tahun_data="2024")
    _dataset(people, "a-draf", "draft")
    _dataset(people, "a-diajukan", "submitted")
    _dataset(people, "a-diverifikasi", "verified")
    _dataset(people, "a-ditarik", "withdrawn")
    _dataset(people, "a-direvisi", "published")
    operator = people["operator_a"]
    act("satudata_revision_request", operator, id="a-direvisi",
        reason="Angka perlu diperbaiki")
    act("satudata_revision_open", people["walidata"], id="a-direvisi")
    act("package_patch", operator, id="a-direvisi-revisi-1",
        title="Judul revisi rahasia")
    kegiatan = act("package_create", operator, **dict(
        KEGIATAN, name="kegiatan-terbit", type="kegiatan",
        owner_org=people["org_a"]["id"], resources=[dict(RESOURCE)]))
    advance(people, kegiatan, "published")
    _dataset(people, "b-terbit-2025", "published", org="b", title=FORMULA,
             definisi="@SUM(A1:A9)")
    return people


def names(result: dict[str, Any]) -> set[str]:
    return {row["link_portal_daerah"].rsplit("/", 1)[1]
            for row in result["results"]}


def wanted(org: str | None = None, year: str | None = None) -> set[str]:
    return {name for name, (o, y) in PUBLISHED.items()
            if org in (None, o) and year in (None, y)}


class TestAction:
    @pytest.mark.parametrize("viewer", [
        None, "public", "operator_a", "verifikator_a", "walidata",
        "sysadmin"])
    def test_only_published_datasets_whoever_asks(self, world, viewer):
        result = act(ACTION, world[viewer] if viewer else None)
        assert names(result) == wanted()
        assert result["count"] == len(PUBLISHED)
        assert result["columns"] == list(DAFTAR_DATA_KEYS)
        assert all(tuple(row) == DAFTAR_DATA_KEYS
                   for row in result["results"])
        titles = {row["nama_data"] for row in result["results"]}
        # the revision's staged copy: neither listed nor leaking its title
        assert "Judul revisi rahasia" not in titles
        assert "Data a-direvisi" in titles
        assert not names(result) & HIDDEN

    def test_rows_come_from_the_shared_row_builder(self, world):
        row = act("satudata_daftar_data_row", None, id="a-terbit-2025")
        found = [r for r in act(ACTION, None)["results"]
                 if r["link_portal_daerah"] == row["link_portal_daerah"]]
        assert found == [row]

    @pytest.mark.parametrize("params,org,year", [
        ({"organization": "opd-a"}, "a", None),
        ({"organization": "opd-b"}, "b", None),
        ({"year": "2024"}, None, "2024"),
        ({"year": 2025}, None, "2025"),
        ({"organization": "opd-a", "year": "2025"}, "a", "2025"),
        ({"organization": "opd-b", "year": "2024"}, "b", "2024"),
        ({"organization": "", "year": ""}, None, None),
    ])
    def test_filters(self, world, params, org, year):
        assert names(act(ACTION, None, **params)) == wanted(org, year)

    def test_organization_by_id(self, world):
        result = act(ACTION, None, organization=world["org_b"]["id"])
        assert names(result) == wanted("b")

    def test_an_opd_with_nothing_published_lists_nothing(self, world):
        result = act(ACTION, None, organization="diskominfo")
        assert result == {"count": 0, "columns": list(DAFTAR_DATA_KEYS),
                          "results": []}

    @pytest.mark.parametrize("params,field", [
        ({"organization": "tidak-ada"}, "organization"),
        ({"organization": "grup-bukan-opd"}, "organization"),
        ({"year": "abc"}, "year"),
        ({"year": "2025.5"}, "year"),
        ({"year": "1800"}, "year"),
    ])
    def test_bad_parameters(self, world, params, field):
        from ckan.tests import factories

        factories.Group(name="grup-bukan-opd")
        with pytest.raises(tk.ValidationError) as err:
            act(ACTION, None, **params)
        assert list(err.value.error_dict) == [field]

    @pytest.mark.ckan_config("ckan.search.rows_max", 2)
    def test_pages_through_every_result(self, world):
        """With two datasets a page, every one of them still comes."""
        page = act("package_search", None, fq="dataset_type:dataset",
                   rows=1000)
        assert page["count"] == len(PUBLISHED) > len(page["results"]) == 2
        result = act(ACTION, None)
        assert names(result) == wanted()
        assert len(result["results"]) == len(PUBLISHED)


# -- files -------------------------------------------------------------------

def _csv(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(response) -> tuple[list[list[Any]], Any]:
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sheet = book.worksheets[0]
    rows = [["" if v is None else v for v in row]
            for row in sheet.iter_rows(values_only=True)]
    return rows, sheet


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


class TestFiles:
    def test_csv(self, app, world):
        response = app.get("/satudata/daftar-data.csv")
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert 'filename="daftar-data.csv"' in response.headers[
            "Content-Disposition"]
        rows = _csv(response)
        assert rows[0] == list(DAFTAR_DATA_KEYS)
        expected = act(ACTION, None)["results"]
        assert len(rows) == 1 + len(expected)
        by_link = {row[DAFTAR_DATA_KEYS.index("link_portal_daerah")]: row
                   for row in rows[1:]}
        for row in expected:
            got = dict(zip(DAFTAR_DATA_KEYS,
                           by_link[row["link_portal_daerah"]], strict=True))
            for key in DAFTAR_DATA_KEYS:
                value = _plain(row[key])
                if key in ("nama_data", "definisi") and value[:1] in "=@":
                    value = "'" + value  # neutralised
                assert got[key] == value, key

    def test_csv_formulas_are_text(self, app, world):
        rows = _csv(app.get("/satudata/daftar-data.csv?organization=opd-b"))
        row = dict(zip(rows[0], rows[1], strict=True))
        assert row["nama_data"] == "'" + FORMULA
        assert row["definisi"] == "'@SUM(A1:A9)"

    def test_xlsx_has_the_rows_of_the_csv(self, app, world):
        response = app.get("/satudata/daftar-data.xlsx")
        assert response.status_code == 200
        assert response.mimetype == ("application/vnd.openxmlformats-"
                                     "officedocument.spreadsheetml.sheet")
        rows, _sheet = _xlsx(response)
        csv_rows = _csv(app.get("/satudata/daftar-data.csv"))
        assert rows[0] == csv_rows[0] == list(DAFTAR_DATA_KEYS)
        assert len(rows) == len(csv_rows) == 1 + len(PUBLISHED)

        def unguarded(value: str) -> str:
            return value[1:] if value[:2] in ("'=", "'@") else value

        assert [[_plain(v) for v in row] for row in rows[1:]] == [
            [unguarded(v) for v in row] for row in csv_rows[1:]]

    def test_xlsx_formulas_are_text(self, app, world):
        rows, sheet = _xlsx(app.get(
            "/satudata/daftar-data.xlsx?organization=opd-b"))
        title = sheet.cell(row=2, column=DAFTAR_DATA_KEYS.index(
            "nama_data") + 1)
        assert title.value == FORMULA
        assert title.data_type == "s"
        assert not any(cell.data_type == "f" for row in sheet.iter_rows()
                       for cell in row)

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_filters_and_file_name(self, app, world, fmt):
        response = app.get(
            f"/satudata/daftar-data.{fmt}?organization=opd-a&year=2025")
        assert response.status_code == 200
        assert f'filename="daftar-data-opd-a-2025.{fmt}"' in (
            response.headers["Content-Disposition"])
        rows = _csv(response) if fmt == "csv" else _xlsx(response)[0]
        link = DAFTAR_DATA_KEYS.index("link_portal_daerah")
        assert {row[link].rsplit("/", 1)[1] for row in rows[1:]} == wanted(
            "a", "2025")

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    @pytest.mark.parametrize("query,message", [
        ("organization=tidak-ada", "No such organisation"),
        ("year=abc", "Not a year: abc"),
        ("year=20%2025", "Not a year"),
        ("organization=opd-a&year=1800",
         "Not a year between 1900 and 2100: 1800"),
    ])
    def test_bad_parameters_are_400(self, app, world, fmt, query, message):
        response = app.get(f"/satudata/daftar-data.{fmt}?{query}")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)

    def test_bad_parameters_in_indonesian(self, app, world):
        response = app.get("/id/satudata/daftar-data.csv?year=abc")
        assert response.status_code == 400
        assert "Bukan tahun: abc" in response.get_data(as_text=True)
        response = app.get("/id/satudata/daftar-data.xlsx?organization=x")
        assert response.status_code == 400
        assert "Organisasi tidak ditemukan" in response.get_data(
            as_text=True)


def test_action_over_the_api(app, world):
    response = app.get("/api/3/action/satudata_daftar_data_export"
                       "?organization=opd-b&year=2025")
    assert response.status_code == 200
    result = response.json["result"]
    assert names(result) == wanted("b", "2025")
    response = app.get("/api/3/action/satudata_daftar_data_export?year=x")
    assert response.status_code == 409
    assert response.json["error"]["year"] == ["Not a year: x"]
