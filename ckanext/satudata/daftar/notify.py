"""The Daftar Data's e-mails: the reminders to the OPDs and the walidata's
weekly digest, chosen by pure selections (:func:`select_reminders`,
:func:`select_digest`) and sent by background jobs (RQ, ``ckan jobs
worker``) through CKAN's mailer, queued once what they record is
committed. Run from cron (see :mod:`.cli`)::

    # every day at 06:00: reminders to the OPDs
    0 6 * * *  ckan -c /etc/ckan/default/ckan.ini satudata-daftar remind
    # every Monday at 06:30: the digest to the walidata
    30 6 * * 1  ckan -c /etc/ckan/default/ckan.ini satudata-daftar digest

- **Reminders** (``remind``, daily), to the editors and admins of the
  entry's OPD, one e-mail per OPD listing its releases:

  - *before*: a release not yet delivered that is due in at most
    ``ckanext.satudata.daftar.reminder_days`` calendar days (today
    included), once per entry and period;
  - *overdue*: the entry's next release, once its due date has passed
    and it is not delivered, once per entry and period.

  Each is recorded in ``satudata_daftar_reminder`` (entry, period,
  kind), so that the next run does not send it again. Entries of last
  year, this year and next year are looked at; ``INSIDENTAL`` entries have
  no schedule and are never reminded.
- **Digest** (``digest``, weekly), to the walidata (staff and heads):
  the overdue releases by OPD, the releases due in the next 7 days, and
  the OPDs of this year's Daftar Data that have not confirmed their list
  (Surat Pernyataan). Nothing to report: no e-mail.

With ``ckanext.satudata.daftar.notify`` off the commands only report what
they would send (and record nothing). Texts are Indonesian, or English for
users whose last pages were in English (the workflow's
``notify.user_locale``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any, Callable, Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib import mailer

from ckanext.satudata import config as sd_config
from ckanext.satudata.workflow import roles
from ckanext.satudata.workflow.notify import _translations, user_locale

from . import delivery
from .logic import entries as entry_logic
from .logic.calendar import releases
from .model import ACTIVE, Entry, Reminder

log = logging.getLogger(__name__)

BEFORE, OVERDUE = "before", "overdue"
#: the days ahead the digest lists
DIGEST_DAYS = 7


@dataclasses.dataclass(frozen=True)
class Notice:
    """A release to remind an OPD of: ``kind`` is :data:`BEFORE` or
    :data:`OVERDUE`."""

    entry: Entry
    period: str
    due_date: dt.date
    kind: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.entry.id, self.period, self.kind)

    def as_dict(self) -> dict[str, Any]:
        return {"entry_id": self.entry.id, "nama_data": self.entry.nama_data,
                "period": self.period,
                "due_date": self.due_date.isoformat(), "kind": self.kind}


def _entries(today: dt.date) -> list[Entry]:
    return delivery.active_entries(
        years=range(today.year - 1, today.year + 2))


def _notices(found: Iterable[Entry], today: dt.date, days: int
             ) -> list[Notice]:
    """The releases due from today to ``days`` later not delivered
    (before) and the entries' overdue next releases (overdue)."""
    end = today + dt.timedelta(days=max(days, 0))
    out = []
    for release in releases(found, today, end, today=today):
        if release.overdue:
            kind = OVERDUE
        elif not release.delivered and today <= release.due_date <= end:
            kind = BEFORE
        else:
            continue
        out.append(Notice(release.entry, str(release.period),
                          release.due_date, kind))
    return out


def select_reminders(today: dt.date, days: int) -> list[Notice]:
    """The reminders to send on ``today`` (``days``: how many calendar
    days before a due date), without those already sent; by due date and
    data name."""
    found = _notices(_entries(today), today, days)
    ids = {notice.entry.id for notice in found}
    sent = set(model.Session.execute(sa.select(
        Reminder.entry_id, Reminder.period, Reminder.kind).where(
        Reminder.entry_id.in_(ids))).tuples()) if ids else set()
    out = [notice for notice in found if notice.key not in sent]
    out.sort(key=lambda n: (n.due_date, n.entry.nama_data.lower(),
                            n.period))
    return out


@dataclasses.dataclass(frozen=True)
class Digest:
    """What the walidata's digest of ``today`` reports."""

    today: dt.date
    #: OPD id -> its overdue releases
    overdue: dict[str, list[Notice]]
    #: releases due in the next :data:`DIGEST_DAYS` days, not delivered
    upcoming: list[Notice]
    #: OPDs of this year's Daftar Data without a standing confirmation
    unconfirmed: list[str]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.upcoming or self.unconfirmed)


def select_digest(today: dt.date) -> Digest:
    """The digest of ``today`` (nothing is recorded: each week's digest
    reports the state of that day)."""
    found = _entries(today)
    overdue: dict[str, list[Notice]] = {}
    upcoming = []
    for notice in _notices(found, today, DIGEST_DAYS):
        if notice.kind == OVERDUE:
            overdue.setdefault(notice.entry.org_id, []).append(notice)
        else:
            upcoming.append(notice)
    listed = {e.org_id for e in found
              if e.year == today.year and e.state == ACTIVE}
    confirmed = set(entry_logic.standing(today.year, listed))
    return Digest(today, overdue, upcoming, sorted(listed - confirmed))


# -- sending -------------------------------------------------------------

def site_url() -> str:
    return tk.config.get("ckan.site_url").rstrip("/")


def _org(org_id: str) -> dict[str, str]:
    group = model.Group.get(org_id)
    if group is None:
        return {"name": "", "title": org_id}
    return {"name": group.name, "title": group.title or group.name}


def _enqueue(function: Callable[..., int], args: list[Any],
             title: str) -> None:
    try:
        tk.enqueue_job(function, args, title=title)
    except Exception:  # Redis unreachable: the run stands
        log.exception("Could not queue %s", title)


def remind(today: dt.date | None = None, days: int | None = None
           ) -> dict[str, Any]:
    """Send (queue) the reminders of ``today`` and record them; with
    notify off, only select them. Returns the counts and the notices."""
    today = today or sd_config.today()
    days = sd_config.daftar_reminder_days() if days is None else days
    found = select_reminders(today, days)
    by_org: dict[str, list[Notice]] = {}
    for notice in found:
        by_org.setdefault(notice.entry.org_id, []).append(notice)
    counts = {"before": sum(1 for n in found if n.kind == BEFORE),
              "overdue": sum(1 for n in found if n.kind == OVERDUE),
              "opds": len(by_org), "notices": found,
              "sent": sd_config.daftar_notify()}
    if not counts["sent"] or not found:
        return counts
    for notice in found:
        model.Session.add(Reminder(entry_id=notice.entry.id,
                                   period=notice.period, kind=notice.kind,
                                   sent=dt.datetime.now(dt.timezone.utc)))
    model.Session.commit()
    for org_id, notices in by_org.items():
        _enqueue(send_reminders, [org_id, [n.as_dict() for n in notices],
                                  days],
                 title=f"satudata daftar reminders {org_id}")
    return counts


def digest(today: dt.date | None = None) -> dict[str, Any]:
    """Send (queue) the walidata's digest of ``today`` unless there is
    nothing to report or notify is off. Returns the counts and the
    digest."""
    today = today or sd_config.today()
    found = select_digest(today)
    counts = {"overdue": sum(len(v) for v in found.overdue.values()),
              "upcoming": len(found.upcoming),
              "unconfirmed": len(found.unconfirmed), "digest": found,
              "sent": sd_config.daftar_notify() and not found.empty}
    if counts["sent"]:
        _enqueue(send_digest, [digest_data(found)],
                 title="satudata daftar digest")
    return counts


def digest_data(found: Digest) -> dict[str, Any]:
    """The digest as the job gets it (names rather than ids)."""
    orgs = {org_id: _org(org_id) for org_id in set(found.overdue)
            | set(found.unconfirmed)
            | {n.entry.org_id for n in found.upcoming}}

    def items(notices: list[Notice]) -> list[dict[str, Any]]:
        return [dict(n.as_dict(), org=orgs[n.entry.org_id]["title"])
                for n in notices]

    overdue = sorted(({"org": orgs[org_id]["title"],
                       "items": items(notices)}
                      for org_id, notices in found.overdue.items()),
                     key=lambda o: o["org"].lower())
    return {"today": found.today.isoformat(), "year": found.today.year,
            "overdue": overdue, "upcoming": items(found.upcoming),
            "unconfirmed": sorted((orgs[o]["title"] for o in
                                   found.unconfirmed), key=str.lower)}


def _mail(users: list[model.User],
          render: Callable[[str, str], tuple[str, str]]) -> int:
    sent = 0
    for user in users:
        if not user.email:
            continue
        name = user.fullname or user.name
        subject, body = render(name, user_locale(user))
        try:
            mailer.mail_recipient(name, user.email, subject, body)
        except mailer.MailerException:
            log.exception("Could not e-mail %s", user.email)
            continue
        sent += 1
    return sent


def _signature() -> list[str]:
    return ["", "-- ", tk.config.get("ckan.site_title"), site_url()]


def _line(_: Callable[[str], str], item: dict[str, Any]) -> str:
    return "- " + _("{name} ({period}): due {date}").format(
        name=item["nama_data"], period=item["period"],
        date=item["due_date"])


def render_reminders(org: dict[str, str], items: list[dict[str, Any]],
                     days: int, name: str, locale: str
                     ) -> tuple[str, str]:
    """Subject and body of an OPD's reminder."""
    translations = _translations(locale)
    _ = translations.gettext
    before = [i for i in items if i["kind"] == BEFORE]
    late = [i for i in items if i["kind"] == OVERDUE]
    if late:
        subject = _("Daftar Data: releases of {org} are overdue")
    else:
        subject = _("Daftar Data: releases of {org} are due soon")
    lines = [_("Dear {name},").format(name=name), ""]
    if before:
        lines += [translations.ngettext(
            "These releases of the Daftar Data of {org} are due within "
            "{days} day:",
            "These releases of the Daftar Data of {org} are due within "
            "{days} days:", days).format(org=org["title"], days=days)]
        lines += [_line(_, item) for item in before] + [""]
    if late:
        lines += [_("These releases of the Daftar Data of {org} are past "
                    "their due date and not delivered yet:").format(
            org=org["title"])]
        lines += [_line(_, item) for item in late] + [""]
    lines += [_("Publish the data on the portal and link each dataset to "
                "its entry of the Daftar Data. The release calendar of "
                "your OPD: {url}").format(
        url=f"{site_url()}/jadwal-rilis?opd={org['name']}")]
    return (f"[{tk.config.get('ckan.site_title')}] "
            + subject.format(org=org["title"]),
            "\n".join(lines + _signature()))


def send_reminders(org_id: str, items: list[dict[str, Any]],
                   days: int) -> int:
    """The job: e-mail an OPD's editors and admins its reminders."""
    org = _org(org_id)
    users = roles.organization_users([org_id], roles.EDITING)
    return _mail(users, lambda name, locale: render_reminders(
        org, items, days, name, locale))


def render_digest(data: dict[str, Any], name: str, locale: str
                  ) -> tuple[str, str]:
    """Subject and body of the walidata's digest."""
    _ = _translations(locale).gettext
    subject = _("Daftar Data: weekly digest of {date}").format(
        date=data["today"])
    lines = [_("Dear {name},").format(name=name), ""]
    lines.append(_("Overdue releases, by OPD:"))
    for group in data["overdue"]:
        lines.append(f"{group['org']}:")
        lines += ["  " + _line(_, item) for item in group["items"]]
    if not data["overdue"]:
        lines.append("- " + _("none"))
    lines += ["", _("Releases due in the next 7 days:")]
    lines += [_line(_, item) + f" ({item['org']})"
              for item in data["upcoming"]] or ["- " + _("none")]
    lines += ["", _("OPDs that have not confirmed their Daftar Data "
                    "{year}:").format(year=data["year"])]
    lines += [f"- {title}" for title in data["unconfirmed"]] or [
        "- " + _("none")]
    lines += ["", _("The release calendar: {url}").format(
        url=f"{site_url()}/jadwal-rilis")]
    return (f"[{tk.config.get('ckan.site_title')}] {subject}",
            "\n".join(lines + _signature()))


def send_digest(data: dict[str, Any]) -> int:
    """The job: e-mail the walidata the digest."""
    return _mail(roles.walidata_users(),
                 lambda name, locale: render_digest(data, name, locale))
