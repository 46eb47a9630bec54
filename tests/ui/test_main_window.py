"""The main window as a user meets it: opening in a worker, area tree, scope, search, screenshot."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QFontInfo, QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app import paths
from app.domain.entities import COMMUNITY
from app.services import records
from app.services.setup import init_ledger
from ui.main_window import MainWindow
from ui.models.area_tree import SCOPE_ROLE

from .conftest import COMMUNITIES

ROOT = Path(__file__).resolve().parents[2]
NAME = COMMUNITY.fields.index(COMMUNITY.field("name"))
Opener = Callable[..., MainWindow]


def _child(window: MainWindow, parent: QModelIndex, name: str) -> QModelIndex:
    model = window.areas
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if index.data() == name:
            return index
    raise AssertionError(f"{name} not under {parent.data()}")


def _names(window: MainWindow) -> list[str]:
    model = window.communities
    return [model.index(row, NAME).data() for row in range(model.rowCount())]


def _click(qtbot, window: MainWindow, index: QModelIndex) -> None:
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
    with qtbot.waitSignal(window.ledger_loaded, timeout=30_000):
        window.open_ledger(ledger_path)
        assert window.statusBar().currentMessage() == "正在打开台账…"  # at once, before it loads
        assert window.ledger is None
    assert window.windowTitle() == "社区嵌入式服务设施台账 — 台账.db"
    labels = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert f"数据库：{ledger_path}" in labels
    assert QFontInfo(window.view.tree.font()).family() == paths.FONT_FAMILY
    assert sorted(_names(window)) == sorted(name for name, _street, _code in COMMUNITIES)
    assert window.view.scope_label.text() == "西安市：共 5 个社区"
    daily = list((ledger_path.parent / "backups").glob("台账.*.daily.db"))
    assert len(daily) == 1  # the rolling daily backup, made by the worker on opening
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
    city = window.areas.index(0, 0)
    district = _child(window, city, "新城区")
    street = _child(window, district, "解放门街道")
    _click(qtbot, window, street)
    assert window.communities.query.scope == street.data(SCOPE_ROLE)
    assert sorted(_names(window)) == sorted(["东七路社区", "西七路社区", "尚俭路社区"])
    assert window.view.scope_label.text() == "解放门街道：共 3 个社区"
    _click(qtbot, window, district)
    assert sorted(_names(window)) == sorted(["东七路社区", "西七路社区", "尚俭路社区",
                                             "西一路社区"])
    window.view.tree.expand(street)
    _click(qtbot, window, window.areas.index(1, 0, street))
    assert _names(window) == ["西七路社区"]


def test_search_narrows_the_list(open_window: Opener, ledger_path: Path,
                                 qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.view.search.hasFocus()
    _type_chinese(window.view.search, "七路")
    qtbot.waitUntil(lambda: window.communities.total == 2)
    assert sorted(_names(window)) == ["东七路社区", "西七路社区"]
    assert window.view.scope_label.text() == "西安市：找到 2 个社区"
    window.view.search.clear()
    qtbot.waitUntil(lambda: window.communities.total == len(COMMUNITIES))


def test_window_model_passes_the_model_tester(open_window: Opener, ledger_path: Path,
                                              qtmodeltester: ModelTester) -> None:
    window = open_window(ledger_path)
    qtmodeltester.check(window.communities)
    qtmodeltester.check(window.areas)


def test_scrolling_fetches_more_rows(open_window: Opener, tmp_path: Path,
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
    assert window.communities.rowCount() == 200
    window.view.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.communities.rowCount() == 250)


def test_missing_ledger_is_created(open_window: Opener, tmp_path: Path) -> None:
    path = tmp_path / "新 台账.db"
    window = open_window(path)
    assert path.exists()
    assert window.communities.total == 0
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


def test_window_geometry_is_remembered(open_window: Opener, ledger_path: Path) -> None:
    first = open_window(ledger_path, remember=True)
    first.resize(700, 500)  # the offscreen screen is 800 × 600
    first.view.splitter.setSizes([200, 500])
    first.close()
    second = open_window(ledger_path, remember=True)
    assert second.size() == QSize(700, 500)
    assert second.view.splitter.sizes()[0] == 200


def test_demo_ledger_is_filled_on_first_use(open_window: Opener, tmp_path: Path) -> None:
    pytest.importorskip("app.services.demo", reason="the demo generator is not there yet")
    path = tmp_path / "demo.db"
    window = open_window(path, demo=True)
    assert window.communities.total > 0
    assert "演示数据" in window.windowTitle()


def test_screenshot_command_writes_a_png(ledger_path: Path, tmp_path: Path) -> None:
    shots = tmp_path / "截图 目录"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    env.pop(paths.DB_ENV, None)
    done = subprocess.run(
        [sys.executable, "-m", "ui", "--screenshots", str(shots), "--db", str(ledger_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    png = shots / "main_window.png"
    assert png.stat().st_size > 0
    image = QImage(str(png))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)
