"""Answering CKAN's dataset searches from the PostgreSQL index.

:class:`PgPackageSearchQuery` takes the place of CKAN's Solr
``PackageSearchQuery``: it receives the same Solr-style parameter dict that
``package_search`` builds (``q``, ``fq``, ``fq_list``, ``facet.field``,
``sort``, ``rows``, ``start``, ``fl``) plus the caller's permission labels,
and returns results, count and facets the way the Solr class does.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.search.common import SearchError, SearchQueryError
from ckan.lib.search.query import VALID_SOLR_PARAMETERS, PackageSearchQuery
from sqlalchemy.dialects.postgresql import REGCONFIG

from ckanext.satudata import config as sd_config
from ckanext.satudata.util import parse_list

from . import syntax
from .model import COLUMN_FIELDS, DATE_COLUMNS
from .model import SearchDocument as D
from .sql import Compiler

log = logging.getLogger(__name__)

#: parameters accepted besides CKAN's list (Solr ones we have no use for)
_IGNORED_PARAMETERS = {"q.op", "facet.sort", "hl", "debugQuery"}
DEFAULT_SORT = "score desc, metadata_modified desc"


def syntax_message(err: syntax.QuerySyntaxError) -> str:
    """A translated sentence for a query the parser refused."""
    messages = {
        "unbalanced_quote": tk._("A quotation mark is not closed: {detail}"),
        "unbalanced_paren": tk._("A parenthesis is not matched: {detail}"),
        "unbalanced_range": tk._("A range is not closed: {detail}"),
        "bad_range": tk._(
            "A range must read [from TO to], with * for an open end: "
            "{detail}"),
        "range_needs_field": tk._("A range needs a field name, as in "
                                  "metadata_modified:[2026-01-01T00:00:00Z"
                                  " TO *]"),
        "bad_field": tk._("Not a field name: {detail}"),
        "missing_value": tk._("The field {detail} has no value"),
        "dangling_operator": tk._(
            "An operator (AND, OR, NOT, +, -) has nothing to apply to"),
        "empty_group": tk._("Empty parentheses"),
        "unexpected": tk._("Unexpected text in the query: {detail}"),
        "bad_date": tk._("Not a date: {detail}"),
        "bad_sort": tk._(
            'Sort must be a field name followed by "asc" or "desc": '
            "{detail}"),
        "too_many_clauses": tk._("The query has too many clauses"),
        "too_deep": tk._("The query is nested too deeply"),
        "too_long": tk._("The query is too long"),
    }
    template = messages.get(err.code, tk._("Invalid search query"))
    return template.format(detail=err.detail[:80])


def _int(query: dict[str, Any], key: str, default: int) -> int:
    value = query.get(key, default)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise SearchQueryError(
            tk._("{name} must be a whole number").format(name=key)) from None


def _as_list(value: Any) -> list[str]:
    try:
        return parse_list(value)
    except ValueError:
        raise SearchQueryError(tk._("Invalid list: {value}").format(
            value=str(value)[:80])) from None


class PgPackageSearchQuery(PackageSearchQuery):
    """CKAN's package search, answered by PostgreSQL."""

    def __init__(self) -> None:
        super().__init__()
        self.facets: dict[str, dict[str, int]] = {}

    # -- helpers used by CKAN ------------------------------------------------

    def get_all_entity_ids(self, max_results: int = 1000) -> list[str]:
        stmt = (sa.select(D.id).where(D.state == "active")
                .order_by(D.id).limit(max_results))
        return list(model.Session.scalars(stmt))

    def get_index(self, reference: str) -> dict[str, Any]:
        if not isinstance(reference, str):
            # e.g. the 1-tuple rows CKAN's bulk actions pass as ids: not in
            # the cache, CKAN then reads the dataset from its tables
            raise SearchError(f"Not a dataset id or name: {reference!r}")
        row = model.Session.execute(
            sa.select(D.doc, D.data_dict, D.validated_data_dict).where(
                sa.or_(D.id == reference, D.name == reference)).limit(1)
        ).first()
        if row is None:
            raise SearchError(
                f"Dataset not found in the search index: {reference}")
        result = dict(row.doc)
        result["data_dict"] = row.data_dict
        result["validated_data_dict"] = row.validated_data_dict
        return result

    # -- the search ----------------------------------------------------------

    def run(self, query: dict[str, Any],
            permission_labels: list[str] | None = None,
            **kwargs: Any) -> dict[str, Any]:
        unknown = set(query) - VALID_SOLR_PARAMETERS - _IGNORED_PARAMETERS
        if unknown:
            raise SearchQueryError(
                tk._("Invalid search parameters: {names}").format(
                    names=", ".join(sorted(unknown))))

        rows = _int(query, "rows", 10)
        start = _int(query, "start", 0)
        if rows < 0 or start < 0:
            raise SearchQueryError(
                tk._("rows and start must not be negative"))
        rows = min(rows, tk.config.get("ckan.search.rows_max") or 1000)

        try:
            where, ranked_terms = self._where(query, permission_labels)
            order = self._order(query.get("sort") or DEFAULT_SORT,
                                ranked_terms)
        except syntax.QuerySyntaxError as err:
            raise SearchQueryError(syntax_message(err)) from None

        fl = _as_list(query.get("fl")) or ["name"]
        facet_fields = []
        if str(query.get("facet", "true")).lower() == "true":
            facet_fields = _as_list(query.get("facet.field"))
        facet_limit = _int(query, "facet.limit",
                           tk.config.get("search.facets.limit"))
        facet_mincount = _int(query, "facet.mincount", 1)

        try:
            with model.Session.begin_nested():
                self.count = model.Session.scalar(
                    sa.select(sa.func.count()).select_from(D).where(where))
                self.results = self._results(
                    where, order, ranked_terms, fl, rows, start
                ) if rows and self.count else []
                self.facets = {
                    field: self._facet(where, field, facet_limit,
                                       facet_mincount)
                    for field in facet_fields
                }
        except sa.exc.DBAPIError as err:
            log.error("Search failed: %s", err)
            raise SearchError(
                tk._("The search could not be completed")) from None

        if fl in (["id"], ["name"]):
            self.results = [r.get(fl[0]) for r in self.results]
        return {"results": self.results, "count": self.count}

    def _where(self, query: dict[str, Any],
               labels: list[str] | None) -> tuple[Any, list[str]]:
        compiler = Compiler(sd_config.search_text_config(),
                            dt.datetime.now(dt.timezone.utc))
        q_tree = syntax.parse(query.get("q"))
        conditions = [compiler.compile(q_tree)]

        filters = []
        if query.get("fq"):
            filters.append(query["fq"])
        fq_list = query.get("fq_list") or []
        if isinstance(fq_list, str):
            fq_list = [fq_list]
        filters.extend(fq_list)
        for fq in filters:
            if not isinstance(fq, str):
                raise SearchQueryError(tk._("fq must be text"))
            conditions.append(compiler.compile(syntax.parse(fq)))
        if not any("+state:" in fq for fq in filters):
            conditions.append(D.state == "active")

        if labels is not None:
            conditions.append(D.permission_labels.overlap(
                sa.cast(list(labels), D.permission_labels.type)))
        return sa.and_(*conditions), syntax.positive_terms(q_tree)

    def _rank(self, terms: list[str]) -> Any:
        if not terms:
            return sa.literal(0.0)
        text = " ".join(terms)
        cfg = sa.cast(sa.literal(sd_config.search_text_config()), REGCONFIG)
        simple = sa.cast(sa.literal("simple"), REGCONFIG)
        return (sa.func.ts_rank_cd(D.tsv_stemmed,
                                   sa.func.plainto_tsquery(cfg, text))
                + sa.func.ts_rank_cd(D.tsv_simple,
                                     sa.func.plainto_tsquery(simple, text)))

    def _order(self, sort: str, terms: list[str]) -> list[Any]:
        order = []
        for field, descending in syntax.parse_sort(sort):
            if field == "score":
                if not terms:
                    continue  # no words to rank by: every score is equal
                expr = self._rank(terms)
            elif field in ("title_string", "title"):
                expr = D.title_sort
            elif field in DATE_COLUMNS:
                expr = DATE_COLUMNS[field]
            elif field in COLUMN_FIELDS:
                expr = COLUMN_FIELDS[field]
            else:
                expr = D.fields[field][0].astext
            expr = expr.desc() if descending else expr.asc()
            order.append(expr.nulls_last())
        order.append(D.id.asc())
        return order

    def _results(self, where: Any, order: list[Any], terms: list[str],
                 fl: list[str], rows: int, start: int) -> list[dict]:
        wanted = set(fl)
        everything = "*" in wanted
        columns = [D.id, D.name, D.title, D.doc,
                   self._rank(terms).label("score")]
        if everything or "data_dict" in wanted:
            columns.append(D.data_dict)
        if everything or "validated_data_dict" in wanted:
            columns.append(D.validated_data_dict)
        stmt = (sa.select(*columns).where(where).order_by(*order)
                .limit(rows).offset(start))
        results = []
        for row in model.Session.execute(stmt):
            record = row._mapping
            source = dict(record["doc"])
            for key in ("data_dict", "validated_data_dict", "score"):
                if key in record:
                    source[key] = record[key]
            source["id"], source["name"] = record["id"], record["name"]
            if everything:
                result = source
            else:
                result = {k: source[k] for k in fl if k in source}
            extras = {k[len("extras_"):]: result.pop(k)
                      for k in list(result) if k.startswith("extras_")}
            if extras:
                result["extras"] = extras
            results.append(result)
        return results

    def _facet(self, where: Any, field: str, limit: int,
               mincount: int) -> dict[str, int]:
        count = sa.func.count().label("count")
        if field in COLUMN_FIELDS:
            value = COLUMN_FIELDS[field].label("value")
            stmt = sa.select(value, count).where(
                where, COLUMN_FIELDS[field].isnot(None))
        else:
            values = sa.func.jsonb_array_elements_text(
                D.fields[field]).table_valued("value")
            value = values.c.value
            stmt = (sa.select(value, count).select_from(D)
                    .join(values, sa.true()).where(where))
        stmt = (stmt.group_by(value)
                .having(sa.func.count() >= max(mincount, 0))
                .order_by(sa.desc("count"), value))
        if limit >= 0:
            stmt = stmt.limit(limit)
        return {v: c for v, c in model.Session.execute(stmt)}
