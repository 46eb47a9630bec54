"""Core test fixtures: a fresh ledger on a real SQLite file with the reference list loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.setup import init_ledger
from app.store.db import Ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    """A new ledger in a folder whose name has Chinese characters and a space."""
    opened = init_ledger(tmp_path / "台账 目录" / "台账.db")
    yield opened
    opened.close()
