"""The record form below the city: 项目类型 is read-only and follows the city's directory."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.domain.enums import ProjectTier
from app.domain.programme import ChangeKind, TierChange
from app.store.db import Ledger
from app.store.programme import add_change
from app.store.settings import set_settings
from tests.ui.forms import make_form, type_field

PILOT = "东七路社区综合体"
# The fixture `ledger`: the UI tests' demo ledger (no role), which holds the demo's directory.


def _notes(form: object) -> set[str]:
    return {label.text() for label in form.findChildren(QLabel)}  # type: ignore[attr-defined]


def test_the_tier_is_read_only_and_follows_the_name(qtbot: QtBot, ledger: Ledger) -> None:
    set_settings(ledger, role="street")
    add_change(ledger, TierChange(dt.date(2025, 1, 10), ChangeKind.JOIN, PILOT,
                                  ProjectTier.NATIONAL_PILOT, "东七路社区", year=2025,
                                  reason="调入"))
    form = make_form(qtbot, ledger, "projects")
    tier = form.editor("tier")
    assert not tier.widget.isEnabled()
    assert "项目类型以市级名录为准" in _notes(form)
    assert tier.raw() == "other"
    type_field(qtbot, form, "name", PILOT)
    assert tier.raw() == "national_pilot"
    type_field(qtbot, form, "name", "别的项目")
    assert tier.raw() == "other"


def test_at_the_city_the_tier_is_chosen(qtbot: QtBot, ledger: Ledger) -> None:
    set_settings(ledger, role="city")
    add_change(ledger, TierChange(dt.date(2025, 1, 10), ChangeKind.JOIN, PILOT,
                                  ProjectTier.NATIONAL_PILOT, "东七路社区", year=2025,
                                  reason="调入"))
    form = make_form(qtbot, ledger, "projects")
    assert form.editor("tier").widget.isEnabled()
    assert "项目类型以市级名录为准" not in _notes(form)
