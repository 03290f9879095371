"""The monitoring (walidata and pembina): the dashboard of a period
(``/satudata/monitoring``) and its report, *Laporan Penyelenggaraan Satu
Data*, printable (``/satudata/monitoring/laporan``) and as a workbook
(``/satudata/monitoring/laporan.xlsx``). A visitor is sent to log in;
anyone else gets 403; a bad period, 400 with the reason."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.satudata import config as sd_config
from ckanext.satudata import util

from .. import report

#: the query parameters of a period
PARAMS = ("start", "end", "year", "quarter")
ACTION = "satudata_daftar_monitoring"


def _params() -> dict[str, str]:
    args = tk.request.args
    return {key: (args.get(key) or "").strip()[:20] for key in PARAMS
            if (args.get(key) or "").strip()}


def _denied() -> Any:
    """None when the user may see the monitoring, else the response: to
    the login form (a visitor) or 403."""
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login",
                              came_from=tk.request.full_path.rstrip("?"))
    try:
        tk.check_access(ACTION, util.user_context(), {})
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    return None


def _years() -> list[int]:
    """The years the period form offers: those with a Daftar Data and
    this year, none in the future, newest first."""
    this_year = sd_config.today().year
    found = {item["year"] for item in tk.get_action(
        "satudata_daftar_year_list")(util.user_context(), {})}
    return sorted({y for y in found if y <= this_year} | {this_year},
                  reverse=True)


def _extra(result: dict[str, Any], words: dict[str, Any]) -> dict[str, Any]:
    return {"result": result, "labels": words,
            "charts": report.charts_of(result, words)}


def monitoring() -> Any:
    denied = _denied()
    if denied is not None:
        return denied
    params = _params()
    words = report.labels()
    data: dict[str, Any] = {"params": params, "labels": words,
                            "years": _years(), "errors": {},
                            "result": None}
    try:
        result = tk.get_action(ACTION)(util.user_context(), dict(params))
    except tk.ValidationError as err:
        data["errors"] = util.field_errors(err)
        return tk.render("satudata/daftar/monitoring.html", data), 400
    data.update(_extra(result, words))
    return tk.render("satudata/daftar/monitoring.html", data)


def _result() -> dict[str, Any]:
    """The action's result for the report's period (400 when bad)."""
    try:
        return tk.get_action(ACTION)(util.user_context(), _params())
    except tk.ValidationError as err:
        messages = [message for found in util.field_errors(err).values()
                    for message in found]
        return tk.abort(400, "; ".join(messages))


def monitoring_report() -> Any:
    denied = _denied()
    if denied is not None:
        return denied
    result = _result()
    data = _extra(result, report.labels())
    data["made"] = sd_config.today().isoformat()
    data["params"] = _params()
    return tk.render("satudata/daftar/monitoring_report.html", data)


def monitoring_xlsx() -> Any:
    denied = _denied()
    if denied is not None:
        return denied
    result = _result()
    period = result["period"]
    body = report.workbook(result, made=sd_config.today().isoformat())
    stem = f"laporan-satu-data-{period['start']}-{period['end']}"
    return Response(body, mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml."
        "sheet"), headers={
        "Content-Disposition": f'attachment; filename="{stem}.xlsx"',
        "Cache-Control": "no-store"})


def register(bp: Blueprint) -> None:
    """Add this module's URL rules to the plugin's blueprint."""
    bp.add_url_rule("/satudata/monitoring", view_func=monitoring,
                    endpoint="monitoring")
    bp.add_url_rule("/satudata/monitoring/laporan",
                    view_func=monitoring_report,
                    endpoint="monitoring_report")
    bp.add_url_rule("/satudata/monitoring/laporan.xlsx",
                    view_func=monitoring_xlsx, endpoint="monitoring_xlsx")
