"""The 统筹 page on a ledger built here with known numbers: who has not reported, for the city and
a district, cut by legal district or managing zone; read off the UI thread."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import time_machine
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.china_time import CHINA
from app.services import records
from app.services.areas import resolve_scope
from app.store.areas import CITY, Scope
from app.store.db import Ledger, open_ledger
from app.task import TaskState
from ui.pages import programme_page
from ui.pages.base import ChangeBus
from ui.pages.programme_data import Choice, ProgrammeData, quarters
from ui.pages.programme_page import ProgrammePage

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
    fresh = page.data.freshness if page.data else None
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
    threads: list[threading.Thread] = []
    real = programme_page.load

    def spy(ledger: Ledger, choice: Choice, now: dt.datetime, state: TaskState
            ) -> ProgrammeData:
        threads.append(threading.current_thread())
        return real(ledger, choice, now, state)

    monkeypatch.setattr(programme_page, "load", spy)
    page = open_page(known)
    with qtbot.waitSignal(page.programme_loaded, timeout=20_000):
        page.choose(quarter="2026Q3")
    assert page.data is not None and page.data.choice.quarter == "2026Q3"
    assert threads and threading.main_thread() not in threads


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
