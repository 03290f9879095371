"""What the OPDs delivered against their Daftar Data entries: the
datasets linked to an entry that are published now, each for the period it
was linked with, and when it was first published (the first ``publish``
of the verification workflow's audit trail; its creation when the
workflow was not on). From these and :mod:`.schedule`: each entry's last
published period and next due release, and the status of each release
due in a range (delivered on time, late, missing, pending).

A release is *on time* when a dataset for its period was first published
on or before its due date (local time, ``ckanext.satudata.timezone``),
*late* when after, *missing* when none is published and the due date has
passed, *pending* otherwise. Only periods that start in the entry's year
are its releases (the next year's Daftar Data lists the next ones).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Iterable

import ckan.model as model
import sqlalchemy as sa

from ckanext.satudata import config as sd_config

from . import schedule
from .model import ACTIVE, Entry, EntryDataset

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
STATUSES = (ON_TIME, LATE, MISSING, PENDING)


@dataclasses.dataclass(frozen=True)
class Delivery:
    entry_id: str
    package_id: str
    period: str | None
    published: dt.datetime


@dataclasses.dataclass(frozen=True)
class Status:
    """One release of an entry and how it was delivered."""

    entry: Entry
    period: schedule.Period
    due_date: dt.date
    status: str
    delivered: dt.date | None = None
    package_id: str | None = None


def _workflow_tables() -> bool:
    return bool(model.Session.execute(sa.text(
        "SELECT to_regclass('satudata_workflow_state')")).scalar())


def published_since(package_ids: Iterable[str]) -> dict[str, dt.datetime]:
    """Package id -> when it was first published, for those of
    ``package_ids`` that are published now (active, public and, with the
    workflow, in its ``published`` state)."""
    ids = list(set(package_ids))
    if not ids:
        return {}
    pkg = model.package_table
    if not _workflow_tables():
        rows = model.Session.execute(
            sa.select(pkg.c.id, pkg.c.metadata_created).where(
                pkg.c.id.in_(ids), pkg.c.state == "active",
                pkg.c.private.is_(False))).all()
        return {r[0]: r[1].replace(tzinfo=dt.timezone.utc) for r in rows}
    rows = model.Session.execute(sa.text("""
        SELECT p.id, coalesce(
                 (SELECT min(e.created) FROM satudata_workflow_event e
                   WHERE e.package_id = p.id AND e.to_state = 'published'),
                 p.metadata_created AT TIME ZONE 'UTC')
          FROM package p
          LEFT JOIN satudata_workflow_state w ON w.package_id = p.id
         WHERE p.id = ANY(:ids) AND p.state = 'active'
           AND NOT p.private
           AND coalesce(w.state, 'published') = 'published'
    """), {"ids": ids}).all()
    return {row[0]: row[1] for row in rows}


def deliveries(entry_ids: Iterable[str]) -> dict[str, list[Delivery]]:
    """Entry id -> its published datasets, earliest first."""
    ids = list(set(entry_ids))
    if not ids:
        return {}
    links = model.Session.scalars(sa.select(EntryDataset).where(
        EntryDataset.entry_id.in_(ids))).all()
    since = published_since(link.package_id for link in links)
    out: dict[str, list[Delivery]] = {entry_id: [] for entry_id in ids}
    for link in links:
        if link.package_id in since:
            out[link.entry_id].append(Delivery(
                link.entry_id, link.package_id, link.period,
                since[link.package_id]))
    for found in out.values():
        found.sort(key=lambda d: d.published)
    return out


def _period(text: str | None) -> schedule.Period | None:
    if not text:
        return None
    try:
        return schedule.parse_period(text)
    except ValueError:
        return None


def last_published(entry: Entry, delivered: list[Delivery]
                   ) -> schedule.Period | None:
    """The latest period of the entry's kind among its deliveries."""
    kind = schedule.period_kind(entry.jadwal_pemutakhiran)
    periods = [p for p in (_period(d.period) for d in delivered)
               if p is not None and p.kind == kind]
    return max(periods, key=lambda p: p.start) if periods else None


def year_start(entry: Entry) -> dt.date:
    return dt.date(entry.year, 1, 1)


def next_due(entry: Entry, delivered: list[Delivery], *,
             today: dt.date | None = None,
             calendar: object = None) -> schedule.Due:
    """The entry's next release (none: insidental, or every period of its
    year delivered)."""
    try:
        due = schedule.next_due(
            entry.jadwal_pemutakhiran, last_published(entry, delivered),
            start=year_start(entry), lag_days=sd_config.daftar_lag_days(),
            calendar=calendar or sd_config.calendar(), today=today)
    except ValueError:
        return schedule.Due(None, None, False)
    if due.period is None or due.period.start.year > entry.year:
        return schedule.Due(None, None, False)
    return due


def as_schedule_entry(entry: Entry, delivered: list[Delivery], *,
                      title: str = "", organization: str = "",
                      url: str = "", description: str = ""
                      ) -> schedule.Entry:
    return schedule.Entry(
        id=entry.id, title=title or entry.nama_data,
        frequency=entry.jadwal_pemutakhiran,
        last_published=last_published(entry, delivered),
        start=year_start(entry), lag_days=sd_config.daftar_lag_days(),
        organization=organization, url=url, description=description)


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(sd_config.timezone()).date()


def statuses(entries: Iterable[Entry], start: dt.date, end: dt.date, *,
             today: dt.date) -> list[Status]:
    """Every release of ``entries`` due from ``start`` to ``end``
    (inclusive) and its status on ``today``, by due date."""
    entries = [e for e in entries if e.state == ACTIVE]
    delivered = deliveries(e.id for e in entries)
    calendar = sd_config.calendar()
    lag = sd_config.daftar_lag_days()
    out: list[Status] = []
    for entry in entries:
        plan = schedule.Entry(entry.id, entry.nama_data,
                              entry.jadwal_pemutakhiran, None,
                              start=year_start(entry), lag_days=lag)
        try:
            releases = schedule.upcoming([plan], start, end,
                                         calendar=calendar)
        except ValueError:
            continue
        by_period: dict[str, Delivery] = {}
        for found in delivered.get(entry.id, []):
            if found.period:
                by_period.setdefault(found.period, found)
        for release in releases:
            if release.period.start.year != entry.year:
                continue
            found = by_period.get(str(release.period))
            if found is not None:
                day = local_day(found.published)
                status = ON_TIME if day <= release.due_date else LATE
                out.append(Status(entry, release.period, release.due_date,
                                  status, day, found.package_id))
            else:
                status = MISSING if today > release.due_date else PENDING
                out.append(Status(entry, release.period, release.due_date,
                                  status))
    out.sort(key=lambda s: (s.due_date, s.entry.id))
    return out


def active_entries(years: Iterable[int] | None = None,
                   org_ids: Iterable[str] | None = None) -> list[Entry]:
    query = sa.select(Entry).where(Entry.state == ACTIVE)
    if years is not None:
        query = query.where(Entry.year.in_(list(years)))
    if org_ids is not None:
        query = query.where(Entry.org_id.in_(list(org_ids)))
    return list(model.Session.scalars(query.order_by(
        Entry.year, Entry.org_id, Entry.nama_data)))
