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
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import china_time, scoring
from app.domain.enums import Function, Level
from app.domain.programme import CITY_PROJECTS_DUE
from app.store.areas import CITY
from ui import theme
from ui.pages import period_choices
from ui.pages.base import ChangeBus, Page
from ui.pages.programme_data import (
    Choice,
    Freshness,
    OperatorsView,
    ProgrammeData,
    load,
    load_assessment,
    load_freshness,
    load_operators,
    load_ranking,
    quarter_of,
    ranked,
)
from ui.printing import (
    ABOVE_STREETS,
    PDF_ONLY,
    PROGRAMME_REPORTS,
    Printer,
    Report,
    ReportRequest,
)
from ui.tasks import Task
from ui.turns import Turns
from ui.widgets import notice
from ui.widgets.compliance_grid import Cell, ComplianceGrid, GridRow
from ui.widgets.freshness_list import FreshnessList, FreshRow
from ui.widgets.heading import chip_label, section_label, title_label
from ui.widgets.loader import Loader
from ui.widgets.plan_bars import PlanBars, PlanRow
from ui.widgets.ranking_bars import Part, RankedRow, RankingBars
from ui.widgets.stat_card import StatCard

if TYPE_CHECKING:
    from app.domain.changes import Changes
    from app.domain.coverage import FunctionCoverage
    from app.services.assessment import YearAssessment
    from app.services.compliance import AreaCompliance, Compliance
    from app.services.progress import Progress
    from app.services.ranking import QuarterRanking
    from app.store.db import Ledger

LATE_ROWS = 500
"""How many late projects the page lists at most (the most days late first; the progress report
has them all)."""
LATE_SEEN = 10
"""How many of them are seen without scrolling the list."""


def short_name(function: Function) -> str:
    """A function's common short form (养老, 托育 …), for a grid's narrow columns."""
    return function.aliases[0] if function.aliases else function.label


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
    """The page shows the latest figures of the ledger for the present choices (every read
    has ended)."""

    figures_loaded = Signal()
    """Progress, late projects, targets and reporting are shown (the ranking and the
    assessment, slower, may still be read)."""

    def __init__(self, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(bus, parent)
        self.title = self.tr("Programme")
        self.data: ProgrammeData | None = None
        self.now: Callable[[], dt.datetime] = china_time.utc_now
        """The clock the figures are read at (tests fix it)."""
        self._loader = Loader(self)
        self._ranking_loader = Loader(self)
        self._assessment_loader = Loader(self)
        self._operators_loader = Loader(self)
        self._turns = Turns()
        self._freshness_loader = Loader(self)
        self.freshness_data: Freshness | None = None
        self.operators_data: OperatorsView | None = None
        self.ranking_data: QuarterRanking | None = None
        self.assessment_data: YearAssessment | None = None
        self.printer = Printer(self)
        """Makes the programme's reports (tests replace its open_file)."""
        self.tell: notice.Tell = notice.warn
        """Tells why a report failed (tests may replace it)."""
        self.printer.tell = lambda parent, title, text: self.tell(parent, title, text)
        self._build()
        self._loader.load_finished.connect(self._show)
        self._ranking_loader.load_finished.connect(self._show_ranking)
        self._assessment_loader.load_finished.connect(self._show_assessment)
        self._operators_loader.load_finished.connect(self._show_operators)
        self._freshness_loader.load_finished.connect(self._show_freshness)
        for loader in self.loaders():
            loader.load_failed.connect(self.status_message.emit)
            loader.busy_changed.connect(self._busy_changed)
        self._clear()

    def loaders(self) -> list[Loader]:
        """The page's reads: the figures, the ranking, the assessment (each in a worker)."""
        return [self._loader, self._freshness_loader, self._ranking_loader,
                self._assessment_loader, self._operators_loader]

    @property
    def busy(self) -> bool:
        """A read of the page is still running."""
        return any(loader.busy for loader in self.loaders())

    def _busy_changed(self, _busy: bool) -> None:
        self.loading.setVisible(self.busy)
        if not self.busy and self.ledger is not None:
            self.programme_loaded.emit()

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

        self.by_combo = period_choices.cut_combo()
        self.quarter_combo = period_choices.quarter_combo()
        self.year_combo = QComboBox()
        self.year_combo.setToolTip(self.tr("The year the assessment is for"))
        self._fill_periods()
        for combo in (self.by_combo, self.quarter_combo, self.year_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # each choice reads again only what depends on it
        self.by_combo.currentIndexChanged.connect(lambda _n: self._read(figures=True))
        self.quarter_combo.currentIndexChanged.connect(lambda _n: self._read(ranking=True))
        self.year_combo.currentIndexChanged.connect(lambda _n: self._read(assessment=True,
                                                                          operators=True))
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

        self.print_buttons: dict[Report, QPushButton] = {}
        printing = QHBoxLayout()
        printing.setSpacing(8)
        printing.addWidget(QLabel(self.tr("Print:")))
        for report in PROGRAMME_REPORTS:
            button = QPushButton(self.printer.title(report))
            button.clicked.connect(partial(self.print_report, report))
            self.print_buttons[report] = button
            printing.addWidget(button)
        self.directory_button = QPushButton(self.tr("Programme directory…"))
        self.directory_button.setToolTip(self.tr(
            "The city's directory of national pilots and city projects, and its changes"))
        self.directory_button.clicked.connect(self.open_directory)
        printing.addWidget(self.directory_button)
        printing.addSpacing(16)
        self.paper_combo = QComboBox()
        for paper in ("A3", "A4"):
            self.paper_combo.addItem(self.tr("{paper} landscape").format(paper=paper), paper)
        self.paper_combo.setToolTip(self.tr("The wall chart's paper"))
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("PDF"), ".pdf")
        self.format_combo.addItem(self.tr("Excel"), ".xlsx")
        self.format_combo.setToolTip(self.tr(
            "PDF to print, or an Excel workbook of the same tables (the wall chart is PDF only)"))
        printing.addWidget(self.paper_combo)
        printing.addWidget(self.format_combo)
        self.print_feedback = QLabel()
        self.print_feedback.setStyleSheet(theme.MUTED_TEXT)
        printing.addWidget(self.print_feedback, 1)
        self.printer.status_message.connect(self.print_feedback.setText)
        self.printer.ended.connect(self._update_printing)

        self.hint = _note(self.tr("Choose a street, a district or the whole city on the left: "
                                  "the programme's figures are counted by street."))
        self.hint.setStyleSheet(theme.WAITING_TEXT)

        self.late = QTreeWidget()
        self.late.setRootIsDecorated(False)
        self.late.setUniformRowHeights(True)
        self.late.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.late.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.late.setHeaderLabels([self.tr("Days late"), self.tr("Project"), self.tr("Tier"),
                                   self.tr("Where"), self.tr("Milestone"), self.tr("Due")])
        self.late.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.late.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.late.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.late.header()
        header.setStretchLastSection(False)
        for column in range(6):  # the name and the place share what the others leave
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column in (1, 3)
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.late_section = Section(self.tr("Late projects"), self.late)

        self.plan = PlanBars()
        self.plan.empty = self.tr("No project of the programme in this area.")
        self.plan_section = Section(self.tr("Progress against the plan"), self.plan)

        self.grid = ComplianceGrid()
        self.grid.empty = self.tr("No community is counted in this area.")
        self.grid_section = Section(self.tr("2030 targets by district"), self.grid)

        self.ranking = RankingBars()
        self.ranking.empty = self.tr("No district or street to rank in this area.")
        self.ranking_section = Section(self.tr("Quarterly ranking"), self.ranking)

        self.assessment = QTreeWidget()
        self.assessment.setRootIsDecorated(False)
        self.assessment.setUniformRowHeights(True)
        self.assessment.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.assessment.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.assessment.setHeaderLabels([
            self.tr("District"), *(label for _key, label in scoring.ITEMS),
            self.tr("Bonus"), self.tr("Deduction"), self.tr("Total")])
        self.assessment.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.assessment.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.assessment_section = Section(self.tr("Annual assessment"), self.assessment)

        self.qualified_card = StatCard(self.tr("Qualified operators"))
        self.adjust_card = StatCard(self.tr("Facilities to adjust"))
        self.qualified_names = _note()
        cards = QWidget()
        grid = QGridLayout(cards)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.addWidget(self.qualified_card, 0, 0)
        grid.addWidget(self.adjust_card, 0, 1)
        grid.addWidget(self.qualified_names, 1, 0, 1, 2)
        self.operators_section = Section(self.tr("Operators"), cards)

        self.freshness = FreshnessList()
        self.freshness.empty = self.tr("No street in this area.")
        self.freshness_section = Section(self.tr("Who has not reported"), self.freshness)

        content = QWidget()
        self.column = QVBoxLayout(content)
        self.column.setContentsMargins(16, 12, 16, 12)
        self.column.setSpacing(14)
        self.column.addLayout(top)
        self.column.addLayout(choices)
        self.column.addLayout(printing)
        self.column.addWidget(self.hint)
        for section in self.sections():
            self.column.addWidget(section)
        self.column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.scroll_area = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def sections(self) -> list[Section]:
        """The page's sections, top to bottom."""
        return [self.late_section, self.plan_section, self.grid_section, self.ranking_section,
                self.assessment_section, self.freshness_section, self.operators_section]

    def scroll_to(self, section: Section) -> None:
        """Scroll the page so that a section starts at its top."""
        self.scroll_area.verticalScrollBar().setValue(max(0, section.y() - 8))

    def _fill_periods(self) -> None:
        """Quarters and years from the programme's start to today, the present ones chosen."""
        period_choices.fill_periods(self.quarter_combo, self.year_combo,
                                    china_time.local(self.now()).date())

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

    # --- printing ---------------------------------------------------------------------------

    def request(self, report: Report) -> ReportRequest:
        """A report of the chosen area with the page's choices."""
        choice = self.choice()
        suffix = ".pdf" if report in PDF_ONLY else str(self.format_combo.currentData())
        return ReportRequest(report, choice.scope, by=choice.by,
                             paper=str(self.paper_combo.currentData()), suffix=suffix,
                             quarter=choice.quarter, year=choice.year)

    def print_report(self, report: Report) -> Task | None:
        """Ask where, then make one of the programme's reports; None if not started."""
        scope = self.scope or CITY
        if self.ledger is None or self.printer.busy or scope.level is Level.COMMUNITY:
            return None
        if report in ABOVE_STREETS and not ranked(scope.level):
            return None
        task = self.printer.print_report(self.ledger, self.request(report))
        self._update_printing()
        return task

    def open_directory(self) -> QDialog | None:
        """项目名录: the directory on a day (the city changes it there); None without a ledger."""
        from ui.dialogs.programme_dialog import ProgrammeDialog

        if self.ledger is None:
            return None
        dialog = ProgrammeDialog(self.ledger, self.bus, china_time.local(self.now()).date(),
                                 self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.refresh_when_seen)  # a settings change: not on the bus
        dialog.open()
        return dialog

    def _update_printing(self) -> None:
        scope = self.scope or CITY
        ready = (self.ledger is not None and not self.printer.busy
                 and scope.level is not Level.COMMUNITY)
        for report, button in self.print_buttons.items():
            button.setEnabled(ready and (report not in ABOVE_STREETS or ranked(scope.level)))
        self.directory_button.setEnabled(self.ledger is not None)

    # --- Page ------------------------------------------------------------------------------

    def set_ledger(self, ledger: Ledger | None) -> None:
        """The open ledger; reads still running for the old one are waited for first."""
        if ledger is not self.ledger:
            self.printer.stop()
        if ledger is None:
            for loader in self.loaders():
                loader.stop()
        else:
            self._fill_periods()  # the window may have been open since last quarter
        super().set_ledger(ledger)

    def refresh(self) -> None:
        """Read the area's figures again (in a worker)."""
        self._stale = False
        self._update_printing()
        if self.ledger is None:
            for loader in self.loaders():
                loader.stop()
            self._clear()
            return
        self._read(figures=True, ranking=True, assessment=True, operators=True)

    def _read(self, *, figures: bool = False, ranking: bool = False,
              assessment: bool = False, operators: bool = False) -> None:
        """Start the reads asked for, with the present choices."""
        if self.ledger is None:
            return
        choice, now = self.choice(), self.now()
        turn = self._turns.queued  # one read at a time, in this order
        if figures:
            self._loader.start(turn(partial(load, self.ledger, choice, now)))
            self._freshness_loader.start(turn(partial(load_freshness, self.ledger, choice, now)))
        if operators:
            self._operators_loader.start(turn(partial(load_operators, self.ledger, choice, now)))
        shown = ranked(choice.scope.level)
        for wanted, loader, job, section in (
                (ranking, self._ranking_loader, load_ranking, self.ranking_section),
                (assessment, self._assessment_loader, load_assessment,
                 self.assessment_section)):
            if wanted:
                section.setVisible(shown)
                if shown:
                    section.set_note(self.tr("Counting… (this replays the history of the "
                                             "period and takes a while at city scale)"))
                loader.start(turn(partial(job, self.ledger, choice, now)))

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
        self.late.clear()
        self.plan.set_rows([])
        self.grid.set_grid([], [])
        self.freshness.set_rows([], 30)
        self.ranking.set_ranking([], [])
        self.assessment.clear()
        self.ranking_data = self.assessment_data = self.operators_data = None
        self.freshness_data = None
        for section in self.sections():
            section.hide()

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
        self._show_late(data.progress)
        self._show_plan(data.progress)
        self._show_grid(data.compliance)
        self.figures_loaded.emit()

    def _show_late(self, found: Progress | None) -> None:
        """The projects late against their plan, the most days late first."""
        self.late.clear()
        self.late_section.setVisible(found is not None)
        if found is None:
            return
        self.late_section.heading.setText(
            self.tr("Late projects: %n", "", len(found.late)))
        for project in found.late[:LATE_ROWS]:
            worst = project.worst
            assert worst is not None
            place = project.place
            where = " / ".join(p for p in (place.area.name, place.street, place.community) if p)
            item = QTreeWidgetItem([
                self.tr("%n day(s)", "", worst.days_late), project.name, project.tier.label,
                where, worst.label, worst.due.isoformat()])
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setForeground(0, QColor(theme.ERROR))
            item.setToolTip(1, project.name)
            item.setToolTip(3, where)
            if not project.recorded:
                item.setToolTip(1, self.tr("{name}: listed in the directory, not yet recorded "
                                           "by the street: counted as not started").format(
                    name=project.name))
            self.late.addTopLevelItem(item)
        shown = min(len(found.late), LATE_ROWS)
        self.late.setVisible(shown > 0)
        rows = sum(self.late.sizeHintForRow(n) for n in range(min(shown, LATE_SEEN)))
        self.late.setFixedHeight(self.late.header().sizeHint().height() + rows
                                 + 2 * self.late.frameWidth())
        if not found.late:
            note = self.tr("No project is late against its plan on {day}.").format(
                day=found.day.isoformat())
        elif len(found.late) > shown:
            note = self.tr("The first {n}; the progress report lists all {all}.").format(
                n=shown, all=len(found.late))
        elif shown > LATE_SEEN:
            note = self.tr("Scroll the list for all {all}; the progress report prints them.")
            note = note.format(all=shown)
        else:
            note = ""
        self.late_section.set_note(note)

    def _show_plan(self, found: Progress | None) -> None:
        """Pilots per batch year, street-unit pilots and city projects against the plan."""
        self.plan_section.setVisible(found is not None)
        if found is None:
            return
        total = found.total
        rows = []
        for year in total.pilots:
            if year.target is None and not (year.planned or year.done):
                continue  # no pilot of that batch here, no plan to compare with
            planned = year.target if year.target is not None else year.planned
            note = "" if year.target is None else self.tr("{n} listed").format(n=year.planned)
            rows.append(PlanRow(self.tr("{year} pilot communities").format(year=year.year),
                                year.done, planned, note))
        if total.street_units:
            late = total.street_units_late
            rows.append(PlanRow(
                self.tr("Street-unit pilots on schedule"), total.street_units - late,
                total.street_units, self.tr("%n late", "", late) if late else "", late > 0))
        city = total.city
        if city.listed or city.target:
            planned = city.target if city.target is not None else city.listed
            note = self.tr("due {day}").format(day=city.due.isoformat())
            if city.late:
                note = self.tr("{note}, %n late", "", city.late).format(note=note)
            rows.append(PlanRow(self.tr("City projects ready"), city.ready, planned, note,
                                city.late > 0))
        self.plan.set_rows(rows)
        days = (CITY_PROJECTS_DUE - found.day).days
        self.plan_section.set_note(" ".join(filter(None, (
            self.tr("A pilot community counts once it operates; a city project once it passed "
                    "joint acceptance. The dark mark is the plan."),
            found.source.text.rstrip("。") + "。",
            self.tr("%n day(s) left to the city projects' due date.", "", days)
            if days >= 0 else ""))))

    def _show_grid(self, compliance: Compliance | None) -> None:
        """Each district (or zone) against the nine 2030 targets."""
        self.grid_section.setVisible(compliance is not None)
        if compliance is None:
            return
        counted = [r for r in compliance.rows if r.counted]
        rows = [self._grid_row(r.name, r) for r in counted]
        if len(rows) > 1:
            rows.append(self._grid_row(self.tr("Whole area"), compliance.total))
        self.grid.set_grid([short_name(f) for f in Function.nine()], rows)
        note = self.tr("Green: the target is met (the rate is shown); amber: how many more "
                       "communities it takes. Not-yet-resettled communities are not counted.")
        empty = [r.name for r in compliance.rows if not r.counted]
        if empty:
            note += " " + self.tr("No community counted yet in: {areas}.").format(
                areas="、".join(empty))
        self.grid_section.set_note(note)

    def _show_ranking(self, result: object) -> None:
        """The quarter's ranking, its parts stacked, the formula under it."""
        ranking = self.ranking_data = cast("QuarterRanking | None", result)  # load_ranking's
        self.ranking_section.setVisible(ranking is not None)
        if ranking is None:
            return
        weights = ranking.rules.weights
        parts = [Part(label, weights[key], colour)
                 for (key, label), colour in zip(scoring.PARTS, theme.RANKING_PARTS, strict=True)]
        rows = [RankedRow(r.rank, r.facts.name,
                          tuple(float(r.parts[key]) for key, _label in scoring.PARTS),
                          tuple(scoring.printed(r.parts[key]) for key, _label in scoring.PARTS),
                          scoring.printed(r.total), r.facts.key in ranking.never_reported)
                for r in ranking.ranked]
        self.ranking.set_ranking(parts, rows)
        self.ranking_section.heading.setText(self.tr("Quarterly ranking: {period}").format(
            period=ranking.period.title))
        lines = list(scoring.ranking_rules(ranking.rules))
        if ranking.never_reported:
            lines.append(self.tr("Names in amber: no street of theirs has reported yet."))
        if ranking.elsewhere:
            lines.append(self.tr("Ranked under the zone that manages them: {streets}").format(
                streets="、".join(ranking.elsewhere)))
        self.ranking_section.set_note("\n".join(lines))

    def _show_assessment(self, result: object) -> None:
        """Each district's points per item, bonus, deduction and total, highest first."""
        assessed = self.assessment_data = cast("YearAssessment | None", result)
        self.assessment.clear()
        self.assessment_section.setVisible(assessed is not None)
        if assessed is None:
            return
        self.assessment_section.heading.setText(self.tr("Annual assessment: {period}").format(
            period=assessed.period.title))
        for one in assessed.units:
            result = one.result
            by_item = {item.facts.key: item for item in result.items}
            cells = [scoring.printed(by_item[key].base) if key in by_item else "—"
                     for key, _label in scoring.ITEMS]
            item = QTreeWidgetItem([
                one.unit.name, *cells, f"+{result.bonus}" if result.bonus else "0",
                f"−{result.deduction}" if result.deduction else "0",
                scoring.printed(result.total)])
            for column in range(1, item.columnCount()):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            font = item.font(item.columnCount() - 1)
            font.setBold(True)
            item.setFont(item.columnCount() - 1, font)
            if one.never_reported:
                item.setForeground(0, QColor(theme.WAITING))
                item.setToolTip(0, self.tr("No street of theirs has reported yet: no base "
                                           "points and no bonus"))
            self.assessment.addTopLevelItem(item)
        count = len(assessed.units)
        self.assessment.setVisible(count > 0)
        rows = sum(self.assessment.sizeHintForRow(n) for n in range(count))
        self.assessment.setFixedHeight(self.assessment.header().sizeHint().height() + rows
                                       + 2 * self.assessment.frameWidth())
        lines = [scoring.points_note(assessed.rules)]
        if any(one.never_reported for one in assessed.units):
            lines.append(self.tr("Names in amber: no street of theirs has reported yet."))
        self.assessment_section.set_note("\n".join(lines))

    def _show_operators(self, found: object) -> None:
        """The qualified list in force and the facilities whose use suggests a change."""
        assert found is None or isinstance(found, OperatorsView)
        self.operators_data = found
        self.operators_section.setVisible(found is not None)
        if found is None:
            return
        if found.version is None:
            detail = self.tr("not yet published: as the evaluations stand")
        else:
            detail = self.tr("version {version} of {day}").format(version=found.version,
                                                                  day=found.on.isoformat())
        self.qualified_card.set_value(
            self.tr("{qualified} of {listed}").format(qualified=len(found.qualified),
                                                      listed=found.listed), detail)
        kinds = "，".join(f"{kind} {n}" for kind, n in found.adjustments.items())
        self.adjust_card.set_value(
            sum(found.adjustments.values()),
            self.tr("{low} little used; {kinds} ({period})").format(
                low=found.low_use, kinds=kinds or "—", period=found.period))
        names = "、".join(found.qualified[:12])
        if len(found.qualified) > 12:
            names += self.tr(" and %n more", "", len(found.qualified) - 12)
        self.qualified_names.setText(names)
        self.operators_section.set_note(self.tr(
            "The list is the city's, for all areas; the facilities are this area's, from {n} "
            "evaluations of the year.").format(n=found.evaluations))

    def _grid_row(self, name: str, row: AreaCompliance) -> GridRow:
        cells = tuple(self._cell(name, c) for c in row.functions)
        summary = (self.tr("met {n}/9").format(n=len(row.met)) if row.counted else "—")
        return GridRow(name, cells, summary)

    def _cell(self, name: str, found: FunctionCoverage) -> Cell:
        tip = self.tr("{area} · {function}: {rate} of {counted}, target {target}; {verdict}")
        tip = tip.format(area=name, function=found.function.label, rate=found.rate_text,
                         counted=found.total, target=found.target_text,
                         verdict=found.verdict_text)
        if not found.total:
            return Cell(None, "—", tip)
        if found.met:
            return Cell(True, found.rate_text, tip)
        return Cell(False, self.tr("short {n}").format(n=found.missing), tip)

    def _show_freshness(self, result: object) -> None:
        """The areas by days since their last report, flagged ones in the warning colour."""
        fresh = cast("Freshness | None", result)  # load_freshness's
        self.freshness_data = fresh
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
        if (self.scope or CITY).level is Level.CITY:
            note += " " + self.tr("A district's last report is its newest street's.")
        if fresh.shown < fresh.areas:
            note += " " + self.tr("The list shows the first {n} of {areas}.").format(
                n=fresh.shown, areas=fresh.areas)
        self.freshness_section.set_note(note)
