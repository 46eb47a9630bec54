"""The 统筹 page: a district's or the city's 月通报·季排名·年考核 at a glance, as charts.

A page of its own beside 概览 rather than more sections of it: 概览 says what an area has now,
for every office; this page says how the area stands against the programme's plan for a period
(a quarter, a year), cut by legal district or managing zone, with the reports a work team prints
from it. A street sees here only what concerns it (its own streets' reporting); the choices of
period and cut stay out of the street clerk's 概览.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain import china_time
from app.domain.enums import Level
from app.store.areas import CITY
from ui import theme
from ui.pages.base import ChangeBus, Page
from ui.pages.programme_data import Choice, ProgrammeData, load, quarter_of, quarters
from ui.widgets.freshness_list import FreshnessList, FreshRow
from ui.widgets.heading import chip_label, section_label, title_label
from ui.widgets.loader import Loader

if TYPE_CHECKING:
    from app.domain.changes import Changes
    from app.store.db import Ledger

FIRST_DAY = dt.date(2024, 1, 1)
"""The programme's first quarter: the quarter and year choices start here."""


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(theme.MUTED_TEXT)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


class Section(QWidget):
    """A heading, what it shows, and a note under it; hidden where it does not apply."""

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = section_label(title)
        self.body = body
        self.note = _note()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.heading)
        column.addWidget(body)
        column.addWidget(self.note)

    def set_note(self, text: str) -> None:
        """The line under the chart ("" hides it)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))


class ProgrammePage(Page):
    """统筹: progress against the plan, late projects, targets per district, the quarter's
    ranking, the year's assessment, who has not reported, operators; and their reports."""

    programme_loaded = Signal()
    """The page shows the latest figures of the ledger for the present choices."""

    def __init__(self, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(bus, parent)
        self.title = self.tr("Programme")
        self.data: ProgrammeData | None = None
        self.now: Callable[[], dt.datetime] = china_time.utc_now
        """The clock the figures are read at (tests fix it)."""
        self._loader = Loader(self)
        self._build()
        self._loader.load_finished.connect(self._show)
        self._loader.load_failed.connect(self.status_message.emit)
        self._loader.busy_changed.connect(self.loading.setVisible)
        self._clear()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.area_name = title_label()
        self.area_level = chip_label()
        self.loading = QLabel(self.tr("Reading…"))
        self.loading.setStyleSheet(theme.MUTED_TEXT)
        self.loading.hide()
        top = QHBoxLayout()
        top.addWidget(self.area_name)
        top.addWidget(self.area_level, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.loading)

        self.by_combo = QComboBox()
        self.by_combo.addItem(self.tr("By managing zone"), "managing")
        self.by_combo.addItem(self.tr("By legal district"), "legal")
        self.by_combo.setToolTip(self.tr(
            "Count a street managed by a development zone under the zone, or under its legal "
            "district"))
        self.quarter_combo = QComboBox()
        self.quarter_combo.setToolTip(self.tr("The quarter the ranking is for"))
        self.year_combo = QComboBox()
        self.year_combo.setToolTip(self.tr("The year the assessment is for"))
        self._fill_periods()
        for combo in (self.by_combo, self.quarter_combo, self.year_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _n: self.refresh())
        choices = QHBoxLayout()
        choices.setSpacing(8)
        self.by_label = QLabel(self.tr("Districts:"))
        choices.addWidget(self.by_label)
        choices.addWidget(self.by_combo)
        choices.addSpacing(16)
        choices.addWidget(QLabel(self.tr("Quarter:")))
        choices.addWidget(self.quarter_combo)
        choices.addSpacing(16)
        choices.addWidget(QLabel(self.tr("Assessment year:")))
        choices.addWidget(self.year_combo)
        choices.addStretch(1)

        self.hint = _note(self.tr("Choose a street, a district or the whole city on the left: "
                                  "the programme's figures are counted by street."))
        self.hint.setStyleSheet(theme.WAITING_TEXT)

        self.freshness = FreshnessList()
        self.freshness.empty = self.tr("No street in this area.")
        self.freshness_section = Section(self.tr("Who has not reported"), self.freshness)

        content = QWidget()
        self.column = QVBoxLayout(content)
        self.column.setContentsMargins(16, 12, 16, 12)
        self.column.setSpacing(14)
        self.column.addLayout(top)
        self.column.addLayout(choices)
        self.column.addWidget(self.hint)
        self.column.addWidget(self.freshness_section)
        self.column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.scroll_area = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _fill_periods(self) -> None:
        """Quarters and years from the programme's start to today, the present ones chosen."""
        today = china_time.local(self.now()).date()
        for combo in (self.quarter_combo, self.year_combo):
            combo.blockSignals(True)
            combo.clear()
        for quarter in quarters(FIRST_DAY, today):
            in_year, number = quarter.split("Q")
            self.quarter_combo.addItem(self.tr("{year} Q{n}").format(year=in_year, n=number),
                                       quarter)
        for year in range(today.year, FIRST_DAY.year - 1, -1):
            self.year_combo.addItem(str(year), year)
        for combo in (self.quarter_combo, self.year_combo):
            combo.setCurrentIndex(0)
            combo.blockSignals(False)

    # --- choices ---------------------------------------------------------------------------

    def choice(self) -> Choice:
        """The area, cut, quarter and year chosen."""
        today = china_time.local(self.now()).date()
        return Choice(self.scope or CITY, self.by_combo.currentData() or "managing",
                      self.quarter_combo.currentData() or quarter_of(today),
                      int(self.year_combo.currentData() or today.year))

    def choose(self, *, by: str | None = None, quarter: str | None = None,
               year: int | None = None) -> None:
        """Set the cut, the quarter or the year as a user would (the page reads again)."""
        for combo, value in ((self.by_combo, by), (self.quarter_combo, quarter),
                             (self.year_combo, year)):
            if value is not None:
                index = combo.findData(value)
                if index < 0:
                    raise ValueError(value)
                combo.setCurrentIndex(index)

    # --- Page ------------------------------------------------------------------------------

    def set_ledger(self, ledger: Ledger | None) -> None:
        """The open ledger; reads still running for the old one are waited for first."""
        if ledger is None:
            self._loader.stop()
        else:
            self._fill_periods()  # the window may have been open since last quarter
        super().set_ledger(ledger)

    def refresh(self) -> None:
        """Read the area's figures again (in a worker)."""
        self._stale = False
        if self.ledger is None:
            self._loader.stop()
            self._clear()
            return
        self._loader.start(partial(load, self.ledger, self.choice(), self.now()))

    def _on_changed(self, changes: Changes, origin: object) -> None:
        """Any change of records or reference data can move a figure."""
        if changes.data:
            self.refresh_when_seen()

    # --- showing ---------------------------------------------------------------------------

    def _clear(self) -> None:
        self.data = None
        self.area_name.setText(self.tr("No ledger open") if self.ledger is None else "")
        self.area_level.hide()
        self.hint.hide()
        self.freshness.set_rows([], 30)
        self.freshness_section.hide()

    def _show(self, data: object) -> None:
        assert isinstance(data, ProgrammeData)
        self.data = data
        self.area_name.setText(data.name or self.tr("All areas"))
        self.area_level.setText(data.level.label)
        self.area_level.show()
        counted = data.level is not Level.COMMUNITY
        self.hint.setVisible(not counted)
        by_district = data.level in (Level.CITY, Level.DISTRICT, Level.ZONE)
        self.by_label.setEnabled(by_district)
        self.by_combo.setEnabled(by_district)
        self._show_freshness(data)
        self.programme_loaded.emit()

    def _show_freshness(self, data: ProgrammeData) -> None:
        fresh = data.freshness
        self.freshness_section.setVisible(fresh is not None)
        if fresh is None:
            return
        rows = [FreshRow(row.name, row.where or self.tr("{silent} of {streets} silent").format(
            silent=row.silent, streets=row.streets), row.days, row.flagged, row.last)
            for row in fresh.rows]
        self.freshness.set_rows(rows, fresh.limit)
        note = self.tr("{silent} of {streets} streets have sent nothing for {days} days or more "
                       "(or never); the most silent first.").format(
            silent=fresh.silent, streets=fresh.streets, days=fresh.limit)
        if data.level is Level.CITY:
            note += " " + self.tr("A district's last report is its newest street's.")
        if fresh.shown < fresh.areas:
            note += " " + self.tr("The list shows the first {n} of {areas}.").format(
                n=fresh.shown, areas=fresh.areas)
        self.freshness_section.set_note(note)
