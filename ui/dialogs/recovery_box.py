"""The question a damaged ledger asks: restore the latest backup, open it read-only, or quit."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.opening import DamagedLedger
from ui.widgets import fitting


class RecoveryBox(QMessageBox):
    """The database is damaged: restore the latest backup, open it read-only, or quit."""

    def __init__(self, damage: DamagedLedger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("The ledger is damaged"))
        self.setText(self.tr("The ledger database is damaged:\n{path}").format(path=damage.path))
        shown = "\n".join(damage.problems[:3])
        if damage.backup is not None:
            taken = damage.backup.taken_at.strftime("%Y-%m-%d %H:%M")
            advice = self.tr(
                "The latest backup was taken on {time}. Restoring it replaces the ledger with the "
                "backup: changes made after that time are lost. The damaged file is kept beside "
                "the ledger for technical support.\n\nYou can also open the damaged ledger "
                "read-only, at your own risk: you can look at it but not save."
            ).format(time=taken)
        else:
            advice = self.tr(
                "There is no backup to restore. You can open the damaged ledger read-only, at "
                "your own risk, and ask technical support for help."
            )
        self.setInformativeText(f"{shown}\n\n{advice}")
        if len(damage.problems) > 3:
            self.setDetailedText("\n".join(damage.problems))
        self.restore_button = None
        if damage.backup is not None:
            self.restore_button = self.addButton(self.tr("Restore the latest backup"),
                                                 QMessageBox.ButtonRole.AcceptRole)
        self.read_only_button = self.addButton(self.tr("Open read-only (at your own risk)"),
                                               QMessageBox.ButtonRole.DestructiveRole)
        self.quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.quit_button)
        self.setEscapeButton(self.quit_button)
        fitting.fit(self)
