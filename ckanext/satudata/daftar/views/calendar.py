"""The public release calendar (*jadwal rilis*) of the Daftar Data:

- ``/jadwal-rilis``: the releases due in a range (``dari``, ``sampai``,
  YYYY-MM-DD; default: the next 90 days), grouped by month, with the
  releases still overdue;
- ``/jadwal-rilis?tampilan=bulan&bulan=2026-12``: one month (default:
  this one) as a grid of weeks, each release in the cell of its due date;
- ``/jadwal-rilis.ics``: the same releases as an iCal feed (default: from
  a month ago to a year ahead), to subscribe to in a calendar app.

Every page takes the filters ``opd`` (an OPD's name), ``topik`` (a
topic's name) and ``terlambat=1`` (only the overdue releases). A bad
parameter is a 400 page that says what is wrong. The releases come from
the ``satudata_daftar_calendar`` action (who sees which entries: there).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from flask import Blueprint, make_response, request
from flask_babel import format_date

from ckanext.satudata import config as sd_config
from ckanext.satudata import util

from .. import schedule
from ..logic.calendar import flag

LIST, MONTH = "daftar", "bulan"
#: the days before and after today the iCal feed covers by default
ICAL_BEFORE, ICAL_AFTER = 31, 365
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _fail(err: tk.ValidationError) -> Any:
    names = {"start": tk._("From"), "end": tk._("To"),
             "org": tk._("OPD"), "group": tk._("Topic")}
    return tk.abort(400, " ".join(util.error_sentences(
        util.field_errors(err), names)))


def _filters() -> dict[str, Any]:
    """The action's filters from the page's parameters."""
    args = request.args
    return {"org": args.get("opd", "").strip(),
            "group": args.get("topik", "").strip(),
            "overdue_only": flag(args.get("terlambat"))}


def _link_args(filters: dict[str, Any], **more: Any) -> dict[str, Any]:
    """The parameters of a link that keeps the filters."""
    out = {"opd": filters["org"] or None, "topik": filters["group"] or None,
           "terlambat": "1" if filters["overdue_only"] else None}
    out.update(more)
    return {key: value for key, value in out.items() if value}


def _month(text: str | None, today: dt.date) -> dt.date:
    """The first day of the month ``YYYY-MM`` (default: this month)."""
    if not text:
        return today.replace(day=1)
    found = _MONTH.fullmatch(text.strip())
    try:
        if not found:
            raise ValueError(text)
        return dt.date(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:
        return tk.abort(400, tk._("Not a month: use YYYY-MM"))


def _calendar(data_dict: dict[str, Any]) -> dict[str, Any]:
    try:
        return tk.get_action("satudata_daftar_calendar")(
            util.user_context(), data_dict)
    except tk.ValidationError as err:
        return _fail(err)


def _dated(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The releases with their due date as a date and as the page's
    language writes it."""
    out = []
    for item in result["releases"]:
        due = dt.date.fromisoformat(item["due_date"])
        out.append(dict(item, due=due,
                        due_label=format_date(due, format="long")))
    return out


def _by_month(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for item in found:
        first = item["due"].replace(day=1)
        if not groups or groups[-1]["month"] != first:
            groups.append({"month": first, "key": first.strftime("%Y-%m"),
                           "label": format_date(first, format="LLLL yyyy"),
                           "releases": []})
        groups[-1]["releases"].append(item)
    return groups


def _weeks(first: dt.date, found: list[dict[str, Any]], today: dt.date
           ) -> list[list[dict[str, Any]]]:
    by_day: dict[dt.date, list[dict[str, Any]]] = {}
    for item in found:
        by_day.setdefault(item["due"], []).append(item)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(
        first.year, first.month)
    return [[{"date": day, "day": day.day, "iso": day.isoformat(),
              "in_month": day.month == first.month, "today": day == today,
              "releases": by_day.get(day, []) if day.month == first.month
              else []} for day in week] for week in weeks]


def index() -> Any:
    """The list (default) or the month (``tampilan=bulan``)."""
    view = (request.args.get("tampilan") or LIST).strip()
    if view not in (LIST, MONTH):
        return tk.abort(400, tk._("Unknown view: use daftar or bulan"))
    filters = _filters()
    today = sd_config.today()
    if view == MONTH:
        return _month_page(filters, today)
    result = _calendar(dict(filters, start=request.args.get("dari"),
                            end=request.args.get("sampai")))
    found = _dated(result)
    start = dt.date.fromisoformat(result["start"])
    return tk.render("satudata/daftar/calendar.html", {
        "result": result, "filters": filters, "view": LIST,
        "months": _by_month(found), "month": None,
        "overdue": sum(1 for item in found if item["overdue"]),
        "range_label": tk._("{start} to {end}").format(
            start=format_date(start, format="long"),
            end=format_date(dt.date.fromisoformat(result["end"]),
                            format="long")),
        "month_args": _link_args(filters, tampilan=MONTH),
        "ical_args": _link_args(filters),
        "list_args": _link_args(filters),
    })


def _month_page(filters: dict[str, Any], today: dt.date) -> Any:
    first = _month(request.args.get("bulan"), today)
    last = first.replace(day=pycalendar.monthrange(first.year,
                                                   first.month)[1])
    result = _calendar(dict(filters, start=first.isoformat(),
                            end=last.isoformat()))
    found = _dated(result)
    inside = [item for item in found if first <= item["due"] <= last]
    earlier = [item for item in found if not first <= item["due"] <= last]
    before = (first - dt.timedelta(days=1)).replace(day=1)
    after = last + dt.timedelta(days=1)
    monday = dt.date(2024, 1, 1)  # a Monday
    return tk.render("satudata/daftar/calendar_month.html", {
        "result": result, "filters": filters, "view": MONTH,
        "month": first.strftime("%Y-%m"),
        "month_label": format_date(first, format="LLLL yyyy"),
        "weekdays": [format_date(monday + dt.timedelta(days=n),
                                 format="EEE") for n in range(7)],
        "weeks": _weeks(first, inside, today),
        "count": len(inside),
        "elsewhere": earlier,
        "previous_args": _link_args(filters, tampilan=MONTH,
                                    bulan=before.strftime("%Y-%m")),
        "next_args": _link_args(filters, tampilan=MONTH,
                                bulan=after.strftime("%Y-%m")),
        "month_args": _link_args(filters, tampilan=MONTH),
        "ical_args": _link_args(filters),
        "list_args": _link_args(filters),
    })


def ical() -> Any:
    """The releases as an iCal feed (``text/calendar``)."""
    filters = _filters()
    today = sd_config.today()
    start = request.args.get("dari") or (
        today - dt.timedelta(days=ICAL_BEFORE)).isoformat()
    end = request.args.get("sampai") or (
        today + dt.timedelta(days=ICAL_AFTER)).isoformat()
    result = _calendar(dict(filters, start=start, end=end))
    site = tk.config.get("ckan.site_url").rstrip("/")
    page = site + tk.url_for("satudata_daftar.calendar")
    found = {}
    releases = []
    for item in result["releases"]:
        org = item["organization"] or {}
        entry = schedule.Entry(
            id=item["entry_id"], title=item["nama_data"],
            frequency=item["frequency"],
            organization=org.get("title") or "",
            url=f"{page}?opd={org['name']}" if org.get("name") else page)
        release = schedule.Release(
            entry, schedule.parse_period(item["period"]),
            dt.date.fromisoformat(item["due_date"]), item["overdue"])
        found[(item["entry_id"], item["period"])] = item
        releases.append(release)

    def describe(release: schedule.Release) -> str:
        item = found[(release.entry.id, str(release.period))]
        lines = [release.entry.organization]
        if item["group"]:
            lines.append(tk._("Topic: {topic}").format(
                topic=item["group"]["title"]))
        lines.append(tk._("Frequency: {frequency}").format(
            frequency=item["frequency_label"]))
        lines.append(tk._("Period: {period}").format(period=item["period"]))
        if item["delivered"]:
            lines.append(tk._("Delivered"))
        elif item["overdue"]:
            lines.append(tk._("Overdue"))
        return "\n".join(line for line in lines if line)

    text = schedule.to_ical(
        releases, name=tk._("Release calendar: {site}").format(
            site=tk.config.get("ckan.site_title")),
        domain=urlsplit(site).hostname or "satudata", describe=describe)
    response = make_response(text)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = (
        'attachment; filename="jadwal-rilis.ics"')
    return response


def register(bp: Blueprint) -> None:
    """Add this module's URL rules to the plugin's blueprint."""
    bp.add_url_rule("/jadwal-rilis", "calendar", index)
    bp.add_url_rule("/jadwal-rilis.ics", "calendar_ical", ical)
