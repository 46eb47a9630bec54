"""The dialog that creates or edits a record of any entity, generated from its declared fields."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import rules
from app.domain.fields import FieldSpec, Kind
from app.domain.validate import Invalid
from app.errors import InvalidInput, KnownError
from app.services import records
from app.services.tier_guard import TierRule, tier_rule
from ui import theme
from ui.entity_names import entity_noun
from ui.forms import messages
from ui.forms.choices import DEPENDS_ON, choice_of, load_choices
from ui.forms.field_editors import (
    ChecksEditor,
    FieldEditor,
    LineEditor,
    MultiLineEditor,
    RefEditor,
    editor_for,
)
from ui.forms.form_draft import PHOTOS_KEY, FormDraft
from ui.forms.no_function import ask_no_function, lacks_function
from ui.forms.same_demand import SameDemand, add_job, ask_to_add, same_demand
from ui.operations import Operation
from ui.widgets import fitting
from ui.widgets.elided_label import ElidedLabel
from ui.widgets.photo_strip import PhotoStrip

if TYPE_CHECKING:
    from app.services.drafts import Draft
    from app.store.areas import Scope
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 300
"""How long typing pauses before the entry is checked."""

MIN_WIDTH = 620
MAX_HEIGHT = 760
PHOTO_ENTITIES = ("space",)
"""The records whose form takes photos."""
TITLE_CHARS = 30
_STYLE = f"""
*[invalid="true"] {{ border: 1px solid {theme.ERROR}; border-radius: 2px; }}
QLabel[role="message"] {{ color: {theme.ERROR}; }}
QLabel[role="unit"] {{ color: palette(placeholder-text); }}
QLabel[role="note"] {{ color: palette(placeholder-text); }}
"""


def record_title(spec_name: str, record: Mapping[str, Any]) -> str:
    """A record named for people: its title field as shown, shortened if long."""
    spec = records.spec_of(spec_name)
    text = spec.field(spec.title_field).display(record.get(spec.title_field))
    text = " ".join(text.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


class RecordFormDialog(QDialog):
    """Create (record_id None) or edit a record; exec() is Accepted once saved.

    `values` (field name or label -> value) pre-fill the form, over the defaults or the stored
    record. `scope` limits what reference dropdowns offer (the communities of the chosen area).

    Every field of the entity gets an editor by its kind; what is typed is checked as you type
    and on saving, and the Chinese message appears beside the field without touching the text.
    What is typed is kept as a draft a moment after each change, until saved or discarded.
    """

    saved = Signal(str)
    """The record was saved; carries its id."""

    save_finished = Signal(bool)
    """A save ended: True once the record (and its photos) is written and the form has closed;
    False when it was refused or failed (the form says why and stays open)."""

    def __init__(self, ledger: Ledger, entity: str, *, record_id: str | None = None,
                 values: Mapping[str, Any] | None = None, parent: QWidget | None = None,
                 scope: Scope | None = None, bus: ChangeBus | None = None,
                 origin: object = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.bus = bus
        """Where the save tells every page what it changed (None: nobody is told)."""
        self.origin = origin
        """Who the save is made for: the page that opened the form reads its own change itself."""
        self.spec = records.spec_of(entity)
        self.entity = entity
        self.scope = scope
        """The area whose records reference dropdowns offer (None: all)."""
        self.record_id = record_id
        """The record edited, or (once saved) created."""
        self.creating = record_id is None
        """Whether the form makes a new record (else it edits record_id)."""
        self.confirm_discard: Callable[[QWidget], bool] = self._ask_discard
        """Asked before unsaved changes are thrown away; True lets them go."""
        self.offer_add: Callable[[QWidget, SameDemand], bool] = ask_to_add
        """Asked when a new demand is already recorded that day; True adds its residents."""
        self.confirm_no_function: Callable[[QWidget], bool] = ask_no_function
        """Asked when a demand is saved without a 功能类别; True saves it so (listed 未分类)."""
        self.editors: dict[str, FieldEditor] = {}
        self._messages: dict[str, QLabel] = {}
        self._original: dict[str, Any] = {}
        self._initial: dict[str, Any] = {}
        self._touched: set[str] = set()
        self._service_errors: dict[str, str] = {}
        self._tried = False
        self._loaded_parents: dict[str, Any] = {}
        self._finishing = False
        self._saving: Operation | None = None
        self.photos: PhotoStrip | None = None
        """The space's photos (None for the other records)."""

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)

        self.tier_rule: TierRule | None = (
            tier_rule(ledger) if self.spec.name == "project" else None)
        """The directory's tiers (below the city): 项目类型 is then read-only, the directory's."""
        self._build()
        self._fill(values or {})
        self._follow_directory()
        self._initial = self._raw_values()
        self.draft = FormDraft(ledger.path, self.spec.name, self.record_id, self._draft_values,
                               self)
        """The draft of what is typed (written about a second after each change)."""
        if self.photos is not None:
            self.photos.set_record(None if self.creating else self.record_id)
            self.photos.pending_changed.connect(self.draft.changed)
        self.check()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(MIN_WIDTH)
        label = entity_noun(self.spec.name)
        if self.creating:
            self.setWindowTitle(self.tr("New {entity}").format(entity=label))
        else:
            self.setWindowTitle(self.tr("Edit {entity}").format(entity=label))
        # a long demand's title is cut at the dialog's edge with "…", the whole of it as the tip
        self.heading = ElidedLabel(self.windowTitle(), mode=Qt.TextElideMode.ElideRight)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        note = QLabel(self.tr("Fields marked * are required."))
        note.setProperty("role", "note")

        self._line_height = QLineEdit().sizeHint().height()
        content = QWidget()
        outer = QVBoxLayout(content)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        for field in self.spec.fields:
            editor = editor_for(field)
            editor.value_changed.connect(lambda name=field.name: self._on_edited(name))
            self.editors[field.name] = editor
            form.addRow(self._label(field, editor), self._cell(field, editor))
        if self.spec.name in PHOTO_ENTITIES:
            self.photos = PhotoStrip(self.ledger, self.spec.name, bus=self.bus,
                                     origin=self.origin)
            photos_label = QLabel(self.tr("Photos"))
            photos_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            photos_label.setContentsMargins(0, 4, 0, 0)
            form.addRow(photos_label, self.photos)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.general_message = QLabel()
        self.general_message.setProperty("role", "message")
        self.general_message.setWordWrap(True)
        self.general_message.setTextFormat(Qt.TextFormat.PlainText)
        self.general_message.hide()

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setToolTip(self.tr("Save the record (Ctrl+S)"))
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(note)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.general_message)
        layout.addWidget(self.buttons)
        height = content.sizeHint().height() + 120
        self.resize(MIN_WIDTH, min(height, MAX_HEIGHT))
        fitting.fit(self)  # the fields scroll already; the form keeps within the screen

    def _label(self, field: FieldSpec, editor: FieldEditor) -> QLabel:
        text = html.escape(field.label)
        if field.required:
            text += f' <span style="color:{theme.ERROR}">*</span>'
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setBuddy(editor.focus_widget)
        if field.help:
            label.setToolTip(field.help)
        # level with the editor's first line, above the message that may appear under it
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        first_line = min(editor.focus_widget.sizeHint().height(), self._line_height)
        label.setContentsMargins(0, max(0, (first_line - label.sizeHint().height()) // 2), 0, 0)
        return label

    def _cell(self, field: FieldSpec, editor: FieldEditor) -> QWidget:
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(editor.widget, 1 if self._grows(editor) else 0)
        if field.unit:
            unit = QLabel(field.unit)
            unit.setProperty("role", "unit")
            row.addWidget(unit)
        if not self._grows(editor):
            row.addStretch(1)
        column.addLayout(row)
        if self.tier_rule is not None and field.name == "tier":
            editor.widget.setEnabled(False)
            fixed = QLabel(self.tr("The project type follows the city's programme directory"))
            fixed.setProperty("role", "note")
            column.addWidget(fixed)
        message = QLabel()
        message.setProperty("role", "message")
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.hide()
        column.addWidget(message)
        self._messages[field.name] = message
        return cell

    @staticmethod
    def _grows(editor: FieldEditor) -> bool:
        if isinstance(editor, LineEditor):
            return editor.field.kind in (Kind.TEXT, Kind.CREDIT_CODE)
        return isinstance(editor, MultiLineEditor | ChecksEditor | RefEditor)

    # --- filling -----------------------------------------------------------------------

    def _fill(self, values: Mapping[str, Any]) -> None:
        """Defaults (new) or the stored record (edit), then the given values on top."""
        wanted: dict[str, Any]
        if self.creating:
            wanted = {f.name: f.default_value() for f in self.spec.fields}
        else:
            assert self.record_id is not None
            record = records.get(self.ledger, self.entity, self.record_id)
            self.record_id = str(record["id"])
            self._original = {f.name: record.get(f.name) for f in self.spec.fields}
            wanted = dict(self._original)
            title = record_title(self.spec.name, record)
            self.heading.setText(
                self.tr("Edit {entity}: {title}").format(entity=entity_noun(self.spec.name),
                                                        title=title)
            )
        for key, raw in values.items():
            field = self.spec.resolve_field(key)
            if field is None:
                continue
            try:
                wanted[field.name] = field.parse(raw)
            except Invalid:
                wanted[field.name] = raw  # shown as given, with its message
        for name, editor in self.editors.items():
            if isinstance(editor, RefEditor):
                self._load_choices(editor, wanted)
            editor.set_value(wanted.get(name))

    def _load_choices(self, editor: RefEditor, values: Mapping[str, Any]) -> None:
        field = editor.field
        try:
            found = load_choices(self.ledger, field, self.scope, values)
        except KnownError as exc:
            self._show_general(str(exc))
            found = []
        current = values.get(field.name)
        if current and all(c.id != current for c in found):
            extra = choice_of(self.ledger, field, str(current))
            if extra is not None:
                found.insert(0, extra)
        editor.set_choices(found)
        assert field.ref is not None
        parent = DEPENDS_ON.get(field.ref)
        if parent is not None:
            self._loaded_parents[field.name] = values.get(parent)

    def _reload_dependents(self, parsed: Mapping[str, Any]) -> None:
        """Offer the spaces of the community now chosen."""
        for name, parent_value in list(self._loaded_parents.items()):
            editor = self.editors[name]
            assert isinstance(editor, RefEditor) and editor.field.ref is not None
            parent = DEPENDS_ON[editor.field.ref]
            if parent in parsed and parsed[parent] != parent_value:
                self._load_choices(editor, {**parsed, name: editor.raw()})

    def _raw_values(self) -> dict[str, Any]:
        return {name: editor.raw() for name, editor in self.editors.items()}

    # --- checking ----------------------------------------------------------------------

    def editor(self, name: str) -> FieldEditor:
        """The editor of a field (by identifier)."""
        return self.editors[name]

    def message(self, name: str) -> str:
        """The message shown beside a field ("" when there is none)."""
        label = self._messages[name]
        return label.text() if not label.isHidden() else ""

    def is_modified(self) -> bool:
        """Whether anything differs from what the form opened with (photos waiting included)."""
        waiting = self.photos is not None and bool(self.photos.pending)
        return waiting or self._raw_values() != self._initial

    def _follow_directory(self) -> None:
        """A new project's (or renamed one's) 项目类型: what the directory says of its name."""
        if self.tier_rule is None or "tier" not in self.editors:
            return
        if not self.creating and self.editors["name"].raw() == self._original.get("name"):
            return  # as stored: the tier it was saved with stays
        name = str(self.editors["name"].raw() or "").strip()
        self.editors["tier"].set_value(self.tier_rule.tier_of(name).value)

    def _on_edited(self, name: str) -> None:
        if name == "name":
            self._follow_directory()
        self._touched.add(name)
        self._service_errors.clear()  # they described the values before this edit
        self._show_general("")
        self._timer.start()
        self.draft.changed()

    def check(self) -> dict[str, str]:
        """Check every field now; shows and returns the messages (field -> Chinese text)."""
        self._timer.stop()
        parsed: dict[str, Any] = {}
        found: dict[str, str] = {}
        for name, editor in self.editors.items():
            field = editor.field
            try:
                value = field.parse(editor.raw())
            except Invalid as exc:
                found[name] = str(exc)
                continue
            problem = editor.problem()
            if problem:
                found[name] = problem
                continue
            parsed[name] = value
            if field.required and value is None and (self._tried or name in self._touched):
                found[name] = self.tr("Required: please fill it in")
        for error in rules.record_errors(self.spec.name, parsed):
            found.setdefault(error.field, error.message)
        self._reload_dependents(parsed)
        shown = {**self._service_errors, **found}
        for name, label in self._messages.items():
            text = shown.get(name, "")
            label.setText(text)
            label.setVisible(bool(text))
            self.editors[name].set_invalid(bool(text))
        return shown

    def _show_general(self, text: str) -> None:
        self.general_message.setText(text)
        self.general_message.setVisible(bool(text))

    # --- saving ------------------------------------------------------------------------

    @property
    def saving(self) -> bool:
        """Whether a save runs on the writer now."""
        return self._saving is not None

    def save(self) -> bool:
        """Write the record on the writer; when it ends the form closes, or shows beside each
        field why it was refused. False if a save is already under way."""
        if self._saving is not None or self._finishing:
            return False
        self._tried = True
        self._service_errors = {}
        self._show_general("")
        raw = self._raw_values()
        dropped = self.creating or self._original.get("function")
        # asked only of a record the form finds sound: a bad one is refused with its messages
        if (lacks_function(self.entity, raw) and dropped and not self.check()
                and not self.confirm_no_function(self)):
            self._focus_first_problem({"function": ""})
            return False
        ledger, entity, record_id = self.ledger, self.entity, self.record_id
        original = None if self.creating else dict(self._original)
        operation = Operation(
            lambda _state: records.save(ledger, entity, record_id, raw, original), self,
            bus=self.bus, origin=self.origin)
        operation.succeeded.connect(partial(self._on_saved, raw))
        operation.failed.connect(partial(self._on_save_failed, operation, raw))
        self._saving = operation
        operation.start()
        return True

    def _on_saved(self, raw: dict[str, Any], saved: object) -> None:
        assert isinstance(saved, records.Saved)
        self._saving = None
        self.record_id = saved.id
        self._initial = raw
        if self.photos is not None and self.photos.pending:
            self._finishing = True  # the record is written: only the photos remain
            self.save_button.setEnabled(False)
            self.cancel_button.setEnabled(False)
            self.photos.attach_finished.connect(
                lambda problems: self._finish(saved.changed, problems))
            self.photos.attach_pending(saved.id)
            return
        self._finish(saved.changed, [])

    def _on_save_failed(self, operation: Operation, raw: dict[str, Any], message: str,
                        _details: str) -> None:
        self._saving = None
        error = operation.error
        offer = same_demand(self.ledger, error, raw.get("residents")) if self.creating else None
        if offer is not None and self.offer_add(self, offer):
            self._add_to_same(offer)
            return
        if isinstance(error, InvalidInput):
            general = []
            for found in error.errors:
                if found.field in self.editors:
                    self._service_errors.setdefault(found.field, found.message)
                else:
                    general.append(str(found))
            self._show_general("\n".join(general))
            self._focus_first_problem(self.check())
        elif isinstance(error, KnownError):
            self.check()
            self._show_general(message)
        else:  # a bug (logged with its traceback)
            self._show_general(self.tr("Could not save: {error}").format(error=error))
        self.save_finished.emit(False)

    def _add_to_same(self, offer: SameDemand) -> None:
        """Add this entry's residents to the demand already recorded, then close as saved."""
        operation = Operation(add_job(self.ledger, offer), self, bus=self.bus,
                              origin=self.origin)

        def added(_total: object) -> None:
            self._saving = None
            self.record_id = offer.existing_id
            self._finish(True, [])

        def refused(message: str, _details: str) -> None:
            self._saving = None
            self._show_general(message)
            self.save_finished.emit(False)

        operation.succeeded.connect(added)
        operation.failed.connect(refused)
        self._saving = operation
        operation.start()

    def _finish(self, changed: bool, problems: list[str]) -> None:
        """The record (and its photos) saved: tell, then close."""
        assert self.record_id is not None
        self.draft.discard()
        if changed:
            self.saved.emit(self.record_id)
        if problems:
            messages.tell(self, self.tr("Some photos were not added"), "\n".join(problems))
        self.accept()
        self.save_finished.emit(True)

    def _focus_first_problem(self, problems: Mapping[str, str]) -> None:
        for name, editor in self.editors.items():
            if name in problems:
                self.scroll_area.ensureWidgetVisible(editor.widget)
                editor.focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # --- closing -----------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel, Esc or the close box: ask first when something typed would be lost."""
        if self._finishing or self._saving is not None:
            return
        if self.is_modified() and not self.confirm_discard(self):
            return
        super().reject()

    def done(self, result: int) -> None:
        """Closing after a save or a discard leaves no draft; the photo workers are waited for."""
        if self._saving is not None:  # closed by its parent meanwhile: the save still ends
            self._saving.wait()
        self.draft.discard()
        if self.photos is not None:
            self.photos.stop()
        super().done(result)

    # --- drafts ------------------------------------------------------------------------

    def _draft_values(self) -> dict[str, Any] | None:
        """What a draft keeps: every editor's text as typed (None: nothing unsaved)."""
        if not self.is_modified():
            return None
        values: dict[str, Any] = {name: e.text() for name, e in self.editors.items()}
        if self.photos is not None and self.photos.pending:
            values[PHOTOS_KEY] = [str(path) for path in self.photos.pending]
        return values

    def restore_draft(self, draft: Draft) -> None:
        """Show a draft's text again (it keeps being this form's draft until saved)."""
        self.draft.key = draft.key
        self.draft.written = True  # the draft is this form's now: saving or discarding ends it
        for name, text in draft.values.items():
            editor = self.editors.get(name)
            if editor is not None:
                editor.set_text(text)
        chosen = draft.values.get(PHOTOS_KEY) or []
        if self.photos is not None and self.creating and chosen:
            self.photos.pending = [Path(p) for p in chosen if Path(p).is_file()]
            self.photos.reload()
        self.check()
        self.draft.flush()

    def _ask_discard(self, parent: QWidget) -> bool:
        return messages.ask(
            parent,
            self.tr("Discard changes?"),
            self.tr("What you entered in this form has not been saved. Discard it?"),
            self.tr("Discard changes"),
            self.tr("Keep editing"),
        )
