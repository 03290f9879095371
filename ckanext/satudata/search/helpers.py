"""Template helpers of the ``satudata_search`` plugin."""

from __future__ import annotations

from typing import Any

import flask


def satudata_search_fallback(q: str | None) -> dict[str, Any] | None:
    """What the search of this request did when ``q`` matched nothing (see
    the ``package_search`` action's ``satudata_fallback``), or None."""
    if not q or not flask.has_request_context():
        return None
    found = getattr(flask.g, "satudata_search_fallback", None)
    return found if found and found.get("query") == q else None


def get_helpers() -> dict[str, Any]:
    return {"satudata_search_fallback": satudata_search_fallback}
