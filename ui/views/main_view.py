"""The main window's central widget: the area tree on the left, the pages in tabs on the right.

A page is built when it is first shown or asked for (its tab is there from the start): the window
shows at start-up without building, or importing, the pages nobody looks at yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.pages.base import Page
from ui.pages.registry import PageSlot

TREE_WIDTH = 260


class MainView(QWidget):
    """Widgets only: the controller (MainWindow) sets the models and wires the signals."""

    page_built = Signal(object)
    """A page was built (first shown or asked for); carries it."""

    def __init__(self, slots: Sequence[PageSlot] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slots = list(slots)
        self.tree = QTreeView()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.header().setStretchLastSection(False)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.tabBar().setExpanding(False)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        for slot in self._slots:
            index = self.tabs.addTab(self._scroll_area(), slot.title)
            if slot.tab_tip:
                self.tabs.setTabToolTip(index, slot.tab_tip)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([TREE_WIDTH, 1000])

        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.splitter, 1)

    def add_bar(self, bar: QWidget) -> None:
        """A bar across the top, above the tree and the pages (a reminder); shown by its owner."""
        self._layout.insertWidget(self._layout.indexOf(self.splitter), bar)

    @staticmethod
    def _scroll_area() -> QScrollArea:
        """A page fills its tab; on a screen narrower than the page needs, it scrolls."""
        area = QScrollArea()
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.viewport().setAutoFillBackground(False)
        return area

    def _area(self, index: int) -> QScrollArea:
        area = self.tabs.widget(index)
        assert isinstance(area, QScrollArea)
        return area

    def page_at(self, index: int) -> Page:
        """The page of a tab (built now if it was not yet)."""
        area = self._area(index)
        page = area.widget()
        if page is None:
            page = self._slots[index].build()
            area.setWidget(page)
            page.setAutoFillBackground(False)  # setWidget() turned it on: let the tab's pane show
            self.page_built.emit(page)
        assert isinstance(page, Page)
        return page

    def built_page_at(self, index: int) -> Page | None:
        """The page of a tab if it has been built, else None (nothing is built)."""
        page = self._area(index).widget()
        return page if isinstance(page, Page) else None

    def index_of(self, page: Page | str) -> int:
        """The tab of a page, or of a page's key."""
        key = page if isinstance(page, str) else page.objectName()
        return next(n for n, slot in enumerate(self._slots) if slot.key == key)

    @property
    def keys(self) -> list[str]:
        """The pages' keys, in tab order (nothing is built)."""
        return [slot.key for slot in self._slots]

    @property
    def pages(self) -> list[Page]:
        """The pages, in tab order (every page is built: for tests and the screenshots)."""
        return [self.page_at(n) for n in range(self.tabs.count())]

    @property
    def built_pages(self) -> list[Page]:
        """The pages built so far, in tab order."""
        return [page for n in range(self.tabs.count())
                if (page := self.built_page_at(n)) is not None]

    def current_page(self) -> Page:
        """The page whose tab is chosen."""
        return self.page_at(self.tabs.currentIndex())

    def show_page(self, page: Page | str) -> None:
        """Choose a page's tab (by the page or its key)."""
        self.tabs.setCurrentIndex(self.index_of(page))
