"""Solr dates in queries: ISO 8601 and date math (``NOW``, ``NOW-7DAYS``,
``NOW/DAY``, ``2026-01-01T00:00:00Z+1MONTH``), as aware datetimes. Pure
Python, like :mod:`.syntax`."""

from __future__ import annotations

import datetime as dt
import re

from .syntax import QuerySyntaxError

_UNITS = {
    "YEAR": "years", "YEARS": "years", "MONTH": "months", "MONTHS": "months",
    "DAY": "days", "DAYS": "days", "DATE": "days", "HOUR": "hours",
    "HOURS": "hours", "MINUTE": "minutes", "MINUTES": "minutes",
    "SECOND": "seconds", "SECONDS": "seconds",
}
_ISO_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+)?(?:Z|[+\-]\d{2}:?\d{2})?)")
_MATH_RE = re.compile(r"([+\-/])(\d*)([A-Z]+)")


def parse_date(value: str, now: dt.datetime) -> dt.datetime:
    """A Solr date (ISO 8601, ``NOW`` and date math) as an aware datetime.

    Raises :class:`QuerySyntaxError` for anything else.
    """
    text = value.strip()
    base: dt.datetime | None = None
    rest = text
    if text.upper().startswith("NOW"):
        base = now
        rest = text[3:]
    else:
        m = _ISO_RE.match(text)
        if not m:
            raise QuerySyntaxError("bad_date", value)
        stamp = m.group(1).replace("Z", "+00:00")
        try:
            base = dt.datetime.fromisoformat(stamp)
        except ValueError:
            raise QuerySyntaxError("bad_date", value) from None
        rest = text[m.end():]
    if base.tzinfo is None:
        base = base.replace(tzinfo=dt.timezone.utc)
    pos = 0
    rest = rest.upper()
    while pos < len(rest):
        m = _MATH_RE.match(rest, pos)
        if not m or m.group(3) not in _UNITS:
            raise QuerySyntaxError("bad_date", value)
        op, amount, unit = m.group(1), m.group(2), _UNITS[m.group(3)]
        if op == "/":
            if amount:
                raise QuerySyntaxError("bad_date", value)
            base = _round_down(base, unit)
        else:
            if not amount:
                raise QuerySyntaxError("bad_date", value)
            base = _shift(base, int(amount) * (1 if op == "+" else -1), unit)
        pos = m.end()
    return base


def _round_down(value: dt.datetime, unit: str) -> dt.datetime:
    fields = ["years", "months", "days", "hours", "minutes", "seconds"]
    keep = fields.index(unit)
    parts = dict(year=value.year, month=value.month, day=value.day,
                 hour=value.hour, minute=value.minute, second=value.second)
    names = ["year", "month", "day", "hour", "minute", "second"]
    for idx in range(keep + 1, len(names)):
        parts[names[idx]] = 1 if names[idx] in ("month", "day") else 0
    return value.replace(microsecond=0, **parts)


def _shift(value: dt.datetime, amount: int, unit: str) -> dt.datetime:
    if unit in ("years", "months"):
        months = value.month - 1 + amount * (12 if unit == "years" else 1)
        year = value.year + months // 12
        month = months % 12 + 1
        if not 1 <= year <= 9999:
            raise QuerySyntaxError("bad_date", str(amount))
        day = min(value.day, _days_in_month(year, month))
        return value.replace(year=year, month=month, day=day)
    try:
        return value + dt.timedelta(**{unit: amount})
    except OverflowError:
        raise QuerySyntaxError("bad_date", str(amount)) from None


def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


# --------------------------------------------------------------------------
# Query fields (Solr's qf)
