"""The set-up's life in the window: it opens by itself on a fresh ledger, or from 文件 → 本机设置;
what was chosen is saved on the writer; then the window shows the office's own area and takes
the next step (an import, or the list of communities)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from app.services import office_setup
from app.services.official import Filled
from app.store.areas import Scope
from app.store.db import Ledger
from ui.operations import run_write
from ui.pages.base import ChangeBus, Page

if TYPE_CHECKING:  # the wizard is imported when it first opens: not at start-up
    from ui.dialogs.setup_wizard import NextStep, SetupWizard
    from ui.importing import Importer


class Window(Protocol):
    """What the set-up needs of the main window."""

    bus: ChangeBus
    importer: Importer

    @property
    def ledger(self) -> Ledger | None: ...

    @property
    def read_only(self) -> bool: ...

    def use_home(self, home: Scope | None) -> None: ...

    def show_page(self, key: str) -> Page: ...


class SettingUp(QObject):
    """Opens the set-up wizard and saves what it chose."""

    saved = Signal(object)
    """The set-up was saved and the window shows the area; carries what adding communities did."""

    opened = Signal(object)
    """The wizard was opened; carries it."""

    def __init__(self, window: Window, owner: QMainWindow) -> None:
        super().__init__(owner)
        self._window = window
        self._owner = owner
        self.wizard: SetupWizard | None = None
        """The wizard while it is open."""

    def open(self) -> SetupWizard | None:
        """Show the wizard over the window (the one already open, if it is)."""
        ledger = self._window.ledger
        if ledger is None or self._window.read_only:
            return None
        if self.wizard is not None:
            self.wizard.raise_()
            return self.wizard
        from ui.dialogs.setup_wizard import SetupWizard

        wizard = self.wizard = SetupWizard(ledger, self._owner)
        wizard.accepted.connect(lambda: self._save(wizard))
        wizard.finished.connect(lambda _code: self._forget(wizard))
        wizard.open()
        self.opened.emit(wizard)
        return wizard

    def _forget(self, wizard: SetupWizard) -> None:
        if self.wizard is wizard:
            self.wizard = None
        wizard.deleteLater()

    def _save(self, wizard: SetupWizard) -> None:
        ledger = self._window.ledger
        if ledger is None:
            return
        chosen, step = wizard.chosen(), wizard.next_step()
        operation = run_write(lambda state: office_setup.apply(ledger, chosen, state),
                              self._owner, bus=self._window.bus, everything=True)
        operation.with_progress(self.tr("Saving the set-up…"), self._owner)
        operation.with_failure(self._owner, self.tr("The set-up was not saved"))
        operation.succeeded.connect(lambda filled: self._saved(filled, step))

    def _saved(self, filled: object, step: NextStep) -> None:
        from ui.dialogs.setup_wizard import NextStep

        ledger = self._window.ledger
        if ledger is None:
            return
        self._window.use_home(office_setup.current(ledger).area)
        assert isinstance(filled, Filled)
        self._owner.statusBar().showMessage(
            self.tr("Set up: {what}").format(what=str(filled)), 10000)
        if step is NextStep.IMPORT:
            self._window.importer.choose_and_import()
        else:
            self._window.show_page("communities")
        self.saved.emit(filled)
