"""Loading, checking and describing Daftar Data entries for the actions
(:mod:`.action`); the history they write."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .. import delivery, schedule
from ..model import (
    ACTIVE,
    Confirmation,
    DaftarYear,
    Entry,
    EntryDataset,
    Event,
)
from ..xlsx import COLUMNS
from ..xlsx_import import check_entry
from .access import Access

#: the attributes kept in ``Entry.attributes`` (the rest are columns)
COLUMN_KEYS = ("nama_data", "jadwal_pemutakhiran", "klasifikasi_risiko")
ATTRIBUTE_KEYS = tuple(c.key for c in COLUMNS
                       if c.key not in COLUMN_KEYS + ("produsen_data",))
FIRST_YEAR, LAST_YEAR = 2000, 2100


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def year_of(value: Any) -> int:
    """A Daftar Data year from the request, or a ValidationError."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise tk.ValidationError({"year": [tk._(
            "Give a year from {first} to {last}").format(
            first=FIRST_YEAR, last=LAST_YEAR)]})
    return year


def get_year(year: int, *, create: bool = False) -> DaftarYear | None:
    found = model.Session.get(DaftarYear, year)
    if found is None and create:
        found = DaftarYear(year=year)
        model.Session.add(found)
        model.Session.flush()
    return found


def get_entry(entry_id: Any) -> Entry:
    found = model.Session.get(Entry, str(entry_id or "")) if entry_id else (
        None)
    if found is None:
        raise tk.ObjectNotFound(tk._("Daftar Data entry not found"))
    return found


def active_entry(entry_id: Any) -> Entry:
    """An entry still in the Daftar Data: ObjectNotFound for none, a
    ValidationError for a removed one."""
    found = get_entry(entry_id)
    if found.state != ACTIVE:
        raise tk.ValidationError({"id": [tk._(
            "This entry was removed from the Daftar Data")]})
    return found


def organizations() -> list[model.Group]:
    return list(model.Session.scalars(sa.select(model.Group).where(
        model.Group.is_organization.is_(True),
        model.Group.state == "active").order_by(model.Group.title)))


def opd_names() -> dict[str, str]:
    """What may name an OPD (its name and title) -> its name."""
    out: dict[str, str] = {}
    for org in organizations():
        out[org.name] = org.name
        if org.title:
            out[org.title] = org.name
    return out


def org_by_name(name: str) -> model.Group | None:
    return model.Session.scalars(sa.select(model.Group).where(
        model.Group.name == name, model.Group.is_organization.is_(True),
        model.Group.state == "active")).first()


def org_of(value: Any) -> model.Group | None:
    """An active OPD by name or id (None when there is none)."""
    if value in (None, ""):
        return None
    group = model.Group.get(str(value))
    if group is None or not group.is_organization or (
            group.state != "active"):
        return None
    return group


def group_id(value: Any) -> str | None:
    """The topic (a CKAN group, by name or id) or a ValidationError."""
    if value in (None, ""):
        return None
    group = model.Group.get(str(value))
    if group is None or group.is_organization or group.state != "active":
        raise tk.ValidationError({"group": [tk._("No such topic")]})
    return group.id


def standing(year: int, org_ids: Iterable[str] | None = None
             ) -> dict[str, Confirmation]:
    """OPD id -> its standing (not withdrawn) confirmation of ``year``."""
    query = sa.select(Confirmation).where(Confirmation.year == year,
                                          Confirmation.withdrawn.is_(None))
    if org_ids is not None:
        query = query.where(Confirmation.org_id.in_(list(org_ids)))
    return {c.org_id: c for c in model.Session.scalars(query)}


def confirmed(entry: Entry) -> bool:
    return bool(standing(entry.year, [entry.org_id]))


def checked(values: Mapping[str, Any]) -> dict[str, Any]:
    """The 19 attributes checked like a row of the workbook (codes and
    the OPD's name), or a ValidationError by field."""
    entry, errors = check_entry(values, opd_names=opd_names())
    if errors:
        raise tk.ValidationError(errors)
    return entry


def apply(entry: Entry, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set the checked ``values`` on ``entry``: what changed, as
    {field: [before, after]}."""
    before = fields(entry)
    org = org_by_name(values["produsen_data"])
    entry.org_id = org.id if org else entry.org_id
    entry.nama_data = values["nama_data"]
    entry.jadwal_pemutakhiran = values["jadwal_pemutakhiran"]
    entry.klasifikasi_risiko = values["klasifikasi_risiko"]
    entry.attributes = {key: values.get(key) for key in ATTRIBUTE_KEYS
                        if values.get(key) is not None}
    entry.modified = now()
    after = fields(entry)
    return {key: [before.get(key), after.get(key)] for key in after
            if before.get(key) != after.get(key)}


def fields(entry: Entry, org: model.Group | None = None
           ) -> dict[str, Any]:
    """The 19 attributes of an entry, by field key (``produsen_data``:
    the name of its OPD, ``org`` when the caller has it loaded)."""
    if org is None and entry.org_id:
        org = model.Group.get(entry.org_id)
    attributes = entry.attributes or {}
    out: dict[str, Any] = {}
    for column in COLUMNS:
        if column.key == "produsen_data":
            out[column.key] = org.name if org else None
        elif column.key in COLUMN_KEYS:
            out[column.key] = getattr(entry, column.key)
        else:
            out[column.key] = attributes.get(column.key)
    return out


def duplicate(year: int, org_id: str, nama: str,
              other_than: str | None = None) -> bool:
    query = sa.select(Entry.id).where(
        Entry.year == year, Entry.org_id == org_id, Entry.state == ACTIVE,
        sa.func.lower(Entry.nama_data) == nama.lower())
    if other_than:
        query = query.where(Entry.id != other_than)
    return model.Session.scalars(query).first() is not None


def record(access: Access, year: int, action: str, *,
           entry: Entry | None = None, org_id: str | None = None,
           data: dict[str, Any] | None = None) -> Event:
    user = access.actor.user
    event = Event(year=year, entry_id=entry.id if entry else None,
                  org_id=org_id or (entry.org_id if entry else None),
                  action=action, actor_id=user.id if user else None,
                  actor_name=user.name if user else None,
                  role=access.role if user else "system", data=data,
                  created=now())
    model.Session.add(event)
    return event


def history(entry_id: str | None = None, year: int | None = None,
            org_ids: Iterable[str] | None = None,
            limit: int = 200) -> list[dict[str, Any]]:
    query = sa.select(Event)
    if entry_id is not None:
        query = query.where(Event.entry_id == entry_id)
    if year is not None:
        query = query.where(Event.year == year)
    if org_ids is not None:
        query = query.where(Event.org_id.in_(list(org_ids)))
    rows = model.Session.scalars(query.order_by(
        Event.created.desc()).limit(limit))
    return [{"action": e.action, "actor": e.actor_name, "role": e.role,
             "entry_id": e.entry_id, "org_id": e.org_id,
             "data": e.data or {}, "created": e.created.isoformat()}
            for e in rows]


def _published_packages(links: list[EntryDataset]
                        ) -> dict[str, dt.datetime]:
    return delivery.published_since(link.package_id for link in links)


def dictize(entries: list[Entry], access: Access, *,
            today: dt.date | None = None,
            with_datasets: bool = True) -> list[dict[str, Any]]:
    """Entries as the API returns them: the 19 attributes, the OPD, the
    topic, the datasets linked (unpublished ones only to those who may
    edit the entry), the next due release and what the reader may do."""
    if not entries:
        return []
    ids = [e.id for e in entries]
    links = list(model.Session.scalars(sa.select(EntryDataset).where(
        EntryDataset.entry_id.in_(ids)).order_by(EntryDataset.linked)))
    published = _published_packages(links)
    by_entry: dict[str, list[EntryDataset]] = {}
    for link in links:
        by_entry.setdefault(link.entry_id, []).append(link)
    packages = {p.id: p for p in model.Session.scalars(
        sa.select(model.Package).where(model.Package.id.in_(
            [link.package_id for link in links])))} if links else {}
    years = {e.year for e in entries}
    confirmations = {
        (year, org): c for year in years
        for org, c in standing(year, {e.org_id for e in entries}).items()}
    orgs = {g.id: g for g in model.Session.scalars(sa.select(
        model.Group).where(model.Group.id.in_(
            {e.org_id for e in entries} | {e.group_id for e in entries
                                           if e.group_id})))}
    today = today or _today()
    out = []
    for entry in entries:
        delivered = [delivery.Delivery(link.entry_id, link.package_id,
                                       link.period,
                                       published[link.package_id])
                     for link in by_entry.get(entry.id, [])
                     if link.package_id in published]
        due = delivery.next_due(entry, delivered, today=today)
        last = delivery.last_published(entry, delivered)
        is_confirmed = (entry.year, entry.org_id) in confirmations
        may_edit = access.edits(entry.org_id, is_confirmed)
        org = orgs.get(entry.org_id)
        group = orgs.get(entry.group_id or "")
        item = fields(entry, org)
        item.update({
            "id": entry.id, "year": entry.year, "state": entry.state,
            "organization": {"id": org.id, "name": org.name,
                             "title": org.title} if org else None,
            "group": {"id": group.id, "name": group.name,
                      "title": group.title} if group else None,
            "confirmed": is_confirmed,
            "last_published": str(last) if last else None,
            "next_due": {
                "period": str(due.period) if due.period else None,
                "due_date": due.due_date.isoformat() if due.due_date
                else None,
                "overdue": due.overdue},
            "can_edit": may_edit and entry.state == ACTIVE,
            "can_link": access.links(entry.org_id)
            and entry.state == ACTIVE,
            "created": entry.created.isoformat(),
            "modified": entry.modified.isoformat(),
        })
        if with_datasets:
            item["datasets"] = []
            for link in by_entry.get(entry.id, []):
                pkg = packages.get(link.package_id)
                is_published = link.package_id in published
                if pkg is None or not (is_published
                                       or _reads(access, pkg.id)):
                    continue
                item["datasets"].append({
                    "id": pkg.id, "name": pkg.name, "title": pkg.title,
                    "period": link.period, "published": is_published,
                    "published_on": delivery.local_day(
                        published[pkg.id]).isoformat()
                    if is_published else None,
                    "linked": link.linked.isoformat()})
        out.append(item)
    return out


def _reads(access: Access, package_id: str) -> bool:
    """Whether the reader may see an unpublished dataset: what
    ``package_show``'s auth says (the workflow's rules), so a linked
    draft shows to no one who could not open it."""
    try:
        tk.check_access("package_show", {"user": access.actor.name or ""},
                        {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _today() -> dt.date:
    from ckanext.satudata import config as sd_config

    return sd_config.today()


def link_period(entry: Entry, pkg: model.Package, given: Any
                ) -> str | None:
    """The period a dataset delivers: ``given`` (any stored form of the
    entry's kind), else its ``tahun_data`` and ``periode_data``; a
    ValidationError when neither says one the entry publishes."""
    kind = schedule.period_kind(entry.jadwal_pemutakhiran)
    if given not in (None, ""):
        try:
            period = schedule.parse_period(str(given).strip())
        except ValueError as error:
            raise tk.ValidationError({"period": [tk._(
                "Not a period: use {forms}").format(
                forms=schedule.FORMS)]}) from error
        if kind is not None and period.kind != kind:
            raise tk.ValidationError({"period": [tk._(
                "This entry publishes {kind} periods").format(
                kind=kind)]})
        return str(period)
    extras = pkg.extras
    try:
        year = int(str(extras.get("tahun_data") or "").strip())
    except ValueError:
        year = None
    code = (extras.get("periode_data") or "").strip()
    if year is not None:
        try:
            period = (schedule.Period.from_periode(year, code) if code
                      else schedule.Period(year, schedule.TAHUNAN))
        except ValueError:
            period = None
        if period is not None and (kind is None or period.kind == kind):
            return str(period)
    if kind is None:
        return None
    raise tk.ValidationError({"period": [tk._(
        "Give the period this dataset delivers (its data year and period "
        "do not say a {kind} period)").format(kind=kind)]})


def berita_acara_file(year: int) -> tuple[str, bytes, str] | None:
    """The signed berita acara of ``year``: (file name, content,
    mimetype), or None when there is none. For the download view, after
    it checked ``satudata_daftar_show``."""
    row = get_year(year)
    if row is None or not row.berita_acara_file:
        return None
    return (row.berita_acara_filename or f"berita-acara-{year}",
            bytes(row.berita_acara_file),
            row.berita_acara_mimetype or "application/octet-stream")
