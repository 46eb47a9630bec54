"""Driving the main window and its pages as a user does: the area tree and tabs, a records page's
rows and forms, the 报表 page and the save dialog, files dropped on the window."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from app.services import records
from app.services.setup import open_existing
from app.store import backup
from app.store.areas import Scope
from app.store.db import Ledger
from tests.ui.forms import STREET, activate, street_scope
from ui.forms.record_form import RecordFormDialog
from ui.main_window import MainWindow
from ui.pages.base import ChangeBus, Page
from ui.pages.records_page import RecordsPage
from ui.pages.reports_page import ReportsPage

Opener = Callable[..., MainWindow]
"""The open_window fixture: opens a ledger in a shown main window."""
LEFT = Qt.MouseButton.LeftButton


# --- the shell --------------------------------------------------------------------------------


def click_tab(window: MainWindow, qtbot: QtBot, index: int) -> Page:
    """Click a page's tab; the page now shown."""
    bar = window.view.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    return window.current_page()


def click_area(window: MainWindow, qtbot: QtBot, *names: str) -> QModelIndex:
    """Click an area of the tree by its path below the city: district, street, community."""
    index = window.areas.index(0, 0)
    for name in names:
        window.view.tree.expand(index)
        rows = range(window.areas.rowCount(index))
        index = next(window.areas.index(r, 0, index) for r in rows
                     if window.areas.index(r, 0, index).data() == name)
    tree = window.view.tree
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(index).center())
    assert tree.currentIndex() == index
    return index


def shown_title(window: QWidget) -> str:
    """The title bar's text as Windows and X11 show it: Qt adds " — " and the application's
    display name unless the title already ends with it (QPlatformWindow::formatWindowTitle)."""
    title, name = window.windowTitle(), QApplication.applicationDisplayName()
    if not name or title.endswith(name):
        return title or QApplication.applicationName()
    return f"{title} — {name}" if title else name


def changes_shown(window: MainWindow) -> int:
    """The number in the status bar's "N 项修改未上报"."""
    found = re.search(r"\d+", window.changes_label.text())
    assert found, window.changes_label.text()
    return int(found[0])


# --- a records page ---------------------------------------------------------------------------


def make_page(qtbot: QtBot, ledger: Ledger, entity: str, scope: Scope | None = None,
              bus: ChangeBus | None = None) -> RecordsPage:
    """An entity's records page on its own, shown and active, on a street of the ledger."""
    page = RecordsPage(bus or ChangeBus(), entity)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.set_ledger(ledger)
    page.set_scope(scope or street_scope(ledger))
    page.show()
    activate(qtbot, page)
    return page


def spaces_page(window: MainWindow, qtbot: QtBot) -> RecordsPage:
    """The window's 空间资源 page, shown, its list focused."""
    page = window.show_page("spaces")
    assert isinstance(page, RecordsPage)
    activate(qtbot, window)
    page.table.setFocus()
    return page


def click_row(qtbot: QtBot, page: RecordsPage, record_id: str) -> None:
    """Click a record's row in the table."""
    row = page.model.row_of(record_id)
    assert row >= 0
    index = page.model.index(row, 0)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=rect.center())
    assert page.selected_id() == record_id


def open_form(qtbot: QtBot, page: RecordsPage, trigger: Callable[[], object]) -> RecordFormDialog:
    """Do what opens the page's record form (a click, a key) and wait until it is shown."""
    trigger()
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    form = page.form
    assert form is not None
    activate(qtbot, form)
    return form


def save(qtbot: QtBot, page: RecordsPage, form: RecordFormDialog) -> None:
    """Click 保存, wait for the writer, and until the form has closed, accepted."""
    form.accepted.connect(lambda: accepted.append(True))
    accepted: list[bool] = []
    with qtbot.waitSignal(form.save_finished, timeout=10_000):
        qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: page.form is None)
    assert accepted == [True]


# --- the 报表 page ----------------------------------------------------------------------------


class SaveDialog:
    """Stands in for the system's save dialog: remembers what it was offered, answers a path."""

    def __init__(self, answer: Path | None) -> None:
        self.answer = answer
        self.offered: list[tuple[str, str]] = []

    def __call__(self, _parent: object, _title: str, suggested: str = "",
                 filters: str = "", *_args: object) -> tuple[str, str]:
        self.offered.append((suggested, filters))
        return (str(self.answer) if self.answer else "", "")


def save_as(monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> SaveDialog:
    """The save dialogs of the test answer `answer` (None: cancelled)."""
    dialog = SaveDialog(answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return dialog


def open_reports(open_window: Opener, path: Path, qtbot: QtBot) -> tuple[MainWindow, ReportsPage]:
    """The window on a ledger, 解放门街道 chosen in the tree, the 报表 page shown."""
    window = open_window(path)
    click_area(window, qtbot, "新城区", STREET)
    page = window.show_page("reports")
    assert isinstance(page, ReportsPage)
    return window, page


# --- files dropped on the window --------------------------------------------------------------


def drag(paths: Sequence[Path]) -> QMimeData:
    """What dragging these files carries."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drop(window: MainWindow, mime: QMimeData) -> None:
    """Drop files on the window (what the mouse release does after a drag)."""
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime, LEFT,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def capture(window: MainWindow) -> tuple[list[str], list[str]]:
    """What the importer tells (warnings) and informs (results), instead of message boxes."""
    told: list[str] = []
    informed: list[str] = []
    window.importer.tell = lambda _parent, _title, text: told.append(text)
    window.importer.inform = lambda _parent, _title, text: informed.append(text)
    return told, informed


def count(window: MainWindow, entity: str) -> int:
    """How many live records of an entity the window's ledger holds."""
    assert window.ledger is not None
    return records.count(window.ledger, entity)


def add_after_backup(path: Path) -> None:
    """A backup of the five communities, then a sixth that only the live file has."""
    backup.create_backup(path, "manual")
    ledger = open_existing(path)
    try:
        records.create(ledger, "communities",
                       {"name": "备份后社区", "street": "解放门街道", "code": "610102005009"})
    finally:
        ledger.close()
