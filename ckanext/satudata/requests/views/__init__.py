"""Pages of data requests (``/permintaan-data``) and complaints
(``/pengaduan``): the public register, the forms (with the e-mail
confirmation of visitors without an account), tracking by number and
e-mail, the case page with the forms of its steps, and the staff inbox
with its export (``/satudata/layanan``). They call the actions; nothing
here reads the database.

A requester without an account is known by the number and the e-mail
address they gave: once they prove the pair (tracking, or filing), it is
kept in the Flask session (``satudata_tracked``: number -> e-mail) and
passed as ``email`` to the actions of their case."""

from __future__ import annotations

from flask import Blueprint

from ckanext.satudata.util import check_csrf

from .cases import email_link, new, read_case, register, take_step, track
from .common import SLUG
from .staff import export, inbox

bp = Blueprint("satudata_requests", __name__)


# every POST is checked, visitors' too (see util.check_csrf)
bp.before_request(check_csrf)


for _kind, _slug in SLUG.items():
    _base = f"/{_slug}"
    _args = {"defaults": {"kind": _kind}}
    bp.add_url_rule(_base, f"{_kind}_register", register, **_args)
    bp.add_url_rule(f"{_base}/baru", f"{_kind}_new", new,
                    methods=["GET", "POST"], **_args)
    bp.add_url_rule(f"{_base}/verifikasi-email", f"{_kind}_email_link",
                    email_link, methods=["GET", "POST"], **_args)
    bp.add_url_rule(f"{_base}/lacak", f"{_kind}_track", track,
                    methods=["GET", "POST"], **_args)
    bp.add_url_rule(f"{_base}/<number>", f"{_kind}_read", read_case,
                    **_args)
    bp.add_url_rule(f"{_base}/<number>/<name>", f"{_kind}_step",
                    take_step, methods=["POST"], **_args)
bp.add_url_rule("/satudata/layanan", "inbox", inbox)
bp.add_url_rule("/satudata/layanan/ekspor.<fmt>", "export", export)


def get_blueprints() -> list[Blueprint]:
    return [bp]
