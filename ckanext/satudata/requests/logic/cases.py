"""What the request and complaint actions share: finding a case, who the
caller is towards it, its history, and the dict each kind of reader gets.

Three readers, three dicts:

- anyone (the public register): number, state, dates, deadline, the OPDs,
  the outcome and the datasets the reader may read; never a person;
- the requester (their account, or the number and the e-mail they gave):
  also what they wrote, their contact, the history notes and the comments
  that are not internal;
- handlers (the walidata; the OPDs it is assigned to): everything,
  internal notes too; the identity of a confidential complainant is for
  the walidata only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.satudata import config as sd_config
from ckanext.satudata.workflow import roles as wf_roles

from .. import machine
from ..model import Case, CaseComment, CaseDataset, CaseEvent, CaseOrg

PERSONAL = ("name", "email", "phone", "institution")


def clock() -> machine.Clock:
    days = sd_config.request_days()
    return machine.Clock(sd_config.calendar(), days["answer"],
                         days["extension"], days["objection"])


def local_date(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(sd_config.timezone()).date()


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def first_deadline(kind: str, category: str | None,
                   received: dt.date) -> dt.date:
    if kind == machine.REQUEST:
        return clock().due(received, sd_config.request_days()["answer"])
    sla = sd_config.complaint_sla_days()
    days = sla.get(category or "", sla.get("lainnya", 10))
    return clock().due(received, days)


def load(kind: str, ident: Any, lock: bool = False) -> Case:
    """The case of ``kind`` with this id or number (NotFound)."""
    ident = str(ident or "").strip()
    query = sa.select(Case).where(
        Case.kind == kind,
        sa.or_(Case.id == ident, Case.number == ident.upper()))
    if lock:
        query = query.with_for_update()
    found = model.Session.scalars(query).first()
    if found is None:
        raise tk.ObjectNotFound(
            tk._("No data request with this number") if
            kind == machine.REQUEST else
            tk._("No complaint with this number"))
    return found


def next_number(kind: str, year: int) -> str:
    """The next registration number of the year (concurrent-safe: the
    counter row is updated in the same statement that reads it)."""
    table = sa.table("satudata_case_counter", sa.column("kind"),
                     sa.column("year"), sa.column("last"))
    from sqlalchemy.dialects.postgresql import insert

    stmt = insert(table).values(kind=kind, year=year, last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["kind", "year"],
        set_={"last": table.c.last + 1}).returning(table.c.last)
    sequence = model.Session.execute(stmt).scalar_one()
    return machine.number(kind, year, sequence)


@dataclasses.dataclass
class Access:
    """The caller towards one case."""

    actor: wf_roles.Actor
    roles: set[str]

    @property
    def handler(self) -> bool:
        return bool(self.roles & {machine.WALIDATA, machine.HEAD,
                                  machine.OPD})

    @property
    def requester(self) -> bool:
        return machine.REQUESTER in self.roles

    def personal(self, case: Case) -> bool:
        if case.personal_erased is not None:
            return False
        if machine.WALIDATA in self.roles or self.requester:
            return True
        return machine.OPD in self.roles and not case.confidential


def assigned_orgs(case_id: str) -> list[CaseOrg]:
    return list(model.Session.scalars(
        sa.select(CaseOrg).where(CaseOrg.case_id == case_id)
        .order_by(CaseOrg.assigned)))


def access(case: Case, user: Any, email: str | None = None) -> Access:
    who = wf_roles.actor(user)
    found = set()
    if who.walidata:
        found.add(machine.WALIDATA)
    if who.walidata_head:
        found.add(machine.HEAD)
    mine = set(who.orgs_with(*wf_roles.EDITING))
    if mine and mine & {o.org_id for o in assigned_orgs(case.id)}:
        found.add(machine.OPD)
    if case.personal_erased is None and (
            (who.id and case.user_id == who.id) or (
                email and case.email
                and email.strip().lower() == case.email)):
        found.add(machine.REQUESTER)
    return Access(who, found)


def record(case: Case, action: str, to_state: str, access_: Access | None,
           role: str, note: str | None = None,
           data: dict[str, Any] | None = None) -> CaseEvent:
    event = CaseEvent(case_id=case.id, action=action,
                      from_state=case.state, to_state=to_state,
                      actor_id=access_.actor.id if access_ else None,
                      role=role, note=note or None, data=data or None)
    model.Session.add(event)
    case.state = to_state
    case.modified = now()
    return event


def role_in(access_: Access, step: machine.Step) -> str:
    """The role the caller takes the step in (the first they hold)."""
    for role in step.roles:
        if role in access_.roles:
            return role
    return step.roles[0]


def _org_dicts(rows: list[CaseOrg], handler: bool) -> list[dict[str, Any]]:
    groups = {g.id: g for g in model.Session.scalars(
        sa.select(model.Group).where(
            model.Group.id.in_([r.org_id for r in rows])))} if rows else {}
    out = []
    for row in rows:
        group = groups.get(row.org_id)
        item = {"id": row.org_id,
                "name": group.name if group else None,
                "title": group.title if group else None,
                "availability": row.availability}
        if handler:
            item.update(assigned=row.assigned.isoformat(),
                        confirmed=row.confirmed.isoformat()
                        if row.confirmed else None, note=row.note)
        out.append(item)
    return out


def readable_datasets(case_id: str, user: Any) -> list[dict[str, Any]]:
    """The linked datasets the caller may read (an unpublished one stays
    unknown to the public), in the order they were linked."""
    return readable(list(model.Session.scalars(
        sa.select(CaseDataset.package_id).where(
            CaseDataset.case_id == case_id)
        .order_by(CaseDataset.linked))), user)


def readable(ids: list[str], user: Any) -> list[dict[str, Any]]:
    """The active datasets of ``ids`` the caller may read (in that
    order), with whether each is public."""
    if not ids:
        return []
    found = {pkg.id: pkg for pkg in model.Session.scalars(
        sa.select(model.Package).where(model.Package.id.in_(ids),
                                       model.Package.state == "active"))}
    out = []
    for pkg in (found[i] for i in dict.fromkeys(ids) if i in found):
        try:
            tk.check_access("package_show", {"user": _name(user)},
                            {"id": pkg.id})
        except tk.NotAuthorized:
            continue
        out.append({"id": pkg.id, "name": pkg.name, "title": pkg.title,
                    "public": not pkg.private})
    return out


def _name(user: Any) -> str:
    if isinstance(user, model.User):
        return user.name
    return user or ""


def history(case: Case, access_: Access,
            readable: set[str] | None = None) -> list[dict[str, Any]]:
    """Every step; the public sees what happened when, readers of the case
    also the notes, handlers also who (and the linked datasets among
    ``readable``, the ids of those the caller may read)."""
    events = list(model.Session.scalars(
        sa.select(CaseEvent).where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.created, CaseEvent.id)))
    users = _users({e.actor_id for e in events if e.actor_id}) if (
        access_.handler) else {}
    out = []
    for event in events:
        item = {"action": event.action, "from_state": event.from_state,
                "to_state": event.to_state, "role": event.role,
                "created": event.created.isoformat()}
        if access_.handler or access_.requester:
            item["note"] = event.note
        if access_.handler:
            user = users.get(event.actor_id)
            if event.role == machine.REQUESTER and not access_.personal(
                    case):  # their account would name them
                user = None
            item["actor"] = (user.fullname or user.name) if user else None
            item["data"] = event.data
            if event.data and "datasets" in event.data:
                # another OPD's draft stays unknown, even by its id
                item["data"] = dict(event.data, datasets=[
                    i for i in event.data["datasets"]
                    if i in (readable or set())])
        out.append(item)
    return out


def comments(case: Case, access_: Access) -> list[dict[str, Any]]:
    if not (access_.handler or access_.requester):
        return []
    query = sa.select(CaseComment).where(CaseComment.case_id == case.id)
    if not access_.handler:
        query = query.where(CaseComment.internal.is_(False))
    rows = list(model.Session.scalars(
        query.order_by(CaseComment.created, CaseComment.id)))
    users = _users({c.author_id for c in rows if c.author_id})
    out = []
    for row in rows:
        user = users.get(row.author_id)
        if row.role == machine.REQUESTER:
            author = tk._("Requester")
        elif access_.handler and user is not None:
            author = user.fullname or user.name
        else:
            author = tk._("Walidata") if row.role in (
                machine.WALIDATA, machine.HEAD) else tk._("Data producer")
        out.append({"id": row.id, "role": row.role, "author": author,
                    "internal": row.internal, "body": row.body,
                    "created": row.created.isoformat()})
    return out


def _users(ids: set[str]) -> dict[str, model.User]:
    if not ids:
        return {}
    return {u.id: u for u in model.Session.scalars(
        sa.select(model.User).where(model.User.id.in_(ids)))}


def summary(case: Case, orgs: list[CaseOrg] | None = None,
            today: dt.date | None = None) -> dict[str, Any]:
    """What anyone may know of a case (the public register's row)."""
    today = today or sd_config.today()
    received = local_date(case.received)
    closed = local_date(case.closed)
    open_ = case.state in machine.OPEN[case.kind]
    out = {
        "id": case.id, "kind": case.kind, "number": case.number,
        "state": case.state, "title": case.title,
        "category": case.category,
        "received": case.received.isoformat(),
        "received_date": received.isoformat() if received else None,
        "due": case.due.isoformat(),
        "extended": case.extended,
        "closed": case.closed.isoformat() if case.closed else None,
        "overdue": machine.overdue(case.state, case.kind, case.due, today),
        "working_days_left": clock().left(case.due, today)
        if open_ else None,
        "answered_in_time": (closed <= case.due) if closed else None,
        "outcome": case.outcome,
        "ground": case.ground,
        "legal_basis": case.legal_basis,
        "objected": case.objected.isoformat() if case.objected else None,
    }
    if orgs is not None:
        out["organizations"] = _org_dicts(orgs, False)
    return out


def case_dict(case: Case, access_: Access, user: Any) -> dict[str, Any]:
    orgs = assigned_orgs(case.id)
    today = sd_config.today()
    out = summary(case, today=today)
    out["organizations"] = _org_dicts(orgs, access_.handler)
    out["datasets"] = readable_datasets(case.id, user)
    out["history"] = history(case, access_,
                             {d["id"] for d in out["datasets"]})
    if case.kind == machine.COMPLAINT and case.package_id:
        out["dataset"] = next(iter(readable([case.package_id], user)),
                              None)
        out["resource_id"] = case.resource_id if out["dataset"] else None
    if access_.handler or access_.requester:
        out.update(
            description=case.description, purpose=case.purpose,
            data_format=case.data_format, region=case.region,
            period=case.period, confidential=case.confidential,
            objection=case.objection, comments=comments(case, access_),
            related_organization=_org_dicts(
                [CaseOrg(org_id=case.related_org_id,
                         assigned=case.received)], False)[0]
            if case.related_org_id else None)
    if access_.personal(case):
        out.update({key: getattr(case, key) for key in PERSONAL})
    out["personal_erased"] = case.personal_erased is not None
    out["may"] = may(case, access_, today)
    #: whom the dict is made for: handler, requester or public
    out["reader"] = "handler" if access_.handler else (
        "requester" if access_.requester else "public")
    return out


def may(case: Case, access_: Access, today: dt.date) -> list[str]:
    """The steps the caller may take now (for the pages' buttons)."""
    found = [name for name in machine.STEPS[case.kind]
             if machine.allowed(case.kind, name, case.state,
                                access_.roles)]
    if "objection" in found and not machine.objection_open(
            case.state, case.due, local_date(case.closed), today,
            case.objected is not None):
        found.remove("objection")
    if "extend" in found and case.extended:
        found.remove("extend")
    open_ = case.state in machine.OPEN[case.kind]
    # the requester writes whenever (their thread), handlers while open
    if access_.requester or (open_ and access_.handler):
        found.append("comment")
    if open_ and access_.handler and case.kind == machine.REQUEST:
        found.append("link")
        if machine.OPD in access_.roles:
            found.append("confirm")
    return found
