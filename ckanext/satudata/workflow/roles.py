"""Who acts in which role of the workflow (see README, "Verification
workflow"):

- operator: editor or admin of the dataset's organisation (OPD);
- verifikator / Kepala OPD: admin of the dataset's organisation;
- walidata: editor (staff) or admin (head) of an organisation named in
  ``ckanext.satudata.walidata_organizations``; sysadmins also act as
  walidata;
- pembina: any member of an organisation named in
  ``ckanext.satudata.pembina_organizations`` (reads, changes nothing).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ckanext.satudata import config as sd_config

from .machine import OPERATOR, PEMBINA, VERIFIKATOR, WALIDATA

EDITING = ("editor", "admin")


@dataclasses.dataclass(frozen=True)
class Actor:
    """A user and their organisation memberships (one query)."""

    user: model.User | None
    #: organisation id -> capacity
    capacities: dict[str, str]
    walidata: bool
    walidata_head: bool
    pembina: bool

    @property
    def id(self) -> str | None:
        return self.user.id if self.user else None

    @property
    def name(self) -> str | None:
        return self.user.name if self.user else None

    @property
    def sysadmin(self) -> bool:
        return bool(self.user and self.user.sysadmin)

    def global_roles(self) -> set[str]:
        roles = set()
        if self.walidata:
            roles.add(WALIDATA)
        if self.pembina:
            roles.add(PEMBINA)
        return roles

    def roles_for(self, owner_org: str | None) -> set[str]:
        """The roles held towards a dataset of ``owner_org``."""
        roles = self.global_roles()
        capacity = self.capacities.get(owner_org or "")
        if capacity in EDITING:
            roles.add(OPERATOR)
        if capacity == "admin":
            roles.add(VERIFIKATOR)
        return roles

    def orgs_with(self, *capacities: str) -> list[str]:
        return [org for org, cap in self.capacities.items()
                if cap in capacities]

    @property
    def staff(self) -> bool:
        """A member of any organisation, walidata, pembina or sysadmin."""
        return bool(self.capacities or self.walidata or self.pembina)


def actor(user: Any) -> Actor:
    """The workflow actor for a user name, id or object. Anyone else (None,
    an empty name, Flask-Login's anonymous user, a deleted user) is
    anonymous."""
    if isinstance(user, str):
        user = model.User.get(user) if user else None
    if not isinstance(user, model.User) or user.state != "active":
        return Actor(None, {}, False, False, False)
    group = model.group_table
    member = model.member_table
    rows = model.Session.execute(
        sa.select(member.c.group_id, group.c.name, member.c.capacity)
        .join(group, group.c.id == member.c.group_id)
        .where(member.c.table_name == "user",
               member.c.table_id == user.id,
               member.c.state == "active",
               group.c.state == "active",
               group.c.is_organization.is_(True))).all()
    walidata_names = set(sd_config.walidata_organizations())
    pembina_names = set(sd_config.pembina_organizations())
    capacities = {row.group_id: row.capacity for row in rows}
    walidata = any(r.name in walidata_names and r.capacity in EDITING
                   for r in rows)
    head = any(r.name in walidata_names and r.capacity == "admin"
               for r in rows)
    pembina = any(r.name in pembina_names for r in rows)
    return Actor(user, capacities, walidata or bool(user.sysadmin),
                 head or bool(user.sysadmin), pembina)


def organization_users(org_ids: list[str],
                       capacities: tuple[str, ...]) -> list[model.User]:
    """Active users holding one of ``capacities`` in the organisations."""
    if not org_ids:
        return []
    member = model.member_table
    return list(model.Session.scalars(
        sa.select(model.User).join(
            member, member.c.table_id == model.User.id)
        .where(member.c.table_name == "user",
               member.c.state == "active",
               member.c.group_id.in_(org_ids),
               member.c.capacity.in_(capacities),
               model.User.state == "active")
        .distinct().order_by(model.User.name)))


def walidata_users() -> list[model.User]:
    """Walidata staff and heads (not sysadmins: they act, they are not
    on the mailing list)."""
    names = sd_config.walidata_organizations()
    ids = list(model.Session.scalars(
        sa.select(model.Group.id).where(
            model.Group.name.in_(names), model.Group.state == "active",
            model.Group.is_organization.is_(True))))
    return organization_users(ids, EDITING)
