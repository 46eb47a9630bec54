"""A clerk's first start: the set-up opens by itself on an empty data directory and leaves a
street ledger with its official communities, the window showing that street alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app import paths
from app.services import office_setup, records, setup
from app.store.areas import configured_scope
from tests.ui.forms import type_into
from tests.ui.window import Opener
from ui.dialogs.setup_wizard import Office, SetupWizard
from ui.main_window import MainWindow
from ui.pages.records_page import RecordsPage

JIEFANGMEN = ["东大院社区", "西六路社区", "环北路社区", "红星社区", "尚平社区", "卫民社区",
              "兴隆坊社区"]
"""解放门街道's official communities (2023 division codes), in code order."""
LEFT = Qt.MouseButton.LeftButton


def _wizard(window: MainWindow, qtbot: QtBot) -> SetupWizard:
    qtbot.waitUntil(lambda: window.setting_up.wizard is not None
                    and window.setting_up.wizard.isVisible(), timeout=10_000)
    wizard = window.setting_up.wizard
    assert wizard is not None
    return wizard


def _next(wizard: SetupWizard, qtbot: QtBot) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), wizard.currentPage().title()
    qtbot.mouseClick(button, LEFT)


def _tree_names(window: MainWindow) -> tuple[str, list[str]]:
    root = window.areas.index(0, 0)
    children = [window.areas.index(r, 0, root).data() for r in range(window.areas.rowCount(root))]
    return root.data(), children


def test_first_start_sets_up_a_street_with_its_official_communities(
    open_window: Opener, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "数据"))
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    path = paths.default_db()
    assert not path.exists()
    window = open_window(path)
    wizard = _wizard(window, qtbot)
    assert wizard.currentId() == wizard.role_id
    assert wizard.roles.office() is Office.STREET  # the usual case is ticked already
    _next(wizard, qtbot)

    assert wizard.currentId() == wizard.area_id
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    type_into(qtbot, wizard.areas.search, "解放门")
    visible = [wizard.areas.list.item(r).text() for r in range(wizard.areas.list.count())
               if not wizard.areas.list.item(r).isHidden()]
    assert visible == ["新城区 · 解放门街道"]
    _next(wizard, qtbot)

    assert wizard.currentId() == wizard.printing_id
    assert wizard.printing.unit.placeholderText() == "解放门街道办事处"
    type_into(qtbot, wizard.printing.unit, "西安市新城区解放门街道办事处")
    type_into(qtbot, wizard.printing.preparer, "王敏")
    _next(wizard, qtbot)

    assert wizard.currentId() == wizard.communities_id
    page = wizard.communities
    assert [c.name for c in page.chosen()] == JIEFANGMEN
    assert not page.villages.isVisible()  # 解放门街道 has no village
    type_into(qtbot, page.new_name, "新建社区")
    qtbot.mouseClick(page.add_button, LEFT)
    assert page.by_hand() == ["新建社区"]
    assert "8" in page.count.text()
    _next(wizard, qtbot)

    assert wizard.currentId() == wizard.next_id
    assert "8" in wizard.next_page.summary.text()
    with qtbot.waitSignal(window.setting_up.saved, timeout=20_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), LEFT)

    # the window shows that street alone, and the list of its communities
    root, children = _tree_names(window)
    assert root == "解放门街道"
    assert children == [*JIEFANGMEN, "新建社区"]
    page_shown = window.current_page()
    assert isinstance(page_shown, RecordsPage) and page_shown.objectName() == "communities"
    qtbot.waitUntil(lambda: page_shown.model.rowCount() == 8)
    assert "解放门街道" in window.windowTitle()

    ledger = setup.open_existing(path)
    try:
        home = configured_scope(ledger)
        assert home is not None and home.name == "解放门街道"
        assert setup.printing(ledger) == ("西安市新城区解放门街道办事处", "王敏")
        codes = {r["name"]: r["code"] for r in records.list_records(ledger, "communities")}
        assert codes["东大院社区"] == "610102005004" and codes["新建社区"] is None
        assert not office_setup.first_start(ledger)
    finally:
        ledger.close()


def test_the_set_up_does_not_open_by_itself_on_a_ledger_with_records(
    open_window: Opener, ledger_path: Path, qtbot: QtBot
) -> None:
    window = open_window(ledger_path)
    qtbot.wait(100)
    assert window.setting_up.wizard is None
    window.setup_action.trigger()  # but it is there in the menu
    wizard = _wizard(window, qtbot)
    wizard.reject()
    qtbot.waitUntil(lambda: window.setting_up.wizard is None)
    root, _children = _tree_names(window)
    assert root != "解放门街道"  # nothing saved: the whole city still


def test_a_district_ticks_its_streets_communities_and_can_untick_a_street(
    open_window: Opener, tmp_path: Path, qtbot: QtBot
) -> None:
    window = open_window(tmp_path / "区县" / "台账.db")
    wizard = _wizard(window, qtbot)
    wizard.roles.buttons[Office.DISTRICT].setChecked(True)
    _next(wizard, qtbot)
    wizard.areas.choose("新城区")
    _next(wizard, qtbot)
    _next(wizard, qtbot)
    page = wizard.communities
    top = page.tree.topLevelItem(0)
    assert top is not None and top.text(0).startswith("新城区 · ")
    everyone = len(page.chosen())
    top.setCheckState(0, Qt.CheckState.Unchecked)
    assert len(page.chosen()) == everyone - top.childCount()
    assert not page.hand_row.isVisible()  # communities are typed in at the street
    _next(wizard, qtbot)
    with qtbot.waitSignal(window.setting_up.saved, timeout=20_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), LEFT)
    root, children = _tree_names(window)
    assert root == "新城区"
    assert "解放门街道" in children

