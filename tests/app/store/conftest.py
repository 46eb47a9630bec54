"""Fixtures of the store tests: a fresh ledger with the reference list, and a community in it."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import records
from app.services.setup import init_ledger
from app.store.db import Ledger, open_ledger
from app.store.identity import key_path

STREET = "解放门街道"
COMMUNITY_CODE = "610102005001"


@pytest.fixture(scope="session")
def new_ledger_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger made by init_ledger (reference list loaded), closed: the template of `ledger`."""
    path = tmp_path_factory.mktemp("template") / "t.db"
    init_ledger(path).close()
    return path


@pytest.fixture
def ledger(tmp_path: Path, new_ledger_file: Path) -> Iterator[Ledger]:
    """A new ledger (a copy of what init_ledger makes, key file included), closed after the test."""
    path = tmp_path / "t.db"
    source, target = sqlite3.connect(new_ledger_file), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    shutil.copy(key_path(new_ledger_file), key_path(path))
    opened = open_ledger(path)
    yield opened
    opened.close()


@pytest.fixture
def community(ledger: Ledger) -> str:
    """The id of a community (东新社区) of 解放门街道 in the ledger."""
    return records.create(
        ledger, "communities", {"name": "东新社区", "street": STREET, "code": COMMUNITY_CODE}
    )
