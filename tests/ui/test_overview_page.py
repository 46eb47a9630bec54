"""The 概览 page on demo data: every number agrees with the services, for the city and a street."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from app.domain.changes import Changes
from app.domain.enums import STANDARD_FUNCTIONS, Level
from app.services import coverage, demo, records
from app.services.areas import resolve_scope
from app.services.overview import STAGES, overview, project_stage
from app.services.records import Query
from app.services.setup import init_ledger
from app.store.areas import CITY, Scope
from app.store.db import Ledger
from ui.pages.base import ChangeBus
from ui.pages.overview_page import LAGGARDS, OverviewPage
from ui.widgets.coverage_bars import ordered


@pytest.fixture(scope="module")
def demo_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """The demo data of the three pilot streets (read only: tests that write make their own)."""
    opened = init_ledger(tmp_path_factory.mktemp("demo") / "演示.db")
    demo.generate(opened, None)
    yield opened
    opened.close()


def _page(qtbot: QtBot, ledger: Ledger, scope: Scope | None = None) -> OverviewPage:
    page = OverviewPage(ChangeBus())
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    if scope is not None:
        page.scope = scope
    with qtbot.waitSignal(page.overview_loaded, timeout=20_000):
        page.set_ledger(ledger)
    return page


@pytest.fixture
def page(app: QApplication, qtbot: QtBot, demo_ledger: Ledger) -> Iterator[OverviewPage]:
    shown = _page(qtbot, demo_ledger)
    yield shown
    shown.set_ledger(None)


def _item(tree: QTreeWidget, row: int) -> QTreeWidgetItem:
    item = tree.topLevelItem(row)
    assert item is not None
    return item


def _count(ledger: Ledger, entity: str, scope: Scope, **filters: object) -> int:
    return records.count(ledger, entity, Query(scope=scope, filters=filters or None))


def _check_numbers(page: OverviewPage, ledger: Ledger, scope: Scope) -> None:
    """Every number on the page against the record services."""
    communities = _count(ledger, "communities", scope)
    not_resettled = _count(ledger, "communities", scope, not_resettled=True)
    assert page.communities.value.text() == f"{communities:,}"
    assert page.communities.detail.text() == f"其中未回迁 {not_resettled} 个"
    spaces, idle = _count(ledger, "spaces", scope), _count(ledger, "spaces", scope, usage="idle")
    assert page.spaces.value.text() == f"{spaces:,}"
    assert page.spaces.detail.text() == f"其中闲置 {idle} 处"
    demands = _count(ledger, "demands", scope)
    closed = {s: _count(ledger, "demands", scope, status=s) for s in ("resolved", "declined")}
    urgent = _count(ledger, "demands", scope, urgency="urgent") - sum(
        _count(ledger, "demands", scope, status=s, urgency="urgent") for s in closed
    )
    assert page.demands.value.text() == f"{demands:,}"
    open_ = demands - sum(closed.values())
    assert page.demands.detail.text() == f"未办结 {open_:,} 条，其中紧急 {urgent:,} 条"
    projects = records.list_records(ledger, "projects", Query(scope=scope))
    assert page.projects.value.text() == f"{len(projects):,}"
    for stage in STAGES:
        expected = sum(project_stage(p) == stage for p in projects)
        assert page.stage_values[stage].text() == f"{expected:,}"
    assert page.bars.rows == ordered(coverage.area_coverage(ledger, scope))


def test_city_numbers_match_the_services(page: OverviewPage, demo_ledger: Ledger) -> None:
    assert page.title == "概览"
    assert page.area_name.text() == "西安市"
    assert page.area_level.text() == Level.CITY.label
    _check_numbers(page, demo_ledger, CITY)
    assert sum(int(v.text()) for v in page.stage_values.values()) > 0


def test_standard_functions_come_first_in_the_bars(page: OverviewPage) -> None:
    functions = [row.function for row in page.bars.rows]
    assert functions[: len(STANDARD_FUNCTIONS)] == list(STANDARD_FUNCTIONS)
    assert len(functions) == 9
    first = page.bars.rows[0]
    assert page.bars.value_text(first).endswith(f"（{first.covered}/{first.total}，目标 90%）")


def test_street_scope_shows_its_numbers_and_laggards(
    page: OverviewPage, demo_ledger: Ledger, qtbot: QtBot
) -> None:
    street = resolve_scope(demo_ledger, "street:解放门街道")
    assert street is not None
    with qtbot.waitSignal(page.overview_loaded, timeout=20_000):
        page.set_scope(street)
    assert (page.area_name.text(), page.area_level.text()) == ("解放门街道", "街道")
    _check_numbers(page, demo_ledger, street)
    expected = overview(demo_ledger, street, limit=LAGGARDS).laggards
    tree = page.laggards
    assert tree.topLevelItemCount() == len(expected) > 0
    shown = [_item(tree, n).text(0) for n in range(tree.topLevelItemCount())]
    assert shown == [x.name for x in expected]
    first = _item(tree, 0)
    assert first.text(2) == f"{expected[0].standard_covered}/4"
    assert first.toolTip(3) == "、".join(f.label for f in expected[0].missing)
    assert page.laggard_panel.isVisible()
    assert tree.isColumnHidden(1)  # one street: its name needs no column


def test_district_scope_lists_streets_and_a_community_none(
    page: OverviewPage, demo_ledger: Ledger, qtbot: QtBot
) -> None:
    district = resolve_scope(demo_ledger, "district:碑林区")
    assert district is not None
    with qtbot.waitSignal(page.overview_loaded, timeout=20_000):
        page.set_scope(district)
    _check_numbers(page, demo_ledger, district)
    assert not page.laggards.isColumnHidden(1)
    assert _item(page.laggards, 0).text(1).endswith("街道")
    one = records.list_records(demo_ledger, "communities", Query(scope=district, limit=1))[0]
    community = Scope(Level.COMMUNITY, one["id"], one["name"], one.get("code"))
    with qtbot.waitSignal(page.overview_loaded, timeout=20_000):
        page.set_scope(community)
    _check_numbers(page, demo_ledger, community)
    assert page.area_name.text() == one["name"]
    assert not page.laggard_panel.isVisible()


def test_a_saved_change_elsewhere_updates_the_numbers(
    app: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    ledger = init_ledger(tmp_path / "台账.db")
    try:
        one = records.create(ledger, "communities", {"name": "甲社区", "street": "解放门街道"})
        page = _page(qtbot, ledger)
        assert page.demands.value.text() == "0"
        new = records.create(
            ledger, "demands", {"community": one, "content": "增设老年助餐点", "urgency": "紧急"}
        )
        with qtbot.waitSignal(page.overview_loaded, timeout=10_000):
            page.bus.changed.emit(Changes.of("demand", new), QWidget())
        assert page.demands.value.text() == "1"
        assert page.demands.detail.text() == "未办结 1 条，其中紧急 1 条"
        page.set_ledger(None)
        assert page.area_name.text() == "未打开台账"
        assert page.demands.value.text() == "—"
    finally:
        ledger.close()


def test_overview_renders_to_png(page: OverviewPage, tmp_path: Path) -> None:
    path = tmp_path / "overview.png"
    assert page.grab().save(str(path), "PNG")
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 1100
    assert page.bars.height() >= 9 * 30
    assert page.laggards.topLevelItemCount() > 0
    assert _item(page.laggards, 0).textAlignment(2) == Qt.AlignmentFlag.AlignCenter
