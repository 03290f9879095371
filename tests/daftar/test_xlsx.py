"""The Daftar Data XLSX layout: write, read back, refuse bad files."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from ckanext.satudata import export
from ckanext.satudata.daftar import xlsx, xlsx_import
from tests.daftar.conftest import workbook_row

OPDS = {
    "dinkes": "dinkes", "Dinas Kesehatan": "dinkes",
    "bappeda": "bappeda",
    "Badan Perencanaan Pembangunan Daerah": "bappeda",
    "diskominfo": "diskominfo",
}
TITLES = {"dinkes": "Dinas Kesehatan",
          "bappeda": "Badan Perencanaan Pembangunan Daerah"}
LONG = ("Jumlah penduduk yang tercatat dalam administrasi kependudukan "
        "menurut kecamatan dan jenis kelamin; dihitung pada akhir tahun. "
        * 40).strip()


def entry(**values):
    return workbook_row(**{"produsen_data": "dinkes", **values})


ROWS = [
    entry(id_ddd="1871.001", id_ddp="DDP-2026-0001",
          sumber_referensi="RPJMD 2025-2029", kode_indikator="IKU.3.1",
          nama_indikator="Angka harapan hidup", nama_data="Angka harapan "
          "hidup (AHH) menurut jenis kelamin",
          indikator_atau_variabel="indikator",
          kode_standar_data="SD00001.00.00", definisi=LONG,
          satuan="Tahun", klasifikasi_penyajian="KABUPATEN_KOTA",
          kategori_rad="Kesehatan / Layanan", kode_metadata="MS-Ind 123",
          link_portal_daerah="https://data.bandarlampungkota.go.id/"
          "dataset/ahh",
          link_portal_sdi="https://katalog.data.go.id/dataset/ahh"),
    entry(id_ddd="1871.002", nama_data="Peta batas kelurahan",
          jenis_data="geospasial", produsen_data="bappeda",
          kode_standar_data="KUGI:BATAS_DESA-1.0",
          klasifikasi_risiko="terbatas", jadwal_pemutakhiran="INSIDENTAL",
          satuan="-", definisi="Garis batas\nantar kelurahan; skala 1:5.000",
          indikator_atau_variabel="variabel"),
    entry(nama_data="=HYPERLINK(\"http://evil\")", satuan="+ persen",
          kategori_rad="@SUM(A1)", definisi="'=teks dengan petik",
          kode_indikator="''=dua petik", sumber_referensi="'biasa",
          jadwal_pemutakhiran="SEMESTERAN", klasifikasi_risiko="tertutup",
          jenis_data="keuangan", produsen_data="diskominfo"),
    entry(nama_data="Realisasi APBD – belanja (Rp) ≥ 1 miliar, ñ é 数据",
          jadwal_pemutakhiran="TRIWULANAN", kode_metadata="-12",
          id_ddd="007"),
]


def read(data, **kwargs):
    kwargs.setdefault("opd_names", OPDS)
    return xlsx_import.read_workbook(data, **kwargs)


def errors_of(data, **kwargs):
    with pytest.raises(xlsx.LayoutError) as caught:
        read(data, **kwargs)
    return caught.value.errors


def book_bytes(rows, header=xlsx.HEADERS):
    """An XLSX as a person would make it: header, then rows of values."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Daftar Data"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def line(**values):
    """A template row (labels) with the required cells filled."""
    cells = dict.fromkeys(xlsx.KEYS)
    cells.update(nama_data="Jumlah sekolah", jenis_data="Statistik",
                 produsen_data="Dinas Kesehatan",
                 klasifikasi_risiko="Terbuka",
                 jadwal_pemutakhiran="Tahunan")
    cells.update(values)
    return [cells[key] for key in xlsx.KEYS]


# -- layout and round trip ---------------------------------------------------

def test_the_19_columns_in_the_template_order():
    assert len(xlsx.COLUMNS) == 19
    assert xlsx.KEYS == export.DAFTAR_DATA_KEYS
    assert xlsx.HEADERS[0] == "ID DDD"
    assert xlsx.HEADERS[-1] == "Link Portal SDI"
    required = {c.key for c in xlsx.COLUMNS if c.required}
    assert required == {"nama_data", "produsen_data", "jenis_data",
                        "klasifikasi_risiko", "jadwal_pemutakhiran"}


def test_round_trip_is_lossless():
    data = xlsx.write_workbook(ROWS, year=2026)
    assert read(data) == ROWS


def test_round_trip_with_opd_titles_shown():
    data = xlsx.write_workbook(ROWS, year=2026, opd_titles=TITLES)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Daftar Data"]["J2"].value == "Dinas Kesehatan"
    assert read(data) == ROWS


def test_round_trip_of_no_rows():
    assert read(xlsx.write_workbook([], year=2026)) == []


def test_written_layout():
    data = xlsx.write_workbook(
        ROWS, year=2026,
        berita_acara={"nomor": "005/BA/FSD/2026", "tanggal": "2026-02-10"})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Daftar Data", "Keterangan", "Kode"]
    sheet = book["Daftar Data"]
    assert [c.value for c in sheet[1]] == list(xlsx.HEADERS)
    assert sheet[1][0].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["L"].width == 60  # Definisi
    assert sheet.max_row == len(ROWS) + 1
    # labels, not codes, for people
    assert [c.value for c in sheet[2]][6] == "Statistik"
    assert sheet["K3"].value == "Terbatas"
    assert sheet["O3"].value == "Insidental"
    assert sheet["N2"].value == "Kabupaten/kota"
    assert sheet["H2"].value == "Indikator"
    # text that a spreadsheet would run stays text
    assert sheet["F4"].value == "'=HYPERLINK(\"http://evil\")"
    assert sheet["F4"].data_type == "s"
    assert sheet["M4"].value == "'+ persen"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    info = {row[0].value: row[1].value
            for row in book["Keterangan"].iter_rows()}
    assert info["Daftar Data tahun"] == "2026"
    assert info["Nomor berita acara"] == "005/BA/FSD/2026"
    assert info["Tanggal berita acara"] == "2026-02-10"
    assert info["Jumlah entri"] == "4"
    codes = {(r[0].value, r[1].value, r[2].value)
             for r in book["Kode"].iter_rows(min_row=2)}
    assert ("Jadwal Pemutakhiran", "TAHUNAN", "Tahunan") in codes
    assert ("Klasifikasi Risiko", "terbuka", "Terbuka") in codes


def test_labels_codes_case_and_spaces_are_accepted():
    data = book_bytes([
        line(jenis_data="  GEOSPASIAL ", klasifikasi_risiko="terbatas",
             jadwal_pemutakhiran="lebih dari  dua tahunan",
             klasifikasi_penyajian="kabupaten_kota",
             indikator_atau_variabel="VARIABEL",
             produsen_data="  dinas kesehatan ", nama_data=" Data A "),
        line(jenis_data="Financial", klasifikasi_risiko="Closed",
             jadwal_pemutakhiran="Quarterly", produsen_data="BAPPEDA",
             nama_data="Data B", id_ddd=101, kode_indikator=3.0),
    ])
    first, second = read(data)
    assert first["jenis_data"] == "geospasial"
    assert first["klasifikasi_risiko"] == "terbatas"
    assert first["jadwal_pemutakhiran"] == "LEBIH_DARI_DUA_TAHUNAN"
    assert first["klasifikasi_penyajian"] == "KABUPATEN_KOTA"
    assert first["indikator_atau_variabel"] == "variabel"
    assert first["produsen_data"] == "dinkes"
    assert first["nama_data"] == "Data A"
    assert second["jenis_data"] == "keuangan"
    assert second["klasifikasi_risiko"] == "tertutup"
    assert second["jadwal_pemutakhiran"] == "TRIWULANAN"
    assert second["produsen_data"] == "bappeda"
    assert second["id_ddd"] == "101"
    assert second["kode_indikator"] == "3"


def test_blank_rows_are_skipped_and_row_numbers_kept():
    data = book_bytes([line(nama_data="A"), [None] * 19,
                       line(nama_data="B", jenis_data="nope")])
    (problem,) = errors_of(data)
    assert problem.row == 4 and problem.column == "Jenis Data"


def test_field_keys_are_accepted_as_header():
    """The portal's Daftar Data export writes the field keys as header."""
    data = book_bytes([line()], header=xlsx.KEYS)
    assert read(data)[0]["nama_data"] == "Jumlah sekolah"


def test_header_ignores_case_and_spaces():
    header = [h.upper() + "  " for h in xlsx.HEADERS]
    assert len(read(book_bytes([line()], header=header))) == 1


# -- refusals ----------------------------------------------------------------

def test_required_cells():
    row = line(nama_data="  ", produsen_data=None, jenis_data=None,
               klasifikasi_risiko=None, jadwal_pemutakhiran=None,
               satuan="Unit")
    errors = errors_of(book_bytes([line(), row]))
    assert {(e.row, e.column) for e in errors} == {
        (3, "Nama Data"), (3, "Produsen Data"), (3, "Jenis Data"),
        (3, "Klasifikasi Risiko"), (3, "Jadwal Pemutakhiran")}
    assert all("required" in e.message for e in errors)


@pytest.mark.parametrize(("key", "value", "header"), [
    ("jenis_data", "Statistika", "Jenis Data"),
    ("klasifikasi_risiko", "Rahasia", "Klasifikasi Risiko"),
    ("jadwal_pemutakhiran", "Dua kali setahun", "Jadwal Pemutakhiran"),
    ("klasifikasi_penyajian", "RT/RW", "Klasifikasi Penyajian"),
    ("indikator_atau_variabel", "keduanya", "Indikator atau Variabel"),
    ("kode_standar_data", "SD1.2", "Kode Standar Data"),
    ("kode_standar_data", "KUGI:", "Kode Standar Data"),
    ("produsen_data", "Dinas Pariwisata", "Produsen Data"),
    ("link_portal_sdi", "javascript:alert(1)", "Link Portal SDI"),
    ("link_portal_daerah", "data.go.id/x", "Link Portal Daerah"),
])
def test_bad_values_name_row_and_column(key, value, header):
    index = xlsx.KEYS.index(key)
    row = line()
    row[index] = value
    errors = errors_of(book_bytes([line(nama_data="ok"), line(), row]))
    assert [(e.row, e.column) for e in errors if e.column == header] == [
        (4, header)]
    message = next(e.message for e in errors if e.column == header)
    assert value.strip()[:5] in message
    if key == "jenis_data":
        assert "Statistik, Geospasial, Keuangan" in message


def test_bad_standard_code_uses_the_schema_validator_message():
    row = line(kode_standar_data="SD0001.00.00")
    (error,) = errors_of(book_bytes([row]))
    assert error == (2, "Kode Standar Data", error.message)
    assert "SD00001.00.00" in error.message and "KUGI" in error.message


def test_duplicates():
    rows = [line(id_ddd="A1", nama_data="Data X"),
            line(id_ddd="B2", nama_data="Data Y"),
            line(id_ddd="a1", nama_data="Data Z"),
            # same OPD (by title and by name) and name, in another case
            line(id_ddd="C3", nama_data="data  x",
                 produsen_data="dinkes"),
            # same name, another OPD: fine
            line(id_ddd="D4", nama_data="Data X", produsen_data="bappeda")]
    errors = errors_of(book_bytes(rows))
    assert [(e.row, e.column) for e in errors] == [
        (4, "ID DDD"), (5, "Nama Data")]
    assert "row 2" in errors[0].message and "row 2" in errors[1].message


def test_formulas_are_refused_not_evaluated():
    data = book_bytes([line(nama_data="=1+1"),
                       line(satuan="=A2", nama_data="Lain")])
    errors = errors_of(data)
    assert [(e.row, e.column) for e in errors] == [
        (2, "Nama Data"), (3, "Satuan")]
    assert all("formula" in e.message for e in errors)


def test_value_beyond_the_template_columns():
    data = book_bytes([line() + [None, "catatan"]])
    (error,) = errors_of(data)
    assert (error.row, error.column) == (2, "U")


def test_every_problem_is_reported_and_nothing_imported():
    rows = [line(nama_data=f"Data {i}") for i in range(20)]
    rows[3][6] = "x"
    rows[17][10] = "y"
    errors = errors_of(book_bytes(rows))
    assert [(e.row, e.column) for e in errors] == [
        (5, "Jenis Data"), (19, "Klasifikasi Risiko")]


def test_the_report_is_capped(monkeypatch):
    monkeypatch.setattr(xlsx_import, "MAX_PROBLEMS", 10)
    errors = errors_of(book_bytes([line(jenis_data="x")] * 30))
    assert len(errors) == 11
    assert errors[-1].row is None and "10" in errors[-1].message


# -- header ------------------------------------------------------------------

def test_header_in_another_order_is_refused():
    header = list(xlsx.HEADERS)
    header[5], header[6] = header[6], header[5]
    errors = errors_of(book_bytes([line()], header=header))
    assert [(e.row, e.column) for e in errors] == [
        (1, "Jenis Data"), (1, "Nama Data")]
    # Nama Data is in column G and belongs in column F
    assert "Column G" in errors[1].message
    assert "column F" in errors[1].message


def test_header_missing_unknown_and_repeated_columns():
    header = list(xlsx.HEADERS)
    header[2] = "Sumber Data"        # unknown, Sumber Referensi missing
    header[12] = "Definisi"          # repeated, Satuan missing
    header.append("Catatan")         # extra
    errors = errors_of(book_bytes([line()], header=header))
    found = {(e.row, e.column) for e in errors}
    assert found == {(1, "Sumber Data"), (1, "Definisi"), (1, "Catatan"),
                     (1, "Sumber Referensi"), (1, "Satuan")}
    assert all(e.row == 1 for e in errors)


def test_header_with_fewer_columns():
    errors = errors_of(book_bytes([], header=xlsx.HEADERS[:17]))
    assert [e.column for e in errors] == ["Link Portal Daerah",
                                          "Link Portal SDI"]


def test_no_header_row():
    (error,) = errors_of(book_bytes([], header=[]))
    assert error.row == 1 and error.column is None


# -- not a spreadsheet, too large ---------------------------------------------

@pytest.mark.parametrize("data", [
    b"",
    "\ufeffID DDD;Nama Data\n1;Jumlah penduduk (jiwa) é\n".encode(),
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
    bytes(range(256)) * 40,
    b"PK\x03\x04" + b"\x00" * 100,
])
def test_not_a_spreadsheet(data):
    (error,) = errors_of(data)
    assert error.row is None and "XLSX" in error.message


def test_a_zip_that_is_not_a_workbook():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "halo")
    (error,) = errors_of(stream.getvalue())
    assert "XLSX" in error.message


def test_a_zip_bomb_is_refused_unopened(monkeypatch):
    monkeypatch.setattr(xlsx_import, "MAX_UNPACKED", 10_000)
    (error,) = errors_of(xlsx.write_workbook(ROWS * 5, year=2026))
    assert "too large" in error.message


def _big_file(rows, dimension=True):
    """A file of valid rows; openpyxl's write-only mode declares no size
    (``<dimension>``) in the sheet, Excel does: add it."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Daftar Data")
    sheet.append(list(xlsx.HEADERS))
    for i in range(rows):
        sheet.append(line(id_ddd=str(i), nama_data=f"Data {i}"))
    stream = io.BytesIO()
    book.save(stream)
    if not dimension:
        return stream.getvalue()
    src = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content, n = re.subn(
                    rb"</sheetPr>", b'</sheetPr><dimension ref="A1:S%d"/>'
                    % (rows + 1), content)
                assert n == 1
            dst.writestr(info, content)
    return out.getvalue()


@pytest.fixture(scope="module")
def fifty_thousand():
    return _big_file(50_000)


def test_50000_rows_refused_up_front(fifty_thousand, monkeypatch):
    """The declared size refuses the file before any row is read."""
    read_rows = []
    original = xlsx_import._read_row
    monkeypatch.setattr(
        xlsx_import, "_read_row",
        lambda *args: read_rows.append(args[0]) or original(*args))
    (error,) = errors_of(fifty_thousand)
    assert error.row is None and "10000" in error.message
    assert read_rows == []


def test_50000_rows_without_a_declared_size_stop_at_the_limit(
        monkeypatch):
    """A sheet that declares no size is read up to the limit, no
    further."""
    data = _big_file(50_000, dimension=False)
    read_rows = []
    original = xlsx_import._read_row
    monkeypatch.setattr(
        xlsx_import, "_read_row",
        lambda *args: read_rows.append(args[0]) or original(*args))
    (error,) = errors_of(data)
    assert "10000" in error.message
    assert len(read_rows) == 10_001


def test_the_limit_is_exact():
    for dimension in (True, False):
        data = _big_file(30, dimension=dimension)
        (error,) = errors_of(data, max_rows=29)
        assert "29" in error.message
        assert len(read(data, max_rows=30)) == 30


def test_a_wrong_declared_size_does_not_hide_rows():
    data = xlsx.write_workbook(ROWS, year=2026)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content, n = re.subn(rb"</sheetPr>",
                                     b'</sheetPr><dimension ref="A1:S2"/>',
                                     content)
                assert n == 1
            dst.writestr(info, content)
    assert read(out.getvalue()) == ROWS
