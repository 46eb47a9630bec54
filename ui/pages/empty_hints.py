"""What each page's empty list says: nothing recorded yet (new, or import), or nothing matches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction

from app.domain.enums import Level
from ui.widgets.empty_hint import EmptyHint, Offer

if TYPE_CHECKING:
    from app.store.areas import Scope
    from ui.pages.base import Page


def nothing_yet(things: str, scope: Scope | None) -> str:
    """"还没有社区 — 新建，或从 Excel 导入", naming the area when it is not the whole city."""
    translate = QCoreApplication.translate
    if scope is None or scope.level is Level.CITY or not scope.name:
        text = translate("empty_hints", "No {things} yet — create one, or import them from Excel")
        return text.format(things=things)
    text = translate("empty_hints",
                     "{area} has no {things} yet — create one, or import them from Excel")
    return text.format(area=scope.name, things=things)


def nothing_matches() -> str:
    """"没有符合条件的记录": a search or a filter hides every row."""
    return QCoreApplication.translate("empty_hints", "No records match the search or the filters")


def new_offer(action: QAction) -> Offer:
    """The 新建… button of a hint."""
    return (QCoreApplication.translate("empty_hints", "New…"), action)


def import_offer(action: QAction | None) -> list[Offer]:
    """The 从 Excel 导入… button of a hint (none when the page has no import action)."""
    if action is None:
        return []
    return [(QCoreApplication.translate("empty_hints", "Import from Excel…"), action)]


def clear_action(page: Page) -> QAction:
    """清除搜索和筛选: an action of the page, for the hint of a list narrowed to nothing."""
    translate = QCoreApplication.translate
    action = QAction(translate("empty_hints", "Clear the search and filters"), page)
    action.setToolTip(translate("empty_hints", "Show every record of the area again"))
    return action


def show_empty(hint: EmptyHint, *, rows: int, narrowed: bool, empty: tuple[str, list[Offer]],
               clear: QAction | None = None) -> None:
    """The hint a list needs: none with rows; "nothing matches" (and `clear`) when narrowed;
    else `empty`."""
    if rows:
        hint.clear()
    elif narrowed and clear is not None:
        hint.show_hint(nothing_matches(), [(clear.text(), clear)])
    else:
        hint.show_hint(*empty)


def new_community(page: Page) -> bool:
    """Open the form of a new community (in the street chosen, if one is), for the pages that
    show communities without listing them (概览, 九项功能)."""
    from ui.forms.record_form import RecordFormDialog  # the forms load when first asked for

    if page.ledger is None:
        return False
    scope = page.scope
    values = {"street": scope.id} if scope is not None and scope.level is Level.STREET else None
    form = RecordFormDialog(page.ledger, "communities", values=values, parent=page,
                            scope=scope, bus=page.bus)  # no origin: the page reads it too
    form.setWindowModality(Qt.WindowModality.WindowModal)
    form.finished.connect(form.deleteLater)
    form.open()
    return True
