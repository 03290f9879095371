"""E-mails of data requests and complaints, sent by background jobs (RQ,
``ckan jobs worker``) through CKAN's mailer, queued only once the step is
committed (a rolled-back step sends nothing):

- the requester: the confirmation with the number and the tracking link,
  every answer (extension, fulfilment, refusal, resolution), comments of
  the handlers that are not internal;
- the walidata: every new case (a complaint about exposed personal data
  at once, marked urgent), overdue cases (escalation), comments of
  requesters; the walidata heads: objections;
- the assigned OPDs' editors and admins: the assignment, reminders before
  the deadline, comments of requesters.

The requester's e-mails are in the language of the page they filed from;
staff's in the language of their last pages (see the workflow's
``notify.user_locale``).
"""

from __future__ import annotations

import logging
from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib import mailer

from ckanext.satudata import config as sd_config
from ckanext.satudata.workflow import roles as wf_roles
from ckanext.satudata.workflow.notify import _translations, user_locale

from . import labels, machine
from .model import Case, CaseOrg

log = logging.getLogger(__name__)

_PENDING = "satudata_request_mails"


def _flush(session: Any) -> None:
    pending = session.info.pop(_PENDING, [])
    for args in pending:
        try:
            tk.enqueue_job(send, list(args),
                           title=f"satudata request e-mail {args[0]}")
        except Exception:  # Redis unreachable: the step stands
            log.exception("Could not queue the e-mail %s", args)


def _forget(session: Any, previous_transaction: Any = None) -> None:
    session.info.pop(_PENDING, None)


_listening = False


def _listen() -> None:
    global _listening
    if not _listening:
        sa.event.listen(model.Session, "after_commit", _flush)
        sa.event.listen(model.Session, "after_soft_rollback", _forget)
        _listening = True


def queue(message: str, case_id: str | None, **extra: Any) -> None:
    """E-mail ``message`` about a case once the session commits."""
    if not sd_config.requests_notify():
        return
    _listen()
    model.Session().info.setdefault(_PENDING, []).append(
        (message, case_id, extra))


def site_url() -> str:
    return tk.config.get("ckan.site_url").rstrip("/")


def case_url(case: Case) -> str:
    base = "permintaan-data" if case.kind == machine.REQUEST else (
        "pengaduan")
    return f"{site_url()}/{base}/{case.number}"


def _requester(case: Case) -> list[tuple[str, str, str]]:
    if case.personal_erased is not None or not case.email:
        return []
    return [(case.email, case.name or "", case.locale)]


def _staff(users: list[model.User], skip: str | None = None
           ) -> list[tuple[str, str, str]]:
    return [(u.email, u.fullname or u.name, user_locale(u)) for u in users
            if u.email and u.id != skip]


def _opd_users(case: Case, orgs: list[str] | None = None
               ) -> list[model.User]:
    if orgs is None:
        orgs = list(model.Session.scalars(sa.select(CaseOrg.org_id).where(
            CaseOrg.case_id == case.id)))
    return wf_roles.organization_users(orgs, wf_roles.EDITING)


def _heads() -> list[model.User]:
    names = sd_config.walidata_organizations()
    ids = list(model.Session.scalars(sa.select(model.Group.id).where(
        model.Group.name.in_(names), model.Group.state == "active",
        model.Group.is_organization.is_(True))))
    return wf_roles.organization_users(ids, ("admin",))


def recipients(message: str, case: Case, extra: dict[str, Any]
               ) -> list[tuple[str, str, str]]:
    skip = extra.get("actor_id")
    if message in ("received", "answered"):
        return _requester(case)
    if message in ("new", "escalate"):
        return _staff(wf_roles.walidata_users(), skip)
    if message in ("assigned", "remind"):
        return _staff(_opd_users(case, extra.get("orgs")), skip)
    if message == "objection":
        return _staff(_heads(), skip)
    if message == "comment":
        if extra.get("by_requester"):
            users = {u.id: u for u in wf_roles.walidata_users()
                     + _opd_users(case)}
            return _staff(list(users.values()), skip)
        return _requester(case)
    return []


def render(message: str, case: Case | None, name: str, locale: str,
           extra: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of one e-mail."""
    _: Callable[[str], str] = _translations(locale).gettext
    site_title = tk.config.get("ckan.site_title")
    if case is None:  # the e-mail confirmation link
        subject = _("Confirm your e-mail address to file a data request")
        lines = [_("Hello,"), "", _(
            "Someone (hopefully you) asked to file a data request or a "
            "complaint on the portal with this e-mail address. Open this "
            "link to continue; it is valid for {hours} hours:").format(
                hours=extra.get("hours")), "", extra.get("link", ""), "",
            _("If it was not you, ignore this e-mail.")]
        return (f"[{site_title}] {subject}",
                "\n".join(lines + ["", "-- ", site_title, site_url()]))
    states = labels.states(_)
    is_request = case.kind == machine.REQUEST
    values = {"number": case.number,
              "title": case.title or labels.categories(_).get(
                  case.category or "", ""),
              "state": states.get(case.state, case.state),
              "due": case.due.isoformat()}
    subjects = {
        "received": _("Data request {number} received") if is_request
        else _("Complaint {number} received"),
        "new": _("New data request {number}: {title}") if is_request
        else (_("URGENT: personal data exposed, complaint {number}")
              if case.category == machine.URGENT
              else _("New complaint {number}: {title}")),
        "assigned": _("Assigned to your office: {number} {title}"),
        "answered": _("{number}: {state}"),
        "comment": _("New message on {number}"),
        "objection": _("Objection (keberatan) filed on {number}"),
        "remind": _("Deadline {due} is near: {number} {title}"),
        "escalate": _("Overdue since {due}: {number} {title}"),
    }
    leads = {
        "received": _(
            "Your data request is registered under number {number}. The "
            "answer is due by {due} (working days, as the law on public "
            "information sets). Keep the number: with your e-mail address "
            "it lets you follow the request.") if is_request else _(
            "Your complaint is registered under number {number}. Keep "
            "the number: with your e-mail address it lets you follow "
            "the complaint."),
        "new": _('"{title}" ({number}) was received; its deadline is '
                 "{due}."),
        "assigned": _('The walidata assigned "{title}" ({number}) to your '
                      "office; the deadline is {due}."),
        "answered": _('"{title}" ({number}) is now: {state}.'),
        "comment": _('There is a new message on "{title}" ({number}).'),
        "objection": _('The requester objects to the answer to "{title}" '
                       "({number}); the walidata head answers by {due}."),
        "remind": _('"{title}" ({number}) must be answered by {due}.'),
        "escalate": _('"{title}" ({number}) was due on {due} and is not '
                      "answered yet."),
    }
    lines = [_("Dear {name},").format(name=name) if name else _("Hello,"),
             "", leads[message].format(**values)]
    note = extra.get("note")
    if note:
        lines += ["", _("Note: {note}").format(note=note)]
    if message == "answered" and case.state == machine.DIPERPANJANG:
        lines += ["", _("The new deadline is {due}.").format(**values)]
    lines += ["", _("Follow it here: {url}").format(url=case_url(case))]
    if message in ("received", "answered", "comment") and not extra.get(
            "by_requester"):
        lines.append(_("You will be asked for the number and your e-mail "
                       "address."))
    lines += ["", "-- ", site_title, site_url()]
    return (f"[{site_title}] " + subjects[message].format(**values),
            "\n".join(lines))


def send(message: str, case_id: str | None, extra: dict[str, Any]) -> int:
    """The job: send ``message`` to whom it concerns. Returns how many."""
    case = model.Session.get(Case, case_id) if case_id else None
    if case_id and case is None:
        return 0
    if case is None:
        targets = [(extra["email"], "", extra.get("locale") or "id")]
    else:
        targets = recipients(message, case, extra)
    sent = 0
    for address, name, locale in targets:
        subject, body = render(message, case, name, locale, extra)
        try:
            mailer.mail_recipient(name or address, address, subject, body)
        except mailer.MailerException:
            log.exception("Could not e-mail %s about %s", address,
                          case_id)
            continue
        sent += 1
    return sent
