"""PDF reports from anywhere in the window: ask where, generate off the UI thread, then open;
opened again or printed with one click."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain import china_time
from app.domain.enums import Level
from app.errors import Cancelled
from app.services import records
from app.store.areas import Scope
from app.task import TaskState
from ui.files import ask_save_path, open_with_system, remembered_folder
from ui.print_file import Launcher, PrintOutcome, print_pdf
from ui.tasks import Task
from ui.widgets import notice
from ui.widgets.task_progress import TaskProgress

if TYPE_CHECKING:
    from app.services.cuts import By
    from app.store.db import Ledger

FOLDER_SETTING = "reports/folder"
"""The QSettings key of the folder the last export or report went to."""
PUBLICITY_DAYS = 7
"""A public demand list is posted for a week unless the user says otherwise."""


class Report(enum.Enum):
    """The PDF reports there are."""

    PUBLIC_LIST = "public_list"
    """需求清单（公示版）: the demands of an area, masked, to post."""
    INTERNAL_LIST = "internal_list"
    """需求清单（内部版）: the same with the reporters, for the office."""
    PROFILE = "profile"
    """社区概况: one community on a few pages."""
    MONTHLY = "monthly"
    """月通报: a street's, district's or the city's month."""
    PROGRESS = "progress"
    """建设进度: late projects, pilots per year, city projects, targets per district."""
    WALL_CHART = "wall_chart"
    """挂图作战图: every project against its plan, A3 or A4 landscape (PDF only)."""
    RANKING = "ranking"
    """季度排名: the city's districts, or a district's streets, for a quarter."""
    ASSESSMENT = "assessment"
    """年度考核: each district's points for a year."""
    OPERATORS = "operators"
    """运营评估: evaluations by operator, function and facility; facilities to adjust."""

    @property
    def programme(self) -> bool:
        """A report of the 统筹 page: for a street, a district or the city, cut by district."""
        return self in PROGRAMME_REPORTS


PROGRAMME_REPORTS = (Report.PROGRESS, Report.RANKING, Report.ASSESSMENT, Report.OPERATORS,
                     Report.WALL_CHART)
"""The programme's reports, in the order their buttons come."""
PDF_ONLY = (Report.WALL_CHART,)
"""Reports drawn for paper only (a workbook is refused)."""
ABOVE_STREETS = (Report.RANKING, Report.ASSESSMENT)
"""Reports of the city, a district or a zone only (a street is ranked and assessed above it)."""


@dataclass(frozen=True)
class ReportRequest:
    """One report to make: which, of what area, and its options."""

    report: Report
    scope: Scope
    publicity: tuple[dt.date, dt.date] | None = None
    """The public list's 公示期 (first and last day), printed on it; None: not printed."""
    month: str = ""
    """The monthly report's month, "YYYY-MM"."""
    unit: str | None = None
    """制表单位; None: the area's default (reports.issuing_unit)."""
    by: str = "managing"
    """The district cut of a programme report: "managing" or "legal"."""
    paper: str = "A3"
    """The wall chart's paper: "A3" or "A4" (landscape)."""
    suffix: str = ".pdf"
    """".pdf", or ".xlsx" for a programme report that has a workbook."""
    quarter: str = ""
    """The ranking's quarter, "2026Q4"."""
    year: int = 0
    """The assessment's and the operators' evaluation year."""


@dataclass(frozen=True)
class Printed:
    """A report written: what was asked, where it went, its pages and items."""

    request: ReportRequest
    path: Path
    pages: int
    items: int


def default_publicity(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The 公示期 offered first: from today, for a week."""
    start = today or china_time.today()
    return start, start + dt.timedelta(days=PUBLICITY_DAYS)


def community_scope(ledger: Ledger, community_id: str) -> Scope:
    """The area of one community record (for a report on it)."""
    community = records.get(ledger, "communities", community_id, include_deleted=True)
    return Scope(Level.COMMUNITY, community_id, community["name"], community.get("code"))


def generate(ledger: Ledger, request: ReportRequest, path: Path, state: TaskState) -> Printed:
    """Write one report as PDF (in a worker); a cancel discards it, deleting the file.

    The report functions take no cancel callback (they take seconds at most): a cancel is
    looked at before and after.
    """
    from app.services import reports  # reportlab loads when a report is made, not at start

    if state.cancelled:
        raise Cancelled("")
    scope: Scope | None = None if request.scope.level is Level.CITY else request.scope
    report = request.report
    if report.programme:
        result = _programme_report(ledger, request, scope, path)
    elif report is Report.PROFILE:
        result = reports.community_profile(ledger, request.scope, path, unit=request.unit)
    elif report is Report.MONTHLY:
        result = reports.monthly_report(ledger, scope, request.month, path, unit=request.unit)
    else:
        result = reports.demand_list(
            ledger, scope, path, internal=report is Report.INTERNAL_LIST,
            publicity=request.publicity if report is Report.PUBLIC_LIST else None,
            unit=request.unit,
        )
    if state.cancelled:  # too late to stop it: the file goes, as if never written
        path.unlink(missing_ok=True)
        raise Cancelled("")
    return Printed(request, result.path, result.pages, result.items)


def _programme_report(ledger: Ledger, request: ReportRequest, scope: Scope | None,
                      path: Path) -> Any:
    """One of the 统筹 page's reports (the services load reportlab and openpyxl when called)."""
    by: By = "legal" if request.by == "legal" else "managing"
    report, unit = request.report, request.unit
    if report is Report.WALL_CHART:
        from app.services.wall_chart import wall_chart

        return wall_chart(ledger, scope, path, paper=request.paper, by=by, unit=unit)
    if report is Report.RANKING:
        from app.services.ranking import ranking_report

        return ranking_report(ledger, scope, request.quarter, path, unit=unit)
    if report is Report.ASSESSMENT:
        from app.services.assessment import assessment_report

        return assessment_report(ledger, scope, str(request.year), path, unit=unit)
    if report is Report.OPERATORS:
        from app.services.operator_reports import operators_report

        return operators_report(ledger, scope, path, year=request.year or None, unit=unit)
    from app.services.progress_report import progress_report

    return progress_report(ledger, scope, path, by=by, unit=request.unit)


class Printer(QObject):
    """Makes PDF reports for a widget: asks where to save, generates in a worker, opens the PDF.

    One report at a time. The progress dialog's 取消 discards the report. The 报表 page and the
    lists' context menus each hold one; what they do differs only in where they say how it went.
    """

    started = Signal(object)
    """A report is being generated in a worker; carries its Task (to follow or cancel it)."""

    printed = Signal(object)
    """A report was written (and handed to the PDF viewer); carries the Printed."""

    failed = Signal(str)
    """A report failed or was cancelled; carries what the user was told."""

    ended = Signal()
    """The worker is done, however it went: another report can start."""

    status_message = Signal(str)
    """What is happening or how it went, for a feedback line or the status bar."""

    print_finished = Signal(object)
    """Sending the last report to the printer ended; carries the PrintOutcome."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._widget = parent
        self.task: Task | None = None
        """The report being generated, if any."""
        self.last: Printed | None = None
        """The last report written."""
        self.open_file: Callable[[Path], bool] = open_with_system
        """Opens a written PDF in the system's viewer (tests may replace it)."""
        self.tell: notice.Tell = notice.warn
        """Tells why a report failed (a message box; tests may replace it)."""
        self.launcher = Launcher()
        """The platform's ways to print (tests replace it: nothing is printed then)."""
        self.sending: Task | None = None
        """The last report being sent to the printer, if any."""

    @property
    def busy(self) -> bool:
        """A report is being generated."""
        return self.task is not None

    # --- names -------------------------------------------------------------------------

    def title(self, report: Report) -> str:
        """The report's name, as on its button and in its file name."""
        if report is Report.PUBLIC_LIST:
            return self.tr("Demand list (public)")
        if report is Report.INTERNAL_LIST:
            return self.tr("Demand list (internal)")
        if report is Report.PROFILE:
            return self.tr("Community profile")
        if report is Report.PROGRESS:
            return self.tr("Progress report")
        if report is Report.WALL_CHART:
            return self.tr("Wall chart")
        if report is Report.RANKING:
            return self.tr("Quarterly ranking")
        if report is Report.ASSESSMENT:
            return self.tr("Annual assessment")
        if report is Report.OPERATORS:
            return self.tr("Operators' evaluation")
        return self.tr("Monthly report")

    def area_name(self, scope: Scope) -> str:
        """The area in words: 东七路社区, or 全市 for the city."""
        if scope.level is Level.CITY or not scope.name:
            return self.tr("Whole city")
        return scope.name

    def file_name(self, request: ReportRequest, today: dt.date | None = None) -> str:
        """The name offered in the save dialog: 东七路社区需求清单（公示版）_2026-11-26.pdf."""
        area = self.area_name(request.scope)
        date = (today or china_time.today()).isoformat()
        report = request.report
        if report is Report.PUBLIC_LIST:
            return self.tr("{area} demand list (public) {date}.pdf").format(area=area, date=date)
        if report is Report.INTERNAL_LIST:
            return self.tr("{area} demand list (internal) {date}.pdf").format(area=area,
                                                                               date=date)
        if report is Report.PROFILE:
            return self.tr("{area} profile {date}.pdf").format(area=area, date=date)
        if report is Report.PROGRESS:
            return self.tr("{area} progress {date}").format(area=area, date=date) + request.suffix
        if report is Report.WALL_CHART:
            return self.tr("{area} wall chart {paper} {date}.pdf").format(
                area=area, paper=request.paper, date=date)
        if report is Report.RANKING:
            return self.tr("{area} ranking {quarter}").format(
                area=area, quarter=request.quarter) + request.suffix
        if report is Report.ASSESSMENT:
            return self.tr("{area} assessment {year}").format(
                area=area, year=request.year) + request.suffix
        if report is Report.OPERATORS:
            return self.tr("{area} operators {year}").format(
                area=area, year=request.year) + request.suffix
        return self.tr("{area} monthly report {month}.pdf").format(area=area,
                                                                    month=request.month)

    # --- printing ----------------------------------------------------------------------

    def print_report(self, ledger: Ledger | None, request: ReportRequest) -> Task | None:
        """Ask where to save, then generate the report; None if not started."""
        if ledger is None or self.task is not None:
            return None
        title = self.title(request.report)
        suggested = remembered_folder(FOLDER_SETTING) / self.file_name(request)
        if request.suffix == ".xlsx":
            path = ask_save_path(self._widget,
                                 self.tr("Save {report} as Excel").format(report=title),
                                 suggested, self.tr("Excel workbook (*.xlsx)"), ".xlsx",
                                 FOLDER_SETTING)
        else:
            path = ask_save_path(self._widget,
                                 self.tr("Save {report} as PDF").format(report=title),
                                 suggested, self.tr("PDF document (*.pdf)"), ".pdf",
                                 FOLDER_SETTING)
        if path is None:
            return None
        label = self.tr("Making the {report}…").format(report=title)
        task = Task(partial(generate, ledger, request, path), self)
        task.succeeded.connect(self._on_printed)
        task.failed.connect(partial(self._on_failed, task))
        task.finished.connect(partial(self._on_done, task))
        TaskProgress(task, label, self._widget.window())
        self.task = task
        self.status_message.emit(label)
        self.started.emit(task)
        task.start()
        return task

    def _on_printed(self, printed: object) -> None:
        assert isinstance(printed, Printed)
        self.last = printed
        if printed.path.suffix.lower() == ".xlsx":  # a workbook has rows, not pages
            text = self.tr("Made {path}").format(path=printed.path)
        else:
            text = self.tr("Made {path} (%n page(s))", "", printed.pages).format(
                path=printed.path)
        if not self.open_file(printed.path):
            text = self.tr("{made}; no program to show PDF files was found").format(made=text)
        self.status_message.emit(text)
        self.printed.emit(printed)

    def _on_failed(self, task: Task, message: str, _details: str) -> None:
        if task.state.cancelled:
            text = self.tr("Report cancelled: no file was written.")
            self.status_message.emit(text)
            self.failed.emit(text)
            return
        self.status_message.emit(self.tr("The report failed: {message}").format(message=message))
        self.tell(self._widget, self.tr("The report failed"), message)
        self.failed.emit(message)

    def _on_done(self, task: Task) -> None:
        task.deleteLater()
        if task is self.task:
            self.task = None
        self.ended.emit()

    # --- after it is made: open it, print it ------------------------------------------

    def open_last(self) -> bool:
        """Open the last report in the system's PDF viewer; False (and said) if none could."""
        if self.last is None:
            return False
        if not self.last.path.is_file():
            self.status_message.emit(self.tr("{path} is no longer there.").format(
                path=self.last.path))
            return False
        if self.open_file(self.last.path):
            return True
        self.status_message.emit(self.tr("No program to show PDF files was found: open {path} "
                                         "from its folder.").format(path=self.last.path))
        return False

    def print_last(self) -> Task | None:
        """Send the last report to the default printer, off the UI thread; None if not started."""
        if self.last is None or self.sending is not None:
            return None
        path, launcher = self.last.path, self.launcher
        if not path.is_file():
            self.status_message.emit(self.tr("{path} is no longer there.").format(path=path))
            return None
        task = Task(lambda _state: print_pdf(path, launcher), self)
        task.succeeded.connect(partial(self._on_sent, path))
        task.failed.connect(lambda message, _details: self._on_sent(path, PrintOutcome(
            False, error=message)))
        task.finished.connect(partial(self._on_sending_done, task))
        self.sending = task
        self.status_message.emit(self.tr("Sending {name} to the printer…").format(
            name=path.name))
        task.start()
        return task

    def _on_sent(self, path: Path, outcome: object) -> None:
        assert isinstance(outcome, PrintOutcome)
        # the next 打印 may come as soon as this is told, before the task's `finished` arrives
        # (queued after it): the printer is free once the outcome is known
        self.sending = None
        if outcome.sent:
            text = self.tr("Sent {name} to the default printer.").format(name=path.name)
        elif outcome.error:
            text = self.tr("Could not print: {error}. Open the PDF and print it from the "
                           "viewer.").format(error=outcome.error)
        else:
            text = self.tr("This computer has no way to print directly: open the PDF and print "
                           "it from the viewer (Ctrl+P).")
        self.status_message.emit(text)
        self.print_finished.emit(outcome)

    def _on_sending_done(self, task: Task) -> None:
        task.deleteLater()
        if task is self.sending:
            self.sending = None

    def stop(self) -> None:
        """Cancel the report being generated and wait for it (before its ledger closes)."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
        if self.sending is not None:
            self.sending.wait()
