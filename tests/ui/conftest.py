"""UI test fixtures: the configured application, isolated settings, ledgers on real files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services import records
from app.store.db import open_ledger
from tests.helpers.ledgers import copy_ledger
from ui.app import create_app
from ui.main_window import MainWindow

COMMUNITIES = [
    # name, street, code
    ("东七路社区", "解放门街道", "610102005001"),
    ("西七路社区", "解放门街道", "610102005002"),
    ("尚俭路社区", "解放门街道", "610102005003"),
    ("西一路社区", "西一路街道", "610102001001"),
    ("四府街社区", "南院门街道", "610103001001"),
]


@pytest.fixture(scope="session")
def app(qapp: QApplication) -> QApplication:
    """pytest-qt's application, configured as `python -m ui` configures its own."""
    return create_app(language="zh_CN")  # not the developer's saved language


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> None:
    """QSettings (window geometry) go to the test's folder, never to the user's."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def ledger_path(ledger_template: Path, tmp_path: Path) -> Path:
    """A closed ledger: five communities in three streets, in a folder with Chinese and a space."""
    path = copy_ledger(ledger_template, tmp_path / "台账 目录" / "台账.db")
    ledger = open_ledger(path)
    try:
        for name, street, code in COMMUNITIES:
            records.create(ledger, "communities", {"name": name, "street": street, "code": code})
    finally:
        ledger.close()
    return path


@pytest.fixture
def open_window(app: QApplication, qtbot: QtBot) -> Iterator[Callable[..., MainWindow]]:
    """Open a ledger in a shown main window and wait until it has loaded."""
    windows: list[MainWindow] = []

    def opener(path: Path, *, demo: bool = False, remember: bool = False) -> MainWindow:
        window = MainWindow(remember_geometry=remember)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        with qtbot.waitSignal(window.ledger_loaded, timeout=30_000):
            window.open_ledger(path, demo=demo)
        return window

    yield opener
    for window in windows:
        window.shutdown()
