"""Template helpers of requests and complaints."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import config as sd_config

from . import labels


def satudata_case_labels() -> dict[str, dict[str, str]]:
    """Display words of states, categories, grounds, availability, steps
    and roles, in the page's language."""
    return {"states": labels.states(tk._),
            "categories": labels.categories(tk._),
            "grounds": labels.grounds(tk._),
            "availability": labels.availability(tk._),
            "actions": labels.actions(tk._),
            "roles": labels.roles(tk._)}


def satudata_refusal_grounds() -> list[str]:
    return sd_config.refusal_grounds()


def satudata_requests_anonymous() -> bool:
    return sd_config.requests_allow_anonymous()


def get_helpers() -> dict[str, Any]:
    return {name: value for name, value in globals().items()
            if name.startswith("satudata_")}
