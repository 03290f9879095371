"""Reading and writing where datasets stand, and the audit trail.

A dataset of a workflow type with no state row (made before the plugin
was switched on and not yet migrated) counts as published when it is
public and as a draft when it is private.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from . import machine
from .model import WorkflowEvent, WorkflowState


def applies(pkg: model.Package | None) -> bool:
    """Whether the workflow governs this dataset."""
    return pkg is not None and (pkg.type or "dataset") in (
        machine.DATASET_TYPES)


def derived(pkg: model.Package) -> str:
    return machine.DRAFT if pkg.private else machine.PUBLISHED


def current(pkg: model.Package) -> str:
    row = model.Session.get(WorkflowState, pkg.id)
    return row.state if row else derived(pkg)


def row(pkg: model.Package) -> WorkflowState | None:
    return model.Session.get(WorkflowState, pkg.id)


def lock(pkg: model.Package) -> WorkflowState:
    """The dataset's state row, locked until the transaction ends: a
    concurrent transition waits here, then sees the new state."""
    model.Session.execute(
        insert(WorkflowState).values(
            package_id=pkg.id, state=derived(pkg),
            since=dt.datetime.now(dt.timezone.utc))
        .on_conflict_do_nothing(index_elements=["package_id"]))
    return model.Session.scalars(
        sa.select(WorkflowState)
        .where(WorkflowState.package_id == pkg.id)
        .with_for_update()
        .execution_options(populate_existing=True)).one()


def record(pkg_id: str, transition: str, from_state: str | None,
           to_state: str, actor: Any, role: str | None, **fields: Any
           ) -> WorkflowEvent:
    """Add an event to the trail (flushed, committed with the caller)."""
    user = getattr(actor, "user", actor)
    event = WorkflowEvent(
        package_id=pkg_id, transition=transition, from_state=from_state,
        to_state=to_state, actor_id=user.id if user else None,
        actor_name=user.name if user else None, role=role,
        created=dt.datetime.now(dt.timezone.utc), **fields)
    model.Session.add(event)
    model.Session.flush()
    return event


def move(state_row: WorkflowState, event: WorkflowEvent,
         content_hash: str | None = None) -> None:
    state_row.state = event.to_state
    state_row.since = event.created
    state_row.last_event_id = event.id
    if content_hash is not None:
        state_row.content_hash = content_hash


def history(pkg_id: str) -> list[WorkflowEvent]:
    """The events of a dataset, oldest first."""
    return list(model.Session.scalars(
        sa.select(WorkflowEvent).where(WorkflowEvent.package_id == pkg_id)
        .order_by(WorkflowEvent.created, WorkflowEvent.id)))


def last_event(pkg_id: str, transitions: Iterable[str]
               ) -> WorkflowEvent | None:
    return model.Session.scalars(
        sa.select(WorkflowEvent)
        .where(WorkflowEvent.package_id == pkg_id,
               WorkflowEvent.transition.in_(list(transitions)))
        .order_by(WorkflowEvent.created.desc(), WorkflowEvent.id.desc())
        .limit(1)).first()


def current_content(pkg_id: str) -> dict[str, Any]:
    """The dataset as ``package_show`` gives it now (no cache, no auth)."""
    return tk.get_action("package_show")(
        {"ignore_auth": True, "use_cache": False,
         "for_view": False}, {"id": pkg_id})


def current_hash(pkg_id: str) -> str:
    return machine.content_hash(current_content(pkg_id))
