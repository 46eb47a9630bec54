"""The 同步 page: this office's key and deliveries, sync with a folder, devices below, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QItemSelection, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Level
from app.errors import KnownError
from app.services.areas import area_tree
from app.services.sync import (
    Conflict,
    SyncState,
    conflicts,
    mark_reviewed,
    restore_lost,
    sync_state,
)
from app.store.areas import Scope, configured_scope
from app.store.whole import written_whole
from app.sync import keys, minisign
from app.sync.folder import FolderSync, sync_folder
from app.sync.outcome import Outcome, Status
from app.task import TaskState
from ui.dialogs.enroll_dialog import EnrollDialog, enroll_areas
from ui.files import ask_open_path, ask_save_path, remembered_folder
from ui.models.conflict_table import (
    DEVICE,
    FIELD,
    KEPT,
    LEDGER,
    LOST,
    RECORD,
    TIME,
    ConflictTableModel,
)
from ui.operations import Operation, run_write
from ui.pages.base import ChangeBus, Page
from ui.tasks import Job
from ui.widgets import notice
from ui.widgets.heading import section_label, title_label
from ui.widgets.loader import Loader
from ui.widgets.scrolling import fill_with_scrolling
from ui.widgets.task_progress import TaskProgress

if TYPE_CHECKING:
    from app.store.db import Ledger

KEY_FOLDER = "files/key_folder"
"""Where public key files were last saved or opened."""
SYNC_FOLDER = "files/sync_folder"
"""Where the last sync folder was chosen (before a ledger remembers one)."""

MUTED = "color: #5f6368;"
GOOD = "color: #2e7d32;"
WAITING = "color: #9a5b00;"
BAD = "color: #b3261e;"
STATUS_COLOURS = {Status.APPLIED: "#2e7d32", Status.DUPLICATE: "#5f6368", Status.GAP: "#9a5b00",
                  Status.AHEAD: "#9a5b00", Status.FORK: "#b3261e", Status.REJECTED: "#b3261e",
                  Status.FAILED: "#b3261e"}
HELD_COLOURS = {"waiting": ("#fdf0d5", "#9a5b00"), "quarantined": ("#fbe3e1", "#b3261e")}
"""Background and text of a device's held bundles: waiting for a gap, quarantined forks."""
PRIMARY = (
    "QPushButton { background: #1a67d2; color: white; border: 1px solid #1a67d2;"
    " border-radius: 6px; padding: 8px 32px; font-weight: bold; }"
    "QPushButton:hover { background: #14529f; }"
    "QPushButton:pressed { background: #0f3f7a; }"
    "QPushButton:disabled { background: #9dbbe6; border-color: #9dbbe6; color: white; }"
)
BOX_STYLE = "#syncBox { background: palette(base); border: 1px solid #dadce0; border-radius: 6px; }"
EMPTY_STYLE = ("background: palette(base); border: 1px dashed #dadce0; border-radius: 6px;"
               " padding: 10px 16px; color: #5f6368;")
"""A list with nothing in it: what it will hold, in words."""
ROWS_SHOWN = 6
"""The device and outcome lists grow up to this many rows, then scroll."""
CONFLICT_MIN_HEIGHT = 180


@dataclass(frozen=True)
class SyncView:
    """What the page shows, read in one go (in a worker)."""

    state: SyncState
    conflicts: list[Conflict]
    home: Scope | None


def load_sync(ledger: Ledger, _state: TaskState) -> SyncView:
    """This office's sync state, the conflicts to review, and its own area (in a worker)."""
    return SyncView(sync_state(ledger), conflicts(ledger), configured_scope(ledger))


def run_sync(ledger: Ledger, folder: Path, state: TaskState) -> FolderSync:
    """Exchange bundles and receipts with a folder (in a worker; cancelled between steps)."""
    return sync_folder(ledger, folder, state)


def status_label(status: Status) -> str:
    """What became of a received bundle, in the user's language (已导入, 重复 …)."""
    translate = QCoreApplication.translate
    labels = {
        Status.APPLIED: translate("SyncPage", "Imported"),
        Status.DUPLICATE: translate("SyncPage", "Duplicate"),
        Status.GAP: translate("SyncPage", "Held (earlier ones missing)"),
        Status.AHEAD: translate("SyncPage", "Held (clock ahead)"),
        Status.FORK: translate("SyncPage", "Quarantined (fork)"),
        Status.REJECTED: translate("SyncPage", "Refused"),
        Status.FAILED: translate("SyncPage", "Failed"),
    }
    return labels[status]


def _label(text: str = "", style: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if style:
        label.setStyleSheet(style)
    return label


def _box() -> tuple[QFrame, QGridLayout]:
    box = QFrame()
    box.setObjectName("syncBox")
    box.setStyleSheet(BOX_STYLE)
    grid = QGridLayout(box)
    grid.setContentsMargins(16, 12, 16, 12)
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(10)
    grid.setColumnStretch(1, 1)
    return box, grid


def _list(headers: list[str], *, stretch_last: bool = False) -> QTreeWidget:
    """A small read-only list (a handful of devices or bundles) that grows with its rows."""
    tree = QTreeWidget()
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    tree.setHeaderLabels(headers)
    tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
    header = tree.header()
    header.setStretchLastSection(stretch_last)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _fit(tree: QTreeWidget) -> None:
    """As high as its rows (up to ROWS_SHOWN), so that the page has no empty list space."""
    rows = tree.topLevelItemCount()
    row = tree.sizeHintForRow(0) if rows else 0
    shown = min(rows, ROWS_SHOWN) * row
    frame = 2 * tree.frameWidth()
    tree.setFixedHeight(tree.header().sizeHint().height() + shown + frame + (2 if rows else 0))


class SyncPage(Page):
    """同步: who this office is to others (its key), how far its changes were delivered, the sync
    with a folder (a USB stick), the devices below it, and the values that lost a merge.

    The sync runs in a worker with a progress dialog that can cancel it; afterwards the page
    tells what was written, delivered and received, bundle by bundle, and every page is told
    on the bus that records may have changed.
    """

    sync_started = Signal(object)
    """A sync with a folder is about to run on the writer; carries its Operation."""

    sync_finished = Signal(object)
    """A sync with a folder ended well; carries the FolderSync (what it did)."""

    sync_failed = Signal(str)
    """A sync failed or was cancelled; carries what the user was told."""

    sync_loaded = Signal()
    """The page shows the latest state of the ledger."""

    write_finished = Signal()
    """A key enrolled or trusted, or a conflict restored or reviewed, has ended (or failed)."""

    def __init__(self, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(bus, parent)
        self.title = self.tr("Sync")
        self.view: SyncView | None = None
        """What the page shows (None before the first read, or without a ledger)."""
        self.folder: Path | None = None
        """The folder to sync with (a USB stick); the ledger's last one until another is chosen."""
        self.task: Operation | None = None
        """The sync running, if any."""
        self.last_sync: FolderSync | None = None
        """What the last sync of this page did."""
        self.enroll_dialog: EnrollDialog | None = None
        """The 登记设备 dialog while it is open."""
        self.tell: notice.Tell = notice.warn
        """Tells why something failed (a message box; tests may replace it)."""
        self._loader = Loader(self)
        self._build()
        self._loader.load_finished.connect(self._show)
        self._loader.load_failed.connect(self._show_error)
        self._loader.busy_changed.connect(self.loading.setVisible)
        self._clear()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self._row_labels: list[QLabel] = []
        self._grids: list[QGridLayout] = []
        self.heading = title_label(self.tr("Sync"))
        self.loading = _label(self.tr("Reading…"), MUTED, wrap=False)
        self.loading.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.loading)
        intro = _label(self.tr(
            "Changes travel as signed data bundles on a USB stick or a shared folder: field "
            "laptops to the street, streets to the district, districts to the city. Receipts "
            "come back the same way and mark the changes as delivered."), MUTED)

        identity = self._build_identity()
        transport = self._build_transport()
        devices = self._build_devices()
        conflicts_box = self._build_conflicts()

        side = (self.export_button, self.trust_button, self.choose_button)
        width = max(button.sizeHint().width() for button in side)
        for button in side:
            button.setFixedWidth(width)
        first = max(widget.sizeHint().width() for widget in (*self._row_labels,
                                                             self.sync_button))
        for grid in self._grids:  # the values of both boxes start at one line
            grid.setColumnMinimumWidth(0, first)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(10)
        column.addLayout(top)
        column.addWidget(intro)
        column.addSpacing(4)
        column.addWidget(section_label(self.tr("This office")))
        column.addWidget(identity)
        column.addSpacing(8)
        column.addWidget(section_label(self.tr("Sync with a folder (USB stick)")))
        column.addWidget(transport)
        column.addSpacing(8)
        column.addLayout(self._section_row(section_label(self.tr("Devices below")),
                                           self.enroll_button))
        column.addWidget(devices)
        column.addSpacing(8)
        self.conflicts_heading = section_label(self.tr("Conflicts"))
        column.addLayout(self._section_row(self.conflicts_heading, self.restore_button,
                                           self.review_button, extra=self.conflict_count))
        column.addWidget(conflicts_box, 1)
        self.scroll_area = fill_with_scrolling(self, content)

    def _section_row(self, heading: QLabel, *buttons: QPushButton,
                     extra: QLabel | None = None) -> QHBoxLayout:
        """A section's heading with what it counts, and its buttons on the right."""
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(heading, 0, Qt.AlignmentFlag.AlignBottom)
        if extra is not None:
            row.addWidget(extra, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        return row

    def _row_label(self, text: str) -> QLabel:
        label = _label(text, wrap=False)
        self._row_labels.append(label)
        return label

    def _button(self, text: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        if tip:
            button.setToolTip(tip)
        return button

    def _build_identity(self) -> QFrame:
        box, grid = _box()
        self._grids.append(grid)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

        self.fingerprint_label = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(self.font().pointSizeF() * 1.2)
        font.setWeight(QFont.Weight.Bold)
        self.fingerprint_label.setFont(font)
        self.fingerprint_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.fingerprint_label.setToolTip(self.tr(
            "This office's fingerprint: the office above checks it when it enrols this "
            "computer"))
        fingerprint_note = _label(self.tr("Tell it to the office above when it enrols your "
                                          "public key."), MUTED)
        self.export_button = self._button(
            self.tr("Export public key…"), self.export_public_key,
            self.tr("Save this office's public key as a .pub file, for the office above to "
                    "enrol"))
        fingerprint = QHBoxLayout()
        fingerprint.setSpacing(16)
        fingerprint.addWidget(self.fingerprint_label)
        fingerprint.addWidget(fingerprint_note, 1)
        grid.addWidget(self._row_label(self.tr("Own fingerprint")), 0, 0, left)
        grid.addLayout(fingerprint, 0, 1)
        grid.addWidget(self.export_button, 0, 2)

        self.delivery_label = _label()
        font = self.delivery_label.font()
        font.setBold(True)
        self.delivery_label.setFont(font)
        self.delivery_detail = _label(style=MUTED)
        delivery = QVBoxLayout()
        delivery.setSpacing(2)
        delivery.addWidget(self.delivery_label)
        delivery.addWidget(self.delivery_detail)
        grid.addWidget(self._row_label(self.tr("Delivered")), 1, 0, top)
        grid.addLayout(delivery, 1, 1)

        self.upstream_label = _label()
        self.trust_button = self._button(
            self.tr("Trust upstream key…"), self.trust_upstream,
            self.tr("Open the public key file (.pub) of the office above: its receipts are "
                    "accepted from then on"))
        grid.addWidget(self._row_label(self.tr("Office above")), 2, 0, left)
        grid.addWidget(self.upstream_label, 2, 1)
        grid.addWidget(self.trust_button, 2, 2)

        self.key_feedback = _label()
        self.key_feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_feedback.hide()
        grid.addWidget(self.key_feedback, 3, 0, 1, 3)
        return box

    def _build_transport(self) -> QFrame:
        box, grid = _box()
        self._grids.append(grid)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

        self.folder_label = _label()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = self._button(
            self.tr("Choose folder…"), self.choose_folder,
            self.tr("The USB stick (or shared folder) to sync with"))
        grid.addWidget(self._row_label(self.tr("Folder")), 0, 0, left)
        grid.addWidget(self.folder_label, 0, 1)
        grid.addWidget(self.choose_button, 0, 2)

        self.sync_button = QPushButton(self.tr("Sync"))
        self.sync_button.setStyleSheet(PRIMARY)
        font = self.sync_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sync_button.setFont(font)
        self.sync_button.setToolTip(self.tr("Sync with the folder"))
        self.sync_button.clicked.connect(self.sync)
        self.sync_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        grid.addWidget(self.sync_button, 1, 0, 1, 1, left)
        grid.addWidget(_label(self.tr(
            "Writes this office's new changes to the folder, reads the receipts for them, "
            "imports the bundles of the enrolled devices below and leaves a receipt for each. "
            "The database is backed up before anything is imported."), MUTED), 1, 1, 1, 2)

        self.result_panel = QWidget()
        result = QVBoxLayout(self.result_panel)
        result.setContentsMargins(0, 4, 0, 0)
        result.setSpacing(6)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #dadce0;")
        self.summary = _label()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcomes = _list([self.tr("Result"), self.tr("Device"), self.tr("Changes"),
                               self.tr("Why")], stretch_last=True)
        result.addWidget(rule)
        result.addWidget(self.summary)
        result.addWidget(self.outcomes)
        self.result_panel.hide()
        grid.addWidget(self.result_panel, 2, 0, 1, 3)
        return box

    def _build_devices(self) -> QWidget:
        self.enroll_button = self._button(
            self.tr("Enrol device…"), self.enroll_device,
            self.tr("Open a device's public key file (.pub) and choose the area it may send"))
        self.devices = _list([self.tr("Name"), self.tr("Area"), self.tr("Fingerprint"),
                              self.tr("Imported up to"), self.tr("Bundles"),
                              self.tr("Waiting"), self.tr("Quarantined")])
        self.no_devices = _label(self.tr(
            "No device is enrolled yet. Enrol the field laptops (at a district, the streets' "
            "computers) with their public key file: only bundles signed by an enrolled device "
            "are imported."))
        self.no_devices.setStyleSheet(EMPTY_STYLE)
        self.unknown_held = _label(style=WAITING)
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.devices)
        column.addWidget(self.no_devices)
        column.addWidget(self.unknown_held)
        return panel

    def _build_conflicts(self) -> QWidget:
        self.conflict_count = _label(style=MUTED, wrap=False)
        self.restore_button = self._button(
            self.tr("Restore this value"), self.restore_selected,
            self.tr("Put the overwritten value back (as a new change of this office)"))
        self.review_button = self._button(
            self.tr("Mark as reviewed"), self.review_selected,
            self.tr("Keep the value as it is and take the conflict off the list"))
        self.conflict_model = ConflictTableModel(self)
        table = self.conflict_table = QTableView()
        table.setModel(self.conflict_model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
        table.setMinimumHeight(CONFLICT_MIN_HEIGHT)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(60)
        table.selectionModel().selectionChanged.connect(self._on_selection)
        self.no_conflicts = _label(self.tr(
            "No conflicts to review. When two offices change the same field, the later change "
            "is kept and the other value is listed here, so that you can put it back."))
        self.no_conflicts.setStyleSheet(EMPTY_STYLE)
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(table, 1)
        column.addWidget(self.no_conflicts)
        column.addStretch(0)
        return panel

    # --- Page ------------------------------------------------------------------------------

    def set_ledger(self, ledger: Ledger | None) -> None:
        """The open ledger; a sync still running for the old one is stopped and waited for."""
        if ledger is not self.ledger:
            self.stop()
            self._loader.stop()
            self.folder = None
            self.last_sync = None
            self.result_panel.hide()
            self.key_feedback.hide()
        super().set_ledger(ledger)

    def set_scope(self, scope: Scope) -> None:
        """The area chosen in the tree: only the areas offered when a device is enrolled."""
        self.scope = scope

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
        return self.task is not None or self._loader.busy

    def stop(self) -> None:
        """Cancel a running sync and wait for it (before its ledger closes)."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait()

    # --- showing ---------------------------------------------------------------------------

    def _clear(self) -> None:
        self.view = None
        self.fingerprint_label.setText("—")
        self.delivery_label.setText("")
        self.delivery_detail.setText("")
        self.upstream_label.setText("")
        self.devices.clear()
        self.devices.hide()
        self.no_devices.show()
        self.unknown_held.hide()
        self.conflict_model.set_conflicts([])
        self._show_conflict_state()
        self._update()

    def _show_error(self, message: str) -> None:
        self.status_message.emit(message)

    def _show(self, data: object) -> None:
        assert isinstance(data, SyncView)
        self.view = data
        state = data.state
        if self.folder is None and state.last_folder:
            self.folder = Path(state.last_folder)
        self.fingerprint_label.setText(state.fingerprint)
        self._show_delivery(state)
        self._show_upstream(state)
        self._show_devices(state)
        names = {device.fingerprint: device.label for device in state.devices}
        names[state.fingerprint] = self.tr("This office")
        self.conflict_model.set_conflicts(data.conflicts, names)
        self._show_conflict_state()
        self._update()
        self.sync_loaded.emit()

    def _show_delivery(self, state: SyncState) -> None:
        if state.undelivered:
            self.delivery_label.setText(self.tr(
                "%n change(s) not yet delivered to the office above", "", state.undelivered))
            self.delivery_label.setStyleSheet(WAITING)
        else:
            self.delivery_label.setText(self.tr("Every change has been delivered"))
            self.delivery_label.setStyleSheet(GOOD)
        if state.bundled_seq or state.delivered_seq:
            detail = self.tr("Packed up to change {bundled}; the office above confirmed up to "
                             "change {delivered}.").format(bundled=state.bundled_seq,
                                                           delivered=state.delivered_seq)
        else:
            detail = self.tr("Not sent yet: sync with a folder to send the changes.")
        if state.outbox:
            detail += "\n" + self.tr("%n bundle(s) waiting for a receipt.", "",
                                      len(state.outbox))
        self.delivery_detail.setText(detail)
        self.delivery_detail.setToolTip("\n".join(state.outbox))

    def _show_upstream(self, state: SyncState) -> None:
        if state.upstream:
            self.upstream_label.setText(self.tr("Trusted (fingerprint {fingerprint})").format(
                fingerprint=state.upstream))
            self.upstream_label.setStyleSheet(GOOD)
        else:
            self.upstream_label.setText(self.tr(
                "Not trusted: receipts of the office above are accepted only once its public "
                "key is trusted."))
            self.upstream_label.setStyleSheet(WAITING)

    def _show_devices(self, state: SyncState) -> None:
        self.devices.clear()
        for device in state.devices:
            item = QTreeWidgetItem([
                device.label, device.scope, device.fingerprint, str(device.applied_seq),
                str(device.bundles), str(len(device.waiting)), str(len(device.quarantined)),
            ])
            item.setFont(2, QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            for column in (3, 4, 5, 6):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
            for column, kind, held in ((5, "waiting", device.waiting),
                                       (6, "quarantined", device.quarantined)):
                if held:
                    background, text = HELD_COLOURS[kind]
                    item.setBackground(column, QBrush(QColor(background)))
                    item.setForeground(column, QBrush(QColor(text)))
                    font = item.font(column)
                    font.setBold(True)
                    item.setFont(column, font)
                    item.setToolTip(column, "\n".join(held))
            self.devices.addTopLevelItem(item)
        has_devices = bool(state.devices)
        self.devices.setVisible(has_devices)
        self.no_devices.setVisible(not has_devices)
        _fit(self.devices)
        unknown = state.unknown_held
        self.unknown_held.setVisible(bool(unknown))
        self.unknown_held.setText(self.tr(
            "%n bundle(s) from keys not enrolled are held aside: enrol the device, then sync "
            "again.", "", len(unknown)))
        self.unknown_held.setToolTip("\n".join(unknown))

    def _show_conflict_state(self) -> None:
        count = self.conflict_model.rowCount()
        self.conflict_table.setVisible(bool(count))
        self.no_conflicts.setVisible(not count)
        self.restore_button.setVisible(bool(count))
        self.review_button.setVisible(bool(count))
        self.conflict_count.setText(self.tr("%n to review", "", count) if count else "")
        if count:
            self._size_conflict_columns()

    def _size_conflict_columns(self) -> None:
        table = self.conflict_table
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        for column, most in ((LEDGER, 120), (RECORD, 240), (FIELD, 140), (DEVICE, 160),
                             (TIME, 150)):
            header.resizeSection(column, min(header.sectionSize(column), most))
        for column in (LOST, KEPT):  # the values share what is left of the width
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _update(self) -> None:
        """Buttons follow what can be done now: a ledger open, nothing running."""
        ready = self.ledger is not None and self.task is None
        loaded = ready and self.view is not None
        for button in (self.export_button, self.trust_button, self.enroll_button):
            button.setEnabled(loaded)
        self.choose_button.setEnabled(ready)
        self.sync_button.setEnabled(ready and self.folder is not None)
        if self.folder is not None:
            self.folder_label.setText(str(self.folder))
            self.folder_label.setStyleSheet("")
        else:
            self.folder_label.setText(self.tr("None chosen yet: plug in the USB stick and choose "
                                              "a folder on it."))
            self.folder_label.setStyleSheet(MUTED)
        chosen = self.selected_conflict() is not None
        self.restore_button.setEnabled(loaded and chosen)
        self.review_button.setEnabled(loaded and chosen)

    # --- the folder and the sync -----------------------------------------------------------

    def choose_folder(self) -> None:
        """Ask for the folder to sync with (the system's dialog)."""
        start = self.folder if self.folder is not None and self.folder.is_dir() else (
            remembered_folder(SYNC_FOLDER))
        name = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder to sync with"),
                                                str(start))
        if name:
            self.set_folder(Path(name))

    def set_folder(self, folder: Path) -> None:
        """The folder to sync with from now on."""
        self.folder = folder
        QSettings().setValue(SYNC_FOLDER, str(folder))
        self._update()

    def sync(self) -> Operation | None:
        """Sync with the chosen folder in a worker; None if it cannot start now."""
        if self.ledger is None or self.task is not None or self.folder is None:
            return None
        # on the one writer; what it wrote is announced to every page as possibly everything
        task = Operation(partial(run_sync, self.ledger, self.folder), self, bus=self.bus,
                         origin=self, everything=True)
        task.succeeded.connect(self._on_synced)
        task.failed.connect(partial(self._on_sync_failed, task))
        task.finished.connect(partial(self._on_done, task))
        label = self.tr("Syncing with {folder}…").format(folder=self.folder)
        TaskProgress(task, label, self.window())
        self.task = task
        self._update()
        self.status_message.emit(label)
        self.sync_started.emit(task)
        task.start()
        return task

    def _on_synced(self, result: object) -> None:
        assert isinstance(result, FolderSync)
        self.last_sync = result
        self._show_result(self.summary_lines(result), result.outcomes)
        self.status_message.emit(self.tr("Sync finished"))
        self.sync_finished.emit(result)

    def _on_sync_failed(self, task: Operation, message: str, _details: str) -> None:
        if task.state.cancelled:  # what was done before stays (and is announced)
            self._show_result([message], [])
            self.status_message.emit(message)
            self.sync_failed.emit(message)
            return
        text = self.tr("Sync failed: {message}").format(message=message)
        self._show_result([text], [])
        self.status_message.emit(text)
        self.tell(self, self.tr("Sync failed"), message)
        self.sync_failed.emit(message)

    def _on_done(self, task: Operation) -> None:
        task.deleteLater()
        if task is self.task:
            self.task = None
        self._update()
        if self.ledger is not None:
            self.refresh()

    def summary_lines(self, result: FolderSync) -> list[str]:
        """What a sync did, a line each: packed, written, delivered, received, receipts."""
        lines: list[str] = []
        made = result.made
        if made is not None:
            lines.append(self.tr("Packed changes {first}–{last} of this office (%n record(s)).",
                                 "", made.records).format(first=made.seq_from,
                                                          last=made.seq_to))
        if result.written:
            lines.append(self.tr("Wrote %n bundle(s) to the folder.", "", len(result.written)))
        else:
            lines.append(self.tr("No bundle to write: nothing new, or already in the folder."))
        if result.accepted:
            lines.append(self.tr("Receipt received: delivered up to change {seq}.").format(
                seq=result.delivered_seq))
        for name, reason in result.refused_receipts:
            lines.append(self.tr("Receipt {name} refused: {reason}").format(name=name,
                                                                             reason=reason))
        if result.receipts_written:
            lines.append(self.tr("Left %n receipt(s) in the folder for the devices below.", "",
                                 len(result.receipts_written)))
        if result.backup is not None:
            lines.append(self.tr("The database was backed up first: {path}").format(
                path=result.backup))
        if result.outcomes:  # last: the list of bundles follows
            lines.append(self.tr("Received %n bundle(s):", "", len(result.outcomes)))
        else:
            lines.append(self.tr("No new bundle from the devices below in the folder."))
        return lines

    def _show_result(self, lines: list[str], outcomes: list[Outcome]) -> None:
        self.summary.setText("\n".join(lines))
        self.outcomes.clear()
        names = ({d.fingerprint: d.label for d in self.view.state.devices}
                 if self.view is not None else {})
        for outcome in outcomes:
            span = (f"{outcome.seq_from}–{outcome.seq_to}" if outcome.seq_to else "")
            item = QTreeWidgetItem([status_label(outcome.status),
                                    names.get(outcome.device) or outcome.device, span,
                                    outcome.message])
            colour = STATUS_COLOURS.get(outcome.status)
            if colour:
                item.setForeground(0, QBrush(QColor(colour)))
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            item.setToolTip(0, outcome.path.name)
            item.setToolTip(3, outcome.message)
            self.outcomes.addTopLevelItem(item)
        self.outcomes.setVisible(bool(outcomes))
        _fit(self.outcomes)
        self.result_panel.show()

    # --- keys ------------------------------------------------------------------------------

    def _key_filters(self) -> str:
        return self.tr("minisign public key (*.pub)")

    def _say_key(self, text: str) -> None:
        self.key_feedback.setText(text)
        self.key_feedback.setVisible(bool(text))
        self.status_message.emit(text)

    def export_public_key(self) -> Path | None:
        """Ask where, then save this office's public key there; None if not saved."""
        view = self.view
        if self.ledger is None or view is None:
            return None
        area = view.home.name if view.home is not None and view.home.name else self.tr(
            "This office")
        name = self.tr("{area} public key {fingerprint}.pub").format(
            area=area, fingerprint=view.state.fingerprint)
        suggested = remembered_folder(KEY_FOLDER) / name
        path = ask_save_path(self, self.tr("Export the public key"), suggested,
                             self._key_filters(), ".pub", KEY_FOLDER)
        if path is None:
            return None
        try:
            with written_whole(path, opened_in=self.tr("another program")) as partial_path:
                partial_path.write_text(view.state.public_key, encoding="utf-8")
        except KnownError as exc:
            self.tell(self, self.tr("Cannot export the public key"), str(exc))
            return None
        except OSError as exc:
            self.tell(self, self.tr("Cannot export the public key"),
                      self.tr("Cannot write {path}: {error}").format(
                          path=path, error=exc.strerror or exc))
            return None
        self._say_key(self.tr("Public key saved to {path}").format(path=path))
        return path

    def _read_key(self, title: str) -> tuple[Path, str] | None:
        """Ask for a .pub file and read it; None if cancelled or unreadable (the user is told)."""
        path = ask_open_path(self, title, self._key_filters(), KEY_FOLDER)
        if path is None:
            return None
        try:
            return path, path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            error = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self.tell(self, title, self.tr("Cannot read {path}: {error}").format(
                path=path, error=error))
            return None

    def trust_upstream(self) -> str | None:
        """Ask for the office above's .pub file and trust it; its fingerprint, None if not."""
        if self.ledger is None or self.view is None or self.task is not None:
            return None
        title = self.tr("Trust the key of the office above")
        read = self._read_key(title)
        if read is None:
            return None
        before = self.view.state.upstream
        try:
            key = minisign.parse_public_key(read[1])
        except KnownError as exc:
            self.tell(self, title, str(exc))
            return None
        ledger, text = self.ledger, read[1]
        operation = self._write(lambda _state: keys.trust_upstream(ledger, text), title)
        operation.succeeded.connect(partial(self._trusted, before))
        return key.fingerprint

    def _trusted(self, before: str | None, device: object) -> None:
        assert isinstance(device, keys.Device)
        text = self.tr("The key of the office above is trusted (fingerprint {fingerprint}): "
                       "check the fingerprint with them.").format(fingerprint=device.fingerprint)
        if before and before != device.fingerprint:
            text += " " + self.tr("It replaces the key trusted before ({old}).").format(
                old=before)
        self._say_key(text)

    def enroll_device(self) -> EnrollDialog | None:
        """Ask for a device's .pub file, then open the 登记设备 dialog; None if not opened."""
        ledger = self.ledger
        if ledger is None or self.view is None or self.task is not None:
            return None
        title = self.tr("Enrol a device")
        read = self._read_key(title)
        if read is None:
            return None
        path, text = read
        try:
            key = minisign.parse_public_key(text)
            nodes = area_tree(ledger, by_zone=self.scope is not None
                              and self.scope.level is Level.ZONE)
        except KnownError as exc:
            self.tell(self, title, str(exc))
            return None
        default = self.scope
        home = self.view.home
        if (default is None or default.level is not Level.STREET) and home is not None and (
                home.level is Level.STREET):
            default = home
        dialog = EnrollDialog(key.fingerprint, path, enroll_areas(nodes, self.scope), default,
                              self)
        dialog.accepted.connect(partial(self._enroll, dialog, text))
        dialog.finished.connect(partial(self._on_enroll_closed, dialog))
        self.enroll_dialog = dialog
        dialog.open()
        return dialog

    def _enroll(self, dialog: EnrollDialog, text: str) -> None:
        scope = dialog.enroll_area()
        if self.ledger is None or scope is None:
            return
        ledger, label = self.ledger, dialog.label()
        operation = self._write(lambda _state: keys.enroll(ledger, text, scope, label),
                                self.tr("Enrol a device"))
        operation.succeeded.connect(partial(self._enrolled, scope))

    def _enrolled(self, scope: Scope, device: object) -> None:
        assert isinstance(device, keys.Device)
        self.status_message.emit(self.tr("Enrolled {name} ({fingerprint}) for {area}").format(
            name=device.label, fingerprint=device.fingerprint, area=scope.name))

    def _on_enroll_closed(self, dialog: EnrollDialog, _result: int) -> None:
        if self.enroll_dialog is dialog:
            self.enroll_dialog = None
        dialog.deleteLater()

    # --- conflicts -------------------------------------------------------------------------

    def selected_conflict(self) -> Conflict | None:
        """The conflict whose row is chosen, if any."""
        rows = self.conflict_table.selectionModel().selectedRows()
        return self.conflict_model.conflict(rows[0].row()) if rows else None

    def select_conflict(self, row: int) -> None:
        """Choose a row of the conflict list (as a click does)."""
        self.conflict_table.selectRow(row)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update()

    def restore_selected(self) -> bool:
        """Put the chosen conflict's overwritten value back; False if nothing was done."""
        conflict = self.selected_conflict()
        if self.ledger is None or conflict is None or self.task is not None:
            return False
        ledger = self.ledger
        operation = self._write(lambda _state: restore_lost(ledger, conflict),
                                self.tr("Cannot restore the value"))
        operation.succeeded.connect(lambda _result: self.status_message.emit(
            self.tr("Restored {field} of {record}: {value}").format(
                field=conflict.label, record=conflict.title, value=conflict.lost)))
        return True

    def review_selected(self) -> bool:
        """Take the chosen conflict off the list, keeping the value; False if nothing was done."""
        conflict = self.selected_conflict()
        if self.ledger is None or conflict is None or self.task is not None:
            return False
        ledger = self.ledger
        self._write(lambda _state: mark_reviewed(ledger, conflict.id),
                    self.tr("Cannot mark the conflict"))
        return True

    def _write(self, job: Job, refused: str) -> Operation:
        """A key or conflict change on the writer: refusals told with this title; the page
        reads the state again when it has ended (`write_finished` tells when)."""
        operation = run_write(job, self, bus=self.bus, origin=self)
        operation.with_failure(self, refused,
                               lambda parent, title, text: self.tell(parent, title, text))
        operation.finished.connect(self._on_written)
        return operation

    def _on_written(self) -> None:
        if self.ledger is not None:
            self.refresh()
        self.write_finished.emit()
