"""The Daftar Data's XLSX import through the actions, as real users: all
rows or none, the round trip with the export's rows, updates by OPD and
data name, replacing a list, and every refused file leaving the list as
it was."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import ckan.plugins.toolkit as tk
import openpyxl
import pytest

from ckanext.satudata.daftar import xlsx
from ckanext.satudata.daftar.logic import entries
from ckanext.satudata.daftar.logic.action import export_rows
from ckanext.satudata.daftar.xlsx_import import read_workbook
from tests.conftest import act
from tests.daftar.conftest import daftar_on, new_entry, workbook_row

pytestmark = daftar_on


row = workbook_row


ROWS = [
    row(id_ddd="1871.001", id_ddp="DDP-2026-0001",
        sumber_referensi="RPJMD 2025-2029", kode_indikator="IKU.3.1",
        nama_indikator="Rasio puskesmas", indikator_atau_variabel="variabel",
        kode_standar_data="SD00001.00.00", satuan="Unit",
        definisi="Puskesmas yang melayani pasien pada akhir tahun.",
        klasifikasi_penyajian="KECAMATAN", kategori_rad="Kesehatan",
        kode_metadata="MS-Var 12",
        link_portal_daerah="https://data.daerah.go.id/dataset/puskesmas",
        link_portal_sdi="https://katalog.data.go.id/dataset/puskesmas"),
    row(id_ddd="1871.002", nama_data="Panjang jalan kota",
        produsen_data="opd-b", jadwal_pemutakhiran="TRIWULANAN",
        jenis_data="geospasial", klasifikasi_risiko="terbatas",
        kode_standar_data="KUGI:JALAN-1.0"),
    row(id_ddd="1871.003", nama_data="=Realisasi belanja (Rp)",
        jenis_data="keuangan", jadwal_pemutakhiran="SEMESTERAN",
        klasifikasi_risiko="tertutup", satuan="+ persen"),
]


def imported(user: Any, rows: list[dict[str, Any]] | None = None, *,
             data: bytes | None = None, **extra: Any) -> dict[str, Any]:
    if data is None:
        data = xlsx.write_workbook(ROWS if rows is None else rows,
                                   year=2026)
    return act("satudata_daftar_import", user, year=2026, upload=data,
               **extra)


def listed(people: dict[str, Any], **extra: Any) -> list[dict[str, Any]]:
    return act("satudata_daftar_entry_list", people["walidata"], year=2026,
               **extra)


def as_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(({key: item.get(key) for key in xlsx.KEYS}
                   for item in items), key=lambda r: r["id_ddd"] or "")


def test_round_trip_through_the_actions(people):
    result = imported(people["walidata"])
    assert result == {"year": 2026, "rows": 3, "created": 3, "updated": 0,
                      "unchanged": 0, "removed": 0}
    assert as_rows(listed(people)) == as_rows(ROWS)
    rows, minutes = export_rows({"user": people["walidata"]["name"]}, 2026)
    assert as_rows(rows) == as_rows(ROWS)
    titles = {"opd-a": "OPD A", "opd-b": "OPD B"}
    data = xlsx.write_workbook(rows, year=2026, berita_acara=minutes,
                               opd_titles=titles)
    assert as_rows(read_workbook(
        data, opd_names=entries.opd_names())) == as_rows(ROWS)
    # the same file again changes nothing
    again = imported(people["walidata"], data=data)
    assert (again["created"], again["updated"], again["unchanged"]) == (
        0, 0, 3)
    # the history records the import
    entry = listed(people, org="opd-b")[0]
    shown = act("satudata_daftar_entry_show", people["walidata"],
                id=entry["id"])
    assert [e["action"] for e in shown["history"]] == ["create"]
    assert shown["history"][0]["data"]["import"] is True


def test_reimport_updates_instead_of_duplicating(people):
    imported(people["walidata"])
    ids = {e["nama_data"]: e["id"] for e in listed(people)}
    changed = [dict(ROWS[0], satuan="Puskesmas"),
               # the same OPD and name in another case: the same entry
               dict(ROWS[1], nama_data="PANJANG JALAN KOTA"), ROWS[2]]
    result = imported(people["walidata"], changed)
    assert (result["created"], result["updated"], result["unchanged"]) == (
        0, 2, 1)
    after = {e["id"]: e for e in listed(people)}
    assert set(after) == set(ids.values())
    assert after[ids["Jumlah puskesmas"]]["satuan"] == "Puskesmas"
    assert after[ids["Panjang jalan kota"]]["nama_data"] == (
        "PANJANG JALAN KOTA")


def test_replace_removes_the_entries_the_file_lacks(people):
    made = new_entry(people)
    imported(people["walidata"], ROWS[:2])
    result = imported(people["walidata"], ROWS[1:], replace=True)
    assert (result["created"], result["unchanged"], result["removed"]) == (
        1, 1, 2)
    assert sorted(e["nama_data"] for e in listed(people)) == [
        "=Realisasi belanja (Rp)", "Panjang jalan kota"]
    kept = {e["nama_data"]: e["state"] for e in listed(
        people, include_deleted=True)}
    assert kept[made["nama_data"]] == "deleted"
    assert kept["Jumlah puskesmas"] == "deleted"
    # without replace nothing is removed
    result = imported(people["walidata"], ROWS[:1])
    assert (result["created"], result["removed"]) == (1, 0)
    assert len(listed(people)) == 3


def _book(header: list[str], rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = xlsx.DATA_SHEET
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _cells(item: dict[str, Any]) -> list[Any]:
    return [item[key] for key in xlsx.KEYS]


@pytest.fixture(scope="module")
def fifty_thousand() -> bytes:
    return many_rows(50_000)


def many_rows(count: int) -> bytes:
    """A workbook of ``count`` valid entries, as Excel saves it (declaring
    its size). Its sheet is written as XML text: openpyxl would take
    seconds."""
    cells = {"A": "{n}", "F": "Data {n}", "G": "Statistik", "J": "opd-a",
             "K": "Terbuka", "O": "Tahunan"}
    lines = "".join(
        f'<row r="{n}">' + "".join(
            f'<c r="{col}{n}" t="inlineStr"><is><t>{text.format(n=n)}'
            "</t></is></c>" for col, text in cells.items()) + "</row>"
        for n in range(2, count + 2))
    source = zipfile.ZipFile(io.BytesIO(xlsx.write_workbook(
        [], year=2026)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                size = f'<dimension ref="A1:S{count + 1}"/>'
                text = text.replace("</sheetPr>", "</sheetPr>" + size, 1)
                text = text.replace("</sheetData>", lines + "</sheetData>",
                                    1)
                content = text.encode()
            target.writestr(info, content)
    return out.getvalue()


def _bad_files(fifty_thousand: bytes) -> dict[str, tuple[bytes, Any]]:
    """Name -> (file, what its report must hold: (row, column) pairs, or
    a text of the file-wide problem)."""
    header = list(xlsx.HEADERS)
    swapped = header[:]
    swapped[0], swapped[1] = swapped[1], swapped[0]
    return {
        "wrong columns": (_book(swapped + ["Catatan"], [_cells(ROWS[0])]),
                          {(1, "ID DDD"), (1, "ID DDP"), (1, "Catatan")}),
        "missing column": (_book(header[:-1], [_cells(ROWS[0])[:-1]]),
                           {(1, "Link Portal SDI")}),
        "unknown codes": (xlsx.write_workbook([
            ROWS[0], row(id_ddd="9", nama_data="Data x",
                         jenis_data="rahasia", produsen_data="opd-x",
                         jadwal_pemutakhiran="SETIAP SAAT")], year=2026),
            {(3, "Jenis Data"), (3, "Produsen Data"),
             (3, "Jadwal Pemutakhiran")}),
        "duplicates": (xlsx.write_workbook(
            [ROWS[0], ROWS[1], dict(ROWS[0], id_ddd="1871.009"),
             dict(ROWS[2], id_ddd="1871.002")], year=2026),
            {(4, "Nama Data"), (5, "ID DDD")}),
        "50,000 rows": (fifty_thousand, "10000"),
        "not a spreadsheet": (b"%PDF-1.4 bukan spreadsheet",
                              "not an XLSX spreadsheet"),
        "empty": (b"", "not an XLSX spreadsheet"),
    }


def test_refused_files_import_nothing(people, fifty_thousand):
    first = new_entry(people)
    before = listed(people, include_deleted=True)
    for name, (data, expected) in _bad_files(fifty_thousand).items():
        with pytest.raises(tk.ValidationError) as error:
            imported(people["walidata"], data=data, replace=True)
        errors = error.value.error_dict
        assert "upload" in errors, name
        problems = errors["rows"]
        assert problems, name
        if isinstance(expected, str):
            assert problems[0]["row"] is None, name
            assert expected in problems[0]["message"], name
        else:
            assert expected <= {(p["row"], p["column"]) for p in problems
                                }, (name, problems)
        assert listed(people, include_deleted=True) == before, name
    shown = act("satudata_daftar_entry_show", people["walidata"],
                id=first["id"])
    assert [e["action"] for e in shown["history"]] == ["create"]


def test_no_file_is_refused(people):
    with pytest.raises(tk.ValidationError) as error:
        act("satudata_daftar_import", people["walidata"], year=2026)
    assert set(error.value.error_dict) == {"upload"}
    with pytest.raises(tk.ValidationError) as error:
        act("satudata_daftar_import", people["walidata"], year="kemarin",
            upload=xlsx.write_workbook(ROWS, year=2026))
    assert "year" in error.value.error_dict
    assert listed(people) == []


@pytest.mark.parametrize("who", ["operator_a", "verifikator_a", "pembina",
                                 "public", None])
def test_only_the_walidata_imports(people, who):
    with pytest.raises(tk.NotAuthorized):
        imported(people[who] if who else None)
    assert act("satudata_daftar_year_list", people["walidata"]) == []
