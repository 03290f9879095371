"""The words a query is ranked by, and which queries may fall back to
similar titles (pure, no database)."""

from __future__ import annotations

import pytest

from ckanext.satudata.search import syntax as s


def test_rank_words_positive_default_field_words_once():
    tree = s.parse('Pendidik* "Produk Domestik" -kota OR produk '
                   "tags:miskin NOT (desa)")
    assert s.rank_words(tree) == [
        ("pendidik", True), ("produk", False), ("domestik", False)]


def test_rank_words_are_bounded():
    tree = s.parse(" OR ".join(f"kata{i}" for i in range(100)))
    assert len(s.rank_words(tree)) == 32


@pytest.mark.parametrize("q,words", [
    ("kemiskinn", ["kemiskinn"]),
    ("pendudk  miskn", ["pendudk", "miskn"]),
    ("covid-19 jakarta", ["covid-19", "jakarta"]),
    ("kemiskinn*", None), ("title:kemiskinn", None), ("a OR b", None),
    ("a AND b", None), ("+a", None), ("-a b", None), ('"a b"', None),
    ("(a)", None), ("a && b", None), ("*:*", None), ("", None),
    (None, None), ('"unclosed', None),
])
def test_plain_words(q, words):
    assert s.plain_words(q) == words
