"""Facet counts and facet filters read the narrow ``facet_values`` column;
the search cache keeps counts and facets until the index changes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories

from ckanext.satudata import schema
from ckanext.satudata.search.index import PgPackageSearchIndex
from ckanext.satudata.search.model import FACET_VALUE_FIELDS, SearchDocument
from tests.conftest import act

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

MIGRATIONS = (Path(__file__).parents[2] / "ckanext" / "satudata"
              / "migration" / "satudata_search" / "versions")
FACETS = ["organization", "groups", "tags", "res_format", "license_id"]


def _migration(name: str):
    spec = importlib.util.spec_from_file_location(
        name, next(MIGRATIONS.glob(f"{name}_*.py")))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def catalogue(opd):
    group = factories.Group(name="sosial")
    a, b = opd["org_a"], opd["org_b"]
    factories.Dataset(
        owner_org=a["id"], name="faskes", title="Fasilitas Kesehatan",
        tags=[{"name": "kesehatan"}, {"name": "puskesmas"}],
        groups=[{"name": "sosial"}], license_id="cc-by",
        resources=[{"url": "http://x/a.csv", "format": "CSV"},
                   {"url": "http://x/b.csv", "format": "CSV"}])
    factories.Dataset(
        owner_org=b["id"], name="sekolah", title="Sekolah Dasar",
        tags=[{"name": "pendidikan"}], license_id="odc-by",
        resources=[{"url": "http://x/s.pdf", "format": "PDF"}])
    factories.Dataset(
        owner_org=a["id"], name="rahasia", title="Belum Terbit",
        private=True, tags=[{"name": "kesehatan"}, {"name": "rahasia"}],
        license_id="cc-by",
        resources=[{"url": "http://x/r.csv", "format": "CSV"}])
    return dict(opd, group=group)


def _indexes():
    return {i["name"] for i in sa.inspect(
        model.meta.engine).get_indexes("satudata_search_index")}


def _facets(user=None, **params):
    return act("package_search", user, rows=0, **{
        "facet.field": FACETS, **params})["facets"]


def test_every_facet_of_the_schema_is_kept_narrow():
    wanted = {f["field_name"] for f in schema.facet_fields()}
    wanted |= {"organization", "groups", "tags", "res_format", "license_id"}
    assert wanted <= FACET_VALUE_FIELDS
    # the migration filled old rows with the same fields
    assert set(_migration("d5f7a9c1e3b2").FIELDS) == FACET_VALUE_FIELDS


def test_facet_values_hold_each_value_once(catalogue):
    row = model.Session.scalars(sa.select(SearchDocument).where(
        SearchDocument.name == "faskes")).one()
    assert "res_format=CSV" in row.facet_values
    assert row.facet_values.count("res_format=CSV") == 1
    assert "tags=puskesmas" in row.facet_values
    assert "groups=sosial" in row.facet_values
    assert not any(v.startswith(("title=", "notes=", "id="))
                   for v in row.facet_values)


def test_facets_count_datasets_the_caller_may_see(catalogue):
    public = _facets()
    assert public["tags"] == {"kesehatan": 1, "puskesmas": 1,
                              "pendidikan": 1}
    assert public["res_format"] == {"CSV": 1, "PDF": 1}
    assert public["license_id"] == {"cc-by": 1, "odc-by": 1}
    assert public["groups"] == {"sosial": 1}
    assert public["organization"] == {"opd-a": 1, "opd-b": 1}

    member = _facets(catalogue["operator_a"], include_private=True)
    assert member["tags"] == {"kesehatan": 2, "puskesmas": 1,
                              "pendidikan": 1, "rahasia": 1}
    assert member["res_format"] == {"CSV": 2, "PDF": 1}
    # the other OPD's operator does not count A's private dataset
    other = _facets(catalogue["operator_b"], include_private=True)
    assert "rahasia" not in other["tags"]


def test_facet_limit_orders_by_count_then_value(catalogue):
    facets = _facets(catalogue["operator_a"], include_private=True,
                     **{"facet.limit": 2})
    assert list(facets["tags"].items()) == [("kesehatan", 2),
                                            ("pendidikan", 1)]
    none = _facets(**{"facet.mincount": 2})
    assert none["tags"] == {}


def test_facet_filters_read_the_narrow_column(catalogue):
    def found(fq, user=None, **params):
        result = act("package_search", user, fq=fq, **params)
        return sorted(r["name"] for r in result["results"])

    assert found("tags:puskesmas") == ["faskes"]
    assert found("res_format:PDF") == ["sekolah"]
    assert found("tags:kesehatan") == ["faskes"]
    assert found("tags:kesehatan", catalogue["operator_a"],
                 include_private=True) == ["faskes", "rahasia"]
    assert found("-tags:kesehatan") == ["sekolah"]
    assert found("license_id:cc-by AND res_format:CSV") == ["faskes"]
    assert found("tags:Kesehatan") == []  # exact values, as in Solr


def test_facet_values_and_revision_column_migrate_down_and_up(
        catalogue, migrate_db_for):
    """``ckan db downgrade -p satudata_search -v b2e4f6a8c0d1`` drops the
    columns (and puts the labels' GIN index back); the upgrade fills them
    again from ``fields``."""
    assert "satudata_search_index_permission_labels_gin" not in _indexes()
    model.Session.remove()
    migrate_db_for("satudata_search", "d5f7a9c1e3b2", False)
    # the labels' GIN index comes back with e7b9d1f3a5c6's downgrade
    assert "satudata_search_index_permission_labels_gin" in _indexes()
    migrate_db_for("satudata_search", "b2e4f6a8c0d1", False)
    columns = {c["name"] for c in sa.inspect(
        model.meta.engine).get_columns("satudata_search_index")}
    assert "facet_values" not in columns
    assert "revision_of" not in columns
    migrate_db_for("satudata_search")
    assert "satudata_search_index_permission_labels_gin" not in _indexes()
    model.Session.remove()
    values = model.Session.execute(sa.text(
        "select facet_values from satudata_search_index "
        "where name = 'faskes'")).scalar()
    assert "tags=puskesmas" in values
    assert _facets()["tags"]["puskesmas"] == 1


# -- the cache ------------------------------------------------------------

cache_on = pytest.mark.ckan_config(
    "ckanext.satudata.search.cache_seconds", 60)


def _kept_keys():
    return connect_to_redis().keys("satudata:search:cache:*")


@cache_on
def test_a_repeated_search_is_answered_from_the_cache(catalogue,
                                                      clean_redis):
    assert act("package_search", None)["count"] == 2
    kept = _kept_keys()
    assert len(kept) == 1  # the count (no facets asked)
    # what is kept is what is answered: change it under the cache's feet
    connect_to_redis().set(kept[0], "7")
    assert act("package_search", None)["count"] == 7
    # another search is another key
    assert act("package_search", None, q="sekolah")["count"] == 1


@cache_on
def test_the_cache_serves_the_same_search_without_sql(catalogue,
                                                      clean_redis):
    act("package_search", None, q="kesehatan", **{"facet.field": FACETS})
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    engine = model.meta.engine
    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        again = act("package_search", None, q="kesehatan",
                    **{"facet.field": FACETS})
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert again["count"] == 1
    assert again["facets"]["tags"] == {"kesehatan": 1, "puskesmas": 1}
    index_reads = [s for s in statements if "satudata_search_index" in s]
    # only the results page is read; count and facets come from Redis
    assert len(index_reads) == 1
    assert "count(" not in index_reads[0]


@cache_on
def test_an_index_change_makes_kept_counts_stale(catalogue, clean_redis):
    before = act("package_search", None, **{"facet.field": FACETS})
    assert before["count"] == 2
    factories.Dataset(owner_org=catalogue["org_b"]["id"], name="jalan",
                      tags=[{"name": "puskesmas"}])
    after = act("package_search", None, **{"facet.field": FACETS})
    assert after["count"] == 3
    assert after["facets"]["tags"]["puskesmas"] == 2
    act("package_delete", catalogue["operator_b"], id="jalan")
    assert act("package_search", None)["count"] == 2


@cache_on
def test_kept_counts_are_per_permission(catalogue, clean_redis):
    assert act("package_search", None, include_private=True)["count"] == 2
    member = act("package_search", catalogue["operator_a"],
                 include_private=True)
    assert member["count"] == 3
    assert act("package_search", catalogue["operator_b"],
               include_private=True)["count"] == 2
    assert act("package_search", None, include_private=True)["count"] == 2


@cache_on
def test_uncommitted_index_writes_bypass_the_cache(catalogue, clean_redis):
    assert act("package_search", None)["count"] == 2
    # an index write this session has not committed yet
    PgPackageSearchIndex().delete_package({"id": "sekolah"})
    assert act("package_search", None)["count"] == 1
    model.Session.rollback()
    assert act("package_search", None)["count"] == 2


@cache_on
def test_portals_sharing_redis_do_not_share_counts(catalogue, clean_redis,
                                                  monkeypatch):
    assert act("package_search", None)["count"] == 2
    connect_to_redis().set(_kept_keys()[0], "7")
    assert act("package_search", None)["count"] == 7
    from ckan.plugins import toolkit as tk
    monkeypatch.setitem(tk.config, "ckan.site_id", "portal-lain")
    assert act("package_search", None)["count"] == 2
