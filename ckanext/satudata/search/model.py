"""The PostgreSQL search index: one row per indexed dataset.

The table is created by the ``satudata_search`` alembic migrations, never by
``create_all``. It is declared on CKAN's ``BaseModel`` so that CKAN's test
``reset_db`` empties it with the rest of the data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column


class SearchDocument(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_search_index"

    #: dataset id
    id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    name: Mapped[str] = mapped_column(sa.Text, nullable=False)
    title: Mapped[str | None] = mapped_column(sa.Text)
    #: lower-cased title, for alphabetical sorting
    title_sort: Mapped[str | None] = mapped_column(sa.Text)
    state: Mapped[str | None] = mapped_column(sa.Text)
    #: "public" or "private", as CKAN's ``capacity`` search field
    capacity: Mapped[str] = mapped_column(sa.Text, nullable=False)
    dataset_type: Mapped[str | None] = mapped_column(sa.Text)
    #: organisation name, as CKAN's ``organization`` search field
    organization: Mapped[str | None] = mapped_column(sa.Text)
    owner_org: Mapped[str | None] = mapped_column(sa.Text)
    metadata_created: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True))
    metadata_modified: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True))
    #: who may see the dataset, from CKAN's IPermissionLabels
    permission_labels: Mapped[list[str]] = mapped_column(
        ARRAY(sa.Text), nullable=False)
    #: every indexed field as a list of strings, for filters and facets
    fields: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    #: the index document as CKAN would have sent it to Solr (for ``fl``)
    doc: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    data_dict: Mapped[str] = mapped_column(sa.Text, nullable=False)
    validated_data_dict: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: stemmed (``indonesian`` by default) and unstemmed (``simple``) text
    tsv_stemmed: Mapped[Any] = mapped_column(TSVECTOR, nullable=False)
    tsv_simple: Mapped[Any] = mapped_column(TSVECTOR, nullable=False)
    #: ``field=value`` of every value of the FACET_VALUE_FIELDS: facet
    #: counts and filters on those fields read this small array
    facet_values: Mapped[list[str]] = mapped_column(
        ARRAY(sa.Text), nullable=False, server_default="{}")
    #: the dataset a revision copy revises (``satudata_revision_of``)
    revision_of: Mapped[str | None] = mapped_column(sa.Text)
    indexed_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False,
        server_default=sa.func.now())


#: the columns that answer a field query directly (the rest use ``fields``)
COLUMN_FIELDS = {
    "id": SearchDocument.id,
    "name": SearchDocument.name,
    "state": SearchDocument.state,
    "capacity": SearchDocument.capacity,
    "dataset_type": SearchDocument.dataset_type,
    "organization": SearchDocument.organization,
    "owner_org": SearchDocument.owner_org,
    "satudata_revision_of": SearchDocument.revision_of,
}

#: fields whose values are also kept in ``facet_values``: CKAN's default
#: facets, the schema's facet fields (a test checks that every one is
#: here), the region filter and the workflow state facet. A facet or
#: filter on another field reads ``fields`` (slower, same result). After a
#: change here, rebuild the index.
FACET_VALUE_FIELDS = frozenset({
    "organization", "groups", "tags", "res_format", "license_id",
    "jenis_data", "urusan", "sektor", "klasifikasi_akses",
    "tingkat_penyajian", "tahun_data", "frekuensi", "cakupan_wilayah",
    "satudata_state", "tahun_kegiatan",
})
#: separates field and value in a ``facet_values`` entry
FACET_SEPARATOR = "="

DATE_COLUMNS = {
    "metadata_created": SearchDocument.metadata_created,
    "metadata_modified": SearchDocument.metadata_modified,
}
