"""The enrol and trust dialogs: the confirmation code in large digits, and nothing done before
the tick box says it was compared by phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from app.domain.enums import Level
from app.store.areas import Scope
from app.store.identity import Identity
from app.sync import keyfile, minisign
from app.sync.keyfile import KeyFile
from ui.dialogs.enroll_dialog import EnrollArea, EnrollDialog
from ui.dialogs.trust_dialog import TrustDialog

IDENTITY = Identity(bytes.fromhex("0123456789abcdef"),
                    Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
KEY = keyfile.parse_key_file(keyfile.key_file_text(
    IDENTITY, X25519PrivateKey.from_private_bytes(bytes(32)).public_key().public_bytes_raw()))
OLD = KeyFile(minisign.public_key(IDENTITY.key_id, IDENTITY.private_key), None,
              keyfile.FORMAT_1)
STREET = EnrollArea("新城区 · 解放门街道", Scope(Level.STREET, "s1", "解放门街道", "610102005"))


@pytest.fixture
def enroll(app: object, qtbot: QtBot) -> EnrollDialog:
    dialog = EnrollDialog(KEY, Path("笔记本.pub"), [STREET])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _texts(dialog: QDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_the_enrol_dialog_shows_the_code_large(enroll: EnrollDialog) -> None:
    code = enroll.code_check.code_label
    assert code.text() == KEY.code == keyfile.confirmation_code(IDENTITY.public_key)
    assert code.font().pointSizeF() >= 1.5 * enroll.font().pointSizeF()
    assert code.font().bold()
    assert enroll.fingerprint_label.text() == KEY.fingerprint
    assert enroll.code_check.confirm_box.text() == "已通过电话与对方核对确认码一致"
    assert "确认码" in _texts(enroll) and enroll.key_rows.old_format is None


def test_the_enrol_button_waits_for_the_tick(enroll: EnrollDialog, qtbot: QtBot) -> None:
    assert not enroll.enroll_button.isEnabled()
    qtbot.keyClick(enroll, Qt.Key.Key_Return)  # Enter does not enrol either
    enroll.accept()
    assert enroll.isVisible() and enroll.result() == 0
    qtbot.mouseClick(enroll.code_check.confirm_box, Qt.MouseButton.LeftButton)
    assert enroll.code_check.confirmed() and enroll.enroll_button.isEnabled()
    qtbot.mouseClick(enroll.code_check.confirm_box, Qt.MouseButton.LeftButton)
    assert not enroll.enroll_button.isEnabled()  # cleared again
    enroll.code_check.confirm_box.setChecked(True)
    with qtbot.waitSignal(enroll.accepted, timeout=2_000):
        qtbot.mouseClick(enroll.enroll_button, Qt.MouseButton.LeftButton)
    assert enroll.enroll_area() == STREET.scope


def test_without_an_area_the_tick_does_not_enable_enrolling(app: object, qtbot: QtBot) -> None:
    dialog = EnrollDialog(OLD, Path("旧.pub"), [])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.code_check.confirm_box.setChecked(True)
    assert not dialog.enroll_button.isEnabled()
    assert dialog.key_rows.old_format is not None and dialog.key_rows.old_format.isVisible()
    assert "没有加密公钥" in dialog.key_rows.old_format.text()


def test_the_trust_dialog_waits_for_the_tick_and_names_the_key_it_replaces(
        app: object, qtbot: QtBot) -> None:
    dialog = TrustDialog(KEY, Path("区县.pub"), replaces="FEDCBA9876543210")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.code_check.code_label.text() == KEY.code
    assert "FEDCBA9876543210" in _texts(dialog)
    assert not dialog.trust_button.isEnabled()
    dialog.accept()
    assert dialog.isVisible()
    dialog.code_check.confirm_box.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=2_000):
        qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
    again = TrustDialog(KEY, Path("区县.pub"), replaces=KEY.fingerprint)  # the same key again
    qtbot.addWidget(again)
    assert "取代" not in _texts(again)
