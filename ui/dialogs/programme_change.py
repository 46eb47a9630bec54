"""The city's forms for one directory change (调入、调出、替换): what the clerk types, kept when
the change is refused, and the service call that makes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.domain.enums import ProjectTier
from app.domain.programme import Directory
from app.store.db import Ledger
from ui import theme
from ui.widgets import fitting
from ui.widgets.dialog_parts import accept_cancel, padded_layout

Change = Callable[[Ledger], Directory]
"""A directory change ready to run on the writer: it returns the new directory."""


class Kind(Enum):
    """Which change a form makes."""

    JOIN = "join"
    LEAVE = "leave"
    REPLACE = "replace"


def date_edit(day: dt.date) -> QDateEdit:
    """A date field with a calendar, shown as 2026-05-01."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def chosen_day(edit: QDateEdit) -> dt.date:
    """The date a date field holds."""
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


class ChangeForm(QDialog):
    """One change's fields; OK asks the directory dialog to make it (the form stays open, with
    what was typed and the reason in red, if the change is refused)."""

    def __init__(self, kind: Kind, day: dt.date, project: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.project = project
        """The entry the change is about (调出, 替换); "" for 调入."""
        self.submit: Callable[[ChangeForm], None] | None = None
        """Called on OK: runs the change (set by the directory dialog)."""
        titles = {Kind.JOIN: self.tr("Add a project to the directory"),
                  Kind.LEAVE: self.tr("Take a project out of the directory"),
                  Kind.REPLACE: self.tr("Replace a project in the directory")}
        self.setWindowTitle(titles[kind])
        self.setMinimumWidth(520)
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        self.name_edit = QLineEdit()
        self.tier_combo = QComboBox()
        for tier in (ProjectTier.NATIONAL_PILOT, ProjectTier.CITY_PROJECT):
            self.tier_combo.addItem(tier.label, tier.value)
        self.where_combo = QComboBox()
        self.where_combo.addItem(self.tr("Community"), "community")
        self.where_combo.addItem(self.tr("Street (street-unit project)"), "street")
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(self.tr("Code or name"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2019, 2040)  # the lowest shows as "not set"
        self.year_spin.setSpecialValueText(self.tr("(not set)"))
        self.year_spin.setValue(self.year_spin.minimum())
        self.date_edit = date_edit(day)
        self.reason_edit = QLineEdit()
        if kind is not Kind.JOIN:
            self.reason_edit.setPlaceholderText(self.tr("Required"))
            shown = QLabel(project)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(self.tr("Project:") if kind is Kind.LEAVE
                        else self.tr("Replaced project:"), shown)
        if kind is not Kind.LEAVE:
            form.addRow(self.tr("Project name:") if kind is Kind.JOIN
                        else self.tr("New project:"), self.name_edit)
        if kind is Kind.JOIN:
            form.addRow(self.tr("Tier:"), self.tier_combo)
        if kind is not Kind.LEAVE:
            where = QHBoxLayout()
            where.addWidget(self.where_combo)
            where.addWidget(self.place_edit, 1)
            form.addRow(self.tr("Where:"), where)
            form.addRow(self.tr("Batch year:"), self.year_spin)
            if kind is Kind.REPLACE:
                self.year_spin.setToolTip(self.tr("Not set: the replaced project's batch"))
        form.addRow(self.tr("Date:"), self.date_edit)
        form.addRow(self.tr("Reason:"), self.reason_edit)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(theme.ERROR_TEXT)
        self.error.hide()
        self.buttons, self.ok_button = accept_cancel(self, self.tr("Save"))
        layout = padded_layout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fitting.fit(self, scroll=True)

    def year(self) -> int | None:
        """The batch year typed (None: not set)."""
        value = self.year_spin.value()
        return None if value == self.year_spin.minimum() else value

    def place(self) -> tuple[str | None, str | None]:
        """(community, street) as typed: one of them."""
        text = self.place_edit.text().strip() or None
        if self.where_combo.currentData() == "street":
            return None, text
        return text, None

    def change(self) -> Change:
        """The service call this form's fields make (run later, on the writer)."""
        from app.services import programme

        day, reason = chosen_day(self.date_edit), self.reason_edit.text()
        name, year = self.name_edit.text(), self.year()
        community, street = self.place()
        old, kind = self.project, self.kind
        if kind is Kind.LEAVE:
            return lambda ledger: programme.leave(ledger, old, on=day, reason=reason)
        tier = ProjectTier(self.tier_combo.currentData())

        def run(ledger: Ledger) -> Directory:
            programme.require_city(ledger)
            place = programme.place_of(ledger, community=community, street=street)
            if kind is Kind.JOIN:
                return programme.join(ledger, name, tier, place, on=day, reason=reason,
                                      year=year)
            return programme.replace(ledger, old, name, place, on=day, reason=reason,
                                     year=year)

        return run

    def refused(self, message: str) -> None:
        """Show why the change was not made; the fields keep what was typed."""
        self.error.setText(message)
        self.error.show()
        self.ok_button.setEnabled(True)

    def accept(self) -> None:
        """Ask for the change; the form closes only once it is made."""
        if self.submit is None:
            super().accept()
            return
        if self.kind is not Kind.LEAVE and not self.name_edit.text().strip():
            self.refused(self.tr("Type the project's name."))
            return
        if self.kind is not Kind.LEAVE and not self.place_edit.text().strip():
            self.refused(self.tr("Type the community (or, for a street-unit project, the street) "
                                 "by its code or name."))
            return
        self.error.hide()
        self.ok_button.setEnabled(False)
        self.submit(self)

    def done_ok(self) -> None:
        """The change was made: close."""
        super().accept()
