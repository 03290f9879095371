"""The alembic migration of the request tables goes down and up again:
what ``ckan db downgrade -p satudata_requests -v base`` and ``ckan db
upgrade -p satudata_requests`` run. Filing works after the way back."""

import ckan.model as model

from tests.conftest import index_names, table_exists
from tests.requests.conftest import file_request, requests_on

pytestmark = requests_on

TABLES = ("satudata_case", "satudata_case_org", "satudata_case_dataset",
          "satudata_case_event", "satudata_case_comment",
          "satudata_case_counter")


def test_request_tables_downgrade_and_upgrade(people, migrate_db_for):
    assert all(table_exists(t) for t in TABLES)
    indexes = index_names("satudata_case")
    assert {"satudata_case_kind_state_idx", "satudata_case_due_idx",
            "satudata_case_email_idx", "satudata_case_org_org_idx",
            "satudata_case_dataset_package_idx",
            "satudata_case_event_case_idx",
            "satudata_case_comment_case_idx"} <= indexes
    assert file_request()["number"].endswith("-000001")
    model.Session.remove()

    migrate_db_for("satudata_requests", "base", False)
    assert not any(table_exists(t) for t in TABLES)
    # the other plugins' tables are untouched
    assert table_exists("satudata_workflow_event")
    assert table_exists("package")

    migrate_db_for("satudata_requests")
    assert all(table_exists(t) for t in TABLES)
    assert index_names("satudata_case") == indexes
    # empty again, numbering from the start
    got = file_request()
    assert got["number"].endswith("-000001")
    assert got["state"] == "diterima"
