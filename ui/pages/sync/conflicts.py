"""The conflicts on the sync page: values that lost a merge, to put back or to mark reviewed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from app.services.sync import Conflict, mark_reviewed, restore_lost
from ui.models.conflict_table import (
    DEVICE,
    FIELD,
    KEPT,
    LEDGER,
    LOST,
    RECORD,
    TIME,
    ConflictTableModel,
)
from ui.pages.sync.parts import EMPTY_STYLE, MUTED, SyncPanel, SyncView, button, label, section_row
from ui.widgets.heading import section_label

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

CONFLICT_MIN_HEIGHT = 180


class ConflictsPanel(SyncPanel):
    """冲突: when two offices changed the same field, the value that lost, listed until someone
    puts it back (a new change of this office) or marks it reviewed."""

    def __init__(self, bus: ChangeBus, origin: object, parent: QWidget | None = None) -> None:
        super().__init__(bus, origin, parent)
        self.count_label = label(style=MUTED, wrap=False)
        self.restore_button = button(
            self.tr("Restore this value"), self.restore_selected,
            self.tr("Put the overwritten value back (as a new change of this office)"))
        self.review_button = button(
            self.tr("Mark as reviewed"), self.review_selected,
            self.tr("Keep the value as it is and take the conflict off the list"))
        self.model = ConflictTableModel(self)
        table = self.table = QTableView()
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
        table.setMinimumHeight(CONFLICT_MIN_HEIGHT)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(60)
        table.selectionModel().selectionChanged.connect(self._on_selection)
        self.no_conflicts = label(self.tr(
            "No conflicts to review. When two offices change the same field, the later change "
            "is kept and the other value is listed here, so that you can put it back."))
        self.no_conflicts.setStyleSheet(EMPTY_STYLE)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(table, 1)
        column.addWidget(self.no_conflicts)
        column.addStretch(0)
        self.column.addLayout(section_row(section_label(self.tr("Conflicts")),
                                          self.restore_button, self.review_button,
                                          extra=self.count_label))
        self.column.addWidget(content, 1)

    # --- showing ---------------------------------------------------------------------------

    def show_view(self, ledger: Ledger | None, view: SyncView | None) -> None:
        """The conflicts to review, each device named as this office knows it."""
        super().show_view(ledger, view)
        if view is None:
            self.model.set_conflicts([])
        else:
            state = view.state
            names = {device.fingerprint: device.label for device in state.devices}
            names[state.fingerprint] = self.tr("This office")
            self.model.set_conflicts(view.conflicts, names)
        count = self.model.rowCount()
        self.table.setVisible(bool(count))
        self.no_conflicts.setVisible(not count)
        self.restore_button.setVisible(bool(count))
        self.review_button.setVisible(bool(count))
        self.count_label.setText(self.tr("%n to review", "", count) if count else "")
        if count:
            self._size_columns()

    def _size_columns(self) -> None:
        table = self.table
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        for column, most in ((LEDGER, 120), (RECORD, 240), (FIELD, 140), (DEVICE, 160),
                             (TIME, 150)):
            header.resizeSection(column, min(header.sectionSize(column), most))
        for column in (LOST, KEPT):  # the values share what is left of the width
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def update_actions(self, ready: bool) -> None:
        """Restore and review a chosen conflict once the state is read, while no sync runs."""
        super().update_actions(ready)
        usable = ready and self.view is not None and self.selected_conflict() is not None
        self.restore_button.setEnabled(usable)
        self.review_button.setEnabled(usable)

    # --- choosing and acting ---------------------------------------------------------------

    def selected_conflict(self) -> Conflict | None:
        """The conflict whose row is chosen, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.conflict(rows[0].row()) if rows else None

    def select_conflict(self, row: int) -> None:
        """Choose a row of the conflict list (as a click does)."""
        self.table.selectRow(row)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.update_actions(self.ready)

    def restore_selected(self) -> bool:
        """Put the chosen conflict's overwritten value back, on the writer; False if nothing
        was asked (`written` tells when it has ended)."""
        conflict = self.selected_conflict()
        if self.ledger is None or conflict is None or not self.ready:
            return False
        ledger = self.ledger
        operation = self.write(lambda _state: restore_lost(ledger, conflict),
                               self.tr("Cannot restore the value"))
        operation.succeeded.connect(lambda _result: self.status_message.emit(
            self.tr("Restored {field} of {record}: {value}").format(
                field=conflict.label, record=conflict.title, value=conflict.lost)))
        return True

    def review_selected(self) -> bool:
        """Take the chosen conflict off the list, keeping the value, on the writer; False if
        nothing was asked (`written` tells when it has ended)."""
        conflict = self.selected_conflict()
        if self.ledger is None or conflict is None or not self.ready:
            return False
        ledger = self.ledger
        self.write(lambda _state: mark_reviewed(ledger, conflict.id),
                   self.tr("Cannot mark the conflict"))
        return True
