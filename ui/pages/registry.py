"""The pages of the main window, in the order of their tabs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QCoreApplication

from ui.pages.base import ChangeBus, Page

KEYS = ("overview", "programme", "communities", "spaces", "matrix", "demands", "projects",
        "operators", "evaluations", "sync", "reports")
"""Every page's key, in tab order: its object name, and the name of its screenshot (the tour
pictures the 统筹 page apart, at a district and the city: ui.screenshots)."""

RECORD_PAGES = ("communities", "spaces", "demands", "projects", "operators", "evaluations")


def _titles() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "overview": translate("registry", "Overview"),
        "programme": translate("registry", "Programme"),
        "communities": translate("registry", "Communities"),
        "spaces": translate("registry", "Spaces"),
        "matrix": translate("registry", "Nine functions"),
        "demands": translate("registry", "Demands"),
        "projects": translate("registry", "Projects"),
        "operators": translate("registry", "Operators"),
        "evaluations": translate("registry", "Evaluations"),
        "sync": translate("registry", "Sync"),
        "reports": translate("registry", "Reports"),
    }


@dataclass(frozen=True)
class PageSlot:
    """A page's tab before the page exists: its key, title and tooltip, and how to build it."""

    key: str
    title: str
    tab_tip: str
    build: Callable[[], Page]
    """A new widget for the page (its object name is its key); its module loads only now."""


def page_slots(bus: ChangeBus) -> list[PageSlot]:
    """Every page's tab, in tab order; a page is built when it is first shown or asked for,
    so that the window shows at start-up without building (or importing) the pages not shown."""
    from app.domain.entities import entity

    titles = _titles()
    slots = []
    for key in KEYS:
        tab_tip = ""
        if key in RECORD_PAGES:  # a ledger's page: named in the interface language,
            spec = entity(key)     # its Chinese name in the tab's tooltip (README)
            assert spec is not None
            label = spec.label
            tab_tip = label if label != titles[key] else ""
        slots.append(PageSlot(key, titles[key], tab_tip, partial(build_page, bus, key)))
    return slots


def build_page(bus: ChangeBus, key: str) -> Page:
    """A new widget for one page; its object name is its key."""
    page: Page
    if key == "overview":
        from ui.pages.overview_page import OverviewPage

        page = OverviewPage(bus)
    elif key == "programme":
        from ui.pages.programme_page import ProgrammePage

        page = ProgrammePage(bus)
    elif key == "matrix":
        from ui.pages.matrix_page import MatrixPage

        page = MatrixPage(bus)
    elif key in RECORD_PAGES:
        from ui.pages.records_page import RecordsPage

        page = RecordsPage(bus, key)
    elif key == "reports":
        from ui.pages.reports_page import ReportsPage

        page = ReportsPage(bus)
    elif key == "sync":
        from ui.pages.sync.page import SyncPage

        page = SyncPage(bus)
    else:
        raise KeyError(key)
    page.setObjectName(key)
    titles = _titles()
    if key in RECORD_PAGES or not page.title:
        page.title = titles[key]
    return page
