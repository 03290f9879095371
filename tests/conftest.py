"""Shared fixtures. CKAN's pytest plugin (``--ckan-ini=test.ini``) provides
``app``, ``clean_db``, ``with_plugins`` and the factories."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

#: plugins of test.ini that have their own migrations
MIGRATED_PLUGINS = ("activity", "satudata_search")


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    """CKAN's clean_db, plus the tables of the plugins' own migrations."""
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        if p.plugin_loaded(plugin):
            migrate_db_for(plugin)


def act(action: str, user: str | dict | None = None, **data: Any) -> Any:
    """Call an action as a real user (auth checked); ``None`` is anonymous."""
    if isinstance(user, dict):
        user = user["name"]
    return tk.get_action(action)({"user": user or ""}, data)


@pytest.fixture
def opd():
    """Two OPDs (A and B), each with an operator (editor) and a verifikator
    (admin), and a plain registered user."""
    people = {key: factories.UserWithToken() for key in (
        "operator_a", "verifikator_a", "operator_b", "verifikator_b",
        "public")}
    org_a = factories.Organization(name="opd-a", title="OPD A", users=[
        {"name": people["operator_a"]["name"], "capacity": "editor"},
        {"name": people["verifikator_a"]["name"], "capacity": "admin"}])
    org_b = factories.Organization(name="opd-b", title="OPD B", users=[
        {"name": people["operator_b"]["name"], "capacity": "editor"},
        {"name": people["verifikator_b"]["name"], "capacity": "admin"}])
    return dict(people, org_a=org_a, org_b=org_b)
