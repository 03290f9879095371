"""Data requests and complaints: cases, their OPDs, linked datasets,
history, comments and the yearly number counters

Revision ID: 8c4f2a6d1e07
Revises:
Create Date: 2026-11-26 15:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "8c4f2a6d1e07"
down_revision = None
branch_labels = None
depends_on = None

CASE = "satudata_case"
TS = sa.DateTime(timezone=True)


def _case_fk() -> sa.Column:
    return sa.Column("case_id", sa.Text,
                     sa.ForeignKey(f"{CASE}.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade():
    op.create_table(
        CASE,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("number", sa.Text, nullable=False, unique=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text),
        sa.Column("data_format", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("period", sa.Text),
        sa.Column("related_org_id", sa.Text),
        sa.Column("category", sa.Text),
        sa.Column("package_id", sa.Text),
        sa.Column("resource_id", sa.Text),
        sa.Column("confidential", sa.Boolean, nullable=False,
                  server_default=sa.false()),
        sa.Column("name", sa.Text),
        sa.Column("email", sa.Text),
        sa.Column("phone", sa.Text),
        sa.Column("institution", sa.Text),
        sa.Column("user_id", sa.Text),
        sa.Column("personal_erased", TS),
        sa.Column("locale", sa.Text, nullable=False, server_default="id"),
        sa.Column("received", TS, nullable=False,
                  server_default=sa.func.now()),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("extended", sa.Boolean, nullable=False,
                  server_default=sa.false()),
        sa.Column("closed", TS),
        sa.Column("outcome", sa.Text),
        sa.Column("ground", sa.Text),
        sa.Column("legal_basis", sa.Text),
        sa.Column("objected", TS),
        sa.Column("objection", sa.Text),
        sa.Column("reminded_on", sa.Date),
        sa.Column("escalated_on", sa.Date),
        sa.Column("modified", TS, nullable=False,
                  server_default=sa.func.now()),
        sa.CheckConstraint("kind IN ('request', 'complaint')",
                           name=f"{CASE}_kind_check"),
    )
    op.create_index(f"{CASE}_kind_state_idx", CASE,
                    ["kind", "state", "received"])
    op.create_index(f"{CASE}_due_idx", CASE, ["due"])
    op.create_index(f"{CASE}_email_idx", CASE, ["email"])

    op.create_table(
        f"{CASE}_org",
        _case_fk(),
        sa.Column("org_id", sa.Text, nullable=False),
        sa.Column("assigned", TS, nullable=False,
                  server_default=sa.func.now()),
        sa.Column("assigned_by", sa.Text),
        sa.Column("availability", sa.Text),
        sa.Column("confirmed", TS),
        sa.Column("confirmed_by", sa.Text),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("case_id", "org_id"),
    )
    op.create_index(f"{CASE}_org_org_idx", f"{CASE}_org", ["org_id"])

    op.create_table(
        f"{CASE}_dataset",
        _case_fk(),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("linked", TS, nullable=False,
                  server_default=sa.func.now()),
        sa.Column("linked_by", sa.Text),
        sa.PrimaryKeyConstraint("case_id", "package_id"),
    )
    op.create_index(f"{CASE}_dataset_package_idx", f"{CASE}_dataset",
                    ["package_id"])

    op.create_table(
        f"{CASE}_event",
        sa.Column("id", sa.Text, primary_key=True),
        _case_fk(),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("from_state", sa.Text),
        sa.Column("to_state", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("data", JSONB),
        sa.Column("created", TS, nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_index(f"{CASE}_event_case_idx", f"{CASE}_event",
                    ["case_id", "created"])

    op.create_table(
        f"{CASE}_comment",
        sa.Column("id", sa.Text, primary_key=True),
        _case_fk(),
        sa.Column("author_id", sa.Text),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("internal", sa.Boolean, nullable=False,
                  server_default=sa.false()),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_index(f"{CASE}_comment_case_idx", f"{CASE}_comment",
                    ["case_id", "created"])

    op.create_table(
        f"{CASE}_counter",
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )


def downgrade():
    for table in ("counter", "comment", "event", "dataset", "org"):
        op.drop_table(f"{CASE}_{table}")
    op.drop_table(CASE)
