"""Writing ledger workbooks with openpyxl (write-only): headers, dropdowns, formats, safe text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from app.io.layout import (
    OPTIONS_SHEET,
    RECORD_ID,
    TEXT_PREFIXES,
    Column,
    display_width,
    needs_text_guard,
)
from app.store.whole import written_whole

MAX_ROW = 1_048_576
HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
ID_FONT = Font(color="808080")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
THIN = Side(style="thin", color="A6A6A6")
HEADER_BORDER = Border(bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
AUTHOR = "社区嵌入式服务设施台账"
ID_NOTE = "系统生成的记录编号：再次导入时据此更新原记录，请勿修改"


_PLAIN = frozenset({int, float, bool, dt.date, type(None)})
"""Types a ledger cell holds as it is (openpyxl gives a date its yyyy-mm-dd format itself)."""


class LedgerWorkbook:
    """A workbook being written sheet by sheet, rows streamed (any size in little memory)."""

    def __init__(self) -> None:
        self.book = Workbook(write_only=True)
        self._options: WriteOnlyWorksheet | None = None
        self._lists: list[tuple[str, ...]] = []
        self._list_ranges: dict[tuple[str, ...], str] = {}

    def ledger_sheet(self, title: str, cols: Sequence[Column], *, with_ids: bool) -> LedgerSheet:
        """A ledger sheet with its header row written; rows follow through `append`."""
        return LedgerSheet(self, title, cols, with_ids=with_ids)

    def plain_sheet(self, title: str) -> WriteOnlyWorksheet:
        """A sheet for free-form content (the matrix summary)."""
        return self.book.create_sheet(title)

    def list_range(self, choices: tuple[str, ...]) -> str:
        """A defined name for a dropdown list, its values kept in the hidden options sheet."""
        if choices not in self._list_ranges:
            name = f"选项{len(self._lists) + 1}"
            self._lists.append(choices)
            self._list_ranges[choices] = name
        return self._list_ranges[choices]

    def discard(self) -> None:
        """Close the sheets of a workbook that will not be saved (their temporary files go)."""
        for sheet in self.book.worksheets:
            if isinstance(sheet, WriteOnlyWorksheet) and not sheet.closed:
                sheet.close()

    def save(self, path: Path) -> None:
        """Write the options sheet, then the file (to a temporary name, then into place)."""
        if self._lists:
            options = self.book.create_sheet(OPTIONS_SHEET)
            options.sheet_state = "hidden"
            longest = max(len(c) for c in self._lists)
            for row in range(longest):
                options.append([c[row] if row < len(c) else None for c in self._lists])
            for n, choices in enumerate(self._lists, start=1):
                letter = get_column_letter(n)
                ref = f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$1:${letter}${len(choices)}"
                name = self._list_ranges[choices]
                self.book.defined_names[name] = DefinedName(name, attr_text=ref)
        with written_whole(path, opened_in="Excel 或 WPS") as partial:
            self.book.save(partial)


class LedgerSheet:
    """One ledger sheet: frozen bold header, widths, dropdowns, text kept as text."""

    def __init__(
        self, book: LedgerWorkbook, title: str, cols: Sequence[Column], *, with_ids: bool
    ) -> None:
        self.sheet = book.book.create_sheet(title)
        self.cols = tuple(cols)
        self.with_ids = with_ids
        self.rows = 0
        sheet = self.sheet
        sheet.freeze_panes = "A2"
        fit_to_width(sheet)
        for n, col in enumerate(self.cols, start=1):
            # the column's format applies to what is typed later too: a phone typed into the
            # template keeps its leading 0, a date shows as a date
            dimension = sheet.column_dimensions[get_column_letter(n)]
            dimension.width = col.width
            dimension.number_format = col.number_format
        if with_ids:
            sheet.column_dimensions[get_column_letter(len(self.cols) + 1)].width = 38
        for n, col in enumerate(self.cols, start=1):
            if col.choices:
                letter = get_column_letter(n)
                validation = DataValidation(
                    type="list", formula1=f"={book.list_range(col.choices)}", allow_blank=True,
                    showErrorMessage=True, errorStyle="warning", errorTitle="不在可选范围内",
                    error=f"{col.header}请从下拉列表中选择：{'、'.join(col.choices)}",
                )
                if col.several:  # a dropdown offers one; more are typed, joined by 、
                    validation.errorStyle = "information"
                    validation.showInputMessage = True
                    validation.promptTitle = col.header
                    validation.prompt = "可选一项，或填写多项并用“、”分隔"
                    validation.error = "多项请用“、”分隔，如 养老服务、社区助餐"
                validation.add(f"{letter}2:{letter}{MAX_ROW}")
                sheet.data_validations.append(validation)
        sheet.append(self._header())

    def _header(self) -> list[WriteOnlyCell]:
        cells = []
        for col in self.cols:
            cell = WriteOnlyCell(self.sheet, value=col.header)
            cell.font = REQUIRED_FONT if col.field.required else HEADER_FONT
            cell.fill, cell.border, cell.alignment = HEADER_FILL, HEADER_BORDER, WRAP
            required = "必填" if col.field.required else ""
            notes = [note for note in (required, col.field.help) if note]
            if col.choices:
                notes.append("可选：" + "、".join(col.choices))
            if notes:
                cell.comment = _comment("\n".join(notes), col.header)
            cells.append(cell)
        if self.with_ids:
            cell = WriteOnlyCell(self.sheet, value=RECORD_ID)
            cell.font, cell.fill, cell.border = ID_FONT, HEADER_FILL, HEADER_BORDER
            cell.comment = _comment(ID_NOTE, RECORD_ID)
            cells.append(cell)
        return cells

    def append(self, values: Sequence[Any], record_id: str | None = None) -> None:
        """One record's cells (already display values: labels, names, dates, numbers)."""
        # nearly every value goes in as it is: only an empty text, a text that looks like a
        # formula and a Decimal take the long way (a call per cell is a third of the export)
        row = [value if type(value) in _PLAIN or (
            type(value) is str and value and not value.startswith(TEXT_PREFIXES))
            else self._cell(col, value) for col, value in zip(self.cols, values, strict=True)]
        if self.with_ids:
            row.append(record_id)
        self.sheet.append(row)
        self.rows += 1

    def _cell(self, col: Column, value: Any) -> Any:
        # Plain values where the default shows them right (strings are always text cells, dates
        # get yyyy-mm-dd): a styled cell costs several times a plain one.
        if value is None or value == "":
            return None
        if isinstance(value, str) and needs_text_guard(value):
            # =, +, -, @ never turn into a formula, not even when someone edits the cell
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        if isinstance(value, Decimal):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = col.number_format
            return cell
        return value


def _comment(text: str, header: str) -> Comment:
    comment = Comment(text, AUTHOR)
    comment.width = max(160, min(420, 8 * max(display_width(line) for line in text.splitlines())))
    comment.height = 24 + 18 * (text.count("\n") + 1 + display_width(text) // 50)
    return comment


def error_cell(sheet: WriteOnlyWorksheet, value: Any, message: str) -> WriteOnlyCell:
    """A cell marked as wrong: red fill and the explanation as a comment."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and needs_text_guard(value):
        cell.data_type = "s"
    cell.fill = ERROR_FILL
    cell.comment = _comment(message, "")
    return cell


def header_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A bold header cell on a grey band."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
    cell.alignment = WRAP
    return cell


def fit_to_width(sheet: WriteOnlyWorksheet, title_rows: str = "1:1") -> None:
    """Printed landscape, all columns on the page's width, the header repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def set_widths(sheet: WriteOnlyWorksheet, widths: Iterable[float]) -> None:
    """Column widths, first column first."""
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
