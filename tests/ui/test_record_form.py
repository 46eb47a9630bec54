"""The record form: editors from the declaration, messages as you type, nothing typed ever lost."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.entities import DEMAND, SPACE
from app.domain.enums import Level
from app.services import demo, records
from app.services.areas import parse_scope
from app.services.setup import init_ledger, open_existing
from app.store.areas import Scope
from app.store.db import Ledger
from ui.forms.field_editors import (
    CHECKS_PER_ROW,
    ChecksEditor,
    ChoiceEditor,
    DateEditor,
    LineEditor,
    MultiLineEditor,
    RefEditor,
)
from ui.forms.record_form import RecordFormDialog

POPUPS = pytest.mark.qt_log_ignore(
    # the offscreen platform's notes when a popup (a completion list) opens; nothing is wrong
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard",
    extend=True,
)
"""For tests where typing opens the completion list of a dropdown."""

STREET = "解放门街道"
OTHER_STREET = "西一路街道"


# --- helpers shared with test_records_page ----------------------------------------------------


def save(qtbot: QtBot, form: RecordFormDialog) -> bool:
    """Save as Save does and wait for the writer; True if the record was written."""
    with qtbot.waitSignal(form.save_finished, timeout=10_000) as ended:
        assert form.save()
    return bool(ended.args[0])


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


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed ledger with demo data for 解放门街道 (normal) and 西一路街道 (tiny)."""
    path = tmp_path_factory.mktemp("template") / "台账.db"
    ledger = init_ledger(path)
    try:
        with ledger.engine.connect() as conn:
            street, other = parse_scope(conn, f"street:{STREET}"), parse_scope(
                conn, f"street:{OTHER_STREET}")
        demo.generate(ledger, street, scale="normal")
        demo.generate(ledger, other, scale="tiny")
    finally:
        ledger.close()
    return path


@pytest.fixture
def open_demo(app: QApplication, demo_template: Path,
              tmp_path: Path) -> Iterator[Callable[[], Ledger]]:
    """Open a fresh copy of the demo ledger (each test writes its own), in the configured app."""
    opened: list[Ledger] = []

    def opener() -> Ledger:
        folder = tmp_path / "台账 副本"
        folder.mkdir()
        for file in demo_template.parent.iterdir():
            shutil.copy2(file, folder / file.name)
        ledger = open_existing(folder / demo_template.name)
        opened.append(ledger)
        return ledger

    yield opener
    for ledger in opened:
        ledger.close()


@pytest.fixture
def ledger(open_demo: Callable[[], Ledger]) -> Ledger:
    return open_demo()


def street_scope(ledger: Ledger, name: str = STREET) -> Scope:
    with ledger.engine.connect() as conn:
        return parse_scope(conn, f"street:{name}")


def community_in(ledger: Ledger, street: str = STREET) -> dict:
    """The first community of a street (by code)."""
    found = records.list_records(
        ledger, "communities", records.Query(scope=street_scope(ledger, street), sort="code"))
    return found[0]


def make_form(qtbot: QtBot, ledger: Ledger, entity: str, **kw: object) -> RecordFormDialog:
    form = RecordFormDialog(ledger, entity, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(form)
    form.confirm_discard = lambda _parent: True
    form.show()
    activate(qtbot, form)
    return form


# --- the form as declared ---------------------------------------------------------------------


def test_every_field_gets_the_editor_of_its_kind(qtbot: QtBot, ledger: Ledger) -> None:
    form = make_form(qtbot, ledger, "spaces", scope=street_scope(ledger))
    kinds = {name: type(editor) for name, editor in form.editors.items()}
    assert list(kinds) == [f.name for f in SPACE.fields]
    assert kinds["community"] is RefEditor
    assert kinds["name"] is LineEditor
    assert kinds["kind"] is ChoiceEditor
    assert kinds["floor_area"] is LineEditor
    assert kinds["permit_required"] is ChoiceEditor
    assert kinds["intended_functions"] is ChecksEditor
    assert kinds["notes"] is MultiLineEditor
    checks = form.editor("intended_functions")
    assert isinstance(checks, ChecksEditor)
    assert [c.text() for c in checks.checks.values()][:CHECKS_PER_ROW] == [
        "养老服务", "婴幼儿托育", "儿童托管"]

    labels = {label.text() for label in form.findChildren(QLabel)}
    assert any(t.startswith("资源名称") and "*" in t for t in labels)  # required
    assert any(t == "所在小区" for t in labels)  # not required: no mark
    assert "㎡" in labels  # the unit after 建筑面积
    assert form.windowTitle() == "新建空间资源"

    kind = form.editor("kind")
    assert isinstance(kind, ChoiceEditor)
    assert kind.combo.currentIndex() == -1  # required, nothing chosen yet: 请选择
    assert kind.combo.placeholderText() == "请选择"
    usage = form.editor("usage")
    assert isinstance(usage, ChoiceEditor)
    assert usage.combo.itemText(0) == "未填"  # optional: can stay empty
    permit = form.editor("permit_required")
    assert isinstance(permit, ChoiceEditor)
    assert [permit.combo.itemText(i) for i in range(3)] == ["未填", "是", "否"]
    assert permit.raw() is None
    help_text = SPACE.field("permit_required").help
    assert permit.combo.toolTip() == help_text


def test_dates_start_empty_unless_defaulted_and_can_be_cleared(instant: dt.datetime, qtbot: QtBot,
                                                               ledger: Ledger) -> None:
    form = make_form(qtbot, ledger, "demands")
    received = form.editor("received_on")
    resolved = form.editor("resolved_on")
    assert isinstance(received, DateEditor) and isinstance(resolved, DateEditor)
    assert received.raw() == instant.date()  # the declared default
    assert resolved.raw() is None
    assert resolved.date.text() == "未填"
    assert resolved.date.calendarPopup()
    set_date(form, "resolved_on", dt.date(2024, 5, 6))
    assert resolved.raw() == dt.date(2024, 5, 6)
    set_date(form, "resolved_on", None)
    assert resolved.raw() is None
    assert DEMAND.field("urgency").default == form.editor("urgency").raw()


def test_numbers_are_read_as_people_type_them(qtbot: QtBot, ledger: Ledger) -> None:
    community = community_in(ledger)
    form = make_form(qtbot, ledger, "spaces", scope=street_scope(ledger))
    choose_field(qtbot, form, "community", f"{community['name']}（{community['code']}）")
    type_field(qtbot, form, "name", "测试用房")
    choose_field(qtbot, form, "kind", "闲置用房")
    type_field(qtbot, form, "floor_area", "1,200")
    type_field(qtbot, form, "land_area", "３５０．５")  # full-width, as some input methods give
    qtbot.wait(400)
    assert form.message("floor_area") == "" and form.message("land_area") == ""
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    record = records.get(ledger, "spaces", saved.args[0])
    assert record["floor_area"] == Decimal(1200)
    assert record["land_area"] == Decimal("350.5")
    assert record["community"] == community["id"]
    assert form.result() == QDialog.DialogCode.Accepted


def test_a_bad_value_is_explained_as_you_type_and_never_lost(qtbot: QtBot,
                                                             ledger: Ledger) -> None:
    form = make_form(qtbot, ledger, "spaces")
    type_field(qtbot, form, "floor_area", "-20")
    message = wait_message(qtbot, form, "floor_area")
    assert message.startswith("不能小于 0㎡")
    editor = form.editor("floor_area")
    assert isinstance(editor, LineEditor)
    assert editor.line.text() == "-20"  # what was typed stays
    assert editor.line.property("invalid") is True
    type_field(qtbot, form, "floor_area", "20平方米")  # a unit typed along is fine
    qtbot.waitUntil(lambda: form.message("floor_area") == "")
    assert editor.line.property("invalid") is False


def test_saving_a_bad_record_writes_nothing_and_keeps_every_entry(qtbot: QtBot,
                                                                  ledger: Ledger) -> None:
    before = records.count(ledger, "demands")
    form = make_form(qtbot, ledger, "demands", scope=street_scope(ledger))
    type_field(qtbot, form, "content", "希望增设老年助餐点")
    type_field(qtbot, form, "phone", "12345")
    set_date(form, "received_on", dt.date(2024, 5, 6))
    set_date(form, "resolved_on", dt.date(2024, 5, 1))
    with qtbot.waitSignal(form.save_finished) as ended:
        qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S: save
    assert ended.args == [False]
    assert form.isVisible()
    assert form.message("community") == "必填，不能为空"
    assert form.message("phone").startswith("电话号码格式不对")
    assert form.message("resolved_on") == "办结日期（2024-05-01）不能早于登记日期（2024-05-06）"
    assert records.count(ledger, "demands") == before
    content = form.editor("content")
    assert isinstance(content, MultiLineEditor)
    assert content.box.toPlainText() == "希望增设老年助餐点"
    phone = form.editor("phone")
    assert isinstance(phone, LineEditor)
    assert phone.line.text() == "12345"
    assert form.editor("resolved_on").raw() == dt.date(2024, 5, 1)


def test_a_cross_field_rule_is_shown_as_you_type(qtbot: QtBot, ledger: Ledger) -> None:
    form = make_form(qtbot, ledger, "demands")
    set_date(form, "received_on", dt.date(2024, 5, 6))
    set_date(form, "resolved_on", dt.date(2024, 5, 1))
    assert wait_message(qtbot, form, "resolved_on").startswith("办结日期（2024-05-01）不能早于")
    set_date(form, "resolved_on", dt.date(2024, 5, 9))
    qtbot.waitUntil(lambda: form.message("resolved_on") == "")


def test_editing_prefills_every_field_and_sends_only_the_changes(qtbot: QtBot,
                                                                 ledger: Ledger) -> None:
    demand = records.list_records(ledger, "demands", records.Query(limit=1))[0]
    form = make_form(qtbot, ledger, "demands", record_id=demand["id"])
    assert form.windowTitle() == "修改需求清单"
    for field in DEMAND.fields:
        if field.kind.value in ("ref",):
            continue
        value = form.editor(field.name).raw()
        assert field.parse(value) == demand[field.name], field.name
    community = form.editor("community")
    assert isinstance(community, RefEditor)
    assert community.raw() == demand["community"]
    assert not form.is_modified()
    type_field(qtbot, form, "reporter", "王建国")
    with qtbot.waitSignal(form.saved, timeout=2000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    last = records.history(ledger, "demands", demand["id"])[-1]
    assert last["action"] == "update"
    assert list(last["changes"]) == ["reporter"]
    assert records.get(ledger, "demands", demand["id"])["reporter"] == "王建国"


def test_saving_without_changes_closes_quietly(qtbot: QtBot, ledger: Ledger) -> None:
    demand = records.list_records(ledger, "demands", records.Query(limit=1))[0]
    form = make_form(qtbot, ledger, "demands", record_id=demand["id"])
    history = records.history(ledger, "demands", demand["id"])
    with qtbot.assertNotEmitted(form.saved):
        assert save(qtbot, form)
    assert form.result() == QDialog.DialogCode.Accepted
    assert records.history(ledger, "demands", demand["id"]) == history


def test_values_can_prefill_an_edit(qtbot: QtBot, ledger: Ledger) -> None:
    status = records.list_records(ledger, "functions", records.Query(
        filters={"status": "planned"}, limit=1))[0]
    form = make_form(qtbot, ledger, "functions", record_id=status["id"],
                     values={"status": "运营中"})  # a label is as good as the identifier
    assert form.editor("status").raw() == "operating"
    assert form.editor("community").raw() == status["community"]
    with qtbot.waitSignal(form.saved):
        assert form.save()
    assert records.get(ledger, "functions", status["id"])["status"] == "operating"


def test_new_record_values_prefill_the_form(qtbot: QtBot, ledger: Ledger) -> None:
    community = community_in(ledger)
    form = make_form(qtbot, ledger, "functions",
                     values={"community": community["id"], "function": "elderly_care"})
    assert form.editor("community").raw() == community["id"]
    assert form.editor("function").raw() == "elderly_care"
    assert form.editor("status").raw() == "none"  # the declared default
    assert not form.is_modified()


@POPUPS
def test_references_offer_the_records_of_the_chosen_area(qtbot: QtBot, ledger: Ledger) -> None:
    scope = street_scope(ledger)
    form = make_form(qtbot, ledger, "demands", scope=scope)
    community = form.editor("community")
    assert isinstance(community, RefEditor)
    ids = {c.id for c in community.choices}
    inside = records.list_records(ledger, "communities", records.Query(scope=scope))
    assert ids == {c["id"] for c in inside}
    completer = community.combo.completer()
    assert completer is not None and completer.filterMode() == Qt.MatchFlag.MatchContains
    first = community_in(ledger)
    type_field(qtbot, form, "community", first["code"])  # a code typed in finds the record
    assert community.raw() == first["id"]
    type_field(qtbot, form, "community", "不存在的社区")
    assert wait_message(qtbot, form, "community") == "列表中没有此项，请从下拉列表中选择"


def test_a_space_is_chosen_among_the_spaces_of_the_chosen_community(qtbot: QtBot,
                                                                    ledger: Ledger) -> None:
    scope = street_scope(ledger)
    form = make_form(qtbot, ledger, "projects", scope=scope)
    community = community_in(ledger)
    choose_field(qtbot, form, "community", f"{community['name']}（{community['code']}）")
    space = form.editor("space")
    assert isinstance(space, RefEditor)
    own = records.list_records(ledger, "spaces",
                               records.Query(scope=Scope(Level.COMMUNITY, community["id"])))
    qtbot.waitUntil(lambda: {c.id for c in space.choices} == {s["id"] for s in own})


def test_closing_with_unsaved_changes_asks_first(qtbot: QtBot, ledger: Ledger) -> None:
    form = RecordFormDialog(ledger, "operators")
    qtbot.addWidget(form)
    form.show()
    form.reject()  # nothing typed: closes without asking
    assert not form.isVisible()

    form = RecordFormDialog(ledger, "operators")
    qtbot.addWidget(form)
    form.show()
    type_field(qtbot, form, "name", "新城区颐养服务中心")
    seen: list[str] = []
    answer_box("继续编辑", seen)
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert seen == ["此表单中填写的内容尚未保存，确定放弃吗？"]
    assert form.isVisible()
    name = form.editor("name")
    assert isinstance(name, LineEditor) and name.line.text() == "新城区颐养服务中心"
    answer_box("放弃修改", seen)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert form.result() == QDialog.DialogCode.Rejected


def test_exec_returns_accepted_after_a_save(qtbot: QtBot, ledger: Ledger) -> None:
    form = RecordFormDialog(ledger, "operators")
    qtbot.addWidget(form)

    def fill() -> None:
        name = form.editor("name")
        assert isinstance(name, LineEditor)
        name.line.setText("新城区颐养服务中心")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    assert form.exec() == QDialog.DialogCode.Accepted
    assert records.count(ledger, "operators", records.Query(search="颐养服务中心")) == 1


def test_a_duplicate_is_refused_beside_the_title_field(qtbot: QtBot, ledger: Ledger) -> None:
    operator = records.list_records(ledger, "operators", records.Query(limit=1))[0]
    form = make_form(qtbot, ledger, "operators")
    type_field(qtbot, form, "name", "另一个名称")
    type_field(qtbot, form, "credit_code", operator["credit_code"])
    assert not save(qtbot, form)
    assert form.message("name") == "已有相同的记录，不能重复添加"
    name = form.editor("name")
    assert isinstance(name, LineEditor) and name.line.text() == "另一个名称"


def test_every_entity_has_a_form(qtbot: QtBot, ledger: Ledger) -> None:
    for entity in ("communities", "spaces", "functions", "demands", "projects", "operators",
                   "evaluations"):
        form = make_form(qtbot, ledger, entity, scope=street_scope(ledger))
        spec = records.spec_of(entity)
        assert list(form.editors) == [f.name for f in spec.fields]
        long_text = {f.name for f in spec.fields if f.kind.value == "text" and f.max_length > 1000}
        boxes = {n for n, e in form.editors.items() if isinstance(e, MultiLineEditor)}
        assert boxes == long_text
        assert len(form.findChildren(QPlainTextEdit)) == len(long_text)
        form.close()
