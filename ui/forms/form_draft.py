"""A form's text kept as a draft beside the ledger a second after each change: nothing lost."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from app.services import drafts

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1000
"""How long after a change the draft is written (typing on resets the wait)."""

PHOTOS_KEY = "_photos"
"""The draft value holding the photo files chosen for a record not saved yet (no field name
starts with an underscore)."""

Collect = Callable[[], dict[str, Any] | None]


class FormDraft(QObject):
    """Writes what `collect` returns (None: nothing worth keeping) as the form's draft."""

    def __init__(self, db_path: Path, entity: str, record_id: str | None, collect: Collect,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.entity = entity
        self.record_id = record_id
        self.key = drafts.draft_key(entity, record_id, uuid.uuid4().hex[:12])
        """The draft's name: one per edited record, or one per new-record form."""
        self._collect = collect
        self._closed = False
        self.written = False
        """Whether the draft file under `key` is this form's (a draft it wrote, or restored)."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)

    @property
    def pending(self) -> bool:
        """Whether a change waits to be written."""
        return self._timer.isActive()

    def changed(self) -> None:
        """The form changed: write the draft once the user pauses."""
        if not self._closed:
            self._timer.start()

    def flush(self) -> None:
        """Write the draft now (or remove it when the form holds nothing unsaved)."""
        self._timer.stop()
        if self._closed:
            return
        values = self._collect()
        try:
            if values is not None:
                drafts.save_draft(self.db_path, self.key, self.entity, self.record_id, values)
                self.written = True
            elif self.written:  # typed, then put back as it was: nothing to keep
                drafts.discard_draft(self.db_path, self.key)
                self.written = False
        except OSError:
            log.warning("cannot write the draft %s", self.key, exc_info=True)

    def discard(self) -> None:
        """The form was saved or its changes thrown away: its draft goes, none is written again.

        A draft this form did not write (left for "ask next time") stays.
        """
        self._closed = True
        self._timer.stop()
        if not self.written:
            return
        try:
            drafts.discard_draft(self.db_path, self.key)
        except OSError:
            log.warning("cannot remove the draft %s", self.key, exc_info=True)
