"""Release schedule of the Daftar Data (*jadwal rilis / jadwal
pemutakhiran*): which period an entry publishes next, when it is due, and
whether it is late. Pure Python, no CKAN imports and no I/O.

Frequencies are the codes of the ``frekuensi`` code list. Each frequency
except ``INSIDENTAL`` publishes periods of one kind, and a :class:`Period`
names its kind by that frequency code. Stored forms (``str(period)`` and
:func:`parse_period`):

==========================  ===================  =========================
kind                        form                 example
==========================  ===================  =========================
``TAHUNAN``                 ``YYYY``             ``2025``
``SEMESTERAN``              ``YYYY-Sn`` (1-2)    ``2025-S1``
``TRIWULANAN``              ``YYYY-TWn`` (1-4)   ``2025-TW3``
``EMPAT_BULANAN``           ``YYYY-Cn`` (1-3)    ``2025-C2`` (caturwulan)
``BULANAN``                 ``YYYY-MM``          ``2025-07``
``MINGGUAN``                ``YYYY-Www`` (ISO)   ``2025-W07``
``HARIAN``                  ``YYYY-MM-DD``       ``2025-07-14``
==========================  ===================  =========================

Weeks are ISO 8601 weeks (Monday to Sunday; the year is the ISO year, so
``2026-W53`` exists and ``2025-W53`` does not). Four-monthly periods are
January-April, May-August and September-December.

``LEBIH_DARI_DUA_TAHUNAN`` publishes yearly periods every two years: the
period after ``2023`` is ``2025``. ``INSIDENTAL`` has no schedule: no
period is due and it is never overdue.

The due date of a period is its last day plus a lag in *working days*
(:class:`ckanext.satudata.workdays.Calendar`: weekends, national public
holidays and the deployment's cuti bersama do not count). With no lag the
due date is the last day of the period itself. An entry is overdue on a
day strictly after its due date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Callable, Iterable

import icalendar

from ckanext.satudata.workdays import Calendar

HARIAN = "HARIAN"
MINGGUAN = "MINGGUAN"
BULANAN = "BULANAN"
TRIWULANAN = "TRIWULANAN"
EMPAT_BULANAN = "EMPAT_BULANAN"
SEMESTERAN = "SEMESTERAN"
TAHUNAN = "TAHUNAN"
LEBIH_DARI_DUA_TAHUNAN = "LEBIH_DARI_DUA_TAHUNAN"
INSIDENTAL = "INSIDENTAL"

#: the ``frekuensi`` code list, most frequent first
FREQUENCIES = (HARIAN, MINGGUAN, BULANAN, TRIWULANAN, EMPAT_BULANAN,
               SEMESTERAN, TAHUNAN, LEBIH_DARI_DUA_TAHUNAN, INSIDENTAL)

#: period kinds, named by the frequency that publishes them
KINDS = (HARIAN, MINGGUAN, BULANAN, TRIWULANAN, EMPAT_BULANAN, SEMESTERAN,
         TAHUNAN)

#: frequency -> (period kind, periods between two releases)
_STEP = {
    HARIAN: (HARIAN, 1),
    MINGGUAN: (MINGGUAN, 1),
    BULANAN: (BULANAN, 1),
    TRIWULANAN: (TRIWULANAN, 1),
    EMPAT_BULANAN: (EMPAT_BULANAN, 1),
    SEMESTERAN: (SEMESTERAN, 1),
    TAHUNAN: (TAHUNAN, 1),
    LEBIH_DARI_DUA_TAHUNAN: (TAHUNAN, 2),
}

#: kinds that divide a calendar year into equal runs of months:
#: kind -> (periods per year, months per period)
_MONTHLY = {
    TAHUNAN: (1, 12),
    SEMESTERAN: (2, 6),
    EMPAT_BULANAN: (3, 4),
    TRIWULANAN: (4, 3),
    BULANAN: (12, 1),
}

#: ``periode`` code list prefix of the kinds it covers
_PERIODE_PREFIX = {SEMESTERAN: "S", TRIWULANAN: "TW"}

FORMS = ("YYYY, YYYY-S1, YYYY-TW1, YYYY-C1, YYYY-MM, YYYY-Www or "
          "YYYY-MM-DD")

_PATTERNS = (
    (re.compile(r"(\d{4})"), TAHUNAN),
    (re.compile(r"(\d{4})-S(\d{1,2})", re.I), SEMESTERAN),
    (re.compile(r"(\d{4})-TW(\d{1,2})", re.I), TRIWULANAN),
    (re.compile(r"(\d{4})-C(\d{1,2})", re.I), EMPAT_BULANAN),
    (re.compile(r"(\d{4})-W(\d{2})", re.I), MINGGUAN),
    (re.compile(r"(\d{4})-(\d{2})"), BULANAN),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), HARIAN),
)

_ONE_DAY = dt.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Period:
    """One reporting period: ``kind`` (a code of :data:`KINDS`), ``year``
    and ``number`` within the year (semester, quarter, four-month period
    or month; the ISO week for ``MINGGUAN``, whose ``year`` is the ISO
    year; the day of the year for ``HARIAN``; 1 for ``TAHUNAN``).

    Build days and weeks from a date with :meth:`containing`.
    """

    year: int
    kind: str
    number: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}; expected "
                             f"one of {', '.join(KINDS)}")
        if not 1000 <= self.year <= 9998:
            raise ValueError(f"year {self.year} is out of range")
        top = _last_number(self.kind, self.year)
        if not 1 <= self.number <= top:
            raise ValueError(f"{self.kind} period number of {self.year} "
                             f"must be 1 to {top}, not {self.number}")

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        """The period of ``kind`` that contains ``day``."""
        if kind == HARIAN:
            return cls(day.year, kind, day.timetuple().tm_yday)
        if kind == MINGGUAN:
            iso = day.isocalendar()
            return cls(iso.year, kind, iso.week)
        if kind not in _MONTHLY:
            raise ValueError(f"unknown period kind {kind!r}")
        months = _MONTHLY[kind][1]
        return cls(day.year, kind, (day.month - 1) // months + 1)

    @classmethod
    def from_periode(cls, year: int, code: str) -> Period:
        """The period of a year and a ``periode`` code list code
        (``TAHUNAN``, ``S1``-``S2``, ``TW1``-``TW4``, ``01``-``12``)."""
        code = str(code).strip().upper()
        if code == TAHUNAN:
            return cls(year, TAHUNAN)
        for kind, prefix in _PERIODE_PREFIX.items():
            match = re.fullmatch(prefix + r"(\d)", code)
            if match and 1 <= int(match.group(1)) <= _MONTHLY[kind][0]:
                return cls(year, kind, int(match.group(1)))
        if re.fullmatch(r"0[1-9]|1[0-2]", code):
            return cls(year, BULANAN, int(code))
        raise ValueError(f"{code!r} is not a code of the periode list")

    @property
    def periode(self) -> str | None:
        """The ``periode`` code list code of this period (``TW3``,
        ``07``, ...), or None for kinds the list does not have
        (four-monthly, weekly, daily)."""
        if self.kind == TAHUNAN:
            return TAHUNAN
        if self.kind == BULANAN:
            return f"{self.number:02d}"
        prefix = _PERIODE_PREFIX.get(self.kind)
        return f"{prefix}{self.number}" if prefix else None

    @property
    def start(self) -> dt.date:
        """The first day of the period."""
        if self.kind == HARIAN:
            return dt.date(self.year, 1, 1) + (self.number - 1) * _ONE_DAY
        if self.kind == MINGGUAN:
            return dt.date.fromisocalendar(self.year, self.number, 1)
        months = _MONTHLY[self.kind][1]
        return dt.date(self.year, (self.number - 1) * months + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.kind == HARIAN:
            return self.start
        if self.kind == MINGGUAN:
            return self.start + 6 * _ONE_DAY
        return self.next().start - _ONE_DAY

    def next(self, step: int = 1) -> Period:
        """The period ``step`` periods (of the same kind) later."""
        if step < 1:
            raise ValueError("step must be positive")
        if self.kind == HARIAN:
            return Period.containing(HARIAN, self.start + step * _ONE_DAY)
        if self.kind == MINGGUAN:
            return Period.containing(MINGGUAN,
                                     self.start + 7 * step * _ONE_DAY)
        per_year = _MONTHLY[self.kind][0]
        index = self.year * per_year + self.number - 1 + step
        return Period(index // per_year, self.kind, index % per_year + 1)

    def __str__(self) -> str:
        if self.kind == TAHUNAN:
            return f"{self.year}"
        if self.kind == SEMESTERAN:
            return f"{self.year}-S{self.number}"
        if self.kind == TRIWULANAN:
            return f"{self.year}-TW{self.number}"
        if self.kind == EMPAT_BULANAN:
            return f"{self.year}-C{self.number}"
        if self.kind == BULANAN:
            return f"{self.year}-{self.number:02d}"
        if self.kind == MINGGUAN:
            return f"{self.year}-W{self.number:02d}"
        return self.start.isoformat()


def _last_number(kind: str, year: int) -> int:
    if kind == HARIAN:
        return dt.date(year, 12, 31).timetuple().tm_yday
    if kind == MINGGUAN:
        return dt.date(year, 12, 28).isocalendar().week
    return _MONTHLY[kind][0] if kind in _MONTHLY else 1


def parse_period(text: str) -> Period:
    """The :class:`Period` of a stored form (see the module docstring);
    ValueError naming the text and what is wrong with it."""
    value = str(text).strip()
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(value)
        if not match:
            continue
        year, *rest = (int(group) for group in match.groups())
        try:
            if kind == HARIAN:
                return Period.containing(HARIAN, dt.date(year, *rest))
            return Period(year, kind, *rest)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a valid period: {exc}"
                             ) from None
    raise ValueError(f"{text!r} is not a period; expected {FORMS}")


def period_kind(frequency: str) -> str | None:
    """The kind of period a frequency publishes (None for
    ``INSIDENTAL``); ValueError for a code not in the list."""
    if frequency == INSIDENTAL:
        return None
    try:
        return _STEP[frequency][0]
    except KeyError:
        raise ValueError(f"unknown frequency {frequency!r}; expected one "
                         f"of {', '.join(FREQUENCIES)}") from None


def _as_period(value: Period | str, kind: str,
               frequency: str) -> Period:
    period = value if isinstance(value, Period) else parse_period(value)
    if period.kind != kind:
        raise ValueError(f"period {str(period)!r} is {period.kind}, but "
                         f"frequency {frequency} publishes {kind} periods")
    return period


@dataclasses.dataclass(frozen=True)
class Due:
    """The next release of an entry: the ``period`` due, its
    ``due_date`` and whether it is ``overdue``. Both are None for
    ``INSIDENTAL``."""

    period: Period | None
    due_date: dt.date | None
    overdue: bool = False


def due_date(period: Period, *, lag_days: int = 0,
             calendar: Calendar | None = None) -> dt.date:
    """The day ``period`` is due: its last day plus ``lag_days`` working
    days of ``calendar`` (default: national holidays only)."""
    return (calendar or Calendar()).add(period.end, lag_days)


def next_due(frequency: str,
             last_published: Period | str | None, *,
             start: dt.date | None = None, lag_days: int = 0,
             calendar: Calendar | None = None,
             today: dt.date | None = None) -> Due:
    """The next release of an entry with ``frequency`` whose last
    published period is ``last_published`` (a :class:`Period` or its
    stored form, None when nothing is published yet).

    With nothing published, the first period due is the one containing
    ``start`` (e.g. the first day of the Daftar Data year). The due date
    is the end of that period plus ``lag_days`` working days of
    ``calendar``; ``overdue`` is whether ``today`` is after it (False
    when ``today`` is None). ValueError for an unknown frequency, a bad
    period or one of another kind than the frequency publishes.
    """
    kind = period_kind(frequency)
    if kind is None:
        return Due(None, None, False)
    if last_published is None:
        if start is None:
            raise ValueError("start is needed when no period is "
                             "published yet")
        period = Period.containing(kind, start)
    else:
        step = _STEP[frequency][1]
        period = _as_period(last_published, kind, frequency).next(step)
    due = due_date(period, lag_days=lag_days, calendar=calendar)
    return Due(period, due, today is not None and today > due)


@dataclasses.dataclass(frozen=True)
class Entry:
    """What the schedule needs of a Daftar Data entry. ``id`` is stable
    (it makes the iCal UID); ``start`` is where its schedule begins when
    nothing is published yet."""

    id: str
    title: str
    frequency: str
    last_published: Period | str | None = None
    start: dt.date | None = None
    lag_days: int = 0
    organization: str = ""
    url: str = ""
    description: str = ""


@dataclasses.dataclass(frozen=True)
class Release:
    """One due release of an entry, as :func:`upcoming` lists it."""

    entry: Entry
    period: Period
    due_date: dt.date
    overdue: bool = False


def _skip(period: Period, step: int, until: dt.date) -> Period:
    """A period of ``period``'s rhythm (every ``step`` periods from it,
    never before it) no later than the one containing ``until``: jumps
    over long runs of past periods at once."""
    if period.end >= until:
        return period
    later = Period.containing(period.kind, until)
    if step > 1 and (later.year - period.year) % step:
        later = Period(later.year - (later.year - period.year) % step,
                       later.kind, later.number)
    return later if later.start > period.start else period


def upcoming(entries: Iterable[Entry], start: dt.date, end: dt.date, *,
             calendar: Calendar | None = None,
             today: dt.date | None = None) -> list[Release]:
    """The releases of ``entries`` due from ``start`` to ``end``
    (inclusive), by due date then entry id. An entry appears once per
    period due in the range (a monthly entry three times in a quarter),
    from its next due period on; ``INSIDENTAL`` entries never appear.
    ``overdue`` is judged on ``today`` (False when None)."""
    if end < start:
        raise ValueError(f"the range ends ({end}) before it starts "
                         f"({start})")
    calendar = calendar or Calendar()
    out = []
    for entry in entries:
        first = next_due(entry.frequency, entry.last_published,
                         start=entry.start, lag_days=entry.lag_days,
                         calendar=calendar)
        if first.period is None:
            continue
        step = _STEP[entry.frequency][1]
        # a lag of n working days spans under 2n + 31 calendar days, even
        # over Idul Fitri and its cuti bersama: periods ending before that
        # cannot fall due in the range, so jump over them at once
        margin = dt.timedelta(days=2 * max(entry.lag_days, 0) + 31)
        period = _skip(first.period, step, start - margin)
        while True:
            due = due_date(period, lag_days=entry.lag_days,
                           calendar=calendar)
            if due > end:
                break
            if due >= start:
                out.append(Release(entry, period, due,
                                   today is not None and today > due))
            period = period.next(step)
    out.sort(key=lambda release: (release.due_date, release.entry.id))
    return out


def _describe(release: Release) -> str:
    entry = release.entry
    parts = [entry.description, entry.organization,
             f"{entry.frequency} {release.period}"]
    return "\n".join(part for part in parts if part)


def to_ical(releases: Iterable[Release], *,
            stamp: dt.datetime | None = None,
            name: str = "",
            domain: str = "satudata",
            describe: Callable[[Release], str] | None = None) -> str:
    """An RFC 5545 calendar (text) of ``releases``: one all-day VEVENT
    each, its UID ``<entry id>.<period>@<domain>`` stable across
    exports. SUMMARY is the entry title and period; DESCRIPTION is
    ``describe(release)`` (default: the entry's description,
    organization, frequency and period); URL the entry's, when it has
    one. ``stamp`` is the DTSTAMP (default: now, UTC); ``name`` the
    calendar's display name (X-WR-CALNAME)."""
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    describe = describe or _describe
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ckanext-satudata//Jadwal Rilis Daftar Data//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    for release in releases:
        entry = release.entry
        event = icalendar.Event()
        event.add("uid", f"{entry.id}.{release.period}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", release.due_date)
        event.add("dtend", release.due_date + _ONE_DAY)
        event.add("summary", f"{entry.title} ({release.period})")
        description = describe(release)
        if description:
            event.add("description", description)
        if entry.organization:
            event.add("categories", [entry.organization])
        if entry.url:
            event.add("url", entry.url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
