"""What every page of the main window is: a widget showing one ledger view for the chosen area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.domain.changes import Changes
    from app.store.areas import Scope
    from app.store.db import Ledger


class ChangeBus(QObject):
    """One signal tells every page what changed; each page decides whether to refresh."""

    changed = Signal(object, object)
    """A write ended (ui.operations): what it changed (Changes), and who asked for it (the page
    that made the change, or None)."""


class Page(QWidget):
    """A page: set_ledger() when a ledger opens or closes, set_scope() when the tree's choice moves.

    Subclasses set `title` (translated, shown in the navigation) and override what they need.
    """

    title = ""
    tab_tip = ""
    """The tab's tooltip, if any (in English: the ledger's Chinese name)."""
    status_message = Signal(str)
    """A message for the window's status bar."""

    def __init__(self, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self.ledger: Ledger | None = None
        self.scope: Scope | None = None
        self._stale = False
        bus.changed.connect(self._on_changed)

    def set_ledger(self, ledger: Ledger | None) -> None:
        """The open ledger (None when it closes); the page reloads what it shows."""
        self.ledger = ledger
        self.refresh()

    def set_scope(self, scope: Scope) -> None:
        """The area chosen in the tree; the page shows only records inside it."""
        self.scope = scope
        self.refresh()

    def refresh(self) -> None:
        """Reload from the ledger (F5); the default does nothing."""

    def focus_search(self) -> bool:
        """Put the cursor in the page's search box (Ctrl+F); False if the page has none."""
        return False

    def new_record(self) -> bool:
        """Start a new record of the page's kind (Ctrl+N); False if the page makes none."""
        return False

    def use_import_action(self, action: QAction) -> None:
        """The window's 导入… action, for the page's own import buttons; the default has none."""

    def refresh_when_seen(self) -> None:
        """Refresh now if the page is on screen, else the next time it is shown."""
        if self.isVisible():
            self._stale = False
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with changes made while the page was out of sight."""
        super().showEvent(event)
        if self._stale and self.ledger is not None:
            self._stale = False
            self.refresh()

    def _on_changed(self, changes: Changes, origin: object) -> None:
        """Records changed elsewhere; the default refreshes the page (when it is seen)."""
        if origin is not self and changes.data:
            self.refresh_when_seen()
