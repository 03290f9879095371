"""Template helpers of requests and complaints."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import config as sd_config
from ckanext.satudata.workflow import roles as wf_roles

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


def satudata_requests_staff() -> bool:
    """Whether the logged-in user handles requests and complaints: the
    walidata, or an editor or admin of an OPD (the staff inbox's
    people)."""
    user = tk.current_user
    if not user.is_authenticated:
        return False
    who = wf_roles.actor(user.name)
    return who.walidata or bool(who.orgs_with(*wf_roles.EDITING))


def get_helpers() -> dict[str, Any]:
    return {name: value for name, value in globals().items()
            if name.startswith("satudata_")}
