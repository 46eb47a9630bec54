"""Opening a ledger in a worker: the real one, or the demo one (filled with demo data at first);
after an unclean shutdown, the integrity check before anything is shown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.domain.app_lock import AppLock, LockError
from app.services import app_lock, delivery, office_setup, setup, status
from app.services.areas import AreaNode, home_tree
from app.store import faults, settings
from app.store.areas import Scope, configured_scope
from app.store.backup import BackupInfo
from app.store.db import Ledger
from app.task import TaskState


@dataclass
class OpenedLedger:
    """An open ledger and what the window shows first, all read in the worker."""

    ledger: Ledger
    areas: list[AreaNode]
    city: str
    home: Scope | None
    demo: bool
    checked: bool = False
    """The integrity check ran while opening (after an unclean shutdown)."""
    backup_due: bool = False
    """A real ledger opened for writing: the day's first start makes the rolling daily backup,
    after the window shows it (ui/session.py; the backup checks the database first)."""
    undelivered: int = 0
    """Changes not yet delivered to the level above."""
    read_only: bool = False
    """Opened read-only, at the user's risk, although it is damaged."""
    first_start: bool = False
    """Nobody has set it up and it holds nothing: the set-up opens by itself."""
    lock: AppLock | None = None
    """The app lock set for this ledger's window (asked before anything is seen)."""
    lock_problem: str | None = None
    """Why the lock set could not be read (the window then says so and is not locked)."""


@dataclass(frozen=True)
class DamagedLedger:
    """The integrity check found damage: nothing is open; the window offers the way out."""

    path: Path
    problems: list[str]
    backup: BackupInfo | None
    """The newest backup, if there is one to restore."""
    demo: bool


def _damage(path: Path, demo: bool) -> DamagedLedger | None:
    """The damage a check of the file finds now, or None."""
    found = status.check_integrity(path)
    if not found:
        return None
    return DamagedLedger(path, found, status.latest_backup(path), demo)


def open_for_window(path: Path, state: TaskState, *, demo: bool,
                    read_only: bool = False) -> OpenedLedger | DamagedLedger:
    """Open the ledger at `path` (created if missing); fill a demo ledger without communities.

    After an unclean shutdown the file is checked first; damage found then, or a file that no
    longer opens, comes back as a DamagedLedger. The daily backup is not made here: the window
    shows the ledger first (at city scale the check and the copy take many seconds). `read_only`
    opens a damaged ledger anyway, refusing every write.
    """
    state.progress(0, 0, QCoreApplication.translate("opening", "Opening the ledger…"))
    checked = False
    marked = faults.damage_mark(path) if not read_only and path.exists() else None
    if marked is not None:  # found damaged before and not restored since: the way out first
        return DamagedLedger(path, [marked], status.latest_backup(path), demo)
    if not read_only and path.exists() and status.was_unclean(path):
        state.progress(0, 0, QCoreApplication.translate(
            "opening", "The program did not close properly last time: checking the ledger…"))
        damage = _damage(path, demo)
        if damage is not None:
            return damage
        checked = True
    try:
        # init_ledger creates the file, or brings a demo ledger's reference list up to date
        ledger = setup.init_ledger(path) if demo or not path.exists() else setup.open_existing(path)
    except Exception:
        damage = None if read_only or checked or not path.exists() else _damage(path, demo)
        if damage is None:
            raise
        return damage
    try:
        # filled until complete: a fill cancelled by closing the window resumes on the next start
        if demo and not settings.get_setting(ledger, "demo_filled"):
            _fill_demo(ledger, state)
            settings.set_settings(ledger, demo_filled=True)
        read_only = read_only or ledger.read_only
        if read_only:
            status.make_read_only(ledger)
        state.progress(0, 0, QCoreApplication.translate("opening", "Reading the areas…"))
        city = settings.get_setting(ledger, "city") or {}
        home = configured_scope(ledger)
        lock, lock_problem = _lock(ledger)
        opened = OpenedLedger(
            ledger=ledger,
            areas=home_tree(ledger, home),
            city=str(city.get("name") or QCoreApplication.translate("opening", "All areas")),
            home=home,
            demo=demo,
            first_start=not demo and not read_only and office_setup.first_start(ledger),
            checked=checked,
            backup_due=not demo and not read_only,
            undelivered=delivery.undelivered_changes(ledger),
            read_only=read_only,
            lock=lock,
            lock_problem=lock_problem,
        )
        status.mark_open(path)  # until the window closes it: a crash leaves the mark
        return opened
    except BaseException:
        ledger.close()
        raise


def _lock(ledger: Ledger) -> tuple[AppLock | None, str | None]:
    try:
        return app_lock.current(ledger), None
    except LockError as exc:
        return None, str(exc)


def _fill_demo(ledger: Ledger, state: TaskState) -> None:
    """Demo data for the three pilot streets; progress after each batch, cancel between batches."""
    from app.services import demo  # only the demo ledger needs the generator

    message = QCoreApplication.translate("opening", "Generating demo data…")
    state.progress(0, 0, message)
    demo.generate(ledger, None, task=_DemoTask(state, message))


class _DemoTask(TaskState):
    """The window's task as the generator sees it: its reports under the window's own words."""

    def __init__(self, state: TaskState, message: str) -> None:
        super().__init__(lambda done, total, _text: state.progress(done, total, message))
        self._window = state

    @property
    def cancelled(self) -> bool:
        """Whether the window's cancel button was pressed."""
        return self._window.cancelled
