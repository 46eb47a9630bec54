"""Undoing a saved change through the history: the inverse is a new change, nothing is erased."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from app.errors import UsageError
from app.services import records
from app.store.db import Ledger


@dataclass(frozen=True)
class Change:
    """One saved change of this session, as the window remembers it for Ctrl+Z."""

    entity: str
    record_id: str
    hlc: str


def last_change(ledger: Ledger, entity: str, record_ref: str) -> Change:
    """The latest change of a record (what a save just wrote)."""
    spec = records.spec_of(entity)
    record = records.get(ledger, spec.name, record_ref, include_deleted=True)
    entries = records.history(ledger, spec.name, record["id"])
    if not entries:
        raise UsageError(f"{spec.label}没有修改记录")
    return Change(spec.name, record["id"], entries[-1]["hlc"])


def undo_change(ledger: Ledger, change: Change, settled: Collection[str] = ()) -> str:
    """Revert one change if it is still the record's latest; returns what was done, in Chinese.

    A create is undone by a delete, a delete by a restore (and back), an update by writing the
    old values again (as a new change, action "undo": the history keeps both). `settled` holds
    the clocks of later changes that cancel out (steps undone in this session and their undos),
    so that undoing several changes of one record in a row works.
    """
    spec = records.spec_of(change.entity)
    entries = records.history(ledger, spec.name, change.record_id)
    position = next((n for n, e in enumerate(entries) if e["hlc"] == change.hlc), None)
    if position is None:
        raise UsageError("找不到要撤销的修改")
    if any(e["hlc"] not in settled for e in entries[position + 1 :]):
        raise UsageError(f"此{spec.label}在这之后又被修改过，不能撤销这一步；请在修改历史中查看")
    entry = entries[position]
    title = _title(ledger, spec.name, change.record_id)
    changes: dict[str, list[Any]] = entry["changes"]
    if entry["action"] == "create":
        records.delete(ledger, spec.name, change.record_id)
        return f"已撤销新建：{title}"
    if "deleted" in changes:
        was_deleted = bool(changes["deleted"][0])
        if was_deleted:
            records.delete(ledger, spec.name, change.record_id)
            return f"已撤销恢复：{title}"
        records.restore(ledger, spec.name, change.record_id)
        return f"已撤销删除：{title}"
    old_values = {name: old for name, (old, _new) in changes.items()}
    records.update(ledger, spec.name, change.record_id, old_values, action="undo")
    labels = "、".join(spec.field(name).label for name in old_values if name in spec.by_name)
    return f"已撤销修改：{title}（{labels}）"


def _title(ledger: Ledger, entity: str, record_id: str) -> str:
    spec = records.spec_of(entity)
    record = records.get(ledger, entity, record_id, include_deleted=True)
    field = spec.field(spec.title_field)
    return field.display(record.get(field.name)) or spec.label
