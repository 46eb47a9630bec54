"""PDF reports as a user prints them: from the 报表 page, a list's context menu and Ctrl+P."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.services import records
from app.services.records import Query
from tests.helpers.pdf import pdf_text
from tests.ui.forms import STREET, activate, street_scope
from tests.ui.window import Opener, click_area, click_row, open_reports, save_as
from ui import files
from ui.main_window import MainWindow
from ui.pages.records_page import RecordsPage
from ui.pages.reports_page import ReportsPage
from ui.printing import Printed, Printer
from ui.tasks import Task
from ui.widgets.task_progress import TaskProgress

# The fixture `demo_path` (tests/ui/conftest.py): a fresh copy of the demo ledger for one test.

_LEFT = Qt.MouseButton.LeftButton
DISTRICT = "新城区"


class Viewer:
    """Stands in for the system's PDF viewer: remembers what it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[Path] = []

    def __call__(self, path: Path) -> bool:
        self.opened.append(path)
        return True


def use_viewer(printer: Printer) -> Viewer:
    viewer = Viewer()
    printer.open_file = viewer
    return viewer


def print_with(qtbot: QtBot, printer: Printer, start: Callable[[], object]) -> Printed:
    """Start a report (a click, a menu entry) and wait until it is written and opened."""
    with qtbot.waitSignal(printer.printed, timeout=60_000) as done:
        start()
    printed = done.args[0]
    assert isinstance(printed, Printed)
    qtbot.waitUntil(lambda: not printer.busy)
    return printed


def click(qtbot: QtBot, button: QPushButton) -> Callable[[], None]:
    return lambda: qtbot.mouseClick(button, _LEFT)


def first_community(window: MainWindow) -> dict[str, object]:
    """The first community of 解放门街道 in the demo data."""
    ledger = window.ledger
    assert ledger is not None
    found = records.list_records(ledger, "communities",
                                 Query(scope=street_scope(ledger), sort="name"))
    assert found
    return found[0]


def _month_title(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


# --- the 报表 page ----------------------------------------------------------------------------


def test_the_public_list_carries_the_publicity_period_and_opens(instant: dt.datetime,
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window, page = open_reports(open_window, demo_path, qtbot)
    viewer = use_viewer(page.printer)
    opened_folders: list[Path] = []
    page.open_folder = lambda folder: bool(opened_folders.append(folder)) or True
    today = instant.date()
    assert page.publicity_check.isChecked()
    assert page.publicity() == (today, today + dt.timedelta(days=7))  # a week from today
    assert page.publicity_from.calendarPopup() and page.publicity_to.calendarPopup()
    assert page.unit_edit.placeholderText() == f"{STREET}办事处"
    assert page.unit() is None  # empty: the default

    page.publicity_from.setDate(QDate(2026, 11, 26))
    page.publicity_to.setDate(QDate(2026, 12, 3))
    target = tmp_path / "公示 清单.pdf"
    dialog = save_as(monkeypatch, target)
    printed = print_with(qtbot, page.printer, click(qtbot, page.public_button))

    suggested, filters = dialog.offered[0]
    assert Path(suggested) == (
        files.documents_folder() / f"{STREET}需求清单（公示版）_{today.isoformat()}.pdf")
    assert "*.pdf" in filters
    assert printed.path == target and viewer.opened == [target]
    text, pages = pdf_text(target)
    assert pages == printed.pages >= 1
    assert "需求清单（公示版）" in text
    assert "公示期：2026年11月26日至2026年12月3日" in text
    assert f"{STREET}办事处" in text
    ledger = window.ledger
    assert ledger is not None
    demands = records.count(ledger, "demands", Query(scope=street_scope(ledger)))
    assert printed.items == demands and f"共{demands}条" in text
    shown = f"已生成 {target}（{pages} 页）"
    assert page.pdf_feedback.text() == shown
    assert window.statusBar().currentMessage() == shown
    assert page.pdf_open_folder_button.isVisible()
    qtbot.mouseClick(page.pdf_open_folder_button, _LEFT)
    assert opened_folders == [tmp_path]

    # without the period, and with a 制表单位 of one's own
    page.publicity_check.setChecked(False)
    assert not page.publicity_from.isEnabled() and page.publicity() is None
    page.unit_edit.setText("解放门街道社区建设办公室")
    again = tmp_path / "不注明.pdf"
    save_as(monkeypatch, again)
    print_with(qtbot, page.printer, click(qtbot, page.public_button))
    text, _pages = pdf_text(again)
    assert "公示期" not in text and "解放门街道社区建设办公室" in text


def test_the_internal_list(instant: dt.datetime, open_window: Opener, demo_path: Path,
                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    _window, page = open_reports(open_window, demo_path, qtbot)
    viewer = use_viewer(page.printer)
    target = tmp_path / "内部.pdf"
    dialog = save_as(monkeypatch, tmp_path / "内部")  # the suffix is added when left off
    printed = print_with(qtbot, page.printer, click(qtbot, page.internal_button))
    assert Path(dialog.offered[0][0]).name == (
        f"{STREET}需求清单（内部版）_{instant.date().isoformat()}.pdf")
    assert printed.path == target and viewer.opened == [target]
    text, pages = pdf_text(target)
    assert pages == printed.pages
    assert "需求清单（内部版）" in text and "内部资料" in text and "公示期" not in text


def test_the_profile_is_for_a_community_only(instant: dt.datetime,
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window, page = open_reports(open_window, demo_path, qtbot)
    viewer = use_viewer(page.printer)
    assert not page.profile_button.isEnabled()  # a street
    assert page.profile_hint.isVisible() and page.profile_hint.text() == "请在左侧选择一个社区"
    assert page.print_profile() is None
    assert page.monthly_button.isEnabled() and not page.monthly_hint.isVisible()

    name = str(first_community(window)["name"])
    click_area(window, qtbot, DISTRICT, STREET, name)
    assert page.scope_label.text() == f"范围：{name}"
    assert page.profile_button.isEnabled() and not page.profile_hint.isVisible()
    assert not page.monthly_button.isEnabled() and not page.month_edit.isEnabled()
    assert page.monthly_hint.isVisible()
    assert page.unit_edit.placeholderText() == f"{name}居民委员会"

    target = tmp_path / "概况.pdf"
    dialog = save_as(monkeypatch, target)
    printed = print_with(qtbot, page.printer, click(qtbot, page.profile_button))
    assert Path(dialog.offered[0][0]).name == f"{name}概况_{instant.date().isoformat()}.pdf"
    assert viewer.opened == [target]
    text, pages = pdf_text(target)
    assert pages == printed.pages
    assert f"{name}概况" in text and "九项功能" in text and f"{name}居民委员会" in text


def test_the_monthly_report_of_the_month_chosen(
        instant: dt.datetime, open_window: Opener, demo_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    _window, page = open_reports(open_window, demo_path, qtbot)
    viewer = use_viewer(page.printer)
    day = instant.date()  # Xi'an's today, not the machine's
    today = QDate(day.year, day.month, day.day)
    last_month = today.addMonths(-1)
    assert page.month_edit.date() == last_month  # the previous month, at first
    assert page.month_edit.maximumDate() == today
    expected = _month_title(dt.date(last_month.year(), last_month.month(), 1))
    assert page.month_edit.text() == expected  # shown as 2026年10月
    assert page.month() == f"{last_month.year()}-{last_month.month():02d}"
    page.month_edit.setDate(today.addMonths(1))  # the future cannot be chosen
    assert page.month_edit.date() == today
    two_ago = today.addMonths(-2)
    page.month_edit.setDate(two_ago)
    month = f"{two_ago.year()}-{two_ago.month():02d}"
    assert page.month() == month

    target = tmp_path / "月通报.pdf"
    dialog = save_as(monkeypatch, target)
    printed = print_with(qtbot, page.printer, click(qtbot, page.monthly_button))
    assert Path(dialog.offered[0][0]).name == f"{STREET}月通报_{month}.pdf"
    assert viewer.opened == [target]
    text, pages = pdf_text(target)
    assert pages == printed.pages
    title = _month_title(dt.date(two_ago.year(), two_ago.month(), 1))
    assert f"社区嵌入式服务设施建设月通报（{title}）" in text
    assert f"{STREET}办事处" in text


def test_a_publicity_period_ending_before_it_starts_is_refused(
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    _window, page = open_reports(open_window, demo_path, qtbot)
    viewer = use_viewer(page.printer)
    told: list[tuple[str, str]] = []
    page.tell = lambda _parent, title, message: told.append((title, message))
    page.publicity_from.setDate(QDate(2026, 12, 3))
    page.publicity_to.setDate(QDate(2026, 11, 26))
    target = tmp_path / "错误.pdf"
    save_as(monkeypatch, target)
    with qtbot.waitSignal(page.printer.failed, timeout=30_000):
        qtbot.mouseClick(page.public_button, _LEFT)
    [(title, message)] = told
    assert title == "生成报表失败"
    assert message == "公示期结束日期 2026-11-26 早于开始日期 2026-12-03"
    assert page.pdf_feedback.text() == f"生成报表失败：{message}"
    qtbot.waitUntil(lambda: not page.printer.busy)
    assert not target.exists() and not list(tmp_path.glob("*.pdf*"))
    assert viewer.opened == []
    assert not page.pdf_open_folder_button.isVisible()
    assert page.public_button.isEnabled()


def test_cancelling_a_report_leaves_no_file(
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window, page = open_reports(open_window, demo_path, qtbot)
    viewer = use_viewer(page.printer)
    target = tmp_path / "取消.pdf"
    save_as(monkeypatch, target)

    def press_cancel(task: object) -> None:
        """The user presses 取消 on the report's progress dialog."""
        assert isinstance(task, Task)
        [progress] = [p for p in window.findChildren(TaskProgress) if p.task is task]
        [cancel] = progress.findChildren(QPushButton)
        cancel.click()

    page.printer.started.connect(press_cancel)
    with qtbot.waitSignal(page.printer.failed, timeout=30_000) as failed:
        qtbot.mouseClick(page.internal_button, _LEFT)
    assert failed.args == ["已取消生成报表，没有写出文件。"]
    qtbot.waitUntil(lambda: not page.printer.busy)
    assert not target.exists() and not list(tmp_path.glob("*.pdf*"))
    assert viewer.opened == []
    assert page.internal_button.isEnabled() and page.export_all_button.isEnabled()


# --- from elsewhere -------------------------------------------------------------------------


def test_a_community_profile_from_the_context_menu(instant: dt.datetime,
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window = open_window(demo_path)
    click_area(window, qtbot, DISTRICT, STREET)
    community = first_community(window)
    page = window.show_page("communities")
    assert isinstance(page, RecordsPage)
    qtbot.waitUntil(lambda: page.model.row_of(str(community["id"])) >= 0)
    click_row(qtbot, page, str(community["id"]))
    viewer = use_viewer(page.printer)
    menu = page.context_menu()
    entries = {action.text(): action for action in menu.actions()}
    assert entries["打印需求清单（公示版）…"].isEnabled()
    target = tmp_path / "菜单 概况.pdf"
    dialog = save_as(monkeypatch, target)
    printed = print_with(qtbot, page.printer, entries["打印社区概况…"].trigger)
    menu.deleteLater()
    name = str(community["name"])
    assert Path(dialog.offered[0][0]).name == f"{name}概况_{instant.date().isoformat()}.pdf"
    assert viewer.opened == [target]
    text, pages = pdf_text(target)
    assert pages == printed.pages and f"{name}概况" in text
    assert window.statusBar().currentMessage() == f"已生成 {target}（{pages} 页）"


def test_a_demand_prints_its_community_s_public_list(instant: dt.datetime,
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window = open_window(demo_path)
    click_area(window, qtbot, DISTRICT, STREET)
    community = first_community(window)
    ledger = window.ledger
    assert ledger is not None
    demand = records.create(ledger, "demands", {"community": community["id"],
                                                "content": "希望增设社区食堂"})
    page = window.show_page("demands")
    assert isinstance(page, RecordsPage)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    assert page.select_record(demand)  # fetched and scrolled to
    click_row(qtbot, page, demand)
    viewer = use_viewer(page.printer)
    menu = page.context_menu()
    [action] = [a for a in menu.actions() if a.text() == "打印本社区需求清单（公示版）…"]
    target = tmp_path / "本社区.pdf"
    save_as(monkeypatch, target)
    printed = print_with(qtbot, page.printer, action.trigger)
    menu.deleteLater()
    assert viewer.opened == [target]
    text, _pages = pdf_text(target)
    today = instant.date()
    week = today + dt.timedelta(days=7)
    assert "需求清单（公示版）" in text and str(community["name"]) in text
    assert f"公示期：{today.year}年{today.month}月{today.day}日至" in text
    assert f"{week.year}年{week.month}月{week.day}日" in text
    assert "希望增设社区食堂" in text
    assert printed.items == records.count(ledger, "demands", Query(scope=printed.request.scope))


def test_other_lists_offer_no_printing(open_window: Opener, demo_path: Path,
                                       qtbot: QtBot) -> None:
    window = open_window(demo_path)
    page = window.show_page("spaces")
    assert isinstance(page, RecordsPage)
    menu = page.context_menu()
    assert not any(action.text().startswith("打印") for action in menu.actions())
    menu.deleteLater()


def test_ctrl_p_brings_the_pdf_reports(open_window: Opener, demo_path: Path,
                                       qtbot: QtBot) -> None:
    window = open_window(demo_path)
    click_area(window, qtbot, DISTRICT, STREET)
    assert window.print_action.isEnabled()
    window.show_page("communities")
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, ReportsPage)
    assert page.scope_label.text() == f"范围：{STREET}"
    assert window.focusWidget() is page.public_button
    assert page.public_button.isEnabled()


def test_a_made_pdf_is_opened_and_printed_in_one_click(
        instant: dt.datetime, open_window: Opener, demo_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    from tests.ui.test_print_file import Commands, _which
    from ui.print_file import Launcher

    _window, page = open_reports(open_window, demo_path, qtbot)
    viewer = use_viewer(page.printer)
    assert page.pdf_open_button.isHidden() and page.pdf_print_button.isHidden()
    target = tmp_path / "内部.pdf"
    save_as(monkeypatch, target)
    print_with(qtbot, page.printer, click(qtbot, page.internal_button))
    assert viewer.opened == [target]
    assert page.pdf_open_button.isVisible() and page.pdf_print_button.isVisible()
    assert (page.pdf_open_button.text(), page.pdf_print_button.text()) == ("打开", "打印")

    qtbot.mouseClick(page.pdf_open_button, _LEFT)  # closed the viewer: opened again
    assert viewer.opened == [target, target]

    commands = Commands()
    page.printer.launcher = Launcher(platform="linux", which=_which("lp"), run=commands)
    with qtbot.waitSignal(page.printer.print_finished, timeout=10_000) as sent:
        qtbot.mouseClick(page.pdf_print_button, _LEFT)
    assert sent.args[0].sent and commands.ran == [["/usr/bin/lp", str(target)]]
    assert page.pdf_feedback.text() == "已把 内部.pdf 发送到默认打印机。"

    page.printer.launcher = Launcher(platform="linux", which=_which(), run=Commands())
    with qtbot.waitSignal(page.printer.print_finished, timeout=10_000):
        qtbot.mouseClick(page.pdf_print_button, _LEFT)
    assert "不能直接打印" in page.pdf_feedback.text() and "Ctrl+P" in page.pdf_feedback.text()
