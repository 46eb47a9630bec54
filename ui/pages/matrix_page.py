"""The 九项功能 page: communities × nine functions coloured by status, coverage vs 2030 targets."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import FunctionStatus, Level
from app.services.matrix import Matrix, function_matrix
from app.store.areas import CITY, Scope
from app.task import TaskState
from ui import theme
from ui.forms.record_form import RecordFormDialog
from ui.models.matrix_model import SEARCH_ROLE, SORT_ROLE, MatrixModel, short_label
from ui.pages import empty_hints
from ui.pages.base import ChangeBus, Page
from ui.widgets.coverage_footer import CoverageFooter
from ui.widgets.empty_hint import EmptyHint
from ui.widgets.loader import Loader
from ui.widgets.status_delegate import StatusDelegate
from ui.widgets.status_legend import StatusLegend

if TYPE_CHECKING:
    from app.domain.changes import Changes
    from app.store.db import Ledger

RELEVANT = frozenset({"function_status", "community", "street", "district", "zone"})
"""Entities whose changes change the matrix."""

MIN_COLUMN = 76
SEARCH_WIDTH = 240


def load_matrix(ledger: Ledger, scope: Scope, _state: TaskState) -> Matrix:
    """The matrix of an area (runs in a worker)."""
    return function_matrix(ledger, scope)


class MatrixPage(Page):
    """九项功能: one row per community, one coloured cell per function; double-click to edit."""

    matrix_loaded = Signal()
    """The matrix and its footer show the latest data of the ledger."""

    def __init__(self, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(bus, parent)
        self.title = self.tr("Nine functions")
        self.model = MatrixModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SORT_ROLE)
        self._loader = Loader(self)

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet(theme.MUTED_TEXT)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a community (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setFixedWidth(SEARCH_WIDTH)
        self.legend = StatusLegend()
        self.hint = QLabel(
            self.tr(
                "Coverage = communities where the function is {ready} or {operating}, divided by "
                "the communities counted (not-yet-resettled ones excluded). Double-click a cell "
                "or press Enter to change its status."
            ).format(
                ready=short_label(FunctionStatus.READY), operating=FunctionStatus.OPERATING.label
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(theme.MUTED_TEXT)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(StatusDelegate(self.table))
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setCornerButtonEnabled(False)
        columns = self.table.horizontalHeader()
        columns.setSortIndicatorClearable(True)
        columns.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        columns.setMinimumSectionSize(MIN_COLUMN)
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        rows.setHighlightSections(True)
        self.footer = CoverageFooter(self.table)
        self.empty_hint = EmptyHint(self.table)
        """No communities in the area (new, or import), or none found by the search."""
        self._import_action: QAction | None = None
        self.new_community_action = QAction(self.tr("New community…"), self)
        self.new_community_action.setToolTip(self.tr("Add a community to the ledger"))
        self.new_community_action.triggered.connect(lambda: empty_hints.new_community(self))
        self.clear_action = empty_hints.clear_action(self)
        self.clear_action.triggered.connect(self.search.clear)
        rows.setMinimumWidth(self.footer.titles_width() - self.table.frameWidth())

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        grid = QVBoxLayout()
        grid.setSpacing(0)
        grid.addWidget(self.table, 1)
        grid.addWidget(self.footer)
        layout.addLayout(grid, 1)
        layout.addWidget(self.hint)

        self.search.textChanged.connect(self._filter)
        self.proxy.modelReset.connect(self._show_empty_hint)
        self.proxy.layoutChanged.connect(self._show_empty_hint)
        self.proxy.rowsInserted.connect(self._show_empty_hint)
        self.proxy.rowsRemoved.connect(self._show_empty_hint)
        self.table.activated.connect(self._edit)
        self._loader.load_finished.connect(self._show)
        self._loader.load_failed.connect(self._show_error)
        self._loader.busy_changed.connect(self._busy)
        self._show_heading()

    # --- Page ------------------------------------------------------------------------------

    def set_ledger(self, ledger: Ledger | None) -> None:
        """The open ledger; reads still running for the old one are waited for first."""
        if ledger is None:
            self._loader.stop()
        super().set_ledger(ledger)

    def refresh(self) -> None:
        """Read the matrix of the chosen area again (in a worker)."""
        self._stale = False
        if self.ledger is None:
            self._loader.stop()
            self.model.set_matrix(None)
            self.footer.set_coverage([])
            self._show_heading()
            self._show_empty_hint()
            return
        self._loader.start(partial(load_matrix, self.ledger, self.scope or CITY))

    def use_import_action(self, action: QAction) -> None:
        """The window's 导入…, offered when the area has no communities."""
        self._import_action = action
        self._show_empty_hint()

    def focus_search(self) -> bool:
        """Ctrl+F: find a community in the matrix."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    def _on_changed(self, changes: Changes, origin: object) -> None:
        """Reload when statuses or areas changed elsewhere (when next shown, if hidden now)."""
        if origin is not self and changes.touches(RELEVANT):
            self.refresh_when_seen()

    # --- showing ---------------------------------------------------------------------------

    def _show(self, matrix: object) -> None:
        assert isinstance(matrix, Matrix)
        self.model.set_matrix(matrix)
        self.footer.set_coverage(matrix.coverage)
        self._show_heading()
        self._show_empty_hint()
        self.matrix_loaded.emit()

    def _show_error(self, message: str) -> None:
        self.summary.setText(message)
        self.status_message.emit(message)

    def _busy(self, busy: bool) -> None:
        if busy:
            self.status_message.emit(self.tr("Reading the nine functions…"))
        else:
            self.status_message.emit("")

    def _show_heading(self) -> None:
        scope = self.scope or CITY
        matrix = self.model.matrix
        name = scope.name if scope.level is not Level.CITY else self.tr("All areas")
        self.heading.setText(self.tr("Nine functions · {area}").format(area=name))
        if matrix is None:
            self.summary.setText("")
            return
        total = len(matrix.rows)
        left_out = total - matrix.counted
        text = self.tr("{n} communities").format(n=total)
        if left_out:
            text += self.tr(", of which {n} not yet resettled (not counted)").format(n=left_out)
        self.summary.setText(text)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._show_empty_hint()

    def _show_empty_hint(self) -> None:
        if self.ledger is None or self.model.matrix is None:
            self.empty_hint.clear()
            return
        offers = [empty_hints.new_offer(self.new_community_action),
                  *empty_hints.import_offer(self._import_action)]
        narrowed = self.model.rowCount() > 0 and bool(self.search.text().strip())
        empty_hints.show_empty(
            self.empty_hint, rows=self.proxy.rowCount(), narrowed=narrowed,
            empty=(empty_hints.nothing_yet(self.tr("communities"), self.scope), offers),
            clear=self.clear_action)

    # --- editing ---------------------------------------------------------------------------

    def _edit(self, index: QModelIndex) -> None:
        """Open the community × function status in the record form; reload after a save."""
        if self.ledger is None or not index.isValid():
            return
        source = self.proxy.mapToSource(index)
        row = self.model.row_at(source.row())
        function = self.model.function_at(source.column())
        status_id = row.status_ids.get(function)
        dialog = RecordFormDialog(
            self.ledger,
            "functions",
            record_id=status_id,
            values={"community": row.id, "function": function.value},
            parent=self,
            scope=self.scope,
            bus=self.bus,
            origin=self,
        )
        try:
            saved = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if saved:  # the writer told the other pages
            self.refresh()
