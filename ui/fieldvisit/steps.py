"""The screens of field-visit mode, one thing on each: community, task, space, fields, done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.fieldvisit import style
from ui.fieldvisit.editors import FieldBlock
from ui.fieldvisit.photos import PhotoPanel
from ui.fieldvisit.state import Task

ID_ROLE = Qt.ItemDataRole.UserRole


def _column(widget: QWidget, title: str, hint: str = "") -> tuple[QVBoxLayout, QLabel, QLabel]:
    """A step's layout with its heading and a line of explanation."""
    column = QVBoxLayout(widget)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(style.SPACING)
    heading = style.heading(title)
    column.addWidget(heading)
    explanation = style.note(hint)
    explanation.setVisible(bool(hint))
    column.addWidget(explanation)
    return column, heading, explanation


def touch_scrolling(area: QScrollArea | QListWidget) -> None:
    """Let a finger drag the contents (a mouse still scrolls and selects as usual)."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)


def scrolled(widget: QWidget) -> QScrollArea:
    """A step in a frameless scroll area, so that a small screen scrolls instead of clipping."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    touch_scrolling(area)
    area.setWidget(widget)
    return area


@dataclass(frozen=True)
class Entry:
    """A record offered in a big list."""

    id: str
    text: str


class PickList(QWidget):
    """A search box over a big list: one tap on an entry chooses it."""

    search_changed = Signal(str)
    """The worker typed in the search box (the text now)."""

    choice_changed = Signal(str)
    """The worker chose an entry (its record id)."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(style.BUTTON_HEIGHT)
        self.search.setMaximumWidth(640)
        self.search.textChanged.connect(self.search_changed)
        column.addWidget(self.search)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        touch_scrolling(self.list)
        column.addWidget(self.list, 1)
        self.note = style.note()
        self.note.hide()
        column.addWidget(self.note)

    def set_entries(self, entries: Sequence[Entry], selected: str | None, note: str = "") -> None:
        """Offer these entries (the selected one highlighted); `note` says why there are few."""
        self.list.clear()
        for entry in entries:
            item = QListWidgetItem(entry.text)
            item.setData(ID_ROLE, entry.id)
            self.list.addItem(item)
            if entry.id == selected:
                self.list.setCurrentItem(item)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def entry_ids(self) -> list[str]:
        """The ids of the entries offered, in order."""
        return [str(self.list.item(n).data(ID_ROLE)) for n in range(self.list.count())]

    def _chosen(self, item: QListWidgetItem) -> None:
        self.choice_changed.emit(str(item.data(ID_ROLE)))


class ResumeStep(QWidget):
    """A visit left unsaved last time: continue it, or throw it away."""

    resume_requested = Signal()
    """The worker chose to continue the unsaved entry."""

    discard_requested = Signal()
    """The worker chose to throw the unsaved entry away."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column, _heading, _hint = _column(
            self, self.tr("An entry was not saved last time"),
            self.tr("Nothing you typed was lost. Continue where you stopped, or start again."),
        )
        card = QFrame()
        card.setObjectName("card")
        inside = QVBoxLayout(card)
        inside.setContentsMargins(28, 24, 28, 24)
        inside.setSpacing(10)
        self.what = style.heading(level="h2")
        inside.addWidget(self.what)
        self.details = style.note()
        self.details.setProperty("role", "")
        inside.addWidget(self.details)
        self.when = style.note()
        inside.addWidget(self.when)
        column.addWidget(card)
        column.addSpacing(style.SPACING)
        self.resume_button = style.button(self.tr("Continue the unsaved entry"), "primary",
                                          height=72)
        self.resume_button.clicked.connect(self.resume_requested)
        column.addWidget(self.resume_button)
        self.discard_button = style.button(self.tr("Discard it and start again"))
        self.discard_button.clicked.connect(self.discard_requested)
        column.addWidget(self.discard_button)
        column.addStretch(1)

    def show_draft(self, what: str, details: str, saved_at: str) -> None:
        """Describe the unsaved entry: the task and community, what it holds, when it was kept."""
        self.what.setText(what)
        self.details.setText(details)
        self.details.setVisible(bool(details))
        self.when.setText(self.tr("Kept at {time}").format(time=saved_at.replace("T", " ")))
        self.when.setVisible(bool(saved_at))


class CommunityStep(QWidget):
    """Step 1: the community being visited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column, _heading, _hint = _column(
            self, self.tr("Which community are you visiting?"),
            self.tr("Tap the community. Type part of its name to find it quickly."),
        )
        self.picks = PickList(self.tr("Search by community name"))
        column.addWidget(self.picks, 1)


def _tile(title: str, explanation: str) -> QPushButton:
    """A big button with a bold title and a line that says what it does."""
    tile = style.button("", "tile", height=104)
    tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    inside = QVBoxLayout(tile)
    inside.setContentsMargins(26, 12, 26, 12)
    inside.setSpacing(4)
    name = style.heading(title, "h2")
    name.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    inside.addWidget(name)
    line = style.note(explanation)
    line.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    inside.addWidget(line)
    tile.setAccessibleName(title)
    return tile


class TaskStep(QWidget):
    """Step 2: what the worker came to do."""

    task_requested = Signal(object)
    """The worker chose a task (a Task)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column, self.heading, _hint = _column(self, self.tr("What do you want to do?"))
        self.tiles: dict[Task, QPushButton] = {}
        explained = (
            (Task.NEW_SPACE, task_title(Task.NEW_SPACE),
             self.tr("Record a room or a piece of land found in this community")),
            (Task.UPDATE_SPACE, task_title(Task.UPDATE_SPACE),
             self.tr("Correct a space already in the ledger, or add its photos")),
            (Task.NEW_DEMAND, task_title(Task.NEW_DEMAND),
             self.tr("Write down a service that residents asked for")),
        )
        for task, title, explanation in explained:
            tile = _tile(title, explanation)
            tile.clicked.connect(lambda _checked=False, t=task: self.task_requested.emit(t))
            column.addWidget(tile)
            self.tiles[task] = tile
        column.addStretch(1)

    def set_community(self, name: str) -> None:
        """Name the community in the heading."""
        self.heading.setText(self.tr("{community}: what do you want to do?").format(
            community=name))


def task_title(task: Task) -> str:
    """The task as the worker reads it (新增空间资源, 更新空间资源, 登记居民需求)."""
    if task is Task.NEW_SPACE:
        return QCoreApplication.translate("FieldVisit", "Add a space")
    if task is Task.UPDATE_SPACE:
        return QCoreApplication.translate("FieldVisit", "Update a space")
    return QCoreApplication.translate("FieldVisit", "Record a residents' demand")


class SpaceStep(QWidget):
    """Step 3 of an update: which of the community's spaces."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column, _heading, _hint = _column(
            self, self.tr("Which space do you want to update?"),
            self.tr("Tap the space. Type part of its name or address to find it."),
        )
        self.picks = PickList(self.tr("Search by name or address"))
        column.addWidget(self.picks, 1)


class FieldsPage(QScrollArea):
    """A few fields of the record on one screen."""

    def __init__(self, title: str, blocks: Sequence[FieldBlock],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        touch_scrolling(self)
        content = QWidget()
        column, self.heading, _hint = _column(content, title)
        column.setSpacing(style.SPACING)  # each block keeps a line for its message under it
        self.blocks = list(blocks)
        for block in blocks:
            column.addWidget(block)
        column.addStretch(1)
        self.setWidget(content)

    def names(self) -> list[str]:
        """The fields on this page."""
        return [block.editor.field.name for block in self.blocks]


class PhotosStep(QScrollArea):
    """The photos of a space, attached when the record is saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        touch_scrolling(self)
        content = QWidget()
        column, self.heading, _hint = _column(
            content, "",
            self.tr("Add photos of the space: they are kept with the record when you save."),
        )
        self.panel = PhotoPanel()
        column.addWidget(self.panel, 1)
        self.setWidget(content)


class DoneStep(QWidget):
    """Saved: say so clearly, and offer what comes next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 24, 0, 0)
        column.setSpacing(style.SPACING)
        self.mark = style.heading("✓", "mark")
        self.mark.setProperty("role", "success")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.mark)
        self.title = style.heading(self.tr("Saved"), "hero")
        self.title.setProperty("role", "success")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.title)
        self.summary = style.note()
        self.summary.setProperty("role", "")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.summary)
        self.problems = style.note(role="message")
        self.problems.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problems.hide()
        column.addWidget(self.problems)
        column.addSpacing(style.SPACING * 2)
        self.again_button = style.button(self.tr("Record another in this community"), "primary",
                                         height=72)
        self.other_button = style.button(self.tr("Choose another community"), height=64)
        self.finish_button = style.button(self.tr("Finish"), height=64)
        for button in (self.again_button, self.other_button, self.finish_button):
            button.setFixedWidth(480)
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)

    def show_saved(self, summary: str, problems: Sequence[str]) -> None:
        """What was saved, and any photo that could not be added."""
        self.summary.setText(summary)
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
