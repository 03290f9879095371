"""E-mails about workflow events, sent by background jobs (RQ on Redis,
``ckan jobs worker``) through CKAN's mailer:

- submitted: the verifikators (admins) of the dataset's OPD;
- verified: the walidata (staff and heads);
- returned, rejected, published: the operator who submitted it (for a
  revision: about the dataset it revised);
- withdrawn, restored: the OPD's operators and verifikators;
- a revision or withdrawal request received: the walidata; a revision
  opened: the OPD's operators and verifikators; a request refused: who
  asked.

The actor is not told about their own step. Texts are Indonesian, or
English for users whose last pages were in English (remembered by the
workflow's views); they are rendered with the plugin's catalogue, so a job
needs no web request.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk
from babel.support import NullTranslations, Translations
from ckan.lib import mailer

from ckanext.satudata import config as sd_config

from . import labels, machine, revision, roles, state
from .model import (
    DONE,
    IN_PROGRESS,
    RECEIVED,
    REFUSED,
    ChangeRequest,
    WorkflowEvent,
)

log = logging.getLogger(__name__)

NOTIFIED = ("submit", "verify", "return", "reject", "publish", "withdraw",
            "restore")


def enqueue(event_id: str) -> None:
    """Queue the e-mails of an event (after its commit). A queue that is
    down does not undo the step: it is logged."""
    if not sd_config.notify():
        return
    event = model.Session.get(WorkflowEvent, event_id)
    if event is None or event.transition not in NOTIFIED:
        return
    try:
        tk.enqueue_job(send, [event_id],
                       title=f"satudata workflow e-mail {event.transition}")
    except Exception:  # Redis unreachable: the step stands
        log.exception("Could not queue the e-mails of event %s", event_id)


@functools.lru_cache(maxsize=8)
def _translations(locale: str) -> NullTranslations:
    from ckanext.satudata.plugin import i18n_directory

    return Translations.load(i18n_directory(), [locale],
                             domain="ckanext-satudata")


def user_locale(user: model.User) -> str:
    extras = user.plugin_extras or {}
    locale = (extras.get("satudata") or {}).get("locale") or tk.config.get(
        "ckan.locale_default")
    return "en" if str(locale).startswith("en") else "id"


def recipients(event: WorkflowEvent, pkg: model.Package
               ) -> list[model.User]:
    if event.transition == "submit":
        users = roles.organization_users([pkg.owner_org], ("admin",))
    elif event.transition == "verify":
        users = roles.walidata_users()
    elif event.transition in ("withdraw", "restore"):
        users = roles.organization_users([pkg.owner_org], roles.EDITING)
    else:
        submitted = state.last_event(pkg.id, ["submit"])
        user_id = submitted.actor_id if submitted else pkg.creator_user_id
        user = model.User.get(user_id) if user_id else None
        users = [user] if user is not None and user.state == "active" else []
    return [u for u in users if u.id != event.actor_id and u.email]


def render(event: WorkflowEvent, pkg: model.Package, user: model.User,
           locale: str) -> tuple[str, str]:
    """Subject and body of the e-mail to ``user``."""
    _: Callable[[str], str] = _translations(locale).gettext
    org = model.Group.get(pkg.owner_org) if pkg.owner_org else None
    site = tk.config.get("ckan.site_url").rstrip("/")
    site_title = tk.config.get("ckan.site_title")
    actor = event.actor_name or _("the system")
    if event.actor_id:
        who = model.User.get(event.actor_id)
        if who is not None and who.fullname:
            actor = who.fullname
    values = {"title": pkg.title or pkg.name, "actor": actor,
              "org": org.title if org else "", "name":
              user.fullname or user.name}
    subjects = {
        "submit": _("Data waiting for your verification: {title}"),
        "verify": _("Data verified, waiting for publication: {title}"),
        "return": _("Data returned for changes: {title}"),
        "reject": _("Data rejected by the walidata: {title}"),
        "publish": _("Data published: {title}"),
        "withdraw": _("Data withdrawn: {title}"),
        "restore": _("Data published again: {title}"),
    }
    leads = {
        "submit": _('{actor} ({org}) submitted the data "{title}" for '
                    "verification."),
        "verify": _('{actor} verified the data "{title}" of {org}; it '
                    "waits for the walidata's quality check and "
                    "publication."),
        "return": _('{actor} returned the data "{title}" to you for '
                    "changes."),
        "reject": _('The walidata ({actor}) rejected the data "{title}"; '
                    "it is a draft again."),
        "publish": _('The data "{title}" is published on the portal by '
                     "{actor}."),
        "withdraw": _('The walidata ({actor}) withdrew the data "{title}" '
                      "from the portal; it stays on record."),
        "restore": _('The walidata ({actor}) published the data "{title}" '
                     "again."),
    }
    lines = [_("Dear {name},").format(**values), "",
             leads[event.transition].format(**values)]
    if event.note:
        lines += ["", _("Note: {note}").format(note=event.note)]
    failed = set(machine.failed(event.qa or {}))
    if failed:
        from .logic.action import checklist

        items = checklist()
        names = {i.code: i.text(locale) for i in items}
        results = labels.qa_results(_)
        lines += ["", _("Quality check items to fix:")]
        # in the checklist's order (the stored answers, JSONB, are not)
        for code in [i.code for i in items if i.code in failed] + sorted(
                failed - set(names)):
            note = (event.qa or {})[code].get("note") or ""
            lines.append(f"- {names.get(code, code)} "
                         f"({results[machine.FAIL]}): {note}")
    lines += ["", _("Open the data: {url}").format(
        url=f"{site}/dataset/{pkg.name}")]
    if event.transition in ("submit", "verify", "return", "reject"):
        lines.append(_("Your tasks: {url}").format(
            url=f"{site}/satudata/tugas"))
    lines += ["", "-- ", site_title, site]
    subject = f"[{site_title}] " + subjects[event.transition].format(
        **values)
    return subject, "\n".join(lines)


def send(event_id: str) -> int:
    """The job: e-mail the people an event concerns. Returns how many."""
    event = model.Session.get(WorkflowEvent, event_id)
    if event is None or event.transition not in NOTIFIED:
        return 0
    pkg = model.Package.get(event.package_id)
    if pkg is not None and pkg.state != "active":
        # a revision's copy is retired once published: tell about the
        # dataset it revised; anything else was deleted meanwhile
        found = revision.request_for_copy(pkg.id)
        pkg = (model.Package.get(found.package_id)
               if found is not None and found.status == DONE else None)
    if pkg is None or pkg.state != "active":
        return 0
    sent = 0
    for user in recipients(event, pkg):
        subject, body = render(event, pkg, user, user_locale(user))
        try:
            mailer.mail_user(user, subject, body)
        except mailer.MailerException:
            log.exception("Could not e-mail %s about %s", user.name,
                          event.id)
            continue
        sent += 1
    return sent


def remember_locale(user: Any, locale: str) -> None:
    """Keep the language a user's pages are in, for their e-mails."""
    locale = "en" if locale.startswith("en") else "id"
    extras = dict(user.plugin_extras or {})
    mine = dict(extras.get("satudata") or {})
    if mine.get("locale") == locale:
        return
    mine["locale"] = locale
    extras["satudata"] = mine
    user.plugin_extras = extras
    model.Session.commit()


# -- revision and withdrawal requests --------------------------------------

def enqueue_request(request_id: str) -> None:
    """Queue the e-mails about a change request (after its commit)."""
    if not sd_config.notify():
        return
    try:
        tk.enqueue_job(send_request, [request_id],
                       title="satudata change request e-mail")
    except Exception:  # Redis unreachable: the request stands
        log.exception("Could not queue the e-mails of request %s",
                      request_id)


def request_recipients(found: ChangeRequest) -> list[model.User]:
    if found.status == RECEIVED:
        users = roles.walidata_users()
        actor = found.requested_by
    elif found.status == IN_PROGRESS:
        users = roles.organization_users([found.owner_org or ""],
                                         roles.EDITING)
        actor = found.handled_by
    elif found.status == REFUSED:
        user = model.User.get(found.requested_by or "")
        users = [user] if user is not None and user.state == "active" else []
        actor = found.handled_by
    else:
        return []
    return [u for u in users if u.name != actor and u.email]


def render_request(found: ChangeRequest, user: model.User, locale: str
                   ) -> tuple[str, str]:
    _: Callable[[str], str] = _translations(locale).gettext
    site = tk.config.get("ckan.site_url").rstrip("/")
    site_title = tk.config.get("ckan.site_title")
    pkg = model.Package.get(found.package_id)
    kind = labels.request_kinds(_)[found.kind]
    values = {"title": found.package_title or "", "kind": kind,
              "name": user.fullname or user.name,
              "who": found.requested_by or "",
              "walidata": found.handled_by or ""}
    if found.status == RECEIVED:
        subject = _("{kind} request: {title}")
        lead = _('{who} asks for a {kind} of the data "{title}".')
        link = _("The register: {url}").format(
            url=f"{site}/satudata/perubahan")
    elif found.status == IN_PROGRESS:
        subject = _("Revision opened: {title}")
        lead = _('The walidata ({walidata}) opened a revision of the data '
                 '"{title}". Edit the revision and submit it; the public '
                 "keeps seeing the published version meanwhile.")
        copy = model.Package.get(found.revision_package_id or "")
        link = _("The revision: {url}").format(
            url=f"{site}/dataset/{copy.name if copy else ''}")
    else:
        subject = _("{kind} request refused: {title}")
        lead = _('The walidata ({walidata}) refused your {kind} request '
                 'for the data "{title}".')
        link = _("Open the data: {url}").format(
            url=f"{site}/dataset/{pkg.name if pkg else ''}")
    lines = [_("Dear {name},").format(**values), "",
             lead.format(**values), "",
             _("Reason: {reason}").format(reason=found.reason)]
    if found.decision_note:
        lines.append(_("Note: {note}").format(note=found.decision_note))
    lines += ["", link, "", "-- ", site_title, site]
    return f"[{site_title}] " + subject.format(**values), "\n".join(lines)


def send_request(request_id: str) -> int:
    """The job: e-mail the people a change request concerns."""
    found = model.Session.get(ChangeRequest, request_id)
    if found is None:
        return 0
    sent = 0
    for user in request_recipients(found):
        subject, body = render_request(found, user, user_locale(user))
        try:
            mailer.mail_user(user, subject, body)
        except mailer.MailerException:
            log.exception("Could not e-mail %s about request %s",
                          user.name, request_id)
            continue
        sent += 1
    return sent
