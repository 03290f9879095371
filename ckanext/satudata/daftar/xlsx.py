"""The Daftar Data as an XLSX workbook in the 19-column layout of the
regional template, written and read back without a database.

Layout (what :func:`write_workbook` writes and :func:`read_workbook`
expects):

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
import zipfile
from typing import Any, Iterable, Mapping, NamedTuple
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk

from ckanext.satudata import codelists, spreadsheet
from ckanext.satudata.logic import validators


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
_KIND = {"indikator": ("Indikator", "Indicator"),
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


class _TooManyProblems(Exception):
    pass


# -- values ------------------------------------------------------------------

def _norm(text: str) -> str:
    """A text for comparison: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _vocabulary(name: str) -> list[tuple[str, str, str]]:
    """(code, Indonesian label, English label) of a coded column."""
    if name == "indikator_atau_variabel":
        return [(code, id_, en) for code, (id_, en) in _KIND.items()]
    return [(item.code, item.label_id, item.label_en)
            for item in codelists.get(name)]


def _labels(name: str) -> dict[str, str]:
    return {code: label for code, label, _en in _vocabulary(name)}


def _lookup(name: str) -> dict[str, str]:
    """Code, Indonesian or English label (normalised) -> code; a code wins
    over a label of another item, an Indonesian label over an English
    one."""
    found: dict[str, str] = {}
    vocabulary = _vocabulary(name)
    for position in range(3):
        for entry in vocabulary:
            found.setdefault(_norm(entry[position]), entry[0])
    return found


def _encode(text: str) -> str:
    """The cell text of a value: :func:`spreadsheet.safe_cell`, plus a
    ``'`` before a value that already starts with one where reading it
    back would otherwise take it off (so that decoding is exact)."""
    if spreadsheet.safe_cell(text) != text or (
            text[:1] == "'" and _decode(text) != text):
        return "'" + text
    return text


def _decode(text: str) -> str:
    """The value of a cell text written by :func:`_encode`."""
    if text[:1] == "'" and _encode(text[1:]) == text:
        return text[1:]
    return text


def _cell_text(value: Any) -> str | None:
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
    text = _decode(text.strip())
    return text or None


def _is_link(text: str) -> bool:
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
        text = _encode(ILLEGAL_CHARACTERS_RE.sub("", str(value).strip()))
        out = WriteOnlyCell(sheet, value=text)
        out.data_type = "s"  # never a formula
        if header:
            out.font = bold
            out.alignment = top
        return out

    labels = {column.key: _labels(column.codelist)
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
            for code, label, _en in _vocabulary(column.codelist):
                codes.append([cell(codes, column.header), cell(codes, code),
                              cell(codes, label)])

    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


# -- reading -----------------------------------------------------------------

def _open(data: bytes) -> Any:
    """The workbook (read-only), or LayoutError."""
    import openpyxl

    def refuse() -> LayoutError:
        return LayoutError([Problem(None, None, tk._(
            "The file is not an XLSX spreadsheet, or it is damaged. Save "
            "it as an Excel workbook (.xlsx) and try again."))])

    if not isinstance(data, (bytes, bytearray)) or not data:
        raise refuse()
    stream = io.BytesIO(data)
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse() from None
    if unpacked > MAX_UNPACKED:
        raise LayoutError([Problem(None, None, tk._(
            "The file is too large to import: split the list into several "
            "files."))])
    try:
        return openpyxl.load_workbook(stream, read_only=True,
                                      data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a broken file
        raise refuse() from None


def _check_header(values: list[str | None]) -> list[Problem]:
    from openpyxl.utils import get_column_letter

    while values and values[-1] is None:
        values.pop()
    if not values:
        return [Problem(1, None, tk._(
            "The first row must be the header row of the Daftar Data "
            "template."))]
    accepted = {}
    for index, column in enumerate(COLUMNS):
        accepted[_norm(column.header)] = index
        accepted.setdefault(_norm(column.key), index)
    found = [accepted.get(_norm(v)) if v is not None else None
             for v in values]
    if found == list(range(len(COLUMNS))):
        return []
    problems = []
    seen: set[int] = set()
    for position, (value, index) in enumerate(
            zip(values, found, strict=True)):
        letter = get_column_letter(position + 1)
        if index is None:
            problems.append(Problem(1, value or letter, tk._(
                "Column {letter}: not a column of the Daftar Data "
                "template").format(letter=letter)))
        elif index in seen:
            problems.append(Problem(1, HEADERS[index], tk._(
                "Column {letter}: this column appears more than "
                "once").format(letter=letter)))
        elif index != position:
            problems.append(Problem(1, HEADERS[index], tk._(
                "Column {letter}: this column belongs in column "
                "{expected}").format(
                letter=letter, expected=get_column_letter(index + 1))))
        if index is not None:
            seen.add(index)
    for index, header in enumerate(HEADERS):
        if index not in seen:
            problems.append(Problem(1, header, tk._(
                "Column missing: the template has it as column "
                "{expected}").format(expected=get_column_letter(index + 1))))
    return problems


def _opd_lookup(opd_names: Mapping[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in opd_names.values():
        found.setdefault(_norm(name), name)
    for key, name in opd_names.items():
        found.setdefault(_norm(key), name)
    return found


def read_workbook(data: bytes, *, opd_names: Mapping[str, str],
                  max_rows: int = MAX_ROWS) -> list[dict[str, str | None]]:
    """The entries of a Daftar Data workbook (see the module's docstring),
    in file order, blank rows left out.

    :param data: the uploaded file
    :param opd_names: what may name an OPD in "Produsen Data" -> that
        OPD's name (pass the name and the title of each OPD as keys); a
        cell equal to one of the values is accepted too; no case
    :param max_rows: the most entries one file may hold; a longer file is
        refused before it is read in full
    :raises LayoutError: with every problem, by row; nothing is returned
        then
    """
    book = _open(data)
    try:
        return _read(book, opd_names, max_rows)
    finally:
        book.close()


def _too_many(max_rows: int) -> LayoutError:
    return LayoutError([Problem(None, None, tk._(
        "The file has more than {limit} entries, the most that can be "
        "imported at once. Split the list into several files.").format(
        limit=max_rows))])


def _read(book: Any, opd_names: Mapping[str, str],
          max_rows: int) -> list[dict[str, str | None]]:
    from openpyxl.utils import get_column_letter

    sheets = book.worksheets
    if not sheets:
        raise LayoutError([Problem(None, None, tk._(
            "The file has no worksheet."))])
    sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else sheets[0]
    if not hasattr(sheet, "iter_rows"):
        sheet = sheets[0]
    declared = getattr(sheet, "max_row", None)
    if isinstance(declared, int) and declared - 1 > max_rows:
        raise _too_many(max_rows)
    # the declared size may be wrong (iter_rows would stop there): read on
    # to the end, counting
    sheet.reset_dimensions()

    problems: list[Problem] = []

    def problem(row: int | None, column: str | None, message: str) -> None:
        problems.append(Problem(row, column, message))
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem(None, None, tk._(
                "Too many problems: only the first {count} are "
                "listed.").format(count=MAX_PROBLEMS)))
            raise _TooManyProblems

    lookups = {column.key: _lookup(column.codelist)
               for column in COLUMNS if column.codelist}
    opds = _opd_lookup(opd_names)
    entries: list[dict[str, str | None]] = []
    first_ddd: dict[str, int] = {}
    first_pair: dict[tuple[str, str], int] = {}
    rows = sheet.iter_rows(min_row=1)
    try:
        header = next(rows, ())
        header_problems = _check_header(
            [None if c.value is None else str(c.value).strip()
             for c in header])
        if header_problems:
            raise LayoutError(header_problems)
        for number, cells in enumerate(rows, start=2):
            entry = _read_row(number, cells, problem, lookups, opds,
                              get_column_letter)
            if entry is None:
                continue
            if len(entries) >= max_rows:
                raise _too_many(max_rows)
            entries.append(entry)
            _check_duplicates(number, entry, first_ddd, first_pair, problem)
    except _TooManyProblems:
        pass
    if problems:
        raise LayoutError(problems)
    return entries


def _read_row(number: int, cells: Any, problem: Any,
              lookups: dict[str, dict[str, str]], opds: dict[str, str],
              letter: Any) -> dict[str, str | None] | None:
    """The entry of one row (``None`` when the row is blank); its
    problems go to ``problem``."""
    texts: list[str | None] = []
    refused: set[int] = set()  # reported already: no "required" too
    for position, cell in enumerate(cells):
        value = cell.value
        data_type = getattr(cell, "data_type", None)
        if value is None:
            texts.append(None)
            continue
        header = HEADERS[position] if position < len(COLUMNS) else (
            letter(position + 1))
        if data_type == "f" or not isinstance(
                value, (str, int, float, dt.date, dt.time)):
            problem(number, header, tk._(
                "A formula is not allowed: type the value itself."))
            refused.add(position)
            texts.append(None)
            continue
        if data_type == "e":
            problem(number, header, tk._(
                "The cell holds a spreadsheet error ({value}).").format(
                value=str(value)[:20]))
            refused.add(position)
            texts.append(None)
            continue
        text = _cell_text(value)
        if text is not None and position >= len(COLUMNS):
            problem(number, header, tk._(
                "A value outside the columns of the template."))
        texts.append(text)
    texts = (texts + [None] * len(COLUMNS))[:len(COLUMNS)]
    raw_cells = [c for c in cells if c.value is not None]
    if not raw_cells:
        return None
    entry: dict[str, str | None] = {}
    for position, (column, text) in enumerate(
            zip(COLUMNS, texts, strict=True)):
        entry[column.key] = None if position in refused else _check_value(
            number, column, text, problem, lookups, opds)
    return entry


def _check_value(number: int, column: Column, text: str | None,
                 problem: Any, lookups: dict[str, dict[str, str]],
                 opds: dict[str, str]) -> str | None:
    if text is None:
        if column.required:
            problem(number, column.header, tk._("This column is required."))
        return None
    if column.key in lookups:
        code = lookups[column.key].get(_norm(text))
        if code is None:
            problem(number, column.header, tk._(
                "Unknown value \"{value}\"; use one of: {choices}.").format(
                value=text[:60], choices=", ".join(
                    label for _c, label, _e in
                    _vocabulary(column.codelist or ""))))
        return code
    if column.key == "produsen_data":
        name = opds.get(_norm(text))
        if name is None:
            problem(number, column.header, tk._(
                "No OPD of the portal is called \"{value}\"; use the "
                "OPD's name or title as the portal has it.").format(
                value=text[:80]))
        return name
    if column.key == "kode_standar_data":
        try:
            validators.standard_code(text)
        except tk.Invalid as error:
            problem(number, column.header, str(error.error))
        return text
    if column.key in LINK_KEYS and not _is_link(text):
        problem(number, column.header, tk._(
            "Not a web address (http:// or https://): {value}").format(
            value=text[:80]))
    return text


def _check_duplicates(number: int, entry: dict[str, str | None],
                      first_ddd: dict[str, int],
                      first_pair: dict[tuple[str, str], int],
                      problem: Any) -> None:
    ddd = entry["id_ddd"]
    if ddd is not None:
        key = _norm(ddd)
        if key in first_ddd:
            problem(number, COLUMNS[0].header, tk._(
                "The same ID DDD as row {row}.").format(row=first_ddd[key]))
        else:
            first_ddd[key] = number
    opd, nama = entry["produsen_data"], entry["nama_data"]
    if opd is not None and nama is not None:
        pair = (opd, _norm(nama))
        if pair in first_pair:
            problem(number, "Nama Data", tk._(
                "The same OPD and data name as row {row}.").format(
                row=first_pair[pair]))
        else:
            first_pair[pair] = number
