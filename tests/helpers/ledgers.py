"""Template ledgers: made once per test process, copied into each test's folder (init takes time).

A copy is the template's files byte for byte, the key file included: the same device identity.
Where a test needs devices of their own, it makes each ledger with `init` (or renews the copy's
identity on purpose, as tests/app/sync/ledgers.py does).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from app.services.setup import init_ledger

COMMUNITIES = [
    # name, street, code
    ("东七路社区", "解放门街道", "610102005001"),
    ("西七路社区", "解放门街道", "610102005002"),
    ("尚俭路社区", "解放门街道", "610102005003"),
    ("西一路社区", "西一路街道", "610102001001"),
    ("四府街社区", "南院门街道", "610103001001"),
]
"""Five communities in three streets (the UI tests' ledger_path has them)."""

PRIVATE_DIR = 0o700
"""The mode init gives the folder it makes for a ledger."""


def make_template(path: Path, *, role: str | None = None, area: str | None = None) -> Path:
    """A ledger made by init (reference list, and role and area if given), closed."""
    init_ledger(path, role=role, area=area).close()
    return path


def copy_ledger(template: Path, path: Path) -> Path:
    """A copy of a closed ledger at `path`: the database and every file named after it beside it
    (the key file), into a folder made as init makes it; returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    for source in template.parent.iterdir():
        if source.is_file() and source.name.startswith(template.name):
            shutil.copy(source, path.with_name(path.name + source.name[len(template.name):]))
    return path
