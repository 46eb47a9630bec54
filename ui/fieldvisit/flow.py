"""The field-visit window (现场采集): community → task → fields → photos → saved, finger-sized."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Level
from app.errors import KnownError
from app.services import attachments, records
from app.services.records import Query
from app.store.areas import Scope
from app.task import TaskState
from ui.fieldvisit import state, style
from ui.fieldvisit.editors import FieldForm, ToggleEditor
from ui.fieldvisit.navigator import (
    COMMUNITY,
    DONE,
    PHOTOS,
    PICK_SPACE,
    RESUME,
    TASK,
    Navigator,
    field_step,
    page_of,
)
from ui.fieldvisit.photos import Photo, choose_photo_files
from ui.fieldvisit.saving import SaveResult, save_visit
from ui.fieldvisit.state import FIELD_PAGES, Task, Visit, fields_of
from ui.fieldvisit.steps import (
    CommunityStep,
    DoneStep,
    Entry,
    FieldsPage,
    PhotosStep,
    ResumeStep,
    SpaceStep,
    TaskStep,
    scrolled,
    task_title,
)
from ui.forms.field_editors import LineEditor
from ui.forms.record_form import record_title
from ui.forms.same_demand import SameDemand, add_job, ask_to_add, offer_for
from ui.operations import Operation
from ui.widgets import fitting

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

log = logging.getLogger(__name__)

LIST_LIMIT = 300
"""At most this many communities or spaces are listed; searching finds the others."""

CHECK_DELAY_MS = 300
"""How long typing pauses before what was typed is checked."""

DRAFT_DELAY_MS = 250
"""How long after a change the draft is written (at once when the worker moves on)."""

def _add_job(ledger: Ledger, offer: SameDemand, db_path: Path, task_state: TaskState) -> int:
    """Add the entry's residents to the demand already there; the entry's draft then goes."""
    total = add_job(ledger, offer)(task_state)
    state.discard(db_path)
    return total


def _save_job(ledger: Ledger, visit: Visit, original: dict[str, Any],
              db_path: Path, _state: TaskState) -> SaveResult:
    """Save in the worker; once the record is written its draft goes, even if the window does."""
    result = save_visit(ledger, visit, original)
    if result.saved:
        state.discard(db_path)
    return result


class FieldVisitWindow(QWidget):
    """A full-screen, one-thing-per-screen flow for recording spaces and demands on a visit.

    Everything is kept as a draft while it is typed; saving goes through the services on the
    one writer, which tells the main window's pages on the bus.
    """

    finished = Signal()
    """The worker left field-visit mode (the window closed)."""

    def __init__(self, ledger: Ledger, bus: ChangeBus, scope: Scope | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ledger = ledger
        self.bus = bus
        self.scope = scope
        """The area whose communities are offered (None: all)."""
        self.choose_photos: Callable[[QWidget], list[Path]] = choose_photo_files
        """Asked for the photo files to add (the system's file dialog)."""
        self.confirm_discard: Callable[[QWidget], bool] = self._ask_discard
        """Asked before an unsaved entry is thrown away; True lets it go."""
        self.confirm_no_function: Callable[[QWidget], bool] = self._ask_no_function
        """Asked when a demand is saved without a 功能类别; True saves it so (listed 未分类)."""
        self.offer_add: Callable[[QWidget, SameDemand], bool] = lambda parent, offer: ask_to_add(
            parent, offer, button_height=style.BUTTON_HEIGHT)
        """Asked when the demand is already recorded that day; True adds its residents there."""
        self.navigator = Navigator()
        """Where the worker is in the visit, and where Back and Next lead."""
        self.community: dict[str, Any] | None = None
        self.record: dict[str, Any] | None = None
        """The space being updated."""
        self.original: dict[str, Any] = {}
        self.initial: dict[str, Any] = {}
        """What the editors held when the entry started (to tell whether anything changed)."""
        self.existing: list[dict[str, Any]] = []
        """The photos the updated space already has."""
        self._offered: Visit | None = None
        self._communities: dict[str, dict[str, Any]] = {}
        self._left = False

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._check_page)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        self._saving: Operation | None = None
        """The save running on the writer, if any."""

        self._build()
        self._start()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.setObjectName("fieldVisit")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Field visit"))
        font = style.flow_font(self.font())
        self.setFont(font)
        self.setStyleSheet(style.style_sheet(font))

        self.resume_step = ResumeStep()
        self.resume_step.resume_requested.connect(self._resume)
        self.resume_step.discard_requested.connect(self._discard_offer)
        self.community_step = CommunityStep()
        self.community_step.picks.search_changed.connect(self._load_communities)
        self.community_step.picks.choice_changed.connect(self._choose_community)
        self.task_step = TaskStep()
        self.task_step.task_requested.connect(self._task_requested)
        self.space_step = SpaceStep()
        self.space_step.picks.search_changed.connect(self._load_spaces)
        self.space_step.picks.choice_changed.connect(self._choose_space)
        self.photos_step = PhotosStep()
        self.photos_step.panel.add_requested.connect(self._add_photos)
        self.photos_step.panel.remove_requested.connect(self._remove_photo)
        self.done_step = DoneStep()
        self.done_step.again_button.clicked.connect(self._again)
        self.done_step.other_button.clicked.connect(self._other_community)
        self.done_step.finish_button.clicked.connect(self.close)

        self.forms: dict[str, FieldForm] = {}
        self.steps: dict[str, QWidget] = {
            RESUME: self.resume_step, COMMUNITY: self.community_step, TASK: self.task_step,
            PICK_SPACE: self.space_step, PHOTOS: self.photos_step, DONE: self.done_step,
        }
        self.stack = QStackedWidget()
        for entity, pages in FIELD_PAGES.items():
            form = FieldForm(entity, fields_of(entity), font, self)
            form.value_changed.connect(self._edited)
            self.forms[entity] = form
            for n, names in enumerate(pages):
                page = FieldsPage("", [form.blocks[name] for name in names])
                self.steps[field_step(entity, n)] = page
                for name in names:
                    editor = form.editor(name)
                    if isinstance(editor, LineEditor):
                        editor.line.returnPressed.connect(self._next)
        self._shown: dict[str, QWidget] = {}
        """What the stack shows for each step: the step, or a scroll area around it."""
        for name, widget in self.steps.items():
            roomy = isinstance(widget, ResumeStep | TaskStep | DoneStep)
            self._shown[name] = scrolled(widget) if roomy else widget
            self.stack.addWidget(self._shown[name])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._top_bar())
        layout.addWidget(self._line("topLine"))
        middle = QHBoxLayout()
        middle.setContentsMargins(style.MARGIN, 28, style.MARGIN, 16)
        middle.addStretch(0)
        column_widget = QWidget()
        column_widget.setMaximumWidth(style.CONTENT_WIDTH)
        column = QVBoxLayout(column_widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.stack, 1)
        self.message = style.message_line(font)
        column.addWidget(self.message)
        middle.addWidget(column_widget, 1)
        middle.addStretch(0)
        layout.addLayout(middle, 1)
        self.bottom_line = self._line("bottomLine")
        layout.addWidget(self.bottom_line)
        self.bottom_bar = self._bottom_bar()
        layout.addWidget(self.bottom_bar)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    @staticmethod
    def _line(name: str) -> QFrame:
        line = QFrame()
        line.setObjectName(name)
        line.setFixedHeight(1)
        return line

    def _top_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("bar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(bar)
        row.setContentsMargins(style.MARGIN, 12, style.MARGIN, 12)
        row.setSpacing(style.SPACING)
        title = style.heading(self.tr("Field visit"), "h2")
        title.setWordWrap(False)
        row.addWidget(title)
        self.where = style.note()
        self.where.setWordWrap(False)
        row.addWidget(self.where, 1)
        self.exit_button = style.button(self.tr("Leave field visit"), "exit")
        self.exit_button.setToolTip(self.tr("Close field-visit mode; an unsaved entry is kept"))
        self.exit_button.clicked.connect(self.close)
        row.addWidget(self.exit_button)
        return bar

    def _bottom_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("bar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(bar)
        row.setContentsMargins(style.MARGIN, 14, style.MARGIN, 14)
        row.setSpacing(style.SPACING)
        self.back_button = style.button(self.tr("Back"))
        self.back_button.clicked.connect(self._back)
        self.step_label = style.note()
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.save_button = style.button(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save the entry (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.next_button = style.button(self.tr("Next"), "primary")
        self.next_button.clicked.connect(self._next)
        for button in (self.back_button, self.save_button, self.next_button):
            button.setMinimumWidth(180)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.step_label)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.next_button)
        return bar

    def _page_title(self, entity: str, page: int) -> str:
        if entity == "space":
            titles = (self.tr("Name and type"), self.tr("Where it is"), self.tr("How it is used"))
        else:
            titles = (self.tr("What residents need"), self.tr("How many, how urgent"),
                      self.tr("Who to contact"))
        return titles[page]

    # --- where the worker is -------------------------------------------------------------

    @property
    def visit(self) -> Visit:
        """What the worker has chosen and typed (the navigator's)."""
        return self.navigator.visit

    @visit.setter
    def visit(self, visit: Visit) -> None:
        self.navigator.visit = visit

    @property
    def form(self) -> FieldForm | None:
        """The editors of the entry being filled (None before a task is chosen)."""
        return self.forms[self.visit.task.entity] if self.visit.task else None

    def current_step(self) -> str:
        """The name of the step on screen."""
        return self.navigator.step

    def sequence(self) -> list[str]:
        """The steps of the chosen task, in order (only the first two before one is chosen)."""
        return self.navigator.sequence()

    def _go(self, step: str) -> None:
        in_entry = self.navigator.go(step)
        self.stack.setCurrentWidget(self._shown[step])
        self._say("")
        if in_entry:
            self.write_draft()
        page = self.steps[step]
        if isinstance(page, FieldsPage):
            assert self.visit.task is not None
            page.heading.setText(self.tr("{task}: {page}").format(
                task=task_title(self.visit.task), page=self._page_title(
                    self.visit.task.entity, page_of(step))))
            page.verticalScrollBar().setValue(0)
            self._focus_first_box(page)
        elif step == PHOTOS:
            assert self.visit.task is not None
            self.photos_step.heading.setText(self.tr("{task}: photos").format(
                task=task_title(self.visit.task)))
        elif step == COMMUNITY:
            self.community_step.picks.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_bars()

    def _focus_first_box(self, page: FieldsPage) -> None:
        """Put the cursor in the page's first box to type in; a page of choices gets none (a
        focused choice would look chosen, and a finger does not need the focus)."""
        for block in page.blocks:
            if not isinstance(block.editor, ToggleEditor):
                block.editor.focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        page.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_bars(self) -> None:
        step = self.current_step()
        shown = self.navigator.controls()
        parts = []
        if self.community is not None and shown.names_community:
            parts.append(str(self.community.get("name") or ""))
        if shown.names_task is not None:
            parts.append(task_title(shown.names_task))
            if shown.names_record and self.record is not None:
                parts.append(record_title("space", self.record))
        self.where.setText("  ›  ".join(p for p in parts if p))
        self.bottom_bar.setVisible(shown.bars)  # those steps have their own big buttons
        self.bottom_line.setVisible(shown.bars)
        self.back_button.setVisible(shown.back)
        self.save_button.setVisible(shown.save)
        self.next_button.setVisible(shown.next)
        listed: list[str] = []
        if step == COMMUNITY:
            listed = self.community_step.picks.entry_ids()
        elif step == PICK_SPACE:
            listed = self.space_step.picks.entry_ids()
        self.next_button.setEnabled(self.navigator.can_go_on(listed))
        self._set_role(self.save_button, "primary" if shown.save_is_primary else "")
        self.step_label.setVisible(shown.position is not None)
        if shown.position is not None:
            n, total = shown.position
            self.step_label.setText(self.tr("Step {n} of {total}").format(n=n, total=total))

    @staticmethod
    def _set_role(button: QPushButton, role: str) -> None:
        if button.property("role") != role:
            button.setProperty("role", role)
            button.style().unpolish(button)
            button.style().polish(button)

    def _say(self, text: str) -> None:
        self.message.setText(text)  # its line stays when empty: the steps above never move

    # --- starting ------------------------------------------------------------------------

    def _start(self) -> None:
        try:
            found = state.latest_draft(self.ledger.path)
        except OSError:
            found = None
        if found is None:
            self._begin()
            return
        draft, visit = found
        self._offered = visit
        assert visit.task is not None
        community = self._community_name(visit.community_id)
        what = task_title(visit.task) + (f"  ·  {community}" if community else "")
        spec = records.spec_of(visit.task.entity)
        title = visit.fields.get(spec.title_field)
        details = []
        if title:
            details.append(f"{spec.field(spec.title_field).label}：{title}")
        if visit.photos:
            details.append(self.tr("%n photo(s) chosen", "", len(visit.photos)))
        self.resume_step.show_draft(what, "\n".join(details), draft.saved_at)
        self._go(RESUME)

    def _community_name(self, community_id: str | None) -> str:
        if not community_id:
            return ""
        try:
            return str(records.get(self.ledger, "communities", community_id).get("name") or "")
        except KnownError:
            return ""

    def _begin(self) -> None:
        """From the start: the communities (straight to the task when there is only one)."""
        self.visit = Visit()
        self.community = None
        self.record = None
        self.community_step.picks.search.clear()
        self._load_communities("")
        ids = self.community_step.picks.entry_ids()
        if len(ids) == 1:
            self._choose_community(ids[0])
        else:
            self._go(COMMUNITY)

    def _resume(self) -> None:
        visit = self._offered
        assert visit is not None and visit.task is not None
        self._offered = None
        self._load_communities("")
        self.community = None
        if visit.community_id:
            try:
                self.community = records.get(self.ledger, "communities", visit.community_id)
            except KnownError:
                self.community = None
        if self.community is not None:
            self.task_step.set_community(str(self.community["name"]))
        else:
            visit.community_id = None
        form = self.forms[visit.task.entity]
        if not self._open_entry(visit.task, visit.record_id):
            state.discard(self.ledger.path)
            self._begin()
            self._say(self.tr("The space of the unsaved entry is no longer in the ledger."))
            return
        form.fill({**(self.original or form.defaults()), **visit.fields})
        self.visit = dataclasses.replace(visit, fields=form.raw_values())
        self._show_photos()
        form.check(tried=False)
        if self.community is None:
            self._go(COMMUNITY)
            self._say(self.tr("The community of the unsaved entry is no longer in the ledger: "
                              "choose the community, then continue."))
            return
        self._go(self.navigator.resume_step())

    def _discard_offer(self) -> None:
        if not self.confirm_discard(self):
            return
        self._offered = None
        state.discard(self.ledger.path)
        self._begin()

    # --- community, task, space ----------------------------------------------------------

    def _load_communities(self, search: str) -> None:
        query = Query(scope=self.scope, search=search, sort="code", limit=LIST_LIMIT + 1)
        try:
            found = records.list_records(self.ledger, "communities", query)
            refs = records.references(self.ledger, records.spec_of("communities"),
                                      found[:LIST_LIMIT])
        except KnownError as exc:
            self._say(str(exc))
            found, refs = [], {}
        note = ""
        if len(found) > LIST_LIMIT:
            note = self.tr("Only the first {n} are listed: type a name to find the others."
                           ).format(n=LIST_LIMIT)
        elif not found:
            note = (self.tr("No community matches “{text}”.").format(text=search.strip())
                    if search.strip() else self.tr("There are no communities in this area."))
        found = found[:LIST_LIMIT]
        self._communities = {str(r["id"]): r for r in found}
        several_streets = len({r.get("street") for r in found}) > 1
        entries = []
        for record in found:
            street = refs.get(record.get("street") or "", {}).get("name") or ""
            text = str(record["name"])
            if several_streets and street:
                text += f"　·　{street}"
            entries.append(Entry(str(record["id"]), text))
        self.community_step.picks.set_entries(entries, self.visit.community_id, note)
        if self.current_step() == COMMUNITY:
            self._update_bars()

    def _choose_community(self, community_id: str) -> None:
        record = self._communities.get(community_id)
        if record is None:
            try:
                record = records.get(self.ledger, "communities", community_id)
            except KnownError as exc:
                self._say(str(exc))
                return
        self.community = record
        self.visit.community_id = community_id
        self.task_step.set_community(str(record["name"]))
        self._go(TASK)

    def _task_requested(self, task: object) -> None:
        assert isinstance(task, Task)
        if task is Task.UPDATE_SPACE:
            self.space_step.picks.search.clear()
            self._load_spaces("")
            self._go(PICK_SPACE)
            return
        self._start_entry(task, None)

    def _load_spaces(self, search: str) -> None:
        if not self.visit.community_id:
            return
        scope = Scope(Level.COMMUNITY, self.visit.community_id)
        query = Query(scope=scope, search=search, sort="name", limit=LIST_LIMIT + 1)
        spec = records.spec_of("spaces")
        try:
            found = records.list_records(self.ledger, "spaces", query)
        except KnownError as exc:
            self._say(str(exc))
            found = []
        note = ""
        if len(found) > LIST_LIMIT:
            note = self.tr("Only the first {n} are listed: type a name to find the others."
                           ).format(n=LIST_LIMIT)
        elif not found and search.strip():
            note = self.tr("No space matches “{text}”.").format(text=search.strip())
        elif not found:
            note = self.tr("This community has no spaces yet. Go back and choose “{task}”."
                           ).format(task=task_title(Task.NEW_SPACE))
        entries = []
        for record in found[:LIST_LIMIT]:
            parts = [str(record["name"]), spec.field("kind").display(record.get("kind")),
                     str(record.get("address") or "")]
            entries.append(Entry(str(record["id"]), "　·　".join(p for p in parts if p)))
        selected = self.visit.record_id if self.visit.task is Task.UPDATE_SPACE else None
        self.space_step.picks.set_entries(entries, selected, note)
        if self.current_step() == PICK_SPACE:
            self._update_bars()

    def _choose_space(self, space_id: str) -> None:
        self._start_entry(Task.UPDATE_SPACE, space_id)

    def _open_entry(self, task: Task, record_id: str | None) -> bool:
        """Load what an entry starts from (the stored space, its photos); False if it is gone."""
        form = self.forms[task.entity]
        self.record, self.original, self.existing = None, {}, []
        if record_id is not None:
            try:
                self.record = records.get(self.ledger, task.entity, record_id)
                self.existing = attachments.attachments_of(self.ledger, task.entity, record_id)
            except KnownError as exc:
                self._say(str(exc))
                return False
            self.original = {name: self.record.get(name) for name in form.blocks}
        form.fill(self.original or form.defaults())
        self.initial = form.raw_values()
        return True

    def _start_entry(self, task: Task, record_id: str | None) -> None:
        """Open the fields of a task; the entry in progress stays if it is the same one."""
        same = self.visit.task is task and self.visit.record_id == record_id
        if not same:
            if self.is_modified() and not self.confirm_discard(self):
                return
            if not self._open_entry(task, record_id):
                return
            state.discard(self.ledger.path)
            form = self.forms[task.entity]
            self.visit = Visit(community_id=self.visit.community_id, task=task,
                               record_id=record_id, fields=form.raw_values())
            self._show_photos()
        self._go(self.navigator.first_form_step())

    # --- typing --------------------------------------------------------------------------

    def is_modified(self) -> bool:
        """Whether the entry holds anything not saved (typed, or photos added or removed)."""
        form = self.form
        if form is None:
            return False
        return (form.raw_values() != self.initial or bool(self.visit.photos)
                or bool(self.visit.removed))

    def _edited(self, _name: str) -> None:
        form = self.form
        if form is None:
            return
        self.visit.fields = form.raw_values()
        self._say("")
        self._check_timer.start()
        self._draft_timer.start()

    def _check_page(self) -> None:
        page = self.stack.currentWidget()
        form = self.form
        if form is not None and isinstance(page, FieldsPage):
            form.check(page.names())

    def write_draft(self) -> None:
        """Keep the entry as a draft now (nothing to keep: the draft goes)."""
        self._draft_timer.stop()
        form = self.form
        if form is None or self._saving is not None:
            return
        self.visit.fields = form.raw_values()
        try:
            if self.is_modified():
                state.save(self.ledger.path, self.visit)
            else:
                state.discard(self.ledger.path)
        except OSError as exc:
            log.warning("cannot write the field-visit draft: %s", exc)
            self._say(self.tr("Cannot keep a draft of this entry: {error}").format(error=exc))

    # --- moving --------------------------------------------------------------------------

    def _next(self) -> None:
        step = self.current_step()
        if self.next_button.isHidden() or not self.next_button.isEnabled():
            return
        if step == COMMUNITY:
            assert self.visit.community_id is not None
            self._choose_community(self.visit.community_id)
            return
        if step == TASK:
            assert self.visit.task is not None
            if self.visit.task is Task.UPDATE_SPACE:
                self._load_spaces(self.space_step.picks.search.text())
                self._go(PICK_SPACE)
            else:
                self._go(self.navigator.first_form_step())
            return
        page = self.stack.currentWidget()
        form = self.form
        if isinstance(page, FieldsPage) and form is not None:
            problems = form.check(page.names(), tried=True)
            if problems:
                self._focus_problem(problems)
                return
        target = self.navigator.next_step()
        if target is not None:
            self._go(target)

    def _back(self) -> None:
        target = self.navigator.back_step()
        if target is None:
            return
        if not self.navigator.looking_aside():  # looking aside: the waiting entry is as it was
            self.write_draft()
        self._go(target)

    def _focus_problem(self, problems: dict[str, str]) -> None:
        """Show the first field with a problem, on its page, and say what to do."""
        form = self.form
        assert form is not None
        for step in self.navigator.form_steps():
            page = self.steps[step]
            if isinstance(page, FieldsPage):
                wrong = [n for n in page.names() if n in problems]
                if wrong:
                    if self.stack.currentWidget() is not page:
                        self._go(step)
                    form.check(page.names(), tried=True)
                    block = form.blocks[wrong[0]]
                    page.ensureWidgetVisible(block)
                    block.editor.focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    break
        self._say(self.tr("Please correct what is marked in red."))

    # --- photos --------------------------------------------------------------------------

    def _show_photos(self) -> None:
        removed = set(self.visit.removed)
        photos = [Photo(Path(a["path"]), str(a["id"]), str(a.get("filename") or ""))
                  for a in self.existing if a["id"] not in removed]
        photos += [Photo(Path(p)) for p in self.visit.photos]
        self.photos_step.panel.set_photos(photos)

    def _add_photos(self) -> None:
        chosen = self.choose_photos(self)
        refused = [p.name for p in chosen if not attachments.is_image(p)]
        for path in chosen:
            if attachments.is_image(path) and str(path) not in self.visit.photos:
                self.visit.photos.append(str(path))
        self._show_photos()
        self.write_draft()
        if refused:
            self._say(self.tr("Not a photo, left out: {names}").format(names="、".join(refused)))

    def _remove_photo(self, key: str) -> None:
        if key in self.visit.photos:
            self.visit.photos.remove(key)
        elif any(str(a["id"]) == key for a in self.existing) and key not in self.visit.removed:
            self.visit.removed.append(key)
        self._show_photos()
        self.write_draft()

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        """Check the whole entry, then save it through the services on the writer."""
        form = self.form
        if form is None or not self.navigator.in_entry() or self._saving is not None:
            return
        self.write_draft()  # kept even if the battery dies while saving
        problems = form.check(tried=True)
        if problems:
            self._focus_problem(problems)
            return
        if self._without_function(form) and not self.confirm_no_function(self):
            self._show_field("function", self.tr(
                "Choose what the demand is about; “Other” if none of the nine fits."))
            return
        self._set_busy(True)
        visit = dataclasses.replace(self.visit, fields=form.raw_values(),
                                    photos=list(self.visit.photos),
                                    removed=list(self.visit.removed))
        ledger, original, path = self.ledger, dict(self.original), self.ledger.path
        operation = Operation(
            lambda task_state: _save_job(ledger, visit, original, path, task_state), self,
            bus=self.bus, origin=self)
        operation.succeeded.connect(self._on_saved)
        operation.failed.connect(lambda message, _details: self._on_save_failed(message))
        operation.finished.connect(partial(self._on_save_ended, operation))
        self._saving = operation
        operation.start()

    def _without_function(self, form: FieldForm) -> bool:
        """A demand about to be saved with no 功能类别."""
        return (self.visit.task is Task.NEW_DEMAND and "function" in form.blocks
                and form.editor("function").raw() is None)

    def _show_field(self, name: str, text: str) -> None:
        """Go to the page of a field and bring it into view, saying why."""
        for step in self.navigator.form_steps():
            page = self.steps[step]
            if isinstance(page, FieldsPage) and name in page.names():
                if self.stack.currentWidget() is not page:
                    self._go(step)
                page.ensureWidgetVisible(self.forms[self.visit.task.entity].blocks[name]
                                         if self.visit.task else page)
                break
        self._say(text)

    def _ask_no_function(self, parent: QWidget) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("No function chosen"),
            self.tr("This demand has no function. The demand list groups demands by "
                    "function; this one would be listed as “Unclassified”.\n\nChoose its "
                    "function (“Other” if none of the nine fits), or save it without one?"),
            QMessageBox.StandardButton.NoButton, parent)
        choose = box.addButton(self.tr("Choose a function"), QMessageBox.ButtonRole.RejectRole)
        save = box.addButton(self.tr("Save without a function"),
                             QMessageBox.ButtonRole.AcceptRole)
        for button in (choose, save):
            button.setMinimumSize(160, style.BUTTON_HEIGHT)
        box.setDefaultButton(choose)
        box.setEscapeButton(choose)
        box.exec()
        return box.clickedButton() is save

    def _add_to_same(self, offer: SameDemand) -> None:
        """Add the entry's residents to the demand already recorded, on the writer."""
        self._set_busy(True)
        ledger, path = self.ledger, self.ledger.path
        operation = Operation(lambda task_state: _add_job(ledger, offer, path, task_state), self,
                              bus=self.bus, origin=self)
        operation.succeeded.connect(lambda total: self._on_added(offer, total))
        operation.failed.connect(lambda message, _details: self._on_save_failed(message))
        operation.finished.connect(partial(self._on_save_ended, operation))
        self._saving = operation
        operation.start()

    def _on_added(self, offer: SameDemand, total: object) -> None:
        self._set_busy(False)
        title = record_title("demand", offer.existing)
        text = self.tr("“{title}” was already recorded for {community}: {total} residents are "
                       "now counted for it.").format(title=title, community=offer.community,
                                                    total=total)
        self.done_step.show_saved(text, [])
        self.visit = Visit(community_id=self.visit.community_id)
        self.record, self.original, self.existing, self.initial = None, {}, [], {}
        self._go(DONE)

    def _on_save_ended(self, operation: Operation) -> None:
        if self._saving is operation:  # not the one that followed it (adding the residents)
            self._saving = None

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.stack, self.back_button, self.save_button, self.next_button,
                       self.exit_button):
            widget.setEnabled(not busy)
        if busy:
            self.step_label.setText(self.tr("Saving…"))
        else:
            self._update_bars()

    def _on_saved(self, result: object) -> None:
        assert isinstance(result, SaveResult)
        self._set_busy(False)
        form = self.form
        assert form is not None and self.visit.task is not None
        if result.duplicate_of is not None:
            offer = offer_for(self.ledger, result.duplicate_of, form.raw_values().get("residents"))
            if offer is not None and self.offer_add(self, offer):
                self._add_to_same(offer)
                return
        if result.errors:
            general = []
            for error in result.errors:
                if error.field in form.blocks:
                    form.service_errors.setdefault(error.field, error.message)
                else:
                    general.append(str(error))
            problems = form.check(tried=True)
            if problems:
                self._focus_problem(problems)
            if general:
                self._say("\n".join(general))
            return
        if not result.saved:
            self._say(result.message)
            return
        assert result.record_id is not None
        task = self.visit.task
        self.done_step.show_saved(self._summary(task, result), result.photo_problems)
        self.visit = Visit(community_id=self.visit.community_id)
        self.record, self.original, self.existing, self.initial = None, {}, [], {}
        self._go(DONE)

    def _summary(self, task: Task, result: SaveResult) -> str:
        community = str(self.community.get("name") or "") if self.community else ""
        if task is Task.NEW_SPACE:
            text = self.tr("The space “{title}” was added to {community}.")
        elif task is Task.UPDATE_SPACE and result.changed:
            text = self.tr("The space “{title}” of {community} was updated.")
        elif task is Task.UPDATE_SPACE:
            text = self.tr("Nothing was changed in the space “{title}”.")
        else:
            text = self.tr("The demand “{title}” was recorded for {community}.")
        lines = [text.format(title=result.title, community=community)]
        if result.attached:
            lines.append(self.tr("%n photo(s) added.", "", result.attached))
        if result.removed:
            lines.append(self.tr("%n photo(s) removed.", "", result.removed))
        return "\n".join(lines)

    def _on_save_failed(self, message: str) -> None:
        self._set_busy(False)
        self._say(self.tr("Could not save: {error}").format(error=message))

    # --- after saving --------------------------------------------------------------------

    def _again(self) -> None:
        self._go(TASK)

    def _other_community(self) -> None:
        self.community_step.picks.search.clear()
        self._load_communities("")
        self._go(COMMUNITY)

    # --- leaving -------------------------------------------------------------------------

    def _ask_discard(self, parent: QWidget) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Discard the unsaved entry?"),
                          self.tr("What you entered has not been saved. Discard it?"),
                          QMessageBox.StandardButton.NoButton, parent)
        yes = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        for button in (yes, no):
            button.setMinimumSize(160, style.BUTTON_HEIGHT)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        fitting.fit(box)
        box.exec()
        return box.clickedButton() is yes

    def closeEvent(self, event: QCloseEvent) -> None:
        """Leaving keeps an unsaved entry as a draft (offered on the next visit)."""
        if self._saving is not None:
            self._saving.wait()  # the record is saved (its draft removed) before the window goes
        else:
            self.write_draft()
        self._check_timer.stop()
        self.photos_step.panel.stop()
        super().closeEvent(event)
        if not self._left:
            self._left = True
            self.finished.emit()

