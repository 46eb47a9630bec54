"""Each entity's records page as a user drives it: new, edit (bad, then good), delete, restore."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.changes import Changes
from app.domain.enums import Level
from app.domain.validate import credit_code_check_char
from app.services import personal_view, records
from app.store.areas import Scope
from app.store.db import Ledger
from tests.ui.forms import (
    POPUPS,
    activate,
    answer_box,
    choose,
    choose_field,
    community_in,
    set_date,
    street_scope,
    type_field,
    type_into,
    wait_message,
)
from tests.ui.window import click_row, make_page, open_form, save
from ui.forms.field_editors import LineEditor, MultiLineEditor
from ui.forms.record_form import RecordFormDialog
from ui.models.record_table import DELETED_COLOR, DELETED_ROLE
from ui.pages.base import ChangeBus
from ui.pages.records_page import FILTERS, RecordsPage

# The fixture `ledger` (tests/ui/conftest.py): a fresh copy of a ledger with demo data for two
# streets in each test.

CREDIT_FIRST17 = "91610102MA6UKW0P1"
CREDIT_CODE = CREDIT_FIRST17 + credit_code_check_char(CREDIT_FIRST17)
BAD_CREDIT_CODE = CREDIT_FIRST17 + ("0" if CREDIT_CODE[-1] != "0" else "1")

Form = RecordFormDialog
Edit = Callable[[QtBot, Form, Ledger], None]


def _community(qtbot: QtBot, form: Form, ledger: Ledger) -> None:
    community = community_in(ledger)
    choose_field(qtbot, form, "community", f"{community['name']}（{community['code']}）")


@dataclass(frozen=True)
class Scenario:
    """What a user fills in for one entity, a bad edit with its message, and a good edit."""

    entity: str
    fill: Edit
    bad: Edit
    bad_field: str
    message: str
    good: Edit
    stored: Any
    """The good edit's value as records.get() returns it."""


def _fill_community(qtbot: QtBot, form: Form, ledger: Ledger) -> None:
    type_field(qtbot, form, "name", "新建测试社区")  # the street comes from the chosen area


def _fill_space(qtbot: QtBot, form: Form, ledger: Ledger) -> None:
    _community(qtbot, form, ledger)
    type_field(qtbot, form, "name", "新建测试用房")
    choose_field(qtbot, form, "kind", "闲置用房")


def _fill_demand(qtbot: QtBot, form: Form, ledger: Ledger) -> None:
    _community(qtbot, form, ledger)
    type_field(qtbot, form, "content", "希望在小区增设一处老年助餐点")
    choose_field(qtbot, form, "function", "社区助餐")
    set_date(form, "received_on", dt.date(2025, 3, 10))


def _fill_project(qtbot: QtBot, form: Form, ledger: Ledger) -> None:
    type_field(qtbot, form, "name", "新建测试项目")
    _community(qtbot, form, ledger)
    if form.editor("tier").widget.isEnabled():
        choose_field(qtbot, form, "tier", "市级项目")
    else:  # the demo holds the city's directory: an unlisted project is 其他, read-only
        assert form.editor("tier").raw() == "other"


def _fill_operator(qtbot: QtBot, form: Form, ledger: Ledger) -> None:
    type_field(qtbot, form, "name", "新城区测试服务中心")


def _fill_evaluation(qtbot: QtBot, form: Form, ledger: Ledger) -> None:
    _community(qtbot, form, ledger)
    choose_field(qtbot, form, "function", "养老服务")
    set_date(form, "evaluated_on", dt.date(2025, 6, 30))


def _typed(field: str, text: str) -> Edit:
    return lambda qtbot, form, _ledger: type_field(qtbot, form, field, text)


def _dated(field: str, day: dt.date) -> Edit:
    return lambda _qtbot, form, _ledger: set_date(form, field, day)


SCENARIOS = [
    Scenario("communities", _fill_community, _typed("population", "-5"), "population",
             "不能小于 0人", _typed("population", "3,200"), 3200),
    Scenario("spaces", _fill_space, _typed("floor_area", "-20"), "floor_area",
             "不能小于 0㎡", _typed("floor_area", "85.5"), Decimal("85.5")),
    Scenario("demands", _fill_demand, _dated("resolved_on", dt.date(2025, 3, 1)), "resolved_on",
             "办结日期（2025-03-01）不能早于登记日期（2025-03-10）",
             _dated("resolved_on", dt.date(2025, 4, 1)), dt.date(2025, 4, 1)),
    Scenario("projects", _fill_project, _typed("planned_year", "25"), "planned_year",
             "年度应为四位年份", _typed("planned_year", "2026"), 2026),
    Scenario("operators", _fill_operator, _typed("credit_code", BAD_CREDIT_CODE), "credit_code",
             "统一社会信用代码校验位错误", _typed("credit_code", CREDIT_CODE), CREDIT_CODE),
    Scenario("evaluations", _fill_evaluation, _typed("satisfaction", "120"), "satisfaction",
             "不能大于 100%", _typed("satisfaction", "95"), Decimal(95)),
]


# --- helpers ----------------------------------------------------------------------------------


def _text_of(form: Form, field: str) -> Any:
    editor = form.editor(field)
    if isinstance(editor, LineEditor):
        return editor.line.text()
    if isinstance(editor, MultiLineEditor):
        return editor.box.toPlainText()
    return editor.raw()


# --- every entity page ------------------------------------------------------------------------


@POPUPS
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.entity for s in SCENARIOS])
def test_create_edit_delete_and_restore(qtbot: QtBot, ledger: Ledger,
                                        scenario: Scenario) -> None:
    bus = ChangeBus()
    page = make_page(qtbot, ledger, scenario.entity, bus=bus)
    spec = records.spec_of(scenario.entity)
    assert page.title == spec.label
    before = page.model.total
    assert page.total_label.text() == f"共 {before} 条"

    # 新建: the form, the required fields, 保存
    form = open_form(qtbot, page, lambda: qtbot.mouseClick(page.new_button,
                                                           Qt.MouseButton.LeftButton))
    assert form.windowTitle() == f"新建{spec.label}"
    scenario.fill(qtbot, form, ledger)
    with qtbot.waitSignal(bus.changed) as changed:
        save(qtbot, page, form)
    changes, origin = changed.args
    [(entity_name, record_id)] = changes.records
    assert (entity_name, origin) == (spec.name, page)
    assert records.get(ledger, scenario.entity, record_id)
    assert page.model.total == before + 1
    assert page.total_label.text() == f"共 {before + 1} 条"
    assert page.selected_id() == record_id  # the new record is selected

    # 修改 with Enter: a bad value first, then a good one
    history = records.history(ledger, scenario.entity, record_id)
    activate(qtbot, page)  # back to the page once the form has closed
    page.table.setFocus()
    form = open_form(qtbot, page, lambda: qtbot.keyClick(page.table, Qt.Key.Key_Return))
    assert form.record_id == record_id
    scenario.bad(qtbot, form, ledger)
    typed = _text_of(form, scenario.bad_field)
    assert wait_message(qtbot, form, scenario.bad_field).startswith(scenario.message)
    with qtbot.waitSignal(form.save_finished) as ended:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert ended.args == [False]
    assert form.isVisible()
    assert form.message(scenario.bad_field).startswith(scenario.message)
    assert _text_of(form, scenario.bad_field) == typed  # what was typed is still there
    assert records.history(ledger, scenario.entity, record_id) == history  # nothing written
    scenario.good(qtbot, form, ledger)
    qtbot.waitUntil(lambda: form.message(scenario.bad_field) == "")
    with qtbot.waitSignal(bus.changed):
        save(qtbot, page, form)
    assert records.get(ledger, scenario.entity, record_id)[scenario.bad_field] == scenario.stored
    last = records.history(ledger, scenario.entity, record_id)[-1]
    assert list(last["changes"]) == [scenario.bad_field]  # only what changed was sent
    assert page.selected_id() == record_id

    # 删除, confirmed in the message box that names the record
    title = records.spec_of(scenario.entity).field(spec.title_field).display(
        records.get(ledger, scenario.entity, record_id)[spec.title_field])
    seen: list[str] = []
    answer_box("删除", seen)
    with qtbot.waitSignal(bus.changed):
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert seen and f"删除{spec.label}“{title[:20]}" in seen[0]
    assert records.get(ledger, scenario.entity, record_id, include_deleted=True)["deleted"]
    assert page.model.total == before
    assert page.model.row_of(record_id) == -1

    # 显示已删除, then 恢复
    assert not page.restore_button.isEnabled()
    qtbot.mouseClick(page.show_deleted, Qt.MouseButton.LeftButton)
    assert page.model.total == before + 1
    assert page.select_record(record_id)  # fetches rows until it is listed
    click_row(qtbot, page, record_id)
    index = page.model.index(page.model.row_of(record_id), 0)
    assert index.data(DELETED_ROLE) is True
    assert index.data(Qt.ItemDataRole.ForegroundRole) == DELETED_COLOR
    assert index.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.restore_button.isEnabled()
    with qtbot.waitSignal(bus.changed) as changed:
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert changed.args == [Changes.of(spec.name, record_id), page]
    assert not records.get(ledger, scenario.entity, record_id)["deleted"]
    assert page.selected_id() == record_id
    assert page.model.index(page.model.row_of(record_id), 0).data(DELETED_ROLE) is False


# --- finding and narrowing --------------------------------------------------------------------


def test_search_narrows_the_demands(qtbot: QtBot, ledger: Ledger) -> None:
    scope = street_scope(ledger)
    page = make_page(qtbot, ledger, "demands", scope)
    everything = page.model.total
    assert page.focus_search()
    assert page.search.hasFocus()
    type_into(qtbot, page.search, "养老")
    expected = records.count(ledger, "demands", records.Query(scope=scope, search="养老"))
    assert 0 < expected < everything
    qtbot.waitUntil(lambda: page.model.total == expected)
    assert page.total_label.text() == f"共 {expected} 条"
    content = [f.name for f in page.model.fields].index("content")
    shown = [page.model.index(r, content).data() for r in range(page.model.rowCount())]
    assert any("养老" in text for text in shown)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.total == everything)


def test_filters_narrow_the_list(qtbot: QtBot, ledger: Ledger,
                                 qtmodeltester: ModelTester) -> None:
    scope = street_scope(ledger)
    page = make_page(qtbot, ledger, "demands", scope)
    assert list(page.filters) == list(FILTERS["demand"])
    labels = [label.text() for label in page.findChildren(QLabel)]
    assert {"办理状态", "功能类别", "紧急程度"} <= set(labels)
    everything = page.model.total
    choose(qtbot, page.filters["status"], "已解决")
    resolved = records.count(ledger, "demands",
                             records.Query(scope=scope, filters={"status": "resolved"}))
    assert 0 < resolved < everything
    assert page.model.total == resolved
    choose(qtbot, page.filters["function"], "养老服务")
    both = records.count(ledger, "demands", records.Query(
        scope=scope, filters={"status": "resolved", "function": "elderly_care"}))
    assert page.model.total == both < resolved
    choose(qtbot, page.filters["status"], "全部")
    choose(qtbot, page.filters["function"], "全部")
    assert page.model.total == everything
    # last: Qt's tester fetches more rows while a reset is still being announced
    qtmodeltester.check(page.model)


def test_the_demands_narrow_to_a_range_of_registration_dates(qtbot: QtBot,
                                                             ledger: Ledger) -> None:
    scope = street_scope(ledger)
    page = make_page(qtbot, ledger, "demands", scope)
    dates = page.dates
    assert dates is not None and dates.label.text() == "登记日期"
    assert dates.bounds() == (None, None) and dates.start.text() == "不限"
    assert not dates.clear_button.isEnabled()
    everything = page.model.total
    days = sorted(d["received_on"] for d in records.list_records(
        ledger, "demands", records.Query(scope=scope)))
    start, end = days[len(days) // 4], days[len(days) // 2]

    def expect(**query: Any) -> int:
        return records.count(ledger, "demands", records.Query(scope=scope, **query))

    with qtbot.waitSignal(page.model.modelReset):  # applied once the typing pauses
        dates.set_bounds(start, end)
    between = expect(dates={"received_on": (start, end)})
    assert 0 < between < everything and page.model.total == between
    received = [f.name for f in page.model.fields].index("received_on")
    shown = {page.model.index(r, received).data() for r in range(page.model.rowCount())}
    assert min(shown) == start.isoformat() and max(shown) == end.isoformat()  # both included

    choose(qtbot, page.filters["status"], "已解决")  # with the other filters and the search
    type_into(qtbot, page.search, "养老")
    page._apply_search()
    combined = expect(dates={"received_on": (start, end)}, search="养老",
                      filters={"status": "resolved"})
    assert page.model.total == combined < between

    dates.set_bounds(start, None)  # an open end
    dates.apply_now()
    assert page.model.total == expect(dates={"received_on": (start, None)}, search="养老",
                                      filters={"status": "resolved"})
    dates.set_bounds(end, start)  # backwards: said why, nothing listed
    with qtbot.waitSignal(page.status_message) as told:
        dates.apply_now()
    assert "起始日期" in told.args[0] and page.model.total == 0
    qtbot.mouseClick(dates.clear_button, Qt.MouseButton.LeftButton)
    dates.apply_now()
    page.search.clear()
    page._apply_search()
    choose(qtbot, page.filters["status"], "全部")
    assert page.model.total == everything and dates.bounds() == (None, None)


def test_spaces_filter_by_kind(qtbot: QtBot, ledger: Ledger) -> None:
    scope = street_scope(ledger)
    page = make_page(qtbot, ledger, "spaces", scope)
    choose(qtbot, page.filters["kind"], "社区用房")
    expected = records.count(ledger, "spaces",
                             records.Query(scope=scope, filters={"kind": "community_room"}))
    assert page.model.total == expected > 0


def test_the_page_follows_the_chosen_area(qtbot: QtBot, ledger: Ledger) -> None:
    page = RecordsPage(ChangeBus(), "spaces")
    qtbot.addWidget(page)
    assert not page.new_action.isEnabled() and not page.new_record()  # no ledger open yet
    page.set_ledger(ledger)
    assert page.new_action.isEnabled()
    community = community_in(ledger)
    scope = Scope(Level.COMMUNITY, community["id"], community["name"], community["code"])
    page.set_scope(scope)
    assert page.model.total == records.count(ledger, "spaces", records.Query(scope=scope))
    assert page.new_record()  # Ctrl+N
    form = page.form
    assert form is not None
    assert form.editor("community").raw() == community["id"]  # the chosen community
    form.confirm_discard = lambda _parent: True
    form.reject()
    qtbot.waitUntil(lambda: page.form is None)


# --- refusals and other ways in ---------------------------------------------------------------


def test_deleting_a_community_with_spaces_is_refused_with_the_reason(qtbot: QtBot,
                                                                     ledger: Ledger) -> None:
    page = make_page(qtbot, ledger, "communities")
    community = community_in(ledger)
    assert records.count(ledger, "spaces", records.Query(
        scope=Scope(Level.COMMUNITY, community["id"]))) > 0
    click_row(qtbot, page, community["id"])
    seen: list[str] = []
    answer_box("删除", seen)
    answer_box("确定", seen)
    with qtbot.assertNotEmitted(page.bus.changed):
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[0].startswith(f"删除社区“{community['name']}”？")
    assert seen[1].startswith("不能删除此社区：仍有") and "空间资源" in seen[1]
    assert not records.get(ledger, "communities", community["id"])["deleted"]


def test_cancelling_the_question_deletes_nothing(qtbot: QtBot, ledger: Ledger) -> None:
    page = make_page(qtbot, ledger, "operators")
    operator = records.list_records(ledger, "operators", records.Query(limit=1))[0]
    click_row(qtbot, page, operator["id"])
    seen: list[str] = []
    answer_box("取消", seen)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # the Del key asks too
    assert seen == [f"删除运营主体“{operator['name']}”？\n\n"
                    "删除后仍可恢复：勾选“显示已删除”，选中该记录后点“恢复”。"]
    assert not records.get(ledger, "operators", operator["id"])["deleted"]


def test_double_click_and_the_context_menu_edit(qtbot: QtBot, ledger: Ledger) -> None:
    page = make_page(qtbot, ledger, "projects")
    project = records.list_records(ledger, "projects", records.Query(
        scope=street_scope(ledger), limit=1))[0]
    row = page.model.row_of(project["id"])
    rect = page.table.visualRect(page.model.index(row, 0))
    # a double click is a press, a release, then the second press (QTest sends only that)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.form is not None)
    assert page.form is not None and page.form.record_id == project["id"]
    page.form.reject()  # nothing changed: closes without asking
    qtbot.waitUntil(lambda: page.form is None)
    menu = page.context_menu()
    assert [a.text() for a in menu.actions()] == ["新建", "修改", "删除", "", "历史"]
    page.show_deleted.setChecked(True)
    assert [a.text() for a in page.context_menu().actions()] == [
        "新建", "修改", "删除", "恢复", "", "历史"]


def test_other_pages_changes_refresh_the_list(qtbot: QtBot, ledger: Ledger) -> None:
    bus = ChangeBus()
    spaces = make_page(qtbot, ledger, "spaces", bus=bus)
    before = spaces.model.total
    community = community_in(ledger)
    record_id = records.create(ledger, "spaces", {"community": community["id"],
                                                  "name": "别处新建的用房", "kind": "其他"})
    bus.changed.emit(Changes.of("space", record_id), object())
    assert spaces.model.total == before + 1


def test_a_page_out_of_sight_reads_changes_when_shown_again(qtbot: QtBot,
                                                           ledger: Ledger) -> None:
    bus = ChangeBus()
    spaces = make_page(qtbot, ledger, "spaces", bus=bus)
    before = spaces.model.total
    spaces.hide()  # as another tab in front of it does
    community = community_in(ledger)
    record_id = records.create(ledger, "spaces", {"community": community["id"],
                                                  "name": "别处新建的用房", "kind": "其他"})
    with qtbot.assertNotEmitted(spaces.model.modelReset, wait=50):
        bus.changed.emit(Changes.of("space", record_id), object())
    assert spaces.model.total == before
    with qtbot.waitSignal(spaces.model.modelReset, timeout=1000):
        spaces.show()
    assert spaces.model.total == before + 1
    assert spaces.model.row_of(record_id) >= 0


def test_every_entity_page_passes_the_model_tester(qtbot: QtBot, ledger: Ledger,
                                                   qtmodeltester: ModelTester) -> None:
    demand = records.list_records(ledger, "demands", records.Query(
        scope=street_scope(ledger), limit=1))[0]
    records.delete(ledger, "demands", demand["id"])  # a greyed, struck-out row among the rest
    for entity in ("communities", "spaces", "functions", "demands", "projects", "operators",
                   "evaluations"):
        page = make_page(qtbot, ledger, entity)
        page.show_deleted.setChecked(True)
        assert page.title == records.spec_of(entity).label
        assert page.model.total > 0, entity
        if entity == "demands":
            assert page.model.index(0, 0).data(DELETED_ROLE) is True
        qtmodeltester.check(page.model)


def test_the_header_menu_chooses_the_columns_and_they_are_remembered(qtbot: QtBot,
                                                                      ledger: Ledger) -> None:
    page = make_page(qtbot, ledger, "demands")
    header = page.table.horizontalHeader()
    assert header.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    names = [f.name for f in page.model.fields]
    menu = page.columns.menu()
    ticks = {a.objectName(): a for a in menu.actions() if a.isCheckable()}
    assert [a.text() for a in ticks.values()] == [f.header for f in page.model.fields]
    assert all(a.isChecked() for a in ticks.values())
    assert not ticks["content"].isEnabled()  # the title: always shown
    reset = next(a for a in menu.actions() if a.objectName() == "reset")
    assert not reset.isEnabled()  # nothing hidden yet

    ticks["phone"].setChecked(False)  # un-ticked: the column goes
    ticks["reply"].setChecked(False)
    assert header.isSectionHidden(names.index("phone"))
    assert header.isSectionHidden(names.index("reply"))
    page.columns.set_shown("content", False)
    assert not header.isSectionHidden(names.index("content"))
    menu.deleteLater()

    again = make_page(qtbot, ledger, "demands")  # the next start
    assert again.columns.hidden() == ["reply", "phone"]
    spaces = make_page(qtbot, ledger, "spaces")  # each list its own
    assert spaces.columns.hidden() == []

    menu = again.columns.menu()
    assert not next(a for a in menu.actions() if a.objectName() == "phone").isChecked()
    next(a for a in menu.actions() if a.objectName() == "reset").trigger()
    assert again.columns.hidden() == []
    assert make_page(qtbot, ledger, "demands").columns.hidden() == []


def test_personal_columns_are_masked_until_revealed_and_each_reveal_is_recorded(
        qtbot: QtBot, ledger: Ledger) -> None:
    scope = street_scope(ledger)
    community = community_in(ledger)
    demand = records.create(ledger, "demands", {"community": community["id"],
                                                "content": "希望增设助餐点（测试）",
                                                "reporter": "欧阳秀英", "phone": "13912345678"})
    page = make_page(qtbot, ledger, "demands", scope)
    reporter, phone = ([f.name for f in page.model.fields].index(n) for n in ("reporter", "phone"))

    def cells(record_id: str) -> tuple[str, str]:
        row = page.model.row_of(record_id)
        return page.model.index(row, reporter).data(), page.model.index(row, phone).data()

    page.model.set_search("希望增设助餐点（测试）")
    assert cells(demand) == ("欧阳**", "139****5678")
    assert personal_view.reveals(ledger, "demands", demand) == []

    click_row(qtbot, page, demand)
    page.history_action.setChecked(True)  # the history panel masks them as the list does
    assert "139****5678" in page.history.text() and "13912345678" not in page.history.text()
    assert page.reveal_action.isEnabled() and page.reveal_action in page.context_menu().actions()
    with qtbot.waitSignal(page.write_finished):
        page.reveal_action.trigger()
    assert cells(demand) == ("欧阳秀英", "13912345678")
    assert "13912345678" in page.history.text() and "已显示个人信息" in page.history.text()
    assert not page.reveal_action.isEnabled()
    (shown,) = personal_view.reveals(ledger, "demands", demand)
    assert (shown.record_id, shown.user, shown.device) == (demand, ledger.user, ledger.device)

    # the whole list: recorded as a list, with what it showed; another list is masked again
    other = records.create(ledger, "demands", {"community": community["id"],
                                               "content": "小区缺少托育机构（测试）",
                                               "reporter": "李四", "phone": "029-88776655"})
    page.model.set_search("测试")
    assert cells(other) == ("李*", "029-****6655")
    with qtbot.waitSignal(page.write_finished):
        page.reveal_list_action.trigger()
    assert cells(other) == ("李四", "029-88776655")
    listed = personal_view.reveals(ledger, "demands")[-1]
    assert listed.record_id is None and "搜索：测试" in (listed.listing or "")
    page.model.set_search("小区缺少托育机构（测试）")
    assert cells(other) == ("李*", "029-****6655")
    assert page.reveal_list_action.isEnabled()
