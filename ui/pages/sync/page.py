"""The 同步 page: the four panels of ui/pages/sync, the state they show read in one go."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app.sync import connect
from app.sync.bundle import SUFFIX as BUNDLE_SUFFIX
from ui.pages.base import ChangeBus, Page
from ui.pages.sync.conflicts import ConflictsPanel
from ui.pages.sync.devices import DevicesPanel
from ui.pages.sync.folder import FolderPanel
from ui.pages.sync.office import OfficePanel
from ui.pages.sync.parts import MUTED, SECTION_SPACING, SyncPanel, SyncView, label, load_sync
from ui.pages.sync.relay import RelayPanel
from ui.widgets import notice
from ui.widgets.heading import title_label
from ui.widgets.loader import Loader
from ui.widgets.scrolling import fill_with_scrolling

if TYPE_CHECKING:
    from app.store.areas import Scope
    from app.store.db import Ledger
    from ui.autosync import AutoSync


class SyncPage(Page):
    """同步: who this office is to others (its key), how far its changes were delivered, the sync
    with a folder (a USB stick), the devices below it, and the values that lost a merge.

    Each is a panel (ui/pages/sync/); the page reads what they show in a worker, gives it to
    them, and reads it again after any of them wrote (a sync, a key, a conflict).
    """

    sync_loaded = Signal()
    """The page shows the latest state of the ledger."""

    def __init__(self, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(bus, parent)
        self.title = self.tr("Sync")
        self.view: SyncView | None = None
        """What the page shows (None before the first read, or without a ledger)."""
        self.office = OfficePanel(bus, self)
        """This office: its key, its deliveries, the office above."""
        self.folder_sync = FolderPanel(bus, self)
        """The sync with a folder (a USB stick) and what it did."""
        self.relay = RelayPanel(bus, self)
        """网络中继: the relays set, the window's rounds with them, 立即同步."""
        self.devices = DevicesPanel(bus, self)
        """The devices below, and enrolling one."""
        self.conflicts = ConflictsPanel(bus, self)
        """The values that lost a merge."""
        self.panels: tuple[SyncPanel, ...] = (self.office, self.folder_sync, self.relay,
                                              self.devices, self.conflicts)
        self._loader = Loader(self)
        self._build()
        for panel in self.panels:
            panel.status_message.connect(self.status_message)
            panel.written.connect(self._on_written)
        self.folder_sync.running_changed.connect(lambda _running: self._update())
        self._loader.load_finished.connect(self._show)
        self._loader.load_failed.connect(self.status_message)
        self._loader.busy_changed.connect(self.loading.setVisible)
        self._clear()

    _pending_file: Path | None = None
    """A file handed to the app before the page had read its state."""
    tell: notice.Tell = staticmethod(notice.warn)
    """How a refused file is told (tests replace it)."""

    def _build(self) -> None:
        self.heading = title_label(self.tr("Sync"))
        self.loading = label(self.tr("Reading…"), MUTED, wrap=False)
        self.loading.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.loading)
        intro = label(self.tr(
            "Changes travel as signed data bundles over a network relay, a USB stick or a "
            "shared folder: field laptops to the street, streets to the district, districts to "
            "the city. Receipts come back the same way and mark the changes as delivered."), MUTED)

        office, folder, relay = self.office, self.folder_sync, self.relay
        side = (office.export_button, office.trust_button, folder.choose_button,
                relay.connect_button, relay.collect_button, relay.sync_button)
        width = max(button.sizeHint().width() for button in side)
        for button in side:
            button.setFixedWidth(width)
        first = max(widget.sizeHint().width() for widget in (
            *office.row_labels, *folder.row_labels, *relay.row_labels, folder.sync_button))
        for grid in (office.grid, folder.grid, relay.grid):  # the values start at one line
            grid.setColumnMinimumWidth(0, first)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(SECTION_SPACING)
        column.addLayout(top)
        column.addWidget(intro)
        column.addSpacing(4)
        for panel in self.panels:
            if panel is not self.office:
                column.addSpacing(8)
            column.addWidget(panel, 1 if panel is self.conflicts else 0)
        self.scroll_area = fill_with_scrolling(self, content)

    # --- Page ------------------------------------------------------------------------------

    def set_ledger(self, ledger: Ledger | None) -> None:
        """The open ledger; a sync still running for the old one is stopped and waited for."""
        if ledger is not self.ledger:
            self.stop()
            self._loader.stop()
            self.view = None
            for panel in self.panels:  # nothing of the old ledger is acted on meanwhile
                panel.show_view(ledger, None)
        super().set_ledger(ledger)

    def use_autosync(self, autosync: AutoSync) -> None:
        """The window's relay rounds: shown in 网络中继, run by its 立即同步."""
        self.relay.use_autosync(autosync)
        autosync.round_finished.connect(self._on_written)

    def set_scope(self, scope: Scope) -> None:
        """The area chosen in the tree: only the areas offered when a device is enrolled."""
        self.scope = scope
        self.devices.scope = scope

    def refresh(self) -> None:
        """Read the sync state and the conflicts again (in a worker)."""
        self._stale = False
        if self.ledger is None:
            self._loader.stop()
            self._clear()
            return
        self._loader.start(partial(load_sync, self.ledger))

    @property
    def busy(self) -> bool:
        """Whether a sync or a read of the state is still running."""
        return self.folder_sync.task is not None or self._loader.busy

    def stop(self) -> None:
        """Cancel a running sync and wait for it (before its ledger closes)."""
        self.folder_sync.stop()

    # --- showing ---------------------------------------------------------------------------

    def _clear(self) -> None:
        self.view = None
        for panel in self.panels:
            panel.show_view(self.ledger, None)
        self._update()

    def _show(self, data: object) -> None:
        assert isinstance(data, SyncView)
        self.view = data
        for panel in self.panels:
            panel.show_view(self.ledger, data)
        self._update()
        self.sync_loaded.emit()
        pending, self._pending_file = self._pending_file, None
        if pending is not None:
            self.open_file(pending)

    # --- files handed to the app ---------------------------------------------------------

    def open_file(self, path: Path) -> None:
        """A file handed to the app (a double click, or a second start of it): a connection
        file opens the dialog that checks its code; a data bundle syncs with the folder it is
        in, as 同步 with that folder does (its receipt is left beside it). Anything else, or a
        file that is gone, is refused with a message. Waits for the page's state first."""
        title = self.tr("Open file")
        if not path.is_file():
            self.tell(self, title, self.tr("{path} is not there (was the USB stick taken "
                                           "out?).").format(path=path))
            return
        suffix = path.suffix.lower()
        if suffix not in (connect.SUFFIX, BUNDLE_SUFFIX):
            self.tell(self, title, self.tr("{name} is neither a data bundle (*{bundle}) nor a "
                                           "connection file (*{connect}).").format(
                name=path.name, bundle=BUNDLE_SUFFIX, connect=connect.SUFFIX))
            return
        if self.ledger is None or self.view is None:
            self._pending_file = path
            return
        if suffix == connect.SUFFIX:
            self.relay.import_connection(path)
        else:
            self.folder_sync.set_folder(path.parent)
            self.folder_sync.sync()

    def _update(self) -> None:
        """The panels act while a ledger is open and no sync runs."""
        ready = self.ledger is not None and self.folder_sync.task is None
        for panel in self.panels:
            panel.update_actions(ready)

    def _on_written(self) -> None:
        if self.ledger is not None:
            self.refresh()
