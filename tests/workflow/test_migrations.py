"""The workflow's alembic migrations go down and up again: the revision
and withdrawal tables are dropped by the downgrade and come back."""

import ckan.model as model
import sqlalchemy as sa

from tests.workflow.conftest import workflow_on

pytestmark = workflow_on

TABLES = ("satudata_change_request", "satudata_dataset_version")


def _exists(table: str) -> bool:
    model.Session.remove()
    return model.Session.execute(sa.text(
        "SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar()


def test_revision_tables_downgrade_and_upgrade(migrate_db_for):
    """What ``ckan db downgrade -p satudata_workflow -v 3b8e1f0c4d21`` and
    ``ckan db upgrade -p satudata_workflow`` run."""
    assert all(_exists(t) for t in TABLES)
    model.Session.remove()
    migrate_db_for("satudata_workflow", "3b8e1f0c4d21", False)
    assert not any(_exists(t) for t in TABLES)
    assert _exists("satudata_workflow_event")
    migrate_db_for("satudata_workflow")
    assert all(_exists(t) for t in TABLES)
