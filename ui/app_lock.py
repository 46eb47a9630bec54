"""The app lock of a shared office PC: every window of the app hidden behind a curtain and the
password asked, when the ledger opens and after the idle minutes; nothing open is closed, so a
half-typed form is still there after the unlock."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QWidget,
)

from app.domain import app_lock
from app.domain.app_lock import AppLock
from app.services import app_lock as services
from ui import theme
from ui.dialogs.lock_dialog import LockDialog
from ui.operations import run_write
from ui.widgets import fitting, notice
from ui.widgets.dialog_parts import padded_layout, password_field

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.opening import OpenedLedger
    from ui.pages.base import ChangeBus

ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                      QEvent.Type.MouseMove, QEvent.Type.TouchBegin})
"""What counts as someone at the PC."""
CHECK_MS = 15_000
"""How often the idle time is looked at."""
FREE_TRIES = 5
"""Wrong passwords allowed before each further try waits."""
WAIT_SECONDS = 30
"""The wait after too many wrong passwords."""


class Curtain(QWidget):
    """An opaque cover over one window while the app is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCurtain")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parent():
            parent = self.parentWidget()
            if parent is not None:
                self.setGeometry(parent.rect())
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(theme.SCREEN_DESKTOP))
        painter.setPen(QColor(theme.ON_DARK))
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        painter.setFont(font)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                         self.tr("Locked: enter the password to go on"))


class UnlockDialog(QDialog):
    """Asks the lock's password; after FREE_TRIES wrong ones each try waits WAIT_SECONDS."""

    def __init__(self, lock: AppLock, parent: QWidget | None = None, *,
                 can_quit: bool = False) -> None:
        super().__init__(parent)
        self.lock = lock
        self.wrong = 0
        self.setWindowTitle(self.tr("Unlock"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(360)
        intro = QLabel(self.tr("This ledger is locked. Enter the password to go on."))
        intro.setWordWrap(True)
        self.password = password_field(app_lock.MAX_LENGTH)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setAccessibleName(self.tr("Password"))
        self.message = QLabel(" ")
        self.message.setStyleSheet(theme.PROBLEM_TEXT)
        self.buttons = QDialogButtonBox()
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button: QPushButton | None = None
        if can_quit:
            self.quit_button = QPushButton(self.tr("Exit the program"))
            self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
            self.quit_button.clicked.connect(self._quit)
        self.buttons.accepted.connect(self.try_password)
        self._waiting = QTimer(self)
        self._waiting.setInterval(1000)
        self._waiting.timeout.connect(self._tick)
        self._left = 0
        layout = padded_layout(self)
        layout.addWidget(intro)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fitting.fit(self)

    def try_password(self) -> bool:
        """Check what was typed: accept, or say it was wrong (and wait after too many)."""
        if self._left > 0:
            return False
        if app_lock.opens(self.lock, self.password.text()):
            self.password.clear()
            self.accept()
            return True
        self.wrong += 1
        self.password.clear()
        if self.wrong >= FREE_TRIES:
            self._left = WAIT_SECONDS
            self._tick_text()
            self.unlock_button.setEnabled(False)
            self.password.setEnabled(False)
            self._waiting.start()
        else:
            self.message.setText(self.tr("Wrong password, try again"))
        return False

    def _tick(self) -> None:
        self._left -= 1
        if self._left > 0:
            self._tick_text()
            return
        self._waiting.stop()
        self.message.setText(self.tr("Try again"))
        self.unlock_button.setEnabled(True)
        self.password.setEnabled(True)
        self.password.setFocus()

    def _tick_text(self) -> None:
        self.message.setText(self.tr("Wrong password {count} times: wait {seconds} s").format(
            count=self.wrong, seconds=self._left))

    def reject(self) -> None:
        """Esc does nothing while locked: only the exit button (at start) leaves."""

    def _quit(self) -> None:
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # the window's close button does not unlock


class Locker(QObject):
    """Locks every window of the app: at once, at the ledger's opening and when idle."""

    locked_changed = Signal(bool)
    quit_asked = Signal()
    """The lock at start was left with 退出程序."""

    def __init__(self, window: QWidget, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.lock: AppLock | None = None
        self.clock = clock
        self.last_activity = clock()
        self.curtains: list[Curtain] = []
        self.dialog: UnlockDialog | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def set_lock(self, lock: AppLock | None) -> None:
        """The lock in force from now on (None: no lock; unlocks if locked)."""
        self.lock = lock
        self.last_activity = self.clock()
        if lock is None and self.locked:
            self._unlock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and not self.locked:
            self.last_activity = self.clock()
        return False

    def check_idle(self) -> bool:
        """Lock if nobody did anything for the idle minutes; True if it locked now."""
        lock = self.lock
        if lock is None or self.locked or lock.idle_minutes <= 0:
            return False
        if self.clock() - self.last_activity < lock.idle_minutes * 60:
            return False
        self.lock_now()
        return True

    def lock_now(self, *, at_start: bool = False) -> None:
        """Cover every window and ask the password (nothing is closed)."""
        if self.lock is None or self.locked:
            return
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # an open menu or a list's drop-down: nothing typed is in it
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and not isinstance(widget, UnlockDialog):
                self.curtains.append(Curtain(widget))
        self.dialog = UnlockDialog(self.lock, self.window, can_quit=at_start)
        self.dialog.accepted.connect(self._unlock)
        self.dialog.rejected.connect(self.quit_asked)
        self.locked_changed.emit(True)
        self.dialog.open()

    def _unlock(self) -> None:
        for curtain in self.curtains:
            if shiboken6.isValid(curtain):
                curtain.deleteLater()
                curtain.hide()
        self.curtains.clear()
        dialog, self.dialog = self.dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.hide()
            dialog.deleteLater()
        self.last_activity = self.clock()
        self.locked_changed.emit(False)


class LockControl(QObject):
    """The window's app lock: 文件 → 应用锁… and 立即锁定, the lock asked when a ledger opens,
    and the lock's changes written on the writer."""

    def __init__(self, window: QWidget, bus: ChangeBus,
                 ledger: Callable[[], Ledger | None]) -> None:
        super().__init__(window)
        self.window = window
        self.bus = bus
        self._ledger = ledger
        self.locker = Locker(window)
        self.locker.quit_asked.connect(window.close)
        self.settings_action = QAction(self.tr("App &lock…"), self)
        self.settings_action.setToolTip(self.tr(
            "A password asked when the ledger opens and after some minutes without use, for a "
            "PC that others use too"))
        self.settings_action.setEnabled(False)
        self.settings_action.triggered.connect(self.open_settings)
        self.lock_action = QAction(self.tr("Lock &now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(self.tr("Hide the ledger until the password is entered "
                                            "(Ctrl+L)"))
        self.lock_action.setEnabled(False)
        self.lock_action.triggered.connect(lambda: self.locker.lock_now())
        self.dialog: LockDialog | None = None

    def ledger_opened(self, opened: OpenedLedger) -> None:
        """A ledger was opened: lock at once if it has a lock; say so if its lock is damaged."""
        self.settings_action.setEnabled(not opened.read_only)
        self._use(opened.lock)
        if opened.lock_problem:
            notice.warn(self.window, self.tr("App lock"), self.tr(
                "{problem}: the window is not locked. Set the password again in File → App "
                "lock.").format(problem=opened.lock_problem))
        self.locker.lock_now(at_start=True)

    def _use(self, lock: AppLock | None) -> None:
        self.locker.set_lock(lock)
        self.lock_action.setEnabled(lock is not None)

    def open_settings(self) -> LockDialog | None:
        """文件 → 应用锁…: the dialog (not modal: the answer comes by signal)."""
        if self._ledger() is None:
            return None
        self.dialog = LockDialog(self.locker.lock, self.window)
        self.dialog.accepted.connect(self._save)
        self.dialog.open()
        return self.dialog

    def _save(self) -> None:
        dialog, ledger = self.dialog, self._ledger()
        if dialog is None or dialog.change is None or ledger is None:
            return
        change = dialog.change

        def job(_state: object) -> AppLock | None:
            if change.remove:
                services.remove_lock(ledger, change.current or "")
                return None
            if change.password is None:
                return services.set_idle(ledger, change.idle_minutes, change.current or "")
            return services.set_lock(ledger, change.password, change.idle_minutes,
                                     current_password=change.current)

        operation = run_write(job, self.window, bus=self.bus)
        operation.with_failure(self.window, self.tr("App lock"))
        operation.succeeded.connect(self._saved)

    def _saved(self, lock: object) -> None:
        assert lock is None or isinstance(lock, AppLock)
        self._use(lock)
        self.window.statusBar().showMessage(  # type: ignore[attr-defined]
            self.tr("App lock removed") if lock is None else self.tr("App lock saved"), 5000)
