"""The Daftar Data as an XLSX workbook in the 19-column layout of the
regional template, written and read back without a database.

Layout (what :func:`write_workbook` writes and
:func:`.xlsx_import.read_workbook` expects):

- sheet ``Daftar Data`` (or, on import, the first sheet when no sheet has
  that name): row 1 is the header, the 19 columns of :data:`COLUMNS` in
  that order; one entry a row from row 2. The header must match exactly
  (case and spaces aside; a column's field key is accepted in place of its
  Indonesian header, so the portal's own Daftar Data export reads back): a
  column missing, unknown, repeated or out of place refuses the file
  rather than guessing at a mapping;
- sheet ``Keterangan``: the year and the Forum's *berita acara*; sheet
  ``Kode``: the allowed values of the coded columns. Both are for people;
  the import does not read them.

Rows are dicts of the 19 field keys, each value a stripped string or
``None`` (empty). Coded columns hold codes (``statistik``, ``terbuka``,
``TAHUNAN``, ``KABUPATEN_KOTA``, ``indikator``) and ``produsen_data`` the
OPD's name; the workbook shows the Indonesian labels (and, given
``opd_titles``, the OPDs' titles), and the import accepts a code, an
Indonesian or an English label, in any case. Every text cell is stored as
text and passed through :func:`spreadsheet.safe_cell`, which prefixes a
value a spreadsheet could run (``=``, ``+``, ``-``, ``@``) with ``'``; the
import removes that prefix again, so ``read_workbook(write_workbook(rows))
== rows`` for rows in that form (characters XLSX cannot hold, such as
most control characters, are dropped on writing).

The import checks everything before returning anything: on any problem it
raises :class:`LayoutError` with every problem found (up to
:data:`MAX_PROBLEMS`), each with its spreadsheet row number and column
header, and returns no row. Formulas are refused, never evaluated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any, Iterable, Mapping, NamedTuple
from urllib.parse import urlsplit

from ckanext.satudata import codelists, spreadsheet


@dataclasses.dataclass(frozen=True)
class Column:
    """A column of the template: field key, header, width, whether it
    must be filled, and the code list of its values (if coded)."""

    key: str
    header: str
    width: int
    required: bool = False
    codelist: str | None = None


#: the 19 columns of the regional template, in its order
COLUMNS: tuple[Column, ...] = (
    Column("id_ddd", "ID DDD", 14),
    Column("id_ddp", "ID DDP", 14),
    Column("sumber_referensi", "Sumber Referensi", 24),
    Column("kode_indikator", "Kode Indikator", 18),
    Column("nama_indikator", "Nama Indikator", 36),
    Column("nama_data", "Nama Data", 40, required=True),
    Column("jenis_data", "Jenis Data", 14, required=True,
           codelist="jenis_data"),
    Column("indikator_atau_variabel", "Indikator atau Variabel", 14,
           codelist="indikator_atau_variabel"),
    Column("kode_standar_data", "Kode Standar Data", 18),
    Column("produsen_data", "Produsen Data", 36, required=True),
    Column("klasifikasi_risiko", "Klasifikasi Risiko", 14, required=True,
           codelist="klasifikasi_akses"),
    Column("definisi", "Definisi", 60),
    Column("satuan", "Satuan", 14),
    Column("klasifikasi_penyajian", "Klasifikasi Penyajian", 18,
           codelist="tingkat_penyajian"),
    Column("jadwal_pemutakhiran", "Jadwal Pemutakhiran", 18, required=True,
           codelist="frekuensi"),
    Column("kategori_rad", "Kategori RAD", 18),
    Column("kode_metadata", "Kode Metadata", 24),
    Column("link_portal_daerah", "Link Portal Daerah", 40),
    Column("link_portal_sdi", "Link Portal SDI", 40),
)
KEYS: tuple[str, ...] = tuple(column.key for column in COLUMNS)
HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
LINK_KEYS = ("link_portal_daerah", "link_portal_sdi")

DATA_SHEET = "Daftar Data"
INFO_SHEET = "Keterangan"
CODES_SHEET = "Kode"
#: entries one file may hold
MAX_ROWS = 10_000
#: problems listed before the import stops looking
MAX_PROBLEMS = 500
#: the most a file may unpack to (guards against zip bombs)
MAX_UNPACKED = 100 * 1024 * 1024

#: "indikator atau variabel" is not a code list file: two fixed values
KIND = {"indikator": ("Indikator", "Indicator"),
         "variabel": ("Variabel", "Variable")}


class Problem(NamedTuple):
    """One problem of an import: the spreadsheet row (1 is the header;
    ``None`` for the file as a whole), the column header (``None`` for a
    whole row or the file) and a message for people."""

    row: int | None
    column: str | None
    message: str


class LayoutError(ValueError):
    """The file cannot be imported; ``errors`` lists every
    :class:`Problem` found, by row."""

    def __init__(self, errors: Iterable[Problem]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(
            f"{p.row or '-'}/{p.column or '-'}: {p.message}"
            for p in self.errors[:5]))


class TooManyProblems(Exception):
    pass


# -- values ------------------------------------------------------------------

def norm(text: str) -> str:
    """A text for comparison: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


def code_vocabulary(name: str) -> list[tuple[str, str, str]]:
    """(code, Indonesian label, English label) of a coded column."""
    if name == "indikator_atau_variabel":
        return [(code, id_, en) for code, (id_, en) in KIND.items()]
    return [(item.code, item.label_id, item.label_en)
            for item in codelists.get(name)]


def code_labels(name: str) -> dict[str, str]:
    return {code: label for code, label, _en in code_vocabulary(name)}


def lookup(name: str) -> dict[str, str]:
    """Code, Indonesian or English label (normalised) -> code; a code wins
    over a label of another item, an Indonesian label over an English
    one."""
    found: dict[str, str] = {}
    vocabulary = code_vocabulary(name)
    for position in range(3):
        for entry in vocabulary:
            found.setdefault(norm(entry[position]), entry[0])
    return found


def encode(text: str) -> str:
    """The cell text of a value: :func:`spreadsheet.safe_cell`, plus a
    ``'`` before a value that already starts with one where reading it
    back would otherwise take it off (so that decoding is exact)."""
    if spreadsheet.safe_cell(text) != text or (
            text[:1] == "'" and decode(text) != text):
        return "'" + text
    return text


def decode(text: str) -> str:
    """The value of a cell text written by :func:`encode`."""
    if text[:1] == "'" and encode(text[1:]) == text:
        return text[1:]
    return text


def cell_text(value: Any) -> str | None:
    """A cell value as stripped text (``None`` when empty)."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = (value.date().isoformat() if value.time() == dt.time()
                else value.isoformat(sep=" "))
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = str(value)
    text = decode(text.strip())
    return text or None


def is_link(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme.lower() in ("http", "https") and bool(
        parts.netloc) and not any(ch.isspace() for ch in text)


# -- writing -----------------------------------------------------------------

def write_workbook(rows: Iterable[Mapping[str, Any]], *, year: int | str,
                   berita_acara: Mapping[str, Any] | None = None,
                   opd_titles: Mapping[str, str] | None = None) -> bytes:
    """The Daftar Data of ``year`` as an XLSX workbook in the template
    layout (see the module's docstring).

    :param rows: entries, dicts of the field keys of :data:`COLUMNS`
        (missing keys are empty); coded values as codes
    :param year: the year of the Daftar Data
    :param berita_acara: the Forum's minutes: ``nomor``, ``tanggal`` (a
        date or text), optionally ``berkas`` (the attached file's name)
    :param opd_titles: OPD name -> title, to show titles in "Produsen
        Data" (the import then needs the titles in its ``opd_names``)
    """
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    book.properties.title = f"Daftar Data {year}"
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)

    def cell(sheet: Any, value: Any, header: bool = False) -> Any:
        if value is None or value == "":
            return WriteOnlyCell(sheet, value=None)
        text = encode(ILLEGAL_CHARACTERS_RE.sub("", str(value).strip()))
        out = WriteOnlyCell(sheet, value=text)
        out.data_type = "s"  # never a formula
        if header:
            out.font = bold
            out.alignment = top
        return out

    labels = {column.key: code_labels(column.codelist)
              for column in COLUMNS if column.codelist}
    titles = opd_titles or {}

    def shown(column: Column, value: Any) -> Any:
        if value is None or value == "":
            return None
        if column.key in labels:
            return labels[column.key].get(value, value)
        if column.key == "produsen_data":
            return titles.get(value, value)
        return value

    sheet = book.create_sheet(DATA_SHEET)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = (
            column.width)
    sheet.freeze_panes = "A2"
    count = 0
    sheet.append([cell(sheet, header, header=True) for header in HEADERS])
    for row in rows:
        sheet.append([cell(sheet, shown(column, row.get(column.key)))
                      for column in COLUMNS])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}" \
                            f"{count + 1}"

    info = book.create_sheet(INFO_SHEET)
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 60
    minutes = berita_acara or {}
    tanggal = minutes.get("tanggal")
    if isinstance(tanggal, (dt.date, dt.datetime)):
        tanggal = tanggal.isoformat()
    for label, value in (
            ("Daftar Data tahun", year),
            ("Nomor berita acara", minutes.get("nomor")),
            ("Tanggal berita acara", tanggal),
            ("Berkas berita acara", minutes.get("berkas")),
            ("Jumlah entri", count),
            ("Kolom wajib diisi", ", ".join(
                c.header for c in COLUMNS if c.required))):
        info.append([cell(info, label, header=True), cell(info, value)])

    codes = book.create_sheet(CODES_SHEET)
    for letter, width in (("A", 24), ("B", 26), ("C", 30)):
        codes.column_dimensions[letter].width = width
    codes.freeze_panes = "A2"
    codes.append([cell(codes, h, header=True)
                  for h in ("Kolom", "Kode", "Label")])
    for column in COLUMNS:
        if column.codelist:
            for code, label, _en in code_vocabulary(column.codelist):
                codes.append([cell(codes, column.header), cell(codes, code),
                              cell(codes, label)])

    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


# -- reading -----------------------------------------------------------------
