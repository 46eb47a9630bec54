"""A record's photos in its form: thumbnails read off the UI thread, add, remove, open."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QImageReader,
    QImageWriter,
    QMouseEvent,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import KnownError
from app.services import attachments
from app.store import files
from app.store.whole import make_dirs, written_whole
from app.task import TaskState
from ui import theme
from ui.forms import messages
from ui.operations import Operation
from ui.widgets.loader import Loader

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

log = logging.getLogger(__name__)

THUMB = 120
"""The longer side of a thumbnail, in pixels."""
TILE_MARGIN = 6
_FOLDER_SETTING = "photos/folder"


def thumbs_dir(ledger: Ledger) -> Path:
    """Where a ledger's thumbnails are cached, one PNG per photo content."""
    return files.store_dir(ledger) / "thumbs"


def content_hash(path: Path) -> str:
    """The SHA-256 of a file, as the attachment store names its content."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def thumbnail(source: Path, cache: Path, sha256: str | None = None) -> QImage:
    """A photo scaled to THUMB pixels, decoded once and kept as cache/<sha256>.png.

    Safe in a worker thread (QImage only). A null image when the file is not a readable image.
    """
    try:
        key = sha256 or content_hash(source)
    except OSError:
        return QImage()
    cached = cache / f"{key}.png"
    if cached.is_file():
        image = QImage(str(cached))
        if not image.isNull():
            return image
    reader = QImageReader(str(source))
    reader.setAutoTransform(True)  # as the camera held it
    size = reader.size()
    box = QSize(THUMB, THUMB)
    if size.isValid() and (size.width() > THUMB or size.height() > THUMB):
        reader.setScaledSize(size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return image
    if image.width() > THUMB or image.height() > THUMB:
        image = image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    try:
        make_dirs(cache)
        with written_whole(cached) as temp:
            if not QImageWriter(str(temp), b"png").write(image):
                raise OSError(errno.EIO, "the thumbnail could not be written", str(cached))
    except (OSError, KnownError):
        log.warning("cannot cache the thumbnail of %s", source, exc_info=True)
    return image


@dataclass(frozen=True)
class Photo:
    """A photo in the strip: attached to the record, or chosen and waiting for the first save."""

    path: Path
    name: str
    attachment_id: str | None = None
    sha256: str | None = None

    @property
    def key(self) -> str:
        """What identifies the photo in the strip."""
        return self.attachment_id or str(self.path)


def _read_thumbnails(photos: Sequence[Photo], cache: Path,
                     state: TaskState) -> dict[str, QImage]:
    found: dict[str, QImage] = {}
    for photo in photos:
        if state.cancelled:
            break
        found[photo.key] = thumbnail(photo.path, cache, photo.sha256)
    return found


def _attach_all(ledger: Ledger, entity: str, record_id: str, paths: Sequence[Path],
                state: TaskState) -> list[str]:
    """Attach files to a record (in a worker); returns what went wrong, one line per file."""
    problems = []
    for n, path in enumerate(paths):
        state.progress(n, len(paths), path.name)
        try:
            attachments.attach(ledger, entity, record_id, path)
        except (KnownError, OSError) as exc:
            problems.append(QCoreApplication.translate(
                "PhotoStrip", "{name} was not added: {error}").format(name=path.name, error=exc))
    return problems


def choose_photo_files(parent: QWidget | None) -> list[Path]:
    """Ask for image files (several at once) with the system's file dialog; [] if cancelled."""
    settings = QSettings()
    folder = str(settings.value(_FOLDER_SETTING, "") or "")
    if not folder or not os.path.isdir(folder):
        folder = os.path.expanduser("~")
    patterns = " ".join(f"*{suffix}" for suffix in attachments.IMAGE_SUFFIXES)
    images = QCoreApplication.translate("PhotoStrip", "Images ({patterns})").format(
        patterns=patterns)
    names, _chosen = QFileDialog.getOpenFileNames(
        parent, QCoreApplication.translate("PhotoStrip", "Add photos"), folder, images)
    if names:
        settings.setValue(_FOLDER_SETTING, str(Path(names[0]).parent))
    return [Path(name) for name in names]


def open_with_system(path: Path) -> bool:
    """Show a photo in the system's image viewer."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class PhotoThumb(QFrame):
    """One photo: its thumbnail, its name, 移除; a double-click opens it."""

    open_requested = Signal(str)
    """The user double-clicked the photo (its key) to see it large."""

    remove_requested = Signal(str)
    """The user asked to remove the photo (its key)."""

    def __init__(self, photo: Photo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = photo
        self.loaded = False
        """Whether the thumbnail (or the note that it cannot be shown) is in place."""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(self.tr("{name}\nDouble-click to open").format(name=photo.name))
        column = QVBoxLayout(self)
        column.setContentsMargins(TILE_MARGIN, TILE_MARGIN, TILE_MARGIN, TILE_MARGIN)
        column.setSpacing(4)
        self.image = QLabel(self.tr("Loading…"))
        self.image.setFixedSize(THUMB, THUMB)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setWordWrap(True)
        self.image.setStyleSheet(theme.PLACEHOLDER_TEXT)
        column.addWidget(self.image)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        name = QLabel()
        name.setTextFormat(Qt.TextFormat.PlainText)
        width = THUMB - 40
        name.setText(name.fontMetrics().elidedText(photo.name, Qt.TextElideMode.ElideMiddle,
                                                   width))
        name.setFixedWidth(width)
        row.addWidget(name, 1)
        self.remove_button = QToolButton()
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove this photo from the record"))
        self.remove_button.setAutoRaise(True)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(photo.key))
        row.addWidget(self.remove_button)
        column.addLayout(row)

    def show_image(self, image: QImage | None) -> None:
        """Show the thumbnail, or say why there is none."""
        self.loaded = True
        if image is not None and not image.isNull():
            self.image.setPixmap(QPixmap.fromImage(image))
            self.image.setStyleSheet("")
        elif not self.photo.path.is_file():
            self.image.setText(self.tr("File not found"))
        else:
            self.image.setText(self.tr("Cannot show this image"))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double-click opens the photo."""
        self.open_requested.emit(self.photo.key)
        event.accept()


class PhotoStrip(QWidget):
    """The photos of one record: attached at once when the record exists, else on its first save."""

    pending_changed = Signal()
    """Photos chosen for a record not yet saved were added or dropped."""

    attach_finished = Signal(list)
    """Attaching photos ended; carries what went wrong (Chinese lines; [] when all went in)."""

    def __init__(self, ledger: Ledger, entity: str, parent: QWidget | None = None, *,
                 bus: ChangeBus | None = None, origin: object = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.entity = entity
        self.bus = bus
        """Where adding or removing a photo tells the pages (None: nobody is told)."""
        self.origin = origin
        self.record_id: str | None = None
        self.pending: list[Path] = []
        """Files chosen before the record was first saved, attached right after the save."""
        self.tiles: list[PhotoThumb] = []
        self.choose_photos: Callable[[QWidget], list[Path]] = choose_photo_files
        """Asks for the files to add (a file dialog; tests may answer it)."""
        self.open_photo: Callable[[Path], bool] = open_with_system
        """Opens a photo large (the system's viewer; tests may replace it)."""
        self.ask: Callable[[QWidget | None, str, str, str, str], bool] = messages.ask
        self.tell: Callable[[QWidget | None, str, str], None] = messages.tell
        self._attaching: Operation | None = None
        self._removing: Operation | None = None
        self._loader = Loader(self)
        self._loader.load_finished.connect(self._on_thumbnails)
        self._loader.load_failed.connect(lambda _message: self._on_thumbnails({}))
        self._build()
        self._show_photos([])

    def _build(self) -> None:
        self.add_button = QPushButton(self.tr("Add photos…"))
        self.add_button.setToolTip(self.tr("Choose photo files of this space (several at once)"))
        self.add_button.clicked.connect(self.add_photos)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(theme.PLACEHOLDER_TEXT)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.add_button)
        top.addWidget(self.note, 1)

        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(8)
        self._row.addStretch(1)
        holder = QWidget()
        holder.setLayout(self._row)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(holder)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        probe = PhotoThumb(Photo(Path(), ""))
        tile_height = probe.sizeHint().height()
        probe.deleteLater()
        bar = self.scroll_area.horizontalScrollBar().sizeHint().height()
        self.scroll_area.setFixedHeight(tile_height + bar + 4)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.scroll_area)

    # --- what is shown -----------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether thumbnails are being read or photos attached or removed."""
        return self._loader.busy or self._attaching is not None or self._removing is not None

    def set_record(self, record_id: str | None) -> None:
        """Show the photos of a record (None: a record not saved yet, with the chosen files)."""
        self.record_id = record_id
        self.reload()

    def reload(self) -> None:
        """Read the record's photos again."""
        photos: list[Photo] = []
        if self.record_id is not None:
            try:
                found = attachments.attachments_of(self.ledger, self.entity, self.record_id)
            except KnownError as exc:
                self.note.setText(str(exc))
                found = []
            photos = [Photo(Path(a["path"]), str(a["filename"]), str(a["id"]), str(a["sha256"]))
                      for a in found if attachments.is_image(Path(str(a["filename"])))]
        photos += [Photo(path, path.name) for path in self.pending]
        self._show_photos(photos)

    def _show_photos(self, photos: Sequence[Photo]) -> None:
        for tile in self.tiles:
            self._row.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        for photo in photos:
            tile = PhotoThumb(photo)
            tile.open_requested.connect(self._open)
            tile.remove_requested.connect(self._remove)
            self._row.insertWidget(self._row.count() - 1, tile)
            self.tiles.append(tile)
        self.scroll_area.setVisible(bool(self.tiles))
        self._show_note()
        if photos:
            cache = thumbs_dir(self.ledger)
            wanted = list(photos)
            self._loader.start(lambda state: _read_thumbnails(wanted, cache, state))

    def _show_note(self) -> None:
        if self._attaching is not None:
            text = self.tr("Adding photos…")
        elif not self.tiles:
            text = self.tr("No photos yet.")
        elif self.record_id is None:
            text = self.tr("The photos are added when the record is saved.")
        else:
            text = self.tr("%n photo(s). Added and removed at once, without Save.", "",
                           len(self.tiles))
        self.note.setText(text)

    def _on_thumbnails(self, images: object) -> None:
        assert isinstance(images, dict)
        for tile in self.tiles:
            if not tile.loaded:
                tile.show_image(images.get(tile.photo.key))

    def _photo(self, key: str) -> Photo | None:
        return next((t.photo for t in self.tiles if t.photo.key == key), None)

    # --- adding, removing, opening -----------------------------------------------------

    def add_photos(self) -> None:
        """Ask for photo files; attach them now (saved record) or after the first save."""
        if self._attaching is not None:
            return
        chosen = self.choose_photos(self)
        refused = [p.name for p in chosen if not attachments.is_image(p)]
        if refused:
            self.tell(self, self.tr("Not a photo"),
                      self.tr("These files are not photos and were not added:\n{names}").format(
                          names="\n".join(refused)))
        paths = [p for p in chosen if attachments.is_image(p)]
        if not paths:
            return
        if self.record_id is None:
            self.pending += [p for p in paths if p not in self.pending]
            self.reload()
            self.pending_changed.emit()
            return
        self._attach(self.record_id, paths)

    def attach_pending(self, record_id: str) -> None:
        """The record was saved: attach the photos chosen before (attach_finished tells when)."""
        self.record_id = record_id
        paths, self.pending = list(self.pending), []
        if paths:
            self._attach(record_id, paths)
        else:
            self.attach_finished.emit([])

    def _attach(self, record_id: str, paths: list[Path]) -> None:
        ledger, entity = self.ledger, self.entity
        operation = Operation(lambda state: _attach_all(ledger, entity, record_id, paths, state),
                              self, bus=self.bus, origin=self.origin)
        operation.succeeded.connect(self._on_attached)
        operation.failed.connect(lambda message, _trace: self._on_attached([message]))
        self._attaching = operation
        self.add_button.setEnabled(False)
        self._show_note()
        operation.start()

    def _on_attached(self, problems: object) -> None:
        assert isinstance(problems, list)
        self._attaching = None
        self.add_button.setEnabled(True)
        self.reload()
        self.attach_finished.emit(problems)

    def _remove(self, key: str) -> None:
        photo = self._photo(key)
        if photo is None:
            return
        if photo.attachment_id is None:
            self.pending = [p for p in self.pending if str(p) != key]
            self.reload()
            self.pending_changed.emit()
            return
        if not self.ask(self, self.tr("Remove photo"),
                        self.tr('Remove the photo "{name}" from this record?').format(
                            name=photo.name),
                        self.tr("Remove"), self.tr("Keep")):
            return
        ledger, attachment_id = self.ledger, photo.attachment_id
        operation = Operation(lambda _state: attachments.detach(ledger, attachment_id), self,
                              bus=self.bus, origin=self.origin)
        operation.with_failure(self, self.tr("Cannot remove the photo"),
                               lambda parent, title, text: self.tell(parent, title, text))
        operation.finished.connect(self._on_removed)
        self._removing = operation
        operation.start()

    def _on_removed(self) -> None:
        self._removing = None
        self.reload()

    def _open(self, key: str) -> None:
        photo = self._photo(key)
        if photo is not None and not self.open_photo(photo.path):
            self.tell(self, self.tr("Cannot open the photo"),
                      self.tr("No program to show {name} was found.").format(name=photo.name))

    def stop(self) -> None:
        """Wait for the workers (before the form goes away)."""
        self._loader.stop()
        for operation in (self._attaching, self._removing):
            if operation is not None:
                operation.wait()
