"""The alembic migration of the request tables goes down and up again:
what ``ckan db downgrade -p satudata_requests -v base`` and ``ckan db
upgrade -p satudata_requests`` run. Filing works after the way back."""

import ckan.model as model
import sqlalchemy as sa

from tests.requests.conftest import file_request, requests_on

pytestmark = requests_on

TABLES = ("satudata_case", "satudata_case_org", "satudata_case_dataset",
          "satudata_case_event", "satudata_case_comment",
          "satudata_case_counter")


def _exists(table: str) -> bool:
    model.Session.remove()
    return model.Session.execute(sa.text(
        "SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar()


def _indexes() -> set[str]:
    model.Session.remove()
    return set(model.Session.scalars(sa.text(
        "SELECT indexname FROM pg_indexes WHERE tablename LIKE "
        "'satudata_case%'")))


def test_request_tables_downgrade_and_upgrade(people, migrate_db_for):
    assert all(_exists(t) for t in TABLES)
    indexes = _indexes()
    assert {"satudata_case_kind_state_idx", "satudata_case_due_idx",
            "satudata_case_email_idx", "satudata_case_org_org_idx",
            "satudata_case_dataset_package_idx",
            "satudata_case_event_case_idx",
            "satudata_case_comment_case_idx"} <= indexes
    assert file_request()["number"].endswith("-000001")
    model.Session.remove()

    migrate_db_for("satudata_requests", "base", False)
    assert not any(_exists(t) for t in TABLES)
    # the other plugins' tables are untouched
    assert _exists("satudata_workflow_event")
    assert _exists("package")

    migrate_db_for("satudata_requests")
    assert all(_exists(t) for t in TABLES)
    assert _indexes() == indexes
    # empty again, numbering from the start
    got = file_request()
    assert got["number"].endswith("-000001")
    assert got["state"] == "diterima"
