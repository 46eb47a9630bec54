"""The change history of one record as a person reads it: when, what, who, before → after."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain import china_time
from app.domain.entities import EntitySpec
from app.domain.fields import FieldSpec
from app.errors import KnownError
from app.services import personal_view, records
from ui import theme
from ui.entity_names import entity_noun

if TYPE_CHECKING:
    from app.store.db import Ledger

TITLE_CHARS = 30


def action_label(action: str) -> str:
    """An action of the history in the user's language (新建, 修改, 删除 …)."""
    labels = {
        "create": QCoreApplication.translate("history", "New"),
        "update": QCoreApplication.translate("history", "Edit"),
        "delete": QCoreApplication.translate("history", "Delete"),
        "restore": QCoreApplication.translate("history", "Restore"),
        "undo": QCoreApplication.translate("history", "Undo"),
        "merge": QCoreApplication.translate("history", "Sync merge"),
        "reveal": QCoreApplication.translate("history", "Personal information shown"),
    }
    return labels.get(action, action)


def local_time(at: str) -> str:
    """A stored UTC time as the clock on the wall showed it (YYYY-MM-DD HH:MM)."""
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    return china_time.shown(moment)


@dataclass(frozen=True)
class FieldChange:
    """One field of one change: its label and the values before and after, as shown."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a record, ready to show."""

    time: str
    action: str
    """The history's action (create, update, delete, restore, undo, merge)."""
    label: str
    """The action in the user's language."""
    user: str
    device: str
    fields: list[FieldChange]


def describe(ledger: Ledger, entity: str, record_id: str, *,
             revealed: bool = True) -> list[HistoryEntry]:
    """The changes of a record, newest first, with values as a person reads them (personal ones
    masked unless `revealed`), and the times its personal fields were shown unmasked."""
    spec = records.spec_of(entity)
    raw = records.history(ledger, spec.name, record_id)
    mentioned: list[dict[str, Any]] = []
    for entry in raw:
        changes = entry["changes"]
        mentioned.append({name: pair[0] for name, pair in changes.items()})
        mentioned.append({name: pair[1] for name, pair in changes.items()})
    refs = records.references(ledger, spec, mentioned)
    def shown(field: FieldSpec, value: Any) -> str:
        text = records.shown(field, value, refs)
        return text if revealed or not field.personal else personal_view.masked(field, text)

    found: list[tuple[str, int, HistoryEntry]] = []
    for n, entry in enumerate(raw):
        fields = [
            FieldChange(field.label, shown(field, pair[0]), shown(field, pair[1]))
            for field in spec.fields
            if (pair := entry["changes"].get(field.name)) is not None
        ]
        found.append((entry["at"], n, HistoryEntry(
            local_time(entry["at"]), entry["action"], action_label(entry["action"]),
            str(entry["user"] or ""), str(entry["device"] or ""), fields)))
    if personal_view.has_personal(spec.name):
        listed = QCoreApplication.translate("history", "Whole list")
        for n, reveal in enumerate(personal_view.reveals(ledger, spec.name, record_id)):
            fields = [FieldChange(listed, "", reveal.listing)] if reveal.listing else []
            found.append((reveal.at, len(raw) + n, HistoryEntry(
                local_time(reveal.at), "reveal", action_label("reveal"), reveal.user,
                reveal.device, fields)))
    return [entry for _at, _n, entry in sorted(found, key=lambda item: item[:2], reverse=True)]


def record_heading(spec: EntitySpec, record: dict[str, Any]) -> str:
    """The record named for people (its title field), shortened if long."""
    text = " ".join(spec.field(spec.title_field).display(record.get(spec.title_field)).split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


class HistoryView(QWidget):
    """The history of the record chosen in a list; a deleted record can be restored from it."""

    restore_requested = Signal(str)
    """The user asked to restore the deleted record shown (its id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger: Ledger | None = None
        self.entity = ""
        self.record_id: str | None = None
        self.entries: list[HistoryEntry] = []
        """What is shown, newest first."""
        self.revealed: Callable[[str], bool] = lambda _record_id: False
        """Whether a record's personal fields are shown unmasked (the list's reveal)."""
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.state = QLabel()
        self.state.setStyleSheet(f"color: {theme.ACTION_COLOURS['delete']};")
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setToolTip(self.tr("Bring this deleted record back"))
        self.restore_button.clicked.connect(self._restore)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.state)
        top.addStretch(1)
        top.addWidget(self.restore_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 0, 0, 0)
        title = QLabel(self.tr("Change history"))
        title.setStyleSheet(theme.PLACEHOLDER_TEXT)
        column.addWidget(title)
        column.addWidget(self.heading)
        column.addLayout(top)
        column.addWidget(self.browser, 1)
        self.show_record(None, "", None)

    def show_record(self, ledger: Ledger | None, entity: str, record_id: str | None) -> None:
        """Show the history of a record (None: nothing chosen)."""
        self.ledger, self.entity, self.record_id = ledger, entity, record_id
        self.reload()

    def reload(self) -> None:
        """Read the history again (after a change)."""
        deleted = False
        self.entries = []
        if self.ledger is None or self.record_id is None:
            self.heading.setText(self.tr("Choose a record in the list to see its changes."))
        else:
            spec = records.spec_of(self.entity)
            try:
                record = records.get(self.ledger, spec.name, self.record_id, include_deleted=True)
                self.entries = describe(self.ledger, spec.name, self.record_id,
                                        revealed=self.revealed(self.record_id))
            except KnownError as exc:
                self.heading.setText(str(exc))
            else:
                noun = entity_noun(spec.name)
                self.heading.setText(self.tr("{entity}: {title}").format(
                    entity=noun[:1].upper() + noun[1:], title=record_heading(spec, record)))
                deleted = bool(record.get("deleted"))
        self.state.setText(self.tr("Deleted") if deleted else "")
        self.state.setVisible(deleted)
        self.restore_button.setVisible(deleted)
        self.browser.setHtml(self._html())

    def text(self) -> str:
        """What the panel shows, as plain text."""
        return f"{self.heading.text()}\n{self.state.text()}\n{self.browser.toPlainText()}"

    def _html(self) -> str:
        if self.record_id is not None and not self.entries:
            return html.escape(self.tr("No changes recorded."))
        empty = html.escape(self.tr("Not filled"))
        arrow = "→"
        parts = []
        for entry in self.entries:
            color = theme.ACTION_COLOURS.get(entry.action, theme.OTHER_ACTION)
            who = html.escape(entry.user)
            parts.append(
                f'<p style="margin-top:10px; margin-bottom:2px;">'
                f"<b>{html.escape(entry.time)}</b>&nbsp;&nbsp;"
                f'<span style="color:{color}; font-weight:bold;">{html.escape(entry.label)}</span>'
                f'&nbsp;&nbsp;<span style="color:gray;">{who}</span></p>'
            )
            rows = []
            for change in entry.fields:
                label = html.escape(change.label)
                new = html.escape(change.new) or f'<span style="color:gray;">{empty}</span>'
                if entry.action in ("create", "reveal"):
                    value = new
                else:
                    old = html.escape(change.old) or f'<span style="color:gray;">{empty}</span>'
                    value = f"{old} {arrow} {new}"
                rows.append(f'<tr><td style="color:gray; padding-right:6px;">{label}</td>'
                            f"<td>{value}</td></tr>")
            if rows:
                parts.append(f'<table style="margin-left:12px;">{"".join(rows)}</table>')
        return "".join(parts)

    def _restore(self) -> None:
        if self.record_id is not None:
            self.restore_requested.emit(self.record_id)
