"""网络中继 on the 同步 page: its states, 导入连接文件 (the code's tick, a real import) and
设置收集中继 (settings kept, the password never in the ledger)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services import relay_sync
from app.services.areas import resolve_scope
from app.store import relays
from app.store.db import Ledger
from app.store.settings import get_setting
from app.sync import connect, keyfile, keys
from app.sync.bundle import SUFFIX as bundle_suffix
from tests.app.sync.ledgers import STREET
from tests.helpers.ledgers import Devices
from tests.helpers.relay import TestRelay, make_certificates
from tests.helpers.relay_offices import connected
from tests.ui.window import click_tab
from ui.main_window import MainWindow
from ui.pages.base import ChangeBus
from ui.pages.sync import relay as relay_panel
from ui.pages.sync.page import SyncPage


def _quiet(_seconds: float) -> None:
    """Retries never wait in tests."""


def _page(ledger: Ledger, qtbot: QtBot) -> SyncPage:
    page = SyncPage(ChangeBus())
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        page.set_ledger(ledger)
    return page


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    """A district and one of its streets, neither with a relay set."""
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area=STREET)
    yield district, street
    street.close()
    district.close()


def test_a_street_without_relay_says_not_set_and_cannot_sync_now(
        offices: tuple[Ledger, Ledger], app: object, qtbot: QtBot) -> None:
    page = _page(offices[1], qtbot)
    panel = page.relay
    assert panel.tr("Not set") in panel.upward_label.text() or "未设置" in (
        panel.upward_label.text())
    assert not panel.collect_button.isVisible()  # a street collects from no relay
    assert panel.connect_button.isEnabled()
    assert not panel.sync_button.isEnabled()
    page.set_ledger(None)


def test_a_district_offers_the_collecting_relay(offices: tuple[Ledger, Ledger], app: object,
                                                 qtbot: QtBot) -> None:
    page = _page(offices[0], qtbot)
    assert page.relay.collect_button.isVisible() and page.relay.collect_button.isEnabled()
    page.set_ledger(None)


def test_a_connected_street_shows_its_relay_online_after_a_round(
        relay: TestRelay, devices: Devices, tmp_path: Path,
        open_window: Callable[..., MainWindow], qtbot: QtBot) -> None:
    both = connected(devices, tmp_path, relay)
    assert relay_sync.relay_round(both.district, sleep=_quiet) is not None
    path = both.street.path
    both.street.close()
    window = open_window(path)
    auto = window.autosync
    auto.retry_sleep = _quiet
    qtbot.waitUntil(lambda: auto.configured, timeout=10_000)
    auto.round_timer.stop()
    page = next(p for p in window.pages if isinstance(p, SyncPage))
    assert click_tab(window, qtbot, window.pages.index(page)) is page
    panel = page.relay
    qtbot.waitUntil(lambda: panel.settings is not None and panel.settings.upward is not None,
                    timeout=10_000)
    assert both.code in panel.upward_label.text() and "新城区" in panel.upward_label.text()
    qtbot.waitUntil(panel.sync_button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(auto.round_finished, timeout=30_000):
        panel.sync_button.click()
    assert auto.status().online is True
    assert panel.tr("Online") in panel.state_label.text()
    assert panel.sync_button.isEnabled()

    relay.stop()  # offline: the next round fails and says so
    with qtbot.waitSignal(auto.round_finished, timeout=60_000):
        panel.sync_now()
    assert auto.status().online is False
    text = panel.state_label.text()
    assert panel.tr("Offline") in text and (auto.status().last_error or "?") in text
    both.district.close()


def _connect_file(district: Ledger, street: Ledger, folder: Path) -> Path:
    scope = resolve_scope(district, f"street:{STREET}")
    assert scope is not None
    data = connect.make_connect(district, scope, keyfile.own_key_file_text(street),
                                "https://relay.example.cn/dav/s1/", "s1", "密码123", None)
    path = folder / f"s1{connect.SUFFIX}"
    path.write_bytes(data)
    return path


def test_the_connect_dialog_waits_for_the_tick_then_imports(
        offices: tuple[Ledger, Ledger], app: object, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    district, street = offices
    path = _connect_file(district, street, tmp_path)
    monkeypatch.setattr(relay_panel, "ask_open_path", lambda *_args: path)
    page = _page(street, qtbot)
    dialog = page.relay.import_connection()
    assert dialog is not None and not dialog.wrong_area and dialog.replace_box is None
    assert not dialog.import_button.isEnabled()
    dialog.accept()  # Enter before the tick does nothing
    assert dialog.isVisible()
    dialog.code_check.confirm_box.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        dialog.import_button.click()
    found = relays.relay(street, relays.UPWARD)
    assert found is not None and found.url == "https://relay.example.cn/dav/s1/"
    upstream = keys.upstream(street)
    assert upstream is not None and upstream.fingerprint == district.identity.fingerprint
    assert "relay.example.cn" in page.relay.upward_label.text()
    page.set_ledger(None)


def test_a_connect_file_for_another_office_cannot_be_imported(
        offices: tuple[Ledger, Ledger], app: object, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    district, street = offices
    path = _connect_file(district, street, tmp_path)
    monkeypatch.setattr(relay_panel, "ask_open_path", lambda *_args: path)
    page = _page(district, qtbot)  # the district is not the office the file is for
    dialog = page.relay.import_connection()
    assert dialog is not None and dialog.wrong_area and dialog.problem is not None
    dialog.code_check.confirm_box.setChecked(True)
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    page.set_ledger(None)


def test_a_refused_connect_file_is_told(offices: tuple[Ledger, Ledger], app: object,
                                        qtbot: QtBot, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / f"bad{connect.SUFFIX}"
    path.write_bytes(b"not a zip")
    monkeypatch.setattr(relay_panel, "ask_open_path", lambda *_args: path)
    page = _page(offices[1], qtbot)
    told: list[str] = []
    page.relay.tell = lambda _parent, _title, text: told.append(text)
    assert page.relay.import_connection() is None
    assert told and "bad" in told[0]
    page.set_ledger(None)


def test_the_collect_dialog_checks_and_keeps_the_settings_without_the_password(
        offices: tuple[Ledger, Ledger], app: object, qtbot: QtBot) -> None:
    district = offices[0]
    page = _page(district, qtbot)
    dialog = page.relay.set_collect()
    assert dialog is not None
    dialog.url_edit.setText("ftp://relay")
    dialog.user_edit.setText("city")
    dialog.password_edit.setText("口令-42")
    dialog.accept()
    assert dialog.isVisible() and "中继地址" in dialog.error_label.text()
    dialog.url_edit.setText("https://relay.example.cn/dav")
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        dialog.save_button.click()
    found = relays.relay(district, relays.COLLECT)
    assert found is not None and found.url == "https://relay.example.cn/dav/"
    assert found.user == "city"
    assert "口令-42" not in str(get_setting(district, relays.setting_key(relays.COLLECT)))
    login = relays.login(district, relays.COLLECT)
    assert login is not None and login.password == "口令-42"
    assert "relay.example.cn" in page.relay.collect_label.text()
    page.set_ledger(None)


def test_a_connect_file_replacing_the_office_above_needs_a_second_tick(
        offices: tuple[Ledger, Ledger], devices: Devices, app: object, qtbot: QtBot,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    district, street = offices
    other = devices.open(tmp_path / "碑林区" / "台账.db", role="district", area="碑林区")
    keys.trust_upstream(street, keyfile.own_key_file_text(other))  # the office above until now
    other.close()
    path = _connect_file(district, street, tmp_path)
    monkeypatch.setattr(relay_panel, "ask_open_path", lambda *_args: path)
    page = _page(street, qtbot)
    dialog = page.relay.import_connection()
    assert dialog is not None and dialog.replace_box is not None
    dialog.code_check.confirm_box.setChecked(True)
    assert not dialog.import_button.isEnabled() and not dialog.replacing()
    dialog.accept()  # the code ticked alone does not replace the office above
    assert dialog.isVisible()
    upstream = keys.upstream(street)
    assert upstream is not None and upstream.fingerprint != district.identity.fingerprint
    dialog.replace_box.setChecked(True)
    assert dialog.import_button.isEnabled() and dialog.replacing()
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        dialog.import_button.click()
    upstream = keys.upstream(street)
    assert upstream is not None and upstream.fingerprint == district.identity.fingerprint
    found = relays.relay(street, relays.UPWARD)
    assert found is not None and found.url == "https://relay.example.cn/dav/s1/"
    page.set_ledger(None)


def test_the_collect_dialog_refuses_a_bad_ca_file_and_keeps_a_good_one(
        offices: tuple[Ledger, Ledger], app: object, qtbot: QtBot, tmp_path: Path) -> None:
    district = offices[0]
    page = _page(district, qtbot)
    dialog = page.relay.set_collect()
    assert dialog is not None
    dialog.url_edit.setText("https://relay.example.cn/dav/")
    dialog.user_edit.setText("city")
    dialog.password_edit.setText("口令-42")
    not_pem = tmp_path / "中继证书.txt"
    not_pem.write_text("这不是证书", encoding="utf-8")
    broken = tmp_path / "损坏.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                      encoding="ascii")
    for path, words in ((tmp_path / "没有这个文件.pem", "无法读取"), (not_pem, "中继证书.txt"),
                        (broken, "已损坏")):
        dialog.ca_edit.setText(str(path))
        dialog.accept()
        assert dialog.isVisible(), path
        assert words in dialog.error_label.text() and dialog.error_label.isVisible(), path
    assert relays.relay(district, relays.COLLECT) is None  # nothing kept meanwhile
    ca_file, _cert, _key = make_certificates(tmp_path)
    dialog.ca_edit.setText(str(ca_file))
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        dialog.save_button.click()
    found = relays.relay(district, relays.COLLECT)
    assert found is not None and found.ca_pem == ca_file.read_text(encoding="ascii").strip() + "\n"
    page.set_ledger(None)


def test_a_connection_file_handed_to_the_app_opens_its_dialog_once_the_page_has_read(
        offices: tuple[Ledger, Ledger], app: object, qtbot: QtBot, tmp_path: Path) -> None:
    """A double-clicked .cfconnect (or one given to a second start) waits for the page."""
    district, street = offices
    path = _connect_file(district, street, tmp_path)
    page = SyncPage(ChangeBus())
    qtbot.addWidget(page)
    page.show()
    page.open_file(path)  # no ledger yet: kept until the page has read its state
    assert page.relay.connect_dialog is None
    with qtbot.waitSignal(page.sync_loaded, timeout=10_000):
        page.set_ledger(street)
    dialog = page.relay.connect_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.wrong_area
    dialog.reject()
    page.set_ledger(None)


def test_a_bundle_handed_to_the_app_syncs_with_its_folder(
        offices: tuple[Ledger, Ledger], app: object, qtbot: QtBot, tmp_path: Path) -> None:
    district, _street = offices
    stick = tmp_path / "U盘"
    stick.mkdir()
    bundle = stick / f"610102005000-0123456789ABCDEF-1-1{bundle_suffix}"
    bundle.write_bytes(b"not really a bundle")
    page = _page(district, qtbot)
    page.folder_sync.tell = lambda *_args: None
    with qtbot.waitSignal(page.folder_sync.sync_started, timeout=10_000):
        page.open_file(bundle)
    assert page.folder_sync.folder == stick
    qtbot.waitUntil(lambda: page.folder_sync.task is None, timeout=30_000)
    page.set_ledger(None)


@pytest.mark.parametrize("name", ["说明.docx", "gone.cfbundle"])
def test_a_file_that_is_not_ours_or_gone_is_refused(name: str, offices: tuple[Ledger, Ledger],
                                                    app: object, qtbot: QtBot,
                                                    tmp_path: Path) -> None:
    _district, street = offices
    path = tmp_path / name
    if name.endswith(".docx"):
        path.write_bytes(b"PK")
    page = _page(street, qtbot)
    told: list[str] = []
    page.tell = lambda _parent, _title, message: told.append(message)
    page.open_file(path)
    [message] = told
    assert name in message
    assert ("既不是数据包" in message) if name.endswith(".docx") else ("找不到" in message)
    assert page.folder_sync.task is None and page.relay.connect_dialog is None
    page.set_ledger(None)
