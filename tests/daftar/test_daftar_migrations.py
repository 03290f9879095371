"""The alembic migration of the Daftar Data tables goes down and up
again: what ``ckan db downgrade -p satudata_daftar -v base`` and ``ckan db
upgrade -p satudata_daftar`` run. Entries can be made after the way
back; the database itself refuses a second active entry of one name."""

import ckan.model as model
import pytest
import sqlalchemy as sa

from tests.conftest import index_names, table_exists
from tests.daftar.conftest import daftar_on, new_entry

pytestmark = daftar_on

TABLES = ("satudata_daftar", "satudata_daftar_entry",
          "satudata_daftar_entry_dataset", "satudata_daftar_confirmation",
          "satudata_daftar_event", "satudata_daftar_reminder")


def test_daftar_tables_downgrade_and_upgrade(people, migrate_db_for):
    assert all(table_exists(t) for t in TABLES)
    indexes = index_names("satudata_daftar")
    assert {"satudata_daftar_entry_year_org",
            "satudata_daftar_entry_unique_name",
            "satudata_daftar_entry_dataset_package",
            "satudata_daftar_confirmation_standing",
            "satudata_daftar_event_year",
            "satudata_daftar_event_entry"} <= indexes
    entry = new_entry(people)
    # the unique index backs the action's check
    with pytest.raises(sa.exc.IntegrityError):
        model.Session.execute(sa.text(
            "INSERT INTO satudata_daftar_entry (id, year, org_id, "
            "nama_data, jadwal_pemutakhiran, klasifikasi_risiko) "
            "VALUES ('x', 2026, :org, upper(:name), 'TAHUNAN', "
            "'terbuka')"),
            {"org": entry["organization"]["id"],
             "name": entry["nama_data"]})
    model.Session.rollback()
    model.Session.remove()

    migrate_db_for("satudata_daftar", "base", False)
    assert not any(table_exists(t) for t in TABLES)
    assert table_exists("satudata_workflow_event")
    assert table_exists("satudata_case")

    migrate_db_for("satudata_daftar")
    assert all(table_exists(t) for t in TABLES)
    assert index_names("satudata_daftar") == indexes
    assert new_entry(people)["year"] == 2026
