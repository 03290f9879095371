"""The one seam between CKAN's search layer and the PostgreSQL backend.

``ckan.lib.search`` finds its dataset index and query classes in two
registries (``_INDICES``, ``_QUERIES``) each time it is asked for one; a few
places of CKAN (group dataset counts, tag pages) call
``ckan.lib.search.PackageSearchQuery()`` by name instead; and the
environment checks the Solr schema version when it loads.

:func:`register` puts a small dispatcher in each of those places. At every
call it asks whether the ``satudata_search`` plugin is loaded: if it is, the
PostgreSQL class answers and the Solr schema check is skipped; if it is not
(never enabled, or unloaded again as the test suite does), CKAN's own Solr
classes answer exactly as before.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

import ckan.lib.search as ckan_search
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import cache
from .index import PgPackageSearchIndex
from .query import PgPackageSearchQuery

log = logging.getLogger(__name__)

PLUGIN = "satudata_search"
_SOLR: dict[str, Any] = {}


def active() -> bool:
    return p.plugin_loaded(PLUGIN)


def _dispatch(ours: type, solr: type) -> Callable[[], Any]:
    def make(*args: Any, **kwargs: Any) -> Any:
        return (ours if active() else solr)(*args, **kwargs)
    make.__doc__ = f"{ours.__name__} with {PLUGIN} on, else {solr.__name__}"
    return make


def _check_solr_schema_version(*args: Any, **kwargs: Any) -> bool:
    # Also skipped while the plugins are being reloaded (CKAN unloads them
    # all first) if the configuration asks for this backend.
    if active() or PLUGIN in tk.config.get("ckan.plugins", []):
        return False  # no Solr, no schema to check
    return _SOLR["check"](*args, **kwargs)


def register() -> None:
    """Install the dispatchers (once; later calls change nothing)."""
    if _SOLR:
        return
    _SOLR.update(
        index=ckan_search._INDICES["package"],
        query=ckan_search._QUERIES["package"],
        index_name=ckan_search.PackageSearchIndex,
        query_name=ckan_search.PackageSearchQuery,
        check=ckan_search.check_solr_schema_version,
    )
    ckan_search._INDICES["package"] = _dispatch(  # type: ignore[assignment]
        PgPackageSearchIndex, _SOLR["index"])
    ckan_search._QUERIES["package"] = _dispatch(  # type: ignore[assignment]
        PgPackageSearchQuery, _SOLR["query"])
    ckan_search.PackageSearchIndex = _dispatch(  # type: ignore[misc]
        PgPackageSearchIndex, _SOLR["index_name"])
    ckan_search.PackageSearchQuery = _dispatch(  # type: ignore[misc]
        PgPackageSearchQuery, _SOLR["query_name"])
    ckan_search.check_solr_schema_version = _check_solr_schema_version
    cache.listen()
    log.debug("Dataset search is answered by PostgreSQL while %s is on",
              PLUGIN)
