"""Actions of the ``satudata_search`` plugin."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import flask
from ckan.lib.search.common import SearchQueryError
from ckan.types import Action, Context, DataDict

from ..query import LAST_FALLBACK

#: parameters whose bad values are a malformed search, not a bad record
_SEARCH_PARAMETERS = {"q", "fq", "fq_list", "rows", "start", "sort",
                      "facet", "facet.field", "facet.limit",
                      "facet.mincount", "fl", "qf"}


@tk.side_effect_free
@tk.chained_action
def package_search(up_func: Action, context: Context,
                   data_dict: DataDict) -> Any:
    """CKAN's ``package_search``, answered by PostgreSQL.

    Parameters and result are CKAN's. A malformed search parameter
    (``rows=-1``, ``rows=abc``, ``start=1e9``, an unbalanced quote in
    ``q``, a sort that is not ``field asc|desc``) raises
    ``SearchQueryError`` with a translated message, which the API answers
    with HTTP 400, instead of a validation conflict.

    A plain free-text ``q`` that matches nothing is answered with the
    datasets of similar titles; the result then says so in
    ``satudata_fallback`` (``{"method": "similar_titles", "query": q}``),
    which the /dataset page shows (``h.satudata_search_fallback``).
    """
    token = LAST_FALLBACK.set(None)
    try:
        result = up_func(context, data_dict)
        fallback = LAST_FALLBACK.get()
    except tk.ValidationError as err:
        errors = err.error_dict or {}
        if errors and set(errors) <= _SEARCH_PARAMETERS:
            parts = []
            for name, messages in sorted(errors.items()):
                if isinstance(messages, list):
                    messages = "; ".join(str(m) for m in messages)
                parts.append(f"{name}: {messages}")
            raise SearchQueryError(
                tk._("Invalid search parameters: {names}").format(
                    names=", ".join(parts))) from None
        raise
    finally:
        LAST_FALLBACK.reset(token)
    if fallback is not None:
        result["satudata_fallback"] = fallback
        if flask.has_request_context():
            # for the page of this request (helpers.satudata_search_fallback)
            flask.g.satudata_search_fallback = fallback
    return result
