"""Reading requests and complaints: one case, the lists (the public
register, the staff inbox), the metrics and the staff export."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from ckanext.satudata import config as sd_config
from ckanext.satudata.workflow import roles as wf_roles

from .. import machine, ratelimit
from ..model import Case, CaseOrg
from . import cases, schema


def _show(kind: str) -> Any:
    @tk.side_effect_free
    @tk.validate(schema.show)
    def action(context: Context, data_dict: DataDict) -> dict[str, Any]:
        tk.check_access(f"satudata_{kind}_show", context, data_dict)
        tracking = bool(data_dict.get("email"))
        if tracking and ratelimit.tracking_blocked():
            # guessing the requester's address, one try after another
            raise ratelimit.too_many()
        case = cases.load(kind, data_dict["id"])
        user = context.get("user")
        access_ = cases.access(case, user, data_dict.get("email"))
        if tracking and not access_.requester and not access_.handler:
            # tracking by number and e-mail: a wrong pair is told so
            # (not answered with the public view, which would confirm
            # nothing yet look like success), and counted
            ratelimit.tracking_failed()
            raise tk.NotAuthorized(tk._(
                "The number and the e-mail address do not match"))
        return cases.case_dict(case, access_, user)

    action.__name__ = f"satudata_{kind}_show"
    action.__doc__ = """One case, as the caller may see it: the public
    (register fields, no personal data), the requester (their account,
    or ``email``: tracking without an account), or handlers (all, with
    internal notes; a confidential reporter's identity for the walidata
    only).

    :param id: the number (``PD-2026-000123`` / ``PG-2026-000045``) or id
    :param email: the requester's e-mail address, to track the case
    :returns: the case; ``may`` lists the steps the caller may take
        now, ``reader`` whom the dict is made for (handler, requester,
        public)
    """
    return action


satudata_request_show = _show(machine.REQUEST)
satudata_complaint_show = _show(machine.COMPLAINT)


def _scope(kind: str, user: Any, register: bool
           ) -> tuple[sa.Select, wf_roles.Actor, str]:
    """The cases the caller lists: the walidata all, an OPD those assigned
    to it (``inbox``); anyone else, or ``register``, the public
    register."""
    who = wf_roles.actor(user)
    query = sa.select(Case).where(Case.kind == kind)
    if register:
        return query, who, "register"
    if who.walidata:
        return query, who, "walidata"
    mine = who.orgs_with(*wf_roles.EDITING)
    if mine:
        return query.where(Case.id.in_(
            sa.select(CaseOrg.case_id).where(CaseOrg.org_id.in_(mine)))
        ), who, "opd"
    return query, who, "register"


def _list(kind: str) -> Any:
    @tk.side_effect_free
    @tk.validate(schema.listing)
    def action(context: Context, data_dict: DataDict) -> dict[str, Any]:
        tk.check_access(f"satudata_{kind}_list", context, data_dict)
        query, who, scope = _scope(kind, context.get("user"),
                                   bool(data_dict.get("register")))
        today = sd_config.today()
        state = data_dict.get("state")
        if state:
            if state not in machine.STATES[kind]:
                raise tk.ValidationError({"state": [tk._(
                    "Not a valid choice")]})
            query = query.where(Case.state == state)
        if data_dict.get("overdue"):
            query = query.where(Case.state.in_(machine.OPEN[kind]),
                                Case.due < today)
        if data_dict.get("organization"):
            group = model.Group.get(data_dict["organization"])
            query = query.where(Case.id.in_(
                sa.select(CaseOrg.case_id).where(
                    CaseOrg.org_id == (group.id if group else ""))))
        if data_dict.get("q"):
            words = "%" + data_dict["q"].replace("%", r"\%").replace(
                "_", r"\_") + "%"
            query = query.where(sa.or_(Case.number.ilike(words),
                                       Case.title.ilike(words)))
        count = model.Session.scalar(
            sa.select(sa.func.count()).select_from(query.subquery()))
        rows = list(model.Session.scalars(
            query.order_by(Case.received.desc(), Case.id)
            .limit(data_dict.get("limit", 20))
            .offset(data_dict.get("offset", 0))))
        orgs: dict[str, list[CaseOrg]] = {row.id: [] for row in rows}
        if rows:
            for org in model.Session.scalars(sa.select(CaseOrg).where(
                    CaseOrg.case_id.in_(list(orgs)))
                    .order_by(CaseOrg.assigned)):
                orgs[org.case_id].append(org)
        results = []
        for row in rows:
            item = cases.summary(row, orgs[row.id], today)
            if scope != "register" and row.personal_erased is None and (
                    scope == "walidata" or not row.confidential):
                item.update({k: getattr(row, k) for k in cases.PERSONAL})
            results.append(item)
        return {"count": count, "scope": scope, "results": results}

    action.__name__ = f"satudata_{kind}_list"
    action.__doc__ = """Cases, newest first. The walidata lists all, an
    OPD those assigned to it (with the requester's contact, except a
    confidential reporter's); anyone else, or with ``register``, gets the
    public register: number, title, state, dates, deadline, OPDs and
    outcome, never a person.

    :param state: one state
    :param overdue: only open cases past their deadline
    :param organization: only cases assigned to this OPD
    :param q: words of the number or title
    :param register: the public register even for staff
    :param limit: at most 1000 (default 20); ``offset``
    :returns: ``{"count", "scope", "results"}``
    """
    return action


satudata_request_list = _list(machine.REQUEST)
satudata_complaint_list = _list(machine.COMPLAINT)


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def metrics_of(kind: str, start: dt.date | None, end: dt.date | None
               ) -> dict[str, Any]:
    """Counts per state, median working days to the answer and the share
    answered within the deadline, overall and per assigned OPD, of the
    cases received in [start, end]."""
    tz = sd_config.timezone()
    query = sa.select(Case).where(Case.kind == kind)
    if start:
        query = query.where(Case.received >= dt.datetime.combine(
            start, dt.time(), tz))
    if end:
        query = query.where(Case.received < dt.datetime.combine(
            end + dt.timedelta(days=1), dt.time(), tz))
    rows = list(model.Session.scalars(query))
    by_id = {row.id: row for row in rows}
    by_org: dict[str, list[Case]] = {}
    if rows:
        for org in model.Session.scalars(sa.select(CaseOrg).where(
                CaseOrg.case_id.in_(list(by_id)))):
            by_org.setdefault(org.org_id, []).append(by_id[org.case_id])
    calendar = sd_config.calendar()

    def figures(group: list[Case]) -> dict[str, Any]:
        states = {s: 0 for s in machine.STATES[kind]}
        days, in_time, today = [], 0, sd_config.today()
        for case in group:
            states[case.state] += 1
            closed = cases.local_date(case.closed)
            if closed is not None:
                days.append(calendar.between(
                    cases.local_date(case.received), closed))
                in_time += closed <= case.due
        answered = len(days)
        return {
            "total": len(group), "states": states, "answered": answered,
            "overdue": sum(machine.overdue(c.state, kind, c.due, today)
                           for c in group),
            "median_working_days": _median(days),
            "within_deadline": round(in_time / answered, 3)
            if answered else None,
        }

    groups = {g.id: g for g in model.Session.scalars(
        sa.select(model.Group).where(model.Group.id.in_(list(by_org))))
    } if by_org else {}
    per_org = [dict(figures(group), organization={
        "id": org_id, "name": groups[org_id].name,
        "title": groups[org_id].title})
        for org_id, group in by_org.items() if org_id in groups]
    per_org.sort(key=lambda item: item["organization"]["title"] or "")
    return {"kind": kind, "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "overall": figures(rows), "organizations": per_org}


def _metrics(kind: str) -> Any:
    @tk.side_effect_free
    @tk.validate(schema.metrics)
    def action(context: Context, data_dict: DataDict) -> dict[str, Any]:
        tk.check_access(f"satudata_{kind}_metrics", context, data_dict)
        start, end = data_dict.get("start"), data_dict.get("end")
        if start and end and start > end:
            raise tk.ValidationError({"end": [tk._(
                "The end comes before the start")]})
        return metrics_of(kind, start, end)

    action.__name__ = f"satudata_{kind}_metrics"
    action.__doc__ = """Service figures, public (no personal data): per
    state, answered, overdue, the median working days to the answer and
    the share answered within the deadline, overall and per OPD.

    :param start, end: received between these dates (ISO, optional)
    """
    return action


satudata_request_metrics = _metrics(machine.REQUEST)
satudata_complaint_metrics = _metrics(machine.COMPLAINT)


EXPORT_COLUMNS = (
    "number", "state", "received", "due", "closed", "title", "category",
    "organizations", "outcome", "ground", "name", "email", "phone",
    "institution", "description", "purpose")


def export_rows(kind: str) -> list[list[Any]]:
    """Every case with its requester's contact (walidata only: the auth
    function ``satudata_request_export``)."""
    rows = list(model.Session.scalars(sa.select(Case).where(
        Case.kind == kind).order_by(Case.received)))
    names: dict[str, list[str]] = {}
    for case_id, title in model.Session.execute(
            sa.select(CaseOrg.case_id, model.Group.title)
            .join(model.Group, model.Group.id == CaseOrg.org_id)
            .order_by(CaseOrg.assigned)):
        names.setdefault(case_id, []).append(title)
    out = []
    for case in rows:
        out.append([
            case.number, case.state,
            cases.local_date(case.received).isoformat(),
            case.due.isoformat(),
            cases.local_date(case.closed).isoformat()
            if case.closed else "",
            case.title or "", case.category or "",
            "; ".join(names.get(case.id, [])), case.outcome or "",
            case.ground or "", case.name or "", case.email or "",
            case.phone or "", case.institution or "", case.description,
            case.purpose or ""])
    return out


def get_actions() -> dict[str, Any]:
    return {name: value for name, value in globals().items()
            if name.startswith("satudata_") and callable(value)}
