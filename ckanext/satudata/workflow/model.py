"""Tables of the verification workflow, created by the
``satudata_workflow`` alembic migrations (never ``create_all``).

- ``satudata_workflow_state``: where each dataset stands (one row per
  dataset, locked ``FOR UPDATE`` during a transition);
- ``satudata_workflow_event``: the audit trail, append-only: the database
  refuses UPDATE and DELETE on it (a trigger), and no action edits it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column


def _uuid() -> str:
    return str(uuid.uuid4())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class WorkflowState(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_workflow_state"

    package_id: Mapped[str] = mapped_column(
        sa.Text, sa.ForeignKey("package.id", ondelete="CASCADE"),
        primary_key=True)
    state: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: when the dataset entered its current state
    since: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)
    #: content hash at submission, then at verification
    content_hash: Mapped[str | None] = mapped_column(sa.Text)
    #: the event that brought the dataset to its current state
    last_event_id: Mapped[str | None] = mapped_column(sa.Text)


class WorkflowEvent(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_workflow_event"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True,
                                    default=_uuid)
    #: no foreign key: the trail outlives a purged dataset
    package_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: create, edit, submit, return, verify, reject, publish
    transition: Mapped[str] = mapped_column(sa.Text, nullable=False)
    from_state: Mapped[str | None] = mapped_column(sa.Text)
    to_state: Mapped[str] = mapped_column(sa.Text, nullable=False)
    actor_id: Mapped[str | None] = mapped_column(sa.Text)
    #: the name at the time (users may be renamed or deleted)
    actor_name: Mapped[str | None] = mapped_column(sa.Text)
    #: the role the actor acted in (operator, verifikator, walidata, system)
    role: Mapped[str | None] = mapped_column(sa.Text)
    note: Mapped[str | None] = mapped_column(sa.Text)
    #: QA answers {code: {result, note}}, with the decision
    qa: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    qa_score: Mapped[float | None] = mapped_column(sa.Float)
    #: SHA-256 of the metadata and resources at the event
    snapshot_hash: Mapped[str | None] = mapped_column(sa.Text)
    #: transition details (verify: position, NIP; submit: QC statement)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)


#: the states of a change request, as the SOP's register names them
RECEIVED, IN_PROGRESS, DONE, REFUSED, CANCELLED = (
    "received", "in_progress", "done", "refused", "cancelled")
REQUEST_STATES = (RECEIVED, IN_PROGRESS, DONE, REFUSED, CANCELLED)
OPEN = (RECEIVED, IN_PROGRESS)
REVISION, WITHDRAWAL = "revision", "withdrawal"
REQUEST_KINDS = (REVISION, WITHDRAWAL)


class ChangeRequest(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A request to revise or withdraw published data, and the revision
    it opened: the walidata's register (SOP "Penarikan atau Revisi Data").

    At most one open (received or in progress) request of each kind per
    dataset: a partial unique index, so that two revisions cannot be
    opened at once even by concurrent requests."""

    __tablename__ = "satudata_change_request"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True,
                                    default=_uuid)
    #: no foreign key: the register outlives a purged dataset
    package_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: title and organisation at the time (for the register)
    package_title: Mapped[str | None] = mapped_column(sa.Text)
    owner_org: Mapped[str | None] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.Text, nullable=False)
    status: Mapped[str] = mapped_column(sa.Text, nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    requested_by: Mapped[str | None] = mapped_column(sa.Text)
    requested_role: Mapped[str | None] = mapped_column(sa.Text)
    requested_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)
    #: the walidata who opened, refused or carried it out, and when
    handled_by: Mapped[str | None] = mapped_column(sa.Text)
    handled_at: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(sa.Text)
    #: revision: the staged copy (a private dataset of the same OPD)
    revision_package_id: Mapped[str | None] = mapped_column(sa.Text)
    #: revision: resource id of the copy -> resource id of the published
    #: dataset it was copied from
    resource_map: Mapped[dict[str, str] | None] = mapped_column(JSONB)
    #: revision: the version number its publication made
    version: Mapped[int | None] = mapped_column(sa.Integer)


class DatasetVersion(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A previous published version of a dataset, kept when a revision
    replaced it: its metadata and resources as ``package_show`` gave them
    (the files stay in the storage under their resource ids)."""

    __tablename__ = "satudata_dataset_version"
    __table_args__ = (sa.UniqueConstraint("package_id", "number"),)

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True,
                                    default=_uuid)
    package_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    #: when this version was published, and why (first publication or
    #: the revision's reason)
    published_at: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    #: when a newer version replaced it
    replaced_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
