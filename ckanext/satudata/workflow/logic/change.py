"""Actions of revision and withdrawal (SOP "Penarikan atau Revisi Data"):
the OPD's requests, the walidata's register and decisions, the staged
revision, the comparison with the published version, and the previous
versions. Withdrawing and restoring are workflow transitions
(``satudata_dataset_withdraw`` / ``_restore`` in :mod:`.action`).

Each action checks and writes under the dataset's state row lock and
commits once: a request refused halfway leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict
from sqlalchemy.exc import IntegrityError

from ckanext.satudata import config as sd_config

from .. import labels, machine, notify, revision, roles, state
from ..model import (
    IN_PROGRESS,
    OPEN,
    RECEIVED,
    REFUSED,
    REVISION,
    WITHDRAWAL,
    ChangeRequest,
    WorkflowEvent,
)
from . import schema
from .action import get_readable_package, request_dict


def _refuse(errors: dict[str, list[str]]) -> None:
    model.Session.rollback()
    raise tk.ValidationError(errors)


def _not_released(pkg: model.Package, current: str) -> None:
    _refuse({"state": [tk._(
        'The dataset is "{state}": only published (or withdrawn) data is '
        "revised or withdrawn this way").format(
        state=labels.states(tk._)[current])]})


def _already(kind: str) -> None:
    if kind == REVISION:
        _refuse({"id": [tk._(
            "This dataset already has an open revision request or a "
            "revision in progress")]})
    _refuse({"id": [tk._(
        "This dataset already has an open withdrawal request")]})


def _opd_role(who: roles.Actor, pkg: model.Package) -> str:
    held = who.roles_for(pkg.owner_org)
    for role in (machine.VERIFIKATOR, machine.OPERATOR, machine.WALIDATA):
        if role in held:
            return role
    return "system"


def _new_request(pkg: model.Package, kind: str, reason: str,
                 who: roles.Actor, status: str) -> ChangeRequest:
    try:
        with model.Session.begin_nested():
            return revision.new_request(pkg, kind, reason, who,
                                        _opd_role(who, pkg), status)
    except IntegrityError:
        _already(kind)
        raise  # unreachable: _already raises


def _request(pkg: model.Package, kind: str, context: Context,
             data_dict: DataDict) -> dict[str, Any]:
    who = roles.actor(context.get("user"))
    row = state.lock(pkg)
    allowed = (machine.RELEASED if kind == REVISION
               else (machine.PUBLISHED,))
    if row.state not in allowed:
        _not_released(pkg, row.state)
    if revision.open_request(pkg.id, kind) is not None:
        _already(kind)
    found = _new_request(pkg, kind, data_dict["reason"].strip(), who,
                         RECEIVED)
    out = request_dict(found)
    model.Session.commit()
    notify.enqueue_request(found.id)
    return out


@tk.validate(schema.change_request)
def satudata_revision_request(context: Context,
                              data_dict: DataDict) -> dict[str, Any]:
    """Ask the walidata to open a revision of a published (or withdrawn)
    dataset (operator or verifikator of the dataset's OPD). The request
    enters the walidata's register as received.

    :param id: the id or name of the dataset
    :type id: string
    :param reason: what is to be revised and why (required)
    :type reason: string
    :returns: the request (as ``satudata_change_request_list`` lists it)

    Errors: 403 without the role; 409 when the dataset is not published
    or withdrawn, or a revision request or revision is already open.
    """
    pkg = get_readable_package(context, data_dict["id"])
    tk.check_access("satudata_revision_request", context, data_dict)
    return _request(pkg, REVISION, context, data_dict)


@tk.validate(schema.change_request)
def satudata_withdrawal_request(context: Context,
                                data_dict: DataDict) -> dict[str, Any]:
    """Ask the walidata to withdraw a published dataset (operator or
    verifikator of the dataset's OPD).

    :param id: the id or name of the dataset
    :type id: string
    :param reason: why it should be withdrawn (required)
    :type reason: string
    :returns: the request

    Errors: 403 without the role; 409 when the dataset is not published or
    a withdrawal request is already open.
    """
    pkg = get_readable_package(context, data_dict["id"])
    tk.check_access("satudata_withdrawal_request", context, data_dict)
    return _request(pkg, WITHDRAWAL, context, data_dict)


@tk.validate(schema.revision_open)
def satudata_revision_open(context: Context,
                           data_dict: DataDict) -> dict[str, Any]:
    """Open a revision of a published (or withdrawn) dataset (walidata):
    creates its staged copy, a private draft of the same OPD with a copy of
    the metadata and resources, which the OPD edits and takes through the
    workflow while the public keeps the published version. Takes up the
    dataset's received revision request, or opens one directly (then the
    reason is required).

    :param id: the id or name of the dataset
    :type id: string
    :param reason: why (required when there is no request)
    :type reason: string
    :returns: ``{"request": the request, "revision": {"id", "name"}}``

    Errors: 403 for anyone but the walidata; 409 when the dataset is not
    published or withdrawn, or a revision is already in progress.
    """
    pkg = get_readable_package(context, data_dict["id"])
    tk.check_access("satudata_revision_open", context, data_dict)
    who = roles.actor(context.get("user"))
    row = state.lock(pkg)
    if row.state not in machine.RELEASED:
        _not_released(pkg, row.state)
    if revision.request_for_copy(pkg.id) is not None:
        _refuse({"id": [tk._("This dataset is itself a revision")]})
    found = revision.open_request(pkg.id, REVISION)
    reason = (data_dict.get("reason") or "").strip()
    if found is not None and found.status == IN_PROGRESS:
        _already(REVISION)
    if found is None:
        if not reason:
            _refuse({"reason": [tk._("Give the reason")]})
        found = _new_request(pkg, REVISION, reason, who, IN_PROGRESS)
    else:
        found.status = IN_PROGRESS
    found.handled_by = who.name
    found.handled_at = revision._now()
    if reason and reason != found.reason:
        found.decision_note = reason
    request_id = found.id
    try:
        copy = revision.make_copy(pkg, found, who)  # commits
    except Exception:
        model.Session.rollback()
        raise
    notify.enqueue_request(request_id)
    found = model.Session.get(ChangeRequest, request_id)
    return {"request": request_dict(found),
            "revision": {"id": copy["id"], "name": copy["name"]}}


@tk.validate(schema.revision_discard)
def satudata_revision_discard(context: Context,
                              data_dict: DataDict) -> dict[str, Any]:
    """Drop a revision that has not been published (the walidata at any
    step; the OPD's operator while the copy is a draft). The staged copy
    is retired (kept, with its history, for the record); the published
    dataset is unchanged; the request is marked cancelled.

    :param id: the id or name of the published dataset or of its staged
        copy
    :type id: string
    :param note: why (optional)
    :type note: string
    :returns: the request

    Errors: 403 without the right; 409 when no revision is in progress.
    """
    pkg = get_readable_package(context, data_dict["id"])
    found = revision.open_copy_request(pkg.id) or revision.in_progress(
        pkg.id)
    if found is None:
        raise tk.ValidationError({"id": [tk._(
            "No revision of this dataset is in progress")]})
    copy = model.Package.get(found.revision_package_id or "")
    tk.check_access("satudata_revision_discard", context,
                    {"id": copy.id if copy else pkg.id})
    if copy is not None:
        state.lock(copy)
    model.Session.refresh(found)
    if found.status != IN_PROGRESS:
        _refuse({"id": [tk._("No revision of this dataset is in progress")]})
    who = roles.actor(context.get("user"))
    revision.discard(found, who, (data_dict.get("note") or "").strip())
    out = request_dict(found)
    model.Session.commit()
    return out


@tk.validate(schema.request_refuse)
def satudata_change_request_refuse(context: Context,
                                   data_dict: DataDict) -> dict[str, Any]:
    """Refuse a received revision or withdrawal request, with the reason
    (walidata). The register keeps it as refused.

    :param request_id: the request's id
    :type request_id: string
    :param reason: why it is refused (required)
    :type reason: string
    :returns: the request
    """
    tk.check_access("satudata_change_request_refuse", context, data_dict)
    found = model.Session.scalars(
        sa.select(ChangeRequest).where(
            ChangeRequest.id == data_dict["request_id"])
        .with_for_update()).first()
    if found is None:
        raise tk.ObjectNotFound(tk._("Request not found"))
    if found.status != RECEIVED:
        _refuse({"request_id": [tk._(
            "Only a received request can be refused; this one is "
            '"{status}"').format(
            status=labels.request_states(tk._)[found.status])]})
    revision.close(found, REFUSED, roles.actor(context.get("user")),
                   data_dict["reason"].strip())
    out = request_dict(found)
    model.Session.commit()
    notify.enqueue_request(found.id)
    return out


@tk.side_effect_free
@tk.validate(schema.request_list)
def satudata_change_request_list(context: Context,
                                 data_dict: DataDict) -> dict[str, Any]:
    """The register of revision and withdrawal requests, newest first: the
    walidata and the pembina see every request, an OPD's members their
    OPD's.

    :param status: ``received``, ``in_progress``, ``done``, ``refused``,
        ``cancelled`` or ``open`` (received or in progress) (optional)
    :param kind: ``revision`` or ``withdrawal`` (optional)
    :param id: only the requests of this dataset (id or name) (optional)
    :param limit: at most this many (default 100, at most 1000)
    :param offset: skip this many
    :returns: ``{"count", "items": [{"id", "kind", "status", "package_id",
        "title", "owner_org", "reason", "requested_by", "requested_at",
        "handled_by", "handled_at", "decision_note", "revision",
        "version", ...}]}``
    """
    tk.check_access("satudata_change_request_list", context, data_dict)
    who = roles.actor(context.get("user"))
    query = sa.select(ChangeRequest)
    if not who.global_roles():
        query = query.where(ChangeRequest.owner_org.in_(
            list(who.capacities)))
    status = data_dict.get("status")
    if status == "open":
        query = query.where(ChangeRequest.status.in_(OPEN))
    elif status:
        query = query.where(ChangeRequest.status == status)
    if data_dict.get("kind"):
        query = query.where(ChangeRequest.kind == data_dict["kind"])
    if data_dict.get("id"):
        pkg = model.Package.get(data_dict["id"])
        query = query.where(ChangeRequest.package_id == (
            pkg.id if pkg else data_dict["id"]))
    count = model.Session.scalar(
        sa.select(sa.func.count()).select_from(query.subquery()))
    rows = model.Session.scalars(
        query.order_by(ChangeRequest.requested_at.desc(),
                       ChangeRequest.id)
        .limit(data_dict.get("limit", 100))
        .offset(data_dict.get("offset", 0))).all()
    return {"count": count, "items": [request_dict(r) for r in rows]}


@tk.side_effect_free
@tk.validate(schema.by_id)
def satudata_revision_diff(context: Context,
                           data_dict: DataDict) -> dict[str, Any]:
    """What a revision in progress changes, field by field (the staff of
    the dataset: its OPD, the walidata, the pembina).

    :param id: the id or name of the published dataset or of its staged
        copy
    :type id: string
    :returns: ``{"dataset", "revision", "changed": bool, "fields":
        [{"field", "label", "old", "new"}], "resources": {"added":
        [{"id", "name", "format", "url", "upload"}], "removed": [...],
        "changed": [{"id", "revision_id", "name", "fields": [...],
        "file_changed": bool}]}}`` (old: the published version, new: the
        revision)

    Errors: 404 when there is no revision in progress.
    """
    pkg = get_readable_package(context, data_dict["id"])
    tk.check_access("satudata_revision_diff", context, data_dict)
    found = revision.open_copy_request(pkg.id) or revision.in_progress(
        pkg.id)
    if found is None:
        raise tk.ObjectNotFound(tk._(
            "No revision of this dataset is in progress"))
    return revision.diff(found)


@tk.side_effect_free
@tk.validate(schema.by_id)
def satudata_dataset_version_list(context: Context,
                                  data_dict: DataDict) -> list[dict]:
    """The versions of a dataset, newest first (the staff of the dataset):
    the current one and every previous version a revision replaced.

    :param id: the id or name of the dataset
    :type id: string
    :returns: ``[{"number", "published", "replaced" (null: current),
        "reason", "current": bool}]``
    """
    pkg = get_readable_package(context, data_dict["id"])
    tk.check_access("satudata_dataset_version_list", context, data_dict)
    out = []
    current = revision.current_version(pkg.id)
    if current:
        out.append(dict(current, replaced=None, current=True))
    for version in reversed(revision.archived_versions(pkg.id)):
        out.append({
            "number": version.number,
            "published": (version.published_at.isoformat()
                          if version.published_at else None),
            "replaced": version.replaced_at.isoformat(),
            "reason": version.reason, "current": False})
    return out


@tk.side_effect_free
@tk.validate(schema.version_show)
def satudata_dataset_version_show(context: Context,
                                  data_dict: DataDict) -> dict[str, Any]:
    """A previous version of a dataset, as it was published (the staff of
    the dataset): its metadata and resources as ``package_show`` gave them,
    plus ``satudata_version`` (number, dates, reason).

    :param id: the id or name of the dataset
    :type id: string
    :param version: the version number
    :type version: int
    """
    pkg = get_readable_package(context, data_dict["id"])
    tk.check_access("satudata_dataset_version_show", context, data_dict)
    number = int(data_dict["version"])
    found = revision.archived_version(pkg.id, number)
    if found is None:
        current = revision.current_version(pkg.id)
        if current and current["number"] == number:
            return dict(tk.get_action("package_show")(
                {"ignore_auth": True, "for_view": False}, {"id": pkg.id}),
                satudata_version=dict(current, replaced=None))
        raise tk.ObjectNotFound(tk._("Version not found"))
    return dict(found.data, satudata_version={
        "number": found.number,
        "published": (found.published_at.isoformat()
                      if found.published_at else None),
        "replaced": found.replaced_at.isoformat(), "reason": found.reason})


@tk.side_effect_free
@tk.validate(schema.by_id)
def satudata_tombstone_show(context: Context,
                            data_dict: DataDict) -> dict[str, Any]:
    """What the public is told about a withdrawn dataset (its page answers
    HTTP 410 with this): title, OPD, dates of publication and withdrawal,
    the reason, and whom to contact. Anyone may ask; only withdrawn
    datasets have a tombstone (404 otherwise).

    :param id: the id or name of the dataset
    :type id: string
    :returns: ``{"id", "name", "title", "organization": {"name",
        "title"}, "published", "withdrawn", "reason", "contact":
        {"email", "organizations": [{"name", "title"}]}}``
    """
    tk.check_access("satudata_tombstone_show", context, data_dict)
    pkg = model.Package.get(data_dict["id"])
    if pkg is None or pkg.state != "active" or not state.applies(pkg) or (
            state.current(pkg) != machine.WITHDRAWN):
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    withdrawn = state.last_event(pkg.id, ["withdraw"])
    first = model.Session.scalars(
        sa.select(WorkflowEvent).where(
            WorkflowEvent.package_id == pkg.id,
            WorkflowEvent.transition == "publish")
        .order_by(WorkflowEvent.created).limit(1)).first()
    org = model.Group.get(pkg.owner_org) if pkg.owner_org else None
    walidata = model.Session.scalars(
        sa.select(model.Group).where(
            model.Group.name.in_(sd_config.walidata_organizations()),
            model.Group.state == "active")
        .order_by(model.Group.name)).all()
    return {
        "id": pkg.id, "name": pkg.name, "title": pkg.title,
        "organization": ({"name": org.name, "title": org.title}
                         if org else None),
        "published": (first.created if first else pkg.metadata_created
                      .replace(tzinfo=dt.timezone.utc)).isoformat(),
        "withdrawn": withdrawn.created.isoformat() if withdrawn else None,
        "reason": withdrawn.note if withdrawn else None,
        "contact": {"email": sd_config.contact_email(),
                    "organizations": [{"name": g.name, "title": g.title}
                                      for g in walidata]},
    }


def get_actions() -> dict[str, Any]:
    return {
        "satudata_revision_request": satudata_revision_request,
        "satudata_withdrawal_request": satudata_withdrawal_request,
        "satudata_revision_open": satudata_revision_open,
        "satudata_revision_discard": satudata_revision_discard,
        "satudata_change_request_refuse": satudata_change_request_refuse,
        "satudata_change_request_list": satudata_change_request_list,
        "satudata_revision_diff": satudata_revision_diff,
        "satudata_dataset_version_list": satudata_dataset_version_list,
        "satudata_dataset_version_show": satudata_dataset_version_show,
        "satudata_tombstone_show": satudata_tombstone_show,
    }

