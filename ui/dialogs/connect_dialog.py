"""导入连接文件: what a checked connection file says (the office above, its area, its relay) and its
confirmation code to compare by phone before 导入; another area or another upstream is said."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from app.domain.enums import Level
from app.sync.connect import Connection
from ui import theme
from ui.widgets import fitting
from ui.widgets.dialog_parts import accept_cancel, padded_layout
from ui.widgets.key_check import KeyRows

if TYPE_CHECKING:
    from app.store.areas import Scope


def _text(text: str, style: str = "") -> QLabel:
    found = QLabel(text)
    found.setWordWrap(True)
    found.setTextFormat(Qt.TextFormat.PlainText)
    found.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        found.setStyleSheet(style)
    return found


def area_text(area: dict[str, object]) -> str:
    """An area of a connection file as people read it (区县 新城区)."""
    try:
        level = Level(str(area.get("level"))).label
    except ValueError:
        level = ""
    return f"{level} {area.get('name') or ''}".strip()


class ConnectDialog(QDialog):
    """The connection file's upstream, area and relay, its code with the tick "已与上级核对确认码";
    导入 waits for the tick (and a second one when it replaces the office above trusted now)."""

    def __init__(self, connection: Connection, home: Scope | None, upstream: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import connection file"))
        self.setMinimumWidth(600)
        office = connection.office
        self.wrong_area = home is None or (home.level.value, home.id) != (
            office.get("level"), office.get("id"))
        """The file is for another office: it cannot be imported here."""
        self.replaces = upstream is not None and upstream != connection.key.fingerprint
        """The file names another office above than the one trusted now."""

        intro = _text(self.tr(
            "The office above made this file for this office: the relay to send its data to, "
            "and the office above's key. Before you import it, call the office above: the "
            "confirmation code on its Sync page must be the same as the one below."))
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Office above"), _text(connection.upstream_name))
        form.addRow(self.tr("Its area"), _text(area_text(connection.upstream_area)))
        form.addRow(self.tr("For"), _text(area_text(office)))
        form.addRow(self.tr("Relay"), _text(self.tr("{url} (user {user})").format(
            url=connection.url, user=connection.user)))
        self.key_rows = KeyRows(form, connection.key, connection.path)
        self.code_check = self.key_rows.code_check
        self.code_check.confirm_box.setText(self.tr("Checked the confirmation code with the "
                                                    "office above"))

        self.buttons, self.import_button = accept_cancel(self, self.tr("Import"))

        layout = padded_layout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.problem: QLabel | None = None
        """Why it cannot be imported here (a file for another office)."""
        if self.wrong_area:
            here = str(home) if home is not None else self.tr("no area set yet")
            self.problem = _text(self.tr(
                "This file is for {office}, but this ledger is {here}: it cannot be imported "
                "here. Ask the office above for the file made for this office.").format(
                    office=area_text(office), here=here), theme.PROBLEM_TEXT)
            layout.addWidget(self.problem)
        self.replace_box: QCheckBox | None = None
        """The second tick, when the file replaces the office above trusted now."""
        if self.replaces and not self.wrong_area:
            layout.addWidget(_text(self.tr(
                "This ledger trusts another office above now (fingerprint {old}). Importing "
                "this file replaces it: receipts and reference data of the old one will no "
                "longer be accepted.").format(old=upstream), theme.WAITING_TEXT))
            self.replace_box = QCheckBox(self.tr("Yes, report to {name} from now on").format(
                name=connection.upstream_name))
            self.replace_box.toggled.connect(self._update)
            layout.addWidget(self.replace_box)
        layout.addWidget(self.buttons)
        fitting.fit(self, scroll=True)
        self.code_check.confirmed_changed.connect(self._update)
        self._update()

    def ready(self) -> bool:
        """Whether it may be imported: the code ticked, a replacement ticked, the right area."""
        return (not self.wrong_area and self.code_check.confirmed()
                and (self.replace_box is None or self.replace_box.isChecked()))

    def replacing(self) -> bool:
        """Whether the import replaces the office above trusted now (ticked)."""
        return self.replace_box is not None and self.replace_box.isChecked()

    def _update(self, _checked: bool = False) -> None:
        self.import_button.setEnabled(self.ready())

    def accept(self) -> None:
        """Import only once everything is ticked (Enter included)."""
        if self.ready():
            super().accept()
