"""The backups of a ledger as a table: when, why, how big (a few dozen files, newest first)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.store.backup_files import BackupInfo
from ui.models.titled_table import TitledTable

Index = QModelIndex | QPersistentModelIndex

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def reason_text(reason: str) -> str:
    """Why a backup was taken, as people say it (每日自动备份, 导入前 …)."""
    translate = QCoreApplication.translate
    if reason.startswith("before-upgrade"):
        return translate("backups", "Before a program upgrade")
    known = {
        "daily": translate("backups", "Daily, automatic"),
        "import": translate("backups", "Before an Excel import"),
        "bundle": translate("backups", "Before importing bundles"),
        "manual": translate("backups", "Made by hand"),
        "before-restore": translate("backups", "Before a restore"),
    }
    return known.get(reason, reason)


def size_text(size: int) -> str:
    """A file size: 350 KB, 12.4 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class BackupsModel(TitledTable):
    """Each backup: when it was taken, why, its size, its file."""

    def __init__(self, backups: Sequence[BackupInfo] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backups = list(backups)

    def set_backups(self, backups: Sequence[BackupInfo]) -> None:
        """Show another list (after a backup was made)."""
        self.beginResetModel()
        self.backups = list(backups)
        self.endResetModel()

    def headers(self) -> list[str]:
        """The column titles."""
        translate = QCoreApplication.translate
        return [translate("BackupsModel", "Taken"), translate("BackupsModel", "Why"),
                translate("BackupsModel", "Size"), translate("BackupsModel", "File")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """One row per backup."""
        return 0 if parent.isValid() else len(self.backups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """Taken, why, size, file."""
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A backup's time (China time, as its name says), reason, size and file name."""
        if not index.isValid() or not 0 <= index.row() < len(self.backups):
            return None
        info = self.backups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return info.taken_at.strftime("%Y-%m-%d %H:%M:%S")
            if column == 1:
                return reason_text(info.reason)
            if column == 2:
                return size_text(info.size)
            return info.path.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return _RIGHT
        return None
