"""Views of the federation plugin: the Daftar Data as CSV and XLSX files
(``/satudata/daftar-data.csv``, ``/satudata/daftar-data.xlsx``, with
``organization`` and ``year``), and the guard of ckanext-dcat's endpoints
(:mod:`.guard`). They call the actions; nothing here reads the
database."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.satudata import util

from . import daftar, guard

federation = Blueprint("satudata_federation", __name__)

# bad input on ckanext-dcat's endpoints: 400, never 500
federation.before_app_request(guard.check_dcat_request)

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument."
            "spreadsheetml.sheet",
}


def _messages(err: tk.ValidationError) -> str:
    parts = []
    for name, messages in sorted((err.error_dict or {}).items()):
        if isinstance(messages, list):
            messages = "; ".join(str(m) for m in messages)
        parts.append(f"{name}: {messages}")
    return "; ".join(parts)


def daftar_data(fmt: str) -> Any:
    args = tk.request.args
    params = {key: args[key] for key in ("organization", "year")
              if args.get(key, "").strip()}
    try:
        result = tk.get_action("satudata_daftar_data_export")(
            util.user_context(), params)
    except tk.ValidationError as err:
        return tk.abort(400, _messages(err))
    body = daftar.as_csv(result) if fmt == "csv" else daftar.as_xlsx(result)
    stem = "-".join(["daftar-data", *(params[key].strip() for key in (
        "organization", "year") if key in params)])
    return Response(body, mimetype=MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{_safe(stem)}.{fmt}"'})


def _safe(stem: str) -> str:
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-"
                   for c in stem)


for _fmt in MIMETYPES:
    federation.add_url_rule(f"/satudata/daftar-data.{_fmt}",
                            f"daftar_data_{_fmt}", daftar_data,
                            defaults={"fmt": _fmt})


def get_blueprints() -> list[Blueprint]:
    return [federation]
