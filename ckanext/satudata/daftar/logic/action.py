"""Actions of the Daftar Data: the years and their berita acara, entries
(create, update, delete, list, show), the datasets that fulfil them, the
OPDs' confirmations (Surat Pernyataan) and the XLSX import. The release
calendar and the monitoring are in :mod:`.calendar` and
:mod:`.monitoring`. Who may do what: :mod:`.access`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from ckanext.satudata import config as sd_config

from .. import xlsx
from ..model import (
    ACTIVE,
    DELETED,
    Confirmation,
    DaftarYear,
    Entry,
    EntryDataset,
)
from . import entries
from .access import of
from .transfer import daftar_import, export_rows  # noqa: F401

#: the most bytes of a berita acara file
MAX_BERITA_ACARA = 10 * 1024 * 1024
BERITA_ACARA_TYPES = {
    "application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def _year_dict(row: DaftarYear | None, year: int) -> dict[str, Any]:
    return {
        "year": year,
        "berita_acara": {
            "nomor": row.berita_acara_nomor if row else None,
            "tanggal": row.berita_acara_tanggal.isoformat()
            if row and row.berita_acara_tanggal else None,
            "berkas": row.berita_acara_filename if row else None,
        },
        "created": row.created.isoformat() if row else None,
    }


def _visible_orgs(context: Context) -> list[str] | None:
    """The OPDs whose entries the user reads (None: all)."""
    who = of(context.get("user"))
    return None if who.reads_all else list(who.actor.capacities)


@tk.side_effect_free
def daftar_year_list(context: Context, data_dict: DataDict
                     ) -> list[dict[str, Any]]:
    """The years that have a Daftar Data, newest first, with their berita
    acara and the number of active entries the user may read.

    Walidata, pembina and OPD members."""
    tk.check_access("satudata_daftar_year_list", context, data_dict)
    orgs = _visible_orgs(context)
    count = sa.select(Entry.year, sa.func.count()).where(
        Entry.state == ACTIVE)
    if orgs is not None:
        count = count.where(Entry.org_id.in_(orgs))
    counts = dict(model.Session.execute(count.group_by(Entry.year)).all())
    rows = model.Session.scalars(sa.select(DaftarYear).order_by(
        DaftarYear.year.desc())).all()
    return [dict(_year_dict(row, row.year), entries=counts.get(row.year, 0))
            for row in rows]


@tk.side_effect_free
def daftar_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One year's Daftar Data: its berita acara, and per OPD (those the
    user reads) the number of entries and its confirmation (who signed
    the Surat Pernyataan, when).

    :param year: the year"""
    tk.check_access("satudata_daftar_show", context, data_dict)
    year = entries.year_of(data_dict.get("year"))
    row = entries.get_year(year)
    if row is None:
        raise tk.ObjectNotFound(tk._("There is no Daftar Data for {year}")
                                .format(year=year))
    orgs = _visible_orgs(context)
    counts = dict(model.Session.execute(
        sa.select(Entry.org_id, sa.func.count()).where(
            Entry.year == year, Entry.state == ACTIVE).group_by(
            Entry.org_id)).all())
    signed = entries.standing(year)
    who = of(context.get("user"))
    opds = []
    for org in entries.organizations():
        if orgs is not None and org.id not in orgs:
            continue
        if org.id not in counts and org.id not in signed:
            continue
        found = signed.get(org.id)
        signer = found and found.confirmed_by and model.User.get(
            found.confirmed_by)
        opds.append({
            "id": org.id, "name": org.name, "title": org.title,
            "entries": counts.get(org.id, 0),
            "confirmed": found.confirmed.isoformat() if found else None,
            "confirmed_by": signer.name if found and signer else None,
            "signer": found.signer if found else None,
            "can_confirm": who.confirms(org.id) and found is None,
        })
    out = _year_dict(row, year)
    out["opds"] = opds
    out["can_manage"] = who.walidata
    return out


def daftar_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Create a year's Daftar Data or set its berita acara (walidata).

    :param year: the year
    :param berita_acara_nomor: the number of the Forum's minutes
    :param berita_acara_tanggal: their date (YYYY-MM-DD)
    :param berita_acara_upload: the signed file (PDF, JPEG or PNG, up to
        10 MB; a file upload, or ``(filename, bytes, mimetype)`` from
        Python)
    :param clear_berita_acara_file: remove the file (it stays in the
        history's record of the change only by name)

    A number or date not given keeps its value; given empty, it is
    removed."""
    tk.check_access("satudata_daftar_update", context, data_dict)
    year = entries.year_of(data_dict.get("year"))
    errors: dict[str, list[str]] = {}
    nomor = str(data_dict.get("berita_acara_nomor") or "").strip() or None
    if nomor is not None and len(nomor) > 200:
        errors["berita_acara_nomor"] = [tk._("At most 200 characters")]
    tanggal = None
    text = str(data_dict.get("berita_acara_tanggal") or "").strip()
    if text:
        try:
            tanggal = dt.date.fromisoformat(text)
        except ValueError:
            errors["berita_acara_tanggal"] = [tk._(
                "Not a date: use YYYY-MM-DD")]
    upload = _berita_acara_file(data_dict.get("berita_acara_upload"),
                                errors)
    if errors:
        raise tk.ValidationError(errors)
    who = of(context.get("user"))
    row = entries.get_year(year, create=True)
    assert row is not None
    change: dict[str, Any] = {}
    if "berita_acara_nomor" in data_dict and (
            nomor != row.berita_acara_nomor):
        change["nomor"] = [row.berita_acara_nomor, nomor]
        row.berita_acara_nomor = nomor
    if "berita_acara_tanggal" in data_dict and (
            tanggal != row.berita_acara_tanggal):
        change["tanggal"] = [row.berita_acara_tanggal and
                             row.berita_acara_tanggal.isoformat(),
                             tanggal and tanggal.isoformat()]
        row.berita_acara_tanggal = tanggal
    if upload is not None or tk.asbool(
            data_dict.get("clear_berita_acara_file")):
        name, content, mimetype = upload or (None, None, None)
        change["berkas"] = [row.berita_acara_filename, name]
        row.berita_acara_file = content
        row.berita_acara_filename = name
        row.berita_acara_mimetype = mimetype
    row.modified = entries.now()
    entries.record(who, year, "berita_acara", data=change or None)
    model.Session.commit()
    return _year_dict(row, year)


def _berita_acara_file(value: Any, errors: dict[str, list[str]]
                       ) -> tuple[str, bytes, str] | None:
    if value in (None, ""):
        return None
    if isinstance(value, tuple):
        name, content, mimetype = value
    elif hasattr(value, "read") and getattr(value, "filename", None):
        name = value.filename
        content = value.read(MAX_BERITA_ACARA + 1)
        mimetype = value.mimetype or ""
    else:
        return None
    name = str(name).replace("\\", "/").rsplit("/", 1)[-1][:200]
    sniffed = ("application/pdf" if content[:5] == b"%PDF-" else
               "image/png" if content[:8] == b"\x89PNG\r\n\x1a\n" else
               "image/jpeg" if content[:3] == b"\xff\xd8\xff" else None)
    if sniffed is None:
        errors["berita_acara_upload"] = [tk._(
            "The berita acara must be a PDF, JPEG or PNG file")]
        return None
    if len(content) > MAX_BERITA_ACARA:
        errors["berita_acara_upload"] = [tk._(
            "The file is larger than {size} MB").format(
            size=MAX_BERITA_ACARA // (1024 * 1024))]
        return None
    del mimetype  # the content decides, not the browser
    return name or f"berita-acara{BERITA_ACARA_TYPES[sniffed]}", content, (
        sniffed)


@tk.side_effect_free
def daftar_entry_list(context: Context, data_dict: DataDict
                      ) -> list[dict[str, Any]]:
    """The active entries of a year the user reads (walidata and pembina:
    all; an OPD's members: their OPD's), by OPD and data name, each with
    its datasets and next due release.

    :param year: the year
    :param org: only this OPD's (name or id)
    :param include_deleted: removed entries too (walidata only)"""
    tk.check_access("satudata_daftar_entry_list", context, data_dict)
    year = entries.year_of(data_dict.get("year"))
    orgs = _visible_orgs(context)
    query = sa.select(Entry).where(Entry.year == year)
    who = of(context.get("user"))
    if not (who.walidata and tk.asbool(data_dict.get("include_deleted"))):
        query = query.where(Entry.state == ACTIVE)
    if orgs is not None:
        query = query.where(Entry.org_id.in_(orgs))
    if data_dict.get("org"):
        org = entries.org_of(data_dict["org"])
        if org is None:
            raise tk.ObjectNotFound(tk._("No such OPD"))
        query = query.where(Entry.org_id == org.id)
    rows = list(model.Session.scalars(query))
    titles = {g.id: g.title or g.name for g in entries.organizations()}
    rows.sort(key=lambda e: (titles.get(e.org_id, ""), e.nama_data.lower()))
    return entries.dictize(rows, who)


@tk.side_effect_free
def daftar_entry_show(context: Context, data_dict: DataDict
                      ) -> dict[str, Any]:
    """An entry with its datasets, next due release and history.

    :param id: the entry's id"""
    tk.check_access("satudata_daftar_entry_show", context, data_dict)
    entry = entries.get_entry(data_dict.get("id"))
    out = entries.dictize([entry], of(context.get("user")))[0]
    out["history"] = entries.history(entry_id=entry.id)
    return out


def _entry_values(data_dict: DataDict, base: dict[str, Any] | None = None
                  ) -> dict[str, Any]:
    values = dict(base or {})
    for column in xlsx.COLUMNS:
        if column.key in data_dict:
            values[column.key] = data_dict[column.key]
    return entries.checked(values)


def daftar_entry_create(context: Context, data_dict: DataDict
                        ) -> dict[str, Any]:
    """Add an entry to a year's Daftar Data (walidata; the year is
    created when it has none).

    :param year: the year
    :param nama_data: the data's name (unique per OPD and year)
    :param produsen_data: the OPD (name or title)
    :param jenis_data, klasifikasi_risiko, jadwal_pemutakhiran: codes (or
        labels) of their lists; the other attributes of the template by
        their field keys (see README, "Daftar Data")
    :param group: the topic (a group's name or id), optional"""
    tk.check_access("satudata_daftar_entry_create", context, data_dict)
    year = entries.year_of(data_dict.get("year"))
    values = _entry_values(data_dict)
    group = entries.group_id(data_dict.get("group"))
    org = entries.org_by_name(values["produsen_data"])
    assert org is not None
    if entries.duplicate(year, org.id, values["nama_data"]):
        raise tk.ValidationError({"nama_data": [tk._(
            "This OPD already has an entry of this name in {year}")
            .format(year=year)]})
    entries.get_year(year, create=True)
    entry = Entry(year=year, org_id=org.id, nama_data="",
                  jadwal_pemutakhiran="", klasifikasi_risiko="",
                  group_id=group, state=ACTIVE, created=entries.now())
    entries.apply(entry, values)
    model.Session.add(entry)
    model.Session.flush()
    who = of(context.get("user"))
    entries.record(who, year, "create", entry=entry,
                   data={"nama_data": entry.nama_data,
                         "after_confirmation": entries.confirmed(entry)})
    model.Session.commit()
    return entries.dictize([entry], who)[0]


def daftar_entry_update(context: Context, data_dict: DataDict
                        ) -> dict[str, Any]:
    """Change an entry: the walidata always; the OPD's editors and admins
    while their OPD has not confirmed its list. Attributes not given keep
    their values; the change is kept in the entry's history.

    :param id: the entry's id
    :param group: the topic (a group's name or id; empty removes it)"""
    tk.check_access("satudata_daftar_entry_update", context, data_dict)
    entry = entries.active_entry(data_dict.get("id"))
    who = of(context.get("user"))
    values = _entry_values(data_dict, entries.fields(entry))
    org = entries.org_by_name(values["produsen_data"])
    assert org is not None
    if org.id != entry.org_id and not who.walidata:
        raise tk.ValidationError({"produsen_data": [tk._(
            "Only the walidata moves an entry to another OPD")]})
    if entries.duplicate(entry.year, org.id, values["nama_data"],
                         other_than=entry.id):
        raise tk.ValidationError({"nama_data": [tk._(
            "This OPD already has an entry of this name in {year}")
            .format(year=entry.year)]})
    change = entries.apply(entry, values)
    if "group" in data_dict:
        group = entries.group_id(data_dict.get("group"))
        if group != entry.group_id:
            change["group"] = [entry.group_id, group]
            entry.group_id = group
    if change:
        entries.record(who, entry.year, "update", entry=entry, data={
            "changes": change,
            "after_confirmation": entries.confirmed(entry)})
    model.Session.commit()
    return entries.dictize([entry], who)[0]


def daftar_entry_delete(context: Context, data_dict: DataDict
                        ) -> dict[str, Any]:
    """Remove an entry from the Daftar Data (walidata). The entry, its
    links and history are kept (``state`` becomes ``deleted``).

    :param id: the entry's id
    :param reason: why (required)"""
    tk.check_access("satudata_daftar_entry_delete", context, data_dict)
    entry = entries.active_entry(data_dict.get("id"))
    reason = str(data_dict.get("reason") or "").strip()
    if not reason:
        raise tk.ValidationError({"reason": [tk._("Give the reason")]})
    entry.state = DELETED
    entry.modified = entries.now()
    who = of(context.get("user"))
    entries.record(who, entry.year, "delete", entry=entry,
                   data={"reason": reason[:2000],
                         "after_confirmation": entries.confirmed(entry)})
    model.Session.commit()
    return entries.dictize([entry], who)[0]


def _package(value: Any) -> model.Package:
    pkg = model.Package.get(str(value or "")) if value else None
    if pkg is None or pkg.state == "deleted" or pkg.type != "dataset":
        raise tk.ValidationError({"package_id": [tk._(
            "No such dataset")]})
    return pkg


def daftar_entry_link(context: Context, data_dict: DataDict
                      ) -> dict[str, Any]:
    """Link a dataset of the entry's OPD that fulfils the entry, for one
    period (walidata, or the OPD's editors and admins). The entry counts
    as delivered for that period once the dataset is published.

    :param id: the entry's id
    :param package_id: the dataset (name or id)
    :param period: the period it delivers (``2026``, ``2026-TW1``,
        ``2026-03``...); default: from its data year and period"""
    tk.check_access("satudata_daftar_entry_link", context, data_dict)
    entry = entries.active_entry(data_dict.get("id"))
    pkg = _package(data_dict.get("package_id"))
    if pkg.owner_org != entry.org_id:
        raise tk.ValidationError({"package_id": [tk._(
            "The dataset belongs to another OPD")]})
    period = entries.link_period(entry, pkg, data_dict.get("period"))
    who = of(context.get("user"))
    link = model.Session.get(EntryDataset, (entry.id, pkg.id))
    if link is None:
        link = EntryDataset(entry_id=entry.id, package_id=pkg.id,
                            linked=entries.now(), linked_by=who.actor.id)
        model.Session.add(link)
    elif link.period == period:
        return entries.dictize([entry], who)[0]
    link.period = period
    entries.record(who, entry.year, "link", entry=entry,
                   data={"package": pkg.name, "period": period})
    model.Session.commit()
    return entries.dictize([entry], who)[0]


def daftar_entry_unlink(context: Context, data_dict: DataDict
                        ) -> dict[str, Any]:
    """Remove a dataset's link to an entry (kept in the history).

    :param id: the entry's id
    :param package_id: the dataset (name or id)"""
    tk.check_access("satudata_daftar_entry_unlink", context, data_dict)
    entry = entries.get_entry(data_dict.get("id"))
    pkg = model.Package.get(str(data_dict.get("package_id") or ""))
    link = pkg and model.Session.get(EntryDataset, (entry.id, pkg.id))
    if not link:
        raise tk.ObjectNotFound(tk._("The dataset is not linked to this "
                                     "entry"))
    model.Session.delete(link)
    who = of(context.get("user"))
    entries.record(who, entry.year, "unlink", entry=entry,
                   data={"package": pkg.name, "period": link.period})
    model.Session.commit()
    return entries.dictize([entry], who)[0]


def daftar_confirm(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The OPD's *Surat Pernyataan*: its head (an admin of the OPD)
    confirms the OPD's entries of a year. From then on only the walidata
    changes them.

    :param year: the year
    :param org: the OPD (name or id)
    :param jabatan: the signer's position (default: "Kepala <OPD>")
    :param nip: the signer's NIP, optional"""
    tk.check_access("satudata_daftar_confirm", context, data_dict)
    year = entries.year_of(data_dict.get("year"))
    org = entries.org_of(data_dict.get("org"))
    assert org is not None
    count = model.Session.scalar(sa.select(sa.func.count()).where(
        Entry.year == year, Entry.org_id == org.id, Entry.state == ACTIVE))
    if not count:
        raise tk.ValidationError({"org": [tk._(
            "The OPD has no entry in the Daftar Data {year}").format(
            year=year)]})
    if entries.standing(year, [org.id]):
        raise tk.ValidationError({"org": [tk._(
            "The OPD confirmed its list already")]})
    who = of(context.get("user"))
    user = who.actor.user
    nip = str(data_dict.get("nip") or "").strip()
    if nip and not (nip.isdigit() and len(nip) == 18):
        raise tk.ValidationError({"nip": [tk._("A NIP has 18 digits")]})
    signer = {
        "name": (user.fullname or user.name) if user else None,
        "jabatan": str(data_dict.get("jabatan") or "").strip()[:200]
        or f"Kepala {org.title or org.name}",
        "nip": nip or None}
    found = Confirmation(year=year, org_id=org.id, confirmed_by=who.actor.id,
                         signer=signer, confirmed=entries.now())
    model.Session.add(found)
    entries.record(who, year, "confirm", org_id=org.id,
                   data=dict(signer, entries=count))
    model.Session.commit()
    return {"year": year, "org": org.name,
            "confirmed": found.confirmed.isoformat(), "signer": signer}


def daftar_reopen(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Withdraw an OPD's confirmation (walidata), so that its operators
    may correct the list and its head confirm again; the withdrawn
    confirmation is kept.

    :param year: the year
    :param org: the OPD (name or id)
    :param reason: why (required)"""
    tk.check_access("satudata_daftar_reopen", context, data_dict)
    year = entries.year_of(data_dict.get("year"))
    org = entries.org_of(data_dict.get("org"))
    if org is None:
        raise tk.ObjectNotFound(tk._("No such OPD"))
    reason = str(data_dict.get("reason") or "").strip()
    if not reason:
        raise tk.ValidationError({"reason": [tk._("Give the reason")]})
    found = entries.standing(year, [org.id]).get(org.id)
    if found is None:
        raise tk.ValidationError({"org": [tk._(
            "The OPD has not confirmed its list")]})
    who = of(context.get("user"))
    found.withdrawn = entries.now()
    found.withdrawn_by = who.actor.id
    entries.record(who, year, "reopen", org_id=org.id,
                   data={"reason": reason[:2000]})
    model.Session.commit()
    return {"year": year, "org": org.name, "confirmed": None}


def today() -> dt.date:
    return sd_config.today()


def get_actions() -> dict[str, Any]:
    from . import calendar, monitoring

    actions = {
        "satudata_daftar_year_list": daftar_year_list,
        "satudata_daftar_show": daftar_show,
        "satudata_daftar_update": daftar_update,
        "satudata_daftar_entry_list": daftar_entry_list,
        "satudata_daftar_entry_show": daftar_entry_show,
        "satudata_daftar_entry_create": daftar_entry_create,
        "satudata_daftar_entry_update": daftar_entry_update,
        "satudata_daftar_entry_delete": daftar_entry_delete,
        "satudata_daftar_entry_link": daftar_entry_link,
        "satudata_daftar_entry_unlink": daftar_entry_unlink,
        "satudata_daftar_confirm": daftar_confirm,
        "satudata_daftar_reopen": daftar_reopen,
        "satudata_daftar_import": daftar_import,
    }
    actions.update(calendar.get_actions())
    actions.update(monitoring.get_actions())
    return actions
