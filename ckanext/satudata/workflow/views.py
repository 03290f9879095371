"""Web routes of the workflow: the step forms of the dataset page, the
"Tugas saya" page with the walidata's bulk decisions, the printable
Surat Validasi, revision and withdrawal (requests, the register, the
comparison, previous versions) and the tombstone (HTTP 410) of withdrawn
data. They call the actions; nothing here reads the database."""

from __future__ import annotations

import os
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, send_file

from ckanext.satudata import util

from . import machine, notify, revision

workflow = Blueprint("satudata_workflow", __name__)
# every form POST is checked (see util.check_csrf)
workflow.before_request(util.check_csrf)


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


def _from_dataset_page(action: str, data: dict[str, Any]) -> Any:
    """An action taken from a form of the dataset page, as the logged-in
    user: its result; 404 / 403 abort; a refusal for bad input is flashed
    and None returned (the caller goes back to the dataset page)."""
    try:
        return tk.get_action(action)(util.user_context(), data)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    except tk.ValidationError as err:
        _flash_errors(err)
        return None


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
    result = _from_dataset_page(f"satudata_dataset_{name}", data)
    if result is None:
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


# -- withdrawn data: the tombstone -------------------------------------------

#: dataset pages (blueprint view names) that answer 410 for withdrawn data
_DATASET_VIEWS = ("read", "resources", "groups")
_RESOURCE_VIEWS = ("read", "download")
_OTHER_VIEWS = ("activity.package_activity", "dcat.read_dataset")


def _dataset_ref() -> str | None:
    """The dataset a public page of the request is about, if any."""
    endpoint = tk.request.endpoint or ""
    args = tk.request.view_args or {}
    blueprint, _, view = endpoint.partition(".")
    if endpoint in _OTHER_VIEWS or (
            blueprint.endswith("resource") and view in _RESOURCE_VIEWS) or (
            view in _DATASET_VIEWS and blueprint in machine.DATASET_TYPES):
        ref = args.get("id") or args.get("_id")
        return ref if isinstance(ref, str) else None
    return None


@workflow.before_app_request
def tombstone() -> Any:
    """A withdrawn dataset's pages answer 410 Gone with its tombstone to
    whoever may not read it any more (its staff still see it)."""
    ref = _dataset_ref()
    if not ref:
        return None
    if ref.rsplit(".", 1)[-1] in ("rdf", "ttl", "jsonld", "xml", "n3"):
        ref = ref.rsplit(".", 1)[0]
    try:
        stone = tk.get_action("satudata_tombstone_show")({}, {"id": ref})
    except (tk.ObjectNotFound, tk.ValidationError):
        return None
    try:
        tk.get_action("package_show")(util.user_context(), {"id": ref})
        return None
    except (tk.ObjectNotFound, tk.NotAuthorized):
        pass
    return tk.render("satudata/workflow/tombstone.html",
                     {"stone": stone}), 410


# -- revision and withdrawal --------------------------------------------------

#: the forms of the dataset page: action -> what it needs
_CHANGE_ACTIONS = {
    "revision_request": "reason", "withdrawal_request": "reason",
    "revision_open": "reason", "revision_discard": "note",
}


@workflow.route("/dataset/<id>/perubahan", methods=["POST"])
def change(id: str) -> Any:
    """Ask for, open or discard a revision; ask for a withdrawal."""
    form = tk.request.form
    name = form.get("change", "")
    if name not in _CHANGE_ACTIONS:
        return tk.abort(400, tk._("Unknown request"))
    data = {"id": id, _CHANGE_ACTIONS[name]: form.get("reason", "")}
    result = _from_dataset_page(f"satudata_{name}", data)
    if result is None:
        return tk.redirect_to("dataset.read", id=id)
    if name == "revision_open":
        tk.h.flash_success(tk._(
            "The revision is open: the OPD edits this copy and submits it; "
            "the public keeps seeing the published version."))
        return tk.redirect_to("dataset.read", id=result["revision"]["name"])
    if name == "revision_discard":
        tk.h.flash_success(tk._("The revision is discarded."))
        pkg_id = result["package_id"]
        return tk.redirect_to("dataset.read", id=pkg_id)
    tk.h.flash_success(tk._(
        "Your request is registered; the walidata will handle it."))
    return tk.redirect_to("dataset.read", id=id)


@workflow.route("/dataset/<id>/revisi")
def diff(id: str) -> Any:
    """The revision in progress against the published version."""
    try:
        result = tk.get_action("satudata_revision_diff")(
            util.user_context(), {"id": id})
        flow = tk.get_action("satudata_workflow_show")(
            util.user_context(), {"id": result["revision"]})
    except tk.ObjectNotFound as err:
        return tk.abort(404, str(err) or tk._("Dataset not found"))
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    return tk.render("satudata/workflow/diff.html", {
        "diff": result, "flow": flow,
        "checklist": tk.get_action("satudata_qa_checklist_show")({}, {})})


@workflow.route("/dataset/<id>/versi")
def versions(id: str) -> Any:
    try:
        pkg = tk.get_action("package_show")(util.user_context(), {"id": id})
        found = tk.get_action("satudata_dataset_version_list")(
            util.user_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    return tk.render("satudata/workflow/versions.html", {
        "pkg": pkg, "versions": found})


def _version(id: str, number: int) -> dict[str, Any]:
    return tk.get_action("satudata_dataset_version_show")(
        util.user_context(), {"id": id, "version": number})


@workflow.route("/dataset/<id>/versi/<int:number>")
def version(id: str, number: int) -> Any:
    try:
        found = _version(id, number)
    except tk.ObjectNotFound as err:
        return tk.abort(404, str(err) or tk._("Version not found"))
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    return tk.render("satudata/workflow/version.html", {"version": found})


@workflow.route("/dataset/<id>/versi/<int:number>/berkas/<resource_id>")
def version_file(id: str, number: int, resource_id: str) -> Any:
    """A file of a previous version (staff), from the storage."""
    try:
        found = _version(id, number)
    except tk.ObjectNotFound as err:
        return tk.abort(404, str(err) or tk._("Version not found"))
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    resource = next((r for r in found.get("resources") or []
                     if r.get("id") == resource_id), None)
    if resource is None:
        return tk.abort(404, tk._("Resource not found"))
    if resource.get("url_type") != "upload":
        return tk.redirect_to(resource.get("url") or "/")
    path = revision.file_path(resource_id)
    if not path or not os.path.exists(path):
        return tk.abort(404, tk._("The file is no longer in the storage"))
    name = (resource.get("url") or "").rsplit("/", 1)[-1] or resource_id
    return send_file(path, download_name=name, as_attachment=True)


@workflow.route("/satudata/perubahan")
def register() -> Any:
    """The register of revision and withdrawal requests."""
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=tk.request.path)
    status = tk.request.args.get("status") or "open"
    kind = tk.request.args.get("kind") or None
    data = {"status": status, "limit": 500}
    if kind:
        data["kind"] = kind
    try:
        result = tk.get_action("satudata_change_request_list")(
            util.user_context(), data)
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    except tk.ValidationError as err:
        return tk.abort(400, "; ".join(
            str(m) for ms in err.error_dict.values() for m in ms))
    return tk.render("satudata/workflow/register.html", {
        "requests": result["items"], "count": result["count"],
        "status": status, "kind": kind})


@workflow.route("/satudata/perubahan/<request_id>", methods=["POST"])
def decide(request_id: str) -> Any:
    """The walidata refuses a request, or carries it out (opens the
    revision, withdraws the data)."""
    form = tk.request.form
    decision = form.get("decision", "")
    reason = form.get("reason", "")
    context = util.user_context()
    try:
        if decision == "refuse":
            tk.get_action("satudata_change_request_refuse")(
                context, {"request_id": request_id, "reason": reason})
            tk.h.flash_success(tk._("The request is refused."))
        elif decision in ("revision_open", "withdraw"):
            found = next((r for r in tk.get_action(
                "satudata_change_request_list")(
                context, {"status": "received", "limit": 1000})["items"]
                if r["id"] == request_id), None)
            if found is None:
                return tk.abort(404, tk._("Request not found"))
            action = ("satudata_revision_open" if decision == "revision_open"
                      else "satudata_dataset_withdraw")
            tk.get_action(action)(context, {
                "id": found["package_id"],
                "reason": reason or found["reason"]})
            tk.h.flash_success(tk._("Done."))
        else:
            return tk.abort(400, tk._("Unknown request"))
    except tk.ObjectNotFound as err:
        return tk.abort(404, str(err) or tk._("Request not found"))
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    except tk.ValidationError as err:
        _flash_errors(err)
    return tk.redirect_to("satudata_workflow.register")


def get_blueprints() -> list[Blueprint]:
    return [workflow]
