"""Daftar Data: the years with their berita acara, entries, the datasets
that fulfil them, the OPDs' confirmations, the history and the reminders
sent

Revision ID: 3d8f1b6c2a90
Revises:
Create Date: 2026-11-27 07:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "3d8f1b6c2a90"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
YEAR = "satudata_daftar"
ENTRY = "satudata_daftar_entry"


def _year_fk() -> sa.Column:
    return sa.Column("year", sa.Integer, sa.ForeignKey(f"{YEAR}.year"),
                     nullable=False)


def _now() -> sa.sql.elements.TextClause:
    return sa.text("now()")


def upgrade():
    op.create_table(
        YEAR,
        sa.Column("year", sa.Integer, primary_key=True,
                  autoincrement=False),
        sa.Column("berita_acara_nomor", sa.Text),
        sa.Column("berita_acara_tanggal", sa.Date),
        sa.Column("berita_acara_file", sa.LargeBinary),
        sa.Column("berita_acara_filename", sa.Text),
        sa.Column("berita_acara_mimetype", sa.Text),
        sa.Column("created", TS, nullable=False, server_default=_now()),
        sa.Column("modified", TS, nullable=False, server_default=_now()),
    )
    op.create_table(
        ENTRY,
        sa.Column("id", sa.Text, primary_key=True),
        _year_fk(),
        sa.Column("org_id", sa.Text, nullable=False),
        sa.Column("nama_data", sa.Text, nullable=False),
        sa.Column("jadwal_pemutakhiran", sa.Text, nullable=False),
        sa.Column("klasifikasi_risiko", sa.Text, nullable=False),
        sa.Column("attributes", JSONB, nullable=False,
                  server_default=sa.text("'{}'::jsonb")),
        sa.Column("group_id", sa.Text),
        sa.Column("state", sa.Text, nullable=False,
                  server_default="active"),
        sa.Column("created", TS, nullable=False, server_default=_now()),
        sa.Column("modified", TS, nullable=False, server_default=_now()),
    )
    op.create_index("satudata_daftar_entry_year_org", ENTRY,
                    ["year", "org_id"])
    # one active entry of a name per OPD and year (case aside)
    op.create_index(
        "satudata_daftar_entry_unique_name", ENTRY,
        ["year", "org_id", sa.text("lower(nama_data)")], unique=True,
        postgresql_where=sa.text("state = 'active'"))
    op.create_table(
        "satudata_daftar_entry_dataset",
        sa.Column("entry_id", sa.Text,
                  sa.ForeignKey(f"{ENTRY}.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("period", sa.Text),
        sa.Column("linked", TS, nullable=False, server_default=_now()),
        sa.Column("linked_by", sa.Text),
    )
    op.create_index("satudata_daftar_entry_dataset_package",
                    "satudata_daftar_entry_dataset", ["package_id"])
    op.create_table(
        "satudata_daftar_confirmation",
        sa.Column("id", sa.Text, primary_key=True),
        _year_fk(),
        sa.Column("org_id", sa.Text, nullable=False),
        sa.Column("confirmed_by", sa.Text),
        sa.Column("signer", JSONB),
        sa.Column("confirmed", TS, nullable=False, server_default=_now()),
        sa.Column("withdrawn", TS),
        sa.Column("withdrawn_by", sa.Text),
    )
    # at most one standing confirmation per OPD and year
    op.create_index(
        "satudata_daftar_confirmation_standing",
        "satudata_daftar_confirmation", ["year", "org_id"], unique=True,
        postgresql_where=sa.text("withdrawn IS NULL"))
    op.create_table(
        "satudata_daftar_event",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("entry_id", sa.Text),
        sa.Column("org_id", sa.Text),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text),
        sa.Column("actor_name", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("data", JSONB),
        sa.Column("created", TS, nullable=False, server_default=_now()),
    )
    op.create_index("satudata_daftar_event_year", "satudata_daftar_event",
                    ["year", "created"])
    op.create_index("satudata_daftar_event_entry", "satudata_daftar_event",
                    ["entry_id"])
    op.create_table(
        "satudata_daftar_reminder",
        sa.Column("entry_id", sa.Text, primary_key=True),
        sa.Column("period", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("sent", TS, nullable=False, server_default=_now()),
    )


def downgrade():
    op.drop_table("satudata_daftar_reminder")
    op.drop_table("satudata_daftar_event")
    op.drop_table("satudata_daftar_confirmation")
    op.drop_table("satudata_daftar_entry_dataset")
    op.drop_table(ENTRY)
    op.drop_table(YEAR)
