"""Core test fixtures: a fresh ledger on a real SQLite file with the reference list loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.db import Ledger, open_ledger
from tests.helpers.ledgers import copy_ledger


@pytest.fixture
def ledger(ledger_template: Path, tmp_path: Path) -> Iterator[Ledger]:
    """A new ledger (a copy of what init makes) in a folder whose name has Chinese characters
    and a space."""
    opened = open_ledger(copy_ledger(ledger_template, tmp_path / "台账 目录" / "台账.db"))
    yield opened
    opened.close()
