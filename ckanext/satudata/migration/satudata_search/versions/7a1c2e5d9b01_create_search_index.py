"""Create the PostgreSQL dataset search index

Revision ID: 7a1c2e5d9b01
Revises:
Create Date: 2026-11-23 01:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

revision = "7a1c2e5d9b01"
down_revision = None
branch_labels = None
depends_on = None

TABLE = "satudata_search_index"


def upgrade():
    op.create_table(
        TABLE,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("title_sort", sa.Text),
        sa.Column("state", sa.Text),
        sa.Column("capacity", sa.Text, nullable=False),
        sa.Column("dataset_type", sa.Text),
        sa.Column("organization", sa.Text),
        sa.Column("owner_org", sa.Text),
        sa.Column("metadata_created", sa.DateTime(timezone=True)),
        sa.Column("metadata_modified", sa.DateTime(timezone=True)),
        sa.Column("permission_labels", ARRAY(sa.Text), nullable=False),
        sa.Column("fields", JSONB, nullable=False),
        sa.Column("doc", JSONB, nullable=False),
        sa.Column("data_dict", sa.Text, nullable=False),
        sa.Column("validated_data_dict", sa.Text, nullable=False),
        sa.Column("tsv_stemmed", TSVECTOR, nullable=False),
        sa.Column("tsv_simple", TSVECTOR, nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_index(f"{TABLE}_name_idx", TABLE, ["name"])
    op.create_index(f"{TABLE}_org_idx", TABLE, ["organization"])
    op.create_index(f"{TABLE}_owner_org_idx", TABLE, ["owner_org"])
    op.create_index(f"{TABLE}_state_type_idx", TABLE,
                    ["state", "dataset_type", "capacity"])
    op.create_index(f"{TABLE}_modified_idx", TABLE, ["metadata_modified"])
    op.create_index(f"{TABLE}_created_idx", TABLE, ["metadata_created"])
    op.create_index(f"{TABLE}_title_sort_idx", TABLE, ["title_sort"])
    for column in ("permission_labels", "fields", "tsv_stemmed",
                   "tsv_simple"):
        op.create_index(f"{TABLE}_{column}_gin", TABLE, [column],
                        postgresql_using="gin")
    # A cast that gives NULL instead of an error, for date ranges on
    # free-form fields (a bad value in one dataset must not fail a search).
    op.execute("""
        CREATE OR REPLACE FUNCTION satudata_to_timestamptz(value text)
        RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
        BEGIN
            RETURN value::timestamptz;
        EXCEPTION WHEN others THEN
            RETURN NULL;
        END $$
    """)


def downgrade():
    op.execute("DROP FUNCTION IF EXISTS satudata_to_timestamptz(text)")
    op.drop_table(TABLE)
