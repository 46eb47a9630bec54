"""The 统筹 page on a ledger built here with known numbers: late projects, pilots against the
plan, the targets per district, the quarter's ranking and the year's assessment as the services
count them, who has not reported; for the city and a district, cut by legal district or managing
zone; read off the UI thread; its print buttons write the reports."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
import time_machine
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain import scoring
from app.domain.china_time import CHINA
from app.services import records
from app.services.areas import resolve_scope
from app.services.ranking import quarter_ranking
from app.store.areas import CITY, Scope
from app.store.db import Ledger, open_ledger
from app.task import TaskState
from tests.helpers.pdf import pdf_text
from tests.ui.window import save_as
from ui import theme
from ui.pages import programme_page
from ui.pages.base import ChangeBus
from ui.pages.programme_data import Choice, quarters
from ui.pages.programme_page import ProgrammePage
from ui.printing import Report

NOW = dt.datetime(2026, 12, 10, 10, 0, tzinfo=CHINA)
JFM_REPORTED = dt.datetime(2026, 10, 31, 16, 0, tzinfo=CHINA)
"""解放门街道's last data: 40 days before NOW (flagged at 30)."""
NYM_REPORTED = dt.datetime(2026, 12, 5, 9, 0, tzinfo=CHINA)
"""南院门街道's last data: 5 days before NOW."""


@pytest.fixture
def known(ledger_path: Path) -> Iterator[Ledger]:
    """Five communities in three streets; a space in 解放门街道 on JFM_REPORTED, one in
    南院门街道 on NYM_REPORTED, nothing in 西一路街道, which 经开区 manages."""
    ledger = open_ledger(ledger_path)
    for moment, community in ((JFM_REPORTED, "东七路社区"), (NYM_REPORTED, "四府街社区")):
        with time_machine.travel(moment.timestamp(), tick=False):
            records.create(ledger, "spaces", {"community": community, "name": "活动室",
                                              "kind": "其他"})
    records.update(ledger, "streets", "西一路街道", {"zone": "经开区"})
    with time_machine.travel(JFM_REPORTED.timestamp(), tick=False):
        records.create(ledger, "projects", {"name": "东七路社区嵌入式服务设施", "tier": "国家试点",
                                            "community": "东七路社区", "planned_year": 2025})
        records.create(ledger, "functions", {"community": "东七路社区", "function": "养老服务",
                                             "status": "运营中"})
    with time_machine.travel(NYM_REPORTED.timestamp(), tick=False):
        records.create(ledger, "projects", {"name": "四府街社区嵌入式服务设施", "tier": "国家试点",
                                            "community": "四府街社区", "planned_year": 2026,
                                            "operating_on": "2026-06-01"})
    yield ledger
    ledger.close()


def _scope(ledger: Ledger, spec: str) -> Scope:
    scope = resolve_scope(ledger, spec)
    assert scope is not None
    return scope


@pytest.fixture
def open_page(app: QApplication, qtbot: QtBot) -> Iterator[Callable[..., ProgrammePage]]:
    pages: list[ProgrammePage] = []

    def opener(ledger: Ledger, scope: Scope = CITY) -> ProgrammePage:
        page = ProgrammePage(ChangeBus())
        qtbot.addWidget(page)
        page.now = lambda: NOW.astimezone(dt.UTC)
        page.resize(1100, 800)
        page.show()
        page.scope = scope
        with qtbot.waitSignal(page.programme_loaded, timeout=20_000):
            page.set_ledger(ledger)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.set_ledger(None)


def _rows(page: ProgrammePage) -> list[tuple[str, str, int | None, bool]]:
    return [(r.name, r.detail, r.days, r.flagged) for r in page.freshness.rows]


def test_a_district_lists_its_streets_by_silence(open_page: Callable[..., ProgrammePage],
                                                 known: Ledger) -> None:
    page = open_page(known, _scope(known, "district:新城区"))
    assert (page.area_name.text(), page.area_level.text()) == ("新城区", "区县")
    rows = _rows(page)
    silent = [r for r in rows if r[2] is None]
    assert ("西一路街道", "经开区", None, True) in silent  # its managing zone, by default
    assert rows[len(silent)] == ("解放门街道", "新城区", 40, True)
    assert len(rows) == len(silent) + 1  # every other street of 新城区 never reported
    fresh = page.freshness_data
    assert fresh is not None and (fresh.silent, fresh.streets) == (fresh.streets, fresh.streets)
    assert page.freshness.limit == 30
    assert page.freshness_section.note.text().startswith(
        f"{fresh.streets} 个街道中有 {fresh.streets} 个 30 天及以上未报送数据")


def test_the_city_lists_districts_by_their_newest_street(
        open_page: Callable[..., ProgrammePage], known: Ledger, qtbot: QtBot) -> None:
    page = open_page(known)
    by_name = {r[0]: r for r in _rows(page)}
    assert page.freshness.rows[-1].name == "碑林区"  # the least silent last
    assert by_name["碑林区"][2:] == (5, False)
    assert by_name["新城区"][2:] == (40, True)
    assert "经开区" in by_name  # managing: 西一路街道 counts under its zone
    assert by_name["经开区"][1:] == ("1 个街道中 1 个未报送", None, True)
    with qtbot.waitSignal(page.programme_loaded, timeout=20_000):
        page.choose(by="legal")
    assert page.data is not None and page.data.choice.by == "legal"
    by_name = {r[0]: r for r in _rows(page)}
    assert "经开区" not in by_name  # legal: it counts under 新城区
    assert by_name["新城区"][2] == 40


def test_a_community_asks_for_a_street_or_above(open_page: Callable[..., ProgrammePage],
                                                 known: Ledger) -> None:
    community = _scope(known, "community:610102005001")
    page = open_page(known, community)
    assert page.hint.isVisible()
    assert not page.freshness_section.isVisible()


def test_the_figures_are_read_off_the_ui_thread(open_page: Callable[..., ProgrammePage],
                                                known: Ledger, qtbot: QtBot,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Each read runs in a worker; a choice reads again only what depends on it."""
    calls: list[tuple[str, threading.Thread, Choice]] = []
    threads: set[threading.Thread] = set()

    def spy(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def job(ledger: Ledger, choice: Choice, now: dt.datetime, state: TaskState) -> object:
            calls.append((name, threading.current_thread(), choice))
            threads.add(threading.current_thread())
            return real(ledger, choice, now, state)
        return job

    names = ("load", "load_freshness", "load_ranking", "load_assessment", "load_operators")
    for name in names:
        monkeypatch.setattr(programme_page, name, spy(name, getattr(programme_page, name)))
    page = open_page(known)
    assert sorted(name for name, _thread, _choice in calls) == sorted(names)
    calls.clear()
    with qtbot.waitSignal(page.programme_loaded, timeout=20_000):
        page.choose(quarter="2026Q3")
    assert [(name, choice.quarter) for name, _thread, choice in calls] == [
        ("load_ranking", "2026Q3")]
    calls.clear()
    with qtbot.waitSignal(page.programme_loaded, timeout=20_000):
        page.choose(year=2025)
    assert sorted(name for name, _thread, _choice in calls) == [
        "load_assessment", "load_operators"]
    calls.clear()
    with qtbot.waitSignal(page.programme_loaded, timeout=20_000):
        page.choose(by="legal")
    assert sorted(name for name, _thread, _choice in calls) == ["load", "load_freshness"]
    assert threads and threading.main_thread() not in threads
    assert page.ranking_data is not None and page.ranking_data.period.title == "2026年第三季度"
    assert page.assessment_data is not None and "2025" in page.assessment_data.period.title


def test_the_choices_run_from_the_first_quarter_to_today(
        open_page: Callable[..., ProgrammePage], known: Ledger) -> None:
    page = open_page(known)
    assert page.quarter_combo.currentData() == "2026Q4"
    assert page.quarter_combo.currentText() == "2026年第4季度"
    assert page.quarter_combo.count() == 12
    assert [page.year_combo.itemData(n) for n in range(page.year_combo.count())] == [
        2026, 2025, 2024]
    assert quarters(dt.date(2024, 2, 1), dt.date(2024, 11, 1)) == [
        "2024Q4", "2024Q3", "2024Q2", "2024Q1"]


@pytest.mark.parametrize(("report", "suffix"), [(Report.PROGRESS, ".pdf"),
                                                (Report.PROGRESS, ".xlsx"),
                                                (Report.RANKING, ".pdf"),
                                                (Report.ASSESSMENT, ".xlsx"),
                                                (Report.OPERATORS, ".pdf"),
                                                (Report.WALL_CHART, ".pdf")])
def test_the_print_buttons_write_the_reports(
        open_page: Callable[..., ProgrammePage], known: Ledger, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, report: Report, suffix: str) -> None:
    page = open_page(known, _scope(known, "district:新城区"))
    opened: list[Path] = []
    page.printer.open_file = lambda path: bool(opened.append(path)) or True
    page.format_combo.setCurrentIndex(page.format_combo.findData(suffix))
    page.paper_combo.setCurrentIndex(page.paper_combo.findData("A4"))
    target = tmp_path / f"报表{suffix}"
    dialog = save_as(monkeypatch, target)
    with qtbot.waitSignal(page.printer.printed, timeout=60_000):
        qtbot.mouseClick(page.print_buttons[report], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.printer.busy)
    assert opened == [target] and target.stat().st_size > 0
    offered = Path(dialog.offered[0][0]).name
    assert offered.startswith("新城区") and offered.endswith(suffix)
    if suffix == ".pdf":
        text, pages = pdf_text(target)
        assert pages >= 1 and "新城区" in text
        if report is Report.WALL_CHART:
            assert "A4" in offered
    else:
        book = openpyxl.load_workbook(target, read_only=True)
        assert book.sheetnames
        book.close()
    assert page.print_buttons[report].isEnabled()


def test_late_projects_come_first_with_how_late(open_page: Callable[..., ProgrammePage],
                                                 known: Ledger) -> None:
    page = open_page(known, _scope(known, "district:新城区"))
    assert page.late_section.heading.text() == "滞后于计划节点的项目：2 个"
    assert page.late.topLevelItemCount() == 2
    texts = [[item.text(n) for n in range(6)] for item in
             (page.late.topLevelItem(0), page.late.topLevelItem(1)) if item is not None]
    # 解放门街道's street-unit pilot, not recorded: its design was due by 2024-12-31 (709 days)
    assert texts[0][0] == "709 天" and texts[0][4:] == ["方案设计", "2024-12-31"]
    # due to operate by 2025-12-31, not yet on 2026-12-10: 344 days
    assert texts[1] == ["344 天", "东七路社区嵌入式服务设施", "国家试点",
                        "新城区 / 解放门街道 / 东七路社区", "投入运营", "2025-12-31"]
    assert page.sections().index(page.late_section) == 0  # first on the page


def test_pilots_against_the_plan(open_page: Callable[..., ProgrammePage], known: Ledger) -> None:
    page = open_page(known)  # the city: against the city's plan (35, 32, 40)
    rows = {r.label: (r.done, r.planned, r.note) for r in page.plan.rows}
    assert rows["2025年试点社区"] == (0, 32, "名录 1 个")
    assert rows["2026年试点社区"] == (1, 40, "名录 1 个")
    district = open_page(known, _scope(known, "district:碑林区"))
    rows = {r.label: (r.done, r.planned) for r in district.plan.rows}
    assert rows["2026年试点社区"] == (1, 1)  # a district: against what it has listed


def test_the_targets_per_district_follow_the_cut(open_page: Callable[..., ProgrammePage],
                                                 known: Ledger, qtbot: QtBot) -> None:
    page = open_page(known)

    def elderly(name: str) -> tuple[bool | None, str]:
        row = next(r for r in page.grid.rows if r.name == name)
        return row.cells[0].met, row.cells[0].text

    assert page.grid.columns[0] == "养老"
    # managing: 新城区 counts 东七路、西七路、尚俭路 (西一路 is 经开区's): 1 of 3, 90% needs 3
    assert elderly("新城区") == (False, "还差 2")
    assert elderly("经开区") == (False, "还差 1")
    with qtbot.waitSignal(page.programme_loaded, timeout=20_000):
        page.choose(by="legal")
    assert elderly("新城区") == (False, "还差 3")  # legal: 4 communities, 1 covered
    assert "经开区" not in [r.name for r in page.grid.rows]


def test_the_ranking_shows_the_services_parts_and_follows_the_quarter(
        open_page: Callable[..., ProgrammePage], known: Ledger, qtbot: QtBot) -> None:
    page = open_page(known)
    expected = quarter_ranking(known, CITY, "2026Q4", now=NOW)
    assert [(r.rank, r.name, r.total) for r in page.ranking.rows] == [
        (r.rank, r.facts.name, scoring.printed(r.total)) for r in expected.ranked]
    first = expected.ranked[0]
    assert page.ranking.rows[0].texts == tuple(scoring.printed(first.parts[key])
                                               for key, _label in scoring.PARTS)
    assert [p.full for p in page.ranking.parts] == [40, 30, 20, 10]
    assert page.ranking_section.note.text().startswith("计分办法（第 0 版）")
    assert page.ranking_section.heading.text().endswith(expected.period.title)
    with qtbot.waitSignal(page.programme_loaded, timeout=20_000):
        page.choose(quarter="2026Q2")
    earlier = quarter_ranking(known, CITY, "2026Q2", now=NOW)
    assert page.ranking_section.heading.text().endswith(earlier.period.title)
    assert [(r.name, r.total) for r in page.ranking.rows] == [
        (r.facts.name, scoring.printed(r.total)) for r in earlier.ranked]
    assert page.assessment.topLevelItemCount() == len(page.assessment_data.units
                                                      if page.assessment_data else [])
    assessed = page.assessment_data.units if page.assessment_data else ()
    silent = [n for n, one in enumerate(assessed) if one.never_reported]
    assert silent and len(silent) < len(assessed)
    amber = [n for n in range(page.assessment.topLevelItemCount())
             if page.assessment.topLevelItem(n).foreground(0).color().name() == theme.WAITING]
    assert amber == silent
    assert page.assessment_section.note.text().endswith("名称为橙色的：所辖街道尚无报送数据。")


def test_a_street_has_no_ranking_or_assessment(open_page: Callable[..., ProgrammePage],
                                               known: Ledger) -> None:
    page = open_page(known, _scope(known, "street:解放门街道"))
    assert page.late_section.isVisible() and page.plan_section.isVisible()
    assert not page.ranking_section.isVisible() and not page.assessment_section.isVisible()
    assert not page.grid_section.isVisible()  # its coverage is on 概览
    assert not page.print_buttons[Report.RANKING].isEnabled()
    assert not page.print_buttons[Report.ASSESSMENT].isEnabled()
    assert page.print_buttons[Report.PROGRESS].isEnabled()
    assert page.print_report(Report.RANKING) is None


def test_the_operators_section_counts_the_list_and_the_facilities(
        open_page: Callable[..., ProgrammePage], known: Ledger) -> None:
    page = open_page(known)
    found = page.operators_data
    assert found is not None and found.version is None  # nothing published: the draft
    assert page.qualified_card.value.text() == f"0 / {found.listed} 家"
    assert page.qualified_card.detail.text() == "尚未发布：按现有评估计算"
    assert page.adjust_card.value.text() == "0"
    assert found.period == "2026年"
