"""项目名录 in the window: the directory on a day, a project's history, the city's 调入、调出、
替换 and its list from Excel through the dialog (written by the services on the writer, read back
from the ledger), refusals shown in the form with what was typed kept, read-only below the city."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.enums import ProjectTier
from app.domain.programme import ChangeKind, TierChange
from app.services import records
from app.store import programme as store
from app.store.db import Ledger, open_ledger
from tests.helpers.ledgers import Devices
from tests.ui.forms import type_into
from ui.dialogs.programme_change import ChangeForm, Kind
from ui.dialogs.programme_dialog import ProgrammeDialog
from ui.pages.base import ChangeBus

TODAY = dt.date(2026, 12, 10)
# 解放门街道's official communities (resources/seed/xian-communities.csv)
DONGDAYUAN, XILIULU = "610102005004", "610102005005"
JFM = "610102005000"


def _ledger(devices: Devices, path: Path, role: str, area: str | None = None) -> Ledger:
    ledger = open_ledger(devices.copy(path, role=role, area=area))
    for code, name in ((DONGDAYUAN, "东大院社区"), (XILIULU, "西六路社区")):
        records.create(ledger, "communities", {"name": name, "code": code,
                                               "street": "解放门街道"})
    return ledger


def _listed(ledger: Ledger) -> None:
    """Two pilots listed in 2025; the first replaced on 2025-07-01."""
    for change in (
            TierChange(dt.date(2025, 1, 10), ChangeKind.JOIN, "东大院社区综合体",
                       ProjectTier.NATIONAL_PILOT, DONGDAYUAN, JFM, 2025),
            TierChange(dt.date(2025, 1, 10), ChangeKind.JOIN, "西六路助餐点",
                       ProjectTier.CITY_PROJECT, XILIULU, JFM, 2026),
            TierChange(dt.date(2025, 7, 1), ChangeKind.REPLACE, "东大院养老服务站",
                       ProjectTier.NATIONAL_PILOT, DONGDAYUAN, JFM, None, "方案调整",
                       "东大院社区综合体")):
        store.add_change(ledger, change)


@pytest.fixture
def city(devices: Devices, tmp_path: Path) -> Iterator[Ledger]:
    """The city's ledger with 解放门街道's 东大院社区 and 西六路社区, no directory yet."""
    ledger = _ledger(devices, tmp_path / "市" / "台账.db", "city")
    yield ledger
    ledger.close()


@pytest.fixture
def open_dialog(app: QApplication, qtbot: QtBot) -> Callable[[Ledger], ProgrammeDialog]:
    def opener(ledger: Ledger) -> ProgrammeDialog:
        dialog = ProgrammeDialog(ledger, ChangeBus(), TODAY)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return opener


def _rows(dialog: ProgrammeDialog) -> dict[str, list[str]]:
    tree = dialog.entries
    found = {}
    for n in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(n)
        assert item is not None
        found[item.text(2)] = [item.text(c) for c in range(tree.columnCount())]
    return found


def _history(dialog: ProgrammeDialog) -> list[list[str]]:
    tree = dialog.history
    return [[tree.topLevelItem(n).text(c) for c in range(tree.columnCount())]  # type: ignore[union-attr]
            for n in range(tree.topLevelItemCount())]


def _save(qtbot: QtBot, dialog: ProgrammeDialog, form: ChangeForm) -> None:
    """Press the form's Save and wait for the write to end."""
    form.ok_button.click()
    operation = dialog.operation
    if operation is not None:
        with qtbot.waitSignal(operation.finished, timeout=10_000):
            pass


def test_the_list_on_a_day_and_a_replaced_projects_history(
        city: Ledger, open_dialog: Callable[[Ledger], ProgrammeDialog]) -> None:
    _listed(city)
    records.create(city, "projects", {"name": "西六路助餐点", "tier": "市级项目",
                                      "community": "西六路社区", "started_on": "2026-03-01"})
    dialog = open_dialog(city)
    assert "第 3 版" in dialog.note.text() and not dialog.read_only.isVisible()
    rows = _rows(dialog)
    assert set(rows) == {"东大院养老服务站", "西六路助餐点"}
    assert rows["西六路助餐点"][1:] == ["2026", "西六路助餐点", "新城区", "解放门街道",
                                   "西六路社区", "2025-01-10", "开工"]
    assert rows["东大院养老服务站"][-1] == "未录入"
    assert rows["东大院养老服务站"][6] == "2025-07-01"
    assert dialog.join_button.isVisible() and dialog.import_button.isVisible()

    dialog.choose_day(dt.date(2025, 3, 1))
    assert set(_rows(dialog)) == {"东大院社区综合体", "西六路助餐点"}
    dialog.choose_day(dt.date(2024, 12, 31))
    assert _rows(dialog) == {}

    dialog.choose_day(TODAY)
    dialog.select("东大院养老服务站")
    history = _history(dialog)
    assert [row[:3] for row in history] == [
        ["2025-01-10", "列入", "东大院社区综合体"],
        ["2025-07-01", "替换", "东大院养老服务站"]]
    assert history[1][4] == "方案调整"
    assert "东大院社区综合体" in history[1][3]


def test_join_leave_and_replace_through_the_dialog(
        city: Ledger, open_dialog: Callable[[Ledger], ProgrammeDialog], qtbot: QtBot) -> None:
    dialog = open_dialog(city)
    changed: list[bool] = []
    dialog.changed.connect(lambda: changed.append(True))
    form = dialog.open_form(Kind.JOIN)
    assert form is not None
    type_into(qtbot, form.name_edit, "东大院社区综合体")
    form.tier_combo.setCurrentIndex(form.tier_combo.findData("national_pilot"))
    type_into(qtbot, form.place_edit, "东大院社区")
    form.year_spin.setValue(2025)
    form.date_edit.setDate(dt.date(2025, 1, 10))  # type: ignore[arg-type]
    _save(qtbot, dialog, form)
    assert changed == [True]
    held = store.directory(city)
    assert held.version == 1
    first = held.changes[0]
    assert (first.kind, first.project, first.tier, first.community, first.street, first.year,
            first.on) == (ChangeKind.JOIN, "东大院社区综合体", ProjectTier.NATIONAL_PILOT,
                          DONGDAYUAN, JFM, 2025, dt.date(2025, 1, 10))
    assert set(_rows(dialog)) == {"东大院社区综合体"}

    dialog.select("东大院社区综合体")
    form = dialog.open_form(Kind.REPLACE)
    assert form is not None
    type_into(qtbot, form.name_edit, "东大院养老服务站")
    type_into(qtbot, form.place_edit, DONGDAYUAN)
    form.date_edit.setDate(dt.date(2025, 7, 1))  # type: ignore[arg-type]
    type_into(qtbot, form.reason_edit, "方案调整")
    _save(qtbot, dialog, form)
    replaced = store.directory(city).changes[-1]
    assert (replaced.kind, replaced.project, replaced.replaces, replaced.year,
            replaced.reason) == (ChangeKind.REPLACE, "东大院养老服务站", "东大院社区综合体", None,
                                 "方案调整")
    assert store.directory(city).entries_on(TODAY)["东大院养老服务站"].year == 2025

    dialog.select("东大院养老服务站")
    form = dialog.open_form(Kind.LEAVE)
    assert form is not None
    form.date_edit.setDate(dt.date(2026, 3, 1))  # type: ignore[arg-type]
    type_into(qtbot, form.reason_edit, "选址调整")
    _save(qtbot, dialog, form)
    held = store.directory(city)
    assert held.version == 3 and held.changes[-1].kind is ChangeKind.LEAVE
    assert held.changes[-1].reason == "选址调整"
    assert _rows(dialog) == {}
    assert len(changed) == 3


def test_a_refusal_is_shown_and_what_was_typed_kept(
        city: Ledger, open_dialog: Callable[[Ledger], ProgrammeDialog], qtbot: QtBot) -> None:
    dialog = open_dialog(city)
    form = dialog.open_form(Kind.JOIN)
    assert form is not None
    type_into(qtbot, form.name_edit, "东大院社区综合体")
    type_into(qtbot, form.place_edit, "没有这个社区")
    _save(qtbot, dialog, form)
    assert form.isVisible() and form.error.isVisible()
    assert "没有这个社区" in form.error.text()
    assert form.name_edit.text() == "东大院社区综合体"
    assert form.place_edit.text() == "没有这个社区"
    assert form.ok_button.isEnabled()

    type_into(qtbot, form.place_edit, "东大院社区")  # a pilot needs its batch year
    _save(qtbot, dialog, form)
    assert form.isVisible() and "批次" in form.error.text()
    assert not store.directory(city)

    form.place_edit.clear()  # refused before any write
    dialog.operation = None
    form.ok_button.click()
    assert dialog.operation is None and "请填写所在社区" in form.error.text()

    form.year_spin.setValue(2025)
    type_into(qtbot, form.place_edit, "东大院社区")
    _save(qtbot, dialog, form)
    assert not form.isVisible()
    assert store.directory(city).version == 1


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["项目名称", "项目类型", "社区", "街道", "批次年度", "列入日期", "原因"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_excel_list_good_and_bad(city: Ledger, tmp_path: Path, qtbot: QtBot,
                                     open_dialog: Callable[[Ledger], ProgrammeDialog]) -> None:
    dialog = open_dialog(city)
    told: list[tuple[str, str]] = []
    dialog.tell = lambda _parent, title, text: told.append(("warn", text))
    dialog.told = lambda _parent, title, text: told.append(("inform", text))
    bad = _workbook(tmp_path / "坏名单.xlsx", [
        ["东大院社区综合体", "国家试点项目", DONGDAYUAN, "", 2025, "2025-01-10", ""],
        ["乙项目", "市级项目", "没有这个社区", "", "", "2025-01-10", ""]])
    dialog.ask_path = lambda *_args: bad
    dialog.import_button.click()
    assert dialog.operation is not None
    with qtbot.waitSignal(dialog.operation.finished, timeout=10_000):
        pass
    assert told and told[0][0] == "warn"
    assert "第 3 行" in told[0][1] and "没有这个社区" in told[0][1]
    assert not store.directory(city)
    assert _rows(dialog) == {}

    told.clear()
    good = _workbook(tmp_path / "名单.xlsx", [
        ["东大院社区综合体", "国家试点项目", DONGDAYUAN, "", 2025, "2025-01-10", ""],
        ["解放门街道项目", "国家试点", "", "解放门街道", 2024, "2025-01-10", "首批"]])
    operation = dialog.import_list(good)
    assert operation is not None
    with qtbot.waitSignal(operation.finished, timeout=10_000):
        pass
    assert [kind for kind, _text in told] == ["inform"]
    assert store.directory(city).version == 1
    assert set(_rows(dialog)) == {"东大院社区综合体", "解放门街道项目"}


def test_read_only_below_the_city(devices: Devices, tmp_path: Path, qtbot: QtBot,
                                  open_dialog: Callable[[Ledger], ProgrammeDialog]) -> None:
    ledger = _ledger(devices, tmp_path / "区" / "台账.db", "district", "新城区")
    try:
        _listed(ledger)  # as a reference bundle brings it
        store.add_change(ledger, TierChange(dt.date(2025, 1, 10), ChangeKind.JOIN, "别区项目",
                                            ProjectTier.CITY_PROJECT, "610103001001",
                                            "610103001000", 2026))
        dialog = open_dialog(ledger)
        assert not any(b.isVisible() for b in dialog.city_buttons())
        assert dialog.open_form(Kind.JOIN) is None
        assert dialog.import_list(tmp_path / "名单.xlsx") is None
        assert set(_rows(dialog)) == {"东大院养老服务站", "西六路助餐点"}  # its own part
        assert "第 4 版" in dialog.note.text()
        assert dialog.read_only.isVisible() and "只读" in dialog.read_only.text()
        dialog.select("东大院养老服务站")
        assert len(_history(dialog)) == 2
    finally:
        ledger.close()


def test_no_directory_yet(city: Ledger, open_dialog: Callable[[Ledger], ProgrammeDialog]
                          ) -> None:
    records.create(city, "projects", {"name": "东大院项目", "tier": "国家试点",
                                      "community": "东大院社区", "planned_year": 2025})
    dialog = open_dialog(city)
    assert set(_rows(dialog)) == {"东大院项目"}
    assert "尚未收到市级项目名录" in dialog.note.text()
    assert _rows(dialog)["东大院项目"][6] == ""  # no directory: no date it was listed on
    dialog.select("东大院项目")
    assert dialog.history.topLevelItemCount() == 0
    assert "东大院项目" in dialog.history_title.text()


def test_opened_from_the_programme_page_which_reads_again_after_a_change(
        city: Ledger, app: QApplication, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.pages.programme_page import ProgrammePage

    page = ProgrammePage(ChangeBus())
    qtbot.addWidget(page)
    reads: list[bool] = []
    monkeypatch.setattr(page, "refresh", lambda: reads.append(True))  # the figures: elsewhere
    page.set_ledger(city)
    page.show()
    page._update_printing()
    assert page.directory_button.isEnabled()
    page.directory_button.click()
    dialog = page.findChild(ProgrammeDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.join_button.isVisible()
    before = len(reads)
    dialog.changed.emit()
    assert len(reads) == before + 1
    dialog.reject()
