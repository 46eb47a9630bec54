"""The record form: editors from the declaration, messages as you type, nothing typed ever lost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
)
from pytestqt.qtbot import QtBot

from app.domain.entities import DEMAND, SPACE
from app.domain.enums import Level
from app.services import records
from app.store.areas import Scope
from app.store.db import Ledger
from tests.ui.forms import (
    POPUPS,
    answer_box,
    choose_field,
    community_in,
    make_form,
    save_form,
    set_date,
    street_scope,
    type_field,
    wait_message,
)
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

# The fixture `ledger` (tests/ui/conftest.py): a fresh copy of a ledger with demo data for
# 解放门街道 (normal) and 西一路街道 (tiny) in each test.


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
        assert save_form(qtbot, form)
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
    assert not save_form(qtbot, form)
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


def _same_demand_form(qtbot: QtBot, ledger: Ledger) -> tuple[RecordFormDialog, str]:
    """A new demand typed as one already recorded that day (3 residents), this one for 2."""
    community = community_in(ledger)
    existing = records.create(ledger, "demands", {
        "community": community["id"], "content": "希望增设老年助餐点", "residents": "3",
        "received_on": "2026-11-26"})
    form = make_form(qtbot, ledger, "demands",
                     values={"community": community["id"], "received_on": "2026-11-26"})
    type_field(qtbot, form, "content", "希望增设老年助餐点")
    type_field(qtbot, form, "residents", "2")
    type_field(qtbot, form, "reporter", "王阿姨")
    return form, existing


def test_a_demand_already_recorded_that_day_can_take_the_residents(qtbot: QtBot,
                                                                   ledger: Ledger) -> None:
    form, existing = _same_demand_form(qtbot, ledger)
    before = records.count(ledger, "demands")
    seen: list[str] = []
    answer_box("加到那一条上（+2 人）", seen)
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        assert save_form(qtbot, form)
    assert saved.args == [existing] and form.record_id == existing
    assert "希望增设老年助餐点" in seen[0] and "涉及 3 人" in seen[0] and "共 5 人" in seen[0]
    assert records.get(ledger, "demands", existing)["residents"] == 5
    assert records.count(ledger, "demands") == before
    assert not form.isVisible()


def test_a_demand_already_recorded_can_be_left_as_it_is(qtbot: QtBot, ledger: Ledger) -> None:
    form, existing = _same_demand_form(qtbot, ledger)
    answer_box("返回修改")
    assert not save_form(qtbot, form)
    assert form.isVisible() and form.message("content") == "已有相同的记录，不能重复添加"
    assert records.get(ledger, "demands", existing)["residents"] == 3
