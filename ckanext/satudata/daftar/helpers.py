"""Template helpers of the Daftar Data pages."""

from __future__ import annotations

from typing import Any

from .xlsx import COLUMNS, code_labels


def daftar_columns() -> list[Any]:
    """The 19 columns of the template (key, header, codelist)."""
    return list(COLUMNS)


def daftar_code_label(codelist: str | None, code: Any) -> Any:
    """The Indonesian label of a coded value (the code when unknown)."""
    if not codelist or code in (None, ""):
        return code
    return code_labels(codelist).get(code, code)


def get_helpers() -> dict[str, Any]:
    return {
        "satudata_daftar_columns": daftar_columns,
        "satudata_daftar_code_label": daftar_code_label,
    }
