"""Who may do what with requests and complaints. The roles of a case
(``cases.access``): walidata, walidata head, an OPD it is assigned to,
its requester; the state decides which role a step needs
(``machine.step``). A step taken in the wrong state is the action's 409,
not a 403."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import config as sd_config
from ckanext.satudata.workflow import roles as wf_roles

from .. import machine
from . import cases


def _roles(kind: str, context: Context, data_dict: DataDict
           ) -> tuple[Any, cases.Access]:
    case = cases.load(kind, (data_dict or {}).get("id"))
    return case, cases.access(case, context.get("user"),
                              (data_dict or {}).get("email"))


def _deny(message: str) -> AuthResult:
    return {"success": False, "msg": message}


def _create(kind: str) -> Any:
    @tk.auth_allow_anonymous_access
    def auth(context: Context, data_dict: DataDict) -> AuthResult:
        user = wf_roles.actor(context.get("user"))
        if user.user is None and not sd_config.requests_allow_anonymous():
            return _deny(tk._("Please log in to file a request"))
        return {"success": True}

    auth.__name__ = f"satudata_{kind}_create"
    return auth


def _step(kind: str, name: str) -> Any:
    @tk.auth_allow_anonymous_access
    def auth(context: Context, data_dict: DataDict) -> AuthResult:
        case, access_ = _roles(kind, context, data_dict)
        step = machine.step(kind, name, case.state) or (
            machine.STEPS[kind][name])
        if access_.roles & set(step.roles):
            return {"success": True}
        if case.state == machine.KEBERATAN and name != "objection":
            return _deny(tk._(
                "Under objection, only the walidata head answers"))
        return _deny(tk._("You may not take this step on this case"))

    auth.__name__ = f"satudata_{kind}_{name}"
    return auth


def _handlers(kind: str, name: str, roles: set[str]) -> Any:
    @tk.auth_allow_anonymous_access
    def auth(context: Context, data_dict: DataDict) -> AuthResult:
        case, access_ = _roles(kind, context, data_dict)
        if access_.roles & roles:
            return {"success": True}
        return _deny(tk._("You may not take this step on this case"))

    auth.__name__ = f"satudata_{kind}_{name}"
    return auth


@tk.auth_allow_anonymous_access
def _anyone(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


def walidata_only(context: Context, data_dict: DataDict) -> AuthResult:
    if wf_roles.actor(context.get("user")).walidata:
        return {"success": True}
    return _deny(tk._("Only the walidata may do this"))


HANDLERS = {machine.WALIDATA, machine.HEAD, machine.OPD}


def get_auth_functions() -> dict[str, Any]:
    found: dict[str, Any] = {
        "satudata_request_email_link": _anyone,
        "satudata_request_confirm": _handlers(
            machine.REQUEST, "confirm", {machine.OPD}),
        "satudata_request_link": _handlers(
            machine.REQUEST, "link", {machine.WALIDATA, machine.OPD}),
        "satudata_request_export": walidata_only,
        "satudata_complaint_export": walidata_only,
    }
    for kind in machine.KINDS:
        found[f"satudata_{kind}_create"] = _create(kind)
        for name in ("show", "list", "metrics"):
            found[f"satudata_{kind}_{name}"] = _anyone
        found[f"satudata_{kind}_comment"] = _handlers(
            kind, "comment", HANDLERS | {machine.REQUESTER})
        for name in machine.STEPS[kind]:
            found[f"satudata_{kind}_{name}"] = _step(kind, name)
    return found
