"""帮助 → 使用说明: the offline guide opens from the menu (and F1), every picture it shows is there
and loads, every link inside it leads somewhere, and Ctrl+F finds words."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import paths
from tests.ui.forms import activate, type_into
from tests.ui.window import Opener
from ui.help.guide import GUIDE, GuideDialog, chapters
from ui.help.pictures import IMAGES, PICTURES
from ui.main_window import MainWindow

MAX_PICTURES = 2 * 1024 * 1024


class _Links(HTMLParser):
    """The pictures, links and anchors of a page, as written."""

    def __init__(self) -> None:
        super().__init__()
        self.pictures: list[str] = []
        self.links: list[str] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "img" and found.get("src"):
            self.pictures.append(str(found["src"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "a" and found.get("name"):
            self.anchors.append(str(found["name"]))


def written() -> _Links:
    parser = _Links()
    parser.feed(GUIDE.read_text(encoding="utf-8"))
    return parser


def anchors_of(document: QTextDocument) -> set[str]:
    """The anchor names Qt found in the document (what scrollToAnchor can reach)."""
    names: set[str] = set()
    block = document.begin()
    while block.isValid():
        names.update(block.charFormat().anchorNames())
        iterator = block.begin()
        while not iterator.atEnd():
            names.update(iterator.fragment().charFormat().anchorNames())
            iterator += 1
        block = block.next()
    return names


@pytest.fixture
def window(open_window: Opener, ledger_path: Path) -> MainWindow:
    return open_window(ledger_path)


def guide_of(window: MainWindow) -> GuideDialog:
    shown = [d for d in window.findChildren(GuideDialog) if d.isVisible()]
    assert len(shown) == 1
    return shown[0]


@pytest.mark.qt_log_ignore("This plugin does not support raise", extend=True)  # offscreen's note
def test_the_guide_opens_from_the_help_menu_and_with_f1(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    help_menu = menus["帮助(&H)"]
    entries = [action.text() for action in help_menu.actions() if not action.isSeparator()]
    assert entries == ["使用说明(&U)", "关于(&A)"]
    next(a for a in help_menu.actions() if a.text() == "使用说明(&U)").trigger()
    guide = guide_of(window)
    assert guide.windowTitle() == "使用说明"
    assert guide.browser.source().toLocalFile() == str(GUIDE)
    assert "第一天" in guide.browser.toPlainText()
    guide.close()
    qtbot.waitUntil(lambda: not window.findChildren(GuideDialog))
    activate(qtbot, window)
    qtbot.keyClick(window.view.tree, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(window.findChildren(GuideDialog)))
    assert guide_of(window).isVisible()
    window.guide_action.trigger()  # a second time: the same guide, in front
    assert len(window.findChildren(GuideDialog)) == 1


def test_every_picture_is_there_and_loads(qtbot: QtBot) -> None:
    """Each picture the guide names is a file beside it that Qt reads, in the guide's browser
    too; no picture in the folder is left unused, and all together they stay small."""
    assert GUIDE.is_relative_to(paths.RESOURCES)  # found in a packaged app as in the source
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    pictures = written().pictures
    assert len(pictures) >= 10
    for src in pictures:
        file = GUIDE.parent / src
        assert file.is_file(), src
        assert not QImage(str(file)).isNull(), src
        loaded = dialog.browser.loadResource(QTextDocument.ResourceType.ImageResource.value,
                                             QUrl(src))
        assert loaded is not None and not loaded.isNull(), src
    on_disk = {f"images/{p.name}" for p in IMAGES.glob("*.png")}
    assert on_disk == set(pictures)
    assert {f"images/{p.name}.png" for p in PICTURES} == on_disk  # all made by ui.help.pictures
    assert sum((GUIDE.parent / src).stat().st_size for src in on_disk) < MAX_PICTURES


def test_every_link_inside_the_guide_leads_somewhere(qtbot: QtBot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    parsed = written()
    assert parsed.links and all(link.startswith("#") for link in parsed.links)  # offline
    known = anchors_of(dialog.browser.document())
    assert set(parsed.anchors) <= known
    assert {link[1:] for link in parsed.links} <= known
    listed = [anchor for _level, anchor, _title in chapters(GUIDE.read_text(encoding="utf-8"))]
    assert [dialog.contents.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(dialog.contents.count())] == listed
    assert {"first-day", "recording", "field-visit", "import", "print", "sync-usb",
            "sync-relay"} <= set(listed)


def test_the_contents_lead_to_their_chapter(qtbot: QtBot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.browser.verticalScrollBar()
    assert bar.value() == 0
    item = next(dialog.contents.item(n) for n in range(dialog.contents.count())
                if dialog.contents.item(n).data(Qt.ItemDataRole.UserRole) == "sync-relay")
    rect = dialog.contents.visualItemRect(item)
    qtbot.mouseClick(dialog.contents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert bar.value() > 0


def test_ctrl_f_finds_a_word_and_says_when_there_is_none(qtbot: QtBot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    dialog.browser.setFocus()
    qtbot.keyClick(dialog.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is dialog.find_box
    type_into(qtbot, dialog.find_box, "回执")
    assert dialog.browser.textCursor().selectedText() == "回执"
    first = dialog.browser.textCursor().position()
    qtbot.keyClick(dialog.find_box, Qt.Key.Key_Return)
    assert dialog.browser.textCursor().position() > first
    assert dialog.find_status.text() == ""
    type_into(qtbot, dialog.find_box, "没有这个词")
    assert dialog.find_status.text() == "找不到"
