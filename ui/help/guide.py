"""帮助 → 使用说明 (F1): the offline guide in resources/help, its contents and Ctrl+F search."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.paths import RESOURCES
from ui import theme
from ui.widgets import fitting

GUIDE = RESOURCES / "help" / "guide.html"
"""The guide, in Chinese; its pictures are in images/ beside it."""

SIZE = (980, 720)
CONTENTS_WIDTH = 210
_HEADING = re.compile(r'<h([23])><a name="([\w-]+)"></a>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR = Qt.ItemDataRole.UserRole


def chapters(html: str) -> list[tuple[int, str, str]]:
    """The guide's headings with an anchor: level (2, 3), anchor, title."""
    return [(int(level), anchor, _TAG.sub("", title).strip())
            for level, anchor, title in _HEADING.findall(html)]


class GuideDialog(QDialog):
    """The guide beside its contents; Ctrl+F finds a word, Enter the next one."""

    def __init__(self, parent: QWidget | None = None, *, path: Path = GUIDE) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("User guide"))
        self.browser = QTextBrowser()
        """The guide (links inside it move within it; none leaves the app)."""
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.contents = QListWidget()
        """The chapters; a click scrolls the guide there."""
        self.contents.setMaximumWidth(CONTENTS_WIDTH * 3 // 2)
        self.find_box = QLineEdit()
        """Ctrl+F: the word to find; Enter finds the next one, Shift+Enter the one before."""
        self.find_box.setPlaceholderText(self.tr("Find in the guide (Ctrl+F)"))
        self.find_box.setClearButtonEnabled(True)
        self.find_status = QLabel()
        self.find_status.setStyleSheet(theme.PROBLEM_TEXT)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([CONTENTS_WIDTH, SIZE[0] - CONTENTS_WIDTH])
        search = QHBoxLayout()
        search.addWidget(self.find_box, 1)
        search.addWidget(self.find_status)
        layout = QVBoxLayout(self)
        layout.addLayout(search)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_find)
        self.find_box.textEdited.connect(lambda _text: self.find_next(restart=True))
        self.find_box.returnPressed.connect(self.find_next)
        self.contents.itemActivated.connect(self._go)
        self.contents.itemClicked.connect(self._go)
        self.resize(*SIZE)
        fitting.fit(self)  # a small screen: smaller, wholly on it
        self._load(path)

    def _load(self, path: Path) -> None:
        try:
            html = path.read_text(encoding="utf-8")
        except OSError as exc:
            self.browser.setPlainText(
                self.tr("The guide cannot be read: {error}").format(error=exc))
            return
        self.browser.setSource(QUrl.fromLocalFile(str(path)))  # pictures beside it
        for level, anchor, title in chapters(html):
            item = QListWidgetItem(("    " if level == 3 else "") + title)
            item.setData(_ANCHOR, anchor)
            if level == 2:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.contents.addItem(item)

    def go_to(self, anchor: str) -> None:
        """Scroll the guide to a chapter."""
        self.browser.scrollToAnchor(anchor)

    def _go(self, item: QListWidgetItem) -> None:
        self.go_to(str(item.data(_ANCHOR)))

    def focus_find(self) -> None:
        """Ctrl+F: the cursor into the find box."""
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self, *, restart: bool = False, backward: bool = False) -> bool:
        """Select the next place the word is found (from the top again after the last)."""
        text = self.find_box.text().strip()
        self.find_status.clear()
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if restart:
            self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        if self.browser.find(text, flags):
            return True
        self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        if self.browser.find(text, flags):
            return True
        self.find_status.setText(self.tr("Not found"))
        return False


def guide_action(parent: QWidget) -> QAction:
    """帮助 → 使用说明 (F1): opens the guide, or brings it to the front when it is open."""
    translate = QCoreApplication.translate
    action = QAction(translate("GuideDialog", "&User guide"), parent)
    action.setShortcut(QKeySequence.StandardKey.HelpContents)
    action.setToolTip(translate("GuideDialog", "How to record, import, print and sync (F1)"))
    opened: list[GuideDialog] = []

    def show() -> None:
        if not opened:
            dialog = GuideDialog(parent)
            dialog.finished.connect(lambda _result: opened.clear())
            dialog.finished.connect(dialog.deleteLater)
            opened.append(dialog)
        opened[0].show()
        opened[0].raise_()
        opened[0].activateWindow()

    action.triggered.connect(show)
    return action
