"""Undo through the history: each change is reverted by a new one; stale undos are refused."""

from __future__ import annotations

import pytest

from app.errors import UsageError
from app.services import records
from app.services.history import last_change, undo_change
from app.store.db import Ledger


@pytest.fixture
def space(ledger: Ledger) -> str:
    community = records.create(
        ledger, "communities", {"name": "东七路社区", "street": "解放门街道"}
    )
    return records.create(
        ledger, "spaces", {"community": community, "name": "活动室", "kind": "社区用房"}
    )


def test_undo_update_writes_the_old_values_back(ledger: Ledger, space: str) -> None:
    records.update(ledger, "spaces", space, {"floor_area": "120", "usage": "闲置"})
    message = undo_change(ledger, last_change(ledger, "spaces", space))
    assert message.startswith("已撤销修改：活动室")
    record = records.get(ledger, "spaces", space)
    assert record["floor_area"] is None and record["usage"] is None
    actions = [h["action"] for h in records.history(ledger, "spaces", space)]
    assert actions == ["create", "update", "undo"]


def test_undo_create_delete_and_restore(ledger: Ledger, space: str) -> None:
    undo_change(ledger, last_change(ledger, "spaces", space))
    assert records.get(ledger, "spaces", space, include_deleted=True)["deleted"] is True
    records.restore(ledger, "spaces", space)
    assert undo_change(ledger, last_change(ledger, "spaces", space)).startswith("已撤销恢复")
    assert records.get(ledger, "spaces", space, include_deleted=True)["deleted"] is True
    assert undo_change(ledger, last_change(ledger, "spaces", space)).startswith("已撤销删除")
    assert records.get(ledger, "spaces", space)["deleted"] is False


def test_stale_undo_is_refused_and_writes_nothing(ledger: Ledger, space: str) -> None:
    records.update(ledger, "spaces", space, {"owner": "市房管局"})
    first = last_change(ledger, "spaces", space)
    records.update(ledger, "spaces", space, {"owner": "区房管局"})
    before = records.history(ledger, "spaces", space)
    with pytest.raises(UsageError, match="又被修改过"):
        undo_change(ledger, first)
    assert records.history(ledger, "spaces", space) == before
    assert records.get(ledger, "spaces", space)["owner"] == "区房管局"


def test_undo_of_a_create_with_children_is_refused(ledger: Ledger, space: str) -> None:
    community = records.get(ledger, "spaces", space)["community"]
    change = last_change(ledger, "communities", community)
    with pytest.raises(UsageError, match="空间资源"):
        undo_change(ledger, change)


def test_undo_two_changes_of_one_record_in_a_row(ledger: Ledger, space: str) -> None:
    """The first undo's own change and the step it reverted cancel out; the caller names them."""
    first = last_change(ledger, "spaces", space)  # the create
    records.update(ledger, "spaces", space, {"owner": "市房管局"})
    edit = last_change(ledger, "spaces", space)
    undo_change(ledger, edit)
    undo_of_edit = last_change(ledger, "spaces", space)
    with pytest.raises(UsageError, match="又被修改过"):
        undo_change(ledger, first)
    undo_change(ledger, first, settled={edit.hlc, undo_of_edit.hlc})
    assert records.get(ledger, "spaces", space, include_deleted=True)["deleted"] is True
