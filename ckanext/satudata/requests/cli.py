"""``ckan satudata-requests``: the scheduled work of the request module
(run daily from cron, see README)."""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import click
import sqlalchemy as sa

from ckanext.satudata import config as sd_config

from . import machine, notify
from .logic import cases
from .model import Case, CaseComment, CaseEvent, CaseOrg


@click.group(name="satudata-requests",
             short_help="Data requests and complaints: reminders, "
             "retention")
def satudata_requests() -> None:
    pass


def remind(today: dt.date | None = None) -> dict[str, int]:
    """Queue the reminders to the assigned OPDs of cases whose deadline is
    within ``reminder_days`` working days (once per deadline) and the
    escalations to the walidata of overdue cases (once per deadline)."""
    today = today or sd_config.today()
    clock = cases.clock()
    window = sd_config.request_days()["reminder"]
    open_states = set(machine.OPEN[machine.REQUEST]) | set(
        machine.OPEN[machine.COMPLAINT])
    assigned = sa.select(CaseOrg.case_id)
    rows = model.Session.scalars(sa.select(Case).where(
        Case.state.in_(open_states)).order_by(Case.due)).all()
    counts = {"reminded": 0, "escalated": 0}
    with_orgs = set(model.Session.scalars(assigned.where(
        CaseOrg.case_id.in_([r.id for r in rows])))) if rows else set()
    for case in rows:
        if case.state not in machine.OPEN[case.kind]:
            continue
        left = clock.left(case.due, today)
        if today > case.due:
            if case.escalated_on is None or case.escalated_on <= case.due:
                notify.queue("escalate", case.id)
                case.escalated_on = today
                counts["escalated"] += 1
        elif left <= window and case.id in with_orgs and (
                case.reminded_on is None
                or clock.left(case.due, case.reminded_on) > window):
            notify.queue("remind", case.id)
            case.reminded_on = today
            counts["reminded"] += 1
    model.Session.commit()
    return counts


def erase_personal(now: dt.datetime | None = None) -> int:
    """Erase the requester's personal data of cases closed more than
    ``retention_days`` ago (the case stays, anonymous, in the register)."""
    now = now or cases.now()
    limit = now - dt.timedelta(days=sd_config.retention_days())
    rows = model.Session.scalars(sa.select(Case).where(
        Case.closed.is_not(None), Case.closed < limit,
        Case.personal_erased.is_(None))).all()
    for case in rows:
        for key in cases.PERSONAL:
            setattr(case, key, None)
        case.user_id = None
        case.personal_erased = now
        # nor does their account stay tied to their steps and messages
        model.Session.execute(sa.update(CaseEvent).where(
            CaseEvent.case_id == case.id,
            CaseEvent.role == machine.REQUESTER).values(actor_id=None))
        model.Session.execute(sa.update(CaseComment).where(
            CaseComment.case_id == case.id,
            CaseComment.role == machine.REQUESTER).values(author_id=None))
        cases.record(case, "erase", case.state, None, machine.SYSTEM)
    model.Session.commit()
    return len(rows)


@satudata_requests.command("remind")
def remind_command() -> None:
    """E-mail the OPDs before deadlines and the walidata about overdue
    requests and complaints (run daily)."""
    counts = remind()
    click.echo(f"reminders: {counts['reminded']}, "
               f"escalations: {counts['escalated']}")


@satudata_requests.command("erase-personal")
def erase_personal_command() -> None:
    """Erase the personal data of cases closed longer than the retention
    period (ckanext.satudata.requests.retention_days)."""
    click.echo(f"erased: {erase_personal()}")
