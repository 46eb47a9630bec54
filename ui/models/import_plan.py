"""Models of an import preview: one row per sheet, one per error (thousands), and the updated
records with their changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.services.import_changes import RecordDiff
from app.services.imports import CellError, SheetPlan, column_letter
from ui import theme
from ui.models.titled_table import TitledTable

Index = QModelIndex | QPersistentModelIndex

ACTIONS = ("new", "update", "restore", "same")
"""The counted actions, in the order of the sheet table's columns after 表头行."""

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter


def sheet_errors(sheet: SheetPlan) -> int:
    """The problems found in one sheet: its own (a missing column) and its rows'."""
    return len(sheet.errors) + sum(len(row.errors) for row in sheet.rows)


class SheetsModel(TitledTable):
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


UPDATES_BATCH = 500
"""Updated records added to the view at a time, as it scrolls (an import may update 100,000)."""


class UpdatesModel(QAbstractItemModel):
    """The records an import would update: one row each (社区 东七路社区（第 3 行）), below it one
    row per field that changes (常住人口：4000 人 → 4200 人). Lazy: records come as the view
    scrolls, so a large import opens at once."""

    def __init__(self, updates: Sequence[RecordDiff], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.updates = updates
        self._shown = 0

    def canFetchMore(self, parent: Index) -> bool:
        """More records to add at the top level."""
        return not parent.isValid() and self._shown < len(self.updates)

    def fetchMore(self, parent: Index) -> None:
        """Add the next batch of records."""
        if parent.isValid():
            return
        more = min(UPDATES_BATCH, len(self.updates) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def index(self, row: int, column: int,
              parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 (Qt's signature)
        """A record (top level, id 0) or one of its fields (id: the record's row + 1)."""
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < self._shown else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        fields = self.updates[parent.row()].fields
        return self.createIndex(row, 0, parent.row() + 1) if row < len(fields) else QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """A field's record; a record has none."""
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """The records shown so far; a record's changed fields; a field has no rows."""
        if not parent.isValid():
            return self._shown
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self.updates[parent.row()].fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """One column: the record, or 字段：旧值 → 新值."""
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt's signature)
        """Records have their fields below them."""
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """One title."""
        if (section == 0 and orientation is Qt.Orientation.Horizontal
                and role == Qt.ItemDataRole.DisplayRole):
            return QCoreApplication.translate("UpdatesModel", "Record, and field: now → after")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A record's heading, or one field's change: 字段：旧值 → 新值."""
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        if index.internalId() == 0:
            return self.updates[index.row()].heading() if index.row() < self._shown else None
        record = self.updates[index.internalId() - 1]
        return str(record.fields[index.row()]) if index.row() < len(record.fields) else None
