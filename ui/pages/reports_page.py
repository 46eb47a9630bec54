"""The 报表 page: the chosen area's ledgers exported to Excel or CSV, the import, PDF reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain import china_time
from app.domain.enums import Level
from app.errors import Cancelled
from app.io import layout
from app.services.areas import default_unit
from app.store.areas import CITY, Scope
from app.task import TaskState
from ui import theme
from ui.files import ask_save_path, open_with_system, remembered_folder
from ui.pages import period_choices
from ui.pages.base import ChangeBus, Page
from ui.pages.programme_data import ranked
from ui.printing import (
    ABOVE_STREETS,
    FOLDER_SETTING,
    PDF_ONLY,
    PROGRAMME_REPORTS,
    Printer,
    Report,
    ReportRequest,
    default_publicity,
)
from ui.tasks import Task
from ui.widgets import notice
from ui.widgets.elided_label import ElidedLabel
from ui.widgets.heading import chip_label, section_label, title_label
from ui.widgets.scrolling import fill_with_scrolling
from ui.widgets.task_progress import TaskProgress

if TYPE_CHECKING:
    from app.store.db import Ledger

BUTTON_WIDTH = 220
UNIT_WIDTH = 360


@dataclass(frozen=True)
class Exported:
    """Where an export went and how many records it holds."""

    path: Path
    rows: int
    template: bool = False


def _go_on(state: TaskState) -> None:
    if state.cancelled:  # cancelled before the first row: nothing is written
        raise Cancelled("")


def export_ledgers(ledger: Ledger, path: Path, scope: Scope, state: TaskState) -> Exported:
    """Every ledger of an area and the nine-functions matrix, as one workbook (in a worker)."""
    from app.services import exports  # openpyxl loads when a workbook is made, not at start

    _go_on(state)
    summary = exports.export_workbook(ledger, path, scope=scope, task=state)
    return Exported(path, summary.total)


def export_template(ledger: Ledger, path: Path, state: TaskState) -> Exported:
    """The blank workbook with every ledger's sheet and dropdowns (in a worker)."""
    from app.services import exports

    _go_on(state)
    exports.export_workbook(ledger, path, template=True)
    return Exported(path, 0, template=True)


def export_table(ledger: Ledger, entity: str, path: Path, scope: Scope,
                 state: TaskState) -> Exported:
    """One ledger of an area as a CSV file (in a worker)."""
    from app.services import exports

    _go_on(state)
    return Exported(path, exports.export_csv(ledger, entity, path, scope=scope))


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(theme.MUTED_TEXT)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def _hint(text: str) -> QLabel:
    label = _note(text)
    label.setStyleSheet(theme.WAITING_TEXT)  # no report for this area
    return label


def _box() -> tuple[QFrame, QGridLayout]:
    box = QFrame()
    box.setObjectName("reportBox")
    box.setStyleSheet(theme.box("reportBox"))
    grid = QGridLayout(box)
    grid.setContentsMargins(16, 12, 16, 12)
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(10)
    grid.setColumnStretch(1, 1)
    return box, grid


class ReportsPage(Page):
    """报表: export the ledgers of the chosen area (workbook, blank template, one as CSV); import;
    print its PDF reports (demand lists, community profile, monthly report).

    Each export asks where to save, runs in a worker with a progress dialog that can cancel it,
    then says where the file went, with a button to open its folder. A PDF report does the same
    through the page's Printer (ui.printing), and opens in the system's PDF viewer.
    """

    export_started = Signal(object)
    """An export is about to run in a worker; carries its Task (to follow or cancel it)."""

    export_finished = Signal(object)
    """An export was written; carries the Exported (its path and rows)."""

    export_failed = Signal(str)
    """An export failed or was cancelled; carries what the user was told."""

    def __init__(self, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(bus, parent)
        self.title = self.tr("Reports")
        self.task: Task | None = None
        """The export running, if any."""
        self.last_path: Path | None = None
        """The file the last export wrote."""
        self.tell: notice.Tell = notice.warn
        """Tells why an export failed (a message box; tests may replace it)."""
        self.open_folder = open_with_system
        """Opens a folder in the system's file manager (tests may replace it)."""
        self.printer = Printer(self)
        """Makes the PDF reports (its open_file may be replaced by tests)."""
        self.printer.tell = lambda parent, title, text: self.tell(parent, title, text)
        self._import_action: QAction | None = None
        self._build()
        self._update()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = title_label(self.tr("Reports"))
        self.scope_label = chip_label()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(8)
        top.addWidget(self.scope_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)

        self.export_all_button = self._button(self.tr("Export all ledgers (.xlsx)"),
                                              self.export_all)
        self.template_button = self._button(self.tr("Export a blank template (.xlsx)"),
                                            self.export_template)
        self.csv_button = self._button(self.tr("Export one ledger as CSV"), self.export_csv)
        self.ledger_combo = QComboBox()
        for spec in layout.ledger_specs():
            self.ledger_combo.addItem(spec.label, spec.plural)
        self.ledger_combo.setToolTip(self.tr("The ledger to export as CSV"))
        self.ledger_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        csv_row = QHBoxLayout()
        csv_row.setSpacing(12)
        csv_row.addWidget(self.ledger_combo, 0, Qt.AlignmentFlag.AlignTop)
        csv_row.addWidget(_note(self.tr(
            "The chosen ledger of the area as a CSV file (UTF-8), for other programs; Excel and "
            "WPS open it too.")), 1)

        self.feedback_line, self.feedback, self.open_folder_button = self._feedback_line(
            self.tr("Show the exported file in its folder"), self._open_folder)

        export_box, grid = _box()
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        grid.addWidget(self.export_all_button, 0, 0, left)
        grid.addWidget(_note(self.tr(
            "Every ledger of the area, one sheet each, and the nine-functions matrix as a summary "
            "sheet: to send upward, or to correct in Excel and import again.")), 0, 1)
        grid.addWidget(self.template_button, 1, 0, left)
        grid.addWidget(_note(self.tr(
            "The same sheets with no rows, with dropdowns for the choices: for communities to "
            "fill in and send back for import.")), 1, 1)
        grid.addWidget(self.csv_button, 2, 0, left)
        grid.addLayout(csv_row, 2, 1)

        self.import_button = self._button(self.tr("Import Excel/CSV…"), self._request_import)
        import_box, import_grid = _box()
        import_grid.addWidget(self.import_button, 0, 0, left)
        import_grid.addWidget(_note(self.tr(
            "The whole file is checked first and previewed: what would be added and changed, and "
            "every error with its row and column. Nothing is written before you confirm. You "
            "can also drop a file onto the window.")), 0, 1)

        self.pdf_box = self._build_pdf()
        self.programme_box = self._build_programme()

        buttons = (self.export_all_button, self.template_button, self.csv_button,
                   self.import_button, self.public_button, self.internal_button,
                   self.profile_button, self.monthly_button,
                   *self.programme_buttons.values())
        width = max(BUTTON_WIDTH, *(button.sizeHint().width() for button in buttons))
        for button in buttons:  # one column of equal buttons across the sections
            button.setFixedWidth(width)
        self.unit_label.setFixedWidth(width)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(10)
        column.addLayout(top)
        column.addSpacing(4)
        column.addWidget(section_label(self.tr("Export Excel")))
        column.addWidget(export_box)
        column.addSpacing(8)
        column.addWidget(section_label(self.tr("Import")))
        column.addWidget(import_box)
        column.addSpacing(8)
        self.pdf_heading = section_label(self.tr("PDF reports"))
        column.addWidget(self.pdf_heading)
        column.addWidget(self.pdf_box)
        column.addSpacing(8)
        column.addWidget(section_label(self.tr("Programme reports")))
        column.addWidget(self.programme_box)
        column.addStretch(1)
        self.scroll_area = fill_with_scrolling(self, content)
        self.results = self._results_bar()
        outer = self.layout()
        assert outer is not None
        outer.addWidget(self.results)

    def _build_pdf(self) -> QFrame:
        """The PDF reports of the area: one row each, the 制表单位 they share, how it went."""
        printer = self.printer
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        box, grid = _box()

        self.public_button = self._button(printer.title(Report.PUBLIC_LIST),
                                          self.print_public_list)
        self.publicity_check = QCheckBox(self.tr("State the publicity period"))
        self.publicity_check.setChecked(True)
        self.publicity_check.setToolTip(
            self.tr("Print the period the list is posted for under its title"))
        self.publicity_check.toggled.connect(lambda _on: self._update())
        self.publicity_from = self._date_edit(self.tr("The first day the list is posted"))
        self.publicity_to = self._date_edit(self.tr("The last day the list is posted"))
        start, end = default_publicity()
        self.publicity_from.setDate(_qdate(start))
        self.publicity_to.setDate(_qdate(end))
        period = QHBoxLayout()
        period.setSpacing(8)
        period.addWidget(self.publicity_check)
        period.addSpacing(4)
        period.addWidget(self.publicity_from)
        self.publicity_until = QLabel(self.tr("to"))
        period.addWidget(self.publicity_until)
        period.addWidget(self.publicity_to)
        period.addStretch(1)
        public = QVBoxLayout()
        public.setSpacing(6)
        public.addWidget(_note(self.tr(
            "The demands of the area, community by community and by function, without names or "
            "phone numbers: to post on the notice board for residents to see.")))
        public.addLayout(period)
        grid.addWidget(self.public_button, 0, 0, top)
        grid.addLayout(public, 0, 1)

        self.internal_button = self._button(printer.title(Report.INTERNAL_LIST),
                                            self.print_internal_list)
        grid.addWidget(self.internal_button, 1, 0, left)
        grid.addWidget(_note(self.tr(
            "The same list with who reported each demand and their phone, marked for internal "
            "use: for the office only.")), 1, 1)

        self.profile_button = self._button(printer.title(Report.PROFILE), self.print_profile)
        self.profile_hint = _hint(self.tr("Choose a community on the left"))
        profile = QVBoxLayout()
        profile.setSpacing(2)
        profile.addWidget(_note(self.tr(
            "One community on a page or two: its figures, the nine functions, spaces, "
            "projects, and what the guidelines ask of it.")))
        profile.addWidget(self.profile_hint)
        grid.addWidget(self.profile_button, 2, 0, top)
        grid.addLayout(profile, 2, 1)

        self.monthly_button = self._button(printer.title(Report.MONTHLY), self.print_monthly)
        self.month_edit = self._date_edit(self.tr("The month the report is about"))
        self.month_edit.setDisplayFormat(self.tr("MMMM yyyy"))
        today = _qdate(china_time.today())
        self.month_edit.setMaximumDate(today)
        self.month_edit.setDate(today.addMonths(-1))
        self.monthly_hint = _hint(self.tr("Choose a street, a district or the whole city on "
                                          "the left"))
        monthly_text = QVBoxLayout()
        monthly_text.setSpacing(2)
        monthly_text.addWidget(_note(self.tr(
            "A street's, a district's or the city's month: the nine functions against the 2030 "
            "targets, projects, demands, the areas below ranked.")))
        monthly_text.addWidget(self.monthly_hint)
        monthly = QHBoxLayout()
        monthly.setSpacing(12)
        monthly.addWidget(self.month_edit, 0, Qt.AlignmentFlag.AlignTop)
        monthly.addLayout(monthly_text, 1)
        grid.addWidget(self.monthly_button, 3, 0, top)
        grid.addLayout(monthly, 3, 1)

        self.unit_label = QLabel(self.tr("Issuing unit"))
        self.unit_edit = QLineEdit()
        self.unit_edit.setClearButtonEnabled(True)
        self.unit_edit.setFixedWidth(UNIT_WIDTH)
        self.unit_edit.setToolTip(
            self.tr("Printed on every report as who issued it; leave empty for the default"))
        unit = QHBoxLayout()
        unit.setSpacing(12)
        unit.addWidget(self.unit_edit)
        unit.addWidget(_note(self.tr("Empty: the area's own office, as shown.")), 1)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet(theme.RULE)
        grid.addWidget(rule, 4, 0, 1, 2)
        grid.addWidget(self.unit_label, 5, 0, left)
        grid.addLayout(unit, 5, 1)

        self.pdf_feedback_line, self.pdf_feedback, self.pdf_open_folder_button = (
            self._feedback_line(self.tr("Show the PDF file in its folder"),
                                self._open_pdf_folder))
        self.pdf_open_button = QPushButton(self.tr("Open"))
        self.pdf_open_button.setToolTip(self.tr("Open the PDF in the system's viewer"))
        self.pdf_open_button.clicked.connect(printer.open_last)
        self.pdf_print_button = QPushButton(self.tr("Print"))
        self.pdf_print_button.setToolTip(self.tr("Send the PDF to the default printer"))
        self.pdf_print_button.clicked.connect(printer.print_last)
        row = self.pdf_feedback_line.layout()
        assert isinstance(row, QHBoxLayout)
        for button in (self.pdf_open_button, self.pdf_print_button):  # before 打开文件夹
            button.hide()
            row.insertWidget(row.count() - 1, button)

        printer.status_message.connect(self._say_pdf)
        printer.printed.connect(self._on_printed)
        printer.failed.connect(self._on_print_failed)
        printer.ended.connect(self._update)
        return box

    def _build_programme(self) -> QFrame:
        """The 统筹 reports of a street, a district or the city, with their choices."""
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        box, grid = _box()
        self.programme_buttons: dict[Report, QPushButton] = {}
        texts = {
            Report.PROGRESS: self.tr(
                "Late projects first, pilots per year, street-unit pilots, city projects, each "
                "district's progress and its 2030 targets: PDF or Excel."),
            Report.RANKING: self.tr(
                "The quarter's ranking of the city's districts, or of a district's streets, each "
                "score's four parts beside it and the formula under it: PDF or Excel."),
            Report.ASSESSMENT: self.tr(
                "The year's assessment of each district: the points of every item, bonus and "
                "deduction, with the points table: PDF or Excel."),
            Report.OPERATORS: self.tr(
                "The year's evaluations by operator, function and facility, and the facilities "
                "to adjust: PDF or Excel."),
            Report.WALL_CHART: self.tr(
                "Every project of the area as a row against the months of its plan, late ones "
                "marked, one page per district, to hang on the wall: PDF on A3 or A4."),
        }
        for row, report in enumerate(PROGRAMME_REPORTS):
            button = self._button(self.printer.title(report),
                                  partial(self.print_programme, report))
            self.programme_buttons[report] = button
            grid.addWidget(button, row, 0, left)
            grid.addWidget(_note(texts[report]), row, 1)
        self.by_combo = period_choices.cut_combo()
        self.paper_combo = QComboBox()
        for paper in ("A3", "A4"):
            self.paper_combo.addItem(self.tr("{paper} landscape").format(paper=paper), paper)
        self.paper_combo.setToolTip(self.tr("The wall chart's paper"))
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("PDF"), ".pdf")
        self.format_combo.addItem(self.tr("Excel"), ".xlsx")
        self.format_combo.setToolTip(self.tr("The progress report as PDF or as an Excel workbook"))
        self.quarter_combo = period_choices.quarter_combo()
        self.year_combo = QComboBox()
        self.year_combo.setToolTip(self.tr("The year of the assessment and of the evaluations"))
        self._fill_periods()
        options = QHBoxLayout()
        options.setSpacing(8)
        for combo in (self.by_combo, self.quarter_combo, self.year_combo, self.paper_combo,
                      self.format_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            options.addWidget(combo)
        options.addStretch(1)
        self.programme_hint = _hint(self.tr("Choose a street, a district or the whole city on "
                                            "the left"))
        choices = QVBoxLayout()
        choices.setSpacing(2)
        choices.addLayout(options)
        choices.addWidget(self.programme_hint)
        self.programme_options = QLabel(self.tr("Options"))
        grid.addWidget(self.programme_options, len(PROGRAMME_REPORTS), 0, left)
        grid.addLayout(choices, len(PROGRAMME_REPORTS), 1)
        return box

    def _fill_periods(self) -> None:
        """Quarters and years from the programme's start to today, the present ones chosen."""
        period_choices.fill_periods(self.quarter_combo, self.year_combo, china_time.today())

    def print_programme(self, report: Report) -> Task | None:
        """One of the programme's reports of the area, with the choices; None if not started."""
        if self.ledger is None or self.task is not None or self.printer.busy:
            return None
        scope = self.scope or CITY
        if scope.level is Level.COMMUNITY or (report in ABOVE_STREETS
                                              and not ranked(scope.level)):
            return None
        suffix = ".pdf" if report in PDF_ONLY else str(self.format_combo.currentData())
        request = ReportRequest(report, scope, unit=self.unit(),
                                by=str(self.by_combo.currentData()),
                                paper=str(self.paper_combo.currentData()), suffix=suffix,
                                quarter=str(self.quarter_combo.currentData()),
                                year=int(self.year_combo.currentData()))
        task = self.printer.print_report(self.ledger, request)
        if task is not None:
            for button in (self.pdf_open_button, self.pdf_print_button,
                           self.pdf_open_folder_button):
                button.hide()
            self._update()
        return task

    def _results_bar(self) -> QFrame:
        """Under the page, outside its scrolling: how the export and the PDF report run and
        end, seen whatever part of the page is scrolled into view on a small screen."""
        bar = QFrame()
        bar.setObjectName("reportResults")
        bar.setStyleSheet(theme.box("reportResults"))
        column = QVBoxLayout(bar)
        column.setContentsMargins(16, 4, 16, 8)
        column.setSpacing(0)
        column.addWidget(self.feedback_line)
        column.addWidget(self.pdf_feedback_line)
        bar.hide()
        return bar

    def _show_results(self) -> None:
        self.results.setVisible(self.feedback_line.isVisibleTo(self.results)
                                or self.pdf_feedback_line.isVisibleTo(self.results))

    def _date_edit(self, tip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(self.tr("d MMM yyyy"))
        edit.setToolTip(tip)
        return edit

    def _feedback_line(self, tip: str, open_folder: Callable[[], object]
                       ) -> tuple[QWidget, ElidedLabel, QPushButton]:
        """How the last export or report went, with a button to open its folder (hidden); on one
        line, shortened in the middle when narrow (the whole text is its tooltip)."""
        label = ElidedLabel()
        button = QPushButton(self.tr("Open folder"))
        button.setToolTip(tip)
        button.clicked.connect(open_folder)
        button.hide()
        line = QWidget()
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(label, 1)
        row.addWidget(button)
        line.hide()
        return line, label, button

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def _request_import(self) -> None:
        """导入 Excel/CSV… on this page: the window's import action (set by use_import_action)."""
        if self._import_action is not None:
            self._import_action.trigger()

    def use_import_action(self, action: QAction) -> None:
        """The import button triggers the window's 导入… action and follows its enabled state."""
        self._import_action = action
        self.import_button.setEnabled(action.isEnabled())
        self.import_button.setToolTip(action.toolTip())
        action.enabledChanged.connect(self.import_button.setEnabled)

    # --- Page ------------------------------------------------------------------------------

    def set_ledger(self, ledger: Ledger | None) -> None:
        """The open ledger; an export still running for the old one is stopped first."""
        if ledger is not self.ledger:
            self.stop()
        self.ledger = ledger
        self._update()

    def set_scope(self, scope: Scope) -> None:
        """The area the exports cover."""
        self.scope = scope
        self._update()

    def refresh(self) -> None:
        """Nothing to read: the page shows the area and the buttons."""
        self._update()

    def area_name(self) -> str:
        """The chosen area in words: 解放门街道, or 全市 for the city."""
        scope = self.scope or CITY
        return scope.name if scope.level is not Level.CITY and scope.name else self.tr(
            "Whole city")

    def _update(self) -> None:
        scope = self.scope or CITY
        self.scope_label.setText(self.tr("Area: {area}").format(area=self.area_name()))
        ready = self.ledger is not None and self.task is None and not self.printer.busy
        for widget in (self.export_all_button, self.template_button, self.csv_button,
                       self.ledger_combo, self.public_button, self.internal_button,
                       self.publicity_check, self.unit_edit):
            widget.setEnabled(ready)
        for dated in (self.publicity_from, self.publicity_until, self.publicity_to):
            dated.setEnabled(ready and self.publicity_check.isChecked())
        community = scope.level is Level.COMMUNITY
        self.profile_button.setEnabled(ready and community)
        self.profile_hint.setVisible(not community)
        self.monthly_button.setEnabled(ready and not community)
        self.month_edit.setEnabled(ready and not community)
        self.monthly_hint.setVisible(community)
        programme: list[QWidget] = [self.by_combo, self.quarter_combo, self.year_combo,
                                    self.paper_combo, self.format_combo]
        for option in programme:
            option.setEnabled(ready and not community)
        for report, button in self.programme_buttons.items():
            button.setEnabled(ready and not community
                              and (report not in ABOVE_STREETS or ranked(scope.level)))
        self.programme_hint.setVisible(community)
        # the window may stay open for days
        self.month_edit.setMaximumDate(_qdate(china_time.today()))
        self.unit_edit.setPlaceholderText(default_unit(self.ledger, scope))
        if self._import_action is None:
            self.import_button.setEnabled(False)

    # --- exporting ---------------------------------------------------------------------

    def _today(self) -> str:
        return china_time.today().isoformat()

    def export_all(self) -> Task | None:
        """Ask where, then write every ledger of the area as a workbook; None if not started."""
        if self.ledger is None or self.task is not None:
            return None
        name, label = self.ledgers_export()
        path = self._ask(self.tr("Export all ledgers"), name, self.tr("Excel workbook (*.xlsx)"),
                         ".xlsx")
        if path is None:
            return None
        job = partial(export_ledgers, self.ledger, path, self.scope or CITY)
        return self._start(job, label)

    def ledgers_export(self) -> tuple[str, str]:
        """The file name offered for every ledger of the area, and what the page says while they
        are written."""
        name = self.tr("{area} ledger {date}.xlsx").format(area=self.area_name(),
                                                             date=self._today())
        return name, self.tr("Exporting the ledgers…")

    def export_template(self) -> Task | None:
        """Ask where, then write the blank template; None if not started."""
        if self.ledger is None or self.task is not None:
            return None
        path = self._ask(self.tr("Export a blank template"), self.tr("Ledger template.xlsx"),
                         self.tr("Excel workbook (*.xlsx)"), ".xlsx")
        if path is None:
            return None
        return self._start(partial(export_template, self.ledger, path),
                           self.tr("Writing the template…"))

    def export_csv(self) -> Task | None:
        """Ask where, then write the ledger chosen in the list as CSV; None if not started."""
        if self.ledger is None or self.task is not None:
            return None
        entity = str(self.ledger_combo.currentData())
        label = self.ledger_combo.currentText()
        name = self.tr("{area} {ledger} {date}.csv").format(
            area=self.area_name(), ledger=label, date=self._today())
        path = self._ask(self.tr("Export {ledger} as CSV").format(ledger=label), name,
                         self.tr("CSV file (*.csv)"), ".csv")
        if path is None:
            return None
        job = partial(export_table, self.ledger, entity, path, self.scope or CITY)
        return self._start(job, self.tr("Exporting {ledger}…").format(ledger=label))

    def _ask(self, title: str, name: str, filters: str, suffix: str) -> Path | None:
        suggested = remembered_folder(FOLDER_SETTING) / name
        return ask_save_path(self, title, suggested, filters, suffix, FOLDER_SETTING)

    def _start(self, job: Callable[[TaskState], object], label: str) -> Task:
        task = Task(job, self)
        task.succeeded.connect(self._on_exported)
        task.failed.connect(partial(self._on_failed, task))
        task.finished.connect(partial(self._on_done, task))
        TaskProgress(task, label, self.window())
        self.task = task
        self._update()
        self._say(label)
        self.open_folder_button.hide()
        self.export_started.emit(task)
        task.start()
        return task

    def _on_exported(self, exported: object) -> None:
        assert isinstance(exported, Exported)
        self.last_path = exported.path
        if exported.template:
            text = self.tr("Saved the blank template to {path}").format(path=exported.path)
        else:
            text = self.tr("Exported %n record(s) to {path}", "", exported.rows).format(
                path=exported.path)
        self._say(text)
        self.open_folder_button.show()
        self.status_message.emit(text)
        self.export_finished.emit(exported)

    def _on_failed(self, task: Task, message: str, _details: str) -> None:
        self.open_folder_button.hide()
        if task.state.cancelled:
            text = self.tr("Export cancelled: no file was written.")
            self._say(text)
            self.status_message.emit(text)
            self.export_failed.emit(text)
            return
        self._say(self.tr("Export failed: {message}").format(message=message))
        self.tell(self, self.tr("Export failed"), message)
        self.export_failed.emit(message)

    def _say(self, text: str) -> None:
        """The feedback line under the export buttons: what runs, or where the file went."""
        self.feedback.setText(text)
        self.feedback_line.setVisible(bool(text))
        self._show_results()

    def _on_done(self, task: Task) -> None:
        task.deleteLater()
        if task is self.task:
            self.task = None
        self._update()

    def _open_folder(self) -> None:
        if self.last_path is not None:
            self.open_folder(self.last_path.parent)

    def stop(self) -> None:
        """Cancel a running export or report and wait for it (before its ledger closes)."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
        self.printer.stop()

    # --- PDF reports -------------------------------------------------------------------

    def publicity(self) -> tuple[dt.date, dt.date] | None:
        """The 公示期 chosen for the public list; None when it is not to be printed."""
        if not self.publicity_check.isChecked():
            return None
        return (_day(self.publicity_from.date()), _day(self.publicity_to.date()))

    def month(self) -> str:
        """The month chosen for the monthly report, "YYYY-MM"."""
        return self.month_edit.date().toString("yyyy-MM")

    def unit(self) -> str | None:
        """The 制表单位 typed; None for the area's default."""
        return self.unit_edit.text().strip() or None

    def print_public_list(self) -> Task | None:
        """需求清单（公示版） of the area, with the 公示期 if asked; None if not started."""
        return self._print(Report.PUBLIC_LIST)

    def print_internal_list(self) -> Task | None:
        """需求清单（内部版） of the area; None if not started."""
        return self._print(Report.INTERNAL_LIST)

    def print_profile(self) -> Task | None:
        """社区概况 of the chosen community; None if not started (or not a community)."""
        return self._print(Report.PROFILE)

    def print_monthly(self) -> Task | None:
        """月通报 of the area for the chosen month; None if not started (or a community)."""
        return self._print(Report.MONTHLY)

    def _print(self, report: Report) -> Task | None:
        if self.ledger is None or self.task is not None or self.printer.busy:
            return None
        scope = self.scope or CITY
        community = scope.level is Level.COMMUNITY
        if (report is Report.PROFILE and not community) or (
                report is Report.MONTHLY and community):
            return None
        request = ReportRequest(
            report, scope,
            publicity=self.publicity() if report is Report.PUBLIC_LIST else None,
            month=self.month() if report is Report.MONTHLY else "",
            unit=self.unit(),
        )
        task = self.printer.print_report(self.ledger, request)
        if task is not None:
            for button in (self.pdf_open_button, self.pdf_print_button,
                           self.pdf_open_folder_button):
                button.hide()
            self._update()
        return task

    def focus_pdf(self) -> None:
        """Bring the PDF reports into view, the cursor on the first report that can be made."""
        self.scroll_area.ensureWidgetVisible(self.pdf_box, 0, 0)
        self.scroll_area.ensureWidgetVisible(self.pdf_heading, 0, 8)
        for button in (self.public_button, self.internal_button, self.profile_button,
                       self.monthly_button):
            if button.isEnabled():
                button.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    def _say_pdf(self, text: str) -> None:
        """The feedback line under the reports: what runs, or where the PDF went."""
        self.pdf_feedback.setText(text)
        self.pdf_feedback_line.setVisible(bool(text))
        self._show_results()

    def _on_printed(self, _printed: object) -> None:
        for button in (self.pdf_open_button, self.pdf_print_button,
                       self.pdf_open_folder_button):
            button.show()
        self.status_message.emit(self.pdf_feedback.text())

    def _on_print_failed(self, _message: str) -> None:
        for button in (self.pdf_open_button, self.pdf_print_button,
                       self.pdf_open_folder_button):
            button.hide()
        self.status_message.emit(self.pdf_feedback.text())

    def _open_pdf_folder(self) -> None:
        if self.printer.last is not None:
            self.open_folder(self.printer.last.path.parent)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())
