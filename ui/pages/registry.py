"""The pages of the main window, in the order of their tabs."""

from __future__ import annotations

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


def build_pages(bus: ChangeBus) -> list[Page]:
    """A new widget for every page, in tab order; each page's object name is its key."""
    from ui.pages.matrix_page import MatrixPage
    from ui.pages.overview_page import OverviewPage
    from ui.pages.programme_page import ProgrammePage
    from ui.pages.records_page import RecordsPage
    from ui.pages.reports_page import ReportsPage
    from ui.pages.sync.page import SyncPage

    titles = _titles()
    pages: list[Page] = []
    for key in KEYS:
        page: Page
        if key == "overview":
            page = OverviewPage(bus)
        elif key == "programme":
            page = ProgrammePage(bus)
        elif key == "matrix":
            page = MatrixPage(bus)
        elif key in RECORD_PAGES:
            page = RecordsPage(bus, key)
        elif key == "reports":
            page = ReportsPage(bus)
        elif key == "sync":
            page = SyncPage(bus)
        else:
            raise KeyError(key)
        page.setObjectName(key)
        if isinstance(page, RecordsPage):  # a ledger's page: named in the interface language,
            label = page.spec.label          # its Chinese name in the tab's tooltip (README)
            page.title = titles[key]
            page.tab_tip = label if label != page.title else ""
        elif not page.title:
            page.title = titles[key]
        pages.append(page)
    return pages
