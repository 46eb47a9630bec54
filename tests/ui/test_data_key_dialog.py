"""文件 → 数据密钥恢复文件…: the data key exported with a recovery password, and imported on a
laptop that lost it, which then reads reporters' names and phones again without restarting."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services import records
from app.store import datakey, personal
from app.store.db import open_ledger
from tests.ui.window import Opener
from ui.dialogs.data_key_dialog import DataKeyDialog
from ui.main_window import MainWindow
from ui.operations import Operation

NAME, PHONE = "王秀英", "13912345678"
PASSWORD = "恢复密码-解放门-2026"


def _with_a_reporter(path: Path) -> str:
    ledger = open_ledger(path)
    try:
        community = records.list_records(ledger, "communities")[0]["id"]
        return records.create(ledger, "demands", {"community": community, "content": "加装电梯",
                                                  "reporter": NAME, "phone": PHONE})
    finally:
        ledger.close()


def _dialog(window: MainWindow) -> DataKeyDialog:
    assert window.data_key_action.isEnabled()
    dialog = window.show_data_key()
    assert dialog is not None
    return dialog


def _ended(qtbot: QtBot, operation: Operation | None) -> None:
    assert operation is not None
    with qtbot.waitSignal(operation.finished, timeout=20_000):
        pass


def test_export_then_import_on_a_laptop_that_lost_the_key(
        open_window: Opener, ledger_path: Path, qtbot: QtBot, tmp_path: Path) -> None:
    demand = _with_a_reporter(ledger_path)
    window = open_window(ledger_path)
    dialog = _dialog(window)
    recovery = tmp_path / "U盘" / "数据密钥.cfkey"
    recovery.parent.mkdir()
    dialog.export_password.setText(PASSWORD)
    dialog.export_again.setText(PASSWORD + "!")
    assert dialog.export_to(recovery) is None
    assert dialog.message.text() == "两次输入的恢复密码不一样" and not recovery.exists()
    dialog.export_password.setText("短密码")
    dialog.export_again.setText("短密码")
    assert dialog.export_to(recovery) is None and "至少" in dialog.message.text()
    dialog.export_password.setText(PASSWORD)
    dialog.export_again.setText(PASSWORD)
    _ended(qtbot, dialog.export_to(recovery))
    assert recovery.exists() and "已导出数据密钥" in dialog.message.text()
    assert NAME.encode() not in recovery.read_bytes()
    window.shutdown()

    datakey.datakey_path(ledger_path).unlink()  # the laptop that had it was lost
    again = open_window(ledger_path)
    ledger = again.ledger
    assert ledger is not None and ledger.vault.missing
    assert records.get(ledger, "demands", demand)["reporter"] == personal.MISSING_TEXT
    dialog = _dialog(again)
    assert not dialog.export_button.isEnabled()  # nothing to export without the key
    dialog.import_password.setText("不是这个密码")
    _ended(qtbot, dialog.import_from(recovery))
    assert "密码" in dialog.message.text() and ledger.vault.missing
    dialog.import_password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as told:
        dialog.import_from(recovery)
    assert told.args == [True]
    assert "已导入本台账的数据密钥" in dialog.message.text()
    assert not ledger.vault.missing
    got = records.get(ledger, "demands", demand)
    assert (got["reporter"], got["phone"]) == (NAME, PHONE)
    assert dialog.export_button.isEnabled()
