"""应用锁设置: set, change or remove the password a shared office PC asks before showing the
ledger, and the idle minutes after which it asks again."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from app.domain import app_lock
from app.domain.app_lock import AppLock, LockError
from ui import theme
from ui.widgets import fitting
from ui.widgets.dialog_parts import accept_cancel, padded_layout, password_field


@dataclass(frozen=True)
class LockChange:
    """What the dialog asks for: a new password (None: keep it), the idle minutes, or removal."""

    current: str | None
    password: str | None
    idle_minutes: int
    remove: bool = False


class LockDialog(QDialog):
    """The lock's settings; the password in force is asked for any change."""

    def __init__(self, lock: AppLock | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lock = lock
        self.change: LockChange | None = None
        self.setWindowTitle(self.tr("App lock"))
        self.setMinimumWidth(440)
        intro = QLabel(self.tr(
            "For a PC that others use too: the program asks this password when it opens the "
            "ledger and after the minutes without use below. The data itself stays where it is; "
            "a forgotten password can be removed by whoever looks after the PC "
            "(facility-ledger lock off)."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        form = QFormLayout()
        self.current = password_field(app_lock.MAX_LENGTH)
        self.new = password_field(app_lock.MAX_LENGTH)
        self.again = password_field(app_lock.MAX_LENGTH)
        self.idle = QComboBox()
        for minutes in app_lock.IDLE_CHOICES:
            self.idle.addItem(self.tr("Only when it opens") if minutes == 0 else
                              self.tr("After {minutes} minutes").format(minutes=minutes), minutes)
        chosen = lock.idle_minutes if lock is not None else app_lock.DEFAULT_IDLE
        self.idle.setCurrentIndex(max(0, self.idle.findData(chosen)))
        self.remove = QCheckBox(self.tr("Remove the app lock"))
        if lock is not None:
            form.addRow(self.tr("Current password:"), self.current)
            self.new.setPlaceholderText(self.tr("Leave empty to keep the password"))
        form.addRow(self.tr("New password:"), self.new)
        form.addRow(self.tr("Once more:"), self.again)
        form.addRow(self.tr("Lock again:"), self.idle)
        if lock is not None:
            form.addRow("", self.remove)
        self.message = QLabel(" ")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(theme.PROBLEM_TEXT)
        self.buttons, self.ok_button = accept_cancel(self, self.tr("Save"))
        layout = padded_layout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fitting.fit(self, scroll=True)

    def accept(self) -> None:
        """Close with a change only when it can be made: the current password right, the new
        one typed twice alike and long enough."""
        try:
            self.change = self._checked()
        except LockError as exc:
            self.message.setText(str(exc))
            return
        super().accept()

    def _checked(self) -> LockChange:
        current = None
        if self.lock is not None:
            current = self.current.text()
            if not app_lock.opens(self.lock, current):
                self.current.clear()
                self.current.setFocus()
                raise LockError(self.tr("The current password is wrong"))
        idle = int(self.idle.currentData())
        if self.lock is not None and self.remove.isChecked():
            return LockChange(current, None, idle, remove=True)
        new, again = self.new.text(), self.again.text()
        if self.lock is not None and not new and not again:
            return LockChange(current, None, idle)
        app_lock.check_password(new)
        if new != again:
            self.again.clear()
            self.again.setFocus()
            raise LockError(self.tr("The two new passwords are not the same"))
        return LockChange(current, new, idle)
