"""The import preview: what a file would add and change, and its errors, before any write."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.services.imports import ImportPlan, error_workbook_path
from app.task import TaskState
from ui import theme
from ui.files import ask_save_path, open_with_system
from ui.models.import_plan import ErrorsModel, SheetsModel, UpdatesModel
from ui.tasks import Task
from ui.widgets import fitting, notice
from ui.widgets.task_progress import TaskProgress

SIZE = (920, 640)
SHEET_ROWS_SHOWN = 6
"""The sheet table grows up to this many rows, then scrolls."""
EXPANDED = 200
"""Updated records shown open (their fields listed) when the file updates no more than this."""


def write_errors(plan: ImportPlan, path: Path, _state: TaskState) -> Path:
    """The error workbook of a plan (runs in a worker)."""
    from app.services import import_report  # openpyxl loads when it is needed

    return import_report.write_error_workbook(plan, path)


def _label(text: str = "", style: str = "", *, bold: bool = False, scale: float = 1.0) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    if bold or scale != 1.0:
        font = label.font()
        font.setBold(bold)
        font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
    return label


def _table(model: SheetsModel | ErrorsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ImportDialog(QDialog):
    """A file's check, shown before writing: per sheet, skipped parts, the errors; then confirm.

    导入 writes it all (only when there is no error); 只导入正确的行 leaves the rows with errors
    out; 保存错误工作簿… writes the file back with the bad cells marked, to correct and re-import.
    The dialog itself never touches the ledger: the importer writes once it is confirmed.
    """

    import_requested = Signal(bool)
    """The user confirmed the import; True: only the rows without errors."""

    errors_saved = Signal(object)
    """The error workbook was written; carries its path."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.errors = plan.errors
        """Every error of the plan (computed once: there may be thousands)."""
        self.tell: notice.Tell = notice.warn
        """Tells the user why the error workbook could not be written (tests may replace it)."""
        self.open_file = open_with_system
        """Opens the saved error workbook in Excel or WPS (tests may replace it)."""
        self.saved_path: Path | None = None
        self._task: Task | None = None
        self._writable = sum(plan.count(a) for a in ("new", "update", "restore"))
        self.setWindowTitle(self.tr("Import preview"))
        self._build()
        self.resize(*SIZE)

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        plan = self.plan
        self.heading = _label(self.tr('Import "{name}"').format(name=plan.path.name),
                              bold=True, scale=1.25)
        self.path_label = _label(str(plan.path), theme.MUTED_TEXT)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = _label(plan.summary(), theme.PROBLEM_TEXT if self.errors else "", bold=True)
        self.advice = _label(self._advice())

        self.sheets_model = SheetsModel(plan.sheets, self)
        self.sheets = _table(self.sheets_model)
        self.sheets.verticalHeader().hide()
        self.sheets.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.sheets.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sheets.horizontalHeader().setStretchLastSection(False)
        self.sheets.setColumnHidden(5, plan.count("restore") == 0)
        columns = self.sheets.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        shown = min(max(len(plan.sheets), 1), SHEET_ROWS_SHOWN)
        rows = self.sheets.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.sheets.setFixedHeight(columns.sizeHint().height() + shown * rows.defaultSectionSize()
                                   + 2 * self.sheets.frameWidth() + 2)

        self.notes = _label("\n".join(self._notes()), theme.MUTED_TEXT)
        self.notes.setVisible(bool(self.notes.text()))

        self.updates_heading = _label(
            self.tr("Records that will be updated (%n)", "", len(plan.updates)), bold=True)
        self.updates_model = UpdatesModel(plan.updates, self)
        self.updates_view = QTreeView()
        self.updates_view.setModel(self.updates_model)
        self.updates_view.setHeaderHidden(True)
        self.updates_view.setUniformRowHeights(True)
        self.updates_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.updates_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        if len(plan.updates) <= EXPANDED:
            self.updates_model.rowsInserted.connect(self._expand_new)
            self._expand_new()
        self.updates_heading.setVisible(bool(plan.updates))
        self.updates_view.setVisible(bool(plan.updates))

        self.errors_heading = _label(self.tr("Problems (%n)", "", len(self.errors)), bold=True)
        self.errors_model = ErrorsModel(self.errors, self)
        self.error_table = _table(self.errors_model)
        self.error_table.setWordWrap(False)
        header = self.error_table.horizontalHeader()
        for column, width in ((0, 120), (1, 56), (2, 48)):
            header.resizeSection(column, width)
        self.error_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.error_table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.errors_heading.setVisible(bool(self.errors))
        self.error_table.setVisible(bool(self.errors))

        self.saved_label = _label("", theme.MUTED_TEXT)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_saved_button = QPushButton(self.tr("Open error workbook"))
        self.open_saved_button.clicked.connect(self._open_saved)
        saved = QHBoxLayout()
        saved.addWidget(self.saved_label, 1)
        saved.addWidget(self.open_saved_button)
        self.saved_label.hide()
        self.open_saved_button.hide()

        self.save_errors_button = QPushButton(self.tr("Save error workbook…"))
        self.save_errors_button.setToolTip(self.tr(
            "Write the file back with every wrong cell marked in red and the reason beside it, "
            "to correct and import again"))
        self.save_errors_button.clicked.connect(self.save_errors)
        self.save_errors_button.setVisible(bool(self.errors))
        self.import_valid_button = QPushButton(self.tr("Import only the correct rows"))
        self.import_valid_button.setToolTip(self.tr("The rows with errors are left out"))
        self.import_valid_button.clicked.connect(partial(self._confirm, True))
        self.import_valid_button.setVisible(bool(self.errors) and self._writable > 0)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.clicked.connect(partial(self._confirm, False))
        self.import_button.setEnabled(not self.errors and self._writable > 0)
        if self.errors:
            self.import_button.setToolTip(self.tr(
                "The file has errors: correct them first, or import only the correct rows"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.import_button, self.import_valid_button, self.cancel_button):
            button.setAutoDefault(False)
        default = self.import_button if self.import_button.isEnabled() else self.cancel_button
        default.setDefault(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_errors_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_valid_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.path_label)
        layout.addSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.advice)
        layout.addSpacing(6)
        layout.addWidget(self.sheets)
        layout.addWidget(self.notes)
        layout.addSpacing(6)
        layout.addWidget(self.updates_heading)
        layout.addWidget(self.updates_view, 1)
        layout.addWidget(self.errors_heading)
        layout.addWidget(self.error_table, 1)
        if not self.errors and not plan.updates:
            layout.addStretch(1)
        layout.addLayout(saved)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        default.setFocus()  # not the error table: no cell looks chosen
        fitting.fit(self, scroll=True, grow=False)  # the error table takes the slack

    def _expand_new(self) -> None:
        """Records of a small import are shown open, their changes listed below each."""
        model = self.updates_model
        if model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())  # a few hundred: all of them
        self.updates_view.expandAll()

    def _advice(self) -> str:
        if self.errors and self._writable:
            return self.tr(
                "Nothing has been written yet. Rows with errors cannot be imported: correct them "
                "in the file and import it again, or import only the correct rows.")
        if self.errors:
            return self.tr(
                "Nothing has been written yet. Correct the errors in the file and import it again.")
        if not self._writable:
            return self.tr(
                "Nothing to import: every record in the file is already in the ledger as it is.")
        return self.tr(
            "Nothing has been written yet. Import writes all the rows at once, after a backup of "
            "the ledger.")

    def _notes(self) -> list[str]:
        """The sheets left out and the columns not recognised, with why."""
        lines = []
        for sheet in self.plan.sheets:
            name = sheet.sheet.name
            if sheet.spec is None:
                lines.append(self.tr('Sheet "{sheet}": {note}').format(sheet=name, note=sheet.note))
            elif sheet.ignored:
                lines.append(self.tr(
                    'Sheet "{sheet}": columns not recognised, not imported: {columns}'
                ).format(sheet=name, columns="、".join(sheet.ignored)))
        return lines

    # --- behaviour ---------------------------------------------------------------------

    def _confirm(self, valid_rows_only: bool) -> None:
        self.import_requested.emit(valid_rows_only)
        self.accept()

    def save_errors(self) -> Task | None:
        """Ask where, then write the error workbook in a worker; None if the user cancelled."""
        if self._task is not None:
            return None
        path = ask_save_path(self, self.tr("Save error workbook"),
                             error_workbook_path(self.plan.path),
                             self.tr("Excel workbook (*.xlsx)"), ".xlsx")
        if path is None:
            return None
        task = Task(partial(write_errors, self.plan, path), self)
        task.succeeded.connect(self._on_saved)
        task.failed.connect(self._on_save_failed)
        task.finished.connect(partial(self._on_save_done, task))
        TaskProgress(task, self.tr("Writing the error workbook…"), self)
        self._task = task
        self._set_busy(True)
        task.start()
        return task

    def _set_busy(self, busy: bool) -> None:
        for button in (self.save_errors_button, self.import_valid_button, self.import_button):
            button.setDisabled(busy)
        if not busy:
            self.import_button.setEnabled(not self.errors and self._writable > 0)

    def _on_saved(self, path: object) -> None:
        assert isinstance(path, Path)
        self.saved_path = path
        self.saved_label.setText(self.tr("Error workbook saved: {path}").format(path=path))
        self.saved_label.show()
        self.open_saved_button.show()
        self.errors_saved.emit(path)

    def _on_save_failed(self, message: str, _details: str) -> None:
        self.tell(self, self.tr("Cannot save the error workbook"), message)

    def _on_save_done(self, task: Task) -> None:
        task.deleteLater()
        self._task = None
        self._set_busy(False)

    def _open_saved(self) -> None:
        if self.saved_path is not None:
            self.open_file(self.saved_path)

    def done(self, result: int) -> None:
        """Close (a save still running is waited for: it only writes its own file)."""
        if self._task is not None:
            self._task.wait()
        super().done(result)
