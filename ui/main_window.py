"""The main window: menus, the area tree, the pages and the status bar; the ledger's life (open,
check, recover, restore, close) is the session's (ui/session.py), the window shows it."""

from __future__ import annotations

import html
import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QCursor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyle,
    QToolBar,
    QWidget,
)

import app
from app import paths
from app.build import build_info
from app.services import delivery, status
from app.services.areas import home_tree
from app.services.import_undo import ImportMark, ImportUndone
from app.services.relay_sync import RelayStatus
from app.store.areas import CITY, Scope
from ui import i18n, theme
from ui.app_lock import LockControl
from ui.autosync import AutoSync, next_try_text
from ui.forms.draft_offer import DraftOffer, offer_drafts
from ui.help.guide import guide_action
from ui.importing import Importer, dropped_files, importable
from ui.key_reminder import KeyReminderBar
from ui.models.area_tree import COMMUNITIES_ROLE, AreaTreeModel
from ui.new_chooser import NewRecordChooser
from ui.opening import DamagedLedger, OpenedLedger
from ui.pages.base import ChangeBus, Page
from ui.pages.registry import RECORD_PAGES, page_slots
from ui.session import LedgerSession, Recovery
from ui.setting_up import SettingUp
from ui.undo import UndoStack
from ui.views.main_view import MainView
from ui.widgets import fitting
from ui.widgets.notice import warn

if TYPE_CHECKING:  # dialogs load when first opened, pages when first shown: not at start-up
    from app.domain.changes import Changes
    from app.store.db import Ledger
    from ui.dialogs.backups_dialog import BackupsDialog
    from ui.dialogs.data_key_dialog import DataKeyDialog
    from ui.dialogs.recovery_box import RecoveryBox

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1280, 800)
CHANGES_DELAY_MS = 300
"""After a change, the undelivered count is read again once the burst of changes has passed."""

_GEOMETRY, _STATE, _SPLITTER = "main_window/geometry", "main_window/state", "main_window/splitter"
_PAGE = "main_window/page"


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
        self.session = LedgerSession(self)
        """The ledger's life: opening, the integrity check, recovery, restore, closing."""
        self._scope: Scope | None = None
        self._field_visit: QWidget | None = None
        self.recovery_box: RecoveryBox | None = None
        """The damaged-database question while it is shown."""

        self.bus = ChangeBus(self)
        self.view = MainView(page_slots(self.bus), self)
        self.setCentralWidget(self.view)
        self.key_reminder = KeyReminderBar(self.view)
        """Above the pages until the data key's recovery file is exported (or 以后再说)."""
        self.view.add_bar(self.key_reminder)
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
        self.relay_label = QLabel()
        """在线/离线 and the next try of the relay sync (hidden without a relay)."""
        self.relay_label.hide()
        self.autosync = AutoSync(self.bus, self)
        """The rounds over the relays: on a timer, after a save, on 立即同步."""
        self.read_only_label = QLabel(self.tr("Read-only: the database is damaged"))
        self.read_only_label.setStyleSheet(f"{theme.PROBLEM_TEXT} font-weight: bold;")
        self.read_only_label.hide()
        self.restore_button = QPushButton(self.tr("Restore the latest backup"))
        """Beside 只读: the way out of damage, while the ledger is read-only."""
        self.restore_button.setToolTip(self.tr(
            "Replace the damaged ledger by its newest sound backup; the damaged file is kept"))
        self.restore_button.clicked.connect(self._restore_from_banner)
        self.restore_button.hide()
        for label in (self.read_only_label, self.changes_label, self.relay_label,
                      self._path_label):
            label.setContentsMargins(6, 0, 6, 0)
        self.statusBar().addWidget(self._progress)
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.statusBar().addPermanentWidget(self.restore_button)
        self.statusBar().addPermanentWidget(self._make_undo_import_button())
        self.statusBar().addPermanentWidget(self.changes_label)
        self.statusBar().addPermanentWidget(self.relay_label)
        self.statusBar().addPermanentWidget(self._path_label)

        self._changes_timer = QTimer(self)
        self._changes_timer.setSingleShot(True)
        self._changes_timer.setInterval(CHANGES_DELAY_MS)
        self._areas_timer = QTimer(self)  # many changes at once (an import): one reload
        self._areas_timer.setSingleShot(True)
        self._areas_timer.setInterval(CHANGES_DELAY_MS)

        self.setting_up = SettingUp(self, self)
        """The set-up wizard: by itself on a fresh ledger, or from File → Office set-up."""
        self.importer = Importer(self.bus, lambda: self.ledger, lambda: self.read_only, self)
        """File → 导入… and files dropped on the window: check, preview, then write."""
        self.setAcceptDrops(True)
        self.app_lock = LockControl(self, self.bus, lambda: self.ledger)
        """文件 → 应用锁…: the password of a shared PC, asked at opening and when idle."""
        self._build_menus()
        self._build_toolbar()
        self.new_chooser = NewRecordChooser(
            [(slot.key, slot.title) for slot in page_slots(self.bus) if slot.key in RECORD_PAGES],
            self)
        """新建 on a page that makes no records: what to create, then that page's form."""
        self._wire()
        self.undo = UndoStack(self.bus, lambda: self.ledger, self)
        """Ctrl+Z: the changes saved in this session, undone newest first."""
        self.undo.bind(self.undo_action)
        self.undo.undo_finished.connect(self._show_message)
        self.undo.record_undone.connect(self._reveal_undone)
        self._wire_import_undo()
        self.draft_offer: DraftOffer | None = None
        """The question about forms left unsaved last time, while it is asked."""
        self._set_title(self.tr("Opening…"))
        self._default_size()
        if remember_geometry:
            self._restore_geometry()
        self.current_page()  # the page shown is built now; the others when first shown

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
        self.setup_action = QAction(self.tr("Office &set-up…"), self)
        self.setup_action.setToolTip(self.tr(
            "Who uses this ledger, its area, the names on printouts, the official communities"))
        self.setup_action.setEnabled(False)
        self.setup_action.triggered.connect(lambda: self.setting_up.open())
        self.quit_action = QAction(self.tr("E&xit"), self)
        self.quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
                                      or [QKeySequence("Ctrl+Q")])
        self.quit_action.triggered.connect(self.close)
        file_menu.addActions([self.new_action, self.field_visit_action, self.import_action,
                              self.print_action])
        self._add_backups_action(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.setup_action)
        file_menu.addActions([self.app_lock.settings_action, self.app_lock.lock_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.setToolTipsVisible(True)
        self.undo_action: QAction = QAction(self.tr("&Undo"), self)
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
        self.guide_action = guide_action(self)
        help_menu.addAction(self.guide_action)
        help_menu.addSeparator()
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
        self.view.page_built.connect(self._on_page_built)
        for page in self.view.built_pages:  # none yet: pages are built when first shown
            self._on_page_built(page)
        self.importer.status_message.connect(self._show_message)
        self.new_chooser.chosen.connect(self._create_on)
        self.bus.changed.connect(self._on_changed)
        self.key_reminder.export_requested.connect(self.export_data_key)
        self._changes_timer.timeout.connect(self._update_changes)
        self.autosync.status_changed.connect(self._show_relay)
        self.autosync.undelivered_read.connect(self._show_changes)
        self._areas_timer.timeout.connect(self._reload_areas)
        session = self.session
        session.open_started.connect(self._on_open_started)
        session.busy_changed.connect(self._on_busy_changed)
        session.progress_changed.connect(self._on_progress)
        session.ledger_opened.connect(self._show_ledger)
        session.ledger_loaded.connect(self.ledger_loaded)
        session.open_failed.connect(self._on_open_failed)
        session.about_to_close.connect(self._let_go)
        session.state_changed.connect(self._show_state)
        session.integrity_checked.connect(self.integrity_checked)
        session.check_failed.connect(self._show_message)
        session.recovery_requested.connect(self._offer_recovery)
        session.damage_found.connect(self.damage_found)
        session.damage_found.connect(lambda _why: self.key_reminder.forget())
        session.restore_started.connect(self._on_restore_started)
        session.restore_finished.connect(self._on_restored)
        session.restore_failed.connect(self._on_restore_failed)

    # --- the pages ---------------------------------------------------------------------

    @property
    def pages(self) -> list[Page]:
        """Every page, in tab order (those not built yet are built now)."""
        return self.view.pages

    def _on_page_built(self, page: Page) -> None:
        """A page built when first shown or asked for: wired to the window."""
        page.status_message.connect(self._show_message)
        page.use_import_action(self.import_action)
        if page.objectName() == "overview":  # the page shown at start: once its numbers are
            from ui.pages.overview_page import OverviewPage  # in, the start-up check may run

            assert isinstance(page, OverviewPage)
            page.overview_loaded.connect(self.session.check_now)
        if page.objectName() == "sync":
            from ui.pages.sync.page import SyncPage

            assert isinstance(page, SyncPage)
            page.use_autosync(self.autosync)

    def current_page(self) -> Page:
        """The page shown."""
        return self.view.current_page()

    def page(self, key: str) -> Page:
        """A page by its key ("communities", "matrix", …); built now if it was not yet."""
        if key not in self.view.keys:
            raise KeyError(key)
        return self.view.page_at(self.view.index_of(key))

    def open_file(self, path: Path) -> None:
        """A data bundle or a connection file handed to the app: 同步 takes it (once the
        ledger is open)."""
        from ui.pages.sync.page import SyncPage

        page = self.show_page("sync")
        assert isinstance(page, SyncPage)
        page.open_file(path)

    @Slot(object)
    def come_forward(self, file: object = None) -> None:
        """A later start of the app on this ledger asked for this window (and gave a file)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if isinstance(file, Path):
            self.open_file(file)

    def show_page(self, key: str) -> Page:
        """Bring a page to the front (as clicking its tab does)."""
        page = self.page(key)
        self.view.show_page(key)
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
        """新建 (Ctrl+N): the page's own form, or (概览, 同步 …) the choice of what to create."""
        page = self.current_page()
        if page.new_record() or page.objectName() in RECORD_PAGES:
            return  # its form (or, with one open already, nothing)
        if self.ledger is None or self.read_only:
            return
        anchor = self.toolbar.widgetForAction(self.new_action)
        self.new_chooser.show_below(anchor, QCursor.pos())

    def _reveal_undone(self, entity: str, record_id: str) -> None:
        """After Ctrl+Z: the record it changed selected and in view on its page, if it has one
        (a create undone leaves nothing to show)."""
        from app.domain.entities import entity as entity_named
        from ui.pages.records_page import RecordsPage

        for key in RECORD_PAGES:
            spec = entity_named(key)
            if spec is not None and spec.name == entity:
                page = self.show_page(key)
                assert isinstance(page, RecordsPage)
                page.reveal(record_id)
                return

    def _create_on(self, key: str) -> None:
        """A kind chosen in the 新建 menu: its page in front, its form for a new record."""
        self.show_page(key).new_record()

    def _focus_search(self) -> None:
        if not self.current_page().focus_search():
            self._show_message(self.tr("This page has no search box"))

    def _show_printing(self) -> None:
        """打印… (Ctrl+P): the 报表 page in front, its PDF reports in view."""
        from ui.pages.reports_page import ReportsPage

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
        return self.session.ledger

    @property
    def read_only(self) -> bool:
        """True when the ledger was opened read-only because it is damaged."""
        return self.session.read_only

    def open_ledger(self, path: Path, *, demo: bool = False, read_only: bool = False) -> None:
        """Open a ledger in a worker; the window stays responsive and fills when it is ready."""
        self.session.open(path, demo=demo, read_only=read_only)

    def _on_open_started(self, path: object) -> None:
        self.statusBar().showMessage(self.tr("Opening the ledger…"))
        self._path_label.setText(self.tr("Database: {path}").format(path=path))

    def _on_busy_changed(self, busy: bool) -> None:
        if busy:
            self._progress.setRange(0, 0)
            self._progress.show()
        else:
            self._progress.hide()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self._progress.setRange(0, max(total, 0))
        if total:
            self._progress.setValue(done)
        if message:
            self.statusBar().showMessage(message)

    def _on_open_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("Cannot open the ledger: {message}").format(message=message))
        self._set_title(self.tr("No ledger open"))
        self.open_failed.emit(message)

    def _show_ledger(self, opened: object) -> None:
        """Show an opened ledger: the tree, the current page for the home area, title and path."""
        assert isinstance(opened, OpenedLedger)
        self._scope = opened.home or CITY
        self.areas.set_areas(opened.city, opened.areas, opened.home)
        self._expand_areas()
        self.view.tree.setCurrentIndex(self.areas.index_of(opened.home))
        self._sync(self.current_page())
        self._show_state()
        self._path_label.setText(self.tr("Database: {path}").format(path=opened.ledger.path))
        self._show_changes(opened.undelivered)
        for notice in opened.ledger.notices:
            log.warning("%s", notice)
        self.statusBar().showMessage(
            "；".join(opened.ledger.notices) or self.tr("Ledger opened"), 5000)
        self.undo.clear()
        self.autosync.set_ledger(opened.ledger, read_only=opened.read_only)
        if not opened.read_only:
            self.draft_offer = offer_drafts(opened.ledger, self.bus, self)
        if opened.first_start:
            QTimer.singleShot(0, self.setting_up.open)
        self.app_lock.ledger_opened(opened)
        self.key_reminder.watch(opened.ledger, demo=opened.demo, read_only=opened.read_only)

    def use_home(self, home: Scope | None) -> None:
        """The office's area was set (up): the tree shows it alone, chosen."""
        opened = self.session.opened
        if opened is None:
            return
        opened.home = home
        self._scope = home or CITY
        self._reload_areas()
        self.view.tree.setCurrentIndex(self.areas.index_of(home))
        self._expand_areas()
        self._on_area_chosen(self.view.tree.currentIndex(), QModelIndex())
        self._show_state()

    def _show_state(self) -> None:
        """The title names the area, and says when the data is a demo or only readable."""
        opened = self.session.opened
        assert opened is not None
        area = opened.home.name if opened.home else opened.ledger.path.name
        if opened.demo:
            area = self.tr("{area} (demo data)").format(area=area)
        if opened.read_only:
            area = self.tr("{area} (read-only)").format(area=area)
        self._set_title(area)
        self.read_only_label.setVisible(opened.read_only)
        self.restore_button.setVisible(opened.read_only and self.session.can_restore())
        self.new_action.setEnabled(not opened.read_only)
        self.field_visit_action.setEnabled(not opened.read_only)
        self.import_action.setEnabled(not opened.read_only)
        self.setup_action.setEnabled(not opened.read_only)
        self.print_action.setEnabled(True)
        self.backups_action.setEnabled(True)
        self.data_key_action.setEnabled(not opened.read_only)

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

    def _let_go(self) -> None:
        """Pages and field visit let go of the ledger before it closes (another opens, a
        restore, the end)."""
        if self._field_visit is not None:  # it writes to this ledger: close it first
            self._field_visit.close()
            self._field_visit = None
        self.field_visit_action.setEnabled(False)
        self.import_action.setEnabled(False)
        self.setup_action.setEnabled(False)
        self.print_action.setEnabled(False)
        self.importer.stop()
        self.undo.imports.stop()
        self.undo_import_button.hide()
        self.backups_action.setEnabled(False)
        self.data_key_action.setEnabled(False)
        self.key_reminder.forget()
        self.autosync.set_ledger(None)
        for page in self.view.built_pages:
            if page.ledger is not None:
                page.set_ledger(None)
        self.restore_button.hide()

    # --- the way out of damage -----------------------------------------------------------

    def _offer_recovery(self, damage: object) -> None:
        """Ask what to do about a damaged database (not modal to the app: workers go on)."""
        from ui.dialogs.recovery_box import RecoveryBox

        assert isinstance(damage, DamagedLedger)
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
        if button is box.restore_button:
            choice = Recovery.RESTORE
        elif button is box.read_only_button:
            choice = Recovery.READ_ONLY
        else:
            choice = Recovery.QUIT
        self.session.recover(choice)
        if choice is Recovery.QUIT:
            self.close()

    def _restore_from_banner(self) -> None:
        self.session.restore_latest()

    def _on_restore_started(self) -> None:
        self.statusBar().showMessage(self.tr("Restoring the latest backup…"))

    def _on_restored(self, restored: object) -> None:
        assert isinstance(restored, status.Restored)
        taken = restored.backup.taken_at.strftime("%Y-%m-%d %H:%M")
        message = self.tr("Restored the backup of {time}; the damaged file was kept as {path}")
        self._show_message(message.format(time=taken, path=restored.damaged_copy.name))

    def _on_restore_failed(self, message: str) -> None:
        self.statusBar().showMessage(message)
        self._set_title(self.tr("No ledger open"))
        self.open_failed.emit(message)

    # --- taking an import back, restoring a backup ----------------------------------------

    def _make_undo_import_button(self) -> QPushButton:
        self.undo_import_button = QPushButton(self.tr("Undo this import"))
        """After an import: takes it back (asked first; records changed since are kept)."""
        self.undo_import_button.hide()
        self._import_mark: ImportMark | None = None
        return self.undo_import_button

    def _wire_import_undo(self) -> None:
        """撤销这次导入 in the status bar after an import; Ctrl+Z takes the import back too."""
        self.undo_import_button.clicked.connect(self._undo_last_import)
        self.importer.imported.connect(self._on_imported)
        self.undo.imports.undone.connect(self._on_import_undone)
        self.undo.imports.refused.connect(self._on_import_undone)

    def _on_imported(self, result: object) -> None:
        from app.services.imports import ImportResult

        assert isinstance(result, ImportResult)
        ledger = self.ledger
        if result.mark is None or ledger is None:
            return
        self.undo.push_import(ledger, result.mark)
        self._import_mark = result.mark
        self.undo_import_button.setToolTip(self.tr(
            'Take back the import of "{file}": the records it added are deleted, those it '
            "updated get their old values back (Ctrl+Z)").format(file=result.mark.file))
        self.undo_import_button.show()

    def _undo_last_import(self) -> None:
        if self._import_mark is not None:
            self.undo.undo_import(self._import_mark)

    def _on_import_undone(self, what: object) -> None:
        mark = what.mark if isinstance(what, ImportUndone) else what
        if isinstance(mark, ImportMark) and self._import_mark is not None \
                and mark.key == self._import_mark.key:
            self._import_mark = None
            self.undo_import_button.hide()

    def _add_backups_action(self, menu: QMenu) -> None:
        self.backups_action = QAction(self.tr("&Backups and restore…"), self)
        self.backups_action.setToolTip(self.tr(
            "The ledger's backups: when and why each was made; restore one"))
        self.backups_action.setEnabled(False)
        self.backups_action.triggered.connect(self.show_backups)
        menu.addAction(self.backups_action)
        self.data_key_action = QAction(self.tr("&Data key recovery file…"), self)
        self.data_key_action.setToolTip(self.tr(
            "Export the key of reporters' names and phones for a new laptop, or import it"))
        self.data_key_action.setEnabled(False)
        self.data_key_action.triggered.connect(self.show_data_key)
        menu.addAction(self.data_key_action)
        self._restored_message = ""
        self.session.backup_restored.connect(self._on_backup_restored)
        self.session.ledger_loaded.connect(self._after_backup_restored)
        self.session.backup_restore_failed.connect(self._on_backup_restore_failed)

    def show_data_key(self) -> DataKeyDialog | None:
        """文件 → 数据密钥恢复文件… (not modal: the work is done on the writer)."""
        from ui.dialogs.data_key_dialog import DataKeyDialog

        ledger = self.ledger
        if ledger is None:
            return None
        dialog = DataKeyDialog(ledger, self.bus, self, clock=self.key_reminder.clock)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(self.key_reminder.exported)
        dialog.imported.connect(lambda _own: self.key_reminder.recheck())
        dialog.show()
        return dialog

    def export_data_key(self) -> DataKeyDialog | None:
        """The reminder's 导出恢复文件…: the recovery-file dialog, its export side first."""
        dialog = self.show_data_key()
        if dialog is not None:
            dialog.focus_export()
        return dialog

    def backups_dialog(self) -> BackupsDialog | None:
        """文件 → 备份与恢复, for the open ledger (built apart for the screenshots)."""
        from ui.dialogs.backups_dialog import BackupsDialog

        path = self.session.path
        if path is None or self.session.opened is None:
            return None
        dialog = BackupsDialog(path, self, read_only=self.read_only)
        dialog.restore_requested.connect(self._restore_chosen_backup)
        return dialog

    def show_backups(self) -> BackupsDialog | None:
        """Show the backups dialog (window-modal; it asks the window to restore)."""
        dialog = self.backups_dialog()
        if dialog is not None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
        return dialog

    def _restore_chosen_backup(self, chosen: object) -> None:
        assert isinstance(chosen, Path)
        if self.session.restore_backup(chosen):
            self.statusBar().showMessage(self.tr("Restoring the backup…"))

    def _on_backup_restored(self, restored: object) -> None:
        assert isinstance(restored, status.BackupRestored)
        taken = restored.backup.taken_at.strftime("%Y-%m-%d %H:%M")
        self._restored_message = self.tr(
            "Restored the backup of {time}; the ledger as it was is kept as {path}. New device "
            "key: {device}").format(time=taken, path=restored.kept.name, device=restored.device)

    def _after_backup_restored(self) -> None:
        """Once the restored ledger has loaded: say what was done (after 台账已打开)."""
        if self._restored_message:
            self._show_message(self._restored_message)
            self._restored_message = ""

    def _on_backup_restore_failed(self, message: str) -> None:
        warn(self, self.tr("Cannot restore the backup"), message)

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
        self.key_reminder.on_changes(changes)
        if changes.areas:
            self._areas_timer.start()

    def _reload_areas(self) -> None:
        """The area tree read again, keeping what was open and chosen."""
        ledger, opened = self.ledger, self.session.opened
        if ledger is None or opened is None:
            return
        try:
            nodes = home_tree(ledger, opened.home)
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
            self.areas.set_areas(opened.city, nodes, opened.home)
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
            count = delivery.undelivered_changes(ledger)
        except Exception:  # a damaged database: the status bar is no place to fail
            log.warning("cannot count the undelivered changes", exc_info=True)
            return
        self._show_changes(count)

    def _show_changes(self, count: int) -> None:
        self.changes_label.setText(self.tr("%n change(s) not reported", "", count))

    def _show_relay(self, status: object) -> None:
        """在线/离线 and when the next round runs, beside the undelivered count."""
        assert isinstance(status, RelayStatus)
        self.relay_label.setVisible(status.configured)
        if not status.configured:
            return
        if self.autosync.running:
            text = self.tr("Syncing…")
        elif status.online is None:
            text = self.tr("Relay: not reached yet")
        elif status.online:
            text = self.tr("Online")
        else:
            text = self.tr("Offline")
        if status.next_try is not None and not self.autosync.running:
            text += self.tr(" · next try {time}").format(time=next_try_text(status))
        if status.clock_warning:
            text += self.tr(" · check the clock")
        self.relay_label.setText(text)
        self.relay_label.setStyleSheet(theme.PROBLEM_TEXT if status.online is False
                                       or status.clock_warning else "")
        self.relay_label.setToolTip("\n".join(
            why for why in (status.last_error, status.clock_warning) if why))

    def _set_title(self, area: str) -> None:
        """The title names the area (or the state) only: Qt adds " — " and the application's
        display name itself (QPlatformWindow::formatWindowTitle), so it reads once."""
        self.setWindowTitle(area)

    def _choose_language(self, language: str) -> None:
        message = i18n.set_language(language)
        if message:
            QMessageBox.information(self, self.tr("Language"), message)

    def about_box(self) -> QMessageBox:
        """The about box (shown by Help → About; built apart for the screenshots): the version
        and build, the data folder with a button that opens it, the licences of what is bundled."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About"))
        if not self.windowIcon().isNull():
            box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        build = build_info()
        if build is None:
            made = self.tr("run from the source code")
        elif build.commit:
            made = self.tr("built {date}, {commit}").format(date=build.built.isoformat(),
                                                           commit=build.commit)
        else:
            made = self.tr("built {date}").format(date=build.built.isoformat())
        folder = paths.data_dir()
        box.setText(
            self.tr(
                "<h3>Community Embedded Service Facilities Ledger</h3>"
                "<p>Version {version} ({made})</p>"
                "<p>The ledger of community embedded service facilities for streets, districts "
                "and the city: spaces, the nine functions, demand lists and construction "
                "projects.</p>"
                "<p>Data folder (ledgers, backups, keys): {folder}</p>"
                "<p>Interface and PDF font: WenQuanYi Micro Hei, "
                "licensed under Apache-2.0 or GPL-3+.<br>"
                "Division codes of Xi'an: statistical division codes 2023 of the National "
                "Bureau of Statistics, as transcribed by the Administrative-divisions-of-China "
                "data set (WTFPL).</p>"
            ).format(version=app.__version__, made=made, folder=html.escape(str(folder)))
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        opener = box.addButton(self.tr("Open data folder"), QMessageBox.ButtonRole.ActionRole)
        opener.clicked.connect(lambda: self.open_folder(folder))
        fitting.fit(box)
        return box

    def open_folder(self, folder: Path) -> bool:
        """Show a folder in the system's file manager (tests replace it)."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _show_about(self) -> None:
        box = self.about_box()
        box.exec()
        box.deleteLater()

    def _default_size(self) -> None:
        """1280 × 800; maximized on a screen with less room (a 1366 × 768 laptop)."""
        width, height = DEFAULT_SIZE
        room = fitting.room(self)
        self.resize(min(width, room.width()), min(height, room.height()))
        if room.width() < width or room.height() < height:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    # --- settings and closing ----------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        for key, restore in ((_GEOMETRY, self.restoreGeometry), (_STATE, self.restoreState),
                             (_SPLITTER, self.view.splitter.restoreState)):
            value = settings.value(key)
            if isinstance(value, QByteArray | bytes):
                restore(QByteArray(value))
        key = settings.value(_PAGE)
        if isinstance(key, str) and key in self.view.keys:
            self.show_page(key)

    def _save_geometry(self) -> None:
        settings = QSettings()
        settings.setValue(_GEOMETRY, self.saveGeometry())
        settings.setValue(_STATE, self.saveState())
        settings.setValue(_SPLITTER, self.view.splitter.saveState())
        settings.setValue(_PAGE, self.current_page().objectName())

    def shutdown(self) -> None:
        """Stop running work, remember the window, close the ledger (safe to call twice)."""
        self.session.stop_work()
        if self.session.closed:
            return
        if self._remember:
            self._save_geometry()
        self.session.shut_down()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window shuts it down."""
        self.shutdown()
        super().closeEvent(event)
