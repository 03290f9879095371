"""Who may do what with harvesting and the federation pages.

Harvest sources decide which data enters the portal and in which
workflow state (a trusted source publishes at once), so only the walidata
(and sysadmins) manage them, run their jobs and read what was harvested
(harvest objects); the OPDs do not, even in their own organisation.
ckanext-harvest's own checks (rights on the source's organisation) still
apply after ours.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata.workflow import roles

#: ckanext-harvest's auth functions that change sources or run jobs
MANAGING = ("harvest_source_create", "harvest_source_update",
            "harvest_source_delete", "harvest_source_clear",
            "harvest_job_create", "harvest_job_abort",
            "harvest_send_job_to_gather_queue", "harvest_objects_import",
            "harvest_source_reindex")


#: ckanext-harvest's reads of harvested content (open to everyone there):
#: a harvest object holds what the remote portal sent, private data too
#: when the source harvests with an API key
READING = ("harvest_object_show", "harvest_object_list")


def is_walidata(context: Context) -> bool:
    return roles.actor(context.get("user")).walidata


def _walidata_first(name: str) -> Any:
    @tk.chained_auth_function
    def check(next_auth: Any, context: Context,
              data_dict: DataDict) -> AuthResult:
        if not is_walidata(context):
            return {"success": False, "msg": tk._(
                "Only the walidata manages harvest sources")}
        return next_auth(context, data_dict)

    check.__name__ = name
    return check


def satudata_harvest_status(context: Context,
                            data_dict: DataDict) -> AuthResult:
    """The harvest status page: the walidata (and sysadmins)."""
    if is_walidata(context):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Only the walidata sees the harvest status")}


def get_auth_functions() -> dict[str, Any]:
    functions: dict[str, Any] = {
        "satudata_harvest_status": satudata_harvest_status}
    if p.plugin_loaded("harvest"):
        functions.update({name: _walidata_first(name)
                          for name in (*MANAGING, *READING)})
    return functions
