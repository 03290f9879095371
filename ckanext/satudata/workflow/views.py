"""Web routes of the workflow: the step forms of the dataset page, the
"Tugas saya" page with the walidata's bulk decisions, and the printable
Surat Validasi. They call the actions; nothing here reads the database."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.satudata import util

from . import machine, notify

workflow = Blueprint("satudata_workflow", __name__)


def _qa_from_form(form: Any) -> dict[str, dict[str, str]]:
    answers = {}
    for item in tk.get_action("satudata_qa_checklist_show")({}, {}):
        code = item["code"]
        result = form.get(f"qa-{code}-result")
        note = form.get(f"qa-{code}-note", "")
        if result or note:
            answers[code] = {"result": result or "", "note": note}
    return answers


def _flash_errors(err: tk.ValidationError) -> None:
    for key, messages in err.error_dict.items():
        if isinstance(messages, (list, tuple)):
            for message in messages:
                tk.h.flash_error(str(message))
        else:
            tk.h.flash_error(f"{key}: {messages}")


@workflow.before_app_request
def remember_language() -> None:
    """A logged-in user's e-mails follow the language of their pages."""
    if not tk.current_user.is_authenticated:
        return
    path = tk.request.path
    if path.startswith(("/api/", "/webassets/", "/base/")) or "." in (
            path.rsplit("/", 1)[-1]):
        return
    try:
        notify.remember_locale(tk.current_user, util.lang())
    except Exception:  # never fail a page for this
        tk.g.satudata_locale_not_saved = True


@workflow.route("/dataset/<id>/alur", methods=["POST"])
def transition(id: str) -> Any:
    """Take a workflow step from the dataset page's forms."""
    form = tk.request.form
    name = form.get("transition", "")
    if name not in machine.TRANSITIONS:
        return tk.abort(400, tk._("Unknown workflow step"))
    data: dict[str, Any] = {"id": id, "note": form.get("note", "")}
    if name == "submit":
        data["qc_statement"] = form.get("qc_statement") == "on"
    if name == "verify":
        data["position"] = form.get("position", "")
        data["nip"] = form.get("nip", "")
    if name in ("publish", "reject"):
        data["qa"] = _qa_from_form(form)
    try:
        result = tk.get_action(f"satudata_dataset_{name}")(
            util.user_context(), data)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    except tk.ValidationError as err:
        _flash_errors(err)
        return tk.redirect_to("dataset.read", id=id)
    tk.h.flash_success(tk._('Done: the dataset is now "{state}".').format(
        state=result["state_label"]))
    return tk.redirect_to("dataset.read", id=result["name"])


@workflow.route("/satudata/tugas")
def tasks() -> Any:
    """Tugas saya: what waits for the logged-in user."""
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=tk.request.path)
    result = tk.get_action("satudata_task_list")(util.user_context(), {})
    checklist = tk.get_action("satudata_qa_checklist_show")({}, {})
    return tk.render("satudata/workflow/tasks.html", {
        "tasks": result["items"], "checklist": checklist})


@workflow.route("/satudata/tugas/massal", methods=["POST"])
def bulk() -> Any:
    """The walidata publishes or rejects the ticked datasets at once."""
    form = tk.request.form
    name = form.get("transition")
    if name not in ("publish", "reject"):
        return tk.abort(400, tk._("Unknown workflow step"))
    ids = form.getlist("ids")
    if not ids:
        tk.h.flash_error(tk._("Tick the datasets first"))
        return tk.redirect_to("satudata_workflow.tasks")
    try:
        result = tk.get_action(f"satudata_dataset_bulk_{name}")(
            util.user_context(), {"ids": ids, "note": form.get("note", ""),
                         "qa": _qa_from_form(form)})
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    except tk.ValidationError as err:
        _flash_errors(err)
        return tk.redirect_to("satudata_workflow.tasks")
    if result["done"]:
        tk.h.flash_success(tk._("{count} dataset(s) done").format(
            count=len(result["done"])))
    for ref, errors in result["failed"].items():
        messages = [m for ms in errors.values() for m in (
            ms if isinstance(ms, list) else [ms])]
        tk.h.flash_error(f"{ref}: {' '.join(map(str, messages))}")
    return tk.redirect_to("satudata_workflow.tasks")


@workflow.route("/dataset/<id>/surat-validasi")
def letter(id: str) -> Any:
    """The Surat Validasi of the last verification, printable."""
    try:
        pkg = tk.get_action("package_show")(util.user_context(), {"id": id})
        flow = tk.get_action("satudata_workflow_show")(
            util.user_context(), {"id": id, "include_hash": True})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this dataset"))
    if not flow.get("staff"):
        return tk.abort(403, tk._(
            "The validation letter is for the staff of the portal"))
    if not flow.get("validation"):
        return tk.abort(404, tk._("This dataset has not been verified yet"))
    return tk.render("satudata/workflow/letter.html", {
        "pkg": pkg, "flow": flow, "validation": flow["validation"],
        "current_hash": flow.get("current_hash")})


def get_blueprints() -> list[Blueprint]:
    return [workflow]
