"""Who may do what with the Daftar Data (see README, "Daftar Data"):

- walidata (staff and head, sysadmins): everything: the years and their
  berita acara, every entry, import, reopening a confirmed list;
- pembina: reads every list and the monitoring, changes nothing;
- an OPD's members read their own OPD's entries; its editors and admins
  edit them while the list is not confirmed, and link the datasets that
  fulfil them (also after); its admin (the Kepala OPD) confirms the list
  (the Surat Pernyataan), after which only the walidata changes it;
- everyone else (the public) sees the release calendar only.
"""

from __future__ import annotations

import dataclasses

from ckanext.satudata.workflow import roles as wf_roles

EDITING = wf_roles.EDITING


@dataclasses.dataclass(frozen=True)
class Access:
    actor: wf_roles.Actor

    @property
    def walidata(self) -> bool:
        return self.actor.walidata

    @property
    def reads_all(self) -> bool:
        """Walidata and pembina read every OPD's list."""
        return self.actor.walidata or self.actor.pembina

    @property
    def staff(self) -> bool:
        """May open the Daftar Data pages at all."""
        return self.reads_all or bool(self.actor.capacities)

    def reads(self, org_id: str) -> bool:
        return self.reads_all or org_id in self.actor.capacities

    def edits(self, org_id: str, confirmed: bool) -> bool:
        """May change an entry of ``org_id`` (its list ``confirmed``)."""
        if self.walidata:
            return True
        return (not confirmed
                and self.actor.capacities.get(org_id) in EDITING)

    def links(self, org_id: str) -> bool:
        """May link and unlink the datasets of an entry of ``org_id``."""
        return self.walidata or (
            self.actor.capacities.get(org_id) in EDITING)

    def confirms(self, org_id: str) -> bool:
        """Signs the Surat Pernyataan of ``org_id`` (its Kepala OPD)."""
        return self.actor.sysadmin or (
            self.actor.capacities.get(org_id) == "admin")

    @property
    def role(self) -> str:
        """The role recorded in the history."""
        return "walidata" if self.walidata else "opd"


def of(user: object) -> Access:
    return Access(wf_roles.actor(user))
