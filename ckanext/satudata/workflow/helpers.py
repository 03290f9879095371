"""Template helpers of the workflow plugin."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import util
from ckanext.satudata.logic.action import completeness

from . import labels, roles


def workflow(pkg_id: str) -> dict[str, Any] | None:
    """The dataset's workflow as the viewer may see it (None: not under
    the workflow)."""
    try:
        return tk.get_action("satudata_workflow_show")(
            util.user_context(), {"id": pkg_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


def submit_blockers(pkg: dict[str, Any]) -> list[str]:
    """Why a draft cannot be submitted yet (empty: it can)."""
    report = completeness(pkg, util.lang())
    out = []
    if report["missing"]:
        out.append(tk._("Mandatory SDI metadata is missing: {fields}").format(
            fields=", ".join(f["label"] for f in report["missing"])))
    if not report["has_resources"]:
        out.append(tk._("Add at least one resource (a data file or link) "
                        "before submitting"))
    return out


def qa_checklist() -> list[dict[str, Any]]:
    return tk.get_action("satudata_qa_checklist_show")({}, {})


def task_count() -> int:
    if not tk.current_user.is_authenticated:
        return 0
    try:
        result = tk.get_action("satudata_task_list")(util.user_context(), {})
    except tk.NotAuthorized:
        return 0
    return sum(1 for i in result["items"] if i["task"] != "submit")


def state_label(state: str) -> str:
    return labels.states(tk._).get(state, state)


def event_label(name: str) -> str:
    return labels.events(tk._).get(name, name)


def role_label(name: str | None) -> str:
    return labels.roles(tk._).get(name or "", name or "")


def transition_label(name: str) -> str:
    return labels.transitions(tk._).get(name, name)


def is_walidata() -> bool:
    """Whether the logged-in user acts as walidata."""
    if not tk.current_user.is_authenticated:
        return False
    return roles.actor(tk.current_user.name).walidata


def change_label(name: str) -> str:
    """The buttons of revision and withdrawal."""
    return {
        "revision_request": tk._("Ask for a revision"),
        "withdrawal_request": tk._("Ask for a withdrawal"),
        "revision_open": tk._("Open a revision"),
        "revision_discard": tk._("Discard this revision"),
    }.get(name, name)


def qa_result_label(result: str) -> str:
    return labels.qa_results(tk._).get(result, result)


def qa_item_labels() -> dict[str, str]:
    return {i["code"]: i["label"] for i in qa_checklist()}


def get_helpers() -> dict[str, Any]:
    return {
        "satudata_workflow": workflow,
        "satudata_submit_blockers": submit_blockers,
        "satudata_qa_checklist": qa_checklist,
        "satudata_task_count": task_count,
        "satudata_state_label": state_label,
        "satudata_event_label": event_label,
        "satudata_role_label": role_label,
        "satudata_transition_label": transition_label,
        "satudata_change_label": change_label,
        "satudata_is_walidata": is_walidata,
        "satudata_qa_result_label": qa_result_label,
        "satudata_qa_item_labels": qa_item_labels,
    }
