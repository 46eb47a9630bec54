"""Fixtures of the store tests: a fresh ledger with the reference list, and a community in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import records
from app.store.db import Ledger, open_ledger
from tests.app.store.util import COMMUNITY_CODE, STREET
from tests.helpers.ledgers import copy_ledger


@pytest.fixture
def ledger(tmp_path: Path, ledger_template: Path) -> Iterator[Ledger]:
    """A new ledger (a copy of what init_ledger makes, key file included), closed after the test."""
    opened = open_ledger(copy_ledger(ledger_template, tmp_path / "t.db"))
    yield opened
    opened.close()


@pytest.fixture
def community(ledger: Ledger) -> str:
    """The id of a community (东新社区) of 解放门街道 in the ledger."""
    return records.create(
        ledger, "communities", {"name": "东新社区", "street": STREET, "code": COMMUNITY_CODE}
    )
