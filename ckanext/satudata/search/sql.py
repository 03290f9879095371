"""Compile a parsed query (:mod:`.syntax`) into a SQLAlchemy condition on the
index table. Every value travels as a bound parameter; field names are only
ever used as JSON keys or looked up in a fixed map of columns."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import REGCONFIG

from . import datemath, syntax
from .model import (
    COLUMN_FIELDS,
    DATE_COLUMNS,
    FACET_SEPARATOR,
    FACET_VALUE_FIELDS,
)
from .model import SearchDocument as D

#: fields Solr analyses as text (word matches, not exact values)
TEXT_FIELDS = {"title", "notes", "res_name", "res_description", "author",
               "maintainer", "urls", "license_title", "organization_title"}
_NUMBER_RE = r"^-?[0-9]+(\.[0-9]+)?$"
_DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
_WORD_RE = re.compile(r"\w+", re.UNICODE)
#: letters and digits only (no ``_``, which the text parser splits on)
_PLAIN_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
#: a wildcard word whose only wildcards are ``*`` at its end
_TRAILING_STAR_RE = re.compile(r"[^*?]*\*+")


def _is_text_field(field: str) -> bool:
    return field in TEXT_FIELDS or field.startswith("extras_")


def _like_pattern(value: str) -> str:
    escaped = (value.replace("\\", "\\\\").replace("%", "\\%")
               .replace("_", "\\_"))
    return escaped.replace("*", "%").replace("?", "_")


def _is_number(value: str | None) -> bool:
    return value is None or re.match(_NUMBER_RE, value) is not None


class Compiler:
    """Turns a query tree into a WHERE condition. One per query."""

    def __init__(self, text_config: str, now: dt.datetime,
                 query_fields: list[str] | None = None) -> None:
        self.cfg = sa.cast(sa.literal(text_config), REGCONFIG)
        self.simple = sa.cast(sa.literal("simple"), REGCONFIG)
        self.now = now
        #: Solr's ``qf``: the fields a word without a field is looked for
        #: in (any of them); empty: the whole text
        self.query_fields = query_fields or []

    # -- full text ---------------------------------------------------------

    def _ts_match(self, stemmed: Any, simple: Any, value: str,
                  phrase: bool = False) -> Any:
        if not _WORD_RE.search(value):
            return sa.true()
        fn = sa.func.phraseto_tsquery if phrase else sa.func.plainto_tsquery
        return sa.or_(stemmed.op("@@")(fn(self.cfg, value)),
                      simple.op("@@")(fn(self.simple, value)))

    def _ts_prefix(self, simple: Any, value: str) -> Any:
        """A word with wildcards. Only a trailing ``*`` (``pendidik*``):
        a prefix query, served by the vector's index. ``?`` or a ``*``
        elsewhere (``pend?duk``, ``*duduk``): as in Solr, a word of the
        unstemmed vector must match the whole pattern; the part before the
        first wildcard, if any, narrows the rows through the index first.
        """
        value = value.lower()
        if not _TRAILING_STAR_RE.fullmatch(value):
            lexemes = sa.func.unnest(
                sa.func.tsvector_to_array(simple)).table_valued(
                "lexeme").render_derived()
            match = sa.select(sa.literal(1)).select_from(lexemes).where(
                lexemes.c.lexeme.like(_like_pattern(value), escape="\\")
            ).exists()
            head = re.split(r"[*?]", value)[0]
            if not _PLAIN_WORD_RE.fullmatch(head):
                return match
            return sa.and_(simple.op("@@")(sa.func.to_tsquery(
                self.simple, f"'{head}':*")), match)
        words = _WORD_RE.findall(value.split("*")[0].split("?")[0])
        if not words:
            return sa.true()
        tsquery = " & ".join(
            f"'{w.lower()}'" for w in words[:-1]) + (
            " & " if len(words) > 1 else "") + f"'{words[-1].lower()}':*"
        return simple.op("@@")(sa.func.to_tsquery(self.simple, tsquery))

    def _field_vectors(self, field: str) -> tuple[Any, Any]:
        text = sa.func.coalesce(D.fields[field].astext, "")
        return (sa.func.to_tsvector(self.cfg, text),
                sa.func.to_tsvector(self.simple, text))

    # -- values of a field ---------------------------------------------------

    @staticmethod
    def _values(field: str) -> Any:
        return sa.func.jsonb_array_elements_text(
            D.fields[field]).table_valued("value")

    def _any_value(self, field: str, condition_for: Any) -> Any:
        values = self._values(field)
        return sa.select(sa.literal(1)).select_from(values).where(
            condition_for(values.c.value)).exists()

    def _date(self, value: str) -> dt.datetime:
        return datemath.parse_date(value, self.now)

    # -- nodes ---------------------------------------------------------------

    def compile(self, node: syntax.Node) -> Any:
        if isinstance(node, syntax.MatchAll):
            return sa.true()
        if isinstance(node, syntax.Not):
            return sa.not_(self.compile(node.child))
        if isinstance(node, syntax.And):
            return sa.and_(*(self.compile(c) for c in node.children))
        if isinstance(node, syntax.Or):
            return sa.or_(*(self.compile(c) for c in node.children))
        if isinstance(node, syntax.Exists):
            return self.exists(node.field)
        if isinstance(node, syntax.Range):
            return self.range(node)
        if isinstance(node, syntax.Phrase):
            # with a proximity ("a b"~2) the words in any order and place
            return self.term(node.field, node.value,
                             phrase=not node.slop)
        if isinstance(node, syntax.Term):
            return self.term(node.field, node.value, wildcard=node.wildcard)
        raise syntax.QuerySyntaxError("unexpected", type(node).__name__)

    def exists(self, field: str) -> Any:
        if field in COLUMN_FIELDS:
            return COLUMN_FIELDS[field].isnot(None)
        if field in DATE_COLUMNS:
            return DATE_COLUMNS[field].isnot(None)
        return D.fields.has_key(field)

    def term(self, field: str | None, value: str, phrase: bool = False,
             wildcard: bool = False) -> Any:
        if field is None and self.query_fields:
            return sa.or_(*(self.term(f, value, phrase, wildcard)
                            for f in self.query_fields))
        if field in (None, "text"):
            if wildcard:
                return self._ts_prefix(D.tsv_simple, value)
            return self._ts_match(D.tsv_stemmed, D.tsv_simple, value, phrase)
        if field.endswith("_ngram"):
            base = field[: -len("_ngram")]
            column = {"name": D.name, "title": D.title}.get(base)
            pattern = "%" + _like_pattern(value) + "%"
            if column is not None:
                return column.ilike(pattern, escape="\\")
            return self._any_value(
                base, lambda v: v.ilike(pattern, escape="\\"))
        if field in DATE_COLUMNS:
            return DATE_COLUMNS[field] == self._date(value)
        if _is_text_field(field):
            stemmed, simple = self._field_vectors(field)
            if wildcard:
                return self._ts_prefix(simple, value)
            return self._ts_match(stemmed, simple, value, phrase)
        if wildcard and not phrase:
            pattern = _like_pattern(value)
            if field in COLUMN_FIELDS:
                return COLUMN_FIELDS[field].like(pattern, escape="\\")
            return self._any_value(
                field, lambda v: v.like(pattern, escape="\\"))
        if field in COLUMN_FIELDS:
            return COLUMN_FIELDS[field] == value
        if field in FACET_VALUE_FIELDS:
            return D.facet_values.contains(
                [f"{field}{FACET_SEPARATOR}{value}"])
        return D.fields.contains({field: [value]})

    def range(self, node: syntax.Range) -> Any:
        field = node.field
        if field in (None, "text"):
            raise syntax.QuerySyntaxError("range_needs_field")
        if node.low is None and node.high is None:
            return self.exists(field)  # field:[* TO *], as field:*

        def bounded(expr: Any, low: Any, high: Any) -> Any:
            parts = []
            if low is not None:
                parts.append(expr >= low if node.include_low else expr > low)
            if high is not None:
                parts.append(
                    expr <= high if node.include_high else expr < high)
            return sa.and_(*parts) if parts else expr.isnot(None)

        def date_or_none(value: str | None) -> dt.datetime | None:
            return None if value is None else self._date(value)

        if field in DATE_COLUMNS:
            return bounded(DATE_COLUMNS[field], date_or_none(node.low),
                           date_or_none(node.high))
        if field in COLUMN_FIELDS:
            return bounded(COLUMN_FIELDS[field], node.low, node.high)
        if _is_number(node.low) and _is_number(node.high):
            low = None if node.low is None else float(node.low)
            high = None if node.high is None else float(node.high)

            def numeric(v: Any) -> Any:
                number = sa.case((v.op("~")(_NUMBER_RE),
                                  sa.cast(v, sa.Numeric)), else_=None)
                return bounded(number, low, high)

            return self._any_value(field, numeric)
        if field.endswith("_date") or all(
                v is None or re.match(_DATE_RE, v) or v.upper().startswith(
                    "NOW") for v in (node.low, node.high)):
            low_d, high_d = date_or_none(node.low), date_or_none(node.high)

            def dated(v: Any) -> Any:
                stamp = sa.case((v.op("~")(_DATE_RE),
                                 sa.func.satudata_to_timestamptz(v)),
                                else_=None)
                return bounded(stamp, low_d, high_d)

            return self._any_value(field, dated)
        return self._any_value(
            field, lambda v: bounded(v, node.low, node.high))
