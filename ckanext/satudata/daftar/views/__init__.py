"""Pages of the Daftar Data: the walidata's and OPDs' lists
(``/satudata/daftar``), the public release calendar (``/jadwal-rilis``)
and the monitoring (``/satudata/monitoring``). They call the actions;
nothing here reads the database. Every POST is CSRF-checked."""

from __future__ import annotations

from flask import Blueprint

from ckanext.satudata.util import check_csrf

bp = Blueprint("satudata_daftar", __name__)
bp.before_request(check_csrf)


def get_blueprints() -> list[Blueprint]:
    return [bp]
