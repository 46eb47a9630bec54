"""The error workbook of a refused import: the file as read, bad cells red with the reason."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl.cell import WriteOnlyCell

from app.io.xlsx import LedgerWorkbook, error_cell, header_cell, set_widths
from app.services.imports import CellError, ImportPlan, column_letter

LIST_SHEET = "错误清单"


def write_error_workbook(plan: ImportPlan, path: Path) -> Path:
    """A list of every error, then each sheet that has errors with its cells marked."""
    book = LedgerWorkbook()
    listing = book.plain_sheet(LIST_SHEET)
    listing.freeze_panes = "A2"
    set_widths(listing, [16, 8, 8, 18, 70])
    listing.append([header_cell(listing, h) for h in ("工作表", "行", "列", "列名", "问题")])
    errors = plan.errors
    for error in errors:
        listing.append([error.sheet, error.row or None,
                        column_letter(error.column) if error.column else None,
                        error.header or None, error.message])
    by_sheet: dict[str, list[CellError]] = defaultdict(list)
    for error in errors:
        by_sheet[error.sheet].append(error)
    for sheet_plan in plan.sheets:
        found = by_sheet.get(sheet_plan.sheet.name)
        if not found:
            continue
        at: dict[tuple[int, int], list[str]] = defaultdict(list)
        for error in found:
            column = error.column or 1  # a row-level problem is noted on the row's first cell
            message = error.message if error.column else f"本行：{error.message}"
            at[(error.row, column)].append(message)
        sheet = book.plain_sheet(_title(sheet_plan.sheet.name))
        rows = sheet_plan.sheet.rows
        width = max((len(r) for r in rows), default=1)
        for r in range(max(len(rows), max(row for row, _c in at))):
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
            sheet.append(cells)
    book.save(path)  # whole or not at all; a Chinese message if it cannot be written
    return path


def _title(name: str) -> str:
    """A sheet title Excel accepts (no []:*?/\\, at most 31 characters, not the list's name)."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "工作表"
    return cleaned if cleaned != LIST_SHEET else cleaned + "_"
