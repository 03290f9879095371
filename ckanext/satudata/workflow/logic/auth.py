"""Auth of the verification workflow: its own actions, and CKAN's actions
chained so that the workflow holds on every path (the API, the web forms,
bulk actions, sysadmins included):

- only ``satudata_dataset_publish`` makes a dataset public: a change of
  ``private`` asked of ``package_create``/``package_update``/
  ``package_patch``/bulk actions is refused;
- operators edit drafts only; an OPD admin may still edit a submitted or
  verified dataset (it goes back to draft); published data is not edited
  in place (sysadmins excepted);
- the walidata reads every dataset of the workflow, the pembina every
  submitted, verified and published one.
"""

from __future__ import annotations

from typing import Any, Callable

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from .. import labels, machine, revision, roles, state


def _deny(message: str) -> AuthResult:
    return {"success": False, "msg": message}


def _package(context: Context, data_dict: DataDict | None
             ) -> model.Package | None:
    data_dict = data_dict or {}
    ref = data_dict.get("id") or data_dict.get("name")
    if not ref and data_dict.get("package_id"):
        ref = data_dict["package_id"]
    if isinstance(ref, str) and ref:
        return model.Package.get(ref)
    pkg = context.get("package")
    return pkg if isinstance(pkg, model.Package) else None


def _user(context: Context) -> Any:
    return context.get("auth_user_obj") or context.get("user")


# -- the workflow's own actions -------------------------------------------

def _transition_auth(name: str) -> Any:
    def auth(context: Context, data_dict: DataDict) -> AuthResult:
        pkg = _package(context, data_dict)
        if pkg is None or not state.applies(pkg):
            return {"success": True}  # the action answers 404 / 409
        who = roles.actor(_user(context))
        if who.roles_for(pkg.owner_org) & machine.get(name).roles:
            return {"success": True}
        needed = ", ".join(labels.roles(tk._)[r]
                           for r in sorted(machine.get(name).roles))
        return _deny(tk._(
            '"{action}" is for the {roles} of this dataset').format(
            action=labels.transitions(tk._)[name], roles=needed))

    auth.__name__ = f"satudata_dataset_{name}"
    return auth


satudata_dataset_submit = _transition_auth("submit")
satudata_dataset_return = _transition_auth("return")
satudata_dataset_verify = _transition_auth("verify")
satudata_dataset_reject = _transition_auth("reject")
satudata_dataset_publish = _transition_auth("publish")
satudata_dataset_withdraw = _transition_auth("withdraw")
satudata_dataset_restore = _transition_auth("restore")


# -- revision and withdrawal ----------------------------------------------

def _opd_request(context: Context, data_dict: DataDict) -> AuthResult:
    """The OPD's operator or verifikator asks the walidata."""
    pkg = _package(context, data_dict)
    if pkg is None or not state.applies(pkg):
        return {"success": True}  # the action answers 404 / 409
    held = roles.actor(_user(context)).roles_for(pkg.owner_org)
    if held & {machine.OPERATOR, machine.VERIFIKATOR}:
        return {"success": True}
    return _deny(tk._(
        "Only the operator or verifikator of the dataset's OPD may ask "
        "for this"))


satudata_revision_request = _opd_request
satudata_withdrawal_request = _opd_request


def _walidata_decides(context: Context, data_dict: DataDict) -> AuthResult:
    if roles.actor(_user(context)).walidata:
        return {"success": True}
    return _deny(tk._("Only the walidata may decide on revisions and "
                      "withdrawals"))


satudata_revision_open = _walidata_decides
satudata_change_request_refuse = _walidata_decides


def satudata_revision_discard(context: Context,
                              data_dict: DataDict) -> AuthResult:
    """The walidata; the OPD's operator while the copy is a draft."""
    pkg = _package(context, data_dict)
    who = roles.actor(_user(context))
    if who.walidata or pkg is None:
        return {"success": True}
    if machine.OPERATOR in who.roles_for(pkg.owner_org) and (
            state.current(pkg) == machine.DRAFT):
        return {"success": True}
    return _deny(tk._(
        "The operator may discard a revision only while it is a draft; "
        "after that, ask the walidata"))


@tk.auth_allow_anonymous_access
def _staff_of_dataset(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may read the dataset and is its staff (its OPD, the
    walidata, the pembina)."""
    pkg = _package(context, data_dict)
    if pkg is None:
        return {"success": True}  # the action answers 404
    tk.check_access("package_show", context, {"id": pkg.id})
    who = roles.actor(_user(context))
    if who.global_roles() or pkg.owner_org in who.capacities:
        return {"success": True}
    return _deny(tk._("This is for the staff of the portal"))


satudata_revision_diff = _staff_of_dataset
satudata_dataset_version_list = _staff_of_dataset
satudata_dataset_version_show = _staff_of_dataset


@tk.auth_allow_anonymous_access
def satudata_tombstone_show(context: Context,
                            data_dict: DataDict) -> AuthResult:
    """A withdrawn dataset's tombstone is public."""
    return {"success": True}


def satudata_change_request_list(context: Context,
                                 data_dict: DataDict) -> AuthResult:
    """The walidata, the pembina and the members of OPDs."""
    if roles.actor(_user(context)).staff:
        return {"success": True}
    return _deny(tk._("This is for the staff of the portal"))


def _walidata_only(context: Context, data_dict: DataDict) -> AuthResult:
    if roles.actor(_user(context)).walidata:
        return {"success": True}
    return _deny(tk._("Only the walidata may publish or reject data"))


satudata_dataset_bulk_publish = _walidata_only
satudata_dataset_bulk_reject = _walidata_only


@tk.auth_allow_anonymous_access
def satudata_workflow_show(context: Context,
                           data_dict: DataDict) -> AuthResult:
    """Whoever may see the dataset sees where it stands (the public only
    its publication dates)."""
    tk.check_access("package_show", context, data_dict)
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_qa_checklist_show(context: Context,
                               data_dict: DataDict) -> AuthResult:
    """The checklist is no secret."""
    return {"success": True}


def satudata_task_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Any logged-in user (the list is empty without a role). Checked here
    too: CKAN's guard lets the API's anonymous user object through."""
    if roles.actor(_user(context)).user is None:
        return _deny(tk._("Log in to see your tasks"))
    return {"success": True}


# -- CKAN's actions, chained ----------------------------------------------

def _wants_public(data_dict: DataDict | None) -> bool:
    value = (data_dict or {}).get("private")
    return "private" in (data_dict or {}) and not tk.asbool(value)


def _changes_visibility(pkg: model.Package, data_dict: DataDict | None
                        ) -> bool:
    if "private" not in (data_dict or {}):
        return False
    wanted = tk.asbool(data_dict["private"])  # type: ignore[index]
    return wanted != (state.current(pkg) != machine.PUBLISHED)


def _discard_instead() -> AuthResult:
    return _deny(tk._(
        "This dataset is a revision in progress: discard the revision "
        "instead of deleting it"))


def _cannot_delete() -> AuthResult:
    return _deny(tk._(
        "Only drafts can be deleted; data that has been submitted stays "
        "on record"))


def _visibility_is_the_workflows() -> AuthResult:
    return _deny(tk._(
        "The visibility of this dataset is set by the verification "
        "workflow: it becomes public when the walidata publishes it"))


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth: Any, context: Context,
                 data_dict: DataDict) -> AuthResult:
    """CKAN's check (permission labels: the workflow's labels let the
    walidata and the pembina read unpublished datasets); a refusal does not
    name the dataset (CKAN's message gives its id to whoever asked by
    name)."""
    result = next_auth(context, data_dict)
    if result.get("success"):
        return result
    return _deny(tk._("You may not see this dataset"))


@tk.chained_auth_function
@tk.auth_sysadmins_check
def package_create(next_auth: Any, context: Context,
                   data_dict: DataDict) -> AuthResult:
    dataset_type = (data_dict or {}).get("type") or "dataset"
    if dataset_type in machine.DATASET_TYPES and _wants_public(data_dict):
        return _visibility_is_the_workflows()
    if roles.actor(_user(context)).sysadmin:
        return {"success": True}
    return next_auth(context, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def package_update(next_auth: Any, context: Context,
                   data_dict: DataDict) -> AuthResult:
    pkg = _package(context, data_dict)
    who = roles.actor(_user(context))
    if pkg is None or not state.applies(pkg):
        return {"success": True} if who.sysadmin else next_auth(
            context, data_dict)
    if _changes_visibility(pkg, data_dict):
        return _visibility_is_the_workflows()
    current = state.current(pkg)
    if (data_dict or {}).get("state") == "deleted" and not who.sysadmin:
        if current != machine.DRAFT:
            return _cannot_delete()
        if revision.is_open_copy(pkg):
            return _discard_instead()
    held = who.roles_for(pkg.owner_org)
    if current in machine.RELEASED and not who.sysadmin:
        return _deny(tk._(
            "Published or withdrawn data is not edited in place: ask the "
            "walidata for a revision"))
    if current in (machine.SUBMITTED, machine.VERIFIED) and (
            machine.VERIFIKATOR not in held and not who.sysadmin):
        return _deny(tk._(
            "The dataset is {state}: the operator edits drafts only; the "
            "verifikator can return it for changes").format(
            state=labels.states(tk._)[current]))
    if who.sysadmin:
        return {"success": True}
    return next_auth(context, data_dict)


@tk.chained_auth_function
def package_delete(next_auth: Any, context: Context,
                   data_dict: DataDict) -> AuthResult:
    """Only drafts are deleted (by whoever may edit them); what has been
    submitted stays (sysadmins excepted)."""
    pkg = _package(context, data_dict)
    if pkg is not None and state.applies(pkg) and not roles.actor(
            _user(context)).sysadmin:
        if state.current(pkg) != machine.DRAFT:
            return _cannot_delete()
        if revision.is_open_copy(pkg):
            return _discard_instead()
    return next_auth(context, data_dict)


@tk.chained_auth_function
def resource_delete(next_auth: Any, context: Context,
                    data_dict: DataDict) -> AuthResult:
    """CKAN checks ``package_delete`` for a resource's deletion; in a
    revision's copy (which is discarded, not deleted) removing a resource
    is an edit like any other."""
    resource = model.Resource.get(str((data_dict or {}).get("id") or ""))
    pkg = resource.package if resource is not None else None
    if pkg is not None and revision.is_open_copy(pkg):
        return authz.is_authorized("package_update", context,
                                   {"id": pkg.id})
    return next_auth(context, data_dict)


def _governed(ids: Any) -> list[model.Package]:
    if not isinstance(ids, (list, tuple)) or not ids:
        return []
    return [p for p in model.Session.query(model.Package).filter(
        model.Package.id.in_([str(i) for i in ids])) if state.applies(p)]


def _bulk(next_auth: Any, context: Context, data_dict: DataDict,
          refused: Callable[[model.Package], bool],
          denial: Callable[[], AuthResult], sysadmins_too: bool
          ) -> AuthResult:
    """An organisation's bulk action, refused when one of the datasets of
    the workflow it names is ``refused``."""
    sysadmin = roles.actor(_user(context)).sysadmin
    if (sysadmins_too or not sysadmin) and any(refused(p) for p in _governed(
            (data_dict or {}).get("datasets"))):
        return denial()
    return {"success": True} if sysadmin else next_auth(context, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def bulk_update_public(next_auth: Any, context: Context,
                       data_dict: DataDict) -> AuthResult:
    """Only publication makes a dataset of the workflow public."""
    return _bulk(next_auth, context, data_dict, lambda p: True,
                 _visibility_is_the_workflows, sysadmins_too=True)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def bulk_update_private(next_auth: Any, context: Context,
                        data_dict: DataDict) -> AuthResult:
    """Published data is not hidden in bulk."""
    return _bulk(next_auth, context, data_dict, lambda p: not p.private,
                 _visibility_is_the_workflows, sysadmins_too=True)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def bulk_update_delete(next_auth: Any, context: Context,
                       data_dict: DataDict) -> AuthResult:
    """Only drafts are deleted in bulk (sysadmins excepted)."""
    return _bulk(next_auth, context, data_dict,
                 lambda p: state.current(p) != machine.DRAFT
                 or revision.is_open_copy(p),
                 _cannot_delete, sysadmins_too=False)


def get_auth_functions() -> dict[str, Any]:
    return {
        "satudata_dataset_submit": satudata_dataset_submit,
        "satudata_dataset_return": satudata_dataset_return,
        "satudata_dataset_verify": satudata_dataset_verify,
        "satudata_dataset_reject": satudata_dataset_reject,
        "satudata_dataset_publish": satudata_dataset_publish,
        "satudata_dataset_withdraw": satudata_dataset_withdraw,
        "satudata_dataset_restore": satudata_dataset_restore,
        "satudata_revision_request": satudata_revision_request,
        "satudata_withdrawal_request": satudata_withdrawal_request,
        "satudata_revision_open": satudata_revision_open,
        "satudata_change_request_refuse": satudata_change_request_refuse,
        "satudata_revision_discard": satudata_revision_discard,
        "satudata_revision_diff": satudata_revision_diff,
        "satudata_dataset_version_list": satudata_dataset_version_list,
        "satudata_dataset_version_show": satudata_dataset_version_show,
        "satudata_change_request_list": satudata_change_request_list,
        "satudata_tombstone_show": satudata_tombstone_show,
        "satudata_dataset_bulk_publish": satudata_dataset_bulk_publish,
        "satudata_dataset_bulk_reject": satudata_dataset_bulk_reject,
        "satudata_workflow_show": satudata_workflow_show,
        "satudata_qa_checklist_show": satudata_qa_checklist_show,
        "satudata_task_list": satudata_task_list,
        "package_show": package_show,
        "package_create": package_create,
        "package_update": package_update,
        "package_delete": package_delete,
        "resource_delete": resource_delete,
        "bulk_update_public": bulk_update_public,
        "bulk_update_private": bulk_update_private,
        "bulk_update_delete": bulk_update_delete,
    }
