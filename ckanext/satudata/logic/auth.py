"""Auth functions of the ``satudata`` plugin."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


@tk.auth_allow_anonymous_access
def satudata_metadata_completeness(context: Context,
                                   data_dict: DataDict) -> AuthResult:
    """Whoever may see the dataset may see what it lacks."""
    tk.check_access("package_show", context, {"id": data_dict.get("id")})
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_indah_export(context: Context,
                          data_dict: DataDict) -> AuthResult:
    """Whoever may see the dataset may export its metadata."""
    tk.check_access("package_show", context, {"id": data_dict.get("id")})
    return {"success": True}


satudata_daftar_data_row = satudata_indah_export


@tk.auth_allow_anonymous_access
def satudata_codelist_show(context: Context,
                           data_dict: DataDict) -> AuthResult:
    """Reference code lists are public."""
    return {"success": True}


def get_auth_functions() -> dict[str, Any]:
    return {
        "satudata_metadata_completeness": satudata_metadata_completeness,
        "satudata_codelist_show": satudata_codelist_show,
        "satudata_indah_export": satudata_indah_export,
        "satudata_daftar_data_row": satudata_daftar_data_row,
    }
