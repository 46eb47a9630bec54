"""Opening a ledger in a worker: the real one, or the demo one (filled with demo data at first)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.services import settings, setup
from app.services.areas import AreaNode, Scope, area_tree
from app.store.db import Ledger
from ui.tasks import TaskState


@dataclass
class OpenedLedger:
    """An open ledger and what the window shows first, all read in the worker."""

    ledger: Ledger
    areas: list[AreaNode]
    city: str
    home: Scope | None
    demo: bool


def _tr(text: str) -> str:
    return QCoreApplication.translate("opening", text)


def open_for_window(path: Path, state: TaskState, *, demo: bool) -> OpenedLedger:
    """Open the ledger at `path` (created if missing); fill a demo ledger without communities."""
    state.progress(0, 0, _tr("正在打开台账…"))
    # init_ledger creates the file, or brings a demo ledger's reference list up to date
    ledger = setup.init_ledger(path) if demo or not path.exists() else setup.open_existing(path)
    try:
        # filled until complete: a fill cancelled by closing the window resumes on the next start
        if demo and not settings.get_setting(ledger, "demo_filled"):
            _fill_demo(ledger, state)
            settings.set_settings(ledger, demo_filled=True)
        if not demo:
            state.progress(0, 0, _tr("正在备份台账…"))
            setup.daily_backup(ledger)
        state.progress(0, 0, _tr("正在读取区域…"))
        city = settings.get_setting(ledger, "city") or {}
        return OpenedLedger(
            ledger=ledger,
            areas=area_tree(ledger),
            city=str(city.get("name") or _tr("全部区域")),
            home=setup.configured_scope(ledger),
            demo=demo,
        )
    except BaseException:
        ledger.close()
        raise


def _fill_demo(ledger: Ledger, state: TaskState) -> None:
    """Demo data for the three pilot streets; progress after each batch, cancel between batches."""
    from app.services import demo  # only the demo ledger needs the generator

    message = _tr("正在生成演示数据…")
    state.progress(0, 0, message)
    demo.generate(
        ledger, None,
        progress=lambda done, total: state.progress(done, total, message),
        cancelled=state.cancelled,
    )
