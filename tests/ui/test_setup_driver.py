"""The build check's hook (ui/setup_driver.py): it clicks the first-run set-up through as a clerk
would and leaves the same ledger the clerk would get; off unless its variable is set."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import paths
from app.services import office_setup, records
from tests.ui.window import Opener
from ui import setup_driver
from ui.dialogs.setup_wizard import Office


def test_it_is_off_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(setup_driver.ENV, raising=False)
    assert setup_driver.wanted() is None
    monkeypatch.setenv(setup_driver.ENV, "street:解放门街道")
    assert setup_driver.wanted() == (Office.STREET, "解放门街道")
    monkeypatch.setenv(setup_driver.ENV, "mayor:西安")
    with pytest.raises(SystemExit, match="street, district, zone or city"):
        setup_driver.wanted()


def test_it_sets_up_a_street_as_a_clerk_would(open_window: Opener, tmp_path: Path,
                                               qtbot: QtBot,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "数据"))
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    window = open_window(paths.default_db())
    qtbot.waitUntil(lambda: window.setting_up.wizard is not None, timeout=10_000)
    wizard = window.setting_up.wizard
    assert wizard is not None
    with qtbot.waitSignal(window.setting_up.saved, timeout=30_000):
        setup_driver.drive(wizard, Office.STREET, "解放门街道")
    ledger = window.ledger
    assert ledger is not None
    now = office_setup.current(ledger)
    assert now.role is not None and now.role.value == "street"
    assert now.area is not None and now.area.name == "解放门街道"
    assert len(records.list_records(ledger, "communities", records.Query())) == 7
