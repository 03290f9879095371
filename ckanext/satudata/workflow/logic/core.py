"""CKAN's own dataset actions, chained and hooked for the workflow.

- ``package_create``: a dataset of the workflow starts as a private draft;
  its state row and first audit event are written in CKAN's own
  transaction (``after_dataset_create``, before CKAN indexes and commits);
- ``package_update`` (and everything built on it: ``package_patch``,
  ``package_revise``, resource create/update/delete, bulk actions): the
  visibility stays what the workflow says; a submitted or verified dataset
  whose metadata or resources change goes back to draft, with an event; a
  change to a published dataset (sysadmin or internal) is recorded. This is
  done in ``after_dataset_update``, inside CKAN's transaction, so the
  change, the state and the event commit together and the index sees the
  new state.

The auth side (who may) is in :mod:`.auth`; this module keeps the state
consistent for callers that skip auth (``ignore_auth``) too.

(CKAN 2.12's ``package_update`` discards its changes under
``defer_commit``, and ``package_create`` does not index then: hence hooks,
not a transaction of our own around them.)
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.lib.plugins as lib_plugins
import ckan.model as model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from .. import machine, roles, state
from .action import TRANSITION_FLAG

log = logging.getLogger(__name__)


def _strip(data_dict: DataDict) -> DataDict:
    """What package_show adds and package_update must not store."""
    return {k: v for k, v in data_dict.items() if k != "satudata_state"}


def _actor_role(who: roles.Actor, owner_org: str | None) -> str:
    held = who.roles_for(owner_org)
    for role in (machine.VERIFIKATOR, machine.OPERATOR, machine.WALIDATA):
        if role in held:
            return role
    return "system"


@tk.chained_action
def package_create(up_func: Any, context: Context,
                   data_dict: DataDict) -> Any:
    """CKAN's ``package_create``; a dataset of the workflow starts as a
    private draft."""
    dataset_type = data_dict.get("type") or "dataset"
    if dataset_type in machine.DATASET_TYPES:
        data_dict = _strip(data_dict)
        if "private" not in data_dict or context.get("ignore_auth"):
            data_dict["private"] = True  # auth refuses an explicit public
    return up_func(context, data_dict)


@tk.chained_action
def package_update(up_func: Any, context: Context,
                   data_dict: DataDict) -> Any:
    """CKAN's ``package_update``; the workflow keeps the visibility."""
    data_dict = _strip(data_dict)
    ref = data_dict.get("id") or data_dict.get("name")
    pkg = model.Package.get(ref) if isinstance(ref, str) and ref else None
    if state.applies(pkg) and not context.get(TRANSITION_FLAG):
        assert pkg is not None
        if "private" not in data_dict or context.get("ignore_auth"):
            # auth refuses an explicit change; internal callers are
            # corrected
            data_dict["private"] = state.current(pkg) != machine.PUBLISHED
    return up_func(context, data_dict)


def after_create(context: Context, data: dict[str, Any]) -> None:
    """The state row and the ``create`` event of a new dataset."""
    pkg = model.Package.get(data.get("id") or data.get("name") or "")
    if not state.applies(pkg):
        return
    assert pkg is not None
    row = state.lock(pkg)
    who = roles.actor(context.get("user"))
    event = state.record(pkg.id, machine.CREATE, None, machine.DRAFT, who,
                         _actor_role(who, pkg.owner_org))
    state.move(row, event)


#: a label no user holds, kept on the activities of a withdrawn dataset
#: that were public, so that a restore makes them public again
WAS_PUBLIC_LABEL = "satudata-public-before-withdrawal"


def activities_follow_visibility(pkg: model.Package) -> None:
    """CKAN labels an activity once, when it is recorded: the activities
    of a dataset recorded while it was public (its publication, its
    revisions) would stay in the public activity streams (a user's,
    recently changed packages, dashboards) after a withdrawal. When a
    transition makes the dataset private they take its labels now (plus
    WAS_PUBLIC_LABEL); when one makes it public again, those are public
    again. In CKAN's transaction (``after_dataset_update``)."""
    if not plugins.plugin_loaded("activity"):
        return
    from ckanext.activity.model import Activity

    found = model.Session.query(Activity).filter(
        Activity.object_id == pkg.id).all()
    if pkg.private:
        labels = lib_plugins.get_permission_labels().get_dataset_labels(pkg)
        for activity in found:
            if "public" in (activity.permission_labels or []):
                activity.permission_labels = [
                    *labels, WAS_PUBLIC_LABEL]
    else:
        for activity in found:
            if WAS_PUBLIC_LABEL in (activity.permission_labels or []):
                activity.permission_labels = ["public"]


def after_update(context: Context, data: dict[str, Any]) -> None:
    """A submitted or verified dataset that changed goes back to draft; a
    change to a published one is recorded. A transition that changes the
    visibility takes the dataset's past activities with it."""
    if context.get(TRANSITION_FLAG):
        pkg = model.Package.get(data.get("id") or data.get("name") or "")
        if state.applies(pkg):
            assert pkg is not None
            activities_follow_visibility(pkg)
        return
    pkg = model.Package.get(data.get("id") or data.get("name") or "")
    if not state.applies(pkg):
        return
    assert pkg is not None
    row = state.row(pkg)
    current = row.state if row else state.derived(pkg)
    if current == machine.DRAFT:
        return
    after = state.current_hash(pkg.id)
    if row is not None and row.content_hash == after:
        return
    who = roles.actor(context.get("user"))
    locked = state.lock(pkg)
    role = _actor_role(who, pkg.owner_org)
    if current in machine.RELEASED:
        event = state.record(
            pkg.id, machine.EDIT, current, current, who, role,
            snapshot_hash=after,
            data={"reason": "changed_after_publication"})
        state.move(locked, event, after)
        return
    event = state.record(
        pkg.id, machine.EDIT, current, machine.DRAFT, who, role,
        snapshot_hash=after, data={"reason": f"changed_after_{current}"})
    state.move(locked, event)
    locked.content_hash = None
    log.info("Dataset %s changed while %s: back to draft", pkg.name,
             current)


def get_actions() -> dict[str, Any]:
    return {"package_create": package_create,
            "package_update": package_update}
