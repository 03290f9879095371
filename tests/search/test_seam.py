"""The search seam: on with the plugin, off without it."""

import ckan.lib.search as ckan_search
import ckan.model as model
import pytest
from ckan.lib.search.query import PackageSearchQuery as SolrQuery

from ckanext.satudata.search.query import PgPackageSearchQuery


@pytest.mark.usefixtures("with_plugins")
def test_backend_registered_while_plugin_loaded():
    assert type(ckan_search.query_for(model.Package)) is PgPackageSearchQuery
    assert type(ckan_search.PackageSearchQuery()) is PgPackageSearchQuery


@pytest.mark.ckan_config("ckan.plugins", "satudata")
@pytest.mark.usefixtures("with_plugins")
def test_solr_classes_are_back_without_the_plugin():
    assert type(ckan_search.query_for(model.Package)) is SolrQuery
    assert type(ckan_search.PackageSearchQuery()) is SolrQuery
