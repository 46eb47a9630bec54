"""The ledger export as a workbook: a sheet per ledger streamed from its rows, the matrix sheet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.domain import rates
from app.domain.enums import FunctionStatus
from app.domain.palette import STATUS_COLOURS
from app.io import layout
from app.io.xlsx import LedgerWorkbook, fit_to_width, header_cell, set_widths

CENTRE = Alignment(horizontal="center")
BOLD = Font(bold=True)
_FILLS = {s: PatternFill("solid", fgColor=bg[1:]) for s, (bg, _fg) in STATUS_COLOURS.items()}
_FONTS = {s: Font(color=fg[1:]) for s, (_bg, fg) in STATUS_COLOURS.items()}


@dataclass(frozen=True)
class LedgerRows:
    """One ledger's sheet: its title, its columns, and its rows as (display values, record id)."""

    title: str
    columns: tuple[layout.Column, ...]
    rows: Iterable[tuple[Sequence[Any], str]] = ()


@dataclass(frozen=True)
class Percent:
    """A percentage as printed (69.9 for 69.9 %); None where there is none to print."""

    value: Decimal | None


@dataclass(frozen=True)
class MatrixLine:
    """One community of the matrix sheet: where it is, then the status of each function."""

    street: str
    community: str
    code: str | None
    statuses: tuple[FunctionStatus, ...]


@dataclass(frozen=True)
class MatrixTable:
    """The 九项功能矩阵 sheet: headers, a line per community, then the coverage lines under it."""

    headers: tuple[str, ...]
    """街道, 社区, 社区代码, then one per function."""
    lines: Sequence[MatrixLine]
    summary: Sequence[tuple[str, Sequence[Any]]]
    """A label and a value per function (a Percent where it is a rate)."""


def write_ledgers(
    path: Path, parts: Iterable[LedgerRows | MatrixTable], *, with_ids: bool = True
) -> dict[str, int]:
    """Write the sheets in the order `parts` yields them, then the file; rows written per sheet.

    `parts` may be a generator that reads as it goes: a ledger's rows are streamed, never held.
    The file appears whole or not at all (written beside, then moved into place).
    """
    book = LedgerWorkbook()
    counts: dict[str, int] = {}
    try:
        for part in parts:
            if isinstance(part, MatrixTable):
                _matrix_sheet(book, part)
                continue
            sheet = book.ledger_sheet(part.title, part.columns, with_ids=with_ids)
            for values, record_id in part.rows:
                sheet.append(values, record_id)
            counts[part.title] = sheet.rows
        book.save(path)
    except BaseException:
        book.discard()
        raise
    return counts


def _matrix_sheet(book: LedgerWorkbook, table: MatrixTable) -> None:
    """Communities × functions in their status colours, then the coverage lines."""
    sheet = book.plain_sheet(layout.MATRIX_SHEET)
    sheet.freeze_panes = "D2"
    fit_to_width(sheet)
    set_widths(sheet, [14, 18, 15, *[11] * (len(table.headers) - 3)])
    sheet.append([header_cell(sheet, h) for h in table.headers])
    cell = _StatusCells(sheet)
    for line in table.lines:
        sheet.append([line.street, line.community, line.code, *map(cell, line.statuses)])
    sheet.append([])
    for title, values in table.summary:
        label = WriteOnlyCell(sheet, value=title)  # no wrap: it runs on over the empty B and C
        label.font = BOLD
        sheet.append([label, None, None, *(_value(sheet, value) for value in values)])


def _status_cell(sheet: WriteOnlyWorksheet, status: FunctionStatus) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=status.short)
    cell.font, cell.fill, cell.alignment = _FONTS[status], _FILLS[status], CENTRE
    return cell


class _StatusCells:
    """A status's cell in its colours, the colours registered with the workbook when the status
    is first met and copied from then on (a font or a fill set on a cell is hashed to find it
    among the workbook's: that was most of the sheet's time)."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self.styles: dict[FunctionStatus, StyleArray] = {}

    def __call__(self, status: FunctionStatus) -> WriteOnlyCell:
        style = self.styles.get(status)
        if style is None:
            cell = _status_cell(self.sheet, status)
            self.styles[status] = copy(cell._style)
            return cell
        cell = WriteOnlyCell(self.sheet, value=status.short)
        cell._style = copy(style)
        return cell


def _value(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    return _percent(sheet, value.value) if isinstance(value, Percent) else value


def _percent(sheet: WriteOnlyWorksheet, percent: Decimal | None) -> Any:
    """A printed percentage as a number cell that Excel shows exactly as printed ("—" for none).

    The cell holds the printed value (0.699 for 69.9 %), not the exact share: a format cannot
    cut 69.994 % to 69.9 %, and Excel would show "70.0%" beside 还差 1 个 (GLOSSARY).
    """
    if percent is None:
        return rates.NOTHING
    cell = WriteOnlyCell(sheet, value=float(percent / 100))
    decimals = -min(0, int(percent.as_tuple().exponent))
    cell.number_format = "0." + "0" * decimals + "%" if decimals else "0%"
    return cell
