"""The main window: opens the ledger off the UI thread, then shows the area tree and the list."""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QWidget,
)

import app
from app.services.areas import CITY
from ui.models.area_tree import COMMUNITIES_ROLE, AreaTreeModel
from ui.models.record_table import RecordTableModel
from ui.opening import OpenedLedger, open_for_window
from ui.tasks import Task
from ui.views.main_view import MainView

if TYPE_CHECKING:
    from app.store.db import Ledger

SEARCH_DELAY_MS = 250
MAX_COLUMN_WIDTH = 260
MIN_WIDE_COLUMN = 120
DEFAULT_SIZE = (1280, 800)
_GEOMETRY, _STATE, _SPLITTER = "main_window/geometry", "main_window/state", "main_window/splitter"


def fit_widths(wanted: list[int], available: int, floor: int = MIN_WIDE_COLUMN) -> list[int]:
    """Column widths that fit `available` pixels by narrowing the columns wider than `floor`."""
    excess = sum(wanted) - available
    wide = [w - floor for w in wanted if w > floor]
    if excess <= 0 or not wide:
        return wanted
    share = min(1.0, excess / sum(wide))
    return [w - math.ceil((w - floor) * share) if w > floor else w for w in wanted]


class MainWindow(QMainWindow):
    """社区嵌入式服务设施台账: area tree, community list, search; the ledger opens in a worker."""

    ledger_loaded = Signal()
    """The ledger is open and the tree and the list show its data."""

    open_failed = Signal(str)
    """Opening the ledger failed; carries the message shown to the user."""

    def __init__(self, *, remember_geometry: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._remember = remember_geometry
        self._opened: OpenedLedger | None = None
        self._task: Task | None = None
        self._closed = False

        self.view = MainView(self)
        self.setCentralWidget(self.view)
        self.areas = AreaTreeModel(self)
        self.communities = RecordTableModel("communities", self)
        self.view.tree.setModel(self.areas)
        self.view.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.table.setModel(self.communities)
        self.view.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.table.setSortingEnabled(True)  # no column sorted: records in the order added

        self._progress = QProgressBar()
        self._progress.setMaximumWidth(200)
        self._progress.setTextVisible(False)
        self._progress.hide()
        self._path_label = QLabel()
        self.statusBar().addWidget(self._progress)
        self.statusBar().addPermanentWidget(self._path_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        self._build_menus()
        self._wire()
        self._set_title(self.tr("正在打开…"))
        self._default_size()
        if remember_geometry:
            self._restore_geometry()

    # --- building ----------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.quit_action = QAction(self.tr("退出(&X)"), self)
        self.quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
                                      or [QKeySequence("Ctrl+Q")])
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        self.about_action = QAction(self.tr("关于(&A)"), self)
        self.about_action.triggered.connect(self._show_about)
        help_menu.addAction(self.about_action)

        self.find_action = QAction(self.tr("查找"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)
        self.refresh_action = QAction(self.tr("刷新"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.communities.reload)
        self.addActions([self.find_action, self.refresh_action])

    def _wire(self) -> None:
        self.view.tree.selectionModel().currentChanged.connect(self._on_area_chosen)
        self.view.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.view.search.returnPressed.connect(self._apply_search)
        self._search_timer.timeout.connect(self._apply_search)
        self.communities.total_changed.connect(self._show_total)
        self.communities.query_failed.connect(self._show_error)

    # --- opening -----------------------------------------------------------------------

    @property
    def ledger(self) -> Ledger | None:
        """The open ledger, once it has loaded."""
        return self._opened.ledger if self._opened else None

    def open_ledger(self, path: Path, *, demo: bool = False) -> None:
        """Open a ledger in a worker; the window stays responsive and fills when it is ready."""
        if self._task is not None:
            return
        self.statusBar().showMessage(self.tr("正在打开台账…"))
        self._path_label.setText(self.tr("数据库：{path}").format(path=path))
        self._progress.setRange(0, 0)
        self._progress.show()
        task = Task(partial(open_for_window, Path(path), demo=demo), self)
        task.progress_changed.connect(self._on_progress)
        task.succeeded.connect(self._on_opened)
        task.failed.connect(self._on_open_failed)
        task.finished.connect(self._on_task_done)
        self._task = task
        task.start()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self._progress.setRange(0, max(total, 0))
        if total:
            self._progress.setValue(done)
        if message:
            self.statusBar().showMessage(message)

    def _on_opened(self, opened: object) -> None:
        assert isinstance(opened, OpenedLedger)
        if self._closed:  # closed while it was opening
            opened.ledger.close()
            return
        self.show_ledger(opened)

    def _on_open_failed(self, message: str, details: str) -> None:
        if self._closed:  # e.g. the demo generation the user cancelled by closing the window
            return
        self.statusBar().showMessage(self.tr("无法打开台账：{message}").format(message=message))
        self._set_title(self.tr("未打开台账"))
        self.open_failed.emit(message)

    def _on_task_done(self) -> None:
        self._progress.hide()
        if self._task is not None:
            self._task.deleteLater()
        self._task = None

    def show_ledger(self, opened: OpenedLedger) -> None:
        """Show an opened ledger: the tree, the home area's communities, the title and the path."""
        if self._opened is not None:
            self._opened.ledger.close()
        self._opened = opened
        self.areas.set_areas(opened.city, opened.areas)
        self.communities.set_scope(opened.home or CITY)
        self.communities.set_ledger(opened.ledger)
        self._expand_areas()
        self.view.tree.setCurrentIndex(self.areas.index_of(opened.home))
        area = opened.home.name if opened.home else opened.ledger.path.name
        if opened.demo:
            area = self.tr("{area}（演示数据）").format(area=area)
        self._set_title(area)
        self._path_label.setText(self.tr("数据库：{path}").format(path=opened.ledger.path))
        self.statusBar().showMessage(self.tr("台账已打开"), 5000)
        QTimer.singleShot(0, self._finish_loading)  # once the table has laid out its rows

    def _finish_loading(self) -> None:
        if self._opened is None:
            return
        self._fit_columns()
        self.ledger_loaded.emit()

    def _expand_areas(self) -> None:
        """Open the city and the districts that have communities; leave the empty ones folded."""
        root = self.areas.index(0, 0)
        self.view.tree.expand(root)
        for row in range(self.areas.rowCount(root)):
            district = self.areas.index(row, 0, root)
            if district.data(COMMUNITIES_ROLE):
                self.view.tree.expand(district)

    def _fit_columns(self) -> None:
        """Size columns to the first page; when they are too wide together, narrow the widest."""
        table = self.view.table
        table.updateGeometries()  # the row-number column's width is known only after this
        header = table.horizontalHeader()
        columns = range(self.communities.columnCount())
        wanted = [
            min(max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) + 12, MAX_COLUMN_WIDTH)
            for c in columns
        ]
        widths = fit_widths(wanted, table.viewport().width())
        for column, width in zip(columns, widths, strict=True):
            header.resizeSection(column, width)

    # --- behaviour ---------------------------------------------------------------------

    def _on_area_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        scope = self.areas.scope_at(current)
        if scope is not None:
            self.communities.set_scope(scope)

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.communities.set_search(self.view.search.text())

    def _focus_search(self) -> None:
        self.view.search.setFocus()
        self.view.search.selectAll()

    def _show_total(self, total: int) -> None:
        scope = self.communities.query.scope
        if scope is None or scope.id is None:
            where = self._opened.city if self._opened else self.tr("全部区域")
        else:
            where = scope.name
        text = self.tr("{area}：共 {count} 个社区").format(area=where, count=total)
        if self.communities.query.search:
            text = self.tr("{area}：找到 {count} 个社区").format(area=where, count=total)
        self.view.scope_label.setText(text)

    def _show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    def _set_title(self, area: str) -> None:
        self.setWindowTitle(self.tr("社区嵌入式服务设施台账 — {area}").format(area=area))

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr(
                "<h3>社区嵌入式服务设施台账</h3><p>版本 {version}</p>"
                "<p>街道、区县、市三级的社区嵌入式服务设施资源台账、"
                "九项功能、需求清单与建设项目管理。</p>"
                "<p>界面与 PDF 字体：文泉驿微米黑（WenQuanYi Micro Hei），"
                "Apache-2.0 或 GPL-3+ 许可。</p>"
            ).format(version=app.__version__),
        )

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

    def _save_geometry(self) -> None:
        settings = QSettings()
        settings.setValue(_GEOMETRY, self.saveGeometry())
        settings.setValue(_STATE, self.saveState())
        settings.setValue(_SPLITTER, self.view.splitter.saveState())

    def shutdown(self) -> None:
        """Stop a running open, remember the window, close the ledger (safe to call twice)."""
        if self._task is not None:
            self._task.cancel()
            self._task.wait()
        if self._closed:
            return
        self._closed = True
        if self._remember:
            self._save_geometry()
        self.communities.set_ledger(None)
        if self._opened is not None:
            self._opened.ledger.close()
            self._opened = None

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window shuts it down."""
        self.shutdown()
        super().closeEvent(event)
