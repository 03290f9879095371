"""Drop the GIN index on the search index's permission labels

Every caller's labels include ``public``, which nearly every row carries:
the index never narrows a search, and the planner still ANDed its
85,000-entry bitmap into text searches (10 ms of a 12 ms count at 100,000
datasets, see BENCHMARKS.md). The condition is now checked on the rows the
other conditions find.

Revision ID: e7b9d1f3a5c6
Revises: d5f7a9c1e3b2
Create Date: 2026-11-27 05:20:00
"""

from alembic import op

revision = "e7b9d1f3a5c6"
down_revision = "d5f7a9c1e3b2"
branch_labels = None
depends_on = None

TABLE = "satudata_search_index"
INDEX = f"{TABLE}_permission_labels_gin"


def upgrade():
    op.drop_index(INDEX, TABLE)


def downgrade():
    op.create_index(INDEX, TABLE, ["permission_labels"],
                    postgresql_using="gin")
