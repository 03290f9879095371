"""The *Laporan Penyelenggaraan Satu Data* of a period: the words of the
monitoring's pages and report (:func:`labels`), its charts
(:func:`charts`) and its workbook (:func:`workbook`: sheets Ringkasan,
Per OPD, Rilis, Status Dataset, Permintaan), from what the
``satudata_daftar_monitoring`` action returns. Every text cell goes
through :func:`ckanext.satudata.spreadsheet.safe_cell` and is stored as
text: a title never runs as a formula."""

from __future__ import annotations

import io
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.spreadsheet import safe_cell
from ckanext.satudata.workflow import labels as wf_labels
from ckanext.satudata.workflow import machine

from . import charts
from .delivery import LATE, MISSING, ON_TIME, PENDING, STATUSES

#: the colour of each delivery status in the charts
COLORS = {ON_TIME: "#1b7837", LATE: "#e08214", MISSING: "#b2182b",
          PENDING: "#8c8c8c"}
SHEETS = ("Ringkasan", "Per OPD", "Rilis", "Status Dataset", "Permintaan")


def labels() -> dict[str, Any]:
    """The words of the monitoring, in the user's language."""
    _ = tk._
    return {
        "title": _("Satu Data implementation report"),
        "monitoring": _("Satu Data monitoring"),
        "statuses": {ON_TIME: _("On time"), LATE: _("Late"),
                     MISSING: _("Missing"), PENDING: _("Pending")},
        "states": wf_labels.states(_),
        "opd": _("OPD"), "entries": _("Entries agreed"),
        "due": _("Releases due"), "delivered": _("Delivered"),
        "delivery_rate": _("Delivery rate"),
        "on_time_rate": _("On-time rate"), "total": _("Total"),
        "data_name": _("Data name"), "year": _("Year"),
        "frequency": _("Update schedule"), "period": _("Period"),
        "due_date": _("Due date"), "status": _("Status"),
        "published": _("Published on"), "dataset": _("Dataset"),
        "state": _("State"), "stays": _("Stays ended"),
        "median_hours": _("Median (hours)"),
        "median_days": _("Median (days)"),
        "quarter": _("Quarter"), "start": _("Start date"),
        "end": _("End date"),
        "as_of": _("As of"), "made": _("Made on"),
        "kind": _("Kind"), "requests": _("Data requests"),
        "complaints": _("Complaints"), "received": _("Received"),
        "answered": _("Answered"),
        "within_deadline": _("Answered within the deadline"),
        "within_rate": _("Share within the deadline"),
        "qa": _("Quality assurance"),
        "qa_decisions": _("QA decisions"),
        "qa_passed": _("Passed (published)"),
        "qa_rejected": _("Rejected"), "qa_rate": _("QA pass rate"),
        "qa_score": _("Mean QA score (%)"),
        "delivery": _("Delivery of the Daftar Data"),
        "datasets": _("Datasets by workflow state"),
        "time_in_state": _("Time in each workflow state"),
        "trend": _("Releases per quarter"),
        "show_data": _("Show the numbers"),
        "no_requests": _("The data request module is not switched on."),
    }


def _series(words: dict[str, Any]) -> list[charts.Series]:
    return [charts.Series(s, words["statuses"][s], COLORS[s])
            for s in STATUSES]


def charts_of(result: dict[str, Any], words: dict[str, Any]
              ) -> dict[str, Any]:
    """The per-OPD bars and the quarterly columns, each with its table."""
    series = _series(words)
    period = result["period"]
    span = f"{period['start']} – {period['end']}"
    rows = [(row["organization"]["title"], row) for row in result["opds"]
            if row["due"]]
    header = [words["opd"]] + [s.label for s in series] + [words["due"]]
    opd_title = tk._("Releases due per OPD by status, {span}").format(
        span=span)
    opd_chart = charts.stacked_bars(
        rows, series, chart_id="satudata-chart-opd", title=opd_title,
        desc=tk._("Stacked bars, one per OPD: releases on time, late, "
                  "missing and pending, as of {as_of}.").format(
            as_of=period["as_of"]))
    opd_table = charts.data_table(opd_title, header, [
        [label] + [row[s.key] for s in series] + [row["due"]]
        for label, row in rows])
    columns = [(q["label"], q) for q in result["trend"]]
    trend_title = tk._("Releases due per quarter by status")
    trend_chart = charts.stacked_columns(
        columns, series, chart_id="satudata-chart-trend", title=trend_title,
        desc=tk._("Stacked columns, one per quarter of {years}: releases "
                  "on time, late, missing and pending, as of {as_of}.")
        .format(years=", ".join(str(y) for y in period["years"]),
                as_of=period["as_of"]))
    trend_table = charts.data_table(trend_title, [words["quarter"]] + [
        s.label for s in series] + [words["due"]], [
        [label] + [q[s.key] for s in series] + [q["due"]]
        for label, q in columns])
    return {
        "opd_svg": opd_chart, "trend_svg": trend_chart,
        "opd": charts.figure(opd_chart, opd_table, caption=opd_title,
                             show_data=words["show_data"]),
        "trend": charts.figure(trend_chart, trend_table,
                               caption=trend_title,
                               show_data=words["show_data"]),
        "has_opd_bars": bool(rows),
    }


# -- the workbook ------------------------------------------------------------

def _rows_per_opd(result: dict[str, Any], words: dict[str, Any]
                  ) -> list[list[Any]]:
    keys = ["entries", "due", *STATUSES, "delivered"]
    out = [[words["opd"], words["entries"], words["due"]]
           + [words["statuses"][s] for s in STATUSES]
           + [words["delivered"], words["delivery_rate"],
              words["on_time_rate"]]]
    for row in result["opds"]:
        out.append([row["organization"]["title"]]
                   + [row[k] for k in keys]
                   + [row["delivery_rate"], row["on_time_rate"]])
    totals = result["totals"]
    out.append([words["total"]] + [totals[k] for k in keys]
               + [totals["delivery_rate"], totals["on_time_rate"]])
    return out


def _rows_releases(result: dict[str, Any], words: dict[str, Any]
                   ) -> list[list[Any]]:
    out = [[words["opd"], words["data_name"], words["year"],
            words["frequency"], words["period"], words["due_date"],
            words["status"], words["published"], words["dataset"]]]
    for item in result["releases"]:
        out.append([item["org_title"], item["nama_data"], item["year"],
                    item["frequency"], item["period"], item["due_date"],
                    words["statuses"][item["status"]], item["delivered"],
                    item["package_name"]])
    return out


def _rows_datasets(result: dict[str, Any], words: dict[str, Any]
                   ) -> list[list[Any]]:
    states = list(machine.STATES)
    out = [[words["opd"]] + [words["states"][s] for s in states]
           + [words["total"]]]
    for row in result["opds"]:
        out.append([row["organization"]["title"]]
                   + [row["datasets"].get(s, 0) for s in states]
                   + [row["datasets"]["total"]])
    totals = result["totals"]["datasets"]
    out.append([words["total"]] + [totals.get(s, 0) for s in states]
               + [totals["total"]])
    out += [[], [words["time_in_state"]],
            [words["state"], words["stays"], words["median_hours"],
             words["median_days"]]]
    for item in result["time_in_state"]:
        out.append([words["states"].get(item["state"], item["state"]),
                    item["stays"], item["median_hours"],
                    item["median_days"]])
    return out


def _rows_requests(result: dict[str, Any], words: dict[str, Any]
                   ) -> list[list[Any]]:
    out = [[words["kind"], words["received"], words["answered"],
            words["within_deadline"], words["within_rate"]]]
    for key in ("requests", "complaints"):
        item = result[key]
        out.append([words[key], item["received"], item["answered"],
                    item["within_deadline"], item["rate"]])
    if not result["requests_available"]:
        out += [[], [words["no_requests"]]]
    return out


def _rows_summary(result: dict[str, Any], words: dict[str, Any],
                  made: str) -> list[list[Any]]:
    period, totals, qa = result["period"], result["totals"], result["qa"]
    out = [[words["title"]], [],
           [words["start"], period["start"]], [words["end"], period["end"]],
           [words["as_of"], period["as_of"]], [words["made"], made], [],
           [words["delivery"]],
           [words["entries"], totals["entries"]],
           [words["due"], totals["due"]]]
    out += [[words["statuses"][s], totals[s]] for s in STATUSES]
    out += [[words["delivery_rate"], totals["delivery_rate"]],
            [words["on_time_rate"], totals["on_time_rate"]], [],
            [words["qa"]],
            [words["qa_decisions"], qa["decisions"]],
            [words["qa_passed"], qa["passed"]],
            [words["qa_rejected"], qa["rejected"]],
            [words["qa_rate"], qa["pass_rate"]],
            [words["qa_score"], qa["mean_score"]], [],
            [words["trend"]],
            [words["quarter"], words["due"]]
            + [words["statuses"][s] for s in STATUSES]]
    out += [[q["label"], q["due"]] + [q[s] for s in STATUSES]
            for q in result["trend"]]
    return out


#: the columns of each sheet that hold a share (shown as a percentage)
_PERCENT = {"Ringkasan": {1}, "Per OPD": {8, 9}, "Permintaan": {4}}
_RATE_ROWS = ("delivery_rate", "on_time_rate", "qa_rate")


def workbook(result: dict[str, Any], *, made: str) -> bytes:
    """The report's XLSX (``made``: the day it is made, ISO)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    words = labels()
    rate_labels = {words[k] for k in _RATE_ROWS}
    book = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    sheets = {
        "Ringkasan": _rows_summary(result, words, made),
        "Per OPD": _rows_per_opd(result, words),
        "Rilis": _rows_releases(result, words),
        "Status Dataset": _rows_datasets(result, words),
        "Permintaan": _rows_requests(result, words),
    }
    for name in SHEETS:
        sheet = book.create_sheet(title=name)
        for number, values in enumerate(sheets[name]):
            cells = []
            for column, value in enumerate(values):
                cell = WriteOnlyCell(sheet, value=safe_cell(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
                elif isinstance(value, float) and column in _PERCENT.get(
                        name, ()) and (name != "Ringkasan"
                                       or values[0] in rate_labels):
                    cell.number_format = "0.0%"
                if number == 0 and name != "Ringkasan" or (
                        name == "Ringkasan" and len(values) == 1):
                    cell.font = bold
                cells.append(cell)
            sheet.append(cells)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
