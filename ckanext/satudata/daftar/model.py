"""Tables of the Daftar Data, created by the ``satudata_daftar`` alembic
migrations (never ``create_all``):

- ``satudata_daftar``: one row a year: the Forum Satu Data's *berita
  acara* (number, date and the signed file);
- ``satudata_daftar_entry``: the entries of a year, one data item an OPD
  delivers, with the 19 attributes of the regional template
  (``attributes``, keyed as :data:`.xlsx.COLUMNS`; ``produsen_data`` is
  the ``org_id`` column). A removed entry keeps its row
  (``state = 'deleted'``);
- ``satudata_daftar_entry_dataset``: the datasets that fulfil an entry;
- ``satudata_daftar_confirmation``: each OPD's *Surat Pernyataan*, who
  confirmed its list and when (withdrawn confirmations keep their row);
- ``satudata_daftar_event``: the history of every change, append-only;
- ``satudata_daftar_reminder``: the reminders sent (one per entry, period
  and kind), so the daily command never sends one twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

ACTIVE, DELETED = "active", "deleted"
TS = sa.DateTime(timezone=True)


def _uuid() -> str:
    return str(uuid.uuid4())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class DaftarYear(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_daftar"

    year: Mapped[int] = mapped_column(sa.Integer, primary_key=True,
                                      autoincrement=False)
    berita_acara_nomor: Mapped[str | None] = mapped_column(sa.Text)
    berita_acara_tanggal: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: the signed minutes (PDF or image), kept in the database
    berita_acara_file: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, deferred=True)
    berita_acara_filename: Mapped[str | None] = mapped_column(sa.Text)
    berita_acara_mimetype: Mapped[str | None] = mapped_column(sa.Text)
    created: Mapped[dt.datetime] = mapped_column(TS, nullable=False,
                                                 default=_now)
    modified: Mapped[dt.datetime] = mapped_column(TS, nullable=False,
                                                  default=_now)


class Entry(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_daftar_entry"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True,
                                    default=_uuid)
    year: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("satudata_daftar.year"), nullable=False)
    #: the OPD (produsen data)
    org_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    nama_data: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: a ``frekuensi`` code
    jadwal_pemutakhiran: Mapped[str] = mapped_column(sa.Text,
                                                     nullable=False)
    #: a ``klasifikasi_akses`` code
    klasifikasi_risiko: Mapped[str] = mapped_column(sa.Text,
                                                    nullable=False)
    #: the other attributes of the template, by field key
    attributes: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, default=dict)
    #: a topic (CKAN group id) for the release calendar, optional
    group_id: Mapped[str | None] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.Text, nullable=False,
                                       default=ACTIVE)
    created: Mapped[dt.datetime] = mapped_column(TS, nullable=False,
                                                 default=_now)
    modified: Mapped[dt.datetime] = mapped_column(TS, nullable=False,
                                                  default=_now)


class EntryDataset(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_daftar_entry_dataset"

    entry_id: Mapped[str] = mapped_column(
        sa.Text, sa.ForeignKey("satudata_daftar_entry.id",
                               ondelete="CASCADE"), primary_key=True)
    package_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    #: the period the dataset delivers (``schedule.Period`` stored form)
    period: Mapped[str | None] = mapped_column(sa.Text)
    linked: Mapped[dt.datetime] = mapped_column(TS, nullable=False,
                                                default=_now)
    linked_by: Mapped[str | None] = mapped_column(sa.Text)


class Confirmation(tk.BaseModel):  # type: ignore[misc, valid-type]
    """An OPD's Surat Pernyataan for a year; ``withdrawn`` is set when the
    walidata reopens the list (a new confirmation is a new row)."""

    __tablename__ = "satudata_daftar_confirmation"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True,
                                    default=_uuid)
    year: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("satudata_daftar.year"), nullable=False)
    org_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    confirmed_by: Mapped[str | None] = mapped_column(sa.Text)
    #: name, position and NIP at the time of signing
    signer: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    confirmed: Mapped[dt.datetime] = mapped_column(TS, nullable=False,
                                                   default=_now)
    withdrawn: Mapped[dt.datetime | None] = mapped_column(TS)
    withdrawn_by: Mapped[str | None] = mapped_column(sa.Text)


class Event(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_daftar_event"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True,
                                    default=_uuid)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    entry_id: Mapped[str | None] = mapped_column(sa.Text)
    org_id: Mapped[str | None] = mapped_column(sa.Text)
    #: create, update, delete, import, link, unlink, confirm, reopen,
    #: berita_acara
    action: Mapped[str] = mapped_column(sa.Text, nullable=False)
    actor_id: Mapped[str | None] = mapped_column(sa.Text)
    actor_name: Mapped[str | None] = mapped_column(sa.Text)
    #: walidata, opd or system
    role: Mapped[str | None] = mapped_column(sa.Text)
    #: what changed: {field: [before, after]}, or the action's details
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created: Mapped[dt.datetime] = mapped_column(TS, nullable=False,
                                                 default=_now)


class Reminder(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_daftar_reminder"

    entry_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    period: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    #: before (N days ahead) or overdue
    kind: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    sent: Mapped[dt.datetime] = mapped_column(TS, nullable=False,
                                              default=_now)
