"""The list page of one entity: search, filters, the paged table, new, edit, delete, restore."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Level
from app.domain.fields import FieldSpec, Kind
from app.errors import KnownError
from app.services import personal_view, records
from ui.entity_names import entity_noun
from ui.forms import messages
from ui.forms.record_form import RecordFormDialog, record_title
from ui.models.record_table import RecordTableModel
from ui.operations import run_write
from ui.pages import empty_hints
from ui.pages.base import ChangeBus, Page
from ui.printing import Printer, Report, ReportRequest, community_scope, default_publicity
from ui.tasks import Job
from ui.widgets.column_chooser import ColumnChooser
from ui.widgets.date_range import DateRangeFilter
from ui.widgets.empty_hint import EmptyHint
from ui.widgets.history_view import HistoryView

if TYPE_CHECKING:
    from app.store.areas import Scope
    from app.store.db import Ledger

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
SEARCH_WIDTH = 240
MAX_SEARCH_WIDTH = 440
MAX_COLUMN_WIDTH = 260
HISTORY_WIDTH = 360
LEADING_COLUMNS = {"space": ("community", "name", "kind", "usage")}
"""Columns a list shows first, the others following in their declared order: what a clerk
looks for is in sight on a 1366 × 768 screen at 125% without scrolling sideways."""
"""The history panel's width when it first opens."""

FILTERS: dict[str, tuple[str, ...]] = {
    "community": ("not_resettled",),
    "space": ("kind", "usage"),
    "function_status": ("function", "status"),
    "demand": ("status", "function", "urgency"),
    "project": ("tier", "approach"),
    "operator": ("kind", "qualified"),
    "evaluation": ("function", "willingness"),
}
"""The fields each page can be narrowed by, in the order their dropdowns appear."""

DATE_RANGES: dict[str, str] = {"demand": "received_on"}
"""The date field each page can be narrowed to a from–to range of (登记日期 of the demands)."""

_ALL = "\x00all"  # a filter dropdown's "show everything" entry

Ask = Callable[[QWidget | None, str, str, str, str], bool]
Tell = Callable[[QWidget | None, str, str], None]


class RecordsPage(Page):
    """Records of one entity in the chosen area: find, narrow, create, edit, delete and restore."""

    write_finished = Signal()
    """A delete or a restore asked for on this page has ended (done, or refused and told)."""

    def __init__(self, bus: ChangeBus, entity: str, parent: QWidget | None = None) -> None:
        super().__init__(bus, parent)
        self.entity = entity
        self.spec = records.spec_of(entity)
        self.title = self.spec.label  # the window's tabs name it in the interface language
        self.ask: Ask = messages.ask
        """Asks a yes/no question (a real message box; tests may answer it)."""
        self.tell: Tell = messages.tell
        """Tells the user why something was refused."""
        self.form: RecordFormDialog | None = None
        """The form open for a new or edited record, if any."""
        self.model = RecordTableModel(entity, self)
        self.filters: dict[str, QComboBox] = {}
        self._printer: Printer | None = None
        self._import_action: QAction | None = None

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._columns_fitted = False
        self._panel_kept = False  # while a delete moves the selection on: the panel stays
        self._wanted: str | None = None
        """A record to select when the whole list has been read (a big list shows its first page
        at once and reads the rest in the background): the one selected before a reload."""
        self._selecting = False  # while the page itself selects a row

        self._build_actions()
        self._build()
        self._wire()
        self._update_actions()

    # --- building ----------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.new_action = QAction(self.tr("New"), self)
        self.new_action.setToolTip(self.tr("New record (Ctrl+N)"))
        self.new_action.triggered.connect(self.new_record)
        self.edit_action = QAction(self.tr("Edit"), self)
        self.edit_action.setToolTip(self.tr("Edit the selected record (Enter or double-click)"))
        self.edit_action.triggered.connect(self.edit_selected)
        self.delete_action = QAction(self.tr("Delete"), self)
        self.delete_action.setToolTip(self.tr("Delete the selected record (Del)"))
        self.delete_action.triggered.connect(self.delete_selected)
        self.restore_action = QAction(self.tr("Restore"), self)
        self.restore_action.setToolTip(self.tr("Bring the selected deleted record back"))
        self.restore_action.triggered.connect(self.restore_selected)
        self.history_action = QAction(self.tr("History"), self)
        self.history_action.setCheckable(True)
        self.history_action.setToolTip(
            self.tr("Show the change history of the selected record beside the list"))
        self.history_action.toggled.connect(self._show_history)
        self.reveal_action = QAction(self.tr("Show personal information"), self)
        self.reveal_action.setToolTip(self.tr(
            "Show the contact and phone of the selected record unmasked (the showing is "
            "recorded: who, when, which record)"))
        self.reveal_action.triggered.connect(self.reveal_selected)
        self.reveal_list_action = QAction(self.tr("Show personal information of the list"), self)
        self.reveal_list_action.setToolTip(self.tr(
            "Show the contacts and phones of the whole list unmasked, until it changes (the "
            "showing is recorded)"))
        self.reveal_list_action.triggered.connect(self.reveal_list)
        self.clear_action = empty_hints.clear_action(self)
        self.clear_action.triggered.connect(self.clear_narrowing)

    def _tool_button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setMinimumWidth(64)
        return button

    def _build(self) -> None:
        self.new_button = self._tool_button(self.new_action)
        self.edit_button = self._tool_button(self.edit_action)
        self.delete_button = self._tool_button(self.delete_action)
        self.restore_button = self._tool_button(self.restore_action)
        self.history_button = self._tool_button(self.history_action)
        self.show_deleted = QCheckBox(self.tr("Show deleted"))
        self.show_deleted.setToolTip(self.tr("Also list deleted records, to restore them"))

        self.search = QLineEdit()
        searchable = "、".join(f.label for f in self.spec.searchable)
        hint = self.tr("Search {fields} (Ctrl+F)").format(fields=searchable)
        self.search.setPlaceholderText(hint)
        self.search.setToolTip(hint)
        self.search.setClearButtonEnabled(True)
        wanted = self.search.fontMetrics().horizontalAdvance(hint) + 48
        self.search.setFixedWidth(max(SEARCH_WIDTH, min(wanted, MAX_SEARCH_WIDTH)))
        self.search.setEnabled(bool(self.spec.searchable))
        self.total_label = QLabel()

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        for button in (self.new_button, self.edit_button, self.delete_button,
                       self.restore_button, self.history_button):
            tools.addWidget(button)
        tools.addSpacing(8)
        tools.addWidget(self.show_deleted)
        tools.addStretch(1)
        tools.addWidget(self.search)

        narrow = QHBoxLayout()
        narrow.setContentsMargins(0, 0, 0, 0)
        for name in FILTERS.get(self.spec.name, ()):
            field = self.spec.field(name)
            combo = self._filter_combo(field)
            label = QLabel(field.label)
            label.setBuddy(combo)
            narrow.addWidget(label)
            narrow.addWidget(combo)
            narrow.addSpacing(12)
            self.filters[name] = combo
        self.dates: DateRangeFilter | None = None
        """The from–to filter on the page's date field (DATE_RANGES), if it has one."""
        if self.spec.name in DATE_RANGES:
            field = self.spec.field(DATE_RANGES[self.spec.name])
            self.dates = DateRangeFilter(field.label)
            self.dates.setToolTip(self.tr("Show only the records whose {field} falls in this "
                                          "range, both days included").format(field=field.label))
            narrow.addWidget(self.dates)
        narrow.addStretch(1)
        narrow.addWidget(self.total_label)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicatorClearable(True)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        names = [field.name for field in self.model.fields]
        for place, name in enumerate(LEADING_COLUMNS.get(self.spec.name, ())):
            header.moveSection(header.visualIndex(names.index(name)), place)
        self.table.setSortingEnabled(True)  # in SQL, by the model
        self.columns = ColumnChooser(self.table, self.spec.name,
                                     [f.name for f in self.model.fields], self.spec.title_field,
                                     self)
        """The header's right-click menu: which columns are shown (kept in the settings)."""
        self.empty_hint = EmptyHint(self.table)
        """What to do when the list has no rows: record or import, or clear the search."""
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        for action, keys in (
            (self.edit_action, [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]),
            (self.delete_action, [QKeySequence(QKeySequence.StandardKey.Delete)]),
        ):
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tools)
        if self.filters:
            layout.addLayout(narrow)
        else:
            tools.insertWidget(tools.count() - 1, self.total_label)
            tools.insertSpacing(tools.count() - 1, 12)
        self.history = HistoryView()
        self.history.revealed = self.model.record_revealed  # masked as the list shows it
        self.history.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.history)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.history.setMinimumWidth(HISTORY_WIDTH * 2 // 3)
        self._history_sized = False
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

    def _filter_combo(self, field: FieldSpec) -> QComboBox:
        combo = QComboBox()
        combo.setToolTip(self.tr("Show only the records with this {field}").format(
            field=field.label))
        combo.addItem(self.tr("All"), _ALL)
        if field.kind is Kind.BOOL:
            combo.addItem(field.display(True), "是")
            combo.addItem(field.display(False), "否")
        else:
            for member in field.allowed:
                combo.addItem(member.label, member.value)
        if not field.required and field.default is None:
            combo.addItem(self.tr("Not filled"), "")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def _wire(self) -> None:
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_search)
        self._search_timer.timeout.connect(self._apply_search)
        for combo in self.filters.values():
            combo.currentIndexChanged.connect(self._apply_filters)
        if self.dates is not None:
            self.dates.range_changed.connect(self._apply_dates)
        self.show_deleted.toggled.connect(self._apply_show_deleted)
        self.model.total_changed.connect(self._show_total)
        self.model.total_changed.connect(self._on_listed)
        self.model.query_failed.connect(self.status_message)
        self.model.modelReset.connect(self._update_actions)
        self.model.modelReset.connect(self._show_empty_hint)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selected())
        self.history.restore_requested.connect(self.restore_record)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.customContextMenuRequested.connect(self._show_menu)

    # --- Page ------------------------------------------------------------------------------

    def set_ledger(self, ledger: Ledger | None) -> None:
        """Show another ledger's records (None: nothing)."""
        if self._printer is not None:  # a report still being made reads the old ledger
            self._printer.stop()
        self.ledger = ledger
        self._columns_fitted = False
        self.model.set_ledger(ledger)
        self._fit_columns()
        self._follow(None)

    def set_scope(self, scope: Scope) -> None:
        """Show the records inside the area chosen in the tree."""
        self.scope = scope
        selected = self.selected_id()
        self.model.set_scope(scope)
        if not self._select(selected):
            self._follow(None)

    def refresh(self) -> None:
        """Read the records again, keeping the selected one selected when it is still listed."""
        selected, row = self.selected_id(), self.selected_row()
        self.model.reload()
        if not self._select(selected) and row >= 0:  # it left the list (an undo, a sync …)
            self._keep_panel(row)
        if self.history.isVisible():
            self.history.reload()

    def focus_search(self) -> bool:
        """Put the cursor in the search box."""
        if not self.search.isEnabled():
            return False
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    def use_import_action(self, action: QAction) -> None:
        """The window's 导入…, offered by the hint of an empty list."""
        self._import_action = action
        self._show_empty_hint()

    def new_record(self) -> bool:
        """Open the form for a new record, pre-filled with the chosen community or street."""
        if self.ledger is None or self.form is not None:
            return False
        self._open_form(None, self._prefill())
        return True

    # --- the selection -----------------------------------------------------------------

    def selected_row(self) -> int:
        """The row selected in the table; -1 if none."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_id(self) -> str | None:
        """The id of the selected record, if any."""
        row = self.selected_row()
        return self.model.record_id(row) if row >= 0 else None

    def select_record(self, record_id: str) -> bool:
        """Select a record's row; False if it is not listed (or, while a big list is still read
        in the background, not on its first page: it is selected when the whole list is in)."""
        return self._select(record_id)

    def reveal(self, record_id: str) -> bool:
        """Select a record and bring it into view, the list focused (after an undo); False if
        the list does not show it (deleted, or outside the area, the search or the filters)."""
        if not self._select(record_id):
            return False
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _select(self, record_id: str | None) -> bool:
        if record_id is None:
            return False
        row = self.model.row_of(record_id)
        if row < 0:
            # beyond the first page of a big list: selected when the whole list is in, unless
            # the user selects another record meanwhile
            self._wanted = record_id if self.model.loading else None
            return False
        self._wanted = None
        self._select_row(row)
        return True

    def _on_listed(self, _total: int) -> None:
        """The whole list is in: select the record wanted since the reload."""
        wanted, self._wanted = self._wanted, None
        if wanted is not None and not self.model.loading:
            self._select(wanted)

    def _select_row(self, row: int) -> None:
        self._selecting = True
        try:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._selecting = False

    def _keep_panel(self, row: int) -> None:
        """Select near `row` while the history panel stays on the record that left the list."""
        self._panel_kept = True
        try:
            self._select_near(row)
        finally:
            self._panel_kept = False

    def _select_near(self, row: int) -> None:
        """Select the row now at `row` (the next record after a delete), or the last one."""
        last = self.model.rowCount() - 1
        if last >= 0:
            self._select_row(min(row, last))

    def _on_selected(self) -> None:
        if not self._selecting:
            self._wanted = None  # the user chose: no record is brought back over it
        self._update_actions()
        record_id = self.selected_id()
        if record_id is not None and not self._panel_kept:
            self._follow(record_id)  # a record that left the list stays in the history panel

    def _update_actions(self) -> None:
        row = self.selected_row()
        has_ledger = self.ledger is not None
        deleted = row >= 0 and self.model.is_deleted(row)
        self.new_action.setEnabled(has_ledger)
        self.edit_action.setEnabled(has_ledger and row >= 0 and not deleted)
        self.delete_action.setEnabled(has_ledger and row >= 0 and not deleted)
        self.restore_action.setEnabled(has_ledger and deleted)
        personal = has_ledger and self.model.has_personal
        self.reveal_action.setVisible(self.model.has_personal)
        self.reveal_list_action.setVisible(self.model.has_personal)
        self.reveal_action.setEnabled(personal and row >= 0 and not self.model.is_revealed(row))
        self.reveal_list_action.setEnabled(personal and not self.model.list_revealed)

    # --- narrowing the list ------------------------------------------------------------

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search.text())

    def _apply_filters(self) -> None:
        chosen: dict[str, Any] = {}
        for name, combo in self.filters.items():
            value = combo.currentData()
            if value != _ALL:
                chosen[name] = value
        self.model.set_filters(chosen)

    def _apply_dates(self) -> None:
        assert self.dates is not None
        self.model.set_dates({DATE_RANGES[self.spec.name]: self.dates.bounds()})

    def _apply_show_deleted(self, shown: bool) -> None:
        selected = self.selected_id()
        self.model.set_include_deleted(shown)
        self._select(selected)
        self._update_actions()

    def clear_narrowing(self) -> None:
        """Show every record of the area again: no search words, every filter on 全部, no dates."""
        self._search_timer.stop()
        self.search.clear()
        for combo in self.filters.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        if self.dates is not None:
            self.dates.clear()
            self.model.set_dates({})
        self.model.set_search("")
        self.model.set_filters({})

    def _show_empty_hint(self) -> None:
        model = self.model
        if self.ledger is None or model.failed:
            self.empty_hint.clear()
            return
        offers = [empty_hints.new_offer(self.new_action),
                  *empty_hints.import_offer(self._import_action)]
        empty_hints.show_empty(
            self.empty_hint, rows=model.rowCount(), narrowed=model.narrowed,
            empty=(empty_hints.nothing_yet(self.spec.label, self.scope), offers),
            clear=self.clear_action)

    def _show_total(self, total: int) -> None:
        self.total_label.setText(self.tr("%n record(s)", "", total))
        self._fit_columns()

    def _fit_columns(self) -> None:
        if self._columns_fitted or self.model.rowCount() == 0:
            return
        self._columns_fitted = True
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if header.sectionSize(column) > MAX_COLUMN_WIDTH:
                header.resizeSection(column, MAX_COLUMN_WIDTH)

    # --- the form ----------------------------------------------------------------------

    def _prefill(self) -> dict[str, Any]:
        """The area chosen in the tree, as the new record's community or street."""
        scope = self.scope
        if scope is None or scope.id is None:
            return {}
        fields = self.spec.by_name
        if scope.level is Level.COMMUNITY and "community" in fields:
            return {"community": scope.id}
        if scope.level is Level.STREET and "street" in fields and self.spec.name == "community":
            return {"street": scope.id}
        return {}

    def edit_selected(self) -> bool:
        """Open the form on the selected record; False if none (or it is deleted)."""
        record_id = self.selected_id()
        if record_id is None or self.ledger is None or self.form is not None:
            return False
        if self.model.is_deleted(self.selected_row()):
            return False
        self._open_form(record_id, None)
        return True

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.edit_selected()

    def _open_form(self, record_id: str | None, values: dict[str, Any] | None) -> None:
        assert self.ledger is not None
        try:
            form = RecordFormDialog(self.ledger, self.entity, record_id=record_id, values=values,
                                    parent=self, scope=self.scope, bus=self.bus, origin=self)
        except KnownError as exc:  # e.g. deleted by another window meanwhile
            self.tell(self, self.tr("Cannot open the record"), str(exc))
            self.refresh()
            return
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.saved.connect(self._on_saved)
        form.finished.connect(self._on_form_closed)
        self.form = form
        form.open()

    def _on_form_closed(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
        self.form = None
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_saved(self, record_id: str) -> None:
        self._changed(record_id)
        self.status_message.emit(self.tr("Saved"))

    def _changed(self, record_id: str, row: int = -1) -> None:
        """List the records again with this one selected (the writer tells the other pages).

        A record no longer listed (deleted) leaves the selection on the record that took its
        `row`, or the last one; the history panel stays on the deleted record, with 恢复.
        """
        self.model.reload()
        self._fit_columns()
        if not self._select(record_id) and row >= 0:
            self._keep_panel(row)
        self._update_actions()
        self._follow(record_id)

    # --- delete and restore ------------------------------------------------------------

    def _selected_title(self, record_id: str) -> str:
        assert self.ledger is not None
        try:
            record = records.get(self.ledger, self.entity, record_id, include_deleted=True)
        except KnownError:
            return ""
        return record_title(self.spec.name, record)

    def delete_selected(self) -> bool:
        """Delete the selected record after asking, on the writer; a refusal is explained.

        True if the delete was asked for (`write_finished` tells when it has ended).
        """
        record_id = self.selected_id()
        if record_id is None or self.ledger is None or self.model.is_deleted(self.selected_row()):
            return False
        name = self._selected_title(record_id)
        question = self.tr('Delete {entity} "{name}"?').format(
            entity=entity_noun(self.spec.name), name=name)
        detail = self.tr("A deleted record can be brought back: tick \"Show deleted\", "
                         "select it and click Restore.")
        if not self.ask(self, self.tr("Delete record"), f"{question}\n\n{detail}",
                        self.tr("Delete"), self.tr("Cancel")):
            return False
        ledger, entity, row = self.ledger, self.entity, self.selected_row()
        self._write(lambda _state: records.delete(ledger, entity, record_id),
                    self.tr("Cannot delete"), record_id,
                    lambda: self.tr('Deleted "{name}"').format(name=name), row)
        return True

    def restore_selected(self) -> bool:
        """Bring the selected deleted record back; a refusal is explained. True if asked for."""
        row = self.selected_row()
        if row < 0 or self.ledger is None or not self.model.is_deleted(row):
            return False
        return self.restore_record(self.model.record_id(row))

    def restore_record(self, record_id: str) -> bool:
        """Bring a deleted record back (from the list or the history panel), on the writer.

        True if the restore was asked for (`write_finished` tells when it has ended).
        """
        if self.ledger is None:
            return False
        ledger, entity = self.ledger, self.entity
        self._write(lambda _state: records.restore(ledger, entity, record_id),
                    self.tr("Cannot restore"), record_id,
                    lambda: self.tr('Restored "{name}"').format(
                        name=self._selected_title(record_id)))
        return True

    # --- personal information ------------------------------------------------------------

    def reveal_selected(self) -> bool:
        """Show the selected record's personal fields, once the showing is recorded (on the
        writer). True if asked for."""
        row = self.selected_row()
        if row < 0 or self.ledger is None or not self.model.has_personal:
            return False
        ledger, entity, record_id = self.ledger, self.entity, self.model.record_id(row)
        self._reveal(lambda _state: personal_view.record_reveal(ledger, entity, [record_id]),
                     lambda: self.model.reveal([record_id]))
        return True

    def reveal_list(self) -> bool:
        """Show the whole list's personal fields, once the showing is recorded. True if asked."""
        if self.ledger is None or not self.model.has_personal:
            return False
        ledger, entity, query = self.ledger, self.entity, self.model.query
        self._reveal(lambda _state: personal_view.record_reveal(ledger, entity, listing=query),
                     lambda: self.model.reveal(whole_list=True))
        return True

    def _reveal(self, job: Job, show: Callable[[], None]) -> None:
        operation = run_write(job, self, bus=None, origin=self)
        operation.with_failure(self, self.tr("Cannot show personal information"),
                               lambda parent, title, text: self.tell(parent, title, text))
        operation.succeeded.connect(lambda _result: self._revealed(show))
        operation.finished.connect(self.write_finished)

    def _revealed(self, show: Callable[[], None]) -> None:
        show()
        self._update_actions()
        if self.history.isVisible():
            self.history.reload()  # unmasked there too, and the showing listed
        self.status_message.emit(self.tr("Personal information shown; the showing is recorded"))

    def _write(self, job: Job, refused: str, record_id: str, done: Callable[[], str],
               row: int = -1) -> None:
        """Run a delete or restore on the writer; then list the records again (the record, or
        the one now at its `row`, selected), or say why not."""
        operation = run_write(job, self, bus=self.bus, origin=self)
        operation.with_failure(self, refused, lambda parent, title, text: self.tell(parent, title,
                                                                                    text))
        operation.succeeded.connect(lambda _result: self._written(record_id, done(), row))
        operation.finished.connect(self.write_finished)

    def _written(self, record_id: str, message: str, row: int) -> None:
        self._changed(record_id, row)
        self.status_message.emit(message)

    # --- the history panel -------------------------------------------------------------

    def _show_history(self, shown: bool) -> None:
        self.history.setVisible(shown)
        if shown and not self._history_sized:
            self._history_sized = True
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([max(total - HISTORY_WIDTH, 1), HISTORY_WIDTH])
        if shown:
            self._follow(self.selected_id() or self.history.record_id)

    def _follow(self, record_id: str | None) -> None:
        """The history panel shows this record (read only while the panel is open)."""
        if record_id is None or not self.history.isHidden():
            self.history.show_record(self.ledger, self.spec.name, record_id)
        else:
            self.history.record_id = record_id

    # --- the context menu --------------------------------------------------------------

    def _show_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = self.context_menu()
        menu.exec(self.table.viewport().mapToGlobal(position))
        menu.deleteLater()

    def context_menu(self) -> QMenu:
        """The menu of a right-click on the table: the same actions as the buttons."""
        menu = QMenu(self)
        menu.addAction(self.new_action)
        menu.addAction(self.edit_action)
        menu.addAction(self.delete_action)
        if self.show_deleted.isChecked():
            menu.addAction(self.restore_action)
        menu.addSeparator()
        menu.addAction(self.history_action)
        if self.model.has_personal:
            menu.addAction(self.reveal_action)
            menu.addAction(self.reveal_list_action)
        self._add_print_actions(menu)
        return menu

    @property
    def printer(self) -> Printer:
        """Makes the PDF reports the menu offers (made when first needed)."""
        if self._printer is None:
            self._printer = Printer(self)
            self._printer.status_message.connect(self.status_message)
            self._printer.tell = lambda parent, title, text: self.tell(parent, title, text)
        return self._printer

    def _add_print_actions(self, menu: QMenu) -> None:
        """A community's profile and demand list; a demand's community's list."""
        if self.spec.name == "community":
            offered = [(self.tr("Print the community profile…"), Report.PROFILE),
                       (self.tr("Print the demand list (public)…"), Report.PUBLIC_LIST)]
        elif self.spec.name == "demand":
            offered = [(self.tr("Print this community's demand list (public)…"),
                        Report.PUBLIC_LIST)]
        else:
            return
        row = self.selected_row()
        usable = (self.ledger is not None and row >= 0 and not self.model.is_deleted(row)
                  and not self.printer.busy)
        menu.addSeparator()
        for text, report in offered:
            action = menu.addAction(text)
            action.setEnabled(usable)
            action.triggered.connect(
                lambda _checked=False, chosen=report: self.print_selected(chosen))

    def print_selected(self, report: Report) -> bool:
        """Print a report of the selected row's community (the row's own, or its demand's)."""
        record_id = self.selected_id()
        if self.ledger is None or record_id is None:
            return False
        try:
            community = record_id if self.spec.name == "community" else str(
                records.get(self.ledger, self.entity, record_id)["community"] or "")
            scope = community_scope(self.ledger, community)
        except KnownError as exc:
            self.tell(self, self.tr("The report failed"), str(exc))
            return False
        publicity = default_publicity() if report is Report.PUBLIC_LIST else None
        request = ReportRequest(report, scope, publicity=publicity)
        return self.printer.print_report(self.ledger, request) is not None
