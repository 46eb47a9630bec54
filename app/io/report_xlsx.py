"""A report's plain content (app/io/document.py) as a one-sheet workbook, for further work in Excel.

The same Document the PDF is laid out from: the title and area on top, each heading and note as a
line, each table with its header row, each chart as its labels and figures. Numbers stay numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from app.io.document import BarChart, Document, Table, Text
from app.io.layout import display_width, needs_text_guard
from app.store.whole import written_whole

TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True, size=12)
NOTE = Font(color="606060", size=9)
HEADER = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
MAX_WIDTH = 60


def write_report_xlsx(path: Path, document: Document) -> int:
    """Write the report's workbook whole (or not at all); returns how many rows it has."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = document.furniture.title[:31].replace("/", "-") or "报表"
    furniture = document.furniture
    rows: list[tuple[list[Any], Font | None]] = [
        ([furniture.title], TITLE), ([furniture.area], None),
        *(([line], None) for line in document.lines), ([], None)]
    for block in document.blocks:
        if isinstance(block, Text):
            font = {"heading": HEADING, "note": NOTE}.get(block.style)
            rows.append(([block.text], font))
        elif isinstance(block, Table):
            if block.caption:
                rows.append(([block.caption], HEADER))
            rows.append((list(block.headers), HEADER))
            rows += [(list(row), None) for row in block.rows]
            rows.append(([], None))
        elif isinstance(block, BarChart):
            rows += [([bar.label, bar.text], None) for bar in block.bars]
    rows.append(([f"制表单位：{furniture.unit}", f"制表人：{furniture.preparer}",
                  f"制表日期：{furniture.printed_on.isoformat()}"], NOTE))
    widths: dict[int, int] = {}
    header_rows = set()
    for number, (values, font) in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(number, column, value)
            if isinstance(value, str) and needs_text_guard(value):
                cell.data_type = "s"  # =, +, -, @ never turn into a formula
                cell.quotePrefix = True
            if font is not None:
                cell.font = font
            if len(values) > 1 and isinstance(value, str):
                widths[column] = max(widths.get(column, 0), display_width(value))
        if font is HEADER and len(values) > 1:
            header_rows.add(number)
    for number in header_rows:
        for cell in sheet[number]:
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in widths.items():
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = \
            min(MAX_WIDTH, width + 2)
    with written_whole(path, opened_in="Excel 或 WPS") as partial:
        book.save(partial)
    return len(rows)

