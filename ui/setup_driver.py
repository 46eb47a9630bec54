"""A hook for checking a build (`make package-check`): the first-run set-up clicked through as a
clerk would (office, area, the official communities, finish), then the app ends once it is saved.

FACILITY_LEDGER_DRIVE_SETUP=office:area (say street:解放门街道, or city:) turns it on; nothing on a
clerk's machine sets it. Exit code 0 when the set-up was saved, 3 when none opened in time.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWizard

if TYPE_CHECKING:  # the wizard is imported only when the hook is on: not at every start
    from ui.dialogs.setup_wizard import Office, SetupWizard
    from ui.setting_up import SettingUp

ENV = "FACILITY_LEDGER_DRIVE_SETUP"
WAIT_MS = 120_000
NOT_OPENED = 3


def wanted() -> tuple[Office, str] | None:
    """The office and area asked for in the environment; None when the hook is off."""
    value = os.environ.get(ENV, "")
    if not value:
        return None
    from ui.dialogs.setup_wizard import Office

    office, _, area = value.partition(":")
    try:
        return Office(office), area
    except ValueError as exc:
        raise SystemExit(f"{ENV}={value!r}: the office is street, district, zone or city") from exc


def drive(wizard: SetupWizard, office: Office, area: str) -> None:
    """Click through the wizard: the office, the area, every page's default, then 完成."""
    wizard.roles.buttons[office].setChecked(True)
    for _ in range(10):
        if wizard.currentId() == wizard.area_id:
            wizard.areas.choose(area)
        if wizard.currentId() == wizard.next_id:
            wizard.button(QWizard.WizardButton.FinishButton).click()
            return
        before = wizard.currentId()
        wizard.next()
        if wizard.currentId() == before:
            raise RuntimeError(f"the set-up stays on {wizard.currentPage().title()!r}")
    raise RuntimeError("the set-up did not reach its last page")


def install(setting_up: SettingUp, owner: QObject) -> None:
    """When the hook is on: drive the set-up once it opens, end the app once it is saved."""
    asked = wanted()
    if asked is None:
        return
    office, area = asked
    setting_up.opened.connect(lambda wizard: drive(wizard, office, area))
    setting_up.saved.connect(lambda _filled: QCoreApplication.exit(0))
    QTimer.singleShot(WAIT_MS, owner, lambda: QCoreApplication.exit(NOT_OPENED))
