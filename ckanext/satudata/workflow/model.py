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
