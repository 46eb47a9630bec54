"""A district revokes a stolen street computer from the 同步 page: the devices list says what each
key's state is, the 吊销 dialog offers where to start and waits for the tick, the write runs on
the writer, the review lists what was imported from there on, and what comes later is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QTreeWidgetItem,
)
from pytestqt.qtbot import QtBot

from app.errors import StorageError
from app.services import records
from app.services.revocation import ACTIONS, Received, ReviewBundle, TouchedRecord
from app.services.sync import DeviceState
from app.store.db import Ledger
from app.sync import keys, revocation, rotation
from app.sync.apply import apply_bundle
from app.sync.folder import sync_folder
from tests.app.sync.keyring import (
    APPLIED_AT,
    clock_stopped,
    community,
    demand,
    enrolled_pair,
    made,
    quarantined,
)
from tests.helpers.ledgers import Devices
from tests.ui.window import click_tab
from ui.dialogs import revocation_review
from ui.dialogs.revocation_review import RevocationReviewDialog
from ui.dialogs.revoke_dialog import RevokeDialog
from ui.main_window import MainWindow
from ui.pages.base import ChangeBus
from ui.pages.sync import devices as devices_panel
from ui.pages.sync.devices import DevicesPanel
from ui.pages.sync.page import SyncPage

SHOWN_AT = "2026-12-04 15:30"
STREET_OFFICE = "解放门街道办"
"""The street computer's name at the district (keyring.street_and_district enrols it so)."""
_LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def stopped() -> Iterator[None]:
    """The clock stands at APPLIED_AT."""
    with clock_stopped():
        yield


@pytest.fixture
def pair(stopped: None, devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    """A street office enrolled at its district, sealing its bundles to it."""
    with enrolled_pair(devices, tmp_path, sealed=True) as both:
        yield both


def open_page(ledger: Ledger, qtbot: QtBot) -> SyncPage:
    """The 同步 page on a ledger, shown, once it has read the state."""
    page = SyncPage(ChangeBus())
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        page.set_ledger(ledger)
    return page


@pytest.fixture
def page(pair: tuple[Ledger, Ledger], app: object, qtbot: QtBot) -> Iterator[SyncPage]:
    """The district's 同步 page."""
    page = open_page(pair[1], qtbot)
    yield page
    page.set_ledger(None)  # before the ledger closes


def reread(page: SyncPage, qtbot: QtBot) -> None:
    """Read the page's state again (after a change made behind its back)."""
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        page.refresh()


def rows(panel: DevicesPanel) -> dict[str, QTreeWidgetItem]:
    """The devices list's rows by fingerprint."""
    found = {}
    for n in range(panel.tree.topLevelItemCount()):
        item = panel.tree.topLevelItem(n)
        assert item is not None
        found[item.text(2)] = item
    return found


def state_of(panel: DevicesPanel, fingerprint: str) -> str:
    """A device's 状态 as the list shows it."""
    column = [panel.tree.headerItem().text(n) for n in range(panel.tree.columnCount())]
    return rows(panel)[fingerprint].text(column.index("状态"))


def click_device(qtbot: QtBot, panel: DevicesPanel, fingerprint: str) -> None:
    """Click a device's row in the list (on its name), once the list is laid out to show it."""
    tree = panel.tree
    item = rows(panel)[fingerprint]

    def spot() -> QPoint:
        return tree.visualRect(tree.indexFromItem(item, 0)).center()

    qtbot.waitUntil(lambda: tree.viewport().rect().contains(spot()), timeout=5_000)
    qtbot.mouseClick(tree.viewport(), _LEFT, pos=spot())
    assert panel.selected_fingerprint() == fingerprint


def open_revoke(qtbot: QtBot, panel: DevicesPanel) -> RevokeDialog:
    """Click 吊销… and wait for its dialog."""
    qtbot.mouseClick(panel.revoke_button, _LEFT)
    dialog = panel.revoke_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def click_box(qtbot: QtBot, box: QAbstractButton) -> None:
    """Click a tick box or a radio button on its text (it may be wider than what it shows)."""
    qtbot.mouseClick(box, _LEFT, pos=QPoint(8, box.height() // 2))


def listed(dialog: RevokeDialog) -> list[tuple[str, str]]:
    """The received bundles the dialog offers: sequence, when imported."""
    tree = dialog.bundle_list
    items = [tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
    return [(item.text(0), item.text(1)) for item in items if item is not None]


def texts(dialog: QDialog) -> str:
    """Every label of a dialog."""
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def review_lines(dialog: RevocationReviewDialog) -> list[str]:
    """The review list as the dialog copies it."""
    return dialog.text().splitlines()


def two_bundles_applied(street: Ledger, district: Ledger) -> tuple[str, str]:
    """The street's 1–2 (a community and a demand) and 3–3 (another demand), both imported at
    the district; the ids of the two demands."""
    place = community(street, "东七路社区")
    lift = demand(street, place, "加装电梯")
    assert apply_bundle(district, made(street).path).status == "applied"
    meals = demand(street, place, "增设助餐点")
    later = made(street)
    assert (later.seq_from, later.seq_to) == (3, 3)
    assert apply_bundle(district, later.path).status == "applied"
    return lift, meals


# --- the devices list ------------------------------------------------------------------------


def test_revoke_waits_for_a_device_chosen_and_not_wholly_revoked(
        page: SyncPage, pair: tuple[Ledger, Ledger], qtbot: QtBot) -> None:
    street, district = pair
    fingerprint = street.identity.fingerprint
    panel = page.devices
    assert panel.revoke_button.isVisible() and panel.revoke_button.text() == "吊销…"
    assert not panel.revoke_button.isEnabled()  # nothing chosen yet
    assert not panel.review_button.isVisible()  # nothing revoked
    assert state_of(panel, fingerprint) == "正常接收"

    click_device(qtbot, panel, fingerprint)
    assert panel.revoke_button.isEnabled()
    panel.update_actions(False)  # a sync runs
    assert not panel.revoke_button.isEnabled()
    panel.update_actions(True)

    revocation.revoke(district, fingerprint, 3)  # as `keys revoke --from 3` did meanwhile
    reread(page, qtbot)
    assert panel.selected_fingerprint() == fingerprint  # still chosen after the read
    assert state_of(panel, fingerprint) == "已吊销（自序号 3 起）"
    assert panel.revoke_button.isEnabled()  # it can still be moved earlier
    assert panel.review_button.isVisible() and panel.review_button.isEnabled()

    revocation.revoke(district, fingerprint, 1)
    reread(page, qtbot)
    assert state_of(panel, fingerprint) == "已吊销（自序号 1 起）"
    assert not panel.revoke_button.isEnabled()  # wholly revoked: nothing earlier
    assert panel.revoke_selected() is None
    assert panel.review_button.isEnabled()


def test_without_devices_below_there_is_nothing_to_revoke(
        stopped: None, devices: Devices, tmp_path: Path, app: object, qtbot: QtBot) -> None:
    district = devices.open(tmp_path / "区县.db", role="district", area="新城区")
    page = open_page(district, qtbot)
    try:
        assert page.devices.no_devices.isVisible()
        assert not page.devices.revoke_button.isVisible()
        assert not page.devices.review_button.isVisible()
        assert page.devices.enroll_button.isVisible()
    finally:
        page.set_ledger(None)
        district.close()


def test_the_list_says_which_key_a_device_rotated_to_and_from(
        page: SyncPage, pair: tuple[Ledger, Ledger], qtbot: QtBot) -> None:
    street, district = pair
    old = street.identity.fingerprint
    community(street, "东七路社区")
    assert apply_bundle(district, made(street).path).status == "applied"
    rotation.rotate(street)
    community(street, "西七路社区")
    assert apply_bundle(district, made(street).path).status == "applied"
    new = street.identity.fingerprint
    reread(page, qtbot)
    assert state_of(page.devices, old) == f"已轮换为 {new}"
    assert state_of(page.devices, new) == f"由 {old} 轮换而来"


# --- the dialog --------------------------------------------------------------------------------


def test_the_dialog_names_the_device_and_refuses_only_what_is_to_come_by_default(
        page: SyncPage, pair: tuple[Ledger, Ledger], qtbot: QtBot) -> None:
    street, district = pair
    two_bundles_applied(street, district)
    reread(page, qtbot)
    panel = page.devices
    click_device(qtbot, panel, street.identity.fingerprint)
    dialog = open_revoke(qtbot, panel)

    assert dialog.windowTitle() == "吊销设备"
    assert dialog.code_label.text() == keys.enrolled(  # type: ignore[union-attr]
        district, street.identity.fingerprint).code
    assert dialog.fingerprint_label.text() == street.identity.fingerprint
    said = texts(dialog)
    assert STREET_OFFICE in said and "吊销不能撤销" in said and "只能把起始序号提前" in said
    assert "一律拒收" in said and "供您逐条核查" in said
    assert dialog.future_radio.isChecked()
    assert dialog.future_radio.text() == "只拒收今后的数据包（自序号 4 起）"
    assert dialog.from_seq() == 4  # the next sequence not received (3 applied)
    assert "序号 4 起的数据包" in dialog.consequence.text()
    assert "没有已导入的数据包需要核查" in dialog.consequence.text()
    assert listed(dialog) == [("3–3", SHOWN_AT), ("1–2", SHOWN_AT)]  # the newest first

    assert not dialog.confirm_box.isChecked() and dialog.confirm_box.text() == "我确认吊销这台设备"
    assert dialog.revoke_button.text() == "吊销" and not dialog.revoke_button.isEnabled()
    dialog.accept()  # what Enter on the revoke button would do
    assert dialog.isVisible()
    click_box(qtbot, dialog.confirm_box)
    assert dialog.revoke_button.isEnabled()
    click_box(qtbot, dialog.confirm_box)
    assert not dialog.revoke_button.isEnabled()  # cleared again

    dialog.choose_bundle(1)  # an earlier start: a click in the list
    assert dialog.earlier_radio.isChecked() and dialog.from_seq() == 1
    assert "已导入的 2 个数据包（序号 1–3）将列出供核查" in dialog.consequence.text()
    click_box(qtbot, dialog.future_radio)
    assert dialog.from_seq() == 4 and not dialog.bundle_list.selectedItems()
    click_box(qtbot, dialog.earlier_radio)
    assert dialog.from_seq() == 3  # the newest received bundle

    click_box(qtbot, dialog.confirm_box)
    with qtbot.waitSignal(dialog.rejected, timeout=2_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter cancels, even with the tick
    qtbot.waitUntil(lambda: panel.revoke_dialog is None)
    assert keys.enrolled(district, street.identity.fingerprint).revoked_from is None  # type: ignore[union-attr]


def test_a_device_revoked_already_can_only_be_revoked_earlier(
        page: SyncPage, pair: tuple[Ledger, Ledger], qtbot: QtBot) -> None:
    street, district = pair
    two_bundles_applied(street, district)
    revocation.revoke(district, street.identity.fingerprint, 3)
    reread(page, qtbot)
    click_device(qtbot, page.devices, street.identity.fingerprint)
    dialog = open_revoke(qtbot, page.devices)
    assert not dialog.future_radio.isEnabled()
    assert "已从序号 3 起拒收" in dialog.future_radio.text()
    assert listed(dialog) == [("1–2", SHOWN_AT)]  # 3–3 is where it starts already
    assert dialog.earlier_radio.isChecked() and dialog.from_seq() == 1
    dialog.reject()


def test_with_nothing_allowed_to_choose_the_button_stays_off(app: object, qtbot: QtBot) -> None:
    device = DeviceState("0123456789ABCDEF", "走访笔记本", "解放门街道", 5, 0, code="1234",
                         revoked_from=3)
    dialog = RevokeDialog(device, [], None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.future_radio.isEnabled() and not dialog.earlier_radio.isEnabled()
    dialog.confirm_box.setChecked(True)
    assert dialog.from_seq() is None and not dialog.revoke_button.isEnabled()
    assert dialog.consequence.text() == "请选择从哪个序号起吊销。"


def test_the_dialog_says_what_becomes_of_a_rotation_and_of_bundles_waiting(
        app: object, qtbot: QtBot) -> None:
    device = DeviceState("0123456789ABCDEF", "走访笔记本", "解放门街道", 4, 2, code="1234",
                         waiting=["0123456789ABCDEF-6-7-0123456789abcdef.cfbundle"],
                         rotated_to="FEDCBA9876543210", rotated_after=4)
    received = [Received(1, 2, None), Received(3, 4, APPLIED_AT)]
    dialog = RevokeDialog(device, received, None)
    qtbot.addWidget(dialog)
    assert dialog.from_seq() == 5
    text = dialog.consequence.text()
    assert "轮换为新密钥 FEDCBA9876543210" in text and "新密钥也将整体吊销" in text
    assert "暂存中等待前序数据包的 1 个数据包将移入隔离区" in text
    assert listed(dialog) == [("3–4", SHOWN_AT), ("1–2", "未记录")]
    dialog.choose_bundle(3)
    assert "新密钥也将整体吊销" in dialog.consequence.text()
    plain = RevokeDialog(DeviceState("0123456789ABCDEF", "走访笔记本", "解放门街道", 4, 2),
                         received, None)
    qtbot.addWidget(plain)
    assert "轮换" not in plain.consequence.text() and "隔离区" not in plain.consequence.text()


# --- revoking ----------------------------------------------------------------------------------


def test_revoking_in_the_window_refuses_what_comes_and_lists_what_came(
        pair: tuple[Ledger, Ledger], open_window: Callable[..., MainWindow], tmp_path: Path,
        qtbot: QtBot) -> None:
    street, district = pair
    fingerprint = street.identity.fingerprint
    lift, _meals = two_bundles_applied(street, district)
    path = district.path
    district.close()  # the window opens it
    window = open_window(path)
    tabs = [page.objectName() for page in window.pages]
    page = click_tab(window, qtbot, tabs.index("sync"))
    assert isinstance(page, SyncPage)
    qtbot.waitUntil(lambda: page.view is not None and not page.busy, timeout=10_000)
    panel = page.devices
    click_device(qtbot, panel, fingerprint)
    dialog = open_revoke(qtbot, panel)
    dialog.choose_bundle(3)  # the laptop was taken after its first bundle
    click_box(qtbot, dialog.confirm_box)
    qtbot.mouseClick(dialog.revoke_button, _LEFT)
    qtbot.waitUntil(lambda: state_of(panel, fingerprint) == "已吊销（自序号 3 起）",
                    timeout=10_000)  # written on the writer, then read again

    ledger = window.ledger
    assert ledger is not None
    assert keys.enrolled(ledger, fingerprint).revoked_from == 3  # type: ignore[union-attr]
    assert window.statusBar().currentMessage() == f"已吊销 {STREET_OFFICE}（自序号 3 起）"
    review = panel.review_dialog
    assert review is not None and review.isVisible()
    assert review.windowTitle() == f"吊销 {STREET_OFFICE} 后的核查清单"
    [head, line] = review_lines(review)
    assert head == f"序号 3–3，导入于 {SHOWN_AT}：1 条记录"
    title, kind, fields, action = line.strip().split("\t")
    assert (title, kind, action) == ("增设助餐点", "需求清单", "合并写入")
    assert "需求内容" in fields.split("、") and "所属社区" in fields.split("、")
    review.copy_list()
    assert QApplication.clipboard().text() == review.text()
    review.close()
    qtbot.waitUntil(lambda: panel.review_dialog is None)

    # the street's next bundle, brought on a stick, is refused and quarantined
    demand(street, community(street, "西七路社区"), "托育点")
    stick = tmp_path / "U盘"
    assert sync_folder(street, stick).made is not None
    page.folder_sync.set_folder(stick)
    with qtbot.waitSignal(page.folder_sync.sync_finished, timeout=20_000):
        qtbot.mouseClick(page.folder_sync.sync_button, _LEFT)
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    outcome = page.folder_sync.outcomes.topLevelItem(0)
    assert outcome is not None and outcome.text(0) == "拒收"
    assert "已从序号 3 起吊销" in outcome.text(3)
    assert any(name.startswith(f"{fingerprint}-4-") for name in quarantined(ledger))
    assert rows(panel)[fingerprint].text(7) == "1"  # 隔离
    assert records.get(ledger, "demands", lift)["content"] == "加装电梯"  # before 3: kept
    assert not [d for d in records.list_records(ledger, "demands") if d["content"] == "托育点"]

    click_device(qtbot, panel, fingerprint)
    with qtbot.waitSignal(panel._review_loader.load_finished, timeout=10_000):
        qtbot.mouseClick(panel.review_button, _LEFT)  # the review again, read in a worker
    again = panel.review_dialog
    assert again is not None and again.isVisible()
    assert review_lines(again)[0] == f"序号 3–3，导入于 {SHOWN_AT}：1 条记录"
    again.close()


def test_revoking_the_old_key_at_its_rotation_voids_it_and_reviews_the_new_key(
        page: SyncPage, pair: tuple[Ledger, Ledger], qtbot: QtBot) -> None:
    street, district = pair
    old = street.identity.fingerprint
    place = community(street, "东七路社区")
    assert apply_bundle(district, made(street).path).status == "applied"  # the old key's 1
    rotation.rotate(street)
    new = street.identity.fingerprint
    demand(street, place, "加装电梯")
    assert apply_bundle(district, made(street).path).status == "applied"  # the new key's 1
    reread(page, qtbot)
    panel = page.devices
    click_device(qtbot, panel, old)
    dialog = open_revoke(qtbot, panel)
    assert dialog.from_seq() == 2
    assert f"轮换为新密钥 {new}" in dialog.consequence.text()
    dialog.confirm_box.setChecked(True)
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.revoke_button, _LEFT)

    assert state_of(panel, old) == f"已吊销（自序号 2 起）；已轮换为 {new}"
    assert state_of(panel, new) == f"已吊销（自序号 1 起）；由 {old} 轮换而来"
    click_device(qtbot, panel, new)
    assert not panel.revoke_button.isEnabled()  # wholly revoked along
    review = panel.review_dialog
    assert review is not None
    assert f"轮换为新密钥 {new}：这次轮换作废，新密钥已整体吊销" in texts(review)
    [head, line] = review_lines(review)
    assert head == f"新密钥 {new}（{STREET_OFFICE}）：序号 1–1，导入于 {SHOWN_AT}：1 条记录"
    assert line.startswith("    加装电梯\t需求清单\t")
    review.close()


def test_a_revocation_refused_by_the_ledger_is_told_and_nothing_is_reviewed(
        page: SyncPage, pair: tuple[Ledger, Ledger], qtbot: QtBot) -> None:
    street, district = pair
    fingerprint = street.identity.fingerprint
    two_bundles_applied(street, district)
    reread(page, qtbot)
    told: list[tuple[str, str]] = []
    page.devices.tell = lambda _parent, title, text: told.append((title, text))
    click_device(qtbot, page.devices, fingerprint)
    dialog = open_revoke(qtbot, page.devices)
    assert dialog.from_seq() == 4
    revocation.revoke(district, fingerprint, 2)  # meanwhile, from the command line: earlier
    dialog.confirm_box.setChecked(True)
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.revoke_button, _LEFT)
    [(title, text)] = told
    assert title == "无法吊销设备" and "吊销只能提前" in text
    assert page.devices.review_dialog is None
    assert keys.enrolled(district, fingerprint).revoked_from == 2  # type: ignore[union-attr]
    assert state_of(page.devices, fingerprint) == "已吊销（自序号 2 起）"


def test_what_cannot_be_read_is_told(page: SyncPage, pair: tuple[Ledger, Ledger], qtbot: QtBot,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    street, district = pair
    fingerprint = street.identity.fingerprint
    revocation.revoke(district, fingerprint, 2)
    reread(page, qtbot)
    told: list[tuple[str, str]] = []
    page.devices.tell = lambda _parent, title, text: told.append((title, text))
    click_device(qtbot, page.devices, fingerprint)

    def unreadable(*_args: object) -> object:
        raise StorageError("无法读取数据库：磁盘错误")

    monkeypatch.setattr(devices_panel, "received", unreadable)
    monkeypatch.setattr(devices_panel, "review", unreadable)
    assert page.devices.revoke_selected() is None
    qtbot.mouseClick(page.devices.review_button, _LEFT)
    qtbot.waitUntil(lambda: len(told) == 2, timeout=10_000)
    assert told == [("无法吊销设备", "无法读取数据库：磁盘错误"),
                    ("无法读取核查清单", "无法读取数据库：磁盘错误")]
    assert page.devices.revoke_dialog is None and page.devices.review_dialog is None


# --- the review list ---------------------------------------------------------------------------


def test_the_review_says_what_it_cannot_know_and_bounds_what_it_lists(
        app: object, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(revocation_review, "RECORDS_SHOWN", 2)
    many = [TouchedRecord("demand", "需求清单", f"id{n}", f"需求{n}", ACTIONS["merge"],
                          ("需求内容",)) for n in range(5)]
    lost = TouchedRecord("demand", "需求清单", "x", "加装电梯", ACTIONS["conflict"], ("答复",))
    review = [ReviewBundle("0123456789ABCDEF", 1, 1, None, None),
              ReviewBundle("0123456789ABCDEF", 2, 2, "2026-12-04T07:30:00+00:00", []),
              ReviewBundle("0123456789ABCDEF", 3, 4, "2026-12-04T07:30:00+00:00", many),
              ReviewBundle("FEDCBA9876543210", 1, 1, "2026-12-04T07:30:00+00:00", [lost])]
    dialog = RevocationReviewDialog("走访笔记本", "0123456789ABCDEF", 1, review, {}, [], None)
    qtbot.addWidget(dialog)
    assert review_lines(dialog) == [
        "序号 1–1（导入时间未记录）",
        "    此数据包在本版本之前导入，未记录它改动了哪些记录。",
        f"序号 2–2，导入于 {SHOWN_AT}：0 条记录",
        "    没有改动任何记录。",
        f"序号 3–4，导入于 {SHOWN_AT}：5 条记录",
        "    需求0\t需求清单\t需求内容\t合并写入",
        "    需求1\t需求清单\t需求内容\t合并写入",
        "    另有 3 条记录未在此列出。",
        f"新密钥 FEDCBA9876543210：序号 1–1，导入于 {SHOWN_AT}：1 条记录",
        "    加装电梯\t需求清单\t答复\t冲突（未采用）",
    ]
    nothing = RevocationReviewDialog("走访笔记本", "0123456789ABCDEF", 3, [], parent=None)
    qtbot.addWidget(nothing)
    nothing.show()
    assert not nothing.tree.isVisible() and not nothing.copy_button.isVisible()
    assert "没有已导入的、序号达到 3 的数据包，无需核查。" in texts(nothing)
