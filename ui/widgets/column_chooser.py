"""Which columns a list shows: tick boxes in the header's right-click menu, kept in the settings."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QObject, QPoint, QSettings, Qt
from PySide6.QtWidgets import QMenu, QTableView

SETTING = "columns/{key}/hidden"
"""The QSettings key holding the names of a list's hidden columns."""


class ColumnChooser(QObject):
    """Right-click on a table's header: every column with a tick box, and 恢复默认列.

    Columns are remembered by name (a field added later shows), per list (`key`), across
    restarts; the `fixed` column (the record's title) cannot be hidden.
    """

    def __init__(self, table: QTableView, key: str, names: Sequence[str], fixed: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.key = key
        self.names = list(names)
        self.fixed = fixed
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        self._apply(self._saved())

    def hidden(self) -> list[str]:
        """The names of the columns hidden now, in column order."""
        header = self.table.horizontalHeader()
        return [name for n, name in enumerate(self.names) if header.isSectionHidden(n)]

    def set_shown(self, name: str, shown: bool) -> None:
        """Show or hide a column (never the fixed one) and remember the choice."""
        if name == self.fixed and not shown:
            return
        self.table.horizontalHeader().setSectionHidden(self.names.index(name), not shown)
        self._save()

    def reset(self) -> None:
        """Every column shown again; the choice forgotten."""
        self._apply(set())
        QSettings().remove(SETTING.format(key=self.key))

    def menu(self) -> QMenu:
        """The header's menu: a tick box per column, then 恢复默认列."""
        menu = QMenu(self.table)
        model = self.table.model()
        hidden = set(self.hidden())
        for n, name in enumerate(self.names):
            label = str(model.headerData(n, Qt.Orientation.Horizontal) or name)
            action = menu.addAction(label)
            action.setObjectName(name)
            action.setCheckable(True)
            action.setChecked(name not in hidden)
            if name == self.fixed:
                action.setEnabled(False)
                action.setToolTip(self.tr("This column names the record: it is always shown"))
            action.toggled.connect(partial(self.set_shown, name))
        menu.setToolTipsVisible(True)
        menu.addSeparator()
        reset = menu.addAction(self.tr("Show the default columns"))
        reset.setObjectName("reset")
        reset.setEnabled(bool(hidden))
        reset.triggered.connect(self.reset)
        return menu

    def _show_menu(self, position: QPoint) -> None:
        menu = self.menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))
        menu.deleteLater()

    def _saved(self) -> set[str]:
        value = QSettings().value(SETTING.format(key=self.key), [])
        if isinstance(value, str):  # QSettings gives a one-item list back as its item
            value = [value]
        if not isinstance(value, list):
            return set()
        return {str(name) for name in value} - {self.fixed}

    def _apply(self, hidden: set[str]) -> None:
        header = self.table.horizontalHeader()
        for n, name in enumerate(self.names):
            header.setSectionHidden(n, name in hidden)

    def _save(self) -> None:
        QSettings().setValue(SETTING.format(key=self.key), self.hidden())
