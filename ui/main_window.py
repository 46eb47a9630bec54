"""The main window: opens the ledger off the UI thread, then shows the area tree and the pages."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyle,
    QToolBar,
    QWidget,
)

import app
from app.services import status, sync
from app.services.areas import area_tree
from app.store.areas import CITY, Scope
from app.task import TaskState
from ui import i18n
from ui.forms.draft_offer import DraftOffer, offer_drafts
from ui.importing import Importer, dropped_files, importable
from ui.models.area_tree import COMMUNITIES_ROLE, AreaTreeModel
from ui.opening import DamagedLedger, OpenedLedger, open_for_window
from ui.operations import Operation, wait_for_writes
from ui.pages.base import ChangeBus, Page
from ui.pages.registry import build_pages
from ui.pages.reports_page import ReportsPage
from ui.tasks import Task
from ui.undo import UndoStack
from ui.views.main_view import MainView

if TYPE_CHECKING:
    from app.domain.changes import Changes
    from app.store.db import Ledger

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1280, 800)
CHANGES_DELAY_MS = 300
"""After a change, the undelivered count is read again once the burst of changes has passed."""

_GEOMETRY, _STATE, _SPLITTER = "main_window/geometry", "main_window/state", "main_window/splitter"
_PAGE = "main_window/page"


def check_in_background(path: Path, state: TaskState) -> list[str] | None:
    """The start-up integrity check run after the window shows (None if it was cancelled)."""
    return status.check_integrity(path, state)


class RecoveryBox(QMessageBox):
    """The database is damaged: restore the latest backup, open it read-only, or quit."""

    def __init__(self, damage: DamagedLedger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("The ledger is damaged"))
        self.setText(self.tr("The ledger database is damaged:\n{path}").format(path=damage.path))
        shown = "\n".join(damage.problems[:3])
        if damage.backup is not None:
            taken = damage.backup.taken_at.strftime("%Y-%m-%d %H:%M")
            advice = self.tr(
                "The latest backup was taken on {time}. Restoring it replaces the ledger with the "
                "backup: changes made after that time are lost. The damaged file is kept beside "
                "the ledger for technical support.\n\nYou can also open the damaged ledger "
                "read-only, at your own risk: you can look at it but not save."
            ).format(time=taken)
        else:
            advice = self.tr(
                "There is no backup to restore. You can open the damaged ledger read-only, at "
                "your own risk, and ask technical support for help."
            )
        self.setInformativeText(f"{shown}\n\n{advice}")
        if len(damage.problems) > 3:
            self.setDetailedText("\n".join(damage.problems))
        self.restore_button = None
        if damage.backup is not None:
            self.restore_button = self.addButton(self.tr("Restore the latest backup"),
                                                 QMessageBox.ButtonRole.AcceptRole)
        self.read_only_button = self.addButton(self.tr("Open read-only (at your own risk)"),
                                               QMessageBox.ButtonRole.DestructiveRole)
        self.quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.quit_button)
        self.setEscapeButton(self.quit_button)


class MainWindow(QMainWindow):
    """社区嵌入式服务设施台账: area tree and pages; the ledger opens in a worker."""

    ledger_loaded = Signal()
    """The ledger is open and the tree and the current page show its data."""

    open_failed = Signal(str)
    """Opening the ledger failed; carries the message shown to the user."""

    integrity_checked = Signal(object)
    """The start-up integrity check ended: the problems found ([] when sound), None if stopped."""

    recovery_requested = Signal(object)
    """The database is damaged; carries the DamagedLedger the recovery box offers a way out of."""

    damage_found = Signal(str)
    """Damage met while working turned the open ledger read-only; carries what was found."""

    def __init__(self, *, remember_geometry: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._remember = remember_geometry
        self._opened: OpenedLedger | None = None
        self._task: Operation | None = None
        self._check: Task | None = None
        self._closed = False
        self._scope: Scope | None = None
        self._field_visit: QWidget | None = None
        self._path: Path | None = None
        self._demo = False
        self._damaged = False
        self.recovery_box: RecoveryBox | None = None
        """The damaged-database question while it is shown."""

        self.bus = ChangeBus(self)
        self.view = MainView(build_pages(self.bus), self)
        self.setCentralWidget(self.view)
        self.areas = AreaTreeModel(self)
        self.view.tree.setModel(self.areas)
        self.view.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        self._progress = QProgressBar()
        self._progress.setMaximumWidth(200)
        self._progress.setTextVisible(False)
        self._progress.hide()
        self._path_label = QLabel()
        self.changes_label = QLabel()
        self.changes_label.setToolTip(
            self.tr("Changes made in this ledger that have not yet been sent to the level above")
        )
        self.read_only_label = QLabel(self.tr("Read-only: the database is damaged"))
        self.read_only_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.read_only_label.hide()
        self.restore_button = QPushButton(self.tr("Restore the latest backup"))
        """Beside 只读: the way out of damage, while the ledger is read-only."""
        self.restore_button.setToolTip(self.tr(
            "Replace the damaged ledger by its newest sound backup; the damaged file is kept"))
        self.restore_button.clicked.connect(self._restore_from_banner)
        self.restore_button.hide()
        for label in (self.read_only_label, self.changes_label, self._path_label):
            label.setContentsMargins(6, 0, 6, 0)
        self.statusBar().addWidget(self._progress)
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.statusBar().addPermanentWidget(self.restore_button)
        self.statusBar().addPermanentWidget(self.changes_label)
        self.statusBar().addPermanentWidget(self._path_label)

        self._changes_timer = QTimer(self)
        self._changes_timer.setSingleShot(True)
        self._changes_timer.setInterval(CHANGES_DELAY_MS)
        self._areas_timer = QTimer(self)  # many changes at once (an import): one reload
        self._areas_timer.setSingleShot(True)
        self._areas_timer.setInterval(CHANGES_DELAY_MS)

        self.importer = Importer(self.bus, lambda: self.ledger, lambda: self.read_only, self)
        """File → 导入… and files dropped on the window: check, preview, then write."""
        self.setAcceptDrops(True)
        self._build_menus()
        self._build_toolbar()
        self._wire()
        self.undo = UndoStack(self.bus, lambda: self.ledger, self)
        """Ctrl+Z: the changes saved in this session, undone newest first."""
        self.undo.bind(self.undo_action)
        self.undo.undo_finished.connect(self._show_message)
        self.draft_offer: DraftOffer | None = None
        """The question about forms left unsaved last time, while it is asked."""
        self._set_title(self.tr("Opening…"))
        self._default_size()
        if remember_geometry:
            self._restore_geometry()

    # --- building ----------------------------------------------------------------------

    def _icon(self, pixmap: QStyle.StandardPixmap) -> QIcon:
        return self.style().standardIcon(pixmap)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.setToolTipsVisible(True)
        self.new_action = QAction(self._icon(QStyle.StandardPixmap.SP_FileIcon),
                                  self.tr("&New record"), self)
        self.new_action.setIconText(self.tr("New"))
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setToolTip(self.tr("New record on the current page (Ctrl+N)"))
        self.new_action.triggered.connect(self._new_record)
        self.field_visit_action = QAction(
            self._icon(QStyle.StandardPixmap.SP_DialogApplyButton), self.tr("&Field visit…"), self)
        self.field_visit_action.setIconText(self.tr("Field visit"))
        self.field_visit_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.field_visit_action.setToolTip(
            self.tr("Full-screen entry of spaces, demands and photos on a community visit"))
        self.field_visit_action.setEnabled(False)
        self.field_visit_action.triggered.connect(self._open_field_visit)
        self.import_action = QAction(self.tr("&Import…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setToolTip(
            self.tr("Check an Excel or CSV file and preview it, then import it (Ctrl+I); you can "
                    "also drop the file onto the window"))
        self.import_action.setEnabled(False)
        self.import_action.triggered.connect(self.importer.choose_and_import)
        self.print_action = QAction(self.tr("&Print…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setToolTip(
            self.tr("Print the area's demand lists, community profile or monthly report as PDF "
                    "(Ctrl+P)"))
        self.print_action.setEnabled(False)
        self.print_action.triggered.connect(self._show_printing)
        self.quit_action = QAction(self.tr("E&xit"), self)
        self.quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
                                      or [QKeySequence("Ctrl+Q")])
        self.quit_action.triggered.connect(self.close)
        file_menu.addActions([self.new_action, self.field_visit_action, self.import_action,
                              self.print_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.setToolTipsVisible(True)
        self.undo_action = QAction(self.tr("&Undo"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)  # until this session has saved something
        self.find_action = QAction(self._icon(QStyle.StandardPixmap.SP_FileDialogContentsView),
                                   self.tr("Find"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setToolTip(self.tr("Search on the current page (Ctrl+F)"))
        self.find_action.triggered.connect(self._focus_search)
        edit_menu.addAction(self.undo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.refresh_action = QAction(self._icon(QStyle.StandardPixmap.SP_BrowserReload),
                                      self.tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.setToolTip(self.tr("Read the current page again (F5)"))
        self.refresh_action.triggered.connect(self._refresh)
        view_menu.addAction(self.refresh_action)
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("&Language"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, group)  # each language named in itself
            action.setCheckable(True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(partial(self._choose_language, code))
            language_menu.addAction(action)
            self.language_actions[code] = action

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About"), self)
        self.about_action.triggered.connect(self._show_about)
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self.tr("Toolbar"), self)
        self.toolbar.setObjectName("main_toolbar")  # saveState() needs a name
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.toggleViewAction().setEnabled(False)
        self.toolbar.addActions([self.new_action, self.field_visit_action, self.refresh_action,
                                 self.find_action])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _wire(self) -> None:
        self.view.tree.selectionModel().currentChanged.connect(self._on_area_chosen)
        self.view.tabs.currentChanged.connect(self._on_page_shown)
        for page in self.pages:
            page.status_message.connect(self._show_message)
            if isinstance(page, ReportsPage):
                page.use_import_action(self.import_action)
        self.importer.status_message.connect(self._show_message)
        self.bus.changed.connect(self._on_changed)
        self._changes_timer.timeout.connect(self._update_changes)
        self._areas_timer.timeout.connect(self._reload_areas)

    # --- the pages ---------------------------------------------------------------------

    @property
    def pages(self) -> list[Page]:
        """Every page, in tab order."""
        return self.view.pages

    def current_page(self) -> Page:
        """The page shown."""
        return self.view.current_page()

    def page(self, key: str) -> Page:
        """A page by its key ("communities", "matrix", …)."""
        for page in self.pages:
            if page.objectName() == key:
                return page
        raise KeyError(key)

    def show_page(self, key: str) -> Page:
        """Bring a page to the front (as clicking its tab does)."""
        page = self.page(key)
        self.view.show_page(page)
        return page

    def _sync(self, page: Page) -> None:
        """Give a page the current area and ledger, if it does not show them yet."""
        ledger = self.ledger
        if self._scope is not None and page.scope != self._scope:
            page.set_scope(self._scope)
        if page.ledger is not ledger:
            page.set_ledger(ledger)

    def _on_page_shown(self, _index: int) -> None:
        self._sync(self.current_page())

    def _new_record(self) -> None:
        if not self.current_page().new_record():
            self._show_message(self.tr("Nothing to create on this page"))

    def _focus_search(self) -> None:
        if not self.current_page().focus_search():
            self._show_message(self.tr("This page has no search box"))

    def _show_printing(self) -> None:
        """打印… (Ctrl+P): the 报表 page in front, its PDF reports in view."""
        page = self.show_page("reports")
        if isinstance(page, ReportsPage):
            page.focus_pdf()

    def _refresh(self) -> None:
        self.current_page().refresh()
        self._update_changes()

    def _show_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    # --- opening -----------------------------------------------------------------------

    @property
    def ledger(self) -> Ledger | None:
        """The open ledger, once it has loaded."""
        return self._opened.ledger if self._opened else None

    @property
    def read_only(self) -> bool:
        """True when the ledger was opened read-only because it is damaged."""
        return self._opened is not None and self._opened.read_only

    def open_ledger(self, path: Path, *, demo: bool = False, read_only: bool = False) -> None:
        """Open a ledger in a worker; the window stays responsive and fills when it is ready."""
        if self._busy():
            return
        self._path, self._demo = Path(path), demo
        self.statusBar().showMessage(self.tr("Opening the ledger…"))
        self._path_label.setText(self.tr("Database: {path}").format(path=path))
        job = partial(open_for_window, Path(path), demo=demo, read_only=read_only)
        self._run(Operation(job, self), self._on_opened, self._on_open_failed)  # on the writer

    def _let_task_end(self) -> None:
        """Wait for a task that has delivered its result to end (its thread is returning)."""
        if self._task is not None:
            self._task.wait()

    def _busy(self) -> bool:
        """True while an open or a restore runs (one that has delivered its result is done)."""
        return self._task is not None and not self._task.isFinished()

    def _run(self, task: Operation, succeeded: Callable[[object], None],
             failed: Callable[[str, str], None]) -> None:
        self._progress.setRange(0, 0)
        self._progress.show()
        task.progress_changed.connect(self._on_progress)
        task.succeeded.connect(succeeded)
        task.failed.connect(failed)
        task.finished.connect(partial(self._on_task_done, task))
        self._task = task
        task.start()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self._progress.setRange(0, max(total, 0))
        if total:
            self._progress.setValue(done)
        if message:
            self.statusBar().showMessage(message)

    def _on_opened(self, opened: object) -> None:
        if isinstance(opened, DamagedLedger):
            if not self._closed:
                self._offer_recovery(opened)
            return
        assert isinstance(opened, OpenedLedger)
        if self._closed:  # closed while it was opening
            opened.ledger.close()
            return
        self.show_ledger(opened)

    def _on_open_failed(self, message: str, details: str) -> None:
        if self._closed:  # e.g. the demo generation the user cancelled by closing the window
            return
        self.statusBar().showMessage(
            self.tr("Cannot open the ledger: {message}").format(message=message))
        self._set_title(self.tr("No ledger open"))
        self.open_failed.emit(message)

    def _on_task_done(self, task: Operation) -> None:
        task.deleteLater()
        if task is self._task:  # not one the recovery box has already followed
            self._progress.hide()
            self._task = None

    def show_ledger(self, opened: OpenedLedger) -> None:
        """Show an opened ledger: the tree, the current page for the home area, title and path."""
        self._close_ledger()
        self._opened = opened
        self._path = opened.ledger.path
        self._scope = opened.home or CITY
        self.areas.set_areas(opened.city, opened.areas)
        self._expand_areas()
        self.view.tree.setCurrentIndex(self.areas.index_of(opened.home))
        self._sync(self.current_page())
        self._show_state()
        self._path_label.setText(self.tr("Database: {path}").format(path=opened.ledger.path))
        self._show_changes(opened.undelivered)
        # damage met while working (a malformed page, a failed check) comes from any thread
        self.damage_found.connect(self._on_damage_found, Qt.ConnectionType.UniqueConnection)
        opened.ledger.damage_listeners.append(self._damage_met)
        for notice in opened.ledger.notices:
            log.warning("%s", notice)
        self.statusBar().showMessage(
            "；".join(opened.ledger.notices) or self.tr("Ledger opened"), 5000)
        self.undo.clear()
        if not opened.read_only:
            self.draft_offer = offer_drafts(opened.ledger, self.bus, self)
        QTimer.singleShot(0, self._finish_loading)  # once the page has laid out its rows

    def _show_state(self) -> None:
        """The title names the area, and says when the data is a demo or only readable."""
        opened = self._opened
        assert opened is not None
        area = opened.home.name if opened.home else opened.ledger.path.name
        if opened.demo:
            area = self.tr("{area} (demo data)").format(area=area)
        if opened.read_only:
            area = self.tr("{area} (read-only)").format(area=area)
        self._set_title(area)
        self.read_only_label.setVisible(opened.read_only)
        self.restore_button.setVisible(opened.read_only and self._path is not None
                                       and status.latest_backup(self._path) is not None)
        self.new_action.setEnabled(not opened.read_only)
        self.field_visit_action.setEnabled(not opened.read_only)
        self.import_action.setEnabled(not opened.read_only)
        self.print_action.setEnabled(True)

    def _finish_loading(self) -> None:
        if self._opened is None:
            return
        self.ledger_loaded.emit()
        if self._opened.checked:
            self.integrity_checked.emit([])
        else:
            self._start_check(self._opened.ledger.path)

    def _expand_areas(self) -> None:
        """Open the city and the districts that have communities; leave the empty ones folded."""
        root = self.areas.index(0, 0)
        self.view.tree.expand(root)
        for row in range(self.areas.rowCount(root)):
            district = self.areas.index(row, 0, root)
            if district.data(COMMUNITIES_ROLE):
                self.view.tree.expand(district)

    def _open_field_visit(self) -> None:
        """The full-screen field-visit flow on the open ledger, in the chosen area."""
        if self.ledger is None or self.read_only or self._field_visit is not None:
            return
        from ui.fieldvisit import FieldVisitWindow

        window = FieldVisitWindow(self.ledger, self.bus, self._scope, self)
        window.finished.connect(self._on_field_visit_finished)
        self._field_visit = window
        window.showFullScreen()

    def _on_field_visit_finished(self) -> None:
        self._field_visit = None

    def _close_ledger(self) -> None:
        """Pages let go of the ledger, then it closes (before another opens, or a restore)."""
        if self._field_visit is not None:  # it writes to this ledger: close it first
            self._field_visit.close()
            self._field_visit = None
        self.field_visit_action.setEnabled(False)
        self.import_action.setEnabled(False)
        self.print_action.setEnabled(False)
        self.importer.stop()
        for page in self.pages:
            if page.ledger is not None:
                page.set_ledger(None)
        self.restore_button.hide()
        if self._opened is not None:
            wait_for_writes()  # the writes asked for end in the ledger they were asked for
            with contextlib.suppress(ValueError):
                self._opened.ledger.damage_listeners.remove(self._damage_met)
            self._opened.ledger.close()
            self._opened = None

    # --- the integrity check and the way out of damage -----------------------------------

    def _start_check(self, path: Path) -> None:
        """quick_check in the background: the window stays usable while it runs."""
        if self._check is not None:
            return
        task = Task(partial(check_in_background, path), self)
        task.succeeded.connect(self._on_checked)
        task.failed.connect(lambda message, _details: self._show_message(message))
        task.finished.connect(self._on_check_done)
        self._check = task
        task.start()

    def _on_checked(self, problems: object) -> None:
        assert problems is None or isinstance(problems, list)
        if problems and not self._closed and self._path is not None:
            backup = status.latest_backup(self._path)
            self._offer_recovery(DamagedLedger(self._path, problems, backup, self._demo))
        self.integrity_checked.emit(problems)

    def _on_check_done(self) -> None:
        if self._check is not None:
            self._check.deleteLater()
        self._check = None

    def _offer_recovery(self, damage: DamagedLedger) -> None:
        """Ask what to do about a damaged database (not modal to the app: workers go on)."""
        if self.recovery_box is not None:
            return
        self._path, self._demo, self._damaged = damage.path, damage.demo, True
        self._set_title(self.tr("The ledger is damaged"))
        box = RecoveryBox(damage, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(partial(self._on_recovery_chosen, box))
        self.recovery_box = box
        self.recovery_requested.emit(damage)
        box.open()

    def _on_recovery_chosen(self, box: RecoveryBox, button: object) -> None:
        self.recovery_box = None
        box.deleteLater()
        self._let_task_end()  # the open that found the damage
        assert self._path is not None
        if button is box.restore_button:
            self._restore(self._path)
        elif button is box.read_only_button:
            if self._opened is not None:  # found by the background check: the window shows it
                status.make_read_only(self._opened.ledger)
                self._opened.read_only = True
                self._show_state()
            else:
                self.open_ledger(self._path, demo=self._demo, read_only=True)
        else:
            self.close()

    def _damage_met(self, why: str) -> None:
        """The store found damage (in whatever thread): the window follows in its own."""
        self.damage_found.emit(why)

    def _on_damage_found(self, why: str) -> None:
        """The open ledger turned read-only: say so, and offer the way out (restore a backup)."""
        opened = self._opened
        if opened is None or self._closed or self._path is None:
            return
        opened.read_only = True
        self._show_state()
        self._offer_recovery(DamagedLedger(self._path, [why], status.latest_backup(self._path),
                                           self._demo))

    def _restore_from_banner(self) -> None:
        if self._path is not None and not self._busy() and self.recovery_box is None:
            self._restore(self._path)

    def _restore(self, path: Path) -> None:
        """Close the ledger, put the latest sound backup in its place, open it again."""
        self._close_ledger()
        self.statusBar().showMessage(self.tr("Restoring the latest backup…"))
        task = Operation(lambda _state: status.restore_latest_backup(path), self)
        self._run(task, self._on_restored, self._on_restore_failed)

    def _on_restored(self, restored: object) -> None:
        assert isinstance(restored, status.Restored)
        if self._closed:
            return
        taken = restored.backup.taken_at.strftime("%Y-%m-%d %H:%M")
        message = self.tr("Restored the backup of {time}; the damaged file was kept as {path}")
        self._show_message(message.format(time=taken, path=restored.damaged_copy.name))
        self._damaged = False
        QTimer.singleShot(0, self._reopen)

    def _reopen(self) -> None:
        self._let_task_end()  # the restore
        if self._path is not None and not self._closed:
            self.open_ledger(self._path, demo=self._demo)

    def _on_restore_failed(self, message: str, _details: str) -> None:
        if self._closed:
            return
        self.statusBar().showMessage(message)
        self._set_title(self.tr("No ledger open"))
        self.open_failed.emit(message)

    # --- behaviour ---------------------------------------------------------------------

    def _on_area_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The tree's choice scopes the visible page now, the others when they are shown."""
        scope = self.areas.scope_at(current)
        if scope is not None:
            self._scope = scope
            self._sync(self.current_page())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """A drag of Excel or CSV files may be dropped here (to import); anything else not."""
        if importable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """A file dropped on the window is checked and previewed for import."""
        files = dropped_files(event.mimeData())
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.importer.import_paths(files)

    def _on_changed(self, changes: Changes, _origin: object) -> None:
        """The undelivered count is read again; a community added, renamed or deleted (or an
        import, a sync): the tree too."""
        self._changes_timer.start()
        if changes.areas:
            self._areas_timer.start()

    def _reload_areas(self) -> None:
        """The area tree read again, keeping what was open and chosen."""
        ledger, opened = self.ledger, self._opened
        if ledger is None or opened is None:
            return
        try:
            nodes = area_tree(ledger)
        except Exception:  # a damaged database: the tree keeps what it showed
            log.warning("cannot read the areas again", exc_info=True)
            return
        tree = self.view.tree
        expanded = [scope for index, scope in self.areas.scopes() if tree.isExpanded(index)]
        city_open = tree.isExpanded(self.areas.index(0, 0))
        chosen = self._scope
        selection = tree.selectionModel()
        selection.blockSignals(True)  # the same area stays chosen: nothing to redo
        try:
            self.areas.set_areas(opened.city, nodes)
            tree.setExpanded(self.areas.index(0, 0), city_open)
            for scope in expanded:
                tree.setExpanded(self.areas.index_of(scope), True)
            current = self.areas.index_of(chosen)
            tree.setCurrentIndex(current)
        finally:
            selection.blockSignals(False)
        if self.areas.scope_at(current) != chosen:  # the chosen area is gone: the city, then
            self._on_area_chosen(current, QModelIndex())

    def _update_changes(self) -> None:
        ledger = self.ledger
        if ledger is None:
            return
        try:
            count = sync.undelivered_changes(ledger)
        except Exception:  # a damaged database: the status bar is no place to fail
            log.warning("cannot count the undelivered changes", exc_info=True)
            return
        self._show_changes(count)

    def _show_changes(self, count: int) -> None:
        self.changes_label.setText(self.tr("%n change(s) not reported", "", count))

    def _set_title(self, area: str) -> None:
        title = self.tr("Community Embedded Service Facilities Ledger — {area}")
        self.setWindowTitle(title.format(area=area))

    def _choose_language(self, language: str) -> None:
        message = i18n.set_language(language)
        if message:
            QMessageBox.information(self, self.tr("Language"), message)

    def about_box(self) -> QMessageBox:
        """The about box (shown by Help → About; built apart for the screenshots)."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About"))
        if not self.windowIcon().isNull():
            box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            self.tr(
                "<h3>Community Embedded Service Facilities Ledger</h3><p>Version {version}</p>"
                "<p>The ledger of community embedded service facilities for streets, districts "
                "and the city: spaces, the nine functions, demand lists and construction "
                "projects.</p>"
                "<p>Interface and PDF font: WenQuanYi Micro Hei, "
                "licensed under Apache-2.0 or GPL-3+.</p>"
            ).format(version=app.__version__)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        return box

    def _show_about(self) -> None:
        box = self.about_box()
        box.exec()
        box.deleteLater()

    def _default_size(self) -> None:
        """1280 × 800, or 90% of a smaller screen (a 1366 × 768 laptop)."""
        width, height = DEFAULT_SIZE
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)

    # --- settings and closing ----------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        for key, restore in ((_GEOMETRY, self.restoreGeometry), (_STATE, self.restoreState),
                             (_SPLITTER, self.view.splitter.restoreState)):
            value = settings.value(key)
            if isinstance(value, QByteArray | bytes):
                restore(QByteArray(value))
        key = settings.value(_PAGE)
        if isinstance(key, str) and key in {page.objectName() for page in self.pages}:
            self.show_page(key)

    def _save_geometry(self) -> None:
        settings = QSettings()
        settings.setValue(_GEOMETRY, self.saveGeometry())
        settings.setValue(_STATE, self.saveState())
        settings.setValue(_SPLITTER, self.view.splitter.saveState())
        settings.setValue(_PAGE, self.current_page().objectName())

    def shutdown(self) -> None:
        """Stop running work, remember the window, close the ledger (safe to call twice)."""
        for task in (self._task, self._check):
            if task is not None:
                task.cancel()
                task.wait()
        if self._closed:
            return
        self._closed = True
        if self._remember:
            self._save_geometry()
        opened = self._opened
        self._close_ledger()
        if opened is not None and not (self._damaged or opened.read_only):
            status.mark_closed(opened.ledger.path)  # a damaged one is checked again next time

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window shuts it down."""
        self.shutdown()
        super().closeEvent(event)
