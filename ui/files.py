"""Files the user chooses and opens: save and open dialogs that remember their folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget


def documents_folder() -> Path:
    """The user's Documents folder (their home folder if there is none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def remembered_folder(setting: str) -> Path:
    """The folder last used for this kind of file, else Documents."""
    value = QSettings().value(setting, "")
    folder = Path(value) if isinstance(value, str) and value else None
    return folder if folder is not None and folder.is_dir() else documents_folder()


def remember_folder(setting: str, path: Path) -> None:
    """Remember the folder of a chosen file for the next time."""
    QSettings().setValue(setting, str(path.parent))


def ask_save_path(parent: QWidget | None, title: str, suggested: Path, filters: str,
                  suffix: str, setting: str = "") -> Path | None:
    """Ask where to save (the system's dialog); None if cancelled. The suffix is added if left off.

    `suggested` is a full path; with `setting`, the folder chosen is remembered under it.
    """
    name, _chosen = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    if setting:
        remember_folder(setting, path)
    return path


def ask_open_path(parent: QWidget | None, title: str, filters: str,
                  setting: str = "") -> Path | None:
    """Ask for a file to open (the system's dialog); None if cancelled."""
    folder = remembered_folder(setting) if setting else documents_folder()
    name, _chosen = QFileDialog.getOpenFileName(parent, title, str(folder), filters)
    if not name:
        return None
    path = Path(name)
    if setting:
        remember_folder(setting, path)
    return path


def open_with_system(path: Path) -> bool:
    """Open a file or a folder as the system does (Explorer, Excel, WPS …)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
