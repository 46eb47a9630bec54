"""Drafts as you type: a form left unsaved (closed, crashed, killed) is offered again on start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services import drafts, records
from tests.ui.forms import POPUPS, answer_box, choose_field, type_field, wait_message
from tests.ui.window import Opener, click_row, open_form, save, spaces_page
from ui.forms.draft_offer import form_drafts
from ui.forms.field_editors import ChoiceEditor, LineEditor, RefEditor
from ui.forms.form_draft import DRAFT_DELAY_MS
from ui.forms.record_form import RecordFormDialog
from ui.main_window import MainWindow
from ui.pages.records_page import RecordsPage

ROOT = Path(__file__).resolve().parents[2]

KILLED_FORM = textwrap.dedent("""
    # Opens the form for a new space, types, waits for the draft, then dies without a goodbye.
    import os, sys, time
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from app.services import drafts
    from app.services.setup import open_existing
    from ui.app import create_app
    from ui.forms.record_form import RecordFormDialog

    def type_chinese(widget, text):
        widget.setFocus()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    app = create_app(language="zh_CN")
    ledger = open_existing(Path(sys.argv[1]))
    form = RecordFormDialog(ledger, "spaces")
    form.show()
    type_chinese(form.editor("community").combo.lineEdit(), "东七路社区")
    type_chinese(form.editor("name").line, "断电前填的活动室")
    QTest.keyClicks(form.editor("floor_area").line, "12O")  # a letter O for a zero
    deadline = time.monotonic() + 20
    while not drafts.list_drafts(ledger.path) and time.monotonic() < deadline:
        QTest.qWait(50)
    print("draft kept" if drafts.list_drafts(ledger.path) else "no draft", flush=True)
    os._exit(9)  # as a crash or a flat battery: no close, no clean-up
""")


def text_of(form: RecordFormDialog, name: str) -> str:
    editor = form.editor(name)
    if isinstance(editor, LineEditor):
        return editor.line.text()
    assert isinstance(editor, RefEditor)
    return editor.combo.currentText()


def restored_form(qtbot: QtBot, window: MainWindow, seen: list[str]) -> RecordFormDialog:
    """Answer 恢复 to the question on start; the form that opens with the draft."""
    answer_box("恢复", seen)
    qtbot.waitUntil(lambda: window.draft_offer is not None and window.draft_offer.form is not None
                    and window.draft_offer.form.isVisible(), timeout=10_000)
    assert window.draft_offer is not None and window.draft_offer.form is not None
    form = window.draft_offer.form
    form.confirm_discard = lambda _parent: True
    return form


@POPUPS
def test_typed_text_even_invalid_comes_back_after_closing_unsaved(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    assert window.draft_offer is None  # nothing left last time: nothing asked
    page = spaces_page(window, qtbot)
    form = open_form(qtbot, page, page.new_record)
    form.confirm_discard = lambda _parent: True
    choose_field(qtbot, form, "community", "东七路社区（610102005001）")
    type_field(qtbot, form, "name", "没保存的活动室")
    choose_field(qtbot, form, "kind", "闲置用房")
    type_field(qtbot, form, "floor_area", "-20")
    assert wait_message(qtbot, form, "floor_area").startswith("不能小于 0㎡")
    ledger = window.ledger
    assert ledger is not None
    qtbot.waitUntil(lambda: bool(form_drafts(ledger)), timeout=3 * DRAFT_DELAY_MS)
    [draft] = form_drafts(ledger)
    assert draft.entity == "space" and draft.record_id is None
    assert draft.values["name"] == "没保存的活动室"
    assert draft.values["floor_area"] == "-20"  # as typed, not parsed
    window.close()  # the app goes with the form still open: neither saved nor discarded

    again = open_window(ledger_path)
    seen: list[str] = []
    restored = restored_form(qtbot, again, seen)
    assert seen == ["发现上次未保存的填写内容（1 项），是否恢复？"]
    assert restored.windowTitle() == "新建空间资源"
    assert text_of(restored, "name") == "没保存的活动室"
    assert text_of(restored, "floor_area") == "-20"
    assert text_of(restored, "community") == "东七路社区（610102005001）"
    kind = restored.editor("kind")
    assert isinstance(kind, ChoiceEditor) and kind.combo.currentText() == "闲置用房"
    assert restored.message("floor_area").startswith("不能小于 0㎡")

    type_field(qtbot, restored, "floor_area", "20")
    with qtbot.waitSignal(restored.save_finished, timeout=10_000) as ended:
        qtbot.mouseClick(restored.save_button, Qt.MouseButton.LeftButton)
    assert ended.args == [True]  # saved, and the form closed
    reopened = again.ledger
    assert reopened is not None
    found = records.list_records(reopened, "spaces", records.Query(search="没保存的活动室"))
    assert [r["floor_area"] for r in found] == [20]
    assert form_drafts(reopened) == []  # saved: the draft is gone
    assert again.undo_action.text() == "撤销(&U)：新建 没保存的活动室"


def test_a_form_killed_with_the_process_comes_back_as_a_draft(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    script = ledger_path.parent / "killed_form.py"
    script.write_text(KILLED_FORM, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, str(script), str(ledger_path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 9, run.stderr
    assert "draft kept" in run.stdout, run.stderr

    window = open_window(ledger_path)
    form = restored_form(qtbot, window, [])
    assert text_of(form, "name") == "断电前填的活动室"
    assert text_of(form, "community") == "东七路社区"  # typed, and found in the list
    assert text_of(form, "floor_area") == "12O"
    assert wait_message(qtbot, form, "floor_area") != ""  # still said to be wrong, still kept
    assert form.editor("community").raw() == records.get(
        window.ledger, "communities", "东七路社区")["id"]  # type: ignore[arg-type]


@POPUPS
def test_discarding_or_saving_leaves_no_draft(open_window: Opener, ledger_path: Path,
                                              qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    ledger = window.ledger
    assert ledger is not None
    page = spaces_page(window, qtbot)
    form = open_form(qtbot, page, page.new_record)
    type_field(qtbot, form, "name", "放弃的用房")
    qtbot.waitUntil(lambda: bool(form_drafts(ledger)), timeout=3 * DRAFT_DELAY_MS)
    asked: list[bool] = []

    def discard(_parent: object) -> bool:  # 放弃修改
        asked.append(True)
        return True

    form.confirm_discard = discard
    form.reject()
    assert asked == [True] and form_drafts(ledger) == []

    community = records.list_records(ledger, "communities", records.Query(search="东七路"))[0]
    space = records.create(ledger, "spaces", {"community": community["id"], "name": "活动室",
                                              "kind": "社区用房"})
    page.refresh()
    click_row(qtbot, page, space)
    form = open_form(qtbot, page, page.edit_selected)
    type_field(qtbot, form, "owner", "区房管局")
    qtbot.waitUntil(lambda: bool(form_drafts(ledger)), timeout=3 * DRAFT_DELAY_MS)
    [draft] = form_drafts(ledger)
    assert draft.key == f"space-{space}" and draft.record_id == space
    save(qtbot, page, form)
    assert form_drafts(ledger) == []


@pytest.mark.parametrize(("answer", "kept"), [("下次再说", True), ("全部丢弃", False)])
def test_drafts_can_wait_or_be_thrown_away(open_window: Opener, ledger_path: Path,
                                           answer: str, kept: bool, qtbot: QtBot) -> None:
    drafts.save_draft(ledger_path, "space-new-abc", "space", None, {"name": "一"})
    drafts.save_draft(ledger_path, "demand-new-def", "demand", None, {"content": "二"})
    drafts.save_draft(ledger_path, "fieldvisit-current", "space", None, {"name": "现场"})
    seen: list[str] = []
    answer_box(answer, seen)
    window = open_window(ledger_path)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["发现上次未保存的填写内容（2 项），是否恢复？"]
    keys = {d.key for d in drafts.list_drafts(ledger_path)}
    assert "fieldvisit-current" in keys  # the field-visit window's own, never touched here
    assert ({"space-new-abc", "demand-new-def"} <= keys) is kept
    assert window.draft_offer is not None and window.draft_offer.form is None

    ledger = window.ledger
    assert ledger is not None
    community = records.list_records(ledger, "communities", records.Query(limit=1))[0]
    drafts.save_draft(ledger_path, f"community-{community['id']}", "community", community["id"],
                      {"population": "12"})
    page = window.show_page("communities")
    assert isinstance(page, RecordsPage)
    click_row(qtbot, page, community["id"])
    form = open_form(qtbot, page, page.edit_selected)
    form.reject()  # opened and closed untouched: a draft left for later is not its to remove
    qtbot.waitUntil(lambda: page.form is None)
    assert f"community-{community['id']}" in {d.key for d in drafts.list_drafts(ledger_path)}


def test_edit_draft_reopens_the_record_it_was_for(open_window: Opener, ledger_path: Path,
                                                  qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    ledger = window.ledger
    assert ledger is not None
    community = records.list_records(ledger, "communities", records.Query(search="东七路"))[0]
    window.close()
    drafts.save_draft(ledger_path, f"community-{community['id']}", "community",
                      community["id"], {"population": "3,2OO", "name": "东七路社区"})

    again = open_window(ledger_path)
    informative: list[str] = []

    def peek() -> None:
        box = again.draft_offer.box if again.draft_offer else None
        if isinstance(box, QMessageBox):
            informative.append(box.informativeText())

    peek()
    form = restored_form(qtbot, again, [])
    assert informative and informative[0].startswith("• 修改社区：东七路社区（")
    assert form.record_id == community["id"] and not form.creating
    assert form.windowTitle() == "修改社区"
    assert text_of(form, "population") == "3,2OO"
    assert text_of(form, "code") == "610102005001"  # the rest as stored
    assert form.is_modified()
