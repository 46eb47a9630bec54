"""设置收集中继: the relay a district or the city collects from (URL, user, password, CA file),
checked as `relay set` checks them; the password goes to the keyring or the secrets file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.errors import KnownError, UsageError
from app.store import relays
from ui import theme
from ui.files import ask_open_path
from ui.widgets import fitting
from ui.widgets.dialog_parts import accept_cancel, padded_layout

if TYPE_CHECKING:
    from app.store.relays import Relay

CA_FOLDER = "files/ca_folder"
MAX_PASSWORD = 1024


def read_ca(path: Path) -> str:
    """A CA certificate file, read bounded and checked (UsageError in Chinese)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(relays.MAX_CA + 1)
    except OSError as exc:
        raise UsageError(f"无法读取 CA 证书文件“{path}”：{exc.strerror or '读取失败'}") from None
    try:
        return relays.check_ca(raw.decode("ascii"))
    except UnicodeDecodeError:
        raise UsageError(f"“{path.name}”不是 PEM 格式的 CA 证书") from None


class CollectDialog(QDialog):
    """URL, user, password (hidden) and an optional CA file; 保存 checks them first."""

    def __init__(self, current: Relay | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set collecting relay"))
        self.setMinimumWidth(560)
        self._values: tuple[str, str, str, str | None] | None = None
        intro = QLabel(self.tr(
            "The relay the offices below send their data to. The address, user and password "
            "come from whoever runs the relay. The password is kept in the system's keyring "
            "(or a file only you can read), never in the ledger."))
        intro.setWordWrap(True)
        self.url_edit = QLineEdit(current.url if current is not None else "")
        self.url_edit.setPlaceholderText("https://relay.example.cn/dav/")
        self.user_edit = QLineEdit(current.user if current is not None else "")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_edit = QLineEdit()
        self.ca_edit.setPlaceholderText(self.tr("Optional: only for a relay with its own "
                                                "certificate"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self.choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(choose)
        self.keep_ca = current is not None and bool(current.ca_pem)
        self.current_ca = current.ca_pem if current is not None else None

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Address"), self.url_edit)
        form.addRow(self.tr("User"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("CA certificate"), ca_row)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet(theme.PROBLEM_TEXT)
        self.error_label.hide()

        self.buttons, self.save_button = accept_cancel(self, self.tr("Save"))
        layout = padded_layout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        fitting.fit(self, scroll=True)

    def choose_ca(self) -> None:
        """Ask for the relay's CA certificate file."""
        path = ask_open_path(self, self.tr("Choose the relay's CA certificate"),
                             self.tr("Certificate (*.pem *.crt *.cer);;All files (*)"),
                             CA_FOLDER)
        if path is not None:
            self.ca_edit.setText(str(path))

    def check(self) -> tuple[str, str, str, str | None]:
        """The values as `relay set` checks them (UsageError in Chinese)."""
        url = relays.check_url(self.url_edit.text())
        user = relays.check_user(self.user_edit.text())
        password = self.password_edit.text()
        if not password or len(password) > MAX_PASSWORD:
            raise UsageError(f"请输入中继密码（1 到 {MAX_PASSWORD} 个字符）")
        ca_name = self.ca_edit.text().strip()
        ca = read_ca(Path(ca_name)) if ca_name else (self.current_ca if self.keep_ca else None)
        return url, user, password, ca

    def values(self) -> tuple[str, str, str, str | None]:
        """URL, user, password and CA text, as checked on 保存."""
        assert self._values is not None
        return self._values

    def accept(self) -> None:
        """Save only checked values; what is wrong is said in the dialog."""
        try:
            self._values = self.check()
        except KnownError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        super().accept()
