"""The workflow's alembic migrations go down and up again: the revision
and withdrawal tables are dropped by the downgrade and come back."""

import ckan.model as model

from tests.conftest import table_exists
from tests.workflow.conftest import workflow_on

pytestmark = workflow_on

TABLES = ("satudata_change_request", "satudata_dataset_version")


def test_revision_tables_downgrade_and_upgrade(migrate_db_for):
    """What ``ckan db downgrade -p satudata_workflow -v 3b8e1f0c4d21`` and
    ``ckan db upgrade -p satudata_workflow`` run."""
    assert all(table_exists(t) for t in TABLES)
    model.Session.remove()
    migrate_db_for("satudata_workflow", "3b8e1f0c4d21", False)
    assert not any(table_exists(t) for t in TABLES)
    assert table_exists("satudata_workflow_event")
    migrate_db_for("satudata_workflow")
    assert all(table_exists(t) for t in TABLES)
