"""Create the workflow state and the append-only workflow event tables

Revision ID: 3b8e1f0c4d21
Revises:
Create Date: 2026-11-24 04:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "3b8e1f0c4d21"
down_revision = None
branch_labels = None
depends_on = None

STATE = "satudata_workflow_state"
EVENT = "satudata_workflow_event"


def upgrade():
    op.create_table(
        STATE,
        sa.Column("package_id", sa.Text,
                  sa.ForeignKey("package.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("content_hash", sa.Text),
        sa.Column("last_event_id", sa.Text),
    )
    op.create_index(f"{STATE}_state_idx", STATE, ["state", "since"])

    op.create_table(
        EVENT,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("transition", sa.Text, nullable=False),
        sa.Column("from_state", sa.Text),
        sa.Column("to_state", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text),
        sa.Column("actor_name", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("qa", JSONB),
        sa.Column("qa_score", sa.Float),
        sa.Column("snapshot_hash", sa.Text),
        sa.Column("data", JSONB),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_index(f"{EVENT}_package_idx", EVENT, ["package_id", "created"])
    op.create_index(f"{EVENT}_transition_idx", EVENT,
                    ["transition", "created"])
    # The audit trail is append-only: rows cannot be changed or deleted.
    # (TRUNCATE, a table owner's maintenance command, is not a row change;
    # the test suite empties the table with it.)
    op.execute("""
        CREATE OR REPLACE FUNCTION satudata_workflow_event_immutable()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'satudata_workflow_event is append-only'
                USING ERRCODE = 'insufficient_privilege';
        END $$;
    """)
    op.execute(f"""
        CREATE TRIGGER {EVENT}_immutable
        BEFORE UPDATE OR DELETE ON {EVENT}
        FOR EACH ROW EXECUTE FUNCTION satudata_workflow_event_immutable();
    """)
    # Datasets that exist already: public ones count as published,
    # private ones as drafts.
    op.execute(f"""
        INSERT INTO {STATE} (package_id, state, since)
        SELECT id, CASE WHEN private THEN 'draft' ELSE 'published' END,
               COALESCE(metadata_modified AT TIME ZONE 'UTC', now())
        FROM package
        WHERE type IN ('dataset', 'kegiatan') AND state = 'active'
    """)


def downgrade():
    op.execute(f"DROP TRIGGER IF EXISTS {EVENT}_immutable ON {EVENT}")
    op.execute("DROP FUNCTION IF EXISTS satudata_workflow_event_immutable()")
    op.drop_table(EVENT)
    op.drop_table(STATE)
