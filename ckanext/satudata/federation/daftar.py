"""The Daftar Data of the portal for national reporting: one row (the 19
attributes of the regional template, :data:`export.DAFTAR_DATA_KEYS`) per
published dataset, optionally of one OPD and one data year, as an action
and as CSV / XLSX files.

The datasets come from ``package_search`` called as an anonymous visitor,
which already applies every visibility rule (public only; with the
verification workflow on, published only, revisions' staged copies left
out); the workflow state is also asked for explicitly when the workflow is
on. "Year" is the dataset's ``tahun_data`` (the reference year of the
data), not the year it was published.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import AuthResult, Context, DataDict, Schema, Validator

from ckanext.satudata import codelists, export, spreadsheet, util

#: the dataset type the Daftar Data lists (a ``kegiatan`` is a statistical
#: activity, not data)
DATASET_TYPE = "dataset"
#: the search field of the year filter
YEAR_FIELD = "tahun_data"
#: search page size (CKAN caps it at ``ckan.search.rows_max``)
PAGE_SIZE = 1000


@validator_args
def export_schema(ignore_missing: Validator, unicode_safe: Validator,
                  strip_value: Validator, satudata_year: Validator
                  ) -> Schema:
    return {"organization": [ignore_missing, unicode_safe, strip_value],
            "year": [ignore_missing, unicode_safe, strip_value,
                     satudata_year]}


def _organization_name(ref: str) -> str:
    """The name of the OPD ``ref`` (name or id), as a visitor sees it."""
    try:
        org = tk.get_action("organization_show")(
            {"user": ""}, {"id": ref, "include_datasets": False,
                           "include_users": False, "include_groups": False,
                           "include_extras": False, "include_tags": False,
                           "include_followers": False})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        raise tk.ValidationError({"organization": [tk._(
            "No such organisation")]}) from None
    return org["name"]


def published_datasets(organization: str | None = None,
                       year: str | None = None) -> list[dict[str, Any]]:
    """Every published dataset (as an anonymous visitor finds it), of one
    OPD (name) and data year if given, by OPD then title; all pages."""
    fq = [f"+dataset_type:{DATASET_TYPE}"]
    if organization:
        fq.append(f'+organization:"{organization}"')
    if year:
        fq.append(f'+{YEAR_FIELD}:"{year}"')
    if p.plugin_loaded("satudata_workflow"):
        fq.append("+satudata_state:published")
    rows = min(PAGE_SIZE, int(tk.config.get("ckan.search.rows_max")
                              or PAGE_SIZE))
    found: dict[str, dict[str, Any]] = {}
    start = 0
    while True:
        page = tk.get_action("package_search")({"user": ""}, {
            "fq": " ".join(fq), "sort": "organization asc, title_string asc",
            "rows": rows, "start": start, "include_private": False})
        for pkg in page["results"]:
            found.setdefault(pkg["id"], pkg)
        start += rows
        if not page["results"] or start >= page["count"]:
            return list(found.values())


def rows_of(datasets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Daftar Data rows of datasets, labels in the user's language."""
    lang = util.lang()

    def label(name: str, code: str) -> str:
        return codelists.get(name).label(code, lang)

    return [export.daftar_data_row(
        pkg, tk.url_for("dataset.read", id=pkg["name"], _external=True),
        label) for pkg in datasets]


@tk.side_effect_free
@tk.validate(export_schema)
def satudata_daftar_data_export(context: Context,
                                data_dict: DataDict) -> dict[str, Any]:
    """The Daftar Data of the portal: the row of every published dataset
    (the 19 attributes of the regional template, id DDD ... link portal
    SDI), labels in the user's language, null where a dataset has no
    value. Only what an anonymous visitor may read is listed, whoever
    asks.

    :param organization: only the datasets of this OPD (name or id)
    :type organization: string
    :param year: only the data of this year (the dataset's ``tahun_data``,
        the reference year of the data)
    :type year: string or int
    :returns: ``{"count", "columns": the 19 attribute keys, "results":
        [row, ...]}``, rows by OPD then title
    """
    tk.check_access("satudata_daftar_data_export", context, data_dict)
    organization = data_dict.get("organization")
    if organization:
        organization = _organization_name(organization)
    rows = rows_of(published_datasets(organization,
                                      data_dict.get("year") or None))
    return {"count": len(rows), "columns": list(export.DAFTAR_DATA_KEYS),
            "results": rows}


@tk.auth_allow_anonymous_access
def satudata_daftar_data_export_auth(context: Context,
                                     data_dict: DataDict) -> AuthResult:
    """The Daftar Data lists published data only: public."""
    return {"success": True}


# -- files -------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A cell value: lists as text, None as empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


def table(result: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The header (the attribute keys) and the rows of an export."""
    header = list(result["columns"])
    return header, [[_plain(row.get(key)) for key in header]
                    for row in result["results"]]


def as_csv(result: dict[str, Any]) -> bytes:
    """The export as UTF-8 CSV (with a BOM, for spreadsheets); a value
    that a spreadsheet would run as a formula is kept as text."""
    return spreadsheet.csv_bytes(*table(result))


def as_xlsx(result: dict[str, Any]) -> bytes:
    """The export as an XLSX workbook, one sheet; text cells are never
    formulas."""
    header, rows = table(result)
    return spreadsheet.xlsx_bytes("daftar-data", header, rows)


def get_actions() -> dict[str, Any]:
    return {"satudata_daftar_data_export": satudata_daftar_data_export}


def get_auth_functions() -> dict[str, Any]:
    return {"satudata_daftar_data_export": satudata_daftar_data_export_auth}
