"""Template helpers of the ``satudata`` plugin."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import codelists, util


def codelist_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Scheming choices of a field with a ``codelist``: code and labels."""
    return [{"value": item.code,
             "label": {"id": item.label_id, "en": item.label_en}}
            for item in codelists.get(field["codelist"])]


def codelist_label(list_name: str, code: str) -> str:
    """The label of a code in the page's language."""
    return codelists.get(list_name).label(code, util.lang())


def region_label(code: str) -> str:
    """``Kota Bandar Lampung (18.71)``; a region code with its path."""
    path = codelists.region_path(code)
    return f"{', '.join(i.label_id for i in reversed(path))} ({code})" if (
        path) else code


def kegiatan_datasets(name: str, limit: int = 100) -> list[dict[str, Any]]:
    """The data sets (that the viewer may see) produced by an activity."""
    result = tk.get_action("package_search")({}, {
        "fq": f'+dataset_type:dataset +kegiatan:"{name}"',
        "rows": limit, "sort": "title_string asc",
        "include_private": True})
    return [{"name": r["name"], "title": r.get("title")}
            for r in result["results"]]


def get_helpers() -> dict[str, Any]:
    return {
        "satudata_codelist_choices": codelist_choices,
        "satudata_codelist_label": codelist_label,
        "satudata_region_label": region_label,
        "satudata_kegiatan_datasets": kegiatan_datasets,
    }
