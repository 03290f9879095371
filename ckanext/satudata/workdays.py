"""Working days in Indonesia: weekends, national public holidays (from the
``holidays`` package) and the collective leave days (*cuti bersama*) a
deployment lists. Pure Python, no CKAN imports: the workflow's SLA and the
legal deadlines of data requests count with it.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Iterable

import holidays


@functools.lru_cache(maxsize=64)
def _national(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("ID", years=year))


class Calendar:
    """Which days are working days. ``extra`` are more days off (cuti
    bersama, local holidays)."""

    def __init__(self, extra: Iterable[dt.date] = ()) -> None:
        self.extra = frozenset(extra)

    def is_working_day(self, day: dt.date) -> bool:
        return (day.weekday() < 5 and day not in self.extra
                and day not in _national(day.year))

    def add(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``start`` itself
        does not count, whether or not it is a working day)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        left = days
        while left:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when
        ``end`` is not after ``start``)."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def parse_dates(values: Iterable[str]) -> list[dt.date]:
    """ISO dates (``2026-12-24``); ValueError naming the first bad one."""
    out = []
    for value in values:
        try:
            out.append(dt.date.fromisoformat(str(value).strip()))
        except ValueError:
            raise ValueError(str(value)) from None
    return out
