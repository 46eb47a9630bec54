"""The programme's choices that 统筹 and 报表 both offer: how a district counts the streets a
development zone manages, the quarter of a ranking, the year of an assessment."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from ui.pages.programme_data import PROGRAMME_START, quarters


def cut_combo() -> QComboBox:
    """管理关系 or 行政区划: the data is "managing" or "legal"."""
    combo = QComboBox()
    combo.addItem(QCoreApplication.translate("period_choices", "By managing zone"), "managing")
    combo.addItem(QCoreApplication.translate("period_choices", "By legal district"), "legal")
    combo.setToolTip(QCoreApplication.translate(
        "period_choices", "Count a street managed by a development zone under the zone, or under "
        "its legal district"))
    return combo


def quarter_combo() -> QComboBox:
    """The quarter of a ranking (filled by fill_periods)."""
    combo = QComboBox()
    combo.setToolTip(QCoreApplication.translate("period_choices",
                                                "The quarter the ranking is for"))
    return combo


def fill_periods(quarters_combo: QComboBox, years_combo: QComboBox, today: dt.date) -> None:
    """Quarters and years from the programme's start to today, the present ones chosen, without
    telling anyone that the choice changed meanwhile."""
    for combo in (quarters_combo, years_combo):
        combo.blockSignals(True)
        combo.clear()
    for quarter in quarters(PROGRAMME_START, today):
        in_year, number = quarter.split("Q")
        text = QCoreApplication.translate("period_choices", "{year} Q{n}")
        quarters_combo.addItem(text.format(year=in_year, n=number), quarter)
    for year in range(today.year, PROGRAMME_START.year - 1, -1):
        years_combo.addItem(str(year), year)
    for combo in (quarters_combo, years_combo):
        combo.setCurrentIndex(0)
        combo.blockSignals(False)
