"""The 同步 page as a street office uses it: a laptop's USB stick synced, conflicts, keys."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.changes import Changes
from app.domain.china_time import CHINA
from app.services import records
from app.services.areas import resolve_scope
from app.services.sync import sync_state
from app.store import enckey
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.identity import Identity
from app.sync import keyfile, keys, minisign
from app.sync.bundle import Made
from app.sync.folder import sync_folder
from app.sync.keyfile import KeyFile, confirmation_code
from app.sync.receipts import Accepted
from app.sync.rewind import Rewound
from tests.app.sync.ledgers import copy_of_template, make_template, public_key_text
from tests.ui.window import changes_shown
from ui.main_window import MainWindow
from ui.models import conflict_table
from ui.pages.base import ChangeBus
from ui.pages.sync import folder as folder_panel
from ui.pages.sync.page import SyncPage
from ui.widgets.task_progress import TaskProgress

STREET = "解放门街道"
LAPTOP = "走访笔记本"
_LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="session")
def street_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed street ledger (with the reference list) to copy every ledger of a test from."""
    return make_template(tmp_path_factory.mktemp("同步"), STREET)


@pytest.fixture
def office(street_template: Path, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    """A field laptop and its street office, the laptop enrolled at the street."""
    laptop = copy_of_template(street_template, tmp_path / "笔记本" / "台账.db")
    street = copy_of_template(street_template, tmp_path / "街道" / "台账.db")
    keys.enroll(street, public_key_text(laptop), street_scope(street), label=LAPTOP)
    yield laptop, street
    laptop.close()
    street.close()


@pytest.fixture
def page(office: tuple[Ledger, Ledger], app: object, qtbot: QtBot) -> Iterator[SyncPage]:
    """The 同步 page on the street's ledger, shown, with 解放门街道 chosen in the tree."""
    street = office[1]
    page = SyncPage(ChangeBus())
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    page.set_scope(street_scope(street))
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        page.set_ledger(street)
    yield page
    page.set_ledger(None)  # before the ledger closes


def street_scope(ledger: Ledger) -> Scope:
    scope = resolve_scope(ledger, f"street:{STREET}")
    assert scope is not None
    return scope


def settled(qtbot: QtBot, page: SyncPage) -> None:
    """Wait until the sync and the reading after it have ended."""
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)


def click_sync(qtbot: QtBot, page: SyncPage, folder: Path) -> object:
    """Choose the folder and press 同步; the FolderSync once the page shows it."""
    page.folder_sync.set_folder(folder)
    assert page.folder_sync.sync_button.isEnabled()
    with qtbot.waitSignal(page.folder_sync.sync_finished, timeout=20_000) as done:
        qtbot.mouseClick(page.folder_sync.sync_button, _LEFT)
    settled(qtbot, page)
    return done.args[0]


def notices(widget: QWidget) -> list[QMessageBox]:
    """The message boxes shown over a widget."""
    return [box for box in widget.findChildren(QMessageBox) if box.isVisible()]


def laptop_demand(laptop: Ledger, content: str = "加装电梯") -> tuple[str, str]:
    """A community and a demand recorded on the laptop: their ids."""
    community = records.create(laptop, "communities", {"name": "东七路社区", "street": STREET})
    return community, records.create(laptop, "demands", {"community": community,
                                                         "content": content})


def key_file(folder: Path, name: str, *, old: bool = False) -> tuple[Path, KeyFile]:
    """A new device's public key file (format 2, or the older two lines), and what it says."""
    identity = Identity(secrets.token_bytes(8), Ed25519PrivateKey.generate())
    encryption = X25519PrivateKey.generate().public_key().public_bytes_raw()
    text = keyfile.key_file_text(identity, encryption)
    if old:
        text = minisign.public_key(identity.key_id, identity.private_key).text()
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path, keyfile.parse_key_file(text)


def answer_open(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(path), ""))


# --- syncing ----------------------------------------------------------------------------------


def test_the_page_shows_who_this_office_is_and_the_devices_it_receives_from(
        page: SyncPage, office: tuple[Ledger, Ledger]) -> None:
    laptop, street = office
    assert page.office.fingerprint_label.text() == street.identity.fingerprint
    assert page.office.code_label.text() == confirmation_code(street.identity.public_key)
    assert page.office.delivery_label.text() == "所有修改均已送达"
    assert page.office.upstream_label.text().startswith("未信任")
    assert not page.folder_sync.sync_button.isEnabled()  # no folder chosen yet
    assert "尚未选择" in page.folder_sync.folder_label.text()
    devices = page.devices.tree
    [row] = [devices.topLevelItem(n) for n in range(devices.topLevelItemCount())]
    assert [row.text(n) for n in range(6)] == [
        LAPTOP, STREET, laptop.identity.fingerprint,
        confirmation_code(laptop.identity.public_key), "0", "0"]
    assert page.conflicts.no_conflicts.isVisible() and not page.conflicts.table.isVisible()
    assert not page.conflicts.restore_button.isVisible()


def test_syncing_a_stick_imports_the_laptops_bundle_and_says_so(
        page: SyncPage, office: tuple[Ledger, Ledger], tmp_path: Path, qtbot: QtBot) -> None:
    laptop, street = office
    stick = tmp_path / "U盘"
    community, _demand = laptop_demand(laptop)
    sent = sync_folder(laptop, stick)
    assert sent.made is not None
    told: list[tuple[Changes, object]] = []
    page.bus.changed.connect(lambda *args: told.append(args))

    result = click_sync(qtbot, page, stick)

    assert isinstance(result, folder_panel.FolderSync)
    assert records.get(street, "communities", community)["name"] == "东七路社区"
    summary = page.folder_sync.summary.text()
    assert "收到 1 个数据包" in summary and "已为下级设备写出 1 份回执" in summary
    assert "导入前已备份数据库" in summary
    [outcome] = [page.folder_sync.outcomes.topLevelItem(n)
                 for n in range(page.folder_sync.outcomes.topLevelItemCount())]
    assert outcome.text(0) == "已导入" and outcome.text(1) == LAPTOP
    assert outcome.text(2) == f"{sent.made.seq_from}–{sent.made.seq_to}"
    assert (stick / "receipts" / f"{laptop.identity.fingerprint}-{sent.made.seq_to}.cfreceipt"
            ).is_file()
    row = page.devices.tree.topLevelItem(0)
    assert (row.text(4), row.text(5)) == (str(sent.made.seq_to), "1")
    undelivered = sync_state(street).undelivered
    assert undelivered > 0  # the street now sends the laptop's rows upward
    assert page.office.delivery_label.text() == f"{undelivered} 项修改尚未送达上级"
    [(changes, origin)] = told  # every page hears that records may have changed
    assert changes.everything and changes.data and origin is page
    assert page.folder_sync.folder == stick and sync_state(street).last_folder == str(stick)

    again = click_sync(qtbot, page, stick)  # nothing new on the stick
    assert isinstance(again, folder_panel.FolderSync) and not again.outcomes
    assert "文件夹中没有下级设备的新数据包" in page.folder_sync.summary.text()
    assert not page.folder_sync.outcomes.isVisible()


def test_the_folder_last_used_is_offered_again(office: tuple[Ledger, Ledger], tmp_path: Path,
                                               app: object, qtbot: QtBot) -> None:
    street = office[1]
    sync_folder(street, tmp_path / "U盘")
    page = SyncPage(ChangeBus())
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        page.set_ledger(street)
    assert page.folder_sync.folder == tmp_path / "U盘" and page.folder_sync.sync_button.isEnabled()
    page.set_ledger(None)


def test_a_folder_that_cannot_be_written_is_explained_in_chinese(
        page: SyncPage, tmp_path: Path, qtbot: QtBot) -> None:
    not_a_folder = tmp_path / "U盘"
    not_a_folder.write_text("一个文件，不是文件夹", encoding="utf-8")
    page.folder_sync.set_folder(not_a_folder)
    with qtbot.waitSignal(page.folder_sync.sync_failed, timeout=20_000) as failed:
        qtbot.mouseClick(page.folder_sync.sync_button, _LEFT)
    settled(qtbot, page)
    message = failed.args[0]
    assert message.startswith("无法在") and "U盘" in message
    [box] = notices(page)
    assert box.windowTitle() == "同步失败" and box.text() == message
    assert "Traceback" not in box.text() and "程序错误" not in box.text()
    assert page.folder_sync.summary.text() == f"同步失败：{message}"
    assert page.folder_sync.sync_button.isEnabled()  # not stuck: it can be tried again
    box.close()


def test_cancelling_a_sync_leaves_the_page_ready(
        page: SyncPage, office: tuple[Ledger, Ledger], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    laptop, street = office
    stick = tmp_path / "U盘"
    laptop_demand(laptop)
    sync_folder(laptop, stick)
    started, go = threading.Event(), threading.Event()
    real = folder_panel.sync_folder

    def held(*args: object, **kwargs: object) -> object:
        started.set()
        go.wait(10)  # long enough for the user to press 取消
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(folder_panel, "sync_folder", held)
    page.folder_sync.set_folder(stick)
    qtbot.mouseClick(page.folder_sync.sync_button, _LEFT)
    assert not page.folder_sync.sync_button.isEnabled() and page.folder_sync.task is not None
    qtbot.waitUntil(started.is_set)
    [progress] = page.findChildren(TaskProgress)
    qtbot.waitUntil(progress.isVisible, timeout=5_000)
    [cancel] = progress.findChildren(QPushButton)
    assert cancel.text() == "取消"
    with qtbot.waitSignal(page.folder_sync.sync_failed, timeout=20_000) as failed:
        qtbot.mouseClick(cancel, _LEFT)
        go.set()
    settled(qtbot, page)

    assert "同步已取消" in failed.args[0]
    assert page.folder_sync.summary.text() == failed.args[0] and not notices(page)
    assert page.folder_sync.sync_button.isEnabled() and page.folder_sync.task is None
    assert sync_state(street).devices[0].applied_seq == 0  # stopped before importing
    result = click_sync(qtbot, page, stick)  # and the next sync runs through
    assert isinstance(result, folder_panel.FolderSync)
    assert [o.status for o in result.outcomes] == ["applied"]


# --- conflicts --------------------------------------------------------------------------------


def test_a_value_lost_in_a_merge_is_listed_and_can_be_restored_or_reviewed(
        page: SyncPage, office: tuple[Ledger, Ledger], tmp_path: Path, qtbot: QtBot,
        qtmodeltester: object) -> None:
    laptop, street = office
    stick = tmp_path / "U盘"
    community, demand = laptop_demand(laptop)
    other = records.create(laptop, "demands", {"community": community, "content": "增设助餐点"})
    sync_folder(laptop, stick)
    sync_folder(street, stick)
    records.update(laptop, "demands", demand, {"reply": "现场答复：下月施工"})
    records.update(laptop, "demands", other, {"reply": "现场答复：已联系餐饮企业"})
    sync_folder(laptop, stick)
    records.update(street, "demands", demand, {"reply": "街道答复：已列入计划"})  # later: wins
    records.update(street, "demands", other, {"reply": "街道答复：下季度开办"})

    click_sync(qtbot, page, stick)

    model = page.conflicts.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 2 and page.conflicts.table.isVisible()
    assert page.conflicts.count_label.text() == "2 条待查看"
    rows = {model.index(row, conflict_table.RECORD).data(): row for row in range(2)}
    row = rows["加装电梯"]
    shown = [model.index(row, column).data() for column in range(model.columnCount())]
    label = records.spec_of("demands").field("reply").label
    assert shown[:6] == ["需求清单", "加装电梯", label, "现场答复：下月施工",
                         "街道答复：已列入计划", LAPTOP]
    assert not page.conflicts.restore_button.isEnabled()  # nothing chosen yet

    table = page.conflicts.table
    cell = table.visualRect(model.index(row, conflict_table.LOST)).center()
    qtbot.mouseClick(table.viewport(), _LEFT, pos=cell)
    assert page.conflicts.selected_conflict() is not None
    assert page.conflicts.restore_button.isEnabled() and page.conflicts.review_button.isEnabled()
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        qtbot.mouseClick(page.conflicts.restore_button, _LEFT)

    assert records.get(street, "demands", demand)["reply"] == "现场答复：下月施工"
    assert model.rowCount() == 1
    assert model.index(0, conflict_table.RECORD).data() == "增设助餐点"
    page.conflicts.select_conflict(0)
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        qtbot.mouseClick(page.conflicts.review_button, _LEFT)
    assert records.get(street, "demands", other)["reply"] == "街道答复：下季度开办"  # kept
    assert model.rowCount() == 0
    assert page.conflicts.no_conflicts.isVisible() and not page.conflicts.table.isVisible()


# --- keys -------------------------------------------------------------------------------------


def test_the_public_key_is_exported_and_an_upper_key_trusted(
        page: SyncPage, office: tuple[Ledger, Ledger], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    street = office[1]
    target = tmp_path / "公钥" / "街道.pub"
    target.parent.mkdir()
    offered: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, *_args: object) -> tuple[str, str]:
        offered.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(page.office.export_button, _LEFT)
    fingerprint = street.identity.fingerprint
    assert Path(offered[0]).name == f"{STREET}公钥-{fingerprint}.pub"
    exported = keyfile.parse_key_file(target.read_text(encoding="utf-8"))  # format 2
    assert exported.fingerprint == fingerprint
    assert exported.encryption == enckey.load_or_create(street.path).public
    code = confirmation_code(street.identity.public_key)
    assert str(target) in page.office.key_feedback.text()
    assert code in page.office.key_feedback.text()

    upper, upper_key = key_file(tmp_path, "区县.pub")
    answer_open(monkeypatch, upper)
    qtbot.mouseClick(page.office.trust_button, _LEFT)
    dialog = page.office.trust_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.code_check.code_label.text() == upper_key.code
    assert not dialog.trust_button.isEnabled()  # not before the code was compared
    dialog.code_check.confirm_box.setChecked(True)
    assert dialog.trust_button.isEnabled()
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.trust_button, _LEFT)
    assert page.office.trust_dialog is None
    assert sync_state(street).upstream == upper_key.fingerprint
    trusted = keys.upstream(street)
    assert trusted is not None and trusted.encryption_key == upper_key.encryption
    assert page.office.upstream_label.text() == (
        f"已信任（确认码 {upper_key.code}，指纹 {upper_key.fingerprint}）")
    assert upper_key.code in page.office.key_feedback.text()

    other, other_key = key_file(tmp_path, "另一个.pub")
    answer_open(monkeypatch, other)
    qtbot.mouseClick(page.office.trust_button, _LEFT)
    dialog = page.office.trust_dialog
    assert dialog is not None
    assert upper_key.fingerprint in " ".join(label.text() for label in dialog.findChildren(QLabel))
    dialog.reject()  # cancelled: the key trusted stays
    assert page.office.trust_dialog is None
    assert sync_state(street).upstream == upper_key.fingerprint != other_key.fingerprint

    damaged = tmp_path / "坏的.pub"
    damaged.write_text("不是公钥", encoding="utf-8")
    answer_open(monkeypatch, damaged)
    qtbot.mouseClick(page.office.trust_button, _LEFT)
    [box] = notices(page)
    assert "公钥文件格式不对" in box.text()
    box.close()
    assert page.office.trust_dialog is None
    assert sync_state(street).upstream == upper_key.fingerprint  # unchanged


def test_a_device_is_enrolled_for_a_street_of_the_area(
        page: SyncPage, office: tuple[Ledger, Ledger], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    street = office[1]
    path, key = key_file(tmp_path, "第二台.pub")
    answer_open(monkeypatch, path)
    qtbot.mouseClick(page.devices.enroll_button, _LEFT)
    dialog = page.devices.enroll_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.fingerprint_label.text() == key.fingerprint
    assert dialog.code_check.code_label.text() == key.code
    assert dialog.key_rows.old_format is None
    combo = dialog.area_combo
    assert [combo.itemText(n) for n in range(combo.count())] == [f"新城区 · {STREET}"]
    dialog.label_edit.setText("第二台笔记本")
    assert not dialog.enroll_button.isEnabled()  # the code is not compared yet
    qtbot.mouseClick(dialog.code_check.confirm_box, _LEFT)
    assert dialog.enroll_button.isEnabled()
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.enroll_button, _LEFT)

    assert page.devices.enroll_dialog is None
    enrolled = keys.enrolled(street, key.fingerprint)
    assert enrolled is not None and enrolled.label == "第二台笔记本"
    assert enrolled.scope_id == street_scope(street).id
    assert (enrolled.encryption_key, enrolled.formats) == (key.encryption, key.formats)
    rows = [page.devices.tree.topLevelItem(n) for n in range(page.devices.tree.topLevelItemCount())]
    assert sorted(row.text(0) for row in rows) == sorted([LAPTOP, "第二台笔记本"])
    assert {row.text(0): row.text(3) for row in rows}["第二台笔记本"] == key.code


def test_a_tampered_key_file_is_refused_and_an_old_one_said_to_be_old(
        page: SyncPage, office: tuple[Ledger, Ledger], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    street = office[1]
    path, key = key_file(tmp_path, "笔记本.pub")
    lines = path.read_text(encoding="utf-8").splitlines()
    other, _other_key = key_file(tmp_path, "别人的.pub")
    lines[2:] = other.read_text(encoding="utf-8").splitlines()[2:]  # another's encryption key
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    answer_open(monkeypatch, path)
    qtbot.mouseClick(page.devices.enroll_button, _LEFT)
    [box] = notices(page)
    assert "签名不符" in box.text()
    box.close()
    assert page.devices.enroll_dialog is None
    assert keys.enrolled(street, key.fingerprint) is None

    old, old_key = key_file(tmp_path, "旧.pub", old=True)
    answer_open(monkeypatch, old)
    qtbot.mouseClick(page.devices.enroll_button, _LEFT)
    dialog = page.devices.enroll_dialog
    assert dialog is not None and dialog.key_rows.old_format is not None
    assert dialog.key_rows.old_format.isVisible() and "旧格式" in dialog.key_rows.old_format.text()
    assert dialog.code_check.code_label.text() == old_key.code
    dialog.reject()


# --- in the window ----------------------------------------------------------------------------


def test_the_sync_tab_syncs_and_the_status_bar_follows(
        street_template: Path, tmp_path: Path, open_window: Callable[..., MainWindow],
        qtbot: QtBot) -> None:
    laptop = copy_of_template(street_template, tmp_path / "笔记本" / "台账.db")
    street = copy_of_template(street_template, tmp_path / "街道" / "台账.db")
    keys.enroll(street, public_key_text(laptop), street_scope(street), label=LAPTOP)
    path = street.path
    street.close()
    stick = tmp_path / "U盘"
    laptop_demand(laptop)
    sync_folder(laptop, stick)
    laptop.close()

    window = open_window(path)
    page = window.show_page("sync")
    assert isinstance(page, SyncPage) and page.title == "同步"
    settled(qtbot, page)
    assert changes_shown(window) == 0
    click_sync(qtbot, page, stick)
    assert window.ledger is not None
    undelivered = sync_state(window.ledger).undelivered
    assert undelivered > 0
    qtbot.waitUntil(lambda: changes_shown(window) == undelivered, timeout=5_000)


# --- last contact, and what a sync says of checkpoints and a restored office above ----------


def test_a_quiet_laptops_checkpoint_shows_as_its_last_contact(
        page: SyncPage, office: tuple[Ledger, Ledger], tmp_path: Path, qtbot: QtBot) -> None:
    laptop, _street = office
    stick = tmp_path / "U盘"
    [row] = [page.devices.tree.topLevelItem(n)
             for n in range(page.devices.tree.topLevelItemCount())]
    last = page.devices.tree.columnCount() - 1
    assert page.devices.tree.headerItem().text(last) == "最后联系" and row.text(last) == "从未"
    heard_at = dt.datetime(2026, 1, 2, 9, 0, tzinfo=CHINA)  # the laptop's own clock
    assert sync_folder(laptop, stick, now=heard_at).checkpoint is not None

    result = click_sync(qtbot, page, stick)

    assert isinstance(result, folder_panel.FolderSync)
    [outcome] = [page.folder_sync.outcomes.topLevelItem(n)
                 for n in range(page.folder_sync.outcomes.topLevelItemCount())]
    assert outcome.text(0) == "已联系（无新修改）" and outcome.text(1) == LAPTOP
    assert "最后联系时间更新为 2026-01-02 09:00" in outcome.text(3)
    summary = page.folder_sync.summary.text()
    assert "没有新的修改：已写出检查点" in summary  # the street had nothing new either
    assert "导入前已备份" not in summary  # a checkpoint merges nothing
    row = page.devices.tree.topLevelItem(0)
    assert row.text(last) == "2026-01-02 09:00"


def test_the_sync_report_says_what_a_restored_office_above_got_again(page: SyncPage,
                                                                     tmp_path: Path) -> None:
    result = folder_panel.FolderSync(tmp_path)
    result.accepted = [
        Accepted(tmp_path / "a.cfreceipt", 1, 0, 0, Rewound(1, 2, 4, ["x.cfbundle"])),
        Accepted(tmp_path / "b.cfreceipt", 1, 0, 0, Rewound(1, 2, 5, [], rebundled=Made(
            tmp_path / "y.cfbundle", 2, 5, 3))),
        Accepted(tmp_path / "c.cfreceipt", 3, 0, 0, ignored="旧密钥"),
    ]
    result.expired = ["old.cfbundle"]
    lines = page.folder_sync.summary_lines(result)
    assert "上级已从备份恢复，已重新发送序号 2–4 的数据包。" in lines
    assert any("已从修改记录重新打包序号 2–5" in line for line in lines)
    assert "已忽略 1 份由上级已停用的密钥签发的回执。" in lines
    assert "已删除 1 个送达超过 30 天的数据包。" in lines
    assert "收到回执：已送达至序号 1。" in lines  # the old key's receipt counts for nothing
