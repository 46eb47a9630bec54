"""A hostile workbook dropped on the window: refused with the command line's message, quickly,
no preview shown and nothing written."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.app.io import hostile_files as h
from tests.ui.window import Opener, capture, count, drag, drop


def test_a_zip_bomb_dropped_on_the_window_is_refused(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    told, informed = capture(window)
    communities = count(window, "communities")
    bomb = h.xlsx(tmp_path / "炸弹.xlsx", h.bomb_sheet(3 * h.GIB), names=["社区"])
    with qtbot.waitSignal(window.importer.refused, timeout=30_000) as refused:
        drop(window, drag([bomb]))
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert told == [refused.args[0]] and not informed
    assert "无法导入“炸弹.xlsx”" in told[0] and "解压后有 3 GB" in told[0]
    assert "上限 1 GB" in told[0]
    assert window.importer.dialog is None
    assert count(window, "communities") == communities


def test_a_cell_of_a_million_characters_is_named_in_the_message(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    told, _informed = capture(window)
    rows = [["社区名称", "所属街道", "备注说明"], ["新社区", "解放门街道", "长" * 1_000_000]]
    path = h.xlsx(tmp_path / "长单元格.xlsx", h.rows_xml(rows), names=["社区"])
    with qtbot.waitSignal(window.importer.refused, timeout=30_000):
        drop(window, drag([path]))
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert "工作表“社区”第 2 行 C 列" in told[-1] and "32767" in told[-1]
    assert window.importer.dialog is None
