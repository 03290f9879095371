"""Trigram index on dataset titles, for the similar-titles fallback

Revision ID: b2e4f6a8c0d1
Revises: 7a1c2e5d9b01
Create Date: 2026-11-27 04:30:00
"""

from alembic import op

revision = "b2e4f6a8c0d1"
down_revision = "7a1c2e5d9b01"
branch_labels = None
depends_on = None

TABLE = "satudata_search_index"
INDEX = f"{TABLE}_title_trgm"


def upgrade():
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner
    # may create it without superuser rights.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} "
               "USING gin (title gin_trgm_ops)")


def downgrade():
    # The extension stays: other objects of the database (another plugin's
    # index, ckanext-datastore's full-text helpers, a DBA's own) may use
    # it, DROP EXTENSION would fail on them, and left alone it costs
    # nothing. Only this migration's index goes.
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
