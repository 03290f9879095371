"""The walidata's monitoring of Satu Data (SOP "ekspose progress triwulan
/ tahunan"): for a period, what each OPD agreed to deliver in the Daftar
Data and how it delivered, where its datasets stand in the verification
workflow, how long datasets wait in each state, the quality assurance
and the data requests answered within their deadline; the same by
quarter. Read by the dashboard and the report (``/satudata/monitoring``).

Each figure is one query over every OPD (never one query an OPD); the
delivery statuses come from :func:`..delivery.statuses`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Iterable

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from ckanext.satudata import config as sd_config
from ckanext.satudata.workflow import machine

from .. import delivery
from ..delivery import LATE, MISSING, ON_TIME, PENDING, STATUSES
from . import entries

#: the most calendar years a period may touch
MAX_YEARS = 5
#: request kinds of the request module (``satudata_case.kind``)
CASE_KINDS = ("request", "complaint")
#: what the workflow's walidata decides after the QA checklist
QA_DECISIONS = ("publish", "reject")


@dataclasses.dataclass(frozen=True)
class Span:
    """The period asked for: ``start`` to ``end`` (inclusive), judged on
    ``as_of`` (the end, or today when the end is later)."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    year: int | None = None
    quarter: int | None = None

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "as_of": self.as_of.isoformat(), "year": self.year,
                "quarter": self.quarter, "years": self.years}


def _given(data_dict: DataDict, key: str) -> str:
    value = data_dict.get(key)
    return "" if value is None else str(value).strip()


def _date(data_dict: DataDict, key: str,
          errors: dict[str, list[str]]) -> dt.date | None:
    text = _given(data_dict, key)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[key] = [tk._("Not a date: use YYYY-MM-DD")]
        return None


def _quarter(data_dict: DataDict, errors: dict[str, list[str]]
             ) -> int | None:
    text = _given(data_dict, "quarter")
    if not text:
        return None
    if text not in ("1", "2", "3", "4"):
        errors["quarter"] = [tk._("Give a quarter from 1 to 4")]
        return None
    return int(text)


def span_of(data_dict: DataDict, today: dt.date) -> Span:
    """The period of the parameters (see :func:`daftar_monitoring`), or a
    ValidationError keyed by the parameter at fault."""
    errors: dict[str, list[str]] = {}
    start = _date(data_dict, "start", errors)
    end = _date(data_dict, "end", errors)
    year = quarter = None
    dated = bool(_given(data_dict, "start") or _given(data_dict, "end"))
    if not dated:
        quarter = _quarter(data_dict, errors)
        if _given(data_dict, "year"):
            try:
                year = entries.year_of(data_dict.get("year"))
            except tk.ValidationError as error:
                errors.update(error.error_dict)
        elif quarter is not None:
            errors["year"] = [tk._("Give the year of the quarter")]
        else:
            year = today.year
    if errors:
        raise tk.ValidationError(errors)
    if year is not None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if quarter is not None:
            start = dt.date(year, 3 * quarter - 2, 1)
            end = (dt.date(year + (quarter == 4), 3 * quarter % 12 + 1, 1)
                   - dt.timedelta(days=1))
    else:
        end = end or today
        start = start or dt.date(end.year, 1, 1)
    # the parameter the user chose is the one to correct
    key_start = "start" if dated else ("quarter" if quarter else "year")
    if start.year < entries.FIRST_YEAR:
        raise tk.ValidationError({key_start: [tk._(
            "Give a date in {first} or later").format(
            first=entries.FIRST_YEAR)]})
    if start > today:
        raise tk.ValidationError({key_start: [tk._(
            "The period starts in the future (today is {today})").format(
            today=today.isoformat())]})
    if end < start:
        raise tk.ValidationError({"end": [tk._(
            "The end comes before the start")]})
    if end.year - start.year >= MAX_YEARS:
        raise tk.ValidationError({"end": [tk._(
            "A period spans at most {count} calendar years").format(
            count=MAX_YEARS)]})
    return Span(start, end, min(end, today), year, quarter)


# -- delivery of the Daftar Data --------------------------------------------

def _as_of(found: delivery.Status, as_of: dt.date) -> delivery.Status:
    """The status as it stood on ``as_of``: a dataset published later
    does not count yet."""
    if found.delivered is None or found.delivered <= as_of:
        return found
    status = MISSING if as_of > found.due_date else PENDING
    return dataclasses.replace(found, status=status, delivered=None,
                               package_id=None)


def release_statuses(span: Span) -> tuple[list[Any], list[Any]]:
    """The active entries of the years the span touches, and the status
    on ``as_of`` of every release due in those whole years (the quarters
    of the trend). Releases of the year before fall due in January: its
    entries are read too."""
    margin = dt.timedelta(days=2 * max(sd_config.daftar_lag_days(), 0) + 31)
    first = dt.date(span.start.year, 1, 1)
    last = dt.date(span.end.year, 12, 31)
    years = range((first - margin).year, span.end.year + 1)
    found = delivery.active_entries(years=years)
    statuses = delivery.statuses(found, first, last, today=span.as_of)
    agreed = [e for e in found if span.start.year <= e.year]
    return agreed, [_as_of(s, span.as_of) for s in statuses]


def _rates(row: dict[str, Any]) -> dict[str, Any]:
    delivered = row[ON_TIME] + row[LATE]
    judged = delivered + row[MISSING]
    row["delivered"] = delivered
    row["delivery_rate"] = round(delivered / judged, 3) if judged else None
    row["on_time_rate"] = round(row[ON_TIME] / judged, 3) if judged else (
        None)
    return row


def _blank() -> dict[str, Any]:
    row: dict[str, Any] = {"entries": 0, "due": 0}
    row.update({status: 0 for status in STATUSES})
    row["datasets"] = dict.fromkeys(machine.STATES, 0)
    return row


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def trend(span: Span, statuses: Iterable[delivery.Status]
          ) -> list[dict[str, Any]]:
    """Releases due per quarter of the span's years, by status."""
    quarters = {(year, q): dict({"year": year, "quarter": q,
                                 "label": f"{year}-TW{q}", "due": 0},
                                **dict.fromkeys(STATUSES, 0))
                for year in span.years for q in (1, 2, 3, 4)}
    for found in statuses:
        bucket = quarters.get(_quarter_of(found.due_date))
        if bucket is not None:
            bucket["due"] += 1
            bucket[found.status] += 1
    return [quarters[key] for key in sorted(quarters)]


# -- the other figures: one query each -------------------------------------

def _exists(table: str) -> bool:
    return bool(model.Session.execute(sa.text(
        "SELECT to_regclass(:t)"), {"t": table}).scalar())


def dataset_states(workflow: bool) -> list[tuple[str, str, int]]:
    """(OPD id, workflow state, datasets) now. Datasets without a state
    row count as published when public, as drafts when private; the
    staged copies of revisions are not counted (their dataset is)."""
    kinds = list(machine.DATASET_TYPES)
    if not workflow:
        return [tuple(r) for r in model.Session.execute(sa.text("""
            SELECT owner_org,
                   CASE WHEN private THEN 'draft' ELSE 'published' END,
                   count(*)
              FROM package
             WHERE state = 'active' AND owner_org IS NOT NULL
               AND coalesce(type, 'dataset') = ANY(:kinds)
             GROUP BY 1, 2"""), {"kinds": kinds})]
    return [tuple(r) for r in model.Session.execute(sa.text("""
        SELECT p.owner_org,
               coalesce(w.state, CASE WHEN p.private THEN 'draft'
                                      ELSE 'published' END),
               count(*)
          FROM package p
          LEFT JOIN satudata_workflow_state w ON w.package_id = p.id
         WHERE p.state = 'active' AND p.owner_org IS NOT NULL
           AND coalesce(p.type, 'dataset') = ANY(:kinds)
           AND NOT EXISTS (SELECT 1 FROM satudata_change_request c
                            WHERE c.revision_package_id = p.id)
         GROUP BY 1, 2"""), {"kinds": kinds})]


def time_in_state(low: dt.datetime, high: dt.datetime
                  ) -> list[dict[str, Any]]:
    """Per state, the stays that ended in [low, high) and their median
    length. A stay runs from the event that brought a dataset to a state
    to its next change of state (edits that keep the state do not end
    it)."""
    rows = model.Session.execute(sa.text("""
        WITH moves AS (
          SELECT e.to_state, e.created,
                 lead(e.created) OVER (PARTITION BY e.package_id
                                       ORDER BY e.created, e.id) AS left_at
            FROM satudata_workflow_event e
           WHERE e.from_state IS DISTINCT FROM e.to_state
             AND e.package_id IN (
                   SELECT package_id FROM satudata_workflow_event
                    WHERE created >= :low AND created < :high))
        SELECT to_state, count(*),
               percentile_cont(0.5) WITHIN GROUP (
                 ORDER BY extract(epoch FROM left_at - created))
          FROM moves
         WHERE left_at >= :low AND left_at < :high
         GROUP BY to_state"""), {"low": low, "high": high}).all()
    found = {row[0]: row for row in rows}
    out = []
    for state in machine.STATES:
        if state in found:
            hours = float(found[state][2]) / 3600
            out.append({"state": state, "stays": found[state][1],
                        "median_hours": round(hours, 1),
                        "median_days": round(hours / 24, 2)})
    return out


def quality(low: dt.datetime, high: dt.datetime) -> dict[str, Any]:
    """The walidata's QA decisions in [low, high): published (every item
    passed or not applicable) or rejected (an item failed)."""
    row = model.Session.execute(sa.text("""
        SELECT count(*) FILTER (WHERE transition = 'publish'),
               count(*) FILTER (WHERE transition = 'reject'),
               avg(qa_score)
          FROM satudata_workflow_event
         WHERE transition = ANY(:decisions)
           AND created >= :low AND created < :high"""),
        {"decisions": list(QA_DECISIONS), "low": low, "high": high}).one()
    passed, rejected = int(row[0]), int(row[1])
    decisions = passed + rejected
    return {"decisions": decisions, "passed": passed, "rejected": rejected,
            "pass_rate": round(passed / decisions, 3) if decisions else None,
            "mean_score": round(float(row[2]), 1)
            if row[2] is not None else None}


def _blank_cases() -> dict[str, Any]:
    return {"received": 0, "answered": 0, "within_deadline": 0,
            "rate": None}


def cases(low: dt.datetime, high: dt.datetime) -> dict[str, Any]:
    """Per kind: cases received in [low, high), answered (closed) in it,
    and those answered on or before their deadline (local day)."""
    out: dict[str, Any] = {kind: _blank_cases() for kind in CASE_KINDS}
    out["available"] = p.plugin_loaded("satudata_requests") and _exists(
        "satudata_case")
    if not out["available"]:
        return out
    rows = model.Session.execute(sa.text("""
        SELECT kind,
               count(*) FILTER (WHERE received >= :low AND received < :high),
               count(*) FILTER (WHERE closed >= :low AND closed < :high),
               count(*) FILTER (WHERE closed >= :low AND closed < :high
                                  AND (closed AT TIME ZONE :tz)::date <= due)
          FROM satudata_case
         WHERE (received >= :low AND received < :high)
            OR (closed >= :low AND closed < :high)
         GROUP BY kind"""), {"low": low, "high": high,
                             "tz": str(sd_config.timezone())}).all()
    for kind, received, answered, within in rows:
        if kind in out:
            out[kind] = {
                "received": received, "answered": answered,
                "within_deadline": within,
                "rate": round(within / answered, 3) if answered else None}
    return out


def _organizations(ids: Iterable[str]) -> dict[str, dict[str, str]]:
    ids = list(set(ids))
    if not ids:
        return {}
    group = model.group_table
    return {r.id: {"id": r.id, "name": r.name, "title": r.title or r.name}
            for r in model.Session.execute(sa.select(
                group.c.id, group.c.name, group.c.title).where(
                group.c.id.in_(ids)))}


def _package_names(ids: Iterable[str]) -> dict[str, str]:
    ids = list({i for i in ids if i})
    if not ids:
        return {}
    pkg = model.package_table
    return dict(model.Session.execute(sa.select(pkg.c.id, pkg.c.name).where(
        pkg.c.id.in_(ids))).all())


def _release(found: delivery.Status, orgs: dict[str, dict[str, str]],
             names: dict[str, str]) -> dict[str, Any]:
    entry = found.entry
    org = orgs.get(entry.org_id) or {"name": entry.org_id,
                                     "title": entry.org_id}
    return {
        "entry_id": entry.id, "nama_data": entry.nama_data,
        "year": entry.year, "frequency": entry.jadwal_pemutakhiran,
        "org_id": entry.org_id, "org_name": org["name"],
        "org_title": org["title"], "period": str(found.period),
        "due_date": found.due_date.isoformat(), "status": found.status,
        "delivered": found.delivered.isoformat()
        if found.delivered else None,
        "package_id": found.package_id,
        "package_name": names.get(found.package_id or ""),
    }


# -- the action -------------------------------------------------------------

@tk.side_effect_free
def daftar_monitoring(context: Context, data_dict: DataDict
                      ) -> dict[str, Any]:
    """The monitoring of a period (walidata and pembina).

    :param start, end: the period (YYYY-MM-DD, inclusive; a missing end is
        today, a missing start the first of January of the end's year);
        they win over ``year``
    :param year: the period is this year (default: the current year)
    :param quarter: 1-4: only this quarter of ``year``

    A period may not start in the future nor touch more than five
    calendar years. It is judged on ``period.as_of``: its end, or today
    when it ends later; what happened after ``as_of`` does not count.

    Returns ``period`` (start, end, as_of, year, quarter, years);
    ``opds`` (by title) and ``totals``, each with:

    - ``entries``: active Daftar Data entries of the years the period
      touches;
    - ``due``: their releases due in the period (a release of an entry of
      the year before due in January counts), and of these ``on_time``
      (a dataset for its period first published on or before the due
      date), ``late`` (after it), ``missing`` (none published and the due
      date passed) and ``pending`` (none yet, not yet due), as of
      ``as_of``; ``delivered`` (on time + late), ``delivery_rate``
      (delivered / (delivered + missing)) and ``on_time_rate`` (on time /
      (delivered + missing)), None when nothing was due yet;
    - ``datasets``: the OPD's datasets by workflow state now (without a
      state row: published when public, draft when private; the staged
      copies of revisions not counted) and ``total``.

    ``releases``: every release due in the period with its status.
    ``time_in_state``: per workflow state, the stays that ended in the
    period (the next change of state: an edit that keeps the state does
    not end one) and their median length in hours and days.
    ``qa``: the walidata's QA decisions in the period, the final step of
    the checklist: ``passed`` (published: every item passed or not
    applicable), ``rejected`` (returned to the operator with failed
    items); ``pass_rate`` = passed / decisions; ``mean_score`` the mean
    share of applicable items passed (percent) of those decisions.
    ``requests`` and ``complaints`` (each ``received`` in the period,
    ``answered`` in it, ``within_deadline``: answered on or before the
    deadline, local day; ``rate`` = within / answered);
    ``requests_available`` is false (and those zeros) when the request
    module is off.
    ``trend``: per quarter of the period's years, the releases due in it
    by status (as of ``as_of``).
    """
    tk.check_access("satudata_daftar_monitoring", context, data_dict)
    span = span_of(data_dict, sd_config.today())
    agreed, statuses = release_statuses(span)
    in_span = [s for s in statuses if span.start <= s.due_date <= span.end]
    workflow = _exists("satudata_workflow_state")
    states = dataset_states(workflow)
    rows: dict[str, dict[str, Any]] = {}
    for entry in agreed:
        rows.setdefault(entry.org_id, _blank())["entries"] += 1
    for found in in_span:
        row = rows.setdefault(found.entry.org_id, _blank())
        row["due"] += 1
        row[found.status] += 1
    for org_id, state, count in states:
        row = rows.setdefault(org_id, _blank())
        row["datasets"][state] = row["datasets"].get(state, 0) + count
    orgs = _organizations(rows)
    totals = _blank()
    opds = []
    for org_id, row in rows.items():
        if org_id not in orgs:
            continue  # a purged organisation
        for key, value in row.items():
            if key == "datasets":
                for state, count in value.items():
                    totals[key][state] = totals[key].get(state, 0) + count
            else:
                totals[key] += value
        row["datasets"]["total"] = sum(row["datasets"].values())
        opds.append(dict(_rates(row), organization=orgs[org_id]))
    totals["datasets"]["total"] = sum(totals["datasets"].values())
    opds.sort(key=lambda r: (r["organization"]["title"].lower(),
                             r["organization"]["name"]))
    tz = sd_config.timezone()
    low = dt.datetime.combine(span.start, dt.time(), tz)
    high = dt.datetime.combine(span.as_of + dt.timedelta(days=1),
                               dt.time(), tz)
    names = _package_names(s.package_id for s in in_span)
    found_cases = cases(low, high)
    return {
        "period": span.as_dict(),
        "opds": opds,
        "totals": _rates(totals),
        "releases": [_release(s, orgs, names) for s in in_span],
        "time_in_state": time_in_state(low, high) if workflow else [],
        "qa": quality(low, high) if workflow else quality_none(),
        "requests": found_cases["request"],
        "complaints": found_cases["complaint"],
        "requests_available": found_cases["available"],
        "trend": trend(span, statuses),
    }


def quality_none() -> dict[str, Any]:
    return {"decisions": 0, "passed": 0, "rejected": 0, "pass_rate": None,
            "mean_score": None}


def get_actions() -> dict[str, Any]:
    return {"satudata_daftar_monitoring": daftar_monitoring}
