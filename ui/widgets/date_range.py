"""A from–to date filter for a list: two date pickers that may stay open (不限), and 清除."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QToolButton, QWidget

from app.domain import china_time
from app.domain.validate import DATE_MAX, DATE_MIN

OPEN_DATE = QDate(DATE_MIN.year, DATE_MIN.month, DATE_MIN.day).addDays(-1)
"""The date shown as 不限 (the day before the first date a ledger may hold)."""

DELAY_MS = 300
"""A date typed digit by digit is applied once the typing pauses."""


class DateRangeFilter(QWidget):
    """From and to, both days included; either may be open. `range_changed` tells the choice."""

    range_changed = Signal()
    """The range was changed (and the typing has paused)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start = self._date_edit(self.tr("From this day on (empty: no limit)"))
        self.end = self._date_edit(self.tr("Up to this day (empty: no limit)"))
        self.label = QLabel(label)
        self.label.setBuddy(self.start)
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Show every date again"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.clear)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.range_changed)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.end)
        row.addWidget(self.clear_button)
        self._update()

    def _date_edit(self, tip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(OPEN_DATE)
        edit.setMaximumDate(QDate(DATE_MAX.year, DATE_MAX.month, DATE_MAX.day))
        edit.setSpecialValueText(self.tr("Any"))
        edit.setDate(OPEN_DATE)
        edit.setToolTip(tip)
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("0000-00-00") + 48)
        edit.dateChanged.connect(self._on_changed)
        edit.calendarWidget().installEventFilter(self)
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The calendar of an open end opens on this month, not on the 不限 marker's."""
        if event.type() == QEvent.Type.Show:
            for edit in (self.start, self.end):
                if watched is edit.calendarWidget() and edit.date() == OPEN_DATE:
                    today = china_time.today()
                    edit.calendarWidget().setCurrentPage(today.year, today.month)
        return super().eventFilter(watched, event)

    def _on_changed(self, *_args: object) -> None:
        self._update()
        self._timer.start()

    def _update(self) -> None:
        self.clear_button.setEnabled(self.bounds() != (None, None))

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        """(from, to), None for an open end."""
        return _day(self.start.date()), _day(self.end.date())

    def set_bounds(self, start: dt.date | None, end: dt.date | None) -> None:
        """Choose a range (None: open); range_changed follows after the pause."""
        for edit, day in ((self.start, start), (self.end, end)):
            edit.setDate(OPEN_DATE if day is None else QDate(day.year, day.month, day.day))

    def clear(self) -> None:
        """Both ends open: every date."""
        self.set_bounds(None, None)

    def apply_now(self) -> None:
        """Tell the pending change at once (Enter, or a test)."""
        if self._timer.isActive():
            self._timer.stop()
            self.range_changed.emit()


def _day(value: QDate) -> dt.date | None:
    if value == OPEN_DATE or not value.isValid():
        return None
    return dt.date(value.year(), value.month(), value.day())
