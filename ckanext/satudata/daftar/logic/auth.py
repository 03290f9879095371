"""Auth functions of the Daftar Data (the rules: :mod:`.access`)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from . import entries
from .access import Access, of


def _who(context: Context) -> Access:
    return of(context.get("user"))


def _deny(message: str) -> AuthResult:
    return {"success": False, "msg": message}


def _walidata(context: Context, data_dict: DataDict) -> AuthResult:
    if _who(context).walidata:
        return {"success": True}
    return _deny(tk._("Only the walidata manages the Daftar Data"))


def _staff(context: Context, data_dict: DataDict) -> AuthResult:
    """Walidata, pembina and OPD members (each OPD: its own entries)."""
    if _who(context).staff:
        return {"success": True}
    return _deny(tk._("The Daftar Data is for the walidata and the OPDs; "
                      "the public sees the release calendar"))


def entry_show(context: Context, data_dict: DataDict) -> AuthResult:
    entry = entries.get_entry((data_dict or {}).get("id"))
    if _who(context).reads(entry.org_id):
        return {"success": True}
    return _deny(tk._("This entry belongs to another OPD"))


def entry_update(context: Context, data_dict: DataDict) -> AuthResult:
    entry = entries.get_entry((data_dict or {}).get("id"))
    who = _who(context)
    if who.edits(entry.org_id, entries.confirmed(entry)):
        return {"success": True}
    if entries.confirmed(entry) and who.edits(entry.org_id, False):
        return _deny(tk._("Your OPD confirmed its list: ask the walidata "
                          "to change it"))
    return _deny(tk._("You may not change this entry"))


def entry_link(context: Context, data_dict: DataDict) -> AuthResult:
    entry = entries.get_entry((data_dict or {}).get("id"))
    if _who(context).links(entry.org_id):
        return {"success": True}
    return _deny(tk._("Only the walidata and the OPD's operators link its "
                      "datasets"))


def confirm(context: Context, data_dict: DataDict) -> AuthResult:
    org = entries.org_of((data_dict or {}).get("org"))
    if org is not None and _who(context).confirms(org.id):
        return {"success": True}
    return _deny(tk._("Only the head (admin) of the OPD signs its "
                      "statement"))


@tk.auth_allow_anonymous_access
def calendar(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


def monitoring(context: Context, data_dict: DataDict) -> AuthResult:
    if _who(context).reads_all:
        return {"success": True}
    return _deny(tk._("The monitoring is for the walidata and the "
                      "pembina"))


def get_auth_functions() -> dict[str, Any]:
    return {
        "satudata_daftar_year_list": _staff,
        "satudata_daftar_show": _staff,
        "satudata_daftar_update": _walidata,
        "satudata_daftar_entry_list": _staff,
        "satudata_daftar_entry_show": entry_show,
        "satudata_daftar_entry_create": _walidata,
        "satudata_daftar_entry_update": entry_update,
        "satudata_daftar_entry_delete": _walidata,
        "satudata_daftar_entry_link": entry_link,
        "satudata_daftar_entry_unlink": entry_link,
        "satudata_daftar_confirm": confirm,
        "satudata_daftar_reopen": _walidata,
        "satudata_daftar_import": _walidata,
        "satudata_daftar_calendar": calendar,
        "satudata_daftar_monitoring": monitoring,
    }
