"""新建 on a page that makes no records (概览, 九项功能, 同步, 报表): a menu of what to create."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget


class NewRecordChooser(QMenu):
    """One entry per records page (社区, 空间资源, 需求清单 …); choosing one asks for its form."""

    chosen = Signal(str)
    """A kind of record was chosen: carries the key of its page ("demands", …)."""

    def __init__(self, pages: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        """`pages`: the key and the title of each records page (the pages need not be built)."""
        super().__init__(parent)
        self.setTitle(self.tr("New"))
        self.setToolTipsVisible(True)
        for key, title in pages:
            action = self.addAction(title)
            action.setObjectName(key)
            action.setToolTip(self.tr("Open the form for a new record in {page}")
                              .format(page=title))
            action.triggered.connect(partial(self.chosen.emit, key))

    def action_for(self, key: str) -> QAction:
        """The entry that creates a record of a page (for tests and the screenshots)."""
        return next(a for a in self.actions() if a.objectName() == key)

    def show_below(self, anchor: QWidget | None, fallback: QPoint) -> None:
        """Pop up under the toolbar's 新建 button when it is on screen, else at `fallback`."""
        if anchor is not None and anchor.isVisible():
            self.popup(anchor.mapToGlobal(anchor.rect().bottomLeft()))
        else:
            self.popup(fallback)
