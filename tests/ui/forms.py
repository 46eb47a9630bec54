"""Driving the record form as a user does: typing (Chinese through an input method), choosing,
dates, the messages beside fields, answers to message boxes; and the demo's areas."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.services import records
from app.services.areas import parse_scope
from app.store.areas import Scope
from app.store.db import Ledger
from ui.forms.field_editors import ChoiceEditor, DateEditor, LineEditor, MultiLineEditor, RefEditor
from ui.forms.record_form import RecordFormDialog

POPUPS = pytest.mark.qt_log_ignore(
    # the offscreen platform's notes when a popup (a completion list) opens; nothing is wrong
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard",
    extend=True,
)
"""For tests where typing opens the completion list of a dropdown."""

STREET = "解放门街道"
OTHER_STREET = "西一路街道"
"""The demo ledger's streets (tests/ui/conftest.py demo_template): normal, and tiny."""


def type_into(qtbot: QtBot, widget: QWidget, text: str, *, replace: bool = True) -> None:
    """Type as a user does: keys for ASCII, a Chinese input method's commit for the rest."""
    widget.setFocus()
    if replace:
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        if not text:
            qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_field(qtbot: QtBot, form: RecordFormDialog, name: str, text: str) -> None:
    """Type into a field's editor (line, text box or the typing part of a dropdown)."""
    editor = form.editor(name)
    target: QWidget
    if isinstance(editor, LineEditor):
        target = editor.line
    elif isinstance(editor, MultiLineEditor):
        target = editor.box
    elif isinstance(editor, RefEditor):
        line = editor.combo.lineEdit()
        assert line is not None
        target = line
    else:
        raise AssertionError(f"{name} is not typed into")
    type_into(qtbot, target, text)


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Choose the entry that shows `text` with the arrow keys, as on a focused dropdown."""
    index = combo.findText(text)
    assert index >= 0, f"{text} is not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setFocus()
    for _ in range(combo.count() + 1):
        if combo.currentIndex() == index:
            break
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
    assert combo.currentText() == text


def choose_field(qtbot: QtBot, form: RecordFormDialog, name: str, text: str) -> None:
    """Choose an entry of a field's dropdown by what it shows."""
    editor = form.editor(name)
    assert isinstance(editor, ChoiceEditor | RefEditor)
    choose(qtbot, editor.combo, text)


def set_date(form: RecordFormDialog, name: str, day: dt.date | None) -> None:
    """Pick a date as the calendar popup does (None: the 清除 button)."""
    editor = form.editor(name)
    assert isinstance(editor, DateEditor)
    if day is None:
        editor.clear_button.click()
    else:
        editor.date.setDate(QDate(day.year, day.month, day.day))


def wait_message(qtbot: QtBot, form: RecordFormDialog, name: str) -> str:
    """Wait for the message beside a field (after the as-you-type pause) and return it."""
    qtbot.waitUntil(lambda: form.message(name) != "", timeout=2000)
    return form.message(name)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make a shown window the active one: shortcuts (Ctrl+S, Enter) reach only that."""
    handle = widget.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(widget.isActiveWindow)


def answer_box(button: str, seen: list[str] | None = None, *, tries: int = 300) -> None:
    """Click `button` of the next message box that has it, once shown (its text goes to `seen`).

    Several answers may wait at once: each takes the first box offering its button.
    """

    def click(left: int) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            for candidate in box.buttons():
                if candidate.text() == button:
                    if seen is not None:
                        seen.append(box.text())
                    candidate.click()
                    return
        if left:
            QTimer.singleShot(10, lambda: click(left - 1))

    QTimer.singleShot(0, lambda: click(tries))


def street_scope(ledger: Ledger, name: str = STREET) -> Scope:
    """A street of the ledger as a scope."""
    with ledger.engine.connect() as conn:
        return parse_scope(conn, f"street:{name}")


def community_in(ledger: Ledger, street: str = STREET) -> dict:
    """The first community of a street (by code)."""
    found = records.list_records(
        ledger, "communities", records.Query(scope=street_scope(ledger, street), sort="code"))
    return found[0]


def save_form(qtbot: QtBot, form: RecordFormDialog) -> bool:
    """Save as Save does and wait for the writer; True if the record was written."""
    with qtbot.waitSignal(form.save_finished, timeout=10_000) as ended:
        assert form.save()
    return bool(ended.args[0])


def make_form(qtbot: QtBot, ledger: Ledger, entity: str, **kw: object) -> RecordFormDialog:
    """A new record form of an entity, shown and active (closing it discards without asking)."""
    form = RecordFormDialog(ledger, entity, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(form)
    form.confirm_discard = lambda _parent: True
    form.show()
    activate(qtbot, form)
    return form
