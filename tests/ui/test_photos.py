"""Photos in the space form: add, thumbnails read off the UI thread and cached, remove, open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.services import attachments, records
from app.store.db import Ledger
from tests.ui.forms import (
    POPUPS,
    choose_field,
    community_in,
    make_form,
    street_scope,
    type_field,
)
from ui.widgets.photo_strip import THUMB, PhotoStrip, thumbnail, thumbs_dir

# The fixture `ledger` (tests/ui/conftest.py): a fresh copy of a ledger with demo data in each
# test.


def write_photo(folder: Path, name: str, color: str, size: QSize | None = None) -> Path:
    """A photo file (800 × 600 unless said), as a camera would leave one in a folder."""
    image = QImage(size or QSize(800, 600), QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    path = folder / name
    assert image.save(str(path))
    return path


@pytest.fixture
def space(ledger: Ledger) -> str:
    community = community_in(ledger)
    return records.create(ledger, "spaces", {"community": community["id"], "name": "活动室",
                                             "kind": "社区用房"})


def _deleted(ledger: Ledger, attachment_id: str) -> bool:
    with ledger.engine.connect() as conn:
        return bool(conn.execute(text("SELECT deleted FROM attachment WHERE id = :i"),
                                 {"i": attachment_id}).scalar_one())


def _loaded(strip: PhotoStrip) -> bool:
    return bool(strip.tiles) and all(t.loaded for t in strip.tiles) and not strip.busy


def test_add_two_photos_see_thumbnails_and_remove_one(qtbot: QtBot, ledger: Ledger, space: str,
                                                      tmp_path: Path) -> None:
    first = write_photo(tmp_path, "外景.png", "#4a90d9", QSize(1600, 1200))
    second = write_photo(tmp_path, "室内.png", "#e07b39")
    form = make_form(qtbot, ledger, "spaces", record_id=space)
    strip = form.photos
    assert strip is not None and strip.isVisible()
    assert strip.tiles == [] and strip.note.text() == "还没有照片。"
    strip.choose_photos = lambda _parent: [first, second]

    qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _loaded(strip) and len(strip.tiles) == 2, timeout=10_000)
    stored = attachments.attachments_of(ledger, "spaces", space)
    assert [a["filename"] for a in stored] == ["外景.png", "室内.png"]  # attached at once
    for tile in strip.tiles:
        shown = tile.image.pixmap()
        assert not shown.isNull() and max(shown.width(), shown.height()) == THUMB
    assert strip.tiles[0].image.pixmap().size() == QSize(THUMB, THUMB * 3 // 4)
    cached = sorted(thumbs_dir(ledger).glob("*.png"))
    assert sorted(p.stem for p in cached) == sorted(a["sha256"] for a in stored)
    assert "2 张照片" in strip.note.text()

    opened: list[Path] = []

    def open_photo(path: Path) -> bool:
        opened.append(path)
        return True

    strip.open_photo = open_photo
    qtbot.mouseDClick(strip.tiles[1].image, Qt.MouseButton.LeftButton)
    assert opened == [stored[1]["path"]]

    asked: list[str] = []

    def ask(_parent: object, _title: str, question: str, *_buttons: str) -> bool:
        asked.append(question)
        return True

    strip.ask = ask
    qtbot.mouseClick(strip.tiles[0].remove_button, Qt.MouseButton.LeftButton)
    assert asked == ["从这条记录中移除照片“外景.png”？"]
    qtbot.waitUntil(lambda: _loaded(strip) and len(strip.tiles) == 1)
    assert [t.photo.name for t in strip.tiles] == ["室内.png"]
    assert [a["filename"] for a in attachments.attachments_of(ledger, "spaces", space)] == [
        "室内.png"]
    assert _deleted(ledger, stored[0]["id"])  # a tombstone …
    assert Path(stored[0]["path"]).is_file()  # … and the stored file stays


@POPUPS
def test_new_space_gets_the_photo_chosen_before_its_first_save(qtbot: QtBot, ledger: Ledger,
                                                               tmp_path: Path) -> None:
    photo = write_photo(tmp_path, "门头.png", "#6ab04c")
    form = make_form(qtbot, ledger, "spaces", scope=street_scope(ledger))
    strip = form.photos
    assert strip is not None
    strip.choose_photos = lambda _parent: [photo]
    qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _loaded(strip))
    assert [t.photo.name for t in strip.tiles] == ["门头.png"]
    assert strip.note.text() == "保存记录时一并添加这些照片。"
    assert form.is_modified()

    community = community_in(ledger)
    choose_field(qtbot, form, "community", f"{community['name']}（{community['code']}）")
    type_field(qtbot, form, "name", "新建带照片的用房")
    choose_field(qtbot, form, "kind", "闲置用房")
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert form.result() == QDialog.DialogCode.Accepted
    record_id = saved.args[0]
    found = attachments.attachments_of(ledger, "spaces", record_id)
    assert [a["filename"] for a in found] == ["门头.png"]
    assert records.get(ledger, "spaces", record_id)["name"] == "新建带照片的用房"


def test_pending_photo_can_be_dropped_before_saving(qtbot: QtBot, ledger: Ledger,
                                                    tmp_path: Path) -> None:
    photo = write_photo(tmp_path, "a.png", "#888888")
    form = make_form(qtbot, ledger, "spaces")
    strip = form.photos
    assert strip is not None
    strip.choose_photos = lambda _parent: [photo, tmp_path / "说明.docx"]
    told: list[str] = []
    strip.tell = lambda _parent, _title, message: told.append(message)
    qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    assert told == ["以下文件不是照片，未添加：\n说明.docx"]
    assert strip.pending == [photo]
    qtbot.mouseClick(strip.tiles[0].remove_button, Qt.MouseButton.LeftButton)  # not asked
    assert strip.pending == [] and strip.tiles == []
    assert not form.is_modified()


def test_only_spaces_take_photos(qtbot: QtBot, ledger: Ledger) -> None:
    assert make_form(qtbot, ledger, "demands").photos is None


def test_a_thumbnail_is_decoded_once_and_read_from_its_cache(app: object,
                                                             tmp_path: Path) -> None:
    photo = write_photo(tmp_path, "big.png", "#123456", QSize(3000, 2000))
    cache = tmp_path / "thumbs"
    first = thumbnail(photo, cache)
    assert first.size() == QSize(THUMB, THUMB * 2 // 3)
    [cached] = cache.glob("*.png")
    # the cache is what is read next time: change it, and the change shows
    marked = QImage(first)
    marked.fill(QColor("#ff0000"))
    assert marked.save(str(cached))
    again = thumbnail(photo, cache)
    assert again.pixelColor(0, 0) == QColor("#ff0000")
    assert thumbnail(tmp_path / "missing.png", cache).isNull()


def test_thumbnails_load_without_blocking_the_form(qtbot: QtBot, ledger: Ledger, space: str,
                                                   tmp_path: Path) -> None:
    photo = write_photo(tmp_path, "大图.png", "#336699", QSize(4000, 3000))
    attachments.attach(ledger, "spaces", space, photo)
    form = make_form(qtbot, ledger, "spaces", record_id=space)
    strip = form.photos
    assert strip is not None
    [tile] = strip.tiles
    assert not tile.loaded and tile.image.text() == "正在加载…"  # the form is up; it reads on
    qtbot.waitUntil(lambda: tile.loaded, timeout=10_000)
    assert not tile.image.pixmap().isNull()
