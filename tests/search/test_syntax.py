"""The query parser on its own (no database)."""

import datetime as dt

import pytest

from ckanext.satudata.search import datemath
from ckanext.satudata.search import syntax as s
from ckanext.satudata.search.syntax import (
    And,
    Exists,
    MatchAll,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Range,
    Term,
)


@pytest.mark.parametrize("text", [None, "", "  ", "*:*", "*", '""', "''"])
def test_match_all(text):
    assert s.parse(text) == MatchAll()


def test_words_are_joined_with_and():
    assert s.parse("jumlah penduduk") == And(
        (Term(None, "jumlah"), Term(None, "penduduk")))


def test_hyphenated_word_stays_one_word():
    assert s.parse("covid-19") == Term(None, "covid-19")


def test_fielded_terms_and_phrases():
    assert s.parse('tags:"air bersih"') == Phrase("tags", "air bersih")
    assert s.parse("organization:dinkes") == Term("organization", "dinkes")
    assert s.parse('name:"a:b"') == Phrase("name", "a:b")


def test_space_after_colon_as_lucene_allows():
    assert s.parse("tags: x") == Term("tags", "x")


def test_plus_minus_and_not():
    assert s.parse("+state:active -res_format:PDF") == And(
        (Term("state", "active"), Not(Term("res_format", "PDF"))))
    assert s.parse("NOT tags:x") == Not(Term("tags", "x"))
    assert s.parse("!tags:x") == Not(Term("tags", "x"))


def test_or_group_inside_field():
    assert s.parse("state:(active OR draft)") == Or(
        (Term("state", "active"), Term("state", "draft")))


def test_or_binds_looser_than_and():
    assert s.parse("a b OR c") == Or(
        (And((Term(None, "a"), Term(None, "b"))), Term(None, "c")))
    assert s.parse("a && b || c") == s.parse("a AND b OR c")


def test_nested_groups():
    tree = s.parse("(organization:a OR organization:b) AND -(tags:x)")
    assert tree == And((
        Or((Term("organization", "a"), Term("organization", "b"))),
        Not(Term("tags", "x"))))


def test_ranges():
    assert s.parse("metadata_modified:[2026-01-01T00:00:00Z TO *]") == Range(
        "metadata_modified", "2026-01-01T00:00:00Z", None, True, True)
    assert s.parse("num_resources:{1 TO 5]") == Range(
        "num_resources", "1", "5", False, True)
    assert s.parse('tahun:["2020" TO "2024"}') == Range(
        "tahun", "2020", "2024", True, False)


def test_wildcards_and_exists():
    assert s.parse("pend*") == Term(None, "pend*", wildcard=True)
    assert s.parse("name:jumlah-*") == Term("name", "jumlah-*", wildcard=True)
    assert s.parse("extras_kode:*") == Exists("extras_kode")


def test_colon_after_a_non_field_is_part_of_the_word():
    assert s.parse("jam 10:30") == And(
        (Term(None, "jam"), Term(None, "10:30")))
    assert s.parse("na;me:x") == Term(None, "na;me:x")


def test_escaped_characters_are_literal():
    assert s.parse(r"name:a\:b") == Term("name", "a:b")
    assert s.parse(r"title:\(x\)") == Term("title", "(x)")


def test_boosts_are_dropped_and_fuzzy_words_refused():
    assert s.parse("penduduk^2 sehat") == And(
        (Term(None, "penduduk"), Term(None, "sehat")))
    assert s.parse('"rumah sakit"^3') == Phrase(None, "rumah sakit")
    assert s.parse(r"sehat\~1") == Term(None, "sehat~1")
    with pytest.raises(s.QuerySyntaxError) as err:
        s.parse("sehat~1")
    assert err.value.code == "fuzzy"


def test_proximity_is_kept_on_the_phrase():
    assert s.parse('"sakit rumah"~2') == Phrase(None, "sakit rumah", 2)
    assert s.parse('"sakit rumah"~') == Phrase(None, "sakit rumah", 0)


def test_query_fields():
    assert s.parse_query_fields("name^4 title^4 tags^2 text") == [
        "name", "title", "tags", "text"]
    assert s.parse_query_fields("") == []
    with pytest.raises(s.QuerySyntaxError):
        s.parse_query_fields("title;drop")


def test_nul_bytes_are_dropped():
    assert s.parse("pend\x00uduk") == Term(None, "penduduk")


@pytest.mark.parametrize("text,code", [
    ('"unbalanced', "unbalanced_quote"),
    ("(a OR b", "unbalanced_paren"),
    ("a)", "unbalanced_paren"),
    ("tags:", "missing_value"),
    ("a OR", "dangling_operator"),
    ("NOT", "dangling_operator"),
    ("()", "empty_group"),
    ("x:[1 TO", "unbalanced_range"),
    ("x:[1 2]", "bad_range"),
    ("{!lucene}x", "local_params"),
    ("{!geofilt sfield=spatial pt=0,0 d=5}", "local_params"),
    ("/pusk.*/", "regex"),
    ("tags:/a/", "regex"),
    ("_query_:x", "magic_field"),
    ("-" * 500 + "a", "too_deep"),
    ("NOT " * 100 + "a", "too_deep"),
    ("*:x", "bad_field"),
])
def test_malformed_queries(text, code):
    with pytest.raises(QuerySyntaxError) as err:
        s.parse(text)
    assert err.value.code == code


def test_too_many_clauses():
    with pytest.raises(QuerySyntaxError) as err:
        s.parse(" ".join(f"w{i}" for i in range(s.MAX_CLAUSES + 1)))
    assert err.value.code == "too_many_clauses"


def test_too_deep():
    with pytest.raises(QuerySyntaxError) as err:
        s.parse("(" * 40 + "a" + ")" * 40)
    assert err.value.code == "too_deep"


NOW = dt.datetime(2026, 3, 31, 15, 45, 30, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("text,expected", [
    ("NOW", NOW),
    ("NOW/DAY", dt.datetime(2026, 3, 31, tzinfo=dt.timezone.utc)),
    ("NOW-7DAYS", NOW - dt.timedelta(days=7)),
    ("NOW-1MONTH/DAY", dt.datetime(2026, 2, 28, tzinfo=dt.timezone.utc)),
    ("NOW+1YEAR/YEAR", dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)),
    ("2026-01-01T00:00:00Z", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)),
    ("2026-01-01", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)),
    ("2026-01-01T07:00:00+07:00",
     dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)),
])
def test_dates(text, expected):
    assert datemath.parse_date(text, NOW) == expected


@pytest.mark.parametrize("text", [
    "yesterday", "NOW-DAYS", "NOW-1FORTNIGHT", "2026-13-01", "NOW-99999YEARS"])
def test_bad_dates(text):
    with pytest.raises(QuerySyntaxError):
        datemath.parse_date(text, NOW)


def test_sort():
    assert s.parse_sort("score desc, metadata_modified desc") == [
        ("score", True), ("metadata_modified", True)]
    assert s.parse_sort("title_string ASC") == [("title_string", False)]
    assert s.parse_sort("name") == [("name", False)]
    assert s.parse_sort("") == []


@pytest.mark.parametrize("text", [
    "name; drop table package", "name sideways", "name desc desc",
    "lower(name) asc"])
def test_bad_sort(text):
    with pytest.raises(QuerySyntaxError) as err:
        s.parse_sort(text)
    assert err.value.code == "bad_sort"
