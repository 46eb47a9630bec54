"""UI test fixtures: the configured application, isolated settings, ledgers on real files (five
communities, or the demo data of two streets), windows opened on them."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services import demo, records
from app.services.setup import open_existing
from app.store.db import Ledger, open_ledger
from tests.helpers.ledgers import COMMUNITIES, copy_ledger
from tests.ui.forms import OTHER_STREET, STREET, street_scope
from ui.app import create_app
from ui.main_window import MainWindow


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


@pytest.fixture(scope="session")
def demo_template(ledger_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed ledger with demo data for 解放门街道 (normal) and 西一路街道 (tiny): copy it."""
    path = copy_ledger(ledger_template, tmp_path_factory.mktemp("template") / "台账.db")
    ledger = open_ledger(path)
    try:
        demo.generate(ledger, street_scope(ledger, STREET), scale="normal")
        demo.generate(ledger, street_scope(ledger, OTHER_STREET), scale="tiny")
    finally:
        ledger.close()
    return path


def _copy_of_demo(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "台账 副本"
    folder.mkdir()
    for file in demo_template.parent.iterdir():
        shutil.copy2(file, folder / file.name)
    return folder / demo_template.name


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo ledger (with its identity key) for one test, closed."""
    return _copy_of_demo(demo_template, tmp_path)


@pytest.fixture
def open_demo(app: QApplication, demo_template: Path,
              tmp_path: Path) -> Iterator[Callable[[], Ledger]]:
    """Open a fresh copy of the demo ledger (each test writes its own), in the configured app."""
    opened: list[Ledger] = []

    def opener() -> Ledger:
        ledger = open_existing(_copy_of_demo(demo_template, tmp_path))
        opened.append(ledger)
        return ledger

    yield opener
    for ledger in opened:
        ledger.close()


@pytest.fixture
def ledger(open_demo: Callable[[], Ledger]) -> Ledger:
    """A fresh copy of the demo ledger, open (modules with a ledger of their own override it)."""
    return open_demo()
