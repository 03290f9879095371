"""The parity list of the README ("package_search parameters" and "query
syntax"), row by row: what each parameter and each piece of Solr syntax does
with the PostgreSQL search. A supported row finds the right datasets; a row
answered with 400 gets the API's 400 and its message."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from tests.conftest import act

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

URL = "/api/3/action/package_search"

FASKES = "fasilitas-kesehatan"
PENDUDUK = "penduduk-kecamatan"
SEKOLAH = "sekolah-dasar"
ALL = {FASKES, PENDUDUK, SEKOLAH}


@pytest.fixture
def catalogue(opd):
    a, b = opd["org_a"]["id"], opd["org_b"]["id"]
    factories.Dataset(
        owner_org=a, name=FASKES, title="Jumlah Fasilitas Kesehatan 2025",
        notes="Puskesmas dan rumah sakit per kecamatan.",
        tags=[{"name": "puskesmas"}, {"name": "rumah sakit"}],
        extras=[{"key": "tahun", "value": "2025"}],
        resources=[{"url": "http://x/faskes.csv", "format": "CSV"}])
    factories.Dataset(
        owner_org=b, name=PENDUDUK, title="Jumlah Penduduk per Kecamatan",
        notes="Penduduk menurut jenis kelamin dan umur.",
        tags=[{"name": "kependudukan"}],
        extras=[{"key": "tahun", "value": "2024"}],
        resources=[{"url": "http://x/penduduk.pdf", "format": "PDF"}])
    factories.Dataset(
        owner_org=b, name=SEKOLAH, title="Sekolah Dasar Negeri",
        notes="Data sekolah dasar dan guru.",
        tags=[{"name": "pendidikan"}])
    return opd


def names(**params):
    result = act("package_search", None, rows=100, **params)
    found = {r["name"] for r in result["results"]}
    assert result["count"] == len(found)
    return found


# -- query syntax: supported ----------------------------------------------

SUPPORTED = [
    # field:value (exact value of a string field, words of a text field)
    ("tags:puskesmas", {FASKES}),
    ('tags:"rumah sakit"', {FASKES}),
    ("title:kesehatan", {FASKES}),
    ("organization:opd-b", {PENDUDUK, SEKOLAH}),
    ("res_format:CSV", {FASKES}),
    ("text:puskesmas", {FASKES}),
    ("notes:umur", {PENDUDUK}),
    ("metadata_modified:2000-01-01T00:00:00Z", set()),
    # n-gram fields: the value anywhere in the title or name
    ("title_ngram:enduduk", {PENDUDUK}),
    ("name_ngram:kesehatan", {FASKES}),
    # bare words: every one is required (q.op=AND)
    ("jumlah kecamatan", {FASKES, PENDUDUK}),
    ("jumlah guru", set()),
    # stemming: Indonesian and unstemmed forms
    ("kependudukan", {PENDUDUK}),
    # boolean operators and their symbols
    ("jumlah AND penduduk", {PENDUDUK}),
    ("jumlah && penduduk", {PENDUDUK}),
    ("puskesmas OR guru", {FASKES, SEKOLAH}),
    ("puskesmas || guru", {FASKES, SEKOLAH}),
    ("jumlah NOT penduduk", {FASKES}),
    ("jumlah !penduduk", {FASKES}),
    ("jumlah AND NOT penduduk", {FASKES}),
    # AND binds before OR; a marked clause binds the whole query
    ("jumlah AND penduduk OR guru", {PENDUDUK, SEKOLAH}),
    ("puskesmas OR guru -dasar", {FASKES}),
    ("+jumlah -penduduk", {FASKES}),
    ("-penduduk", {FASKES, SEKOLAH}),
    # grouping, also of a field's values
    ("(puskesmas OR guru) AND dasar", {SEKOLAH}),
    ("tags:(puskesmas OR pendidikan)", {FASKES, SEKOLAH}),
    ("title:(jumlah kecamatan)", {PENDUDUK}),
    # phrases
    ('"rumah sakit"', {FASKES}),
    ('"sakit rumah"', set()),
    # proximity: the words in any order, at any distance
    ('"sakit rumah"~2', {FASKES}),
    ('"puskesmas kecamatan"~1', {FASKES}),
    # wildcards, prefix, leading and inner
    ("puskes*", {FASKES}),
    ("pusk?smas", {FASKES}),
    ("*kesmas", {FASKES}),
    ("p*mas", {FASKES}),
    ("title:pendu*", {PENDUDUK}),
    ("res_format:C*", {FASKES}),
    ("tags:rumah*", {FASKES}),
    ("name:*-kecamatan", {PENDUDUK}),
    # boosts change no match
    ("penduduk^4 jumlah", {PENDUDUK}),
    ('"rumah sakit"^2', {FASKES}),
    ("(puskesmas OR guru)^2", {FASKES, SEKOLAH}),
    # ranges: inclusive, exclusive, mixed, open
    ("tahun:[2024 TO 2025]", {FASKES, PENDUDUK}),
    ("tahun:{2024 TO 2025]", {FASKES}),
    ("tahun:[2024 TO 2025}", {PENDUDUK}),
    ("tahun:[* TO 2024]", {PENDUDUK}),
    ("tahun:[2025 TO *]", {FASKES}),
    ("name:[a TO g]", {FASKES}),
    # numbers compare as numbers (as text, "9" > "2024")
    ("tahun:[9 TO 2024]", {PENDUDUK}),
    # date math
    ("metadata_modified:[NOW-1DAY TO NOW]", ALL),
    ("metadata_created:[NOW/DAY TO *]", ALL),
    ("metadata_modified:[* TO NOW-1YEAR]", set()),
    ("metadata_modified:[2000-01-01T00:00:00Z TO NOW+1DAY]", ALL),
    ("metadata_modified:[2000-01-01T00:00:00Z+1MONTH TO *]", ALL),
    # escaping
    (r"tags:rumah\ sakit", {FASKES}),
    (r"name:fasilitas\-kesehatan", {FASKES}),
    (r'tags:"rumah\ sakit"', {FASKES}),
    # field existence
    ("tahun:*", {FASKES, PENDUDUK}),
    ("tahun:[* TO *]", {FASKES, PENDUDUK}),
    ("-tahun:*", {SEKOLAH}),
    ("tags:[* TO *]", ALL),
    # everything
    ("*:*", ALL),
    ("*", ALL),
    ("", ALL),
    ('""', ALL),
]


def test_supported_syntax(catalogue):
    # one catalogue for all the rows (a catalogue a row: minutes)
    got = {q: names(q=q) for q, _expected in SUPPORTED}
    wrong = {q: got[q] for q, expected in SUPPORTED if got[q] != expected}
    assert wrong == {}


def test_the_same_syntax_in_fq_and_fq_list(catalogue):
    assert names(fq="tags:puskesmas OR tags:pendidikan") == {
        FASKES, SEKOLAH}
    assert names(fq_list=["tahun:[2024 TO *]", "-tags:puskesmas"]) == {
        PENDUDUK}


# -- query syntax and parameters answered with 400 ----------------------------

REFUSED = [
    ({"q": "puskesmaz~"}, "Fuzzy search (~) is not supported"),
    ({"q": "puskesmaz~1"}, "Fuzzy search (~) is not supported"),
    ({"q": "/pusk.*/"}, "Regular expressions (/.../) are not supported"),
    ({"q": "{!lucene}puskesmas"}, "Local parameters ({!...})"),
    ({"fq": "{!geofilt sfield=spatial pt=-5.4,105.3 d=10}"},
     "Local parameters ({!...})"),
    ({"q": "{!func}sum(1,2)"}, "Local parameters ({!...})"),
    ({"q": "_val_:1"}, "The field _val_ is not supported"),
    ({"q": "_query_:x"}, "The field _query_ is not supported"),
    ({"q": "[2024 TO 2025]"}, "A range needs a field name"),
    ({"q": "tahun:[2024 TO]"}, "A range must read [from TO to]"),
    ({"q": "metadata_modified:[kemarin TO *]"}, "Not a date"),
    ({"q": "metadata_modified:[NOW-1FORTNIGHT TO *]"}, "Not a date"),
    ({"q": "metadata_modified:[NOW-1MILLI TO *]"}, "Not a date"),
    ({"q": "tahun:[2024 TO"}, "A range is not closed"),
    ({"q": '"rumah sakit'}, "A quotation mark is not closed"),
    ({"q": "(puskesmas"}, "A parenthesis is not matched"),
    ({"q": "tags:"}, "The field tags has no value"),
    ({"q": "puskesmas AND"}, "has nothing to apply to"),
    ({"q": "()"}, "Empty parentheses"),
    ({"q": "*:puskesmas"}, "Not a field name"),
    ({"q": "(" * 40 + "a" + ")" * 40}, "The query is nested too deeply"),
    ({"q": "a " * 1100}, "The query has too many clauses"),
    ({"q": "a" * 20001}, "The query is too long"),
    ({"q.op": "OR", "q": "puskesmas guru"}, "Only q.op=AND is supported"),
    ({"facet.sort": "index"}, "Only facet.sort=count is supported"),
    ({"defType": "func"}, "The query parser func is not supported"),
    ({"qf": "title;x"}, "Not a field name"),
    ({"sort": "geodist() asc"}, "Sort must be a field name"),
    ({"sort": "name sideways"}, "Sort must be a field name"),
    ({"rows": "-1"}, "rows"),
    ({"start": "x"}, "start"),
    ({"facet.limit": "x"}, "facet.limit"),
    ({"facet.mincount": "-1"}, "facet.mincount"),
    ({"facet.field": "not json"}, "facet.field"),
    ({"group": "true"}, "Invalid search parameters: group"),
    ({"spellcheck": "true"}, "Invalid search parameters: spellcheck"),
    ({"hl.fl": "title"}, "Invalid search parameters: hl.fl"),
    ({"facet.query": "tahun:2025"}, "Invalid search parameters: facet.query"),
    ({"cursorMark": "*"}, "Invalid search parameters: cursorMark"),
]


def test_refused_with_400_and_a_message(app, catalogue):
    wrong = []
    for params, message in REFUSED:
        response = app.get(URL, query_string=params)
        error = (response.json or {}).get("error") or {}
        if (response.status_code != 400
                or error.get("__type") != "Search Query Error"
                or message not in error.get("message", "")):
            wrong.append((params, response.status_code, error))
    assert wrong == []


# -- parameters -------------------------------------------------------------

def test_rows_start_and_sort(catalogue):
    def order(**params):
        return [r["name"] for r in act("package_search", None,
                                       **params)["results"]]

    assert order(sort="name asc") == sorted(ALL)
    assert order(sort="name desc") == sorted(ALL, reverse=True)
    assert order(sort="title_string asc") == [FASKES, PENDUDUK, SEKOLAH]
    assert order(sort="tahun desc, name asc") == [FASKES, PENDUDUK, SEKOLAH]
    assert order(sort="name asc", rows=1, start=1) == [PENDUDUK]
    assert order(q="jumlah penduduk", sort="score desc")[0] == PENDUDUK
    assert order(rows=0) == []


@pytest.mark.ckan_config("ckan.search.rows_max", "2")
def test_rows_beyond_rows_max_are_capped(catalogue):
    result = act("package_search", None, rows=50)
    assert (result["count"], len(result["results"])) == (3, 2)


def test_facets(catalogue):
    result = act("package_search", None, **{
        "facet.field": ["organization", "tags", "res_format"],
        "facet.limit": 1, "facet.mincount": 2})
    assert result["facets"]["organization"] == {"opd-b": 2}
    assert result["facets"]["tags"] == {}
    no_facets = act("package_search", None, facet="false",
                    **{"facet.field": ["organization"]})
    assert no_facets["facets"] == {}


def test_fl_and_use_default_schema(catalogue):
    result = act("package_search", None, q="puskesmas",
                 fl=["name", "title", "extras_tahun"])
    assert result["results"] == [{
        "name": FASKES, "title": "Jumlah Fasilitas Kesehatan 2025",
        "tahun": "2025"}]
    full = act("package_search", None, q="puskesmas",
               use_default_schema=True)
    assert full["results"][0]["name"] == FASKES


def test_include_private_drafts_and_deleted(catalogue):
    operator = catalogue["operator_a"]
    factories.Dataset(owner_org=catalogue["org_a"]["id"], name="privat",
                      private=True, user=operator)
    factories.Dataset(owner_org=catalogue["org_a"]["id"], name="draf",
                      state="draft", user=operator)
    assert "privat" not in names()
    found = {r["name"] for r in act(
        "package_search", operator, include_private=True,
        include_drafts=True, rows=100)["results"]}
    assert {"privat", "draf"} <= found
    assert "privat" not in {r["name"] for r in act(
        "package_search", catalogue["operator_b"], include_private=True,
        rows=100)["results"]}
    # a +state: filter replaces CKAN's active-only one
    admin = factories.Sysadmin()
    assert {r["name"] for r in act("package_search", admin,
                                   fq="+state:draft")["results"]} == {
        "draf"}


@pytest.mark.parametrize("params", [
    # accepted and ignored: they change no match
    {"defType": "edismax"}, {"defType": "dismax"}, {"defType": "lucene"},
    {"mm": "1"}, {"tie": "0.1"}, {"bf": "recip(ms(NOW,metadata_modified),"
                                        "3.16e-11,1,1)"},
    {"boost": "2"}, {"wt": "xml"}, {"df": "title"}, {"q.op": "AND"},
    {"facet.sort": "count"}, {"hl": "true"},
    {"debugQuery": "true"}, {"ext_bbox": "105,-6,106,-5"},
])
def test_accepted_and_ignored(catalogue, params):
    assert names(q="jumlah kecamatan", **params) == {FASKES, PENDUDUK}


def test_qf_names_the_fields_bare_words_are_looked_for_in(catalogue):
    assert names(q="puskesmas") == {FASKES}
    assert names(q="puskesmas", qf="title") == set()
    assert names(q="puskesmas", qf="title^4 tags^2") == {FASKES}
    assert names(q="jumlah", qf="title notes") == {FASKES, PENDUDUK}
    assert names(q="puskes*", qf="notes") == {FASKES}
    # field queries are not affected, nor fq
    assert names(q="tags:puskesmas", qf="title") == {FASKES}
    assert names(fq="puskesmas", qf="title") == {FASKES}
