"""Shared fixtures. CKAN's pytest plugin (``--ckan-ini=test.ini``) provides
``app``, ``clean_db``, ``with_plugins`` and the factories."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests import factories

from tests import factories as sd_factories

#: plugins of test.ini that have their own migrations
MIGRATED_PLUGINS = ("activity", "satudata_search", "satudata_workflow",
                    "satudata_requests")


def empty_audit_trail() -> None:
    """The workflow's audit trail refuses DELETE (it is append-only), which
    is how CKAN's reset_db empties tables; TRUNCATE is allowed."""
    found = model.Session.execute(sa.text(
        "SELECT to_regclass('satudata_workflow_event')")).scalar()
    if found:
        model.Session.execute(sa.text("TRUNCATE satudata_workflow_event"))
    model.Session.commit()


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    """CKAN's clean_db, plus the tables of the plugins' own migrations."""
    empty_audit_trail()
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
    a = sd_factories.opd("opd-a", "OPD A")
    b = sd_factories.opd("opd-b", "OPD B")
    return {
        "org_a": a["org"], "operator_a": a["operator"],
        "verifikator_a": a["verifikator"],
        "org_b": b["org"], "operator_b": b["operator"],
        "verifikator_b": b["verifikator"],
        "public": factories.UserWithToken(),
    }
