"""Tables of data requests and complaints (one table of *cases*, as both
share their life: a number, a requester, a deadline, assignments to OPDs,
a history and a comment thread). Created by the ``satudata_requests``
alembic migrations, never ``create_all``.

Personal data (name, e-mail, phone, institution) lives only in
``satudata_case``; it is erased (``personal_erased``) after the retention
period, and never copied into the history or the comments.
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


class Case(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_case"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True,
                                    default=_uuid)
    #: request or complaint
    kind: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: PD-2026-000123 / PG-2026-000045
    number: Mapped[str] = mapped_column(sa.Text, nullable=False,
                                        unique=True)
    state: Mapped[str] = mapped_column(sa.Text, nullable=False)
    title: Mapped[str | None] = mapped_column(sa.Text)
    description: Mapped[str] = mapped_column(sa.Text, nullable=False)
    # a data request: what for, in which format, where, when
    purpose: Mapped[str | None] = mapped_column(sa.Text)
    data_format: Mapped[str | None] = mapped_column(sa.Text)
    region: Mapped[str | None] = mapped_column(sa.Text)
    period: Mapped[str | None] = mapped_column(sa.Text)
    #: the OPD the requester thinks holds the data
    related_org_id: Mapped[str | None] = mapped_column(sa.Text)
    # a complaint: its category and what it is about
    category: Mapped[str | None] = mapped_column(sa.Text)
    package_id: Mapped[str | None] = mapped_column(sa.Text)
    resource_id: Mapped[str | None] = mapped_column(sa.Text)
    #: the reporter's identity is for walidata staff only
    confidential: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=False)
    # personal data
    name: Mapped[str | None] = mapped_column(sa.Text)
    email: Mapped[str | None] = mapped_column(sa.Text)
    phone: Mapped[str | None] = mapped_column(sa.Text)
    institution: Mapped[str | None] = mapped_column(sa.Text)
    user_id: Mapped[str | None] = mapped_column(sa.Text)
    personal_erased: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True))
    #: the language of the requester's e-mails
    locale: Mapped[str] = mapped_column(sa.Text, nullable=False,
                                        default="id")
    received: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)
    #: the deadline (a working day), moved by an extension or objection
    due: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    extended: Mapped[bool] = mapped_column(sa.Boolean, nullable=False,
                                           default=False)
    #: when it was answered (fulfilled, refused, resolved)
    closed: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True))
    #: the public answer: what was provided, the resolution, the grounds
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    #: a refusal's ground (machine.GROUNDS) and legal basis
    ground: Mapped[str | None] = mapped_column(sa.Text)
    legal_basis: Mapped[str | None] = mapped_column(sa.Text)
    objected: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True))
    objection: Mapped[str | None] = mapped_column(sa.Text)
    #: the last day a reminder / an escalation was sent (one a day)
    reminded_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    escalated_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    modified: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)


class CaseOrg(tk.BaseModel):  # type: ignore[misc, valid-type]
    """An OPD a case is assigned to, and its answer on availability."""

    __tablename__ = "satudata_case_org"

    case_id: Mapped[str] = mapped_column(
        sa.Text, sa.ForeignKey("satudata_case.id", ondelete="CASCADE"),
        primary_key=True)
    org_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    assigned: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)
    assigned_by: Mapped[str | None] = mapped_column(sa.Text)
    #: machine.AVAILABILITY, once the OPD answered
    availability: Mapped[str | None] = mapped_column(sa.Text)
    confirmed: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True))
    confirmed_by: Mapped[str | None] = mapped_column(sa.Text)
    note: Mapped[str | None] = mapped_column(sa.Text)


class CaseDataset(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A dataset that answers a request (published already, or to be)."""

    __tablename__ = "satudata_case_dataset"

    case_id: Mapped[str] = mapped_column(
        sa.Text, sa.ForeignKey("satudata_case.id", ondelete="CASCADE"),
        primary_key=True)
    package_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    linked: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)
    linked_by: Mapped[str | None] = mapped_column(sa.Text)


class CaseEvent(tk.BaseModel):  # type: ignore[misc, valid-type]
    """One step in a case's history: who (a user, the requester or the
    system), when, from which state to which, and the note."""

    __tablename__ = "satudata_case_event"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True,
                                    default=_uuid)
    case_id: Mapped[str] = mapped_column(
        sa.Text, sa.ForeignKey("satudata_case.id", ondelete="CASCADE"),
        nullable=False)
    action: Mapped[str] = mapped_column(sa.Text, nullable=False)
    from_state: Mapped[str | None] = mapped_column(sa.Text)
    to_state: Mapped[str] = mapped_column(sa.Text, nullable=False)
    actor_id: Mapped[str | None] = mapped_column(sa.Text)
    #: the role acted in (machine.WALIDATA, HEAD, OPD, REQUESTER, SYSTEM)
    role: Mapped[str] = mapped_column(sa.Text, nullable=False)
    note: Mapped[str | None] = mapped_column(sa.Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)


class CaseComment(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "satudata_case_comment"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True,
                                    default=_uuid)
    case_id: Mapped[str] = mapped_column(
        sa.Text, sa.ForeignKey("satudata_case.id", ondelete="CASCADE"),
        nullable=False)
    #: None: the requester (known by number and e-mail)
    author_id: Mapped[str | None] = mapped_column(sa.Text)
    role: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: visible to handlers only
    internal: Mapped[bool] = mapped_column(sa.Boolean, nullable=False,
                                           default=False)
    body: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=_now)


counter_table = sa.Table(
    "satudata_case_counter", tk.BaseModel.metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)
