"""Table models of an import preview: one row per sheet, and one row per error (thousands)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.services.imports import CellError, SheetPlan, column_letter
from ui import theme

Index = QModelIndex | QPersistentModelIndex

ACTIONS = ("new", "update", "restore", "same")
"""The counted actions, in the order of the sheet table's columns after 表头行."""

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter


def sheet_errors(sheet: SheetPlan) -> int:
    """The problems found in one sheet: its own (a missing column) and its rows'."""
    return len(sheet.errors) + sum(len(row.errors) for row in sheet.rows)


class SheetsModel(QAbstractTableModel):
    """Each sheet of the file: what it was taken for, its header row, its rows by action."""

    def __init__(self, sheets: Sequence[SheetPlan], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sheets = list(sheets)
        self._errors = [sheet_errors(s) for s in self.sheets]

    def headers(self) -> list[str]:
        """The column titles."""
        translate = QCoreApplication.translate
        return [
            translate("SheetsModel", "Sheet"),
            translate("SheetsModel", "Taken as"),
            translate("SheetsModel", "Header row"),
            translate("SheetsModel", "New"),
            translate("SheetsModel", "Updated"),
            translate("SheetsModel", "Restored"),
            translate("SheetsModel", "Unchanged"),
            translate("SheetsModel", "Errors"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """One row per sheet."""
        return 0 if parent.isValid() else len(self.sheets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """Sheet, taken as, header row, the four actions, errors."""
        return 0 if parent.isValid() else 8

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles; no row numbers."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A sheet's name, ledger, header row (as the spreadsheet numbers it) and counts."""
        if not index.isValid() or not 0 <= index.row() < len(self.sheets):
            return None
        sheet = self.sheets[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(sheet, index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole and sheet.spec is None:
            return sheet.note or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and (
            sheet.spec is None or (column == 7 and self._errors[index.row()])
        ):
            return QColor(theme.PROBLEM if sheet.spec is not None else theme.SKIPPED)
        return None

    def _text(self, sheet: SheetPlan, row: int, column: int) -> str:
        if column == 0:
            return sheet.sheet.name
        if sheet.spec is None:
            return QCoreApplication.translate("SheetsModel", "(skipped)") if column == 1 else ""
        if column == 1:
            return sheet.spec.label
        if column == 2:
            return str(sheet.header_row + 1)
        if column == 7:
            return str(self._errors[row])
        return str(sheet.count(ACTIONS[column - 3]))


class ErrorsModel(QAbstractTableModel):
    """Every problem of the file: sheet, row, column, what is wrong. A list: thousands are fine."""

    def __init__(self, errors: Sequence[CellError], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.errors = list(errors)

    def headers(self) -> list[str]:
        """The column titles."""
        translate = QCoreApplication.translate
        return [
            translate("ErrorsModel", "Sheet"),
            translate("ErrorsModel", "Row"),
            translate("ErrorsModel", "Column"),
            translate("ErrorsModel", "Problem"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """One row per error."""
        return 0 if parent.isValid() else len(self.errors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """Sheet, row, column, problem."""
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles; rows are numbered 1, 2, 3 …"""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation is Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Where the error is, as the spreadsheet numbers it, and what is wrong (in Chinese)."""
        if not index.isValid() or not 0 <= index.row() < len(self.errors):
            return None
        error = self.errors[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return error.sheet
            if column == 1:
                return str(error.row) if error.row else ""
            if column == 2:
                return column_letter(error.column) if error.column else ""
            return problem_text(error)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(error)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return _CENTRE
        return None


def problem_text(error: CellError) -> str:
    """What is wrong, with the column's header: “登记日期”：日期不存在：2025年13月1日."""
    return f"“{error.header}”：{error.message}" if error.header else error.message
