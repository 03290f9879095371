"""Actions of the verification workflow (``satudata_workflow`` plugin).

Each transition locks the dataset's state row, checks the caller's role
and the state, writes the new state and its audit event, re-indexes the
dataset and commits once (a transition always commits; it does not take
``defer_commit``): the state change and its event commit together
or not at all. A concurrent transition on the same dataset waits for the
lock, then finds the state changed and gets a conflict error (HTTP 409).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

import ckan.logic as logic
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from ckanext.satudata import config as sd_config
from ckanext.satudata import util
from ckanext.satudata.logic.action import completeness

from .. import labels, machine, notify, revision, roles, state
from ..model import (
    DONE,
    OPEN,
    WITHDRAWAL,
    ChangeRequest,
    WorkflowEvent,
    WorkflowState,
)
from . import schema

log = logging.getLogger(__name__)

#: context key: the change is the workflow's own (publication)
TRANSITION_FLAG = "satudata_workflow_transition"


@functools.lru_cache(maxsize=4)
def _load_checklist(path: str) -> list[machine.QAItem]:
    return machine.load_checklist(path)


def checklist() -> list[machine.QAItem]:
    """The QA checklist in force (``...workflow.qa_checklist``)."""
    return _load_checklist(sd_config.qa_checklist_path())


def get_package(ref: Any) -> model.Package:
    """A dataset the workflow governs; ObjectNotFound / ValidationError."""
    pkg = model.Package.get(ref) if isinstance(ref, str) and ref else None
    if pkg is None or pkg.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    if not state.applies(pkg):
        raise tk.ValidationError({"id": [tk._(
            "The verification workflow does not apply to datasets of type "
            "{type}").format(type=pkg.type)]})
    return pkg


def get_readable_package(context: Context, ref: Any) -> model.Package:
    """:func:`get_package`, and not found (404) for a caller who may not
    read it: a refusal (403) would tell that the dataset exists."""
    pkg = get_package(ref)
    try:
        tk.check_access("package_show", dict(context), {"id": pkg.id})
    except tk.NotAuthorized:
        raise tk.ObjectNotFound(tk._("Dataset not found")) from None
    return pkg


def _refuse(errors: dict[str, list[str]]) -> None:
    """Give up the transition (and its lock) with a ValidationError."""
    model.Session.rollback()
    raise tk.ValidationError(errors)


def _wrong_state(name: str, current: str) -> dict[str, list[str]]:
    words = labels.transitions(tk._)
    return {"state": [tk._(
        'The dataset is now "{state}": "{action}" is not possible from '
        "this state. Someone may have changed it meanwhile; reload the "
        "page.").format(state=labels.states(tk._)[current],
                        action=words[name])]}


def qa_errors(errors: dict[str, str]) -> dict[str, list[str]]:
    """Checklist errors as translated messages by ``qa.<code>``."""
    items = {i.code: i for i in checklist()}
    lang = util.lang()
    texts = {
        "missing": tk._("Not answered"),
        "bad_result": tk._('Answer "pass", "fail" or "na"'),
        "note_required": tk._("A failed item needs a note"),
        "unknown": tk._("Not an item of the checklist"),
        "not_json": tk._("The checklist answers must be "
                         '{"item": {"result": ..., "note": ...}}'),
        "bad_shape": tk._("The checklist answers must be "
                          '{"item": {"result": ..., "note": ...}}'),
    }
    out = {}
    for code, problem in errors.items():
        name = items[code].text(lang) if code in items else code
        out[f"qa.{code}"] = [f"{name}: {texts[problem]}"]
    return out


def _check_qa(transition: machine.Transition, raw: Any
              ) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    answers, problems = machine.parse_answers(checklist(), raw)
    errors = qa_errors(problems)
    if errors:
        errors.setdefault("qa", [tk._(
            "Answer every item of the quality-assurance checklist")])
        return answers, errors
    failed = machine.failed(answers)
    if transition.qa == "complete" and failed:
        errors["qa"] = [tk._(
            "Items failed the quality check ({items}): reject the dataset "
            "with a note instead of publishing it").format(
            items=", ".join(failed))]
    elif transition.qa == "failures" and not failed:
        errors["qa"] = [tk._(
            "Mark the checklist items the dataset fails: a rejection says "
            "what to fix")]
    return answers, errors


def _submit_errors(pkg: model.Package, data_dict: DataDict
                   ) -> dict[str, list[str]]:
    content = state.current_content(pkg.id)
    report = completeness(content, util.lang())
    errors: dict[str, list[str]] = {}
    if report["missing"]:
        errors["metadata"] = [tk._(
            "Mandatory SDI metadata is missing: {fields}").format(
            fields=", ".join(f["label"] for f in report["missing"]))]
    if not content.get("resources"):
        errors["resources"] = [tk._(
            "Add at least one resource (a data file or link) before "
            "submitting")]
    if not data_dict.get("qc_statement"):
        errors["qc_statement"] = [tk._(
            "Confirm the producer's quality-control statement")]
    return errors


def _reindex(pkg_id: str) -> None:
    logic.index_update_package({}, pkg_id, defer_commit=True)


def transition(name: str, context: Context, data_dict: DataDict
               ) -> dict[str, Any]:
    """Take one transition; see the ``satudata_dataset_*`` actions."""
    pkg = get_readable_package(context, data_dict["id"])
    tk.check_access(f"satudata_dataset_{name}", context, data_dict)
    who = roles.actor(context.get("user"))
    held = who.roles_for(pkg.owner_org)
    step = machine.get(name)

    row = state.lock(pkg)
    try:
        machine.check(name, row.state, held)
    except machine.WorkflowError as err:
        if err.code == "wrong_state":
            _refuse(_wrong_state(name, row.state))
        model.Session.rollback()
        raise tk.NotAuthorized(tk._("You may not do this")) from None
    role = next(r for r in machine.ROLES if r in step.roles & held)

    note = (data_dict.get("note") or data_dict.get("reason") or "").strip()
    errors: dict[str, list[str]] = {}
    if step.note_required and not note:
        if name in ("withdraw", "restore"):
            errors["reason"] = [tk._("Give the reason")]
        else:
            errors["note"] = [tk._("A note for the operator is required")]
    answers: dict[str, dict[str, str]] | None = None
    if step.qa:
        answers, qa_problems = _check_qa(step, data_dict.get("qa"))
        errors.update(qa_problems)
    if name == "submit":
        errors.update(_submit_errors(pkg, data_dict))
    if errors:
        _refuse(errors)

    extra: dict[str, Any] = {}
    if name == "submit":
        extra["qc_statement"] = True
    if name == "verify":
        org = model.Group.get(pkg.owner_org) if pkg.owner_org else None
        extra["position"] = data_dict.get("position") or (
            org and org.extras.get("kepala_jabatan")) or (
            f"Kepala {org.title}" if org else "")
        extra["nip"] = data_dict.get("nip") or None
        extra["fullname"] = who.user.fullname if who.user else None
        extra["organization"] = org.title if org else None

    snapshot = state.current_hash(pkg.id)
    event = state.record(
        pkg.id, name, row.state, step.target, who, role,
        note=note or None,
        qa=answers, qa_score=machine.score(answers) if answers else None,
        snapshot_hash=snapshot, data=extra or None)
    keep_hash = snapshot if step.target in (
        machine.SUBMITTED, machine.VERIFIED, machine.PUBLISHED) else None
    state.move(row, event, keep_hash)
    model.Session.flush()

    event_id = event.id
    staged = revision.open_copy_request(pkg.id) if name == "publish" else (
        None)
    if name == "withdraw":
        found = revision.open_request(pkg.id, WITHDRAWAL)
        if found is not None:
            revision.close(found, DONE, who, note)
    if staged is not None:
        # a revision: the published dataset takes its content, in one
        # transaction (see revision.merge); the staged copy is retired
        try:
            revision.merge(staged, pkg, who, TRANSITION_FLAG)
        except Exception:
            model.Session.rollback()
            raise
        notify.enqueue(event_id)
        published = model.Package.get(staged.package_id)
        return workflow_dict(published or pkg, who)
    if name in ("publish", "withdraw", "restore"):
        # The one way a dataset becomes public (or stops being public):
        # CKAN's own update (search index, activity stream,
        # metadata_modified for harvesters), which commits the state and
        # the event with it.
        try:
            tk.get_action("package_patch")(
                {"user": who.name, "ignore_auth": True,
                 TRANSITION_FLAG: True},
                {"id": pkg.id, "private": name == "withdraw"})
        except Exception:
            model.Session.rollback()
            raise
    else:
        _reindex(pkg.id)
        model.Session.commit()
    notify.enqueue(event_id)
    return workflow_dict(pkg, who)


def _transition_action(name: str, doc: str) -> Any:
    @tk.validate(schema.transition)
    def action(context: Context, data_dict: DataDict) -> dict[str, Any]:
        return transition(name, context, data_dict)

    action.__name__ = f"satudata_dataset_{name}"
    action.__doc__ = doc
    return action


_COMMON = """
    :param id: the id or name of the dataset
    :type id: string
    :param note: a note kept in the audit trail{note}
    :type note: string
    {more}
    :returns: the workflow of the dataset, as ``satudata_workflow_show``

    Errors: 403 when the caller does not hold the role; 409 (validation)
    when the dataset is not in the state the step starts from (e.g. someone
    else took a step meanwhile), or when something required is missing.
    """

_QA = """:param qa: the QA checklist: ``{item: {"result": "pass"|"fail"|"na",
        "note": ...}}`` (or a list of ``{"item", "result", "note"}``) for
        every item of ``satudata_workflow_show``'s ``checklist``; a failed
        item needs a note
    :type qa: dict"""

satudata_dataset_submit = _transition_action("submit", (
    """Send a draft to the OPD's verifikator (operator: editor or admin of
    the dataset's organisation). Refused while mandatory SDI metadata is
    missing or the dataset has no resource.
    """ + _COMMON.format(note=" (optional)", more=(
        ":param qc_statement: the producer's quality-control statement, "
        "must be true\n    :type qc_statement: bool"))))
satudata_dataset_return = _transition_action("return", (
    """Send a submitted dataset back to the operator as a draft
    (verifikator: admin of the dataset's organisation).
    """ + _COMMON.format(note=" (required: what to fix)", more="")))
satudata_dataset_verify = _transition_action("verify", (
    """Validate a submitted dataset (verifikator: admin of the dataset's
    organisation): records who, position, when and the hash of the metadata
    and resources as verified (the Surat Validasi), and passes it to the
    walidata.
    """ + _COMMON.format(note=" (optional)", more=(
        ":param position: the verifikator's position (default: the OPD "
        "profile's head-of-office position)\n    :type position: string\n"
        "    :param nip: the verifikator's NIP (optional)\n"
        "    :type nip: string"))))
satudata_dataset_reject = _transition_action("reject", (
    """Send a verified dataset back to the operator as a draft, with the
    failed QA items (walidata).
    """ + _COMMON.format(note=" (required: what to fix)", more=_QA)))
satudata_dataset_publish = _transition_action("publish", (
    """Publish a verified dataset (walidata): the only way a dataset of the
    workflow becomes public. Every QA item must pass or be not applicable.
    Publishing the staged copy of a revision replaces the published
    version of the dataset it revises (same id and name), archives the
    previous version and retires the copy, in one transaction.
    """ + _COMMON.format(note=" (optional)", more=_QA)))
satudata_dataset_withdraw = _transition_action("withdraw", (
    """Withdraw a published dataset (walidata), e.g. on the OPD's
    withdrawal request or after a privacy complaint: it disappears from
    every public read path (its page answers 410 with a tombstone);
    nothing is deleted. An open withdrawal request of the dataset is
    marked done.
    """ + _COMMON.format(note=" (the same as ``reason``)", more=(
        ":param reason: why it is withdrawn (required; shown on the "
        "tombstone page)\n    :type reason: string"))))
satudata_dataset_restore = _transition_action("restore", (
    """Publish a withdrawn dataset again, as it was (walidata).
    """ + _COMMON.format(note=" (the same as ``reason``)", more=(
        ":param reason: why it comes back (required)\n"
        "    :type reason: string"))))


def _bulk(name: str, context: Context, data_dict: DataDict
          ) -> dict[str, Any]:
    done: list[str] = []
    failed: dict[str, Any] = {}
    for ref in data_dict["ids"]:
        one = {"id": ref, "note": data_dict.get("note"),
               "qa": data_dict.get("qa")}
        try:
            transition(name, {"user": context.get("user")}, one)
        except tk.ValidationError as err:
            model.Session.rollback()
            failed[ref] = err.error_dict
        except (tk.NotAuthorized, tk.ObjectNotFound) as err:
            model.Session.rollback()
            failed[ref] = {"message": [str(err) or tk._("Not allowed")]}
        else:
            done.append(ref)
    return {"done": done, "failed": failed}


@tk.validate(schema.bulk)
def satudata_dataset_bulk_publish(context: Context,
                                  data_dict: DataDict) -> dict[str, Any]:
    """Publish several verified datasets with one QA checklist (walidata).
    Each dataset is its own transition, audited and committed on its own.

    :param ids: ids or names of the datasets (at most 200)
    :type ids: list of strings
    :param note: a note for every event (optional)
    :param qa: the QA checklist, as for ``satudata_dataset_publish``
    :returns: ``{"done": [ids], "failed": {id: errors}}``
    """
    tk.check_access("satudata_dataset_bulk_publish", context, data_dict)
    return _bulk("publish", context, data_dict)


@tk.validate(schema.bulk)
def satudata_dataset_bulk_reject(context: Context,
                                 data_dict: DataDict) -> dict[str, Any]:
    """Reject several verified datasets with one note and checklist
    (walidata); each is audited and committed on its own.

    :param ids: ids or names of the datasets (at most 200)
    :type ids: list of strings
    :param note: what to fix (required)
    :param qa: the QA checklist with the failed items
    :returns: ``{"done": [ids], "failed": {id: errors}}``
    """
    tk.check_access("satudata_dataset_bulk_reject", context, data_dict)
    return _bulk("reject", context, data_dict)


# -- reading ---------------------------------------------------------------

def _in_checklist_order(answers: dict[str, Any] | None
                        ) -> dict[str, Any] | None:
    """QA answers in the checklist's order (JSONB keeps its own)."""
    if not answers:
        return answers
    codes = [i.code for i in checklist() if i.code in answers]
    return {**{c: answers[c] for c in codes}, **{
        c: a for c, a in sorted(answers.items()) if c not in codes}}


def _event_dict(event: WorkflowEvent, full: bool) -> dict[str, Any]:
    words = labels.events(tk._)
    out: dict[str, Any] = {
        "transition": event.transition,
        "label": words.get(event.transition, event.transition),
        "from_state": event.from_state,
        "to_state": event.to_state,
        "created": event.created.isoformat(),
    }
    if full:
        out.update({
            "id": event.id, "actor": event.actor_name, "role": event.role,
            "note": event.note, "qa": _in_checklist_order(event.qa),
            "qa_score": event.qa_score,
            "snapshot_hash": event.snapshot_hash, "data": event.data,
        })
    return out


def is_staff(who: roles.Actor, pkg: model.Package) -> bool:
    """Sees the internal side of a dataset's workflow: its OPD's members,
    the walidata and the pembina."""
    return bool(who.global_roles() or pkg.owner_org in who.capacities)


def workflow_dict(pkg: model.Package, who: roles.Actor) -> dict[str, Any]:
    current = state.current(pkg)
    row = state.row(pkg)
    staff = is_staff(who, pkg)
    events = state.history(pkg.id)
    held = who.roles_for(pkg.owner_org)
    out: dict[str, Any] = {
        "id": pkg.id, "name": pkg.name, "state": current,
        "state_label": labels.states(tk._)[current],
        "since": row.since.isoformat() if row else None,
        "allowed": machine.allowed(current, held) if who.user else [],
        "roles": sorted(held),
        "staff": staff,
    }
    if staff:
        out["history"] = [_event_dict(e, True) for e in events]
        decisions = [e for e in events if e.transition in (
            "return", "reject")]
        out["last_return"] = (_event_dict(decisions[-1], True)
                              if decisions and current == machine.DRAFT
                              else None)
        verified = [e for e in events if e.transition == "verify"]
        out["validation"] = (_event_dict(verified[-1], True)
                             if verified else None)
        qa = [e for e in events if e.qa]
        out["qa"] = _event_dict(qa[-1], True) if qa else None
        out.update(revision_info(pkg, who, current))
    else:
        out["history"] = [
            dict(_event_dict(e, False), note=e.note if e.transition in (
                PUBLIC_NOTES) else None)
            for e in events if e.transition in PUBLIC_EVENTS]
    out["version"] = (revision.current_version(pkg.id)
                      if current in machine.RELEASED else None)
    return out


#: the events the public history shows, and those whose note it shows
PUBLIC_EVENTS = ("publish", machine.REVISE, "withdraw", "restore")
PUBLIC_NOTES = (machine.REVISE, "withdraw", "restore")


def request_dict(found: Any) -> dict[str, Any]:
    """A change request as the register shows it."""
    copy = (model.Package.get(found.revision_package_id)
            if found.revision_package_id else None)
    return {
        "id": found.id, "kind": found.kind,
        "kind_label": labels.request_kinds(tk._)[found.kind],
        "status": found.status,
        "status_label": labels.request_states(tk._)[found.status],
        "package_id": found.package_id, "title": found.package_title,
        "owner_org": found.owner_org, "reason": found.reason,
        "requested_by": found.requested_by,
        "requested_role": found.requested_role,
        "requested_at": found.requested_at.isoformat(),
        "handled_by": found.handled_by,
        "handled_at": (found.handled_at.isoformat()
                       if found.handled_at else None),
        "decision_note": found.decision_note,
        "revision": ({"id": copy.id, "name": copy.name,
                      "state": state.current(copy)}
                     if copy is not None and copy.state == "active"
                     else None),
        "version": found.version,
    }


def change_rights(pkg: model.Package, who: roles.Actor, current: str
                  ) -> list[str]:
    """What the caller may ask or do about revising or withdrawing the
    dataset now (action names without ``satudata_``)."""
    held = who.roles_for(pkg.owner_org)
    opd = bool(held & {machine.OPERATOR, machine.VERIFIKATOR})
    out = []
    copy_request = revision.open_copy_request(pkg.id)
    if copy_request is not None:
        if machine.WALIDATA in held or (
                machine.OPERATOR in held and current == machine.DRAFT):
            out.append("revision_discard")
        return out
    if current not in machine.RELEASED:
        return out
    pending = revision.open_request(pkg.id, "revision")
    if pending is None and opd:
        out.append("revision_request")
    if machine.WALIDATA in held and (
            pending is None or pending.status == "received"):
        out.append("revision_open")
    if current == machine.PUBLISHED and opd and revision.open_request(
            pkg.id, WITHDRAWAL) is None:
        out.append("withdrawal_request")
    return out


def revision_info(pkg: model.Package, who: roles.Actor, current: str
                  ) -> dict[str, Any]:
    """Staff: the revision in progress, the staged copy's original, the
    open requests, and what the caller may do about them."""
    copy_request = revision.request_for_copy(pkg.id)
    original = (model.Package.get(copy_request.package_id)
                if copy_request else None)
    requests = model.Session.scalars(
        sa.select(ChangeRequest).where(
            ChangeRequest.package_id == pkg.id,
            ChangeRequest.status.in_(OPEN))
        .order_by(ChangeRequest.requested_at)).all()
    return {
        "revision_of": ({"id": original.id, "name": original.name,
                         "title": original.title,
                         "request": request_dict(copy_request)}
                        if original is not None else None),
        "requests": [request_dict(r) for r in requests],
        "changes_allowed": change_rights(pkg, who, current) if who.user
        else [],
    }


@tk.side_effect_free
@tk.validate(schema.workflow_show)
def satudata_workflow_show(context: Context,
                           data_dict: DataDict) -> dict[str, Any]:
    """Where a dataset stands in the verification workflow.

    :param id: the id or name of the dataset
    :type id: string
    :param include_hash: staff: also ``current_hash``, the hash of the
        metadata and resources now (to compare with the verified one)
    :type include_hash: bool
    :returns: ``{"id", "name", "state", "state_label", "since", "allowed":
        [transitions the caller may take now], "roles": [the caller's
        roles for this dataset], "staff": bool, "history": [events]}``.
        For staff (the OPD's members, walidata, pembina) the history has
        every event with actor, role, note, QA answers and snapshot hash,
        plus ``last_return`` (why a draft came back), ``validation`` (the
        last verification: who, position, when, hash) and ``qa`` (the last
        QA decision and score); for everyone else the history lists the
        publications only (dates, no notes).
    """
    pkg = get_package(data_dict["id"])
    tk.check_access("satudata_workflow_show", context, data_dict)
    out = workflow_dict(pkg, roles.actor(context.get("user")))
    if out["staff"] and data_dict.get("include_hash"):
        out["current_hash"] = state.current_hash(pkg.id)
    return out


@tk.side_effect_free
def satudata_qa_checklist_show(context: Context,
                               data_dict: DataDict) -> list[dict[str, Any]]:
    """The walidata's quality-assurance checklist in force.

    :returns: ``[{"code", "label", "help"}]`` in the user's language
    """
    tk.check_access("satudata_qa_checklist_show", context, data_dict)
    lang = util.lang()
    return [{"code": i.code, "label": i.text(lang),
             "help": i.help.get(lang) or i.help.get("id") or ""}
            for i in checklist()]


def _local_date(stamp: dt.datetime) -> dt.date:
    zone = tk.h.get_display_timezone()
    return stamp.astimezone(zone).date()


@tk.side_effect_free
@tk.validate(schema.task_list)
def satudata_task_list(context: Context,
                       data_dict: DataDict) -> dict[str, Any]:
    """What waits for the caller ("Tugas saya"), oldest first.

    - operator (editor/admin of an OPD): its drafts (also private datasets
      made before the workflow was switched on), those returned or
      rejected first marked with the note;
    - verifikator (admin of an OPD): its submitted datasets (SLA
      ``sla_verification_days`` working days);
    - walidata: every verified dataset (SLA ``sla_publication_days``).

    Decisions and fixes come first, oldest first, then the drafts to
    complete. Days are counted in the portal's time zone
    (``ckan.display_timezone``). Anonymous callers are refused (403).

    :param role: only the tasks of this role (optional)
    :returns: ``{"count", "items": [{"id", "name", "title",
        "organization", "organization_title", "state", "task", "role",
        "since" (UTC), "age_days", "working_days", "due", "overdue",
        "note", "revision_of" (a revision's copy: the id of the dataset
        it revises)}]}``
    """
    tk.check_access("satudata_task_list", context, data_dict)
    who = roles.actor(context.get("user"))
    wanted = data_dict.get("role")
    org = model.Group
    pkg = model.Package
    ws = WorkflowState
    ev = WorkflowEvent
    # a dataset without a state row (made before the workflow was on) is
    # a draft when private, since its creation (stored as naive UTC)
    current = sa.func.coalesce(ws.state, sa.case(
        (pkg.private.is_(True), machine.DRAFT), else_=machine.PUBLISHED))
    since = sa.func.coalesce(ws.since,
                             sa.func.timezone("UTC", pkg.metadata_created))
    base = (sa.select(pkg.id, pkg.name, pkg.title, org.name.label("org"),
                      org.title.label("org_title"),
                      current.label("state"), since.label("since"),
                      ev.transition.label("last"), ev.note)
            .outerjoin(ws, ws.package_id == pkg.id)
            .outerjoin(org, org.id == pkg.owner_org)
            .outerjoin(ev, ev.id == ws.last_event_id)
            .where(pkg.state == "active",
                   pkg.type.in_(machine.DATASET_TYPES)))
    queries = []
    if wanted in (None, machine.OPERATOR):
        orgs = who.orgs_with("editor", "admin")
        if orgs:
            queries.append((machine.OPERATOR, base.where(
                current == machine.DRAFT, pkg.owner_org.in_(orgs))))
    if wanted in (None, machine.VERIFIKATOR):
        orgs = who.orgs_with("admin")
        if orgs:
            queries.append((machine.VERIFIKATOR, base.where(
                ws.state == machine.SUBMITTED, pkg.owner_org.in_(orgs))))
    if wanted in (None, machine.WALIDATA) and who.walidata:
        queries.append((machine.WALIDATA, base.where(
            ws.state == machine.VERIFIED)))

    sla = sd_config.sla_days()
    calendar = sd_config.calendar()
    now = dt.datetime.now(dt.timezone.utc)
    today = _local_date(now)
    found: list[tuple[dt.datetime, dict[str, Any]]] = []
    for role, query in queries:
        for row in model.Session.execute(query.order_by(since, pkg.name)):
            start = _local_date(row.since)
            limit = sla.get(row.state) if role != machine.OPERATOR else None
            due = calendar.add(start, limit) if limit is not None else None
            returned = row.last in ("return", "reject")
            task = {machine.VERIFIKATOR: "verify",
                    machine.WALIDATA: "publish"}.get(
                role, "fix" if returned else "submit")
            found.append((row.since, {
                "id": row.id, "name": row.name, "title": row.title,
                "organization": row.org, "organization_title": row.org_title,
                "state": row.state, "task": task,
                "task_label": labels.tasks(tk._)[task], "role": role,
                "since": row.since.astimezone(dt.timezone.utc).isoformat(),
                "age_days": (now - row.since).days,
                "working_days": calendar.between(start, today),
                "due": due.isoformat() if due else None,
                "overdue": bool(due and today > due),
                "note": row.note if returned else None,
            }))
    # by the moment, not by its text: the database gives times in its
    # session's zone, whose offset changes with daylight saving time
    found.sort(key=lambda f: (f[1]["task"] == "submit", f[0]))
    items = [item for _, item in found]
    # revisions' copies: the dataset they revise
    copies = {copy: original for copy, original in model.Session.execute(
        sa.select(ChangeRequest.revision_package_id,
                  ChangeRequest.package_id)
        .where(ChangeRequest.revision_package_id.in_(
            [i["id"] for i in items]),
               ChangeRequest.status.in_(OPEN)))} if items else {}
    for item in items:
        item["revision_of"] = copies.get(item["id"])
    return {"count": len(items), "items": items}


def get_actions() -> dict[str, Any]:
    return {
        "satudata_dataset_submit": satudata_dataset_submit,
        "satudata_dataset_return": satudata_dataset_return,
        "satudata_dataset_verify": satudata_dataset_verify,
        "satudata_dataset_reject": satudata_dataset_reject,
        "satudata_dataset_publish": satudata_dataset_publish,
        "satudata_dataset_withdraw": satudata_dataset_withdraw,
        "satudata_dataset_restore": satudata_dataset_restore,
        "satudata_dataset_bulk_publish": satudata_dataset_bulk_publish,
        "satudata_dataset_bulk_reject": satudata_dataset_bulk_reject,
        "satudata_workflow_show": satudata_workflow_show,
        "satudata_qa_checklist_show": satudata_qa_checklist_show,
        "satudata_task_list": satudata_task_list,
    }
