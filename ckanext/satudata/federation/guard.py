"""Bad input on ckanext-dcat's endpoints answered with 400, never 500.

ckanext-dcat's catalogue (``/catalog.{rdf,xml,ttl,n3,jsonld}``) reads
``page``, ``modified_since``, ``q`` and ``fq``, its DCAT-JSON interface
(``/dcat.json``) ``page`` and ``modified_since``, and a dataset
(``/dataset/<id>.<format>``) its format. Some values end in a server error
there: an unknown format, a page number too large for the search, a date
``dateutil`` cannot hold, a query the search refuses (raised past the
view), and any date with a time zone (``2026-01-01T00:00:00Z``): dcat
turns it into ``...+00:00Z``, which no search accepts. Others in a 409.

:func:`check_dcat_request`, run before every request (the federation
blueprint's ``before_app_request``), looks at those requests only
(by ``request.endpoint``) and answers a bad value with 400 and a
translated message. A date with a time zone is not refused: it is turned
into the same moment in UTC without a zone, which dcat reads as UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import ckan.plugins.toolkit as tk
from flask import request
from werkzeug.datastructures import ImmutableMultiDict

#: the catalogue, a dataset, a dataset series, the DCAT-JSON list
CATALOGUE = "dcat.read_catalog"
JSON_LIST = "dcat_json_interface.dcat_json"
DATASET = ("dcat.read_dataset", "dcat.read_dataset_series")
#: the highest page number accepted (100 million datasets at dcat's 100 a
#: page); beyond a catalogue's last page the answer is an empty page
MAX_PAGE = 1_000_000


def _bad(detail: str) -> None:
    tk.abort(400, tk._("Invalid search parameters: {names}").format(
        names=detail))


def _format() -> str | None:
    """The RDF format asked for: the URL's ``<_format>``, else (content
    negotiation) the Accept header's; None for a page of the portal."""
    from ckanext.dcat.utils import CONTENT_TYPES, check_access_header

    fmt = (request.view_args or {}).get("_format")
    if fmt is None:
        return check_access_header()
    if fmt not in CONTENT_TYPES:
        tk.abort(400, tk._("Unknown format") + f": {fmt[:20]}")
    return fmt


def _check_page(value: str | None) -> None:
    if not value:  # dcat: the first page
        return
    text = value.strip()
    if not (re.fullmatch(r"[0-9]{1,12}", text)
            and 1 <= int(text) <= MAX_PAGE):
        _bad(tk._("{name} must be a whole number from 1 to {max}").format(
            name="page", max=MAX_PAGE))


def _utc(value: str) -> str | None:
    """``modified_since`` as dcat reads it (``dateutil``), in UTC without
    a zone when it has one; None when it is no date."""
    from dateutil.parser import parse

    try:
        moment = parse(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
            return moment.isoformat()
    except (ValueError, OverflowError):
        return None
    return value


def _check_modified_since(value: str | None) -> None:
    if not value:  # dcat: no date filter
        return
    moment = _utc(value)
    if moment is None:
        _bad("modified_since: " + tk._("Not a date: {detail}").format(
            detail=value[:80]))
    elif moment != value:
        args = request.args.copy()
        args["modified_since"] = moment
        request.args = ImmutableMultiDict(args)  # type: ignore[misc]


def _check_query(name: str, value: str | None) -> None:
    """``q`` or ``fq`` as the PostgreSQL search would read them (with
    Solr, left to Solr)."""
    from ckanext.satudata import config as sd_config
    from ckanext.satudata.search import backend, syntax
    from ckanext.satudata.search.query import syntax_message
    from ckanext.satudata.search.sql import Compiler

    if not value or not backend.active():
        return
    compiler = Compiler(sd_config.search_text_config(),
                        dt.datetime.now(dt.timezone.utc))
    try:
        compiler.compile(syntax.parse(value))
    except syntax.QuerySyntaxError as err:
        _bad(f"{name}: {syntax_message(err)}")


def check_dcat_request() -> Any:
    """Refuse bad parameters of ckanext-dcat's endpoints with 400 (a
    ``before_app_request``; other requests pass untouched)."""
    endpoint = request.endpoint
    if endpoint in DATASET:
        _format()
    elif endpoint in (CATALOGUE, JSON_LIST):
        if endpoint == CATALOGUE and _format() is None:
            return None  # content negotiation: the portal's home page
        args = request.args
        _check_page(args.get("page"))
        _check_modified_since(args.get("modified_since"))
        if endpoint == CATALOGUE:
            _check_query("q", args.get("q"))
            _check_query("fq", args.get("fq"))
    return None
