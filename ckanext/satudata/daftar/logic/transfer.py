"""The Daftar Data's XLSX import (an action) and the rows of its export
(for the views), in the 19-column template of :mod:`..xlsx`."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from .. import xlsx
from ..model import ACTIVE, DELETED, Entry
from ..xlsx_import import read_workbook
from . import entries
from .access import of

#: the most bytes of an imported workbook
MAX_WORKBOOK = 20 * 1024 * 1024


def daftar_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Import a year's Daftar Data from an XLSX workbook in the 19-column
    template (walidata). All or nothing: any problem refuses the whole
    file with a ValidationError whose ``rows`` lists every problem by
    spreadsheet row and column.

    An entry of the file whose OPD and data name (case aside) match an
    active entry of the year updates it; any other is added. With
    ``replace`` true, active entries the file does not have are removed
    (kept, ``state`` deleted).

    :param year: the year
    :param upload: the workbook (a file upload, or bytes from Python)
    :param replace: remove the entries the file does not list"""
    tk.check_access("satudata_daftar_import", context, data_dict)
    year = entries.year_of(data_dict.get("year"))
    data = _workbook_bytes(data_dict.get("upload"))
    try:
        rows = read_workbook(data, opd_names=entries.opd_names())
    except xlsx.LayoutError as error:
        raise tk.ValidationError({
            "upload": [tk._("The file was not imported: {count} "
                            "problem(s)").format(count=len(error.errors))],
            "rows": [{"row": p.row, "column": p.column,
                      "message": p.message} for p in error.errors]}
        ) from None
    who = of(context.get("user"))
    entries.get_year(year, create=True)
    orgs = {org.name: org.id for org in entries.organizations()}
    existing = {(e.org_id, e.nama_data.lower()): e
                for e in model.Session.scalars(sa.select(Entry).where(
                    Entry.year == year, Entry.state == ACTIVE))}
    seen: set[str] = set()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    for row in rows:
        org_id = orgs[row["produsen_data"]]
        entry = existing.get((org_id, str(row["nama_data"]).lower()))
        if entry is None:
            entry = Entry(year=year, org_id=org_id, nama_data="",
                          jadwal_pemutakhiran="", klasifikasi_risiko="",
                          state=ACTIVE, created=entries.now())
            entries.apply(entry, row)
            model.Session.add(entry)
            model.Session.flush()
            existing[(org_id, entry.nama_data.lower())] = entry
            counts["created"] += 1
            entries.record(who, year, "create", entry=entry,
                           data={"nama_data": entry.nama_data,
                                 "import": True})
        else:
            change = entries.apply(entry, row)
            if change:
                counts["updated"] += 1
                entries.record(who, year, "update", entry=entry,
                               data={"changes": change, "import": True})
            else:
                counts["unchanged"] += 1
        seen.add(entry.id)
    if tk.asbool(data_dict.get("replace")):
        for entry in existing.values():
            if entry.id not in seen:
                entry.state = DELETED
                entry.modified = entries.now()
                counts["removed"] += 1
                entries.record(who, year, "delete", entry=entry,
                               data={"reason": "import", "import": True})
    entries.record(who, year, "import", data=dict(counts, rows=len(rows)))
    model.Session.commit()
    return dict(counts, year=year, rows=len(rows))


def _workbook_bytes(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        data = bytes(value)
    elif hasattr(value, "read"):
        data = value.read(MAX_WORKBOOK + 1)
    else:
        raise tk.ValidationError({"upload": [tk._(
            "Choose the XLSX file to import")]})
    if len(data) > MAX_WORKBOOK:
        raise tk.ValidationError({"upload": [tk._(
            "The file is larger than {size} MB").format(
            size=MAX_WORKBOOK // (1024 * 1024))]})
    return data


def export_rows(context: Context, year: int, org: str | None = None
                ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The rows and the berita acara of a year's workbook, as the user may
    read them (the views' XLSX export)."""
    from .action import _year_dict, daftar_entry_list

    listed = daftar_entry_list(context, {"year": year, "org": org})
    row = entries.get_year(year)
    berita = _year_dict(row, year)["berita_acara"]
    return [{c.key: item.get(c.key) for c in xlsx.COLUMNS}
            for item in listed], berita
