"""E-mails about workflow events, sent by background jobs (RQ on Redis,
``ckan jobs worker``) through CKAN's mailer:

- submitted: the verifikators (admins) of the dataset's OPD;
- verified: the walidata (staff and heads);
- returned, rejected, published: the operator who submitted it.

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

from . import labels, machine, roles, state
from .model import WorkflowEvent

log = logging.getLogger(__name__)

NOTIFIED = ("submit", "verify", "return", "reject", "publish")


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
    if pkg is None or pkg.state != "active":  # deleted meanwhile
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
