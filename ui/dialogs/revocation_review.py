"""核查清单: after a revocation, the bundles of the device already imported from its revocation
point on, each with the records it changed (what, which fields, merged or lost), to check."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.revocation import ACTIONS, ReviewBundle
from app.sync import hostile
from ui import theme
from ui.dialogs.revoke_dialog import local_time
from ui.widgets import fitting

RECORDS_SHOWN = 1000
"""The records listed under one bundle; past that the list says how many more there are."""

LOST = ACTIONS["conflict"]
"""How the service names a value that lost its merge (not written into the ledger)."""


class RevocationReviewDialog(QDialog):
    """The review list of a revoked device: what it says, and the bundles with their records.

    `names` names the devices by fingerprint (a review may hold the bundles of a new key that
    a revocation voided too); `notes` are further lines of what the revocation did.
    """

    def __init__(self, label: str, fingerprint: str, from_seq: int,
                 review: list[ReviewBundle], names: dict[str, str] | None = None,
                 notes: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review after revoking {name}").format(name=label))
        self.setMinimumSize(760, 420)
        self.fingerprint = fingerprint
        self.review = review
        names = names or {}

        heading = self._text(self.tr(
            "{name} (fingerprint {fingerprint}) is revoked: its bundles from sequence {seq} on "
            "are refused, and any that arrives is quarantined for a person to check.").format(
            name=label, fingerprint=fingerprint, seq=from_seq))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        for note in notes or []:
            layout.addWidget(self._text(note, theme.WAITING_TEXT))

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Record"), self.tr("Kind"), self.tr("Fields"),
                                   self.tr("Outcome")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        if review:
            explain = self.tr(
                "These %n bundle(s) were imported before the revocation and reach sequence "
                "{seq}: their data is in the ledger. Check each record below and correct or "
                "delete what is wrong on its page. “{lost}” means its value was older than this "
                "office's and was not written.", "", len(review)).format(seq=from_seq,
                                                                          lost=LOST)
            layout.addWidget(self._text(explain, theme.MUTED_TEXT))
            for bundle in review:
                self._add_bundle(bundle, names.get(bundle.device), bundle.device != fingerprint)
            self.tree.expandAll()
            self._size_columns()
            layout.addWidget(self.tree, 1)
        else:
            self.tree.hide()
            layout.addWidget(self._text(self.tr(
                "No bundle already imported reaches sequence {seq}: nothing to check.").format(
                seq=from_seq), theme.GOOD_TEXT))
            layout.addStretch(1)

        self.buttons = QDialogButtonBox()
        self.copy_button = self.buttons.addButton(self.tr("Copy the list"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip(self.tr("Copy the list as text, to paste into a report"))
        self.copy_button.clicked.connect(self.copy_list)
        self.copy_button.setVisible(bool(review))
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        fitting.fit(self, scroll=True)

    def _text(self, text: str, style: str = "") -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if style:
            label.setStyleSheet(style)
        return label

    def _add_bundle(self, bundle: ReviewBundle, name: str | None, other_key: bool) -> None:
        when = local_time(hostile.moment(bundle.applied_at))
        if when:
            text = self.tr("Sequence {first}–{last}, imported {when}").format(
                first=bundle.seq_from, last=bundle.seq_to, when=when)
        else:
            text = self.tr("Sequence {first}–{last} (when imported was not recorded)").format(
                first=bundle.seq_from, last=bundle.seq_to)
        if bundle.records is not None:
            text += self.tr(": %n record(s)", "", len(bundle.records))
        if other_key and name:
            text = self.tr("New key {fingerprint} ({name}): ").format(
                fingerprint=bundle.device, name=name) + text
        elif other_key:
            text = self.tr("New key {fingerprint}: ").format(fingerprint=bundle.device) + text
        item = QTreeWidgetItem([text])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        self.tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        if bundle.records is None:
            self._note(item, self.tr("Imported before this version: the records it changed "
                                     "were not recorded."))
            return
        if not bundle.records:
            self._note(item, self.tr("It changed no record."))
            return
        for record in bundle.records[:RECORDS_SHOWN]:
            child = QTreeWidgetItem([record.title, record.entity_label, "、".join(record.fields),
                                     record.action])
            child.setToolTip(0, f"{record.title}\n{record.record_id}")
            child.setToolTip(2, "、".join(record.fields))
            if record.action == LOST:
                child.setForeground(3, QBrush(QColor(theme.LOST)))
            item.addChild(child)
        more = len(bundle.records) - RECORDS_SHOWN
        if more > 0:
            self._note(item, self.tr("%n more record(s) not listed here.", "", more))

    def _note(self, parent: QTreeWidgetItem, text: str) -> None:
        child = QTreeWidgetItem([text])
        child.setForeground(0, QBrush(QColor(theme.MUTED)))
        parent.addChild(child)
        child.setFirstColumnSpanned(True)

    def _size_columns(self) -> None:
        """The kind, fields and outcome as wide as they need (up to a limit); the records
        take the rest."""
        header = self.tree.header()
        for column, most in ((1, 120), (2, 240), (3, 140)):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(max(self.tree.columnWidth(column), 80), most))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def text(self) -> str:
        """The list as plain text: each bundle, then its records indented."""
        lines = []
        for n in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(n)
            if item is None:
                continue
            lines.append(item.text(0))
            for m in range(item.childCount()):
                child = item.child(m)
                if child is None:
                    continue
                parts = [child.text(c) for c in range(self.tree.columnCount()) if child.text(c)]
                lines.append("    " + "\t".join(parts))
        return "\n".join(lines)

    def copy_list(self) -> None:
        """Put the list on the clipboard as text."""
        QGuiApplication.clipboard().setText(self.text())
