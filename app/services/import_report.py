"""The error workbook of a refused import: the file as read, bad cells red with the reason."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from app.io import import_report_xlsx
from app.io.import_report_xlsx import LIST_SHEET as LIST_SHEET  # the list sheet's name, for callers
from app.io.import_report_xlsx import ErrorLine, MarkedSheet
from app.services.imports import CellError, ImportPlan, column_letter


def write_error_workbook(plan: ImportPlan, path: Path) -> Path:
    """A list of every error, then each sheet that has errors with its cells marked."""
    errors = plan.errors
    listing = [
        ErrorLine(error.sheet, error.row or None,
                  column_letter(error.column) if error.column else None,
                  error.header or None, error.message)
        for error in errors
    ]
    by_sheet: dict[str, list[CellError]] = defaultdict(list)
    for error in errors:
        by_sheet[error.sheet].append(error)
    marked = [
        _marked(sheet_plan.sheet.name, sheet_plan.sheet.rows, found)
        for sheet_plan in plan.sheets
        if (found := by_sheet.get(sheet_plan.sheet.name))
    ]
    # whole or not at all; a Chinese message if it cannot be written
    return import_report_xlsx.write_error_workbook(path, listing, marked)


def _marked(name: str, rows: list[list[object]], found: list[CellError]) -> MarkedSheet:
    """A sheet with its errors noted at their cells (a row's own problem at its first cell)."""
    sheet = MarkedSheet(name, rows)
    for error in found:
        column = error.column or 1  # a row-level problem is noted on the row's first cell
        message = error.message if error.column else f"本行：{error.message}"
        sheet.marks.setdefault((error.row, column), []).append(message)
    return sheet
