"""The window's shell: page tabs, the tree's scope, shortcuts, the status bar, the start-up check,
and the screenshots of every page."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from app import paths
from app.domain.changes import Changes
from app.errors import LedgerReadOnly
from app.services import records, status, sync
from app.store import backup
from tests.faults import break_a_reference, damage_bytes
from tests.helpers.ledgers import COMMUNITIES
from tests.ui.forms import POPUPS
from tests.ui.window import Opener, add_after_backup, changes_shown, click_area, click_tab
from ui import i18n
from ui.fieldvisit import FieldVisitWindow
from ui.main_window import MainWindow
from ui.models.area_tree import SCOPE_ROLE
from ui.pages.records_page import RecordsPage
from ui.pages.registry import KEYS
from ui.screenshots import APART

ROOT = Path(__file__).resolve().parents[2]
TITLES = ["概览", "统筹", "社区", "空间资源", "九项功能", "需求清单", "建设项目", "运营主体",
          "评估", "同步", "报表"]


# --- pages ----------------------------------------------------------------------------------


def test_every_page_is_a_tab_in_order_and_shows_its_title(open_window: Opener,
                                                          ledger_path: Path,
                                                          qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    tabs = window.view.tabs
    assert [tabs.tabText(n) for n in range(tabs.count())] == TITLES
    assert [page.objectName() for page in window.pages] == list(KEYS)
    for index in reversed(range(tabs.count())):
        page = click_tab(window, qtbot, index)
        assert page is window.pages[index]
        assert page.isVisible()
        assert page.title == TITLES[index]
        assert page.ledger is window.ledger  # loaded when shown


def test_the_tree_scopes_the_visible_page_now_and_a_hidden_one_when_shown(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    communities = click_tab(window, qtbot, KEYS.index("communities"))
    assert isinstance(communities, RecordsPage)
    spaces = window.page("spaces")
    street = click_area(window, qtbot, "新城区", "解放门街道")
    scope = street.data(SCOPE_ROLE)
    assert communities.scope == scope
    assert communities.model.query.scope == scope
    assert communities.model.total == 3
    assert spaces.scope != scope  # hidden: not read again for nothing
    assert click_tab(window, qtbot, KEYS.index("spaces")) is spaces
    assert spaces.scope == scope
    assert isinstance(spaces, RecordsPage) and spaces.model.query.scope == scope
    click_area(window, qtbot)  # the whole city again
    assert spaces.scope is not None and spaces.scope.id is None
    assert communities.scope == scope
    click_tab(window, qtbot, KEYS.index("communities"))
    assert communities.model.total == len(COMMUNITIES)


# --- menus, toolbar and shortcuts -----------------------------------------------------------


@POPUPS
def test_shortcuts_reach_the_current_page(open_window: Opener, ledger_path: Path,
                                          qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    page = click_tab(window, qtbot, KEYS.index("communities"))
    assert isinstance(page, RecordsPage)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()

    with qtbot.waitSignal(page.model.modelReset):
        qtbot.keyClick(window, Qt.Key.Key_F5)

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    assert page.form is not None and page.form.entity == "communities"
    page.form.reject()
    qtbot.waitUntil(lambda: page.form is None)

    click_tab(window, qtbot, KEYS.index("sync"))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.new_chooser.isVisible)  # no records here: what to create?
    assert not any(isinstance(w, QLineEdit) and w.hasFocus()
                   for w in window.findChildren(QLineEdit))
    window.new_chooser.close()


@POPUPS
def test_new_on_the_overview_offers_what_to_create(open_window: Opener, ledger_path: Path,
                                                   qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    assert window.current_page() is window.page("overview")
    click_area(window, qtbot, "新城区", "解放门街道", "东七路社区")
    button = window.toolbar.widgetForAction(window.new_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    chooser = window.new_chooser
    qtbot.waitUntil(chooser.isVisible)
    assert [a.text() for a in chooser.actions()] == TITLES[2:4] + TITLES[5:9]
    assert chooser.geometry().top() >= button.mapToGlobal(button.rect().bottomLeft()).y()
    chooser.action_for("demands").trigger()
    page = window.current_page()
    assert isinstance(page, RecordsPage) and page is window.page("demands")
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    assert page.form is not None and page.form.entity == "demands"
    community = records.get(window.ledger, "communities", "东七路社区")
    assert page.form.editor("community").raw() == community["id"]  # the area chosen in the tree
    page.form.reject()
    qtbot.waitUntil(lambda: page.form is None)


def test_menus_and_toolbar(open_window: Opener, ledger_path: Path) -> None:
    window = open_window(ledger_path)
    menus = [action.menu() for action in window.menuBar().actions()]
    assert len(menus) == 4  # 文件, 编辑, 视图, 帮助
    assert window.new_action in menus[0].actions()
    assert window.print_action in menus[0].actions()
    assert window.print_action.isEnabled() and window.print_action.toolTip()
    assert window.undo_action in menus[1].actions() and not window.undo_action.isEnabled()
    assert window.find_action in menus[1].actions()
    assert window.refresh_action in menus[2].actions()
    assert set(window.language_actions) == {"zh_CN", "en"}
    assert window.toolbar.actions() == [window.new_action, window.field_visit_action,
                                        window.refresh_action, window.find_action]
    assert window.field_visit_action in menus[0].actions()
    shortcuts = {window.new_action: "Ctrl+N", window.find_action: "Ctrl+F",
                 window.refresh_action: "F5", window.print_action: "Ctrl+P"}
    for action, keys in shortcuts.items():
        assert action.shortcut().toString() == keys


def test_choosing_a_language_applies_at_the_next_start(open_window: Opener, ledger_path: Path,
                                                       qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    told: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        box.accept()

    QTimer.singleShot(0, answer)
    window.language_actions["en"].trigger()
    assert told and "English" in told[0]  # the user is told it takes a restart
    assert i18n.saved_language() == "en"
    assert i18n.current_language() == "zh_CN"  # this session stays in Chinese
    assert window.language_actions["en"].isChecked()


# --- the status bar -------------------------------------------------------------------------


def test_undelivered_count_follows_the_changes(open_window: Opener, ledger_path: Path,
                                               qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    assert window.ledger is not None
    before = changes_shown(window)
    assert before == sync.undelivered_changes(window.ledger)
    assert before >= len(COMMUNITIES)
    record = records.create(window.ledger, "communities",
                            {"name": "新建社区", "street": "解放门街道", "code": "610102005009"})
    window.bus.changed.emit(Changes.of("community", record), None)
    qtbot.waitUntil(lambda: changes_shown(window) == before + 1)
    assert "未上报" in window.changes_label.text()


def test_the_area_tree_follows_new_and_deleted_communities(open_window: Opener,
                                                           ledger_path: Path,
                                                           qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    assert window.ledger is not None
    names = lambda: {scope.name for _index, scope in window.areas.scopes()}  # noqa: E731
    assert "新建社区" not in names()
    street = next(i for i, s in window.areas.scopes() if s.name == "解放门街道")
    window.view.tree.setExpanded(street, True)
    window.view.tree.setCurrentIndex(street)
    record = records.create(window.ledger, "communities",
                            {"name": "新建社区", "street": "解放门街道"})
    window.bus.changed.emit(Changes.of("community", record), None)
    qtbot.waitUntil(lambda: "新建社区" in names())
    street = next(i for i, s in window.areas.scopes() if s.name == "解放门街道")
    assert window.view.tree.isExpanded(street)  # what was open stays open, and chosen
    assert window.areas.scope_at(window.view.tree.currentIndex()).name == "解放门街道"
    chosen = next(i for i, s in window.areas.scopes() if s.name == "新建社区")
    window.view.tree.setCurrentIndex(chosen)
    assert window.current_page().scope.name == "新建社区"
    records.delete(window.ledger, "communities", record)
    window.bus.changed.emit(Changes.of("community", record), None)
    qtbot.waitUntil(lambda: "新建社区" not in names())
    assert window.current_page().scope.level.value == "city"  # its area gone: the whole city


# --- the start-up integrity check ------------------------------------------------------------


def test_after_a_crash_a_damaged_ledger_is_restored_from_the_backup(
        app: QApplication, qtbot: QtBot, ledger_path: Path) -> None:
    add_after_backup(ledger_path)
    damage_bytes(ledger_path)
    status.mark_open(ledger_path)  # the last session never closed it
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.recovery_requested, timeout=30_000):
        window.open_ledger(ledger_path)
    box = window.recovery_box
    assert box is not None and box.isVisible()
    assert window.ledger is None  # checked before anything was shown
    assert box.restore_button is not None
    with qtbot.waitSignal(window.ledger_loaded, timeout=30_000):
        qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    page = click_tab(window, qtbot, KEYS.index("communities"))
    assert isinstance(page, RecordsPage)
    assert page.model.total == len(COMMUNITIES)  # as the backup had it
    kept = list(ledger_path.parent.glob("台账.damaged-*.db"))
    assert len(kept) == 1  # the damaged file stays for technical support
    assert not window.read_only
    window.shutdown()
    assert not status.was_unclean(ledger_path)


def test_after_a_crash_a_damaged_ledger_can_be_read_at_own_risk(
        app: QApplication, qtbot: QtBot, ledger_path: Path) -> None:
    break_a_reference(ledger_path)
    status.mark_open(ledger_path)
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.recovery_requested, timeout=30_000):
        window.open_ledger(ledger_path)
    box = window.recovery_box
    assert box is not None
    assert box.restore_button is None  # no backup yet: only read-only or quit
    with qtbot.waitSignal(window.ledger_loaded, timeout=30_000):
        qtbot.mouseClick(box.read_only_button, Qt.MouseButton.LeftButton)
    assert window.read_only and window.ledger is not None
    assert window.read_only_label.isVisible()
    assert not window.new_action.isEnabled()
    assert click_tab(window, qtbot, KEYS.index("communities")).ledger is window.ledger
    with pytest.raises(LedgerReadOnly):
        records.create(window.ledger, "communities",
                       {"name": "新社区", "street": "解放门街道", "code": "610102005009"})
    window.shutdown()
    assert status.was_unclean(ledger_path)  # still damaged: checked again next time


def test_after_a_clean_shutdown_the_check_runs_behind_the_open_window(
        app: QApplication, qtbot: QtBot, ledger_path: Path) -> None:
    backup.ensure_daily_backup(ledger_path)  # today's backup exists: opening makes none
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.integrity_checked, timeout=30_000) as checked:
        window.open_ledger(ledger_path)
    assert checked.args == [[]]
    assert window.recovery_box is None
    window.shutdown()

    break_a_reference(ledger_path)
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ledger_loaded, timeout=30_000):
        window.open_ledger(ledger_path)
    assert window.ledger is not None  # the window shows the data while the check runs
    with qtbot.waitSignal(window.recovery_requested, timeout=30_000):
        pass
    box = window.recovery_box
    assert box is not None and box.restore_button is not None
    qtbot.mouseClick(box.read_only_button, Qt.MouseButton.LeftButton)
    assert window.read_only and window.read_only_label.isVisible()
    with pytest.raises(LedgerReadOnly):
        records.create(window.ledger, "communities",
                       {"name": "新社区", "street": "解放门街道", "code": "610102005009"})
    window.shutdown()


# --- screenshots ----------------------------------------------------------------------------


def test_screenshot_command_writes_every_page(ledger_path: Path, tmp_path: Path) -> None:
    shots = tmp_path / "截图 目录"
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    env.pop(paths.DB_ENV, None)
    env.pop("QT_QPA_PLATFORM", None)  # no screen needed: the command renders offscreen itself
    done = subprocess.run(
        [sys.executable, "-m", "ui", "--screenshots", str(shots), "--db", str(ledger_path),
         "--screen", "default"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr
    toured = [key for key in KEYS if key not in APART]
    pages = [f"{n:02d}_{key}.png" for n, key in enumerate(toured, start=1)]
    dialogs = ["11_space_form.png", "12_demand_form.png", "13_about.png",
               "14_import_preview.png", "15_enroll_device.png", "16_trust_upstream.png",
               "17_revoke_device.png", "18_revocation_review.png", "19_sync_connected.png",
               "20_backups.png", "21_reports_progress.png", "22_reports_result.png",
               "23_setup_role.png", "24_setup_communities.png",
               "25_empty_area.png", "26_empty_search.png", "27_field_visit.png",
               "28_user_guide.png", "29_programme_city.png", "30_programme_district.png",
               "31_programme_directory.png", "32_key_reminder.png"]
    assert sorted(p.name for p in shots.iterdir()) == [*pages, *dialogs, "fit.json"]
    for name in pages:
        image = QImage(str(shots / name))
        assert not image.isNull(), name
        assert (image.width(), image.height()) == (1280, 800)
    for name in dialogs:
        assert (shots / name).stat().st_size > 0


def test_field_visit_opens_full_screen_on_the_chosen_area(
    open_window: Callable[..., MainWindow], ledger_path: Path, qtbot: QtBot
) -> None:
    window = open_window(ledger_path)
    assert window.field_visit_action.isEnabled()
    window.field_visit_action.trigger()
    [visit] = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, FieldVisitWindow) and w.isVisible()]
    assert visit.windowState() & Qt.WindowState.WindowFullScreen
    visit.close()
    qtbot.waitUntil(lambda: window._field_visit is None)


def test_the_window_starts_without_the_heavy_libraries() -> None:
    # openpyxl, lxml and reportlab cost ~0.6 s to import: they load when an export, an import
    # preview's error workbook or a report runs, so that start-up stays within its budget
    done = subprocess.run(
        [sys.executable, "-c", "import sys, ui.main_window; "
         "print(sorted(m for m in ('openpyxl', 'reportlab', 'lxml') if m in sys.modules))"],
        cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True,
        text=True, timeout=120, check=True,
    )
    assert done.stdout.strip() == "[]"


PINYIN_AT_START = """
import sys, time
from pathlib import Path
import ui.app
from PySide6.QtWidgets import QApplication
from app.domain import pinyin
from app.services import records
from ui.main_window import MainWindow

qt = QApplication(sys.argv[:1])
window = MainWindow(remember_geometry=False)
loaded = []
window.ledger_loaded.connect(lambda *args: loaded.append(True))
window.show()
window.open_ledger(Path(sys.argv[1]))
for _ in range(6000):  # small steps, never a monotonic wait (make test-dates)
    if loaded:
        break
    qt.processEvents()
    time.sleep(0.01)
assert loaded, "the window never loaded the ledger"
ledger = window.ledger
shown = records.list_records(ledger, "streets", records.Query(sort="name", limit=5))
print(bool(shown), pinyin.loaded(), "pypinyin" in sys.modules)
window.shutdown()
"""


def test_the_pinyin_table_is_never_read_at_start_or_by_a_sorted_list(
    ledger_template: Path, tmp_path: Path
) -> None:
    """Names are keyed when written: starting the app, opening a ledger and listing it sorted by
    name neither import pypinyin nor read its table (start-up stays within its budget)."""
    from tests.helpers.ledgers import copy_ledger

    path = copy_ledger(ledger_template, tmp_path / "台账.db")
    done = subprocess.run(
        [sys.executable, "-c", PINYIN_AT_START, str(path)], cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True,
        timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "True False False"
