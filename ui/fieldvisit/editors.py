"""Big editors for the declared fields: choices as toggle buttons, messages under each field."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain import rules
from app.domain.fields import FieldSpec, Kind
from app.domain.validate import Invalid
from app.services import records
from ui import theme
from ui.fieldvisit import style
from ui.forms.field_editors import FieldEditor, LineEditor, MultiLineEditor, editor_for

MAX_TOGGLES = 10
"""Choices shown as toggle buttons up to this many; more get a dropdown."""

MAX_COLUMNS = 5
LINE_WIDTH = 760
"""How wide a one-line text box grows (an address fits; the screen is not crossed)."""

_NUMBER_KINDS = (Kind.INT, Kind.DECIMAL, Kind.YEAR)


class ToggleEditor(FieldEditor):
    """A choice among a few (an enum, or 是/否) as big buttons: tap one; tap it again to clear it
    when the field is not required."""

    def __init__(self, field: FieldSpec, font: QFont) -> None:
        frame = QFrame()
        frame.setObjectName("toggles")
        super().__init__(field, frame)
        if field.kind is Kind.BOOL:
            options: list[tuple[Any, str]] = [(True, field.display(True)),
                                              (False, field.display(False))]
        else:
            options = [(member.value, member.label) for member in field.allowed]
        metrics = QFontMetrics(font)
        widest = max(metrics.horizontalAdvance(text) for _value, text in options) + 56
        columns = max(1, min(MAX_COLUMNS, len(options), style.CONTENT_WIDTH // (widest + 12)))
        grid = QGridLayout(frame)
        grid.setContentsMargins(2, 2, 2, 2)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        self.buttons: dict[Any, QPushButton] = {}
        self.labels: dict[Any, str] = dict(options)
        """Each choice's text, without the mark a chosen one carries."""
        for n, (value, text) in enumerate(options):
            toggle = style.button(text, "toggle")
            toggle.setCheckable(True)
            toggle.setMinimumWidth(widest)
            toggle.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            toggle.setAccessibleName(f"{field.label}：{text}")
            toggle.clicked.connect(lambda checked, v=value: self._clicked(v, checked))
            grid.addWidget(toggle, n // columns, n % columns)
            self.buttons[value] = toggle
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        self.focus_widget = next(iter(self.buttons.values()))

    def _clicked(self, value: Any, checked: bool) -> None:
        if not checked and self.field.required:  # a required choice is changed, never cleared
            self.buttons[value].setChecked(True)
            return
        for other, toggle in self.buttons.items():
            if other != value:
                toggle.setChecked(False)
        self._mark()
        self._changed()

    def _mark(self) -> None:
        """The chosen toggle says so with a check mark as well as its colour."""
        for value, toggle in self.buttons.items():
            mark = style.CHECK_MARK if toggle.isChecked() else ""
            toggle.setText(mark + self.labels[value])

    def raw(self) -> Any:
        return next((value for value, b in self.buttons.items() if b.isChecked()), None)

    def _show(self, value: Any) -> None:
        for option, toggle in self.buttons.items():
            toggle.setChecked(value is not None and option == value)
        self._mark()

    def set_invalid(self, invalid: bool) -> None:
        for toggle in self.buttons.values():
            toggle.setProperty("invalid", invalid)
            toggle.style().unpolish(toggle)
            toggle.style().polish(toggle)


def big_editor_for(field: FieldSpec, font: QFont) -> FieldEditor:
    """The editor for a field on a touch screen: toggles for a few choices, tall boxes."""
    metrics = QFontMetrics(font)
    few = field.kind is Kind.BOOL or (
        field.kind is Kind.ENUM and len(field.allowed) <= MAX_TOGGLES
    )
    if few:
        return ToggleEditor(field, font)
    editor = editor_for(field)
    if isinstance(editor, MultiLineEditor):
        editor.box.setFixedHeight(metrics.lineSpacing() * 4 + 24)
    elif isinstance(editor, LineEditor):
        line: QLineEdit = editor.line
        line.setMinimumHeight(style.BUTTON_HEIGHT)
        if field.kind in (Kind.TEXT, Kind.CREDIT_CODE):
            line.setMaximumWidth(LINE_WIDTH)
        else:  # numbers, codes, phones: wide enough for their digits in the big type
            line.setFixedWidth(metrics.horizontalAdvance("0" * 16) + 40)
        if field.kind in _NUMBER_KINDS:
            line.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        elif field.kind is Kind.PHONE:
            line.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
    else:
        editor.focus_widget.setMinimumHeight(style.BUTTON_HEIGHT)
    return editor


class FieldBlock(QWidget):
    """One field: its label above, the editor with its unit, and the message under it."""

    def __init__(self, editor: FieldEditor, font: QFont) -> None:
        super().__init__()
        self.editor = editor
        field = editor.field
        text = f"<b>{html.escape(field.label)}</b>"
        if field.required:
            text += f' <span style="color:{theme.ERROR}">*</span>'
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setBuddy(editor.focus_widget)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.label)
        if field.help:
            column.addWidget(style.note(field.help))
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(editor.widget, 100 if self._grows() else 0)
        if field.unit:
            unit = QLabel(field.unit)
            unit.setProperty("role", "unit")
            row.addWidget(unit)
        row.addStretch(1)  # what a box no wider than its maximum leaves, on its right
        column.addLayout(row)
        self.message = style.message_line(font)
        column.addWidget(self.message)

    def _grows(self) -> bool:
        if isinstance(self.editor, LineEditor):
            return self.editor.field.kind in (Kind.TEXT, Kind.CREDIT_CODE)
        return True

    def show_message(self, text: str) -> None:
        """Show a message under the field (or none); the editor's frame turns red with it."""
        self.message.setText(text)  # its line stays when empty: nothing below moves
        self.editor.set_invalid(bool(text))


class FieldForm(QObject):
    """The editors of one entity's essential fields, checked as the worker types."""

    value_changed = Signal(str)
    """The worker changed a field (its identifier)."""

    def __init__(self, entity: str, names: Iterable[str], font: QFont,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spec = records.spec_of(entity)
        self.blocks: dict[str, FieldBlock] = {}
        self.touched: set[str] = set()
        self.service_errors: dict[str, str] = {}
        for name in names:
            editor = big_editor_for(self.spec.field(name), font)
            self.blocks[name] = FieldBlock(editor, font)
            editor.value_changed.connect(lambda n=name: self._edited(n))

    def editor(self, name: str) -> FieldEditor:
        """The editor of a field."""
        return self.blocks[name].editor

    def message(self, name: str) -> str:
        """The message shown under a field ("" when none)."""
        return self.blocks[name].message.text()

    def raw_values(self) -> dict[str, Any]:
        """What every editor holds, as typed."""
        return {name: block.editor.raw() for name, block in self.blocks.items()}

    def fill(self, values: Mapping[str, Any]) -> None:
        """Show these values (stored values, or text as typed); clears every message."""
        self.touched.clear()
        self.service_errors.clear()
        for name, block in self.blocks.items():
            block.editor.set_value(values.get(name))
            block.show_message("")

    def defaults(self) -> dict[str, Any]:
        """What a new record starts with."""
        return {name: self.spec.field(name).default_value() for name in self.blocks}

    def _edited(self, name: str) -> None:
        self.touched.add(name)
        if self.service_errors.pop(name, None) is not None:  # it was about the value before
            self.blocks[name].show_message("")
        self.value_changed.emit(name)

    def check(self, names: Iterable[str] | None = None, *, tried: bool = False) -> dict[str, str]:
        """Check fields now (all when `names` is None); show and return their messages.

        A required field left empty is said only once touched, or when `tried` (下一步, 保存).
        """
        wanted = list(self.blocks if names is None else names)
        parsed: dict[str, Any] = {}
        found: dict[str, str] = {}
        for name, block in self.blocks.items():
            field = block.editor.field
            try:
                value = field.parse(block.editor.raw())
            except Invalid as exc:
                found[name] = str(exc)
                continue
            problem = block.editor.problem()
            if problem:
                found[name] = problem
                continue
            parsed[name] = value
            if field.required and value is None and (tried or name in self.touched):
                found[name] = self.tr("Required: please fill it in")
        for error in rules.record_errors(self.spec.name, parsed):
            if error.field in self.blocks:
                found.setdefault(error.field, error.message)
        shown = {n: t for n, t in {**self.service_errors, **found}.items() if n in wanted}
        for name in wanted:
            self.blocks[name].show_message(shown.get(name, ""))
        return shown
