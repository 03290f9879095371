"""The staff inbox of requests and complaints, and its export (walidata
only)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.pagination import Page
from flask import Response

from ckanext.satudata import config as sd_config
from ckanext.satudata import spreadsheet

from .. import machine
from ..logic import read
from . import common
from .common import JENIS, PER_PAGE, SLUG


def inbox() -> Any:
    """The cases the walidata (all) or an OPD (those assigned to it)
    handles; anyone else: 403."""
    if common.current_user() is None:
        return tk.redirect_to("user.login",
                              came_from=tk.request.full_path.rstrip("?"))
    args = tk.request.args
    jenis = args.get("jenis") or "permintaan"
    kind = JENIS.get(jenis)
    if kind is None:
        return tk.abort(400, tk._("Unknown kind"))
    page = tk.h.get_page_number(args)
    filters = {key: args.get(key, "").strip() for key in (
        "state", "organization", "q")}
    filters = {k: v for k, v in filters.items() if v}
    if filters.get("state") not in (None, *machine.STATES[kind]):
        del filters["state"]
    overdue = args.get("overdue") == "1"
    data: dict[str, Any] = dict(filters, limit=PER_PAGE,
                                offset=(page - 1) * PER_PAGE)
    if overdue:
        data["overdue"] = True
    try:
        result = tk.get_action(f"satudata_{kind}_list")(common.context(), data)
    except tk.ValidationError as err:
        return tk.abort(400, "; ".join(common.summary(common.errors_of(err))))
    if result["scope"] == "register":
        return tk.abort(403, tk._(
            "The inbox is for the walidata and the OPDs' staff"))
    params = dict(filters, jenis=jenis)
    if overdue:
        params["overdue"] = "1"

    def page_url(page: int, **_: Any) -> str:
        return tk.url_for("satudata_requests.inbox", page=page, **params)

    pager = Page(collection=result["results"], page=page,
                 presliced_list=True, url=page_url,
                 item_count=result["count"], items_per_page=PER_PAGE)
    return tk.render("satudata/requests/inbox.html", {
        "kind": kind, "jenis": jenis, "cases": result["results"],
        "count": result["count"], "page": pager, "filters": filters,
        "overdue": overdue, "scope": result["scope"],
        "states": machine.STATES[kind],
        "organizations": common.organizations()})


def export_headers() -> dict[str, str]:
    """The export's column names: the form's field names, and the case's
    own columns."""
    return dict(common.field_labels(),
                number=tk._("Number"), state=tk._("State"),
                received=tk._("Received"), due=tk._("Due"),
                closed=tk._("Closed"), title=tk._("Title"),
                organizations=tk._("OPDs"), outcome=tk._("Outcome"))


def export(fmt: str) -> Any:
    if fmt not in ("csv", "xlsx"):
        return tk.abort(404, tk._("Unknown format"))
    jenis = tk.request.args.get("jenis") or "permintaan"
    kind = JENIS.get(jenis)
    if kind is None:
        return tk.abort(400, tk._("Unknown kind"))
    try:
        tk.check_access(f"satudata_{kind}_export", common.context())
    except tk.NotAuthorized as err:
        return tk.abort(403, str(err) or tk._("Not authorized"))
    names = export_headers()
    header = [names.get(c, c) for c in read.EXPORT_COLUMNS]
    rows = read.export_rows(kind)
    stem = f"{SLUG[kind]}-{sd_config.today().isoformat()}"
    if fmt == "csv":
        body = spreadsheet.csv_bytes(header, rows)
        mimetype = "text/csv; charset=utf-8"
    else:
        body = spreadsheet.xlsx_bytes(jenis, header, rows)
        mimetype = ("application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet")
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{stem}.{fmt}"',
        "Cache-Control": "no-store"})



