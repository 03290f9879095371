"""Small shared helpers (no database)."""

from __future__ import annotations

import json
import re
from typing import Any

import ckan.plugins.toolkit as tk


def lang() -> str:
    """``en`` when the page is in English, else ``id`` (also outside a
    request, where the portal's default language counts)."""
    try:
        current = tk.h.lang()
    except Exception:  # no request: the portal's language
        current = tk.config.get("ckan.locale_default")
    return "en" if current == "en" else "id"


def parse_list(value: Any) -> list[str]:
    """A list given as a list, a JSON list or comma/space separated text.

    Raises ValueError when it is none of these."""
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if not text.startswith("["):
            return [v for v in re.split(r"[,\s]+", text) if v]
        value = json.loads(text)  # ValueError when it is not JSON
    if not isinstance(value, (list, tuple)):
        raise ValueError(str(value)[:80])
    return [str(v).strip() for v in value if str(v).strip()]


def field_errors(err: tk.ValidationError, skip: tuple[str, ...] = ()
                 ) -> dict[str, list[str]]:
    """The errors of a ValidationError by field, each a list of texts
    (the fields of ``skip`` left out)."""
    out: dict[str, list[str]] = {}
    for key, messages in err.error_dict.items():
        if key in skip:
            continue
        if not isinstance(messages, (list, tuple)):
            messages = [messages]
        out[key] = [str(message) for message in messages]
    return out


def error_sentences(errors: dict[str, list[str]],
                    labels: dict[str, str]) -> list[str]:
    """Field errors as sentences for a page, each with its field's name
    from ``labels`` (a field without one: the message alone)."""
    return [f"{labels[key]}: {message}" if key in labels else message
            for key, messages in errors.items() for message in messages]


def user_context() -> dict[str, Any]:
    """An action context for the logged-in user of the request (anonymous:
    an empty name)."""
    user = tk.current_user
    return {"user": user.name if user.is_authenticated else ""}


def check_csrf() -> None:
    """A blueprint's ``before_request``: every browser POST carries a
    valid CSRF token. CKAN skips the check for callers without a session
    (visitors), and from then on stops checking that view for everyone,
    for the rest of the process (``csrf.exempt`` in
    ``ckan_before_request``); our forms are checked whatever came before.
    A request that carries an API token is no cross-site request (a
    browser does not add that header to a forged form), so it passes as
    in CKAN's API."""
    from flask import current_app

    if tk.request.method != "POST":
        return
    headers = tk.request.headers
    if headers.get("Authorization") or headers.get(
            tk.config.get("apikey_header_name") or "X-CKAN-API-Key"):
        return
    csrf = current_app.extensions.get("csrf")
    if csrf is not None and current_app.config.get("WTF_CSRF_ENABLED"):
        csrf.protect()
