"""Photos of a space on the visit: thumbnails read off the UI thread and kept in memory, 删除."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.services import attachments
from app.task import TaskState
from ui.fieldvisit import style
from ui.widgets.loader import Loader

THUMB = QSize(220, 165)
COLUMNS = 4
CACHE_LIMIT = 300
"""Thumbnails kept in memory (a few MB); the oldest go first."""

_SETTING = "field_visit/photo_folder"
_cache: dict[tuple[str, int, int], QImage] = {}
_cache_lock = threading.Lock()


def _key(path: Path) -> tuple[str, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return str(path), info.st_mtime_ns, info.st_size


def cached_thumbnail(path: Path) -> QImage | None:
    """The thumbnail of a file already read (and not changed since), else None."""
    key = _key(path)
    return _cache.get(key) if key else None


def read_thumbnail(path: Path, size: QSize = THUMB) -> QImage:
    """A small image of a photo, turned as the camera meant (a null image if it cannot be read).

    JPEG is decoded straight at the small size, so a 12-megapixel photo takes milliseconds.
    Safe in a worker thread (QImage, not QPixmap); the result is kept in memory.
    """
    key = _key(path)
    if key and key in _cache:
        return _cache[key]
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    original = reader.size()
    if original.isValid() and (original.width() > size.width() or
                               original.height() > size.height()):
        reader.setScaledSize(original.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if not image.isNull() and (image.width() > size.width() or image.height() > size.height()):
        image = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    if key and not image.isNull():
        with _cache_lock:
            while len(_cache) >= CACHE_LIMIT:
                _cache.pop(next(iter(_cache)))
            _cache[key] = image
    return image


def _read_all(paths: list[Path], state: TaskState) -> dict[str, QImage]:
    found: dict[str, QImage] = {}
    for path in paths:
        if state.cancelled:
            break
        found[str(path)] = read_thumbnail(path)
    return found


def choose_photo_files(parent: QWidget) -> list[Path]:
    """Ask for photo files with the system's file dialog; [] if the worker cancels."""
    settings = QSettings()
    folder = str(settings.value(_SETTING, "") or "")
    if not folder or not os.path.isdir(folder):
        folder = os.path.expanduser("~")
    patterns = " ".join(f"*{suffix}" for suffix in attachments.IMAGE_SUFFIXES)
    images = QCoreApplication.translate("photos", "Photos ({patterns})").format(patterns=patterns)
    names, _filter = QFileDialog.getOpenFileNames(
        parent, QCoreApplication.translate("photos", "Add photos"), folder, images
    )
    if names:
        settings.setValue(_SETTING, str(Path(names[0]).parent))
    return [Path(name) for name in names]


@dataclass(frozen=True)
class Photo:
    """A photo shown on the step: a file chosen now, or one already attached to the record."""

    path: Path
    attachment_id: str | None = None
    """The attachment it is (None: chosen on this visit, attached when the record is saved)."""
    name: str = ""

    @property
    def key(self) -> str:
        """What identifies it on the step."""
        return self.attachment_id or str(self.path)


class PhotoTile(QFrame):
    """One photo: its thumbnail, its name and a 删除 button."""

    remove_requested = Signal(str)
    """The worker asked to remove this photo (its key)."""

    def __init__(self, photo: Photo, font: QFont) -> None:
        super().__init__()
        self.setObjectName("photo")
        self.photo = photo
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 10, 10, 10)
        column.setSpacing(8)
        self.image = QLabel()
        self.image.setFixedSize(THUMB)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setProperty("role", "muted")
        self.image.setWordWrap(True)
        self.image.setText(self.tr("Loading…"))
        column.addWidget(self.image)
        name = QLabel()
        name.setProperty("role", "muted")
        name.setTextFormat(Qt.TextFormat.PlainText)
        text = photo.name or photo.path.name
        name.setText(QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideMiddle,
                                                   THUMB.width()))
        name.setToolTip(text)
        column.addWidget(name)
        self.remove_button = style.button(self.tr("Delete"))
        self.remove_button.setToolTip(self.tr("Remove this photo from the record"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(photo.key))
        column.addWidget(self.remove_button)
        self.loaded = False
        """Whether the thumbnail (or the note that it cannot be shown) is in place."""

    def show_image(self, image: QImage | None) -> None:
        """Show the thumbnail; a note instead when the file is gone or is not a readable image."""
        self.loaded = True
        if image is not None and not image.isNull():
            self.image.setPixmap(QPixmap.fromImage(image))
        elif not self.photo.path.is_file():
            self.image.setText(self.tr("File not found"))
        else:
            self.image.setText(self.tr("Cannot show this photo"))


class PhotoPanel(QWidget):
    """The photos of the record: 添加照片, and a tile for each photo with 删除."""

    add_requested = Signal()
    """The worker asked to add photos."""

    remove_requested = Signal(str)
    """The worker asked to remove a photo (a Photo.key)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: list[PhotoTile] = []
        self._loader = Loader(self)
        self._loader.load_finished.connect(self._on_loaded)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(style.SPACING)
        row = QHBoxLayout()
        self.add_button = style.button(self.tr("Add photos"), "primary")
        self.add_button.setMinimumWidth(220)
        self.add_button.clicked.connect(self.add_requested)
        row.addWidget(self.add_button)
        self.count_label = style.note()
        row.addWidget(self.count_label, 1)
        column.addLayout(row)
        self.empty = style.note(self.tr("No photos yet. Photos of the outside and the inside "
                                        "help the street office judge the space."))
        column.addWidget(self.empty)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(style.SPACING)
        self._grid.setVerticalSpacing(style.SPACING)
        column.addLayout(self._grid)
        column.addStretch(1)

    @property
    def busy(self) -> bool:
        """Whether thumbnails are still being read."""
        return self._loader.busy

    def set_photos(self, photos: Iterable[Photo]) -> None:
        """Show these photos (thumbnails already read appear at once, the others soon)."""
        for tile in self.tiles:
            self._grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        missing: list[Path] = []
        for n, photo in enumerate(photos):
            tile = PhotoTile(photo, self.font())
            tile.remove_requested.connect(self.remove_requested)
            self._grid.addWidget(tile, n // COLUMNS, n % COLUMNS,
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.tiles.append(tile)
            image = cached_thumbnail(photo.path)
            if image is not None:
                tile.show_image(image)
            else:
                missing.append(photo.path)
        for column in range(COLUMNS):
            self._grid.setColumnStretch(column, 0)
        self._grid.setColumnStretch(COLUMNS, 1)
        self.empty.setVisible(not self.tiles)
        self.count_label.setText(
            self.tr("%n photo(s)", "", len(self.tiles)) if self.tiles else ""
        )
        if missing:
            self._loader.start(lambda state: _read_all(missing, state))

    def _on_loaded(self, images: object) -> None:
        assert isinstance(images, dict)
        for tile in self.tiles:
            if not tile.loaded and str(tile.photo.path) in images:
                tile.show_image(images[str(tile.photo.path)])

    def stop(self) -> None:
        """Wait for the thumbnail reader (before the window goes)."""
        self._loader.stop()
