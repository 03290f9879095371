"""The one seam between CKAN's search layer and the PostgreSQL backend.

``ckan.lib.search`` looks up its index and query classes in two registries
(``_INDICES`` and ``_QUERIES``) every time it is asked for one; a few places
of CKAN (group dataset counts, tag pages) instantiate
``ckan.lib.search.PackageSearchQuery`` by name instead; and the environment
checks the Solr schema version when it loads. :func:`register` puts the
PostgreSQL classes in all those places and turns the Solr schema check off;
:func:`unregister` puts CKAN's own back, so that with the ``satudata_search``
plugin off CKAN talks to Solr exactly as it always does.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.lib.search as ckan_search

from .index import PgPackageSearchIndex
from .query import PgPackageSearchQuery

log = logging.getLogger(__name__)

_ORIGINAL: dict[str, Any] = {}


def _no_solr_schema_to_check(*args: Any, **kwargs: Any) -> bool:
    return False


def register() -> None:
    if not _ORIGINAL:
        _ORIGINAL.update(
            index=ckan_search._INDICES["package"],
            query=ckan_search._QUERIES["package"],
            check=ckan_search.check_solr_schema_version,
            index_name=ckan_search.PackageSearchIndex,
            query_name=ckan_search.PackageSearchQuery,
        )
    ckan_search._INDICES["package"] = PgPackageSearchIndex
    ckan_search._QUERIES["package"] = PgPackageSearchQuery
    ckan_search.PackageSearchIndex = PgPackageSearchIndex
    ckan_search.PackageSearchQuery = PgPackageSearchQuery
    ckan_search.check_solr_schema_version = _no_solr_schema_to_check
    log.debug("Dataset search is answered by PostgreSQL")


def unregister() -> None:
    if not _ORIGINAL:
        return
    ckan_search._INDICES["package"] = _ORIGINAL["index"]
    ckan_search._QUERIES["package"] = _ORIGINAL["query"]
    ckan_search.check_solr_schema_version = _ORIGINAL["check"]
    ckan_search.PackageSearchIndex = _ORIGINAL["index_name"]
    ckan_search.PackageSearchQuery = _ORIGINAL["query_name"]
    _ORIGINAL.clear()


def is_registered() -> bool:
    return ckan_search._QUERIES["package"] is PgPackageSearchQuery
