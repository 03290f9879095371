"""The public release calendar (*jadwal rilis*) of the Daftar Data: the
releases of the active entries due in a range of days, and the releases
still overdue (the entry's next release, due before today and not
delivered), from :mod:`..delivery` and :mod:`..schedule`.

Everyone may read it, but an entry classified ``tertutup`` (exempt,
*dikecualikan*) is listed only to the walidata, the pembina and the
members of its OPD. A release shows the entry's name, OPD, topic and
frequency, the period, its due date and whether it is delivered or
overdue: none of the entry's other attributes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from ckanext.satudata import config as sd_config

from .. import delivery, schedule
from ..model import ACTIVE, Entry
from ..xlsx import code_labels
from . import entries
from .access import Access, of

#: the days the calendar shows when no range is given
DEFAULT_DAYS = 90
#: the longest range asked for, in years
MAX_YEARS = 2
#: the classification only the walidata, pembina and the OPD see
TERTUTUP = "tertutup"


@dataclasses.dataclass(frozen=True)
class Found:
    """One release of an entry on the calendar."""

    entry: Entry
    period: schedule.Period
    due_date: dt.date
    overdue: bool
    delivered: bool


def releases(found: Iterable[Entry], start: dt.date, end: dt.date, *,
             today: dt.date) -> list[Found]:
    """The releases of the active entries ``found`` due from ``start`` to
    ``end`` (inclusive), each delivered or not and overdue (not delivered,
    due before ``today``); plus, wherever its due date lies, each entry's
    next release when it is overdue on ``today``. By due date, then data
    name. The deliveries of all entries are read in one go."""
    rows = [entry for entry in found if entry.state == ACTIVE]
    delivered = delivery.deliveries(entry.id for entry in rows)
    calendar = sd_config.calendar()
    lag = sd_config.daftar_lag_days()
    out: list[Found] = []
    for entry in rows:
        done = delivered.get(entry.id, [])
        periods = {d.period for d in done if d.period}
        plan = schedule.Entry(entry.id, entry.nama_data,
                              entry.jadwal_pemutakhiran,
                              start=delivery.year_start(entry),
                              lag_days=lag)
        try:
            due_in_range = schedule.upcoming([plan], start, end,
                                             calendar=calendar)
        except ValueError:  # an unknown frequency: no schedule
            continue
        seen = set()
        for release in due_in_range:
            if release.period.start.year != entry.year:
                continue
            name = str(release.period)
            is_done = name in periods
            out.append(Found(entry, release.period, release.due_date,
                             not is_done and today > release.due_date,
                             is_done))
            seen.add(name)
        due = delivery.next_due(entry, done, today=today,
                                calendar=calendar)
        if due.overdue and due.period is not None and due.due_date and (
                str(due.period) not in seen):
            out.append(Found(entry, due.period, due.due_date, True, False))
    out.sort(key=lambda f: (f.due_date, f.entry.nama_data.lower(),
                            f.entry.id, f.period.start))
    return out


#: the first and last day the calendar may show (the Daftar Data's years)
FIRST_DAY = dt.date(entries.FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(entries.LAST_YEAR + 1, 12, 31)


def _date(data_dict: DataDict, key: str, default: dt.date,
          errors: dict[str, list[str]]) -> dt.date:
    text = str(data_dict.get(key) or "").strip()
    if not text:
        return default
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        errors[key] = [tk._("Not a date: use YYYY-MM-DD")]
        return default
    if not FIRST_DAY <= day <= LAST_DAY:
        errors[key] = [tk._("Give a date from {first} to {last}").format(
            first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())]
        return default
    return day


def flag(value: Any) -> bool:
    """A yes/no parameter: ``1``, ``true``, ``yes``, ``on`` are yes."""
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_range(data_dict: DataDict, today: dt.date
               ) -> tuple[dt.date, dt.date]:
    """``start`` and ``end`` of the request (default: today and
    :data:`DEFAULT_DAYS` later), or a ValidationError."""
    errors: dict[str, list[str]] = {}
    start = _date(data_dict, "start", today, errors)
    end = _date(data_dict, "end", min(
        start + dt.timedelta(days=DEFAULT_DAYS), LAST_DAY), errors)
    if not errors and end < start:
        errors["end"] = [tk._("The end of the range comes before its "
                              "start")]
    elif not errors and end > _years_after(start, MAX_YEARS):
        errors["end"] = [tk._("The range may span at most two years")]
    if errors:
        raise tk.ValidationError(errors)
    return start, end


def visible(entry: Entry, who: Access) -> bool:
    """Whether ``who`` sees ``entry`` on the calendar."""
    return entry.klasifikasi_risiko != TERTUTUP or who.reads(entry.org_id)


def _groups(ids: Iterable[str]) -> dict[str, model.Group]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {g.id: g for g in model.Session.scalars(sa.select(
        model.Group).where(model.Group.id.in_(wanted)))}


def _named(group: model.Group | None) -> dict[str, Any] | None:
    if group is None:
        return None
    return {"id": group.id, "name": group.name,
            "title": group.title or group.name}


def _facet(groups: Iterable[model.Group | None]) -> list[dict[str, Any]]:
    found = {g.id: _named(g) for g in groups if g is not None}
    return sorted(found.values(), key=lambda g: g["title"].lower())


def _today(context: Context) -> dt.date:
    """Today in the portal's time zone, or the day a caller inside the
    process put in the context (``satudata_today``: the tests)."""
    given = dict(context).get("satudata_today")
    return given if isinstance(given, dt.date) else sd_config.today()


@tk.side_effect_free
def daftar_calendar(context: Context, data_dict: DataDict
                    ) -> dict[str, Any]:
    """The release calendar: the releases of the active Daftar Data
    entries due from ``start`` to ``end``, and the releases still overdue
    today (whenever they were due). Everyone may read it; entries
    classified ``tertutup`` are listed only to the walidata, the pembina
    and the members of their OPD.

    :param start: the first day (YYYY-MM-DD; default: today)
    :param end: the last day (YYYY-MM-DD; default: 90 days after start;
        at most two years after it)
    :param org: only this OPD's releases (name or id)
    :param group: only this topic's (a group's name or id)
    :param overdue_only: only the overdue releases

    Returns ``start``, ``end``, ``today``, ``releases`` (by due date: the
    entry's ``entry_id`` and ``nama_data``, ``organization`` and
    ``group`` (id, name, title; no topic: None), ``frequency`` (code) and
    ``frequency_label`` (Indonesian), ``period``, ``due_date``,
    ``overdue``, ``delivered``), and the OPDs and topics the reader may
    filter by (``organizations``, ``groups``: those of the entries
    listed before the filters)."""
    tk.check_access("satudata_daftar_calendar", context, data_dict)
    today = _today(context)
    start, end = date_range(data_dict, today)
    org_id = group = None
    if data_dict.get("org"):
        org = entries.org_of(data_dict["org"])
        if org is None:
            raise tk.ValidationError({"org": [tk._("No such OPD")]})
        org_id = org.id
    if data_dict.get("group"):
        group = entries.group_id(data_dict["group"])
    who = of(context.get("user"))
    first = min(start, today).year - 1
    rows = [entry for entry in model.Session.scalars(sa.select(Entry).where(
        Entry.state == ACTIVE, Entry.year >= first,
        Entry.year <= end.year)) if visible(entry, who)]
    names = _groups([e.org_id for e in rows] + [e.group_id for e in rows
                                                if e.group_id])
    facets = {"organizations": _facet(names.get(e.org_id) for e in rows),
              "groups": _facet(names.get(e.group_id or "") for e in rows)}
    rows = [e for e in rows if (org_id is None or e.org_id == org_id)
            and (group is None or e.group_id == group)]
    found = releases(rows, start, end, today=today)
    if flag(data_dict.get("overdue_only")):
        found = [f for f in found if f.overdue]
    labels = code_labels("frekuensi")
    return {
        "start": start.isoformat(), "end": end.isoformat(),
        "today": today.isoformat(),
        "releases": [{
            "entry_id": f.entry.id,
            "nama_data": f.entry.nama_data,
            "organization": _named(names.get(f.entry.org_id)),
            "group": _named(names.get(f.entry.group_id or "")),
            "frequency": f.entry.jadwal_pemutakhiran,
            "frequency_label": labels.get(f.entry.jadwal_pemutakhiran,
                                          f.entry.jadwal_pemutakhiran),
            "period": str(f.period),
            "due_date": f.due_date.isoformat(),
            "overdue": f.overdue,
            "delivered": f.delivered,
        } for f in found],
        **facets,
    }


def get_actions() -> dict[str, Any]:
    return {"satudata_daftar_calendar": daftar_calendar}
