"""Field-visit mode as a community worker drives it: big steps, drafts that survive, records."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
import time_machine
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QInputMethodEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.changes import Changes
from app.domain.china_time import CHINA
from app.domain.enums import Level
from app.services import attachments, drafts, records
from app.services.records import Query
from app.services.setup import open_existing
from app.store.areas import Scope
from app.store.db import Ledger
from tests.helpers.ledgers import COMMUNITIES
from tests.ui.forms import answer_box
from ui.fieldvisit import FieldVisitWindow, is_field_visit_draft, state
from ui.fieldvisit.editors import ToggleEditor
from ui.fieldvisit.state import Task
from ui.fieldvisit.steps import PickList
from ui.forms.field_editors import LineEditor, MultiLineEditor
from ui.pages.base import ChangeBus

ROOT = Path(__file__).resolve().parents[2]
STREET = "解放门街道"
COMMUNITY = "东七路社区"
SIZE = (1366, 768)

Opener = Callable[..., FieldVisitWindow]


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def ledger(ledger_path: Path) -> Iterator[Ledger]:
    """The five-community ledger, open."""
    opened = open_existing(ledger_path)
    yield opened
    opened.close()


@pytest.fixture
def street(ledger: Ledger) -> Scope:
    """The street of three communities, as the tree would give it."""
    record = records.get(ledger, "streets", STREET)
    return Scope(Level.STREET, record["id"], record["name"])


@pytest.fixture
def bus() -> ChangeBus:
    """The main window's change bus."""
    return ChangeBus()


@pytest.fixture
def open_visit(app: QApplication, qtbot: QtBot, ledger: Ledger,
               bus: ChangeBus) -> Iterator[Opener]:
    """Open field-visit windows at a laptop's 1366×768; those still open are closed after."""
    windows: list[FieldVisitWindow] = []

    def opener(scope: Scope | None = None, photos: list[Path] | None = None) -> FieldVisitWindow:
        window = FieldVisitWindow(ledger, bus, scope)
        window.choose_photos = lambda _parent: list(photos or [])
        window.resize(*SIZE)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield opener
    for window in windows:
        if shiboken6.isValid(window):
            window.close()


def make_photo(path: Path, color: str = "#8fb3d9") -> Path:
    """A small PNG, as a camera's picture would be copied from its card."""
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    painter = QPainter(image)
    painter.fillRect(10, 20, 44, 28, QColor("#c9a27e"))
    painter.end()
    assert image.save(str(path))
    return path


def community_id(ledger: Ledger, name: str = COMMUNITY) -> str:
    return str(records.get(ledger, "communities", name)["id"])


# --- driving the window as a worker does -----------------------------------------------------


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def tap_entry(qtbot: QtBot, picks: PickList, starts: str) -> None:
    """Tap the entry of a big list whose text starts with `starts`."""
    for n in range(picks.list.count()):
        item = picks.list.item(n)
        if item.text().startswith(starts):
            picks.list.scrollToItem(item)
            rect = picks.list.visualItemRect(item)
            qtbot.mouseClick(picks.list.viewport(), Qt.MouseButton.LeftButton,
                             pos=rect.center())
            return
    offered = [picks.list.item(n).text() for n in range(picks.list.count())]
    raise AssertionError(f"no entry {starts!r} in {offered}")


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Replace what a box holds: keys for ASCII, a Chinese input method's commit for the rest."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def box(window: FieldVisitWindow, entity: str, name: str) -> QLineEdit | QPlainTextEdit:
    editor = window.forms[entity].editor(name)
    if isinstance(editor, LineEditor):
        return editor.line
    assert isinstance(editor, MultiLineEditor)
    return editor.box


def type_field(qtbot: QtBot, window: FieldVisitWindow, entity: str, name: str,
               text: str) -> None:
    target = box(window, entity, name)
    assert target.isVisible(), f"{name} is not on the screen"
    type_into(qtbot, target, text)


def tap_choice(qtbot: QtBot, window: FieldVisitWindow, entity: str, name: str,
               label: str) -> None:
    """Tap the toggle button of a choice, by its Chinese label."""
    editor = window.forms[entity].editor(name)
    assert isinstance(editor, ToggleEditor)
    button = next(b for value, b in editor.buttons.items()
                  if editor.labels[value] == label)  # its text has a ✓ once chosen
    click(qtbot, button)


def shown_text(window: FieldVisitWindow, entity: str, name: str) -> str:
    target = box(window, entity, name)
    return target.text() if isinstance(target, QLineEdit) else target.toPlainText()


def wait_message(qtbot: QtBot, window: FieldVisitWindow, entity: str, name: str) -> str:
    form = window.forms[entity]
    qtbot.waitUntil(lambda: form.message(name) != "", timeout=3000)
    return form.message(name)


def start(qtbot: QtBot, window: FieldVisitWindow, task: Task,
          community: str = COMMUNITY) -> None:
    """Choose the community, then the task."""
    assert window.current_step() == "community"
    tap_entry(qtbot, window.community_step.picks, community)
    assert window.current_step() == "task"
    click(qtbot, window.task_step.tiles[task])


def wait_saved(qtbot: QtBot, window: FieldVisitWindow) -> None:
    qtbot.waitUntil(lambda: window.current_step() == "done", timeout=10_000)


def wait_thumbnails(qtbot: QtBot, window: FieldVisitWindow, count: int) -> None:
    panel = window.photos_step.panel
    qtbot.waitUntil(lambda: len(panel.tiles) == count and all(t.loaded for t in panel.tiles))


# --- the flows ------------------------------------------------------------------------------


def test_new_space_with_a_photo(open_visit: Opener, qtbot: QtBot, ledger: Ledger, bus: ChangeBus,
                                street: Scope, tmp_path: Path) -> None:
    photo = make_photo(tmp_path / "活动室 外观.png")
    window = open_visit(street, photos=[photo])
    assert window.current_step() == "community"
    names = [window.community_step.picks.list.item(n).text()
             for n in range(window.community_step.picks.list.count())]
    assert sorted(names) == sorted(n for n, s, _code in COMMUNITIES if s == STREET)
    assert window.exit_button.isVisible()

    start(qtbot, window, Task.NEW_SPACE)
    assert window.current_step() == "space.0"
    assert "东七路社区" in window.where.text() and "新增空间资源" in window.where.text()
    type_field(qtbot, window, "space", "name", "社区活动室")
    tap_choice(qtbot, window, "space", "kind", "社区用房")
    click(qtbot, window.next_button)
    assert window.current_step() == "space.1"
    type_field(qtbot, window, "space", "address", "东七路12号院")
    type_field(qtbot, window, "space", "floor_area", "120.5")
    type_field(qtbot, window, "space", "owner", "新城区房管所")
    click(qtbot, window.next_button)
    tap_choice(qtbot, window, "space", "usage", "闲置")
    type_field(qtbot, window, "space", "notes", "一层，临街")
    click(qtbot, window.next_button)
    assert window.current_step() == "photos"
    assert window.next_button.isHidden() and window.save_button.isVisible()
    click(qtbot, window.photos_step.panel.add_button)
    wait_thumbnails(qtbot, window, 1)
    tile = window.photos_step.panel.tiles[0]
    assert tile.image.pixmap() is not None and not tile.image.pixmap().isNull()

    with qtbot.waitSignal(bus.changed, timeout=10_000) as changed:
        click(qtbot, window.save_button)
    wait_saved(qtbot, window)
    [space] = records.list_records(ledger, "spaces", Query(search="活动室"))
    changes, origin = changed.args
    assert changes.ids("space") == {space["id"]} and changes.entities == {"space", "attachment"}
    assert origin is window
    assert space["community"] == community_id(ledger)
    assert (space["name"], space["kind"]) == ("社区活动室", "community_room")
    assert space["usage"] == "idle"
    assert space["address"] == "东七路12号院" and space["owner"] == "新城区房管所"
    assert space["floor_area"] == Decimal("120.5") and space["notes"] == "一层，临街"
    [attached] = attachments.attachments_of(ledger, "spaces", space["id"])
    assert attached["filename"] == photo.name
    assert Path(attached["path"]).read_bytes() == photo.read_bytes()
    assert "已保存" in window.done_step.title.text()
    assert "社区活动室" in window.done_step.summary.text()
    assert "1 张照片" in window.done_step.summary.text()
    assert state.latest_draft(ledger.path) is None  # saved: nothing left to offer

    with qtbot.waitSignal(window.finished):
        click(qtbot, window.done_step.finish_button)


def test_update_a_space_and_its_photos(open_visit: Opener, qtbot: QtBot, ledger: Ledger,
                                       bus: ChangeBus, street: Scope, tmp_path: Path) -> None:
    space_id = records.create(ledger, "spaces", {
        "community": COMMUNITY, "name": "老年活动中心", "kind": "闲置用房", "floor_area": "50",
        "address": "东七路3号"})
    old_photo = attachments.attach(ledger, "spaces", space_id,
                                   make_photo(tmp_path / "old.png", "#999999"))
    new_photo = make_photo(tmp_path / "new.png", "#3a7d44")
    window = open_visit(street, photos=[new_photo])

    start(qtbot, window, Task.UPDATE_SPACE)
    assert window.current_step() == "pick_space"
    tap_entry(qtbot, window.space_step.picks, "老年活动中心")
    assert window.current_step() == "space.0"
    assert shown_text(window, "space", "name") == "老年活动中心"
    kind = window.forms["space"].editor("kind")
    assert isinstance(kind, ToggleEditor) and kind.raw() == "idle_building"
    assert "老年活动中心" in window.where.text()
    click(qtbot, window.next_button)
    assert shown_text(window, "space", "floor_area") == "50"
    type_field(qtbot, window, "space", "floor_area", "80")
    click(qtbot, window.next_button)
    tap_choice(qtbot, window, "space", "usage", "在用")
    click(qtbot, window.next_button)
    wait_thumbnails(qtbot, window, 1)  # the photo it already has
    click(qtbot, window.photos_step.panel.tiles[0].remove_button)
    click(qtbot, window.photos_step.panel.add_button)
    wait_thumbnails(qtbot, window, 1)
    assert window.photos_step.panel.tiles[0].photo.path == new_photo

    with qtbot.waitSignal(bus.changed, timeout=10_000) as changed:
        click(qtbot, window.save_button)
    wait_saved(qtbot, window)
    changes, origin = changed.args
    assert changes.ids("space") == {space_id} and origin is window
    space = records.get(ledger, "spaces", space_id)
    assert (space["floor_area"], space["usage"]) == (Decimal("80"), "in_use")
    assert space["address"] == "东七路3号"  # what was not touched stays
    [kept] = attachments.attachments_of(ledger, "spaces", space_id)
    assert kept["filename"] == "new.png" and kept["id"] != old_photo
    changes = records.history(ledger, "spaces", space_id)[-1]["changes"]
    assert set(changes) == {"floor_area", "usage"}
    assert "已更新" in window.done_step.summary.text()

    # 继续登记: the same community, ready for the next task
    click(qtbot, window.done_step.again_button)
    assert window.current_step() == "task"
    assert "东七路社区" in window.task_step.heading.text()


def test_demand_with_a_bad_phone_then_a_good_one(instant: dt.datetime, open_visit: Opener,
                                                 qtbot: QtBot, ledger: Ledger, bus: ChangeBus,
                                                 street: Scope) -> None:
    window = open_visit(street)
    start(qtbot, window, Task.NEW_DEMAND, "西七路社区")
    assert window.current_step() == "demand.0"
    click(qtbot, window.next_button)  # nothing typed yet: the required content is asked for
    assert window.current_step() == "demand.0"
    assert window.forms["demand"].message("content") == "必填，请填写"
    type_field(qtbot, window, "demand", "content", "希望增设老年助餐点")
    tap_choice(qtbot, window, "demand", "function", "社区助餐")
    click(qtbot, window.next_button)
    assert shown_text(window, "demand", "residents") == "1"  # the declared default
    type_field(qtbot, window, "demand", "residents", "30")
    tap_choice(qtbot, window, "demand", "urgency", "紧急")
    click(qtbot, window.next_button)
    assert window.current_step() == "demand.2"
    assert window.save_button.isVisible() and window.next_button.isHidden()
    type_field(qtbot, window, "demand", "reporter", "王阿姨")
    type_field(qtbot, window, "demand", "phone", "1381234")
    assert wait_message(qtbot, window, "demand", "phone").startswith("电话号码格式不对")
    assert shown_text(window, "demand", "phone") == "1381234"  # never cleared
    click(qtbot, window.save_button)
    assert window.current_step() == "demand.2"
    assert window.message.text() == "请修改标红的内容。"
    assert records.count(ledger, "demands") == 0

    type_field(qtbot, window, "demand", "phone", "13812345678")
    qtbot.waitUntil(lambda: window.forms["demand"].message("phone") == "")
    with qtbot.waitSignal(bus.changed, timeout=10_000) as changed:
        click(qtbot, window.save_button)
    wait_saved(qtbot, window)
    [demand] = records.list_records(ledger, "demands")
    assert changed.args == [Changes.of("demand", demand["id"]), window]
    assert demand["community"] == community_id(ledger, "西七路社区")
    assert demand["content"] == "希望增设老年助餐点" and demand["function"] == "meal_service"
    assert (demand["residents"], demand["urgency"]) == (30, "urgent")
    assert (demand["reporter"], demand["phone"]) == ("王阿姨", "13812345678")
    assert demand["received_on"] == instant.date()

    click(qtbot, window.done_step.other_button)  # 换一个社区
    assert window.current_step() == "community"


def test_the_services_refusal_shows_on_the_field(open_visit: Opener, qtbot: QtBot,
                                                 ledger: Ledger, street: Scope) -> None:
    records.create(ledger, "spaces", {"community": COMMUNITY, "name": "社区活动室",
                                      "kind": "社区用房"})
    window = open_visit(street)
    start(qtbot, window, Task.NEW_SPACE)
    type_field(qtbot, window, "space", "name", "社区活动室")
    tap_choice(qtbot, window, "space", "kind", "闲置用房")
    click(qtbot, window.next_button)
    click(qtbot, window.save_button)  # saved from page 2: the service finds the twin
    qtbot.waitUntil(lambda: window.forms["space"].message("name") != "", timeout=10_000)
    assert window.current_step() == "space.0"  # back where the problem is
    assert window.forms["space"].message("name") == "已有相同的记录，不能重复添加"
    assert shown_text(window, "space", "name") == "社区活动室"
    assert records.count(ledger, "spaces") == 1
    type_field(qtbot, window, "space", "name", "社区活动室（二层）")
    assert window.forms["space"].message("name") == ""  # the service's word was about the old
    click(qtbot, window.save_button)
    wait_saved(qtbot, window)
    assert records.count(ledger, "spaces") == 2


# --- drafts ---------------------------------------------------------------------------------


def test_a_visit_closed_midway_comes_back(open_visit: Opener, qtbot: QtBot, ledger: Ledger,
                                          street: Scope, tmp_path: Path) -> None:
    photo = make_photo(tmp_path / "门口.png")
    window = open_visit(street, photos=[photo])
    start(qtbot, window, Task.NEW_SPACE)
    type_field(qtbot, window, "space", "name", "闲置门面房")
    tap_choice(qtbot, window, "space", "kind", "商业服务用房用地")
    click(qtbot, window.next_button)
    type_field(qtbot, window, "space", "floor_area", "60")
    click(qtbot, window.next_button)
    click(qtbot, window.next_button)
    click(qtbot, window.photos_step.panel.add_button)
    click(qtbot, window.back_button)
    click(qtbot, window.back_button)
    type_field(qtbot, window, "space", "floor_area", "六十平")  # a bad value, kept as typed
    with qtbot.waitSignal(window.finished):
        click(qtbot, window.exit_button)  # the worker leaves with the entry unsaved
    found = state.latest_draft(ledger.path)
    assert found is not None and found[1].step == "space.1"

    again = open_visit(street, photos=[])
    assert again.current_step() == "resume"
    assert "新增空间资源" in again.resume_step.what.text()
    assert "东七路社区" in again.resume_step.what.text()
    assert "闲置门面房" in again.resume_step.details.text()
    assert "1 张照片" in again.resume_step.details.text()
    click(qtbot, again.resume_step.resume_button)
    assert again.current_step() == "space.1"  # where the worker stopped
    assert shown_text(again, "space", "floor_area") == "六十平"
    assert again.forms["space"].message("floor_area") != ""  # and why it is not accepted yet
    type_field(qtbot, again, "space", "floor_area", "60")
    click(qtbot, again.next_button)
    click(qtbot, again.next_button)
    wait_thumbnails(qtbot, again, 1)
    click(qtbot, again.save_button)
    wait_saved(qtbot, again)
    [space] = records.list_records(ledger, "spaces", Query(search="门面房"))
    assert (space["kind"], space["floor_area"]) == ("commercial", Decimal("60"))
    assert len(attachments.attachments_of(ledger, "spaces", space["id"])) == 1
    assert state.latest_draft(ledger.path) is None


def test_an_unsaved_visit_can_be_thrown_away(open_visit: Opener, qtbot: QtBot, ledger: Ledger,
                                             street: Scope) -> None:
    window = open_visit(street)
    start(qtbot, window, Task.NEW_DEMAND)
    type_field(qtbot, window, "demand", "content", "楼道灯坏了")
    window.close()
    asked: list[QWidget] = []

    def discard(parent: QWidget) -> bool:
        asked.append(parent)
        return True

    again = open_visit(street)
    again.confirm_discard = discard
    click(qtbot, again.resume_step.discard_button)
    assert asked == [again]
    assert again.current_step() == "community"
    assert state.latest_draft(ledger.path) is None
    assert records.count(ledger, "demands") == 0


def test_starting_another_entry_asks_before_dropping_one(open_visit: Opener, qtbot: QtBot,
                                                         ledger: Ledger, street: Scope) -> None:
    window = open_visit(street)
    start(qtbot, window, Task.NEW_SPACE)
    type_field(qtbot, window, "space", "name", "小区空地")
    click(qtbot, window.back_button)
    assert window.current_step() == "task"
    window.confirm_discard = lambda _parent: False  # "保留"
    click(qtbot, window.task_step.tiles[Task.NEW_DEMAND])
    assert window.current_step() == "task"
    click(qtbot, window.task_step.tiles[Task.UPDATE_SPACE])  # only looking at the spaces
    assert window.current_step() == "pick_space" and not window.next_button.isEnabled()
    click(qtbot, window.back_button)
    assert window.current_step() == "task"
    click(qtbot, window.next_button)  # 下一步 goes back into the entry kept
    assert shown_text(window, "space", "name") == "小区空地"
    click(qtbot, window.back_button)
    window.confirm_discard = lambda _parent: True  # "放弃"
    click(qtbot, window.task_step.tiles[Task.NEW_DEMAND])
    assert window.current_step() == "demand.0"
    found = state.latest_draft(ledger.path)
    assert found is None  # the dropped space is gone; the new demand holds nothing yet


KILLED_VISIT = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from app.services.setup import open_existing
    from ui.app import create_app

    app = create_app(language="zh_CN")
    from ui.fieldvisit import FieldVisitWindow
    from ui.fieldvisit.state import Task
    from ui.pages.base import ChangeBus

    window = FieldVisitWindow(open_existing(Path(sys.argv[1])), ChangeBus())
    window.resize(1366, 768)
    window.show()
    QTest.qWait(200)
    picks = window.community_step.picks.list
    item = next(picks.item(n) for n in range(picks.count())
                if picks.item(n).text().startswith("尚俭路社区"))
    QTest.mouseClick(picks.viewport(), Qt.MouseButton.LeftButton,
                     pos=picks.visualItemRect(item).center())
    QTest.mouseClick(window.task_step.tiles[Task.NEW_DEMAND], Qt.MouseButton.LeftButton)
    content = window.forms["demand"].editor("content").box
    content.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("希望小区装电梯")
    QApplication.sendEvent(content, event)
    QTest.qWait(1000)  # the worker pauses; then the battery dies
    os._exit(9)
""")


def test_a_visit_from_a_killed_process_is_offered(open_visit: Opener, qtbot: QtBot,
                                                  ledger: Ledger, ledger_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("FACILITY_LEDGER_DB", None)
    done = subprocess.run([sys.executable, "-c", KILLED_VISIT, str(ledger_path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr

    window = open_visit()
    assert window.current_step() == "resume"
    assert "尚俭路社区" in window.resume_step.what.text()
    assert "希望小区装电梯" in window.resume_step.details.text()
    click(qtbot, window.resume_step.resume_button)
    assert window.current_step() == "demand.0"
    assert shown_text(window, "demand", "content") == "希望小区装电梯"
    click(qtbot, window.next_button)
    click(qtbot, window.next_button)
    window.confirm_no_function = lambda _parent: True  # saved without one, knowingly
    click(qtbot, window.save_button)
    wait_saved(qtbot, window)
    [demand] = records.list_records(ledger, "demands")
    assert demand["content"] == "希望小区装电梯"
    assert demand["community"] == community_id(ledger, "尚俭路社区")


def test_field_visit_drafts_are_told_apart(ledger: Ledger) -> None:
    """The desktop forms' own draft recovery can leave the flow's drafts alone."""
    visit = state.Visit(community_id=community_id(ledger), task=Task.NEW_SPACE,
                        fields={"name": "社区活动室", "kind": None}, photos=["/tmp/a.jpg"],
                        step="photos")
    state.save(ledger.path, visit)
    drafts.save_draft(ledger.path, drafts.draft_key("space", None, "form1"), "space", None,
                      {"name": "别的表单"})
    mine = [d for d in drafts.list_drafts(ledger.path) if is_field_visit_draft(d)]
    assert [d.key for d in mine] == ["space-new-fieldvisit"]
    assert mine[0].values["name"] == "社区活动室"  # the fields at the top, as in every draft
    assert state.Visit.from_draft(mine[0]) == visit
    assert not is_field_visit_draft(next(d for d in drafts.list_drafts(ledger.path)
                                         if d.key == "space-new-form1"))


# --- the smaller things a worker meets -------------------------------------------------------


def test_one_community_in_scope_goes_straight_to_the_task(open_visit: Opener, qtbot: QtBot,
                                                          ledger: Ledger) -> None:
    only = Scope(Level.COMMUNITY, community_id(ledger, "四府街社区"), "四府街社区")
    window = open_visit(only)
    assert window.current_step() == "task"
    assert "四府街社区" in window.task_step.heading.text()
    click(qtbot, window.back_button)
    assert window.community_step.picks.entry_ids() == [only.id]


def test_communities_are_found_by_typing(open_visit: Opener, qtbot: QtBot) -> None:
    window = open_visit()  # no scope: all five, in three streets
    picks = window.community_step.picks
    assert picks.list.count() == len(COMMUNITIES)
    assert any("西一路街道" in picks.list.item(n).text() for n in range(picks.list.count()))
    assert not window.next_button.isEnabled()
    type_into(qtbot, picks.search, "七路")
    assert sorted(picks.list.item(n).text().split("　")[0]
                  for n in range(picks.list.count())) == ["东七路社区", "西七路社区"]
    type_into(qtbot, picks.search, "没有这个")
    assert picks.list.count() == 0 and "没有找到" in picks.note.text()


def test_a_choice_can_be_cleared_unless_required(open_visit: Opener, qtbot: QtBot,
                                                 street: Scope) -> None:
    window = open_visit(street)
    start(qtbot, window, Task.NEW_DEMAND)
    urgency = window.forms["demand"].editor("urgency")
    function = window.forms["demand"].editor("function")
    assert isinstance(urgency, ToggleEditor) and isinstance(function, ToggleEditor)
    assert urgency.raw() == "normal"  # the declared default
    tap_choice(qtbot, window, "demand", "function", "养老服务")
    tap_choice(qtbot, window, "demand", "function", "体育健身")
    assert function.raw() == "fitness"
    assert sum(b.isChecked() for b in function.buttons.values()) == 1
    tap_choice(qtbot, window, "demand", "function", "体育健身")  # tapped again: not filled
    assert function.raw() is None


def test_steps_are_big_and_render_in_chinese(open_visit: Opener, qtbot: QtBot, ledger: Ledger,
                                             street: Scope, tmp_path: Path,
                                             app: QApplication) -> None:
    """Every step at 1366×768: buttons a finger can hit, type 1.4× the app's, a PNG of each."""
    space_id = records.create(ledger, "spaces", {"community": COMMUNITY, "name": "党群服务中心",
                                                 "kind": "社区用房", "address": "东七路1号"})
    attachments.attach(ledger, "spaces", space_id, make_photo(tmp_path / "p.png"))
    window = open_visit(street, photos=[make_photo(tmp_path / "q.png")])
    shots = tmp_path / "shots"
    shots.mkdir()
    base = app.font().pointSizeF()

    def check(name: str) -> None:
        qtbot.wait(50)
        assert window.grab().save(str(shots / f"{name}.png"))
        for button in window.findChildren(QAbstractButton):
            if button.isVisible():
                assert button.height() >= 48, (name, button.text())
                assert button.font().pointSizeF() >= base * 1.35, (name, button.text())
        for label in window.findChildren(QLabel):
            if label.isVisible() and label.text() and label.pixmap().isNull():
                assert label.font().pointSizeF() >= base * 1.35, (name, label.text())
        assert window.exit_button.isVisible() or name == "done"

    check("1_community")
    start(qtbot, window, Task.UPDATE_SPACE)
    check("2_pick_space")
    tap_entry(qtbot, window.space_step.picks, "党群服务中心")
    type_field(qtbot, window, "space", "name", "")
    click(qtbot, window.next_button)  # a message, a red frame: the size stays
    check("3_fields_with_a_message")
    type_field(qtbot, window, "space", "name", "党群服务中心")
    click(qtbot, window.next_button)
    click(qtbot, window.next_button)
    click(qtbot, window.next_button)
    click(qtbot, window.photos_step.panel.add_button)
    wait_thumbnails(qtbot, window, 2)
    check("4_photos")
    click(qtbot, window.save_button)
    wait_saved(qtbot, window)
    check("5_done")
    assert sorted(p.name for p in shots.iterdir()) == [
        "1_community.png", "2_pick_space.png", "3_fields_with_a_message.png", "4_photos.png",
        "5_done.png"]


def test_full_screen_window_offers_every_community(app: QApplication, qtbot: QtBot,
                                                   ledger: Ledger, bus: ChangeBus) -> None:
    """As the main window opens it: FieldVisitWindow(ledger, bus, scope, parent), full screen."""
    parent = QWidget()
    qtbot.addWidget(parent)
    window = FieldVisitWindow(ledger, bus, None, parent)
    window.showFullScreen()
    qtbot.waitExposed(window)
    assert window.isWindow() and window.isFullScreen()
    assert window.windowTitle() == "现场采集"
    assert window.community_step.picks.list.count() == len(COMMUNITIES)
    with qtbot.waitSignal(window.finished):
        click(qtbot, window.exit_button)


# --- what a finger meets: nothing moves, a choice is plain, a demand has its function ---------


def _top(widget: QWidget, window: FieldVisitWindow) -> int:
    return widget.mapTo(window, widget.rect().topLeft()).y()


def test_a_message_coming_and_going_moves_nothing(open_visit: Opener, qtbot: QtBot,
                                                  street: Scope) -> None:
    window = open_visit(street)
    start(qtbot, window, Task.NEW_DEMAND)
    type_field(qtbot, window, "demand", "content", "希望增设老年助餐点")
    tap_choice(qtbot, window, "demand", "function", "社区助餐")
    click(qtbot, window.next_button)
    urgent = window.forms["demand"].editor("urgency")
    assert isinstance(urgent, ToggleEditor)
    below = urgent.buttons["urgent"]
    qtbot.wait(100)  # the page as it settled when shown
    where = _top(below, window)
    stack = window.stack.geometry()
    type_field(qtbot, window, "demand", "residents", "很多")
    assert wait_message(qtbot, window, "demand", "residents")
    click(qtbot, window.next_button)  # refused: the window's own message too
    assert window.message.text() == "请修改标红的内容。"
    assert (_top(below, window), window.stack.geometry()) == (where, stack)
    type_field(qtbot, window, "demand", "residents", "12")  # both messages go
    qtbot.waitUntil(lambda: window.forms["demand"].message("residents") == "")
    assert window.message.text() == ""
    assert (_top(below, window), window.stack.geometry()) == (where, stack)  # the tap lands


def _middle_colour(button: QAbstractButton) -> QColor:
    image = button.grab().toImage()
    return image.pixelColor(12, image.height() // 2)


def test_a_chosen_choice_is_unmistakable_and_focus_is_not_a_choice(
        open_visit: Opener, qtbot: QtBot, street: Scope) -> None:
    window = open_visit(street)
    start(qtbot, window, Task.NEW_SPACE)
    type_field(qtbot, window, "space", "name", "社区活动室")
    tap_choice(qtbot, window, "space", "kind", "社区用房")
    click(qtbot, window.next_button)
    click(qtbot, window.next_button)
    assert window.current_step() == "space.2"  # 使用状态 (choices) first, then 备注
    usage = window.forms["space"].editor("usage")
    assert isinstance(usage, ToggleEditor)
    focused = window.focusWidget()
    assert focused not in usage.buttons.values()  # arriving focuses no choice
    assert focused is box(window, "space", "notes")
    idle, in_use = usage.buttons["idle"], usage.buttons["in_use"]
    click(qtbot, window.forms["space"].editor("usage").buttons["idle"])
    in_use.setFocus(Qt.FocusReason.TabFocusReason)  # the keyboard on another choice
    qtbot.wait(50)
    assert idle.text() == "✓ 闲置" and in_use.text() == "在用"
    chosen, merely_focused = _middle_colour(idle), _middle_colour(in_use)
    assert chosen.blue() > 150 and chosen.red() < 80  # filled with the accent colour
    assert merely_focused.lightness() > 240  # white: focus is its frame only
    assert usage.raw() == "idle"


def test_a_demand_without_a_function_is_asked_about(open_visit: Opener, qtbot: QtBot,
                                                    ledger: Ledger, street: Scope) -> None:
    window = open_visit(street)
    start(qtbot, window, Task.NEW_DEMAND)
    type_field(qtbot, window, "demand", "content", "希望小区装电梯")
    click(qtbot, window.next_button)
    click(qtbot, window.next_button)
    seen: list[str] = []
    answer_box("选择功能类别", seen)
    click(qtbot, window.save_button)
    assert "还没有选择功能类别" in seen[0] and "其他" in seen[0]
    assert window.current_step() == "demand.0"  # where the function is chosen
    assert "九项都不符合的，选“其他”" in window.message.text()
    assert records.count(ledger, "demands") == 0
    answer_box("不选类别，直接保存")
    click(qtbot, window.save_button)  # the worker means it
    wait_saved(qtbot, window)
    [demand] = records.list_records(ledger, "demands")
    assert demand["content"] == "希望小区装电梯" and demand["function"] is None


def test_the_same_demand_again_raises_its_residents(open_visit: Opener, qtbot: QtBot,
                                                    ledger: Ledger, bus: ChangeBus,
                                                    street: Scope) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=CHINA), tick=True):
        existing = records.create(ledger, "demands", {
            "community": COMMUNITY, "content": "希望增设老年助餐点", "function": "助餐",
            "residents": "4"})
        window = open_visit(street)
        start(qtbot, window, Task.NEW_DEMAND)
        type_field(qtbot, window, "demand", "content", "希望增设老年助餐点")
        tap_choice(qtbot, window, "demand", "function", "社区助餐")
        click(qtbot, window.next_button)
        type_field(qtbot, window, "demand", "residents", "3")
        seen: list[str] = []
        answer_box("加到那一条上（+3 人）", seen)
        with qtbot.waitSignal(bus.changed, timeout=10_000) as changed:
            click(qtbot, window.save_button)
        wait_saved(qtbot, window)
    assert "涉及 4 人" in seen[0] and "共 7 人" in seen[0]
    assert changed.args == [Changes.of("demand", existing), window]
    assert records.get(ledger, "demands", existing)["residents"] == 7
    assert records.count(ledger, "demands") == 1
    assert "共涉及 7 人" in window.done_step.summary.text()
    assert state.latest_draft(ledger.path) is None  # the entry is done with
