"""Web routes of the ``satudata`` plugin: metadata exports as JSON files.
They call the actions; nothing here reads the database."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

satudata = Blueprint("satudata", __name__, url_prefix="/satudata")


def _json(action: str, ref: str, suffix: str) -> Response:
    try:
        result = tk.get_action(action)({}, {"id": ref})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        # as CKAN's dataset page: a dataset the visitor may not see is one
        # that does not exist
        return tk.abort(404, tk._("Dataset not found"))
    except tk.ValidationError as err:
        return Response(json.dumps({"error": err.error_dict}),
                        status=409, mimetype="application/json")
    body = json.dumps(result, ensure_ascii=False, indent=2)
    filename = f"{ref}-{suffix}.json"
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'inline; filename="{filename}"'})


@satudata.route("/indah/<ref>.json")
def indah(ref: str) -> Response:
    return _json("satudata_indah_export", ref, "indah")


@satudata.route("/daftar-data/<ref>.json")
def daftar_data(ref: str) -> Response:
    return _json("satudata_daftar_data_row", ref, "daftar-data")


def get_blueprints() -> list[Blueprint]:
    return [satudata]
