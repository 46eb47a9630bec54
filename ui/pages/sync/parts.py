"""What the sync page's panels share: the state they show, their look, a panel's plumbing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import KnownError
from app.services.sync import Conflict, SyncState, conflicts, sync_state
from app.store.areas import Scope, configured_scope
from app.sync.keyfile import read_key_text
from app.task import TaskState
from ui import theme
from ui.files import ask_open_path
from ui.operations import Operation, run_write
from ui.pages.sync.relay_settings import RelaySettings, load_relays
from ui.tasks import Job
from ui.widgets import notice

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

KEY_FOLDER = "files/key_folder"
"""Where public key files were last saved or opened."""

MUTED = theme.MUTED_TEXT
GOOD = theme.GOOD_TEXT
WAITING = theme.WAITING_TEXT
BOX_STYLE = theme.box("syncBox")
EMPTY_STYLE = theme.EMPTY_LIST
ROWS_SHOWN = 6
"""The device and outcome lists grow up to this many rows, then scroll."""
SECTION_SPACING = 10
"""Between a section's heading and its content (the page's own spacing)."""


@dataclass(frozen=True)
class SyncView:
    """What the page shows, read in one go (in a worker)."""

    state: SyncState
    conflicts: list[Conflict]
    home: Scope | None
    relays: RelaySettings | None = None
    """The relays set (None: not read)."""


def load_sync(ledger: Ledger, _state: TaskState) -> SyncView:
    """This office's sync state, the conflicts to review, its own area and its relays (in a
    worker)."""
    return SyncView(sync_state(ledger), conflicts(ledger), configured_scope(ledger),
                    load_relays(ledger))


def label(text: str = "", style: str = "", *, wrap: bool = True) -> QLabel:
    """Plain text, wrapped unless told otherwise."""
    found = QLabel(text)
    found.setTextFormat(Qt.TextFormat.PlainText)
    found.setWordWrap(wrap)
    if style:
        found.setStyleSheet(style)
    return found


def box() -> tuple[QFrame, QGridLayout]:
    """A framed box with a grid: row names, their values, a button on the right."""
    frame = QFrame()
    frame.setObjectName("syncBox")
    frame.setStyleSheet(BOX_STYLE)
    grid = QGridLayout(frame)
    grid.setContentsMargins(16, 12, 16, 12)
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(10)
    grid.setColumnStretch(1, 1)
    return frame, grid


def small_list(headers: list[str], *, stretch_last: bool = False) -> QTreeWidget:
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
    # a list wider than the page scrolls sideways: its height makes room for the scroll bar
    tree.horizontalScrollBar().rangeChanged.connect(lambda _low, _high: fit(tree))
    return tree


def fit(tree: QTreeWidget) -> None:
    """As high as its rows (up to ROWS_SHOWN), so that the page has no empty list space."""
    rows = 0
    for n in range(tree.topLevelItemCount()):  # and the rows shown under them
        item = tree.topLevelItem(n)
        rows += 1 + (item.childCount() if item is not None and item.isExpanded() else 0)
    row = tree.sizeHintForRow(0) if rows else 0
    shown = min(rows, ROWS_SHOWN) * row
    frame = 2 * tree.frameWidth()
    bar = tree.horizontalScrollBar()
    sideways = bar.sizeHint().height() if rows and bar.maximum() > 0 else 0
    tree.setFixedHeight(tree.header().sizeHint().height() + shown + frame + (2 if rows else 0)
                        + sideways)


def section_row(heading: QLabel, *buttons: QPushButton,
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


def button(text: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
    """A push button that calls `slot`."""
    found = QPushButton(text)
    found.clicked.connect(slot)
    if tip:
        found.setToolTip(tip)
    return found


def key_filters() -> str:
    """The file dialog's filter for public key files."""
    return QCoreApplication.translate("SyncPanel", "minisign public key (*.pub)")


class SyncPanel(QWidget):
    """One section of the sync page: its heading, then what it shows and the buttons it has.

    The page gives it the ledger and what was read (show()), and says when it may act
    (update_actions()); a panel's writes run on the writer, announced as the page's own.
    """

    status_message = Signal(str)
    """A message for the window's status bar."""

    written = Signal()
    """A write asked for here has ended (done, or refused and told): the state is read again."""

    def __init__(self, bus: ChangeBus, origin: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self.origin = origin
        """Who the writes are made for: the page (it reads its own changes itself)."""
        self.ledger: Ledger | None = None
        self.view: SyncView | None = None
        self.ready = False
        """A ledger is open and no sync runs: the panel may act."""
        self.tell: notice.Tell = notice.warn
        """Tells why something failed (a message box; tests may replace it)."""
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(SECTION_SPACING)

    def show_view(self, ledger: Ledger | None, view: SyncView | None) -> None:
        """Show what was read of this ledger (None: nothing open, or not read yet)."""
        self.ledger = ledger
        self.view = view

    def update_actions(self, ready: bool) -> None:
        """Enable what can be done: `ready` when a ledger is open and no sync runs."""
        self.ready = ready

    def read_key(self, title: str) -> tuple[Path, str] | None:
        """Ask for a .pub file and read it; None if cancelled or unreadable (the user is told)."""
        path = ask_open_path(self, title, key_filters(), KEY_FOLDER)
        if path is None:
            return None
        try:
            return path, read_key_text(path)  # bounded: a key file is small
        except KnownError as exc:
            self.tell(self, title, str(exc))
            return None

    def write(self, job: Job, refused: str) -> Operation:
        """Run a write on the writer: a refusal told with this title; `written` when it ends."""
        operation = run_write(job, self, bus=self.bus, origin=self.origin)
        operation.with_failure(self, refused,
                               lambda parent, title, text: self.tell(parent, title, text))
        operation.finished.connect(self.written)
        return operation
