"""新建 on a page that makes no records (概览, 九项功能, 同步, 报表): a menu of what to create."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from ui.pages.base import Page


class NewRecordChooser(QMenu):
    """One entry per records page (社区, 空间资源, 需求清单 …); choosing one asks for its form."""

    chosen = Signal(str)
    """A kind of record was chosen: carries the key of its page ("demands", …)."""

    def __init__(self, pages: list[Page], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("New"))
        self.setToolTipsVisible(True)
        for page in pages:
            action = self.addAction(page.title)
            action.setObjectName(page.objectName())
            action.setToolTip(self.tr("Open the form for a new record in {page}")
                              .format(page=page.title))
            action.triggered.connect(partial(self.chosen.emit, page.objectName()))

    def action_for(self, key: str) -> QAction:
        """The entry that creates a record of a page (for tests and the screenshots)."""
        return next(a for a in self.actions() if a.objectName() == key)

    def show_below(self, anchor: QWidget | None, fallback: QPoint) -> None:
        """Pop up under the toolbar's 新建 button when it is on screen, else at `fallback`."""
        if anchor is not None and anchor.isVisible():
            self.popup(anchor.mapToGlobal(anchor.rect().bottomLeft()))
        else:
            self.popup(fallback)
