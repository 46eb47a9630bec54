"""网络中继 on the sync page: the upward relay and (district, city) the collecting one, whether the
last round reached them, and 立即同步; the two dialogs that set them."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain import china_time
from app.errors import KnownError
from app.services.relay_sync import RelayStatus
from app.store import relays
from app.sync import connect
from ui import theme
from ui.autosync import AutoSync, next_try_text
from ui.files import ask_open_path
from ui.pages.sync.parts import GOOD, MUTED, WAITING, SyncPanel, SyncView, box, button, label
from ui.pages.sync.relay_settings import RelaySettings
from ui.widgets.heading import section_label

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.dialogs.collect_dialog import CollectDialog
    from ui.dialogs.connect_dialog import ConnectDialog
    from ui.pages.base import ChangeBus

CONNECT_FOLDER = "files/connect_folder"
"""Where a connection file was last opened."""


class RelayPanel(SyncPanel):
    """网络中继: the relays set, the window's rounds with them (AutoSync) and 立即同步."""

    def __init__(self, bus: ChangeBus, origin: object, parent: QWidget | None = None) -> None:
        super().__init__(bus, origin, parent)
        self.autosync: AutoSync | None = None
        """The window's rounds (use_autosync); without it 立即同步 stays disabled."""
        self.connect_dialog: ConnectDialog | None = None
        self.collect_dialog: CollectDialog | None = None
        frame, self.grid = box()
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

        self.upward_label = label()
        self.upward_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.connect_button = button(
            self.tr("Import connection file…"), self.import_connection,
            self.tr("The file the office above made for this office: its relay and its key"))
        self.collect_name = label(self.tr("Collecting relay"), wrap=False)
        self.collect_label = label()
        self.collect_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.collect_button = button(
            self.tr("Set collecting relay…"), self.set_collect,
            self.tr("The relay the offices below send their bundles to"))
        self.state_label = label()
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setStyleSheet(theme.PRIMARY_BUTTON)
        self.sync_button.setToolTip(self.tr("Run a round with the relays now"))
        self.sync_button.clicked.connect(self.sync_now)

        upward_name = label(self.tr("Upward relay"), wrap=False)
        state_name = label(self.tr("Status"), wrap=False)
        self.row_labels = [upward_name, self.collect_name, state_name]
        self.grid.addWidget(upward_name, 0, 0, left)
        self.grid.addWidget(self.upward_label, 0, 1)
        self.grid.addWidget(self.connect_button, 0, 2)
        self.grid.addWidget(self.collect_name, 1, 0, left)
        self.grid.addWidget(self.collect_label, 1, 1)
        self.grid.addWidget(self.collect_button, 1, 2)
        self.grid.addWidget(state_name, 2, 0, left)
        self.grid.addWidget(self.state_label, 2, 1)
        self.grid.addWidget(self.sync_button, 2, 2)
        self.column.addWidget(section_label(self.tr("Network relay")))
        self.column.addWidget(frame)
        self._show_settings(None)
        self.show_status(None)

    def use_autosync(self, autosync: AutoSync) -> None:
        """Show the window's relay rounds and run them on 立即同步."""
        self.autosync = autosync
        autosync.status_changed.connect(self.show_status)
        self.show_status(autosync.status())

    # --- showing ---------------------------------------------------------------------------

    @property
    def settings(self) -> RelaySettings | None:
        """The relay settings last read (None before a read)."""
        return self.view.relays if self.view is not None else None

    def show_view(self, ledger: Ledger | None, view: SyncView | None) -> None:
        """The relays of what was read."""
        super().show_view(ledger, view)
        self._show_settings(self.settings)

    def _show_settings(self, settings: RelaySettings | None) -> None:
        upward = settings.upward if settings is not None else None
        if upward is not None:
            name = (upward.upstream or {}).get("name") or self.tr("the office above")
            self.upward_label.setText(self.tr("{url} (user {user}), reporting to {name}").format(
                url=upward.url, user=upward.user, name=name))
            self.upward_label.setStyleSheet("")
        else:
            self.upward_label.setText(self.tr(
                "Not set: import the connection file the office above gave you."))
            self.upward_label.setStyleSheet(MUTED)
        collects = settings is not None and settings.collects
        for widget in (self.collect_name, self.collect_label, self.collect_button):
            widget.setVisible(collects)
        collect = settings.collect if settings is not None else None
        if collect is not None:
            self.collect_label.setText(self.tr("{url} (user {user})").format(
                url=collect.url, user=collect.user))
            self.collect_label.setStyleSheet("")
        else:
            self.collect_label.setText(self.tr("Not set"))
            self.collect_label.setStyleSheet(MUTED)

    def show_status(self, status: object) -> None:
        """在线/离线, the last delivery, the next round and the last error, in plain words."""
        self._update_sync_button()
        if not isinstance(status, RelayStatus) or not status.configured:
            self.state_label.setText(self.tr("No relay set: this office syncs only with a "
                                             "folder (USB stick)."))
            self.state_label.setStyleSheet(MUTED)
            return
        running = self.autosync is not None and self.autosync.running
        if running:
            lines = [self.tr("Syncing…")]
            style = ""
        elif status.online is None:
            lines, style = [self.tr("Not reached yet")], MUTED
        elif status.online:
            lines, style = [self.tr("Online")], GOOD
        else:
            lines, style = [self.tr("Offline")], theme.PROBLEM_TEXT
        if status.last_delivery is not None:
            lines.append(self.tr("Last delivered: {time}").format(
                time=china_time.shown(status.last_delivery)))
        if status.next_try is not None and not running:
            lines.append(self.tr("Next sync: {time}").format(time=next_try_text(status)))
        if status.last_error:
            lines.append(self.tr("Last error: {error}").format(error=status.last_error))
            if style == "":
                style = WAITING
        if status.clock_warning:
            lines.append(status.clock_warning)
            if style in ("", GOOD):
                style = WAITING
        self.state_label.setText("\n".join(lines))
        self.state_label.setStyleSheet(style)

    def update_actions(self, ready: bool) -> None:
        """Set and sync while a ledger is open and no folder sync runs."""
        super().update_actions(ready)
        loaded = ready and self.view is not None
        self.connect_button.setEnabled(loaded)
        self.collect_button.setEnabled(loaded)
        self._update_sync_button()

    def _update_sync_button(self) -> None:
        auto = self.autosync
        self.sync_button.setEnabled(self.ready and auto is not None and auto.configured
                                    and not auto.running)

    # --- actions ---------------------------------------------------------------------------

    def sync_now(self) -> None:
        """A round now (AutoSync.sync_now)."""
        if self.autosync is not None and self.ready:
            self.autosync.sync_now()
            self._update_sync_button()

    def import_connection(self, path: Path | None = None) -> ConnectDialog | None:
        """Read a .cfconnect (asked for when not given), then open the dialog that checks its
        code; None if not opened (cancelled, or refused: the user is told why)."""
        from ui.dialogs.connect_dialog import ConnectDialog

        ledger, view = self.ledger, self.view
        if ledger is None or view is None or not self.ready:
            return None
        title = self.tr("Import connection file")
        if path is None:
            path = ask_open_path(self, title, self.tr("Connection file (*{suffix})").format(
                suffix=connect.SUFFIX), CONNECT_FOLDER)
        if path is None:
            return None
        try:
            connection = connect.read_connect(path, ledger)
        except KnownError as exc:
            self.tell(self, title, str(exc))
            return None
        dialog = ConnectDialog(connection, view.home, view.state.upstream, self)
        dialog.accepted.connect(partial(self._import, connection, dialog))
        dialog.finished.connect(partial(self._closed, dialog))
        self.connect_dialog = dialog
        dialog.open()
        return dialog

    def _import(self, connection: connect.Connection, dialog: ConnectDialog) -> None:
        ledger = self.ledger
        if ledger is None:
            return
        replace = dialog.replacing()
        operation = self.write(
            lambda _state: connect.import_connect(ledger, connection, connection.code, replace),
            self.tr("Import connection file"))
        operation.succeeded.connect(self._imported)

    def _imported(self, done: object) -> None:
        assert isinstance(done, connect.Imported)
        self.status_message.emit(self.tr("Connection file imported: reporting to {name} over "
                                         "{url}").format(name=done.upstream.label,
                                                         url=done.relay.url))
        if self.autosync is not None:
            self.autosync.reload()

    def set_collect(self) -> CollectDialog | None:
        """Open 设置收集中继 (URL, user, password, CA file); None if it cannot open now."""
        from ui.dialogs.collect_dialog import CollectDialog

        if self.ledger is None or self.view is None or not self.ready:
            return None
        settings = self.settings
        dialog = CollectDialog(settings.collect if settings is not None else None, self)
        dialog.accepted.connect(partial(self._save_collect, dialog))
        dialog.finished.connect(partial(self._closed, dialog))
        self.collect_dialog = dialog
        dialog.open()
        return dialog

    def _save_collect(self, dialog: CollectDialog) -> None:
        ledger = self.ledger
        if ledger is None:
            return
        url, user, password, ca = dialog.values()
        operation = self.write(
            lambda _state: relays.save(ledger, relays.COLLECT, url, user, password, ca),
            self.tr("Set collecting relay"))
        operation.succeeded.connect(self._collect_saved)

    def _collect_saved(self, _kept: object) -> None:
        self.status_message.emit(self.tr("The collecting relay is set."))
        if self.autosync is not None:
            self.autosync.reload()

    def _closed(self, dialog: QWidget, _result: int) -> None:
        if self.connect_dialog is dialog:
            self.connect_dialog = None
        if self.collect_dialog is dialog:
            self.collect_dialog = None
        dialog.deleteLater()
