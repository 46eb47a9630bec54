"""One window per ledger: a second start of the app (a real second process) hands its file to the
window already open on that ledger; what arrives on the socket is checked before it is believed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from ui import single_instance
from ui.main_window import MainWindow
from ui.pages.sync.page import SyncPage
from ui.single_instance import MAX_MESSAGE, Listener, parse, server_name

ROOT = Path(__file__).resolve().parents[2]


def test_one_name_per_ledger(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.db"
    assert server_name(ledger) == server_name(tmp_path / "." / "台账.db")
    assert server_name(ledger) != server_name(tmp_path / "演示.db")
    assert server_name(ledger).startswith("FacilityLedger-")


def test_a_message_is_one_line_asking_for_a_file_or_nothing() -> None:
    assert parse(b'{"open": null}\n') is None
    assert parse(json.dumps({"open": "E:/U盘/a.cfbundle"}).encode() + b"\n") == Path(
        "E:/U盘/a.cfbundle")


@pytest.mark.parametrize("data", [
    b'{"open": null}',  # not a whole line
    b"\xff\xfe\n",
    b"[1, 2]\n",
    b'{"open": null, "run": "rm -rf /"}\n',
    b'{"open": 3}\n',
    b'{"open": ""}\n',
    b'{"open": "a\\u0000b"}\n',
    b"[" * 100_000 + b"\n",
    b"[" * 60_000 + b"\n",  # nested deeper than the parser goes, within the size limit
    b'{"open": "' + b"x" * MAX_MESSAGE + b'"}\n',
])
def test_what_is_not_ours_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        parse(data)


def _second_start(name: str, file: Path | None) -> subprocess.Popen[str]:
    """Another process doing what a second `python -m ui` does before it opens a window."""
    code = ("import sys; from pathlib import Path; from PySide6.QtCore import QCoreApplication;"
            "from ui.single_instance import hand_over; app = QCoreApplication([]);"
            "sys.exit(0 if hand_over(sys.argv[1], Path(sys.argv[2]) if sys.argv[2] else None)"
            " else 3)")
    return subprocess.Popen([sys.executable, "-c", code, name, str(file or "")], cwd=ROOT,
                            text=True, stderr=subprocess.PIPE)


def test_a_second_start_hands_its_file_to_the_running_window(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    name = server_name(tmp_path / "台账.db")
    owner = QObject()
    listener = Listener(name, owner)
    assert listener.listening
    bundle = tmp_path / "U盘" / "a.cfbundle"
    with qtbot.waitSignal(listener.asked, timeout=20_000) as asked:
        second = _second_start(name, bundle)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
    assert second.returncode == 0, second.stderr.read() if second.stderr else ""
    assert asked.args == [bundle.resolve()]

    with qtbot.waitSignal(listener.asked, timeout=20_000) as asked:
        second = _second_start(name, None)  # just bring the window forward
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
    assert second.returncode == 0 and asked.args == [None]
    listener.close()


def test_with_no_window_running_the_second_start_opens_its_own(tmp_path: Path) -> None:
    assert single_instance.hand_over(server_name(tmp_path / "无人打开.db"), None) is False


def test_the_window_comes_forward_on_its_sync_page_with_the_file(
        open_window: Callable[..., MainWindow], demo_path: Path, qtbot: QtBot,
        tmp_path: Path) -> None:
    window = open_window(demo_path)
    page = window.page("sync")
    assert isinstance(page, SyncPage)
    told: list[str] = []
    page.tell = lambda _parent, _title, message: told.append(message)
    window.showMinimized()
    window.come_forward(tmp_path / "U盘" / "拔走了.cfbundle")
    assert not window.isMinimized() and window.view.current_page() is page
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told == [f"找不到 {tmp_path / 'U盘' / '拔走了.cfbundle'}（U 盘是否已拔出？）。"]
