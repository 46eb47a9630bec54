"""The 冲突 list of the 同步 page as a Qt table: values that lost a merge, one row per field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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

from app.domain.entities import entity
from app.services.sync import Conflict
from ui import theme
from ui.widgets.history_view import local_time

Index = QModelIndex | QPersistentModelIndex

CONFLICT_ROLE = Qt.ItemDataRole.UserRole
"""The row's Conflict (any column)."""

LEDGER, RECORD, FIELD, LOST, KEPT, DEVICE, TIME = range(7)
"""The columns, in order."""

LOST_COLOUR = QColor(theme.LOST)
"""The overwritten value: the one a person may want back."""
MUTED_COLOUR = QColor(theme.MUTED)


def ledger_label(name: str) -> str:
    """The ledger a record belongs to, as the tabs name it (需求清单 …); the name if unknown."""
    spec = entity(name)
    return spec.label if spec is not None else name


class ConflictTableModel(QAbstractTableModel):
    """The conflicts not yet reviewed, newest first (read by the page in a worker, shown here).

    A conflict's device is shown by the label it was enrolled with when the page knows it, else
    by its fingerprint.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.conflicts: list[Conflict] = []
        self._devices: dict[str, str] = {}

    def set_conflicts(self, conflicts: Sequence[Conflict],
                      devices: Mapping[str, str] | None = None) -> None:
        """Show these conflicts; `devices` names fingerprints (fingerprint → label)."""
        self.beginResetModel()
        self.conflicts = list(conflicts)
        self._devices = dict(devices or {})
        self.endResetModel()

    def conflict(self, row: int) -> Conflict | None:
        """The conflict of a row (None outside the table)."""
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def device_name(self, fingerprint: str) -> str:
        """A device as people know it: its label, else its fingerprint."""
        return self._devices.get(fingerprint) or fingerprint

    def headers(self) -> list[str]:
        """The column titles."""
        translate = QCoreApplication.translate
        return [
            translate("ConflictTableModel", "Ledger"),
            translate("ConflictTableModel", "Record"),
            translate("ConflictTableModel", "Field"),
            translate("ConflictTableModel", "Overwritten value"),
            translate("ConflictTableModel", "Value kept"),
            translate("ConflictTableModel", "From device"),
            translate("ConflictTableModel", "Time"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """One row per losing value."""
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """Ledger, record, field, the two values, device, time."""
        return 0 if parent.isValid() else TIME + 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles; rows are numbered."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, its full text as a tooltip, the Conflict under CONFLICT_ROLE."""
        if not index.isValid():
            return None
        conflict = self.conflict(index.row())
        if conflict is None:
            return None
        column = index.column()
        if role == CONFLICT_ROLE:
            return conflict
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(conflict, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DEVICE:
                return conflict.device
            if column in (RECORD, LOST, KEPT):
                return self._text(conflict, column)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == LOST:
                return LOST_COLOUR
            if column in (LEDGER, DEVICE, TIME):
                return MUTED_COLOUR
        return None

    def _text(self, conflict: Conflict, column: int) -> str:
        if column == LEDGER:
            return ledger_label(conflict.entity)
        if column == RECORD:
            return conflict.title
        if column == FIELD:
            return conflict.label
        if column == LOST:
            return conflict.lost or "—"
        if column == KEPT:
            return conflict.kept or "—"
        if column == DEVICE:
            return self.device_name(conflict.device)
        return local_time(conflict.at)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Cells can be chosen (to restore or review their row), not edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
