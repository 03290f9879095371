"""Reading the satudata scheming schemas (``schemas/*.yaml``) as data:
which fields are facets, which are mandatory SDI metadata, which hold
codes. Pure Python (no CKAN imports)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

SCHEMAS = Path(__file__).resolve().parent / "schemas"
DATASET_TYPES = ("dataset", "kegiatan")
#: presets whose values are lists of codes (stored as JSON text)
LIST_PRESETS = {"satudata_codes", "satudata_regions"}


@functools.cache
def dataset_schema(dataset_type: str) -> dict[str, Any]:
    """The schema of a satudata dataset type; KeyError for another type."""
    if dataset_type not in DATASET_TYPES:
        raise KeyError(dataset_type)
    return yaml.safe_load((SCHEMAS / f"{dataset_type}.yaml").read_text(
        encoding="utf-8"))


def dataset_fields(dataset_type: str) -> list[dict[str, Any]]:
    return dataset_schema(dataset_type)["dataset_fields"]


def label(field: dict[str, Any], lang: str = "id") -> str:
    value = field.get("label", field["field_name"])
    if isinstance(value, dict):
        return value.get(lang) or value.get("id") or field["field_name"]
    return str(value)


@functools.cache
def facet_fields() -> list[dict[str, Any]]:
    """Fields marked ``facet: true`` in any satudata type, first one of
    each name, in schema order."""
    seen: dict[str, dict[str, Any]] = {}
    for dataset_type in DATASET_TYPES:
        for field in dataset_fields(dataset_type):
            if field.get("facet") and field["field_name"] not in seen:
                seen[field["field_name"]] = field
    return list(seen.values())


@functools.cache
def list_fields() -> dict[str, dict[str, Any]]:
    """Fields whose value is a list of codes, by name."""
    return {f["field_name"]: f for t in DATASET_TYPES
            for f in dataset_fields(t) if f.get("preset") in LIST_PRESETS}


@functools.cache
def codelist_of(field_name: str) -> str | None:
    """The code list of a field (first satudata type that has it)."""
    for dataset_type in DATASET_TYPES:
        for field in dataset_fields(dataset_type):
            if field["field_name"] == field_name and field.get("codelist"):
                return field["codelist"]
    return None


def required_fields(dataset_type: str) -> list[dict[str, Any]]:
    """The mandatory SDI metadata fields of a type (``sdi_required``)."""
    return [f for f in dataset_fields(dataset_type) if f.get("sdi_required")]
