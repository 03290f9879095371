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
from contextvars import ContextVar
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.search.common import SearchError, SearchQueryError
from ckan.lib.search.query import VALID_SOLR_PARAMETERS, PackageSearchQuery
from sqlalchemy.dialects.postgresql import ARRAY, REGCONFIG
from sqlalchemy.sql import operators

from ckanext.satudata import config as sd_config
from ckanext.satudata.util import parse_list

from . import cache, syntax
from .model import (
    COLUMN_FIELDS,
    DATE_COLUMNS,
    FACET_SEPARATOR,
    FACET_VALUE_FIELDS,
)
from .model import SearchDocument as D
from .sql import Compiler
from .timelimit import (
    QUERY_CANCELED,
    OutOfTime,
    time_limit,
    too_long_message,
)

log = logging.getLogger(__name__)

#: parameters accepted besides CKAN's list (Solr ones we have no use for)
_IGNORED_PARAMETERS = {"q.op", "facet.sort", "hl", "debugQuery"}
DEFAULT_SORT = "score desc, metadata_modified desc"
#: ``ts_rank`` weights of the D, C, B and A parts of the vectors (see
#: ``index._text_parts``: A title and name, B description, C tags, groups,
#: organisation and vocabularies, D the rest). ``ts_rank`` scores a word
#: by its best weight plus a series of its other occurrences that adds at
#: most 0.64 of that weight (1/n**2), so however often a word is repeated
#: in a description its score stays below a single title match. Each
#: weight is below the next divided by 2 x 1.645: the two vectors are
#: summed, and a match in one only still outranks one tier down matching
#: in both. (``ts_rank_cd`` adds one score per occurrence: a description
#: repeating a word five times beat a title.)
RANK_WEIGHTS = "{0.02, 0.07, 0.25, 1.0}"
#: what the last search of this context did instead of a plain match, for
#: the ``package_search`` action (its ``satudata_fallback`` key)
LAST_FALLBACK: ContextVar[dict[str, Any] | None] = ContextVar(
    "satudata_search_fallback", default=None)
#: sort fields whose column CKAN always fills (``title_sort`` is "" for
#: a dataset without a title)
_NEVER_NULL = {"title_string", "title", "name", "id", "metadata_modified",
               "metadata_created"}


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
        "local_params": tk._(
            "Local parameters ({{!...}}) are not supported: {detail}"),
        "magic_field": tk._("The field {detail} is not supported"),
        "regex": tk._(
            "Regular expressions (/.../) are not supported; write \\/ "
            "to search for a slash: {detail}"),
        "fuzzy": tk._(
            "Fuzzy search (~) is not supported; use a wildcard such as "
            "kata*: {detail}"),
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


#: Solr query parsers whose syntax :mod:`.syntax` reads (as edismax does)
_QUERY_PARSERS = {"lucene", "standard", "dismax", "edismax"}


def _check_solr_options(query: dict[str, Any]) -> None:
    """Solr options that would change which datasets match are refused
    unless they ask for what this search does."""
    if str(query.get("q.op") or "AND").upper() != "AND":
        raise SearchQueryError(tk._(
            "Only q.op=AND is supported; join words with OR to match "
            "any of them"))
    if str(query.get("facet.sort") or "count").lower() != "count":
        raise SearchQueryError(tk._(
            "Only facet.sort=count is supported"))
    parser = query.get("defType") or "lucene"
    if str(parser).lower() not in _QUERY_PARSERS:
        raise SearchQueryError(tk._(
            "The query parser {name} is not supported: use lucene, "
            "dismax or edismax").format(name=str(parser)[:40]))


def _as_list(value: Any) -> list[str]:
    try:
        return parse_list(value)
    except ValueError:
        raise SearchQueryError(tk._("Invalid list: {value}").format(
            value=str(value)[:80])) from None


def _reversed(item: Any) -> Any:
    """An ORDER BY item (``expr ASC|DESC [NULLS FIRST|LAST]``) the other
    way round, NULLs included."""
    nulls = None
    if item.modifier in (operators.nulls_last_op, operators.nulls_first_op):
        nulls, item = item.modifier, item.element
    expr = item.element
    flipped = (expr.asc() if item.modifier == operators.desc_op
               else expr.desc())
    if nulls is operators.nulls_last_op:
        return flipped.nulls_first()
    if nulls is operators.nulls_first_op:
        return flipped.nulls_last()
    return flipped


class PgPackageSearchQuery(PackageSearchQuery):
    """CKAN's package search, answered by PostgreSQL."""

    def __init__(self) -> None:
        super().__init__()
        self.facets: dict[str, dict[str, int]] = {}
        #: the search's conditions but q's (set by ``_where``)
        self._filters: list[Any] = []

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
        LAST_FALLBACK.set(None)
        unknown = set(query) - VALID_SOLR_PARAMETERS - _IGNORED_PARAMETERS
        if unknown:
            raise SearchQueryError(
                tk._("Invalid search parameters: {names}").format(
                    names=", ".join(sorted(unknown))))

        _check_solr_options(query)
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
            with model.Session.begin_nested(), time_limit(
                    sd_config.search_timeout()):
                self.count = cache.cached(
                    ("count", where), lambda: model.Session.scalar(
                        sa.select(sa.func.count()).select_from(D)
                        .where(where)))
                score = self._rank(ranked_terms)
                similar = None if self.count else self._similar_titles(
                    query.get("q"), query.get("sort") or DEFAULT_SORT,
                    order)
                if similar is not None:
                    where, order, score = similar
                    self.count = cache.cached(
                        ("count", where), lambda: model.Session.scalar(
                            sa.select(sa.func.count()).select_from(D)
                            .where(where)))
                    if self.count:
                        LAST_FALLBACK.set({"method": "similar_titles",
                                           "query": query["q"]})
                self.results = self._results(
                    where, order, score, fl, rows, start
                ) if rows and self.count else []
                self.facets = cache.cached(
                    ("facets", where, facet_fields, facet_limit,
                     facet_mincount),
                    lambda: self._facets(where, facet_fields, facet_limit,
                                         facet_mincount)
                ) if facet_fields else {}
        except OutOfTime:
            log.warning("Search out of time: %.200r", query.get("q"))
            raise SearchQueryError(too_long_message()) from None
        except sa.exc.DBAPIError as err:
            if getattr(err.orig, "pgcode", None) == QUERY_CANCELED:
                log.warning("Search cancelled by statement_timeout: %.200r",
                            query.get("q"))
                raise SearchQueryError(too_long_message()) from None
            log.error("Search failed: %s", err)
            raise SearchError(
                tk._("The search could not be completed")) from None

        if fl in (["id"], ["name"]):
            self.results = [r.get(fl[0]) for r in self.results]
        return {"results": self.results, "count": self.count}

    def _where(self, query: dict[str, Any],
               labels: list[str] | None
               ) -> tuple[Any, list[tuple[str, bool]]]:
        compiler = Compiler(sd_config.search_text_config(),
                            dt.datetime.now(dt.timezone.utc))
        q_tree = syntax.parse(query.get("q"))
        q_compiler = Compiler(sd_config.search_text_config(), compiler.now,
                              syntax.parse_query_fields(query.get("qf")))
        conditions = [q_compiler.compile(q_tree)]

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
        # the conditions but q's, for the similar-titles fallback
        self._filters = conditions[1:]
        return sa.and_(*conditions), syntax.rank_words(q_tree)

    def _rank(self, words: list[tuple[str, bool]]) -> Any:
        """The relevance of a row to the query's words: ``ts_rank`` with
        :data:`RANK_WEIGHTS` on the stemmed and on the unstemmed vector.
        The rank query is the words OR-ed (the WHERE already demands them
        all), so each word scores by the best part it is found in, and a
        row scores the mean of its words. A prefix word (``pendidik*``)
        ranks by its stem in the stemmed vector and as a prefix in the
        unstemmed one. Two ``ts_rank`` calls a row; the query and the
        weights are constants PostgreSQL folds once per search."""
        if not words:
            return sa.literal(0.0)
        cfg = sa.cast(sa.literal(sd_config.search_text_config()), REGCONFIG)
        simple = sa.cast(sa.literal("simple"), REGCONFIG)

        def any_of(queries: list[Any]) -> Any:
            expr = queries[0]
            for other in queries[1:]:
                expr = expr.op("||")(other)
            return expr

        stemmed = any_of([sa.func.plainto_tsquery(cfg, w) for w, _ in words])
        unstemmed = any_of([
            sa.func.to_tsquery(simple, f"'{w}':*") if prefix
            else sa.func.plainto_tsquery(simple, w)
            for w, prefix in words])
        weights = sa.cast(sa.literal(RANK_WEIGHTS), ARRAY(sa.REAL))
        return (sa.func.ts_rank(weights, D.tsv_stemmed, stemmed)
                + sa.func.ts_rank(weights, D.tsv_simple, unstemmed))

    def _similar_titles(self, q: Any, sort: str, order: list[Any]
                        ) -> tuple[Any, list[Any], Any] | None:
        """The fallback of a plain free-text search (words only, see
        ``syntax.plain_words``) that matched nothing: the datasets whose
        title has a part like the query (pg_trgm's word similarity, at
        its ``pg_trgm.word_similarity_threshold``, 0.6 by default, served
        by the title's trigram index), within the same filters, state and
        permission labels as the search. Returns the WHERE, ORDER BY and
        score to use instead, or None."""
        words = syntax.plain_words(q if isinstance(q, str) else None)
        text = " ".join(words or [])
        # a long text is no misspelling, and its many trigrams would make
        # the index scan slow
        if not 3 <= len(text) <= 100:
            return None
        similarity = sa.func.word_similarity(text, D.title)
        where = sa.and_(D.title.op("%>")(text), *self._filters)
        first = syntax.parse_sort(sort)[:1]
        if first and first[0][0] == "score":
            order = [similarity.desc()] + order
        return where, order, similarity

    def _order(self, sort: str,
               terms: list[tuple[str, bool]]) -> list[Any]:
        order = []
        for field, descending in syntax.parse_sort(sort):
            if field == "score":
                if not terms:
                    continue  # no words to rank by: every score is equal
                expr = self._rank(terms)
            elif field in ("title_string", "title"):
                expr = self._unindexed(D.title_sort, terms)
            elif field in DATE_COLUMNS:
                expr = self._unindexed(DATE_COLUMNS[field], terms)
            elif field in COLUMN_FIELDS:
                expr = self._unindexed(COLUMN_FIELDS[field], terms)
            else:
                expr = D.fields[field][0].astext
            expr = expr.desc() if descending else expr.asc()
            if field in _NEVER_NULL:
                # no NULLS LAST: either direction is then a walk of the
                # column's b-tree index, one way or the other
                order.append(expr)
            else:
                order.append(expr.nulls_last())
        order.append(D.id.asc())
        return order

    @staticmethod
    def _unindexed(column: Any, terms: list[Any]) -> Any:
        """``column`` as an expression its b-tree index cannot serve when
        the search has words: PostgreSQL would otherwise walk the sort
        column's index and test every row against the words until a page
        is full (750 ms for a word of 2 % of 100,000 titles sorted by
        title), where finding the few matches by the text index and
        sorting them takes milliseconds."""
        if not terms:
            return column
        if isinstance(column.type, sa.DateTime):
            return column + sa.literal_column("interval '0'")
        return column.op("||")("")

    def _results(self, where: Any, order: list[Any], score: Any,
                 fl: list[str], rows: int, start: int) -> list[dict]:
        wanted = set(fl)
        everything = "*" in wanted
        columns = [D.id, D.name, D.title, D.doc, score.label("score")]
        if everything or "data_dict" in wanted:
            columns.append(D.data_dict)
        if everything or "validated_data_dict" in wanted:
            columns.append(D.validated_data_dict)
        backwards = self.count > 0 and start > self.count // 2
        if backwards:
            # a page in the second half: read it from the end, in the
            # reversed (still total, id breaks ties) order, so that
            # PostgreSQL skips at most half of the matches
            rows = min(rows, max(self.count - start, 0))
            stmt = (sa.select(*columns).where(where)
                    .order_by(*(_reversed(o) for o in order))
                    .limit(rows).offset(self.count - start - rows))
        else:
            stmt = (sa.select(*columns).where(where).order_by(*order)
                    .limit(rows).offset(start))
        found = list(model.Session.execute(stmt)) if rows else []
        if backwards:
            found.reverse()
        results = []
        for row in found:
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

    def _facets(self, where: Any, fields: list[str], limit: int,
                mincount: int) -> dict[str, dict[str, int]]:
        """Counts of the values of ``fields`` among the matching datasets:
        one statement for every field kept in ``facet_values``, one each
        for the others."""
        found: dict[str, dict[str, int]] = {}
        narrow = [f for f in dict.fromkeys(fields)
                  if f in FACET_VALUE_FIELDS]
        if narrow:
            found.update(self._narrow_facets(where, narrow, limit,
                                             mincount))
        for field in fields:
            if field not in found:
                found[field] = self._facet(where, field, limit, mincount)
        return found

    def _narrow_facets(self, where: Any, fields: list[str], limit: int,
                       mincount: int) -> dict[str, dict[str, int]]:
        """The facets of ``fields`` (all in ``facet_values``) in one
        statement: every entry of the matching rows counted (a set-returning
        ``unnest`` in the select list, the cheapest form), the fields not
        asked for dropped here."""
        entries = sa.select(
            sa.func.unnest(D.facet_values).label("entry")
        ).where(where).subquery()
        stmt = (sa.select(entries.c.entry, sa.func.count())
                .group_by(entries.c.entry)
                .having(sa.func.count() >= max(mincount, 1)))
        counted: dict[str, list[tuple[int, str]]] = {f: [] for f in fields}
        for text, number in model.Session.execute(stmt):
            name, _, value = text.partition(FACET_SEPARATOR)
            if name in counted:
                counted[name].append((-number, value))
        found = {}
        for name, items in counted.items():
            items.sort()
            if limit >= 0:
                items = items[:limit]
            found[name] = {value: -negative for negative, value in items}
        return found

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
