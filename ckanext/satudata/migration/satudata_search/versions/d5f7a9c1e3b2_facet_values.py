"""Facet values and the revision link as narrow columns of the search index

Facet counts and the filters on facet fields read a small text array
(``field=value`` entries, GIN-indexed) instead of the whole ``fields``
document, which PostgreSQL keeps compressed out of line; the workflow's
"not a revision copy" filter reads a plain column.

Revision ID: d5f7a9c1e3b2
Revises: b2e4f6a8c0d1
Create Date: 2026-11-27 04:40:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "d5f7a9c1e3b2"
down_revision = "b2e4f6a8c0d1"
branch_labels = None
depends_on = None

TABLE = "satudata_search_index"
#: the fields kept in facet_values when this revision was written (the
#: code's list is ckanext.satudata.search.model.FACET_VALUE_FIELDS)
FIELDS = ["organization", "groups", "tags", "res_format", "license_id",
          "jenis_data", "urusan", "sektor", "klasifikasi_akses",
          "tingkat_penyajian", "tahun_data", "frekuensi", "cakupan_wilayah",
          "satudata_state", "tahun_kegiatan"]


def upgrade():
    op.add_column(TABLE, sa.Column("facet_values", ARRAY(sa.Text),
                                   nullable=False, server_default="{}"))
    op.add_column(TABLE, sa.Column("revision_of", sa.Text))
    # rows indexed before this revision get the same values a rebuild
    # would give them
    op.execute(sa.text(f"""
        UPDATE {TABLE} SET
          revision_of = fields -> 'satudata_revision_of' ->> 0,
          facet_values = ARRAY(
            SELECT e.key || '=' || v.value
            FROM jsonb_each(fields) AS e,
                 jsonb_array_elements_text(e.value) AS v
            WHERE e.key = ANY(:fields))
    """).bindparams(fields=FIELDS))
    op.create_index(f"{TABLE}_facet_values_gin", TABLE, ["facet_values"],
                    postgresql_using="gin")
    op.create_index(f"{TABLE}_revision_of_idx", TABLE, ["revision_of"])


def downgrade():
    op.drop_index(f"{TABLE}_revision_of_idx", TABLE)
    op.drop_index(f"{TABLE}_facet_values_gin", TABLE)
    op.drop_column(TABLE, "revision_of")
    op.drop_column(TABLE, "facet_values")
