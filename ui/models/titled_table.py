"""A table model whose columns carry the titles of `headers()` and whose rows are unnumbered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt


class TitledTable(QAbstractTableModel):
    """The header part shared by small list models: `headers()` gives the column titles."""

    def headers(self) -> list[str]:
        """The column titles (translated when asked)."""
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles; no row numbers."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None
