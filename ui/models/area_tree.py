"""The area tree as a Qt model: the city, its districts, their streets and communities."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from app.domain.entities import ENTITIES
from app.domain.enums import Level
from app.services.areas import AreaNode
from app.store.areas import CITY, Scope

SCOPE_ROLE = Qt.ItemDataRole.UserRole + 1
"""The Scope an item stands for."""

COMMUNITIES_ROLE = Qt.ItemDataRole.UserRole + 2
"""How many communities an item holds."""

_CODE_LABEL = {level: ENTITIES[level.value].field("code").label
               for level in (Level.DISTRICT, Level.STREET, Level.COMMUNITY)}


def _communities(node: AreaNode) -> int:
    if node.level is Level.COMMUNITY:
        return 1
    return sum(_communities(child) for child in node.children)


def _row(name: str, scope: Scope, communities: int, tooltip: str) -> list[QStandardItem]:
    """The name, and beside it how many communities the area has (blank for a community)."""
    item = QStandardItem(name)
    count = QStandardItem(str(communities) if communities and scope.level is not Level.COMMUNITY
                          else "")
    count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    for cell in (item, count):
        cell.setEditable(False)
        cell.setData(scope, SCOPE_ROLE)
        cell.setData(communities, COMMUNITIES_ROLE)
        cell.setToolTip(tooltip)
    return [item, count]


def _tooltip(node: AreaNode, communities: int) -> str:
    line = QCoreApplication.translate("AreaTreeModel", "{label}: {value}")
    lines = [line.format(label=node.level.label, value=node.name)]
    if node.code:
        label = _CODE_LABEL.get(node.level) or QCoreApplication.translate("AreaTreeModel", "Code")
        lines.append(line.format(label=label, value=node.code))
    if node.level is not Level.COMMUNITY:
        lines.append(QCoreApplication.translate("AreaTreeModel", "Communities: {count}")
                     .format(count=communities))
    return "\n".join(lines)


class AreaTreeModel(QStandardItemModel):
    """One root for the whole city, then district (or zone) → street → community, or the office's
    own area as the root; two columns: the name, and the number of communities."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([QCoreApplication.translate("AreaTreeModel", "Area"),
                                        QCoreApplication.translate("AreaTreeModel", "Communities")])

    def set_areas(self, city: str, nodes: Sequence[AreaNode], home: Scope | None = None
                  ) -> None:
        """Replace the tree; an office's own area (the one node, its home) is the root."""
        self.removeRows(0, self.rowCount())  # not clear(): the columns and their header stay
        if (home is not None and len(nodes) == 1 and nodes[0].level is home.level
                and nodes[0].id == home.id):
            self.appendRow(self._branch(nodes[0]))
            return
        total = sum(_communities(n) for n in nodes)
        tooltip = QCoreApplication.translate("AreaTreeModel", "All areas\nCommunities: {count}")
        root = _row(city, CITY, total, tooltip.format(count=total))
        for node in nodes:
            root[0].appendRow(self._branch(node))
        self.appendRow(root)

    def _branch(self, node: AreaNode) -> list[QStandardItem]:
        communities = _communities(node)
        scope = Scope(node.level, node.id, node.name, node.code)
        row = _row(node.name, scope, communities, _tooltip(node, communities))
        for child in node.children:
            row[0].appendRow(self._branch(child))
        return row

    def scope_at(self, index: QModelIndex | QPersistentModelIndex) -> Scope | None:
        """The area an index stands for."""
        scope = index.data(SCOPE_ROLE) if index.isValid() else None
        return scope if isinstance(scope, Scope) else None

    def index_of(self, scope: Scope | None) -> QModelIndex:
        """The index of an area (by level and id); the root for None or an area not in the tree."""
        root = self.index(0, 0)
        if scope is None or scope.level is Level.CITY:
            return root
        for index in self._walk(root):
            found = self.scope_at(index)
            if found is not None and found.level is scope.level and found.id == scope.id:
                return index
        return root

    def scopes(self) -> Iterator[tuple[QModelIndex, Scope]]:
        """Every area of the tree below the city, with its index."""
        for index in self._walk(self.index(0, 0)):
            scope = self.scope_at(index)
            if scope is not None:
                yield index, scope

    def _walk(self, parent: QModelIndex) -> Iterator[QModelIndex]:
        for row in range(self.rowCount(parent)):
            child = self.index(row, 0, parent)
            yield child
            yield from self._walk(child)
