"""Spreadsheet exports (CSV and XLSX) whose cells a spreadsheet shows as
text: a value that would start a formula never runs as one."""

from __future__ import annotations

import csv
import io
from typing import Any


def safe_cell(value: Any) -> Any:
    """A CSV value a spreadsheet shows as text, never runs as a
    formula."""
    if isinstance(value, str) and value[:1] in ("=", "@", "\t", "\r") or (
            isinstance(value, str) and value[:1] in ("+", "-")
            and not value[1:2].isdigit()):
        return "'" + value
    return value


def xlsx_bytes(title: str, header: list[str], rows: list[list[Any]]) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title)

    def cells(values: list[Any]) -> list[Any]:
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            out.append(cell)
        return out

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 CSV with a BOM (spreadsheets read it as UTF-8), every cell
    safe (:func:`safe_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
