"""Template ledgers: made once per test process, copied into each test's folder (init takes time).

A copy is the template's files byte for byte, the key file included: the same device identity.
Where a test needs devices of their own, its template holds each of them (made by `init`), or it
makes them with `init`, or it renews a copy's identity on purpose (tests/app/sync/ledgers.py).

Templates are made at TEMPLATE_TIME, whatever the clock says when they are made: before every
moment a test sets the clock to, so that a copy is always a ledger made in the past.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import time_machine

from app.domain.china_time import CHINA
from app.services.setup import init_ledger
from app.store.db import Ledger, open_ledger

COMMUNITIES = [
    # name, street, code
    ("东七路社区", "解放门街道", "610102005001"),
    ("西七路社区", "解放门街道", "610102005002"),
    ("尚俭路社区", "解放门街道", "610102005003"),
    ("西一路社区", "西一路街道", "610102001001"),
    ("四府街社区", "南院门街道", "610103001001"),
]
"""Five communities in three streets (the UI tests' ledger_path has them)."""

TEMPLATE_TIME = dt.datetime(2026, 1, 1, 9, 0, tzinfo=CHINA)
"""When templates are made (the tests set the clock to late 2026 and after)."""

PRIVATE_DIR = 0o700
"""The mode init gives the folder it makes for a ledger."""


@contextlib.contextmanager
def template_time() -> Iterator[None]:
    """The clock stands at TEMPLATE_TIME (a template is made in the past, always the same)."""
    with time_machine.travel(TEMPLATE_TIME.timestamp(), tick=False):
        yield


def make_template(path: Path, *, role: str | None = None, area: str | None = None) -> Path:
    """A ledger made by init (reference list, and role and area if given), closed."""
    with template_time():
        init_ledger(path, role=role, area=area).close()
    return path


def copy_ledgers(template: Path, folder: Path) -> None:
    """Copies of every ledger (and file) under a template folder, at the same places in `folder`."""
    shutil.copytree(template, folder, dirs_exist_ok=True)


def copy_ledger(template: Path, path: Path) -> Path:
    """A copy of a closed ledger at `path`: the database and every file named after it beside it
    (the key file), into a folder made as init makes it; returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    for source in template.parent.iterdir():
        if source.is_file() and source.name.startswith(template.name):
            shutil.copy(source, path.with_name(path.name + source.name[len(template.name):]))
    return path


class Devices:
    """Ledgers made by init, each a device of its own, made once per test process when first
    asked for; tests get copies. Two ledgers of one test are two devices when they differ in
    role, area or `device` number."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[tuple[str | None, str | None, int], Path] = {}

    def copy(self, path: Path, *, role: str | None = None, area: str | None = None,
             device: int = 1) -> Path:
        """A copy at `path` of the ledger init makes with this role and area (device `device`)."""
        key = (role, area, device)
        if key not in self.made:
            folder = self.folder / f"{len(self.made)}-{role}-{area}-{device}"
            self.made[key] = make_template(folder / "台账.db", role=role, area=area)
        return copy_ledger(self.made[key], path)

    def open(self, path: Path, *, role: str | None = None, area: str | None = None,
             device: int = 1) -> Ledger:
        """Such a copy, open."""
        return open_ledger(self.copy(path, role=role, area=area, device=device))
