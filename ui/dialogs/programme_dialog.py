"""项目名录: the programme directory on a day, each entry's history, and the city's changes.

Every office reads here the part of the city's directory that lies in its area; only the city's
ledger shows the buttons that change it (调入、调出、替换, its list from Excel). The changes run
through app/services/programme.py on the writer (ui/operations.py); a refused one leaves its form
open with what was typed and why, in Chinese.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.domain.programme import ChangeKind, TierChange
from app.errors import UsageError
from app.services import programme
from ui import theme
from ui.dialogs.programme_change import Change, ChangeForm, Kind, chosen_day, date_edit
from ui.files import ask_open_path
from ui.operations import Operation, run_write
from ui.widgets import fitting, notice
from ui.widgets.dialog_parts import padded_layout

if TYPE_CHECKING:
    from app.services.programme_list import ListResult
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

PROJECT_ROLE = Qt.ItemDataRole.UserRole
"""The entry's project name, on its row."""


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setHeaderLabels(headers)
    tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


class ProgrammeDialog(QDialog):
    """The directory's entries on a chosen day, the selected one's history, the city's buttons."""

    changed = Signal()
    """The directory was changed here (the 统筹 page reads again)."""

    def __init__(self, ledger: Ledger, bus: ChangeBus | None, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.bus = bus
        self.city = programme.is_city(ledger)
        self.tell: notice.Tell = notice.warn
        """Tells why an import was refused, and that it was made (tests replace it)."""
        self.told: notice.Tell = notice.inform
        self.ask_path = ask_open_path
        """Asks for the list's workbook (tests replace it)."""
        self.operation: Operation | None = None
        """The change being written, if any."""
        self.form: ChangeForm | None = None
        self.setWindowTitle(self.tr("Programme directory"))
        self.resize(1040, 620)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only = QLabel(self.tr("Only the city changes it; here it is read-only, for "
                                        "this ledger's own area."))
        self.read_only.setWordWrap(True)
        self.read_only.setStyleSheet(theme.MUTED_TEXT)
        self.read_only.setVisible(not self.city)
        self.day_edit = date_edit(today)
        self.day_edit.dateChanged.connect(lambda _d: self.reload())
        day_row = QHBoxLayout()
        day_row.addWidget(QLabel(self.tr("Directory on:")))
        day_row.addWidget(self.day_edit)
        day_row.addSpacing(16)
        self.count = QLabel()
        self.count.setStyleSheet(theme.MUTED_TEXT)
        day_row.addWidget(self.count, 1)

        self.entries = _tree([self.tr("Tier"), self.tr("Batch"), self.tr("Project"),
                              self.tr("District"), self.tr("Street"), self.tr("Community"),
                              self.tr("Since"), self.tr("Stage")])
        self.entries.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.entries.currentItemChanged.connect(lambda _now, _before: self._show_history())
        self.history_title = QLabel()
        self.history = _tree([self.tr("Date"), self.tr("Change"), self.tr("Project"),
                              self.tr("Details"), self.tr("Reason")])
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setMaximumHeight(150)

        self.join_button = QPushButton(self.tr("Add…"))
        self.join_button.setToolTip(self.tr("A project joins the directory from a date"))
        self.leave_button = QPushButton(self.tr("Take out…"))
        self.leave_button.setToolTip(self.tr(
            "The selected project leaves the directory from a date"))
        self.replace_button = QPushButton(self.tr("Replace…"))
        self.replace_button.setToolTip(self.tr(
            "A new project takes the selected one's place, tier, batch and plan"))
        self.import_button = QPushButton(self.tr("Import the list from Excel…"))
        self.join_button.clicked.connect(lambda: self.open_form(Kind.JOIN))
        self.leave_button.clicked.connect(lambda: self.open_form(Kind.LEAVE))
        self.replace_button.clicked.connect(lambda: self.open_form(Kind.REPLACE))
        self.import_button.clicked.connect(self._ask_import)
        city_row = QHBoxLayout()
        for button in self.city_buttons():
            city_row.addWidget(button)
            button.setVisible(self.city)
        city_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        city_row.addWidget(close)

        layout = padded_layout(self)
        layout.setSpacing(10)
        layout.addWidget(self.note)
        layout.addWidget(self.read_only)
        layout.addLayout(day_row)
        layout.addWidget(self.entries, 1)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history)
        layout.addLayout(city_row)
        fitting.fit(self)
        self.reload()

    def city_buttons(self) -> list[QPushButton]:
        """The buttons that change the directory (shown on the city's ledger only)."""
        return [self.join_button, self.leave_button, self.replace_button, self.import_button]

    def day(self) -> dt.date:
        """The day the list is for."""
        return chosen_day(self.day_edit)

    def choose_day(self, day: dt.date) -> None:
        """Show the directory as it stood on another day."""
        self.day_edit.setDate(QDate(day.year, day.month, day.day))

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the entries of the ledger's own area on the chosen day (the selection kept)."""
        kept = self.selected()
        found = programme.listing(self.ledger, programme.own_scope(self.ledger), self.day())
        if found.from_records:
            note = self.tr("No programme directory received from the city yet: the list below "
                           "is the projects' own tier and planned year.")
        else:
            note = self.tr("The directory is the city's: version {n}.").format(n=found.version)
        self.note.setText(note)
        self.count.setText(self.tr("%n project(s)", "", len(found.entries)))
        self.entries.blockSignals(True)
        self.entries.clear()
        for entry in found.entries:
            item = QTreeWidgetItem([entry.tier.label, str(entry.year or ""), entry.project,
                                    entry.district, entry.street, entry.community,
                                    "" if found.from_records else entry.since.isoformat(),
                                    entry.stage])
            item.setData(0, PROJECT_ROLE, entry.project)
            item.setToolTip(2, entry.project if entry.replaced is None else self.tr(
                "{name}: replaced {old}").format(name=entry.project, old=entry.replaced))
            if not entry.recorded:
                item.setForeground(7, QColor(theme.WAITING))
            self.entries.addTopLevelItem(item)
            if entry.project == kept:
                self.entries.setCurrentItem(item)
        self.entries.blockSignals(False)
        self._show_history()

    def selected(self) -> str:
        """The project of the selected entry ("" if none)."""
        item = self.entries.currentItem()
        return str(item.data(0, PROJECT_ROLE)) if item is not None else ""

    def select(self, project: str) -> None:
        """Select an entry by its project's name (its history shows)."""
        for n in range(self.entries.topLevelItemCount()):
            item = self.entries.topLevelItem(n)
            if item is not None and item.data(0, PROJECT_ROLE) == project:
                self.entries.setCurrentItem(item)
                return
        raise KeyError(project)

    def _show_history(self) -> None:
        name = self.selected()
        self.leave_button.setEnabled(bool(name))
        self.replace_button.setEnabled(bool(name))
        self.history.clear()
        if not name:
            self.history_title.setText(self.tr("Select a project to see its changes."))
            return
        try:
            changes = self.lineage(name)
        except UsageError:
            self.history_title.setText(self.tr(
                "“{name}”: no change in the directory (listed by its own tier).").format(
                name=name))
            return
        self.history_title.setText(self.tr("Changes of “{name}”:").format(name=name))
        for change in changes:
            self.history.addTopLevelItem(QTreeWidgetItem([
                change.on.isoformat(), self._kind(change), change.project,
                self._details(change), change.reason]))

    def lineage(self, name: str) -> list[TierChange]:
        """The project's changes and, before them, those of each project it replaced."""
        found: dict[tuple[object, ...], TierChange] = {}
        todo, seen = [name], set()
        while todo:
            project = todo.pop()
            seen.add(project)
            for change in programme.history(self.ledger, project):
                found[(change.on, change.kind, change.project, change.replaces)] = change
                if change.project == project and change.replaces and change.replaces not in seen:
                    todo.append(change.replaces)
        return sorted(found.values(), key=lambda c: c.on)

    def _kind(self, change: TierChange) -> str:
        if change.kind is ChangeKind.JOIN and not change.reason:
            return self.tr("Listed")
        return change.kind.label

    def _details(self, change: TierChange) -> str:
        parts = []
        if change.kind is not ChangeKind.LEAVE:
            parts.append(change.tier.label)
            if change.year:
                parts.append(self.tr("batch {year}").format(year=change.year))
            if change.community or change.street:
                parts.append(str(change.community or change.street))
        if change.replaces:
            parts.append(self.tr("replaces {old}").format(old=change.replaces))
        return "，".join(parts)

    # --- the city's changes ------------------------------------------------------------------

    def open_form(self, kind: Kind) -> ChangeForm | None:
        """Open the form of a change (调出 and 替换 act on the selected entry)."""
        project = self.selected()
        if not self.city or (kind is not Kind.JOIN and not project):
            return None
        form = ChangeForm(kind, self.day(), project, self)
        form.submit = self._submit
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = form
        form.open()
        return form

    def _submit(self, form: ChangeForm) -> None:
        change: Change = form.change()
        ledger = self.ledger
        operation = run_write(lambda _state: change(ledger), self, bus=self.bus, origin=self)
        operation.succeeded.connect(lambda _result: self._changed(form))
        operation.failed.connect(lambda message, details: form.refused(
            message if not details else f"{message}\n{details.splitlines()[-1]}"))
        self.operation = operation

    def _changed(self, form: ChangeForm | None = None) -> None:
        if form is not None:
            form.done_ok()
        self.reload()
        self.changed.emit()

    def _ask_import(self) -> None:
        path = self.ask_path(self, self.tr("Import the programme list"),
                             self.tr("Excel workbooks (*.xlsx)"), "programme_list")
        if path is not None:
            self.import_list(path)

    def import_list(self, path: Path) -> Operation | None:
        """Import the city's list from a workbook (all or nothing; a refusal names the rows)."""
        from app.services import programme_list

        if not self.city:
            return None
        ledger = self.ledger
        operation = run_write(lambda _state: programme_list.import_list(ledger, path), self,
                              bus=self.bus, origin=self)
        title = self.tr("Import the programme list")
        operation.succeeded.connect(lambda result: self._imported(title, result))
        operation.failed.connect(lambda message, _details: self.tell(self, title, message))
        self.operation = operation
        return operation

    def _imported(self, title: str, result: ListResult) -> None:
        self._changed()
        self.told(self, title, self.tr("{n} change(s) imported: the directory is now version "
                                       "{version}.").format(n=result.changes,
                                                            version=result.version))
