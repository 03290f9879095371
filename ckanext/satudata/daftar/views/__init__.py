"""Pages of the Daftar Data: the walidata's and OPDs' lists
(``/satudata/daftar``, :mod:`.manage`), the public release calendar
(``/jadwal-rilis``, :mod:`.calendar`) and the monitoring with its report
(``/satudata/monitoring``, :mod:`.dashboard`). They call the actions;
nothing here reads the database. Every POST is CSRF-checked."""

from __future__ import annotations

from flask import Blueprint

from ckanext.satudata.util import check_csrf

from . import calendar, dashboard, manage

bp = Blueprint("satudata_daftar", __name__)
bp.before_request(check_csrf)

for _module in (calendar, dashboard, manage):
    _module.register(bp)


def get_blueprints() -> list[Blueprint]:
    return [bp]
