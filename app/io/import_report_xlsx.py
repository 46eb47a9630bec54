"""The error workbook of a refused import: the list of errors, then each sheet, bad cells red."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.io.xlsx import LedgerWorkbook, error_cell, header_cell, set_widths

LIST_SHEET = "错误清单"
LIST_HEADERS = ("工作表", "行", "列", "列名", "问题")


@dataclass(frozen=True)
class ErrorLine:
    """One line of the list: where the problem is (row and column as the file numbers them)."""

    sheet: str
    row: int | None
    column: str | None
    """The column's letter."""
    header: str | None
    message: str


@dataclass
class MarkedSheet:
    """A sheet as it was read, and the problems noted at its cells."""

    name: str
    rows: Sequence[Sequence[Any]]
    marks: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    """(row, column), both from 1, to what is wrong there."""


def write_error_workbook(
    path: Path, errors: Sequence[ErrorLine], sheets: Sequence[MarkedSheet]
) -> Path:
    """The list of every error, then each marked sheet (whole, or a Chinese message if not)."""
    book = LedgerWorkbook()
    listing = book.plain_sheet(LIST_SHEET)
    listing.freeze_panes = "A2"
    set_widths(listing, [16, 8, 8, 18, 70])
    listing.append([header_cell(listing, h) for h in LIST_HEADERS])
    for error in errors:
        listing.append([error.sheet, error.row, error.column, error.header, error.message])
    for marked in sheets:
        sheet = book.plain_sheet(_title(marked.name))
        for cells in _marked_rows(sheet, marked):
            sheet.append(cells)
    book.save(path)
    return path


def _marked_rows(sheet: WriteOnlyWorksheet, marked: MarkedSheet) -> Iterator[list[object]]:
    """The sheet's cells as read, marked ones red with their notes, out to the last mark."""
    rows, at = marked.rows, marked.marks
    width = max((len(r) for r in rows), default=1)
    for r in range(max(len(rows), max((row for row, _c in at), default=0))):
        values = rows[r] if r < len(rows) else []
        cells: list[object] = []
        for c in range(max(width, max((col for row, col in at if row == r + 1), default=0))):
            value = values[c] if c < len(values) else None
            messages = at.get((r + 1, c + 1))
            if messages:
                cells.append(error_cell(sheet, value, "\n".join(messages)))
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(None if value == "" else value)
        yield cells


def _title(name: str) -> str:
    """A sheet title Excel accepts (no []:*?/\\, at most 31 characters, not the list's name)."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "工作表"
    return cleaned if cleaned != LIST_SHEET else cleaned + "_"
