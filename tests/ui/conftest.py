"""UI test fixtures: the configured application, isolated settings, ledgers on real files (five
communities, or the demo data of two streets), windows opened on them."""

from __future__ import annotations

import shutil
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services import demo, records
from app.services.setup import open_existing
from app.store import backup, db, migrate
from app.store.db import Ledger, open_ledger
from tests.helpers.ledgers import COMMUNITIES, copy_ledger
from tests.ui.forms import OTHER_STREET, STREET, street_scope
from ui import tasks
from ui.app import create_app
from ui.main_window import MainWindow
from ui.operations import WRITER_THREAD


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """A test ends with every job it started ended, and its widgets deleted.

    Before its widgets close and its fixtures close its ledgers, the reads still running are
    cancelled and every job is waited for. After, the widgets pytest-qt closed are deleted at once
    (deleteLater would leave them to the next test's event loop, which would then pay for what this
    test left behind).
    """
    left = tasks.end_all(timeout=30)
    result = yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left += tasks.end_all(timeout=30)
    if left:
        pytest.fail(f"{len(left)} job(s) still running 30 s after the test ended: {left}",
                    pytrace=False)
    return result


@pytest.fixture(scope="session")
def app(qapp: QApplication) -> QApplication:
    """pytest-qt's application, configured as `python -m ui` configures its own."""
    return create_app(language="zh_CN")  # not the developer's saved language


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> None:
    """QSettings (window geometry) go to the test's folder, never to the user's."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


ROOT = Path(__file__).resolve().parents[2]


def _ui_off_the_writer() -> bool:
    """Whether the window's code is writing elsewhere than on the one writer: on the GUI thread,
    or in a thread of its own (a test's own set-up, with no ui code calling, is not)."""
    if threading.current_thread().name.startswith(WRITER_THREAD):
        return False
    frame = sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module == "ui" or module.startswith("ui."):
            return True
        frame = frame.f_back
    return False


def _where() -> str:
    """The calls that led here, ours only (not pytest's or Qt's)."""
    ours = [line for line in traceback.format_stack()[:-2]
            if line.lstrip().startswith(f'File "{ROOT}') and "/.venv/" not in line]
    return "".join(ours)


@pytest.fixture(autouse=True)
def no_writes_on_the_gui_thread(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if the window wrote to a ledger on the GUI thread (or in any thread but the
    one writer).

    Every write goes to the one writer (ui.operations): a write transaction (Ledger.write, the
    one write path), a schema upgrade, a new device identity or a backup called from ui code
    elsewhere is a failure, whatever the test checks. A test's own set-up writes directly.
    """
    found: list[str] = []

    def guarded(owner: Any, name: str) -> None:
        real = getattr(owner, name)

        def check(*args: Any, **kwargs: Any) -> Any:
            if _ui_off_the_writer():
                thread = threading.current_thread().name
                found.append(f"{name}() in thread {thread}, not on the writer, from:\n"
                             f"{_where()}")
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, check)

    guarded(db.Ledger, "write")
    guarded(db, "new_identity")
    guarded(migrate, "upgrade")
    guarded(backup, "create_backup")
    yield
    if found:
        pytest.fail(f"{len(found)} write(s) off the writer; the first: {found[0]}",
                    pytrace=False)


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
