"""On start: forms left unsaved last time (a crash, a flat battery) are offered back, one by one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.entities import ENTITIES
from app.errors import KnownError
from app.services import drafts, records
from ui.entity_names import entity_noun
from ui.forms import messages
from ui.widgets import fitting

if TYPE_CHECKING:
    from app.services.drafts import Draft
    from app.store.db import Ledger
    from ui.forms.record_form import RecordFormDialog
    from ui.pages.base import ChangeBus

OTHER_OWNERS = ("fieldvisit",)
"""Drafts whose key starts with these belong to other windows (the field-visit flow)."""
LISTED = 8
"""At most this many drafts are named in the question."""


def form_drafts(ledger: Ledger) -> list[Draft]:
    """The record forms' drafts of a ledger, oldest first."""
    return [d for d in drafts.list_drafts(ledger.path)
            if not d.key.startswith(OTHER_OWNERS) and d.entity in ENTITIES]


class DraftOffer(QObject):
    """Asks whether to restore the drafts; restoring opens each in its form, one after another."""

    offer_finished = Signal()
    """The user answered and every restored form has closed."""

    def __init__(self, ledger: Ledger, bus: ChangeBus, found: list[Draft],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.bus = bus
        self.drafts = list(found)
        self._parent = parent
        self.form: RecordFormDialog | None = None
        """The form showing a restored draft, while it is open."""
        self.box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved forms"),
                               self.tr("Found %n unsaved form(s) from last time. Restore them?",
                                       "", len(found)),
                               QMessageBox.StandardButton.NoButton, parent)
        """The question (window-modal, not blocking: the window goes on loading behind it)."""
        self.box.setInformativeText("\n".join(self._describe(d) for d in found[:LISTED]))
        self.restore_button = self.box.addButton(self.tr("Restore"),
                                                 QMessageBox.ButtonRole.AcceptRole)
        self.later_button = self.box.addButton(self.tr("Ask next time"),
                                               QMessageBox.ButtonRole.RejectRole)
        self.discard_button = self.box.addButton(self.tr("Discard them"),
                                                 QMessageBox.ButtonRole.DestructiveRole)
        self.box.setDefaultButton(self.restore_button)
        self.box.setEscapeButton(self.later_button)
        self.box.setWindowModality(Qt.WindowModality.WindowModal)
        fitting.fit(self.box)
        self.box.buttonClicked.connect(self._answered)

    def _describe(self, draft: Draft) -> str:
        from ui.forms.record_form import record_title  # the forms load when drafts are found

        spec = records.spec_of(draft.entity)
        title = str(draft.values.get(spec.title_field) or "").strip()
        if draft.record_id is not None:
            try:
                record = records.get(self.ledger, spec.name, draft.record_id, include_deleted=True)
                title = record_title(spec.name, record)
            except KnownError:
                pass
            what = self.tr("Edit {entity}").format(entity=entity_noun(spec.name))
        else:
            what = self.tr("New {entity}").format(entity=entity_noun(spec.name))
        when = draft.saved_at.replace("T", " ")[:16]
        if title:
            return self.tr("• {what}: {title} ({time})").format(what=what, title=title, time=when)
        return self.tr("• {what} ({time})").format(what=what, time=when)

    def start(self) -> None:
        """Show the question."""
        self.box.open()

    def _answered(self, button: object) -> None:
        self.box.deleteLater()
        if button is self.restore_button:
            self._next()
            return
        if button is self.discard_button:
            for draft in self.drafts:
                drafts.discard_draft(self.ledger.path, draft.key)
        self.drafts = []
        self.offer_finished.emit()

    def _next(self) -> None:
        """Open the next draft's form (the previous one has closed)."""
        from ui.forms.record_form import RecordFormDialog

        self.form = None
        while self.drafts:
            draft = self.drafts.pop(0)
            try:
                form = RecordFormDialog(self.ledger, draft.entity, record_id=draft.record_id,
                                        parent=self._parent, bus=self.bus, origin=self)
            except KnownError as exc:  # the record was deleted or merged away since
                messages.tell(self._parent, self.tr("Cannot restore the form"), str(exc))
                drafts.discard_draft(self.ledger.path, draft.key)
                continue
            form.restore_draft(draft)
            form.setWindowModality(Qt.WindowModality.WindowModal)
            form.finished.connect(self._closed)
            self.form = form
            form.open()
            return
        self.offer_finished.emit()

    def _closed(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
        self._next()


def offer_drafts(ledger: Ledger, bus: ChangeBus, parent: QWidget) -> DraftOffer | None:
    """Offer the drafts left by forms of an earlier run (None: there are none)."""
    found = form_drafts(ledger)
    if not found:
        return None
    offer = DraftOffer(ledger, bus, found, parent)
    offer.start()
    return offer
