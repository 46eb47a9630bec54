"""The main window's central widget: the area tree on the left, the pages in tabs on the right."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
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

TREE_WIDTH = 260


class MainView(QWidget):
    """Widgets only: the controller (MainWindow) sets the models and wires the signals."""

    def __init__(self, pages: Sequence[Page] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        for page in pages:
            index = self.tabs.addTab(self._scrolled(page), page.title)
            if page.tab_tip:
                self.tabs.setTabToolTip(index, page.tab_tip)

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
    def _scrolled(page: Page) -> QScrollArea:
        """A page fills its tab; on a screen narrower than the page needs, it scrolls."""
        area = QScrollArea()
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.setWidget(page)
        page.setAutoFillBackground(False)  # setWidget() turned it on: let the tab's pane show
        area.viewport().setAutoFillBackground(False)
        return area

    def page_at(self, index: int) -> Page:
        """The page of a tab."""
        area = self.tabs.widget(index)
        assert isinstance(area, QScrollArea)
        page = area.widget()
        assert isinstance(page, Page)
        return page

    def index_of(self, page: Page) -> int:
        """The tab of a page."""
        return next(n for n in range(self.tabs.count()) if self.page_at(n) is page)

    @property
    def pages(self) -> list[Page]:
        """The pages, in tab order."""
        return [self.page_at(n) for n in range(self.tabs.count())]

    def current_page(self) -> Page:
        """The page whose tab is chosen."""
        return self.page_at(self.tabs.currentIndex())

    def show_page(self, page: Page) -> None:
        """Choose a page's tab."""
        self.tabs.setCurrentIndex(self.index_of(page))
