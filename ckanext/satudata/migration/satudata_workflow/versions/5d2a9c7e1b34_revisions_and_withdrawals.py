"""Revision and withdrawal: the register of change requests and the
previous versions of published datasets

Revision ID: 5d2a9c7e1b34
Revises: 3b8e1f0c4d21
Create Date: 2026-11-26 11:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "5d2a9c7e1b34"
down_revision = "3b8e1f0c4d21"
branch_labels = None
depends_on = None

REQUEST = "satudata_change_request"
VERSION = "satudata_dataset_version"


def upgrade():
    op.create_table(
        REQUEST,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("package_title", sa.Text),
        sa.Column("owner_org", sa.Text),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("requested_by", sa.Text),
        sa.Column("requested_role", sa.Text),
        sa.Column("requested_at", sa.DateTime(timezone=True),
                  nullable=False, server_default=sa.func.now()),
        sa.Column("handled_by", sa.Text),
        sa.Column("handled_at", sa.DateTime(timezone=True)),
        sa.Column("decision_note", sa.Text),
        sa.Column("revision_package_id", sa.Text),
        sa.Column("resource_map", JSONB),
        sa.Column("version", sa.Integer),
        sa.CheckConstraint("kind IN ('revision', 'withdrawal')",
                           name=f"{REQUEST}_kind_check"),
        sa.CheckConstraint(
            "status IN ('received', 'in_progress', 'done', 'refused', "
            "'cancelled')", name=f"{REQUEST}_status_check"),
    )
    op.create_index(f"{REQUEST}_package_idx", REQUEST, ["package_id"])
    op.create_index(f"{REQUEST}_status_idx", REQUEST,
                    ["status", "requested_at"])
    op.create_index(f"{REQUEST}_revision_idx", REQUEST,
                    ["revision_package_id"])
    # one open request of each kind per dataset (so one revision at once)
    op.create_index(
        f"{REQUEST}_one_open_idx", REQUEST, ["package_id", "kind"],
        unique=True,
        postgresql_where=sa.text("status IN ('received', 'in_progress')"))

    op.create_table(
        VERSION,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("reason", sa.Text),
        sa.Column("replaced_at", sa.DateTime(timezone=True),
                  nullable=False, server_default=sa.func.now()),
        sa.Column("data", JSONB, nullable=False),
        sa.UniqueConstraint("package_id", "number",
                            name=f"{VERSION}_package_id_number_key"),
    )


def downgrade():
    op.drop_table(VERSION)
    op.drop_table(REQUEST)
