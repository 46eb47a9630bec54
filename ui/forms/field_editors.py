"""One editor per field kind: what the user typed or chose, kept as given until a save parses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from app.domain import china_time
from app.domain.fields import FieldSpec, Kind
from app.domain.validate import DATE_MAX, DATE_MIN

LONG_TEXT = 1000
"""Text fields allowed more characters than this get a multi-line box (names and addresses keep
the default maximum of 500 and a one-line box; notes, contents and replies allow 2000)."""

CHECKS_PER_ROW = 3
SHORT = 18
"""Digits a number, code or phone box is wide enough for."""
_EMPTY_DATE = QDate(DATE_MIN.year, DATE_MIN.month, DATE_MIN.day).addDays(-1)
_NO_VALUE: Any = None



def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Set the `invalid` property the form's style sheet draws as a red frame."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class FieldEditor(QObject):
    """The widget for one field; raw() is what FieldSpec.parse receives, never rewritten."""

    value_changed = Signal()
    """The user changed what the editor holds."""

    def __init__(self, field: FieldSpec, widget: QWidget, focus: QWidget | None = None) -> None:
        super().__init__(widget)
        self.field = field
        self.widget = widget
        """What the form lays out."""
        self.focus_widget = focus or widget
        """What takes the keyboard focus and shows the red frame."""
        self._filling = False
        tip = field.help or field.label
        self.focus_widget.setToolTip(tip)
        self.focus_widget.setAccessibleName(field.label)

    def raw(self) -> Any:
        """What the user entered: text, a date, a choice's identifier, a list, or None for empty."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored value (as records.get returns it); None empties the editor."""
        self._filling = True
        try:
            self._show(value)
        finally:
            self._filling = False

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def text(self) -> Any:
        """What the editor shows, exactly as typed (JSON-friendly): what a draft keeps."""
        return self.raw()

    def set_text(self, text: Any) -> None:
        """Show a draft's text() again; it counts as the user's edit."""
        self._show(text)

    def problem(self) -> str | None:
        """A message about the entry that parsing alone does not catch (the default: none)."""
        return None

    def set_invalid(self, invalid: bool) -> None:
        """Draw the editor as holding a bad value (or not)."""
        mark_invalid(self.focus_widget, invalid)

    def _changed(self, *_args: Any) -> None:
        if not self._filling:
            self.value_changed.emit()


class LineEditor(FieldEditor):
    """Text, numbers, codes and phone numbers typed on one line, kept exactly as typed."""

    def __init__(self, field: FieldSpec) -> None:
        line = QLineEdit()
        super().__init__(field, line)
        self.line = line
        if field.help:
            self.line.setPlaceholderText(field.help)
        self.line.setMaxLength(max(field.max_length * 2, 100))  # too long is said, not cut off
        if field.kind not in (Kind.TEXT, Kind.CREDIT_CODE):  # numbers, codes, phones: short
            self.line.setFixedWidth(self.line.fontMetrics().horizontalAdvance("0" * SHORT) + 16)
        self.line.textChanged.connect(self._changed)

    def raw(self) -> Any:
        return self.line.text() or None

    def _show(self, value: Any) -> None:
        self.line.setText(self.field.display(value))

    def text(self) -> Any:
        return self.line.text()

    def set_text(self, text: Any) -> None:
        self.line.setText("" if text is None else str(text))


class MultiLineEditor(FieldEditor):
    """Long text (notes, a demand's content): a few lines; Tab moves on to the next field."""

    def __init__(self, field: FieldSpec) -> None:
        text_box = QPlainTextEdit()
        super().__init__(field, text_box)
        self.box = text_box
        self.box.setTabChangesFocus(True)
        if field.help:
            self.box.setPlaceholderText(field.help)
        lines = 3
        self.box.setFixedHeight(self.box.fontMetrics().lineSpacing() * lines + 14)
        self.box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.box.textChanged.connect(self._changed)

    def raw(self) -> Any:
        return self.box.toPlainText() or None

    def _show(self, value: Any) -> None:
        self.box.setPlainText(self.field.display(value))

    def text(self) -> Any:
        return self.box.toPlainText()

    def set_text(self, text: Any) -> None:
        self.box.setPlainText("" if text is None else str(text))


class DateEditor(FieldEditor):
    """A date picker with a calendar popup that can also stay empty (shown as 未填)."""

    def __init__(self, field: FieldSpec) -> None:
        box = QWidget()
        date = QDateEdit()
        super().__init__(field, box, date)
        self.date = date
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(_EMPTY_DATE)
        self.date.setMaximumDate(QDate(DATE_MAX.year, DATE_MAX.month, DATE_MAX.day))
        self.date.setSpecialValueText(QCoreApplication.translate("FieldEditor", "Not filled"))
        self.date.setDate(_EMPTY_DATE)
        self.date.setMinimumWidth(self.date.fontMetrics().horizontalAdvance("0000-00-00") + 60)
        self.clear_button = QToolButton()
        self.clear_button.setText(QCoreApplication.translate("FieldEditor", "Clear"))
        self.clear_button.setToolTip(
            QCoreApplication.translate("FieldEditor", "Leave this date empty")
        )
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(lambda: self.date.setDate(_EMPTY_DATE))
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.date.dateChanged.connect(self._date_changed)
        self.date.calendarWidget().installEventFilter(self)
        self._date_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The calendar of an empty date opens on this month, not on the empty marker's."""
        if event.type() == QEvent.Type.Show and self.raw() is None:
            today = china_time.today()
            self.date.calendarWidget().setCurrentPage(today.year, today.month)
        return super().eventFilter(watched, event)

    def _date_changed(self, *_args: Any) -> None:
        self.clear_button.setEnabled(self.raw() is not None)
        self._changed()

    def raw(self) -> Any:
        value = self.date.date()
        if value == _EMPTY_DATE:
            return None
        return dt.date(value.year(), value.month(), value.day())

    def _show(self, value: Any) -> None:
        if isinstance(value, dt.date):
            self.date.setDate(QDate(value.year, value.month, value.day))
        else:
            self.date.setDate(_EMPTY_DATE)

    def text(self) -> Any:
        value = self.raw()
        return value.isoformat() if value is not None else None

    def set_text(self, text: Any) -> None:
        try:
            self._show(dt.date.fromisoformat(str(text)) if text else None)
        except ValueError:
            self._show(None)


class ChoiceEditor(FieldEditor):
    """A dropdown of fixed choices: an enum's labels, or 是/否 (with 未填 unless required)."""

    def __init__(self, field: FieldSpec) -> None:
        combo = QComboBox()
        super().__init__(field, combo)
        self.combo = combo
        if not field.required:
            self.combo.addItem(QCoreApplication.translate("FieldEditor", "Not filled"), _NO_VALUE)
        if field.kind is Kind.BOOL:
            self.combo.addItem(field.display(True), True)
            self.combo.addItem(field.display(False), False)
        else:
            for member in field.allowed:
                self.combo.addItem(member.label, member.value)
        self.combo.setPlaceholderText(QCoreApplication.translate("FieldEditor", "Please choose"))
        self.combo.setCurrentIndex(-1 if field.required else 0)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(self._changed)

    def raw(self) -> Any:
        index = self.combo.currentIndex()
        return None if index < 0 else self.combo.itemData(index)

    def _show(self, value: Any) -> None:
        if value is None:
            self.combo.setCurrentIndex(-1 if self.field.required else 0)
            return
        for index in range(self.combo.count()):
            data = self.combo.itemData(index)
            if data is not None and data == value:
                self.combo.setCurrentIndex(index)
                return
        self.combo.setCurrentIndex(-1)


class ChecksEditor(FieldEditor):
    """Several choices (拟承载功能, 包含功能): one checkbox per allowed choice."""

    def __init__(self, field: FieldSpec) -> None:
        box = QWidget()
        super().__init__(field, box)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        self.checks: dict[str, QCheckBox] = {}
        for n, member in enumerate(field.allowed):
            check = QCheckBox(member.label)
            check.toggled.connect(self._changed)
            grid.addWidget(check, n // CHECKS_PER_ROW, n % CHECKS_PER_ROW)
            self.checks[member.value] = check
        self.focus_widget = next(iter(self.checks.values()), box)

    def raw(self) -> Any:
        chosen = [value for value, check in self.checks.items() if check.isChecked()]
        return chosen or None

    def _show(self, value: Any) -> None:
        chosen = set(value or ())
        for name, check in self.checks.items():
            check.setChecked(name in chosen)

    def set_invalid(self, invalid: bool) -> None:
        mark_invalid(self.widget, invalid)


@dataclass(frozen=True)
class Choice:
    """A record offered by a reference dropdown."""

    id: str
    name: str
    code: str | None = None

    @property
    def text(self) -> str:
        """How the dropdown shows it: name, with its code when it has one."""
        return f"{self.name}（{self.code}）" if self.code else self.name


class RefEditor(FieldEditor):
    """Another record (所属社区, 运营主体): a dropdown one can also type into, with completion."""

    def __init__(self, field: FieldSpec) -> None:
        combo = QComboBox()
        super().__init__(field, combo)
        self.combo = combo
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(20)
        self.combo.setMinimumContentsLength(16)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        line = self.combo.lineEdit()
        assert line is not None
        line.setPlaceholderText(
            QCoreApplication.translate("FieldEditor", "Choose, or type a name or code")
        )
        self._choices: list[Choice] = []
        self.combo.editTextChanged.connect(self._changed)

    @property
    def choices(self) -> list[Choice]:
        """The records offered."""
        return list(self._choices)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        """Offer these records; what the user typed or chose stays."""
        text = self.combo.currentText()
        self._filling = True
        try:
            self._choices = list(choices)
            self.combo.clear()
            if not self.field.required:
                self.combo.addItem("", _NO_VALUE)
            for choice in self._choices:
                self.combo.addItem(choice.text, choice.id)
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(text)
        finally:
            self._filling = False

    def _find(self, text: str) -> Choice | None:
        word = text.strip()
        for choice in self._choices:
            if word in (choice.text, choice.name, choice.code, choice.id):
                return choice
        return None

    def raw(self) -> Any:
        text = self.combo.currentText().strip()
        if not text:
            return None
        choice = self._find(text)
        return choice.id if choice else text

    def problem(self) -> str | None:
        text = self.combo.currentText().strip()
        if text and self._find(text) is None:
            return QCoreApplication.translate(
                "FieldEditor", "Not in the list: choose one of the offered records"
            )
        return None

    def _show(self, value: Any) -> None:
        found = next((c for c in self._choices if c.id == value), None)
        self.combo.setEditText(found.text if found else "" if value is None else str(value))

    def text(self) -> Any:
        return self.combo.currentText()

    def set_text(self, text: Any) -> None:
        self.combo.setEditText("" if text is None else str(text))


def editor_for(field: FieldSpec) -> FieldEditor:
    """The editor a field's kind calls for."""
    if field.kind is Kind.TEXT and field.max_length > LONG_TEXT:
        return MultiLineEditor(field)
    if field.kind is Kind.DATE:
        return DateEditor(field)
    if field.kind in (Kind.ENUM, Kind.BOOL):
        return ChoiceEditor(field)
    if field.kind is Kind.ENUMS:
        return ChecksEditor(field)
    if field.kind is Kind.REF:
        return RefEditor(field)
    return LineEditor(field)
