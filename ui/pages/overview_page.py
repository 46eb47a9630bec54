"""The 概览 page: an area's counts, project stages, coverage against 2030 targets, laggards."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import STANDARD_FUNCTIONS, Function, Level
from app.services.overview import STAGES, Overview, overview
from app.store.areas import CITY, Scope
from app.task import TaskState
from ui import theme
from ui.pages import empty_hints
from ui.pages.base import ChangeBus, Page
from ui.widgets.coverage_bars import CoverageBars
from ui.widgets.empty_hint import EmptyHint
from ui.widgets.heading import chip_label, section_label, title_label
from ui.widgets.loader import Loader
from ui.widgets.stat_card import StatCard

if TYPE_CHECKING:
    from app.domain.changes import Changes
    from app.store.db import Ledger

LAGGARDS = 8
"""How many communities the "fewest standard functions" list shows."""


def load_overview(ledger: Ledger, scope: Scope, _state: TaskState) -> Overview:
    """The overview of an area (runs in a worker)."""
    return overview(ledger, scope, limit=LAGGARDS)


def short_name(function: Function) -> str:
    """A function's common short form (养老, 托育 …), for tight lists."""
    return function.aliases[0] if function.aliases else function.label


class OverviewPage(Page):
    """概览: what the chosen area has, how far its projects are, and how its coverage stands."""

    overview_loaded = Signal()
    """The page shows the latest numbers of the ledger."""

    def __init__(self, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(bus, parent)
        self.title = self.tr("Overview")
        self.data: Overview | None = None
        self._loader = Loader(self)

        self.area_name = title_label()
        self.area_level = chip_label()
        self.loading = QLabel(self.tr("Reading…"))
        self.loading.setStyleSheet(theme.MUTED_TEXT)
        self.loading.hide()

        self.communities = StatCard(self.tr("Communities"))
        self.spaces = StatCard(self.tr("Spaces"))
        self.demands = StatCard(self.tr("Resident demands"))
        self.projects = StatCard(self.tr("Projects"))

        self.stage_values: dict[str, QLabel] = {}
        stages = QHBoxLayout()
        stages.setSpacing(4)
        for n, stage in enumerate(STAGES):
            if n:
                arrow = QLabel("→")
                arrow.setStyleSheet(theme.FAINT_TEXT)
                stages.addWidget(arrow)
            stages.addWidget(self._stage_box(stage))
        stages.addSpacing(16)
        self.unstaged = QLabel()
        self.unstaged.setStyleSheet(theme.MUTED_TEXT)
        stages.addWidget(self.unstaged)
        stages.addSpacing(16)
        self.failed_acceptance = QLabel()
        self.failed_acceptance.setStyleSheet(theme.ERROR_TEXT)
        self.failed_acceptance.setToolTip(self.tr(
            "Counted at the stage before joint acceptance, not as accepted or operating"))
        self.failed_acceptance.hide()
        stages.addWidget(self.failed_acceptance)
        stages.addStretch(1)

        self.bars = CoverageBars()
        self.laggards = QTreeWidget()
        self.laggards.setRootIsDecorated(False)
        self.laggards.setUniformRowHeights(True)
        self.laggards.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.laggards.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.laggards.setHeaderLabels(
            [self.tr("Community"), self.tr("Street"), self.tr("Standard"), self.tr("Missing")]
        )
        self.laggards.setStyleSheet("QTreeView::item { padding: 4px 2px; }")
        self.laggards.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.laggards.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.laggards_title = section_label(
            self.tr("Communities with the fewest standard functions"))

        top = QHBoxLayout()
        top.addWidget(self.area_name)
        top.addWidget(self.area_level, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.loading)
        cards = QGridLayout()
        cards.setSpacing(10)
        for n, card in enumerate((self.communities, self.spaces, self.demands, self.projects)):
            cards.addWidget(card, 0, n)
            cards.setColumnStretch(n, 1)
        lower = QHBoxLayout()
        lower.setSpacing(24)
        coverage = QVBoxLayout()
        coverage.setSpacing(8)
        coverage.addWidget(
            section_label(self.tr("Coverage of the nine functions against 2030 targets")))
        coverage.addWidget(self.bars, 0, Qt.AlignmentFlag.AlignTop)
        self.legend = QLabel(
            self.tr(
                "Green: target met; amber: not yet. The dark line marks the 2030 target. "
                "Not-yet-resettled communities are not counted."
            )
        )
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(theme.MUTED_TEXT)
        coverage.addWidget(self.legend)
        coverage.addStretch(1)
        lower.addLayout(coverage, 1)
        self.laggard_panel = QWidget()
        right = QVBoxLayout(self.laggard_panel)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(8)
        right.addWidget(self.laggards_title)
        right.addWidget(self.laggards)
        right.addStretch(1)
        lower.addWidget(self.laggard_panel)  # as wide as its columns: the bars take the rest

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(cards)
        layout.addWidget(section_label(self.tr("Projects by stage")))
        layout.addLayout(stages)
        layout.addLayout(lower, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.empty_hint = EmptyHint(scroll)
        """An area with no communities: new, or import a ledger."""
        self._import_action: QAction | None = None
        self.new_community_action = QAction(self.tr("New community…"), self)
        self.new_community_action.setToolTip(self.tr("Add a community to the ledger"))
        self.new_community_action.triggered.connect(lambda: empty_hints.new_community(self))

        self._loader.load_finished.connect(self._show)
        self._loader.load_failed.connect(self._show_error)
        self._loader.busy_changed.connect(self.loading.setVisible)
        self._clear()

    def _stage_box(self, stage: str) -> QWidget:
        box = QFrame()
        box.setObjectName("stageBox")
        box.setStyleSheet(theme.box("stageBox"))
        column = QVBoxLayout(box)
        column.setContentsMargins(12, 6, 12, 6)
        column.setSpacing(0)
        name = QLabel(stage)
        name.setStyleSheet(theme.MUTED_TEXT)
        name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        value = QLabel("—")
        font = value.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        value.setFont(font)
        value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(name)
        column.addWidget(value)
        self.stage_values[stage] = value
        return box

    # --- Page ------------------------------------------------------------------------------

    def set_ledger(self, ledger: Ledger | None) -> None:
        """The open ledger; reads still running for the old one are waited for first."""
        if ledger is None:
            self._loader.stop()
        super().set_ledger(ledger)

    def use_import_action(self, action: QAction) -> None:
        """The window's 导入…, offered when the area has no communities."""
        self._import_action = action

    def refresh(self) -> None:
        """Read the area's numbers again (in a worker)."""
        self._stale = False
        if self.ledger is None:
            self._loader.stop()
            self._clear()
            return
        self._loader.start(partial(load_overview, self.ledger, self.scope or CITY))

    def _on_changed(self, changes: Changes, origin: object) -> None:
        """Any change of records can move a number: reload now if shown, else when next shown."""
        if changes.data:
            self.refresh_when_seen()

    # --- showing ---------------------------------------------------------------------------

    def _clear(self) -> None:
        self.data = None
        self.area_name.setText(self.tr("No ledger open") if self.ledger is None else "")
        self.area_level.hide()
        for card in (self.communities, self.spaces, self.demands, self.projects):
            card.set_value("—")
        for value in self.stage_values.values():
            value.setText("—")
        self.unstaged.setText("")
        self.failed_acceptance.hide()
        self.bars.set_coverage([])
        self.laggards.clear()
        self.laggard_panel.hide()
        self.empty_hint.clear()

    def _show_error(self, message: str) -> None:
        self.status_message.emit(message)

    def _show(self, data: object) -> None:
        assert isinstance(data, Overview)
        self.data = data
        self.area_name.setText(data.name or self.tr("All areas"))
        self.area_level.setText(data.scope.level.label)
        self.area_level.show()
        self.communities.set_value(
            data.communities,
            self.tr("of which {n} not yet resettled").format(n=data.not_resettled),
        )
        self.spaces.set_value(data.spaces, self.tr("of which {n} idle").format(n=data.idle_spaces))
        self.demands.set_value(
            data.demands,
            self.tr("{open} open, {urgent} of them urgent").format(
                open=f"{data.open_demands:,}", urgent=f"{data.urgent_open_demands:,}"
            ),
        )
        operating = data.stages[STAGES[-1]]
        self.projects.set_value(
            data.projects, self.tr("{n} in operation").format(n=f"{operating:,}")
        )
        for stage, value in self.stage_values.items():
            value.setText(f"{data.stages[stage]:,}")
        self.unstaged.setText(
            self.tr("No milestone yet: {n}").format(n=f"{data.unstaged_projects:,}")
        )
        self.failed_acceptance.setText(
            self.tr("Failed joint acceptance: {n}").format(n=f"{data.failed_acceptance:,}")
        )
        self.failed_acceptance.setVisible(data.failed_acceptance > 0)
        self.bars.set_coverage(data.coverage)
        self._show_laggards(data)
        self._show_empty_hint(data)
        self.overview_loaded.emit()

    def _show_empty_hint(self, data: Overview) -> None:
        offers = [empty_hints.new_offer(self.new_community_action),
                  *empty_hints.import_offer(self._import_action)]
        empty_hints.show_empty(
            self.empty_hint, rows=data.communities, narrowed=False,
            empty=(empty_hints.nothing_yet(self.tr("communities"), data.scope), offers))

    def _show_laggards(self, data: Overview) -> None:
        self.laggards.clear()
        shown = data.scope.level is not Level.COMMUNITY and bool(data.laggards)
        self.laggard_panel.setVisible(shown)
        for laggard in data.laggards:
            item = QTreeWidgetItem(
                [
                    laggard.name,
                    laggard.street_name,
                    f"{laggard.standard_covered}/{len(STANDARD_FUNCTIONS)}",
                    "、".join(short_name(f) for f in laggard.missing) or "—",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, laggard.id)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignCenter)
            item.setToolTip(3, "、".join(f.label for f in laggard.missing))
            self.laggards.addTopLevelItem(item)
        self.laggards.setColumnHidden(1, data.scope.level is Level.STREET)
        rows = sum(self.laggards.sizeHintForRow(n) for n in range(len(data.laggards)))
        frame = 2 * self.laggards.frameWidth()
        self.laggards.setFixedHeight(self.laggards.header().sizeHint().height() + rows + frame)
        header = self.laggards.header()
        columns = sum(max(header.sectionSizeHint(n), self.laggards.sizeHintForColumn(n))
                      for n in range(header.count()) if not header.isSectionHidden(n))
        self.laggards.setMinimumWidth(columns + frame)
