"""Typed getters for ckanext-satudata's configuration options.

Every option is declared in ``config_declaration.yaml``; read them through
these functions, at call time, never at import time.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def search_text_config() -> str:
    """PostgreSQL text-search configuration used for stemmed search."""
    return tk.config.get("ckanext.satudata.search.text_config")


def walidata_organizations() -> list[str]:
    """Names of the organisations whose members act as walidata."""
    return tk.config.get("ckanext.satudata.walidata_organizations")
