"""The main window as a user meets it: opening in a worker, area tree, scope, search, geometry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QFontInfo, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import app
from app import paths
from app.build import write_build_file
from app.domain.entities import COMMUNITY
from app.services import records
from app.services.setup import init_ledger
from tests.helpers.ledgers import COMMUNITIES
from tests.ui.window import Opener, shown_title
from ui.main_window import MainWindow
from ui.models.area_tree import SCOPE_ROLE
from ui.pages.records_page import RecordsPage

NAME = COMMUNITY.fields.index(COMMUNITY.field("name"))


def _child(window: MainWindow, parent: QModelIndex, name: str) -> QModelIndex:
    model = window.areas
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if index.data() == name:
            return index
    raise AssertionError(f"{name} not under {parent.data()}")


def communities_page(window: MainWindow, qtbot: QtBot) -> RecordsPage:
    """Click the 社区 tab; its page lists the communities."""
    page = window.page("communities")
    assert isinstance(page, RecordsPage)
    bar = window.view.tabs.tabBar()
    index = window.view.index_of(page)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.current_page() is page
    return page


def _names(page: RecordsPage) -> list[str]:
    model = page.model
    return [model.index(row, NAME).data() for row in range(model.rowCount())]


def _click(qtbot: QtBot, window: MainWindow, index: QModelIndex) -> None:
    tree = window.view.tree
    tree.scrollTo(index)
    center = tree.visualRect(index).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)


def _type_chinese(widget: QWidget, text: str) -> None:
    """Type as a Chinese input method does: it commits the chosen characters to the widget."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_window_opens_in_a_worker_and_shows_the_ledger(app: QApplication, qtbot: QtBot,
                                                       ledger_path: Path) -> None:
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    checked: list[object] = []
    window.integrity_checked.connect(checked.append)
    with qtbot.waitSignal(window.ledger_loaded, timeout=30_000):
        window.open_ledger(ledger_path)
        assert window.statusBar().currentMessage() == "正在打开台账…"  # at once, before it loads
        assert window.ledger is None
    assert shown_title(window) == "台账.db — 社区嵌入式服务设施台账"  # the app's name once
    labels = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert f"数据库：{ledger_path}" in labels
    assert QFontInfo(window.view.tree.font()).family() == paths.FONT_FAMILY
    page = communities_page(window, qtbot)
    assert sorted(_names(page)) == sorted(name for name, _street, _code in COMMUNITIES)
    assert page.model.total == len(COMMUNITIES)
    # the rolling daily backup is made behind the window showing the ledger (it checks first)
    qtbot.waitUntil(lambda: checked != [], timeout=30_000)
    assert checked == [[]]
    daily = list((ledger_path.parent / "backups").glob("台账.*.daily.db"))
    assert len(daily) == 1
    window.shutdown()


def test_tree_shows_district_street_community(open_window: Opener, ledger_path: Path) -> None:
    window = open_window(ledger_path)
    city = window.areas.index(0, 0)
    assert city.data() == "西安市"
    street = _child(window, _child(window, city, "新城区"), "解放门街道")
    assert window.view.tree.isExpanded(_child(window, city, "新城区"))
    rows = range(window.areas.rowCount(street))
    children = [window.areas.index(r, 0, street).data() for r in rows]
    assert children == ["东七路社区", "西七路社区", "尚俭路社区"]  # in code order
    assert "610102005000" in street.data(Qt.ItemDataRole.ToolTipRole)
    first = window.areas.index(0, 0, street)
    assert "610102005001" in first.data(Qt.ItemDataRole.ToolTipRole)


def test_choosing_an_area_scopes_the_list(open_window: Opener, ledger_path: Path,
                                          qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    page = communities_page(window, qtbot)
    city = window.areas.index(0, 0)
    district = _child(window, city, "新城区")
    street = _child(window, district, "解放门街道")
    _click(qtbot, window, street)
    assert page.model.query.scope == street.data(SCOPE_ROLE)
    assert sorted(_names(page)) == sorted(["东七路社区", "西七路社区", "尚俭路社区"])
    assert page.model.total == 3
    _click(qtbot, window, district)
    assert sorted(_names(page)) == sorted(["东七路社区", "西七路社区", "尚俭路社区",
                                           "西一路社区"])
    window.view.tree.expand(street)
    _click(qtbot, window, window.areas.index(1, 0, street))
    assert _names(page) == ["西七路社区"]


def test_search_narrows_the_list(open_window: Opener, ledger_path: Path,
                                 qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    page = communities_page(window, qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()  # the search box is the page's
    _type_chinese(page.search, "七路")
    qtbot.waitUntil(lambda: page.model.total == 2)
    assert sorted(_names(page)) == ["东七路社区", "西七路社区"]
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.total == len(COMMUNITIES))


def test_window_models_pass_the_model_tester(open_window: Opener, ledger_path: Path,
                                             qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    window = open_window(ledger_path)
    qtmodeltester.check(communities_page(window, qtbot).model)
    qtmodeltester.check(window.areas)


def test_scrolling_to_the_bottom_shows_the_last_row(open_window: Opener, tmp_path: Path,
                                                    qtbot: QtBot) -> None:
    path = tmp_path / "many.db"
    ledger = init_ledger(path)
    try:
        for n in range(250):
            values = {"name": f"社区{n:03d}", "street": "610102005000",
                      "code": f"610102005{n + 1:03d}"}
            records.create(ledger, "communities", values)
    finally:
        ledger.close()
    window = open_window(path)
    page = communities_page(window, qtbot)
    assert page.model.rowCount() == 250  # every row listed at once, read when shown
    page.table.scrollToBottom()
    last = page.table.rowAt(page.table.viewport().height() - 2)
    assert last == 249
    name = [f.name for f in page.model.fields].index("name")
    assert page.model.index(last, name).data() == "社区249"


def test_missing_ledger_is_created(open_window: Opener, tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "新 台账.db"
    window = open_window(path)
    assert path.exists()
    assert communities_page(window, qtbot).model.total == 0
    assert window.areas.rowCount(window.areas.index(0, 0)) > 10  # the reference list's districts


def test_a_file_that_is_no_ledger_is_refused(app: QApplication, qtbot: QtBot,
                                             tmp_path: Path) -> None:
    path = tmp_path / "随便.db"
    path.write_bytes(b"this is not a database" * 100)
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.open_failed, timeout=30_000) as blocker:
        window.open_ledger(path)
    assert "不是台账数据库" in blocker.args[0]
    assert "无法打开台账" in window.statusBar().currentMessage()
    assert window.ledger is None
    assert window.recovery_box is None  # not a damaged ledger: nothing to restore


def test_window_geometry_and_page_are_remembered(open_window: Opener, ledger_path: Path,
                                                 qtbot: QtBot) -> None:
    first = open_window(ledger_path, remember=True)
    first.resize(700, 500)  # the offscreen screen is 800 × 600
    first.view.splitter.setSizes([200, 500])
    communities_page(first, qtbot)
    first.close()
    second = open_window(ledger_path, remember=True)
    assert second.size() == QSize(700, 500)
    assert second.view.splitter.sizes()[0] == 200
    assert second.current_page() is second.page("communities")
    assert second.page("communities").ledger is second.ledger  # the page shown first loads too


def test_demo_ledger_is_filled_on_first_use(open_window: Opener, tmp_path: Path,
                                            qtbot: QtBot) -> None:
    path = tmp_path / "demo.db"
    window = open_window(path, demo=True)
    assert communities_page(window, qtbot).model.total > 0
    assert "演示数据" in window.windowTitle()


def test_about_names_the_build_the_data_folder_and_the_licences(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(ledger_path)
    box = window.about_box()
    text = box.text()
    assert "版本 0.1.0（从源代码运行）" in text.replace(app.__version__, "0.1.0")
    assert str(paths.data_dir()) in text
    assert "Apache-2.0 或 GPL-3+" in text and "WTFPL" in text and "统计用区划代码" in text
    box.deleteLater()

    monkeypatch.setattr(paths, "BUILD_FILE", write_build_file(
        tmp_path / "build.json", dt.date(2026, 12, 5), "0655d66"))
    opened: list[Path] = []
    window.open_folder = lambda folder: opened.append(folder) or True  # type: ignore[method-assign]
    box = window.about_box()
    assert f"版本 {app.__version__}（构建于 2026-12-05，0655d66）" in box.text()
    [button] = [b for b in box.buttons() if b.text() == "打开数据文件夹"]
    button.click()
    assert opened == [paths.data_dir()]
    box.deleteLater()
