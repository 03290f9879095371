"""Reading a Daftar Data workbook in the 19-column template (see
:mod:`.xlsx` for the layout): all entries or a row-numbered report of every
problem, never a partial import."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any, Mapping

import ckan.plugins.toolkit as tk

from ckanext.satudata.logic import validators

from .xlsx import (
    COLUMNS,
    DATA_SHEET,
    HEADERS,
    LINK_KEYS,
    MAX_PROBLEMS,
    MAX_ROWS,
    MAX_UNPACKED,
    Column,
    LayoutError,
    Problem,
    TooManyProblems,
    cell_text,
    code_vocabulary,
    is_link,
    lookup,
    norm,
)


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
        accepted[norm(column.header)] = index
        accepted.setdefault(norm(column.key), index)
    found = [accepted.get(norm(v)) if v is not None else None
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
        found.setdefault(norm(name), name)
    for key, name in opd_names.items():
        found.setdefault(norm(key), name)
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
            raise TooManyProblems

    lookups = {column.key: lookup(column.codelist)
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
    except TooManyProblems:
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
        text = cell_text(value)
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
        code = lookups[column.key].get(norm(text))
        if code is None:
            problem(number, column.header, tk._(
                "Unknown value \"{value}\"; use one of: {choices}.").format(
                value=text[:60], choices=", ".join(
                    label for _c, label, _e in
                    code_vocabulary(column.codelist or ""))))
        return code
    if column.key == "produsen_data":
        name = opds.get(norm(text))
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
    if column.key in LINK_KEYS and not is_link(text):
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
        key = norm(ddd)
        if key in first_ddd:
            problem(number, COLUMNS[0].header, tk._(
                "The same ID DDD as row {row}.").format(row=first_ddd[key]))
        else:
            first_ddd[key] = number
    opd, nama = entry["produsen_data"], entry["nama_data"]
    if opd is not None and nama is not None:
        pair = (opd, norm(nama))
        if pair in first_pair:
            problem(number, "Nama Data", tk._(
                "The same OPD and data name as row {row}.").format(
                row=first_pair[pair]))
        else:
            first_pair[pair] = number


def check_entry(values: Mapping[str, Any], *, opd_names: Mapping[str, str]
                ) -> tuple[dict[str, str | None], dict[str, list[str]]]:
    """One entry typed into a form or sent to the API, checked as a row of
    the workbook is: the entry (codes for coded values, the OPD's name)
    and the problems by field key (empty when there are none)."""
    errors: dict[str, list[str]] = {}
    by_header = {column.header: column.key for column in COLUMNS}

    def problem(row: int | None, column: str | None, message: str) -> None:
        errors.setdefault(by_header.get(column or "", column or ""),
                          []).append(message)

    lookups = {column.key: lookup(column.codelist)
               for column in COLUMNS if column.codelist}
    opds = _opd_lookup(opd_names)
    entry = {column.key: _check_value(
        0, column, cell_text(values.get(column.key)), problem, lookups,
        opds) for column in COLUMNS}
    return entry, errors
