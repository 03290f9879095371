"""Pages in the second half of the matches are read from the end (in the
reversed order): they must be exactly the pages a forward read gives."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from tests.conftest import act

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


@pytest.fixture
def catalogue(opd):
    org = opd["org_a"]["id"]
    titles = ["Beras", "apel", "Cabai", "beras", "Daging", "Ikan", "Gula",
              None]
    for number, title in enumerate(titles):
        factories.Dataset(owner_org=org, name=f"data-{number}",
                          title=title or "",
                          notes="harga pangan" if number % 2 else "stok")
    return opd


@pytest.mark.parametrize("params", [
    {},
    {"sort": "title_string asc"},
    {"sort": "title_string desc"},
    {"sort": "metadata_modified asc"},
    {"sort": "name desc"},
    {"q": "harga OR stok"},
    {"q": "harga OR stok", "sort": "score desc, title_string asc"},
])
def test_every_page_equals_the_same_slice_of_all_matches(catalogue,
                                                         params):
    everything = act("package_search", None, rows=100, **params)
    assert everything["count"] == 8
    names = [r["name"] for r in everything["results"]]
    for rows in (1, 3):
        for start in range(0, 10):
            page = act("package_search", None, rows=rows, start=start,
                       **params)
            assert page["count"] == 8
            assert [r["name"] for r in page["results"]] == (
                names[start:start + rows]), (rows, start)
