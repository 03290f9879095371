"""ckanext-harvest with the PostgreSQL search: its actions that write to
Solr directly are answered here while ``satudata_search`` is on (the
harvest plugin imports Solr's index class by name, which our dispatchers
in :mod:`.backend` cannot reach).

- ``harvest_source_reindex`` (after every job): the source is indexed by
  our backend;
- ``harvest_source_clear`` / ``harvest_source_index_clear``: refused with
  a clear error; clearing erases every dataset of the source (published
  ones too, against "nothing is lost") and deletes them from Solr by
  query.
"""

from __future__ import annotations

from typing import Any

import ckan.lib.search as search
import ckan.logic as logic
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from . import backend


@tk.chained_action
def harvest_source_reindex(up_func: Any, context: Context,
                           data_dict: DataDict) -> Any:
    """ckanext-harvest's ``harvest_source_reindex`` (called after every
    job) writes to Solr directly; with ``satudata_search`` on, the source
    is indexed by our backend."""
    if not backend.active():
        return up_func(context, data_dict)
    tk.check_access("harvest_source_reindex", context, data_dict)
    source_id = logic.get_or_bust(data_dict, "id")
    search.rebuild(source_id,
                   defer_commit=bool(context.get("defer_commit")))
    return True


def _no_clearing(up_func: Any, context: Context,
                 data_dict: DataDict) -> Any:
    if not backend.active():
        return up_func(context, data_dict)
    tk.check_access("harvest_source_clear", context, data_dict)
    raise tk.ValidationError({"id": [tk._(
        "Clearing a harvest source is not available here: it would erase "
        "the harvested datasets and their history. Withdraw published "
        "data, or delete the source (its datasets stay).")]})


@tk.chained_action
def harvest_source_clear(up_func: Any, context: Context,
                         data_dict: DataDict) -> Any:
    """ckanext-harvest's ``harvest_source_clear`` erases every dataset of
    the source (published ones too) and talks to Solr: refused while
    ``satudata_search`` is on."""
    return _no_clearing(up_func, context, data_dict)


@tk.chained_action
def harvest_source_index_clear(up_func: Any, context: Context,
                               data_dict: DataDict) -> Any:
    """As ``harvest_source_clear``."""
    return _no_clearing(up_func, context, data_dict)


def get_actions() -> dict[str, Any]:
    if not p.plugin_loaded("harvest"):
        return {}
    return {"harvest_source_reindex": harvest_source_reindex,
            "harvest_source_clear": harvest_source_clear,
            "harvest_source_index_clear": harvest_source_index_clear}
