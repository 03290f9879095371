"""Parser for the Lucene/Solr query syntax that CKAN clients send.

Pure Python, no CKAN or database imports, so it can be unit tested alone.

It turns ``q`` and ``fq`` strings such as::

    kesehatan tags:"air bersih" -res_format:PDF (organization:a OR tags:b)
    metadata_modified:[2026-01-01T00:00:00Z TO NOW/DAY]

into a small tree of nodes (:class:`Term`, :class:`Phrase`, :class:`Range`,
:class:`Exists`, :class:`MatchAll`, :class:`Not`, :class:`And`, :class:`Or`)
that :mod:`ckanext.satudata.search.sql` compiles to SQL with bound
parameters. Clauses without an explicit operator are joined with AND
(CKAN asks Solr for ``q.op=AND``). Anything the parser does not understand
raises :class:`QuerySyntaxError`; nothing is ever passed through as text.
So does Solr syntax this search cannot answer (fuzzy ``word~``, regular
expressions, local parameters ``{!...}``, magic fields): the README's
parity list says what is supported and how.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Union

#: Field names a query may name: letters, digits, ``_``, ``-`` and ``.``.
FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")

#: Solr's default ``maxBooleanClauses``; longer queries are refused.
MAX_CLAUSES = 1024
MAX_DEPTH = 32
MAX_LENGTH = 20000


class QuerySyntaxError(ValueError):
    """The query cannot be parsed. ``code`` names the problem, ``detail``
    carries the offending piece of text (for the translated message)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# --------------------------------------------------------------------------
# Tree


@dataclasses.dataclass(frozen=True)
class MatchAll:
    pass


@dataclasses.dataclass(frozen=True)
class Term:
    """One word. ``field`` None means the default (full-text) field."""

    field: str | None
    value: str
    wildcard: bool = False


@dataclasses.dataclass(frozen=True)
class Phrase:
    """Words in quotes. ``slop`` > 0 (``"a b"~2``, Solr's proximity):
    on a text field, the words in any order and at any distance."""

    field: str | None
    value: str
    slop: int = 0


@dataclasses.dataclass(frozen=True)
class Range:
    field: str | None
    low: str | None
    high: str | None
    include_low: bool = True
    include_high: bool = True


@dataclasses.dataclass(frozen=True)
class Exists:
    field: str


@dataclasses.dataclass(frozen=True)
class Not:
    child: Node


@dataclasses.dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclasses.dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Union[MatchAll, Term, Phrase, Range, Exists, Not, And, Or]


# --------------------------------------------------------------------------
# Tokens

_LPAREN, _RPAREN, _AND, _OR, _NOT, _PLUS, _MINUS = (
    "(", ")", "AND", "OR", "NOT", "+", "-")
_WORD, _PHRASE, _RANGE, _FIELD = "WORD", "PHRASE", "RANGE", "FIELD"

_WORD_STOP = set(' \t\r\n()"')


@dataclasses.dataclass
class _Token:
    kind: str
    value: str = ""
    # for words: True when the word has an unescaped * or ?
    wildcard: bool = False
    # for ranges
    low: str | None = None
    high: str | None = None
    include_low: bool = True
    include_high: bool = True
    # for phrases: the proximity of "a b"~N
    slop: int = 0


#: Solr's magic fields, which CKAN refuses too
MAGIC_FIELDS = {"_query_", "_val_"}
#: a ~proximity/fuzzy or ^boost suffix
_SUFFIX_RE = re.compile(r"([~^])([0-9.]*)")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    after_field = False
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            after_field = False
            continue
        if ch == "(":
            tokens.append(_Token(_LPAREN))
            i += 1
        elif ch == ")":
            tokens.append(_Token(_RPAREN))
            i += 1
        elif ch == '"':
            j = i + 1
            buf = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                buf.append(text[j])
                j += 1
            if j >= n:
                raise QuerySyntaxError("unbalanced_quote", text[i:i + 40])
            token = _Token(_PHRASE, "".join(buf))
            tokens.append(token)
            i = j + 1
            # a proximity (~2) is kept, a boost (^3) changes no match
            m = _SUFFIX_RE.match(text, i)
            if m:
                i = m.end()
                if m.group(1) == "~":
                    token.slop = _slop(m.group(2))
        elif text.startswith("{!", i):
            raise QuerySyntaxError("local_params", text[i:i + 40])
        elif ch == "/":
            raise QuerySyntaxError("regex", text[i:i + 40])
        elif ch in "[{":
            close = text.find("]" if ch == "[" else "}", i)
            other = text.find("}" if ch == "[" else "]", i)
            if close < 0 and other < 0:
                raise QuerySyntaxError("unbalanced_range", text[i:i + 40])
            if close < 0 or (0 <= other < close):
                close = other
            inner = text[i + 1:close].strip()
            parts = re.split(r"\s+TO\s+", inner)
            if len(parts) != 2 or not parts[0] or not parts[1]:
                raise QuerySyntaxError("bad_range", text[i:close + 1])
            low, high = (_unquote(p.strip()) for p in parts)
            tokens.append(_Token(
                _RANGE,
                low=None if low == "*" else low,
                high=None if high == "*" else high,
                include_low=ch == "[",
                include_high=text[close] == "]",
            ))
            i = close + 1
        elif ch in "+-!" and not after_field and (
                i + 1 < n and not text[i + 1].isspace()):
            tokens.append(_Token(_MINUS if ch in "-!" else _PLUS))
            i += 1
        elif text.startswith("&&", i):
            tokens.append(_Token(_AND))
            i += 2
        elif text.startswith("||", i):
            tokens.append(_Token(_OR))
            i += 2
        else:
            j = i
            buf = []
            wildcard = False
            field_end = None
            suffix = None  # where an unescaped ~ or ^ is in buf
            while j < n and text[j] not in _WORD_STOP:
                c = text[j]
                if c == "\\" and j + 1 < n:
                    buf.append(text[j + 1])
                    j += 2
                    continue
                if c in "~^":
                    suffix = len(buf)
                if c == ":" and not after_field and (
                        FIELD_RE.match("".join(buf)) or buf == ["*"]):
                    field_end = j
                    break
                if c in "*?":
                    wildcard = True
                buf.append(c)
                j += 1
            word = "".join(buf)
            if field_end is not None:
                tokens.append(_Token(_FIELD, word))
                i = field_end + 1
                after_field = True
                continue
            # a ^boost changes no match and is dropped; a ~fuzzy word
            # (edit distance) cannot be answered
            if suffix is not None and _SUFFIX_RE.fullmatch(word, suffix):
                if word[suffix] == "~":
                    raise QuerySyntaxError("fuzzy", word)
                word = word[:suffix]
            if word in ("AND", "OR", "NOT") and not after_field:
                tokens.append(_Token(word))
            elif word:
                tokens.append(_Token(_WORD, word, wildcard=wildcard))
            i = j
        after_field = False
    return tokens


def _slop(digits: str) -> int:
    """The N of ``"a b"~N`` (Solr's default 0 when there is none)."""
    try:
        return int(float(digits)) if digits else 0
    except ValueError:
        raise QuerySyntaxError("unexpected", "~" + digits) from None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value.replace("\\", "")


# --------------------------------------------------------------------------
# Parser


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.clauses = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node:
        if not self.tokens:
            return MatchAll()
        node = self.expr(None, 0)
        tok = self.peek()
        if tok is not None:
            raise QuerySyntaxError(
                "unbalanced_paren" if tok.kind == _RPAREN else "unexpected",
                tok.value or tok.kind)
        return node

    def expr(self, field: str | None, depth: int) -> Node:
        """Clauses joined by OR, each a run of clauses joined by AND.

        As in Lucene, a clause marked ``-`` (or NOT) is excluded, and one
        marked ``+`` required, whatever ORs stand around it (a ``+`` clause
        right next to an OR is only one of the alternatives, as Lucene
        reads it): CKAN builds filters by joining strings, e.g.
        ``+capacity:public organization:a OR organization:b
        +state:(active)``, where the marked clauses bind the whole filter,
        not one side of the OR.
        """
        if depth > MAX_DEPTH:
            raise QuerySyntaxError("too_deep")
        runs = [self.and_expr(field, depth)]
        while (tok := self.peek()) is not None and tok.kind == _OR:
            self.take()
            runs.append(self.and_expr(field, depth))
        if len(runs) == 1:
            return _all([node for node, _mark in runs[0]])
        last = len(runs) - 1
        bound: list[Node] = []
        options: list[list[Node]] = []
        for i, run in enumerate(runs):
            option = []
            for j, (node, mark) in enumerate(run):
                next_to_or = (j == 0 and i > 0) or (
                    j == len(run) - 1 and i < last)
                if mark == _MINUS or (mark == _PLUS and not next_to_or):
                    bound.append(node)
                else:
                    option.append(node)
            options.append(option)
        options = [o for o in options if o]
        if options:
            bound.append(_any([_all(o) for o in options]))
        return _all(bound)

    def and_expr(self, field: str | None, depth: int
                 ) -> list[tuple[Node, str | None]]:
        """A run of clauses joined by AND, each with its mark: ``-`` (for
        ``-``, ``!`` and NOT), ``+`` or None."""
        parts = [self.marked(field, depth)]
        while (tok := self.peek()) is not None and tok.kind not in (
                _OR, _RPAREN):
            if tok.kind == _AND:
                self.take()
            parts.append(self.marked(field, depth))
        return parts

    def marked(self, field: str | None, depth: int
               ) -> tuple[Node, str | None]:
        tok = self.peek()
        kind = tok.kind if tok is not None else None
        mark = {_NOT: _MINUS, _MINUS: _MINUS, _PLUS: _PLUS}.get(kind or "")
        return self.unary(field, depth), mark

    def unary(self, field: str | None, depth: int) -> Node:
        tok = self.peek()
        if tok is None:
            raise QuerySyntaxError("dangling_operator")
        if depth > MAX_DEPTH:
            raise QuerySyntaxError("too_deep")
        if tok.kind in (_NOT, _MINUS):
            self.take()
            return Not(self.unary(field, depth + 1))
        if tok.kind == _PLUS:
            self.take()
            return self.unary(field, depth + 1)
        return self.primary(field, depth)

    def primary(self, field: str | None, depth: int) -> Node:
        tok = self.take()
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QuerySyntaxError("too_many_clauses")
        if tok.kind == _LPAREN:
            if (nxt := self.peek()) is not None and nxt.kind == _RPAREN:
                raise QuerySyntaxError("empty_group")
            node = self.expr(field, depth + 1)
            closing = self.peek()
            if closing is None or closing.kind != _RPAREN:
                raise QuerySyntaxError("unbalanced_paren", "(")
            self.take()
            return node
        if tok.kind == _FIELD:
            if tok.value in MAGIC_FIELDS:
                raise QuerySyntaxError("magic_field", tok.value)
            nxt = self.peek()
            if nxt is None or nxt.kind in (_RPAREN, _OR, _AND):
                raise QuerySyntaxError("missing_value", tok.value)
            if tok.value == "*":
                value = self.take()
                if value.kind == _WORD and value.value == "*":
                    return MatchAll()
                raise QuerySyntaxError("bad_field", "*")
            if nxt.kind == _LPAREN:
                return self.primary(tok.value, depth + 1)
            if nxt.kind in (_NOT, _MINUS, _PLUS, _FIELD):
                raise QuerySyntaxError("missing_value", tok.value)
            return self.primary(tok.value, depth)
        if tok.kind == _PHRASE:
            return Phrase(field, tok.value, tok.slop)
        if tok.kind == _RANGE:
            return Range(field, tok.low, tok.high,
                         tok.include_low, tok.include_high)
        if tok.kind == _WORD:
            if tok.value == "*" :
                return MatchAll() if field is None else Exists(field)
            return Term(field, tok.value, tok.wildcard)
        if tok.kind == _RPAREN:
            raise QuerySyntaxError("unbalanced_paren", ")")
        raise QuerySyntaxError("dangling_operator", tok.kind)


def _all(nodes: list[Node]) -> Node:
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))


def _any(nodes: list[Node]) -> Node:
    return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))


def parse(text: str | None) -> Node:
    """Parse a query string. Empty, ``*``, ``*:*``, ``""`` mean match all."""
    if text is None:
        return MatchAll()
    if len(text) > MAX_LENGTH:
        raise QuerySyntaxError("too_long")
    text = text.replace("\x00", "").strip()
    if text in ("", '""', "''"):
        return MatchAll()
    return _Parser(_tokenize(text)).parse()


_RANK_WORD_RE = re.compile(r"\w+", re.UNICODE)


def rank_words(node: Node, limit: int = 32) -> list[tuple[str, bool]]:
    """The words to rank by: those of the default-field terms and phrases
    a document should match (not the negated ones), lower-cased, each once,
    with True for the stem of a prefix query (``pendidik*``). At most
    ``limit``: a query of hundreds of words is ranked by its first ones."""
    out: dict[str, bool] = {}

    def walk(n: Node, negated: bool) -> None:
        if isinstance(n, (Term, Phrase)) and n.field in (None, "text"):
            if negated:
                return
            value = n.value.lower()
            prefix = isinstance(n, Term) and n.wildcard
            if prefix:
                value = re.split(r"[*?]", value)[0]
            words = _RANK_WORD_RE.findall(value)
            for i, word in enumerate(words):
                last = i == len(words) - 1
                out[word] = out.get(word, False) or (prefix and last)
        elif isinstance(n, Not):
            walk(n.child, not negated)
        elif isinstance(n, (And, Or)):
            for child in n.children:
                walk(child, negated)

    walk(node, False)
    return list(out.items())[:limit]


def plain_words(text: str | None) -> list[str] | None:
    """The words of a query made of plain words only (no field, operator,
    sign, phrase, wildcard, range or parenthesis), else None. Only such a
    query may be answered by the similar-titles fallback."""
    if not text or len(text) > MAX_LENGTH:
        return None
    try:
        tokens = _tokenize(text.replace("\x00", "").strip())
    except QuerySyntaxError:
        return None
    if not tokens or any(t.kind != _WORD or t.wildcard for t in tokens):
        return None
    return [t.value for t in tokens]


def parse_query_fields(text: str | None) -> list[str]:
    """``"name^4 title^4 text"`` as ``["name", "title", "text"]`` (boosts
    change no match and are dropped). Raises :class:`QuerySyntaxError`."""
    fields = []
    for part in str(text or "").split():
        name = part.split("^", 1)[0]
        if not FIELD_RE.match(name) or name in MAGIC_FIELDS:
            raise QuerySyntaxError("bad_field", part)
        if name not in fields:
            fields.append(name)
    if len(fields) > 32:
        raise QuerySyntaxError("too_many_clauses")
    return fields


# --------------------------------------------------------------------------
# Sort

_SORT_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*)\s+(asc|desc)$", re.I)


def parse_sort(text: str | None) -> list[tuple[str, bool]]:
    """``"score desc, name asc"`` as ``[("score", True), ("name", False)]``
    (the flag is *descending*). Raises :class:`QuerySyntaxError`."""
    out: list[tuple[str, bool]] = []
    if not text or not text.strip():
        return out
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        m = _SORT_RE.match(part)
        if not m:
            if FIELD_RE.match(part):
                out.append((part, False))
                continue
            raise QuerySyntaxError("bad_sort", part)
        out.append((m.group(1), m.group(2).lower() == "desc"))
    if len(out) > 8:
        raise QuerySyntaxError("bad_sort", text)
    return out
