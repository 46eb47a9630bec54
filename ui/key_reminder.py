"""The bar across the top of the window that asks, until it is done, for the data key's recovery
file: why it matters in plain words, 导出恢复文件… and 以后再说 (for a week). Never modal."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.domain import china_time
from app.domain.changes import Changes
from app.services import key_reminder
from app.store.db import Ledger
from app.store.personal import PERSONAL
from ui import theme
from ui.operations import Operation, run_write

log = logging.getLogger(__name__)

RECHECK_DELAY_MS = 500
"""After saves of names or phones, the check runs once the burst has passed."""


class KeyReminderBar(QFrame):
    """Shown while the open (writable, not demo) ledger holds names or phones whose data key
    has no recovery file; the window opens the recovery-file dialog when asked."""

    checked = Signal(bool)
    """A check of the ledger ended; True if the bar is shown now."""

    export_requested = Signal()
    """导出恢复文件… was pressed: the window opens the dialog on its export side."""

    snoozed = Signal(object)
    """以后再说 is remembered in the ledger; carries until when (UTC)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock: Callable[[], dt.datetime] = china_time.utc_now
        """Now, for 以后再说 and for the check (tests set their own)."""
        self._quiet = False
        self.due = False
        """The last check found the reminder due (shown unless quiet)."""
        self._ledger: Ledger | None = None
        self._holds_personal = True
        self.setObjectName("keyReminder")
        # as tall as its words, however much room the window has
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setStyleSheet(theme.reminder_bar("keyReminder"))
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(28, 28))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = QLabel(self.tr("The data key has no recovery file yet"))
        self.title.setStyleSheet("font-weight: bold;")
        self.message = QLabel(self.tr(
            "Residents' names and phone numbers in this ledger are locked with a data key that "
            "only this computer holds. If this computer breaks or is lost, they can no longer be "
            "read, not even from the backups. Export the recovery file once, with a password, "
            "and keep it on a USB stick away from this computer."))
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.export_button = QPushButton(self.tr("Export the recovery file…"))
        self.export_button.clicked.connect(self.export_requested)
        self.later_button = QPushButton(self.tr("Later"))
        self.later_button.setToolTip(self.tr("Remind me again in 7 days"))
        self.later_button.clicked.connect(self._later)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title)
        words.addWidget(self.message)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(12)
        row.addWidget(icon)
        row.addLayout(words, 1)
        row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.later_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECHECK_DELAY_MS)
        self._timer.timeout.connect(self.recheck)
        self.hide()

    def watch(self, ledger: Ledger, *, demo: bool = False,
              read_only: bool = False) -> Operation | None:
        """Check the ledger just opened (a demo or a read-only one: the bar stays hidden)."""
        self.forget()
        if demo or read_only:
            self.checked.emit(False)
            return None
        self._ledger = ledger
        return self.recheck()

    def forget(self) -> None:
        """The ledger closes or turned read-only: the bar goes, nothing is checked any more."""
        self._ledger = None
        self._holds_personal = True
        self._timer.stop()
        self._show(False)

    def recheck(self) -> Operation | None:
        """Read on the writer whether the reminder is due now (None: no ledger to check)."""
        ledger = self._ledger
        if ledger is None:
            return None
        now = self.clock()
        operation = Operation(lambda _state: key_reminder.check(ledger, now), self).start()
        operation.succeeded.connect(partial(self._checked, ledger))
        operation.failed.connect(lambda message, _details: log.warning(
            "cannot tell whether the recovery file was exported: %s", message))
        return operation

    def on_changes(self, changes: Changes) -> None:
        """Names or phones saved in a ledger that held none: check again (after the burst)."""
        if self._ledger is not None and not self._holds_personal \
                and changes.touches(PERSONAL):
            self._timer.start()

    def exported(self, _key_id: str = "") -> None:
        """The recovery file was exported: the bar goes (the ledger remembers the export)."""
        self._show(False)

    def _checked(self, ledger: Ledger, found: object) -> None:
        assert isinstance(found, key_reminder.Reminder)
        if ledger is not self._ledger:  # another ledger opened meanwhile
            return
        self._holds_personal = found.holds_personal
        self._show(found.due)
        self.checked.emit(self.due and not self._quiet)

    def set_quiet(self, quiet: bool) -> None:
        """Never shown while quiet (the screenshot tour pictures the pages without it)."""
        self._quiet = quiet
        self._show(self.due)

    def present(self) -> None:
        """Shown whatever the last check found (the tour's picture of it, on the demo)."""
        self._quiet = False
        self.setVisible(True)

    def _show(self, due: bool) -> None:
        self.due = due
        self.setVisible(due and not self._quiet)

    def _later(self) -> None:
        """以后再说: hidden now; the ledger remembers it for a week."""
        ledger = self._ledger
        self._show(False)
        if ledger is None:
            return
        now = self.clock()
        operation = run_write(lambda _state: key_reminder.snooze(ledger, now), self, bus=None)
        operation.succeeded.connect(self.snoozed)
        operation.failed.connect(lambda message, _details: log.warning(
            "以后再说 was not remembered: %s", message))
