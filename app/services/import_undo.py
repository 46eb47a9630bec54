"""Taking an import back: compensating writes from the history, never a backup restore.

An import is one transaction; the history rows it wrote are the ones between two numbers
(`ImportMark`), kept in the ledger's settings with the import. Undoing it tombstones the records
it created and writes back the old values of those it updated (a record it brought back from
deleted is deleted again), each as a new change ("undo"): the history keeps both, and bundles
carry the undo upward like any edit. A restore would give the office a new identity (DESIGN.md).

A record changed again after the import (an edit, a delete, a sync) is left as it is and named:
the later change is someone's work and is not overwritten behind their back. So is a record the
import created that other records, not made by the import, now refer to.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, text

from app.domain.entities import ENTITIES
from app.domain.fields import EntitySpec, Kind
from app.errors import UsageError
from app.io.layout import IMPORT_ORDER
from app.store import personal, writer
from app.store.db import Ledger
from app.store.rows import fetch_many
from app.store.settings import get_setting, store_settings
from app.task import QUIET, TaskState

SETTING = "imports/recent"
"""The setting that keeps the latest imports' marks (newest last)."""
KEPT = 20
"""How many imports are remembered (and can be undone)."""
_CANCELLED = "已取消撤销导入，没有写入任何内容"


@dataclass(frozen=True)
class ImportMark:
    """One import as the ledger remembers it: the history rows it wrote, (first, last]."""

    first: int
    last: int
    file: str
    at: str
    """When it was written (UTC, ISO)."""
    written: dict[str, int] = field(default_factory=dict)
    """Records written, by ledger (社区: 2 …)."""
    undone_at: str | None = None
    undo: tuple[int, int] | None = None
    """The history rows its undo wrote, (first, last], once undone."""

    @property
    def key(self) -> str:
        """What names it among the remembered imports."""
        return f"{self.first}-{self.last}"

    def as_json(self) -> dict[str, Any]:
        """The mark as the setting keeps it."""
        return {"first": self.first, "last": self.last, "file": self.file, "at": self.at,
                "written": self.written, "undone_at": self.undone_at,
                "undo": list(self.undo) if self.undo else None}

    @classmethod
    def from_json(cls, value: Any) -> ImportMark | None:
        """A kept mark, or None if the setting holds something else."""
        try:
            undo = value.get("undo")
            return cls(int(value["first"]), int(value["last"]), str(value["file"]),
                       str(value["at"]), {str(k): int(v) for k, v in value["written"].items()},
                       value.get("undone_at"), (int(undo[0]), int(undo[1])) if undo else None)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


def history_end(conn: Connection) -> int:
    """The number of the last history row written so far (0 for none)."""
    return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM history")).scalar() or 0)


def remember(conn: Connection, mark: ImportMark) -> None:
    """Keep an import's mark, in the import's own transaction (the oldest are forgotten)."""
    kept = [m for m in _read(conn) if m.key != mark.key][-(KEPT - 1):]
    _store(conn, [*kept, mark])


def recent_imports(ledger: Ledger) -> list[ImportMark]:
    """The imports remembered, newest last."""
    raw = get_setting(ledger, SETTING, [])
    return [m for m in map(ImportMark.from_json, raw if isinstance(raw, list) else []) if m]


def last_import(ledger: Ledger) -> ImportMark | None:
    """The latest import not yet undone, if any is remembered."""
    return next((m for m in reversed(recent_imports(ledger)) if m.undone_at is None), None)


def _read(conn: Connection) -> list[ImportMark]:
    row = conn.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": SETTING}).first()
    raw = json.loads(row[0]) if row and isinstance(row[0], str) else []
    return [m for m in map(ImportMark.from_json, raw if isinstance(raw, list) else []) if m]


def _store(conn: Connection, marks: list[ImportMark]) -> None:
    store_settings(conn, {SETTING: [m.as_json() for m in marks]})


# --- what undoing would do ------------------------------------------------------------------


@dataclass(frozen=True)
class KeptRecord:
    """A record the undo leaves as it is, and why."""

    entity: str
    """Its ledger, as people name it."""
    title: str
    why: str

    def __str__(self) -> str:
        return f"{self.entity} {self.title}：{self.why}"


@dataclass
class UndoPlan:
    """What undoing one import would write, and what it would leave as it is."""

    mark: ImportMark
    deletes: list[tuple[EntitySpec, str]] = field(default_factory=list)
    """Records the import created, to tombstone."""
    reverts: list[tuple[EntitySpec, str, dict[str, Any]]] = field(default_factory=list)
    """Records it updated or restored: field ("deleted" too) → the value before the import."""
    kept: list[KeptRecord] = field(default_factory=list)
    settled: set[str] = field(default_factory=set)
    """The clocks of the import's changes that the undo cancels."""

    @property
    def total(self) -> int:
        """Records the undo writes."""
        return len(self.deletes) + len(self.reverts)

    def summary(self) -> str:
        """One line in Chinese: what will be deleted, put back, and left."""
        parts = [f"删除导入新增的 {len(self.deletes)} 条",
                 f"把导入更新的 {len(self.reverts)} 条改回导入前"]
        if self.kept:
            parts.append(f"{len(self.kept)} 条导入后又修改过，保持现状")
        return "，".join(parts)


@dataclass(frozen=True)
class ImportUndone:
    """What undoing an import wrote."""

    mark: ImportMark
    deleted: int
    reverted: int
    kept: list[KeptRecord]
    settled: frozenset[str]
    """The clocks of the import's changes and of the undo's: they cancel out (for Ctrl+Z)."""

    def message(self) -> str:
        """What was done, in Chinese, for the status bar and the command line."""
        text_ = (f"已撤销导入“{self.mark.file}”：删除 {self.deleted} 条新增的记录，"
                 f"{self.reverted} 条改回导入前")
        if self.kept:
            text_ += f"；{len(self.kept)} 条导入后又修改过，保持现状"
        return text_


def plan_undo(ledger: Ledger, mark: ImportMark) -> UndoPlan:
    """What undoing an import would do now; writes nothing (for the confirmation)."""
    with ledger.engine.connect() as conn:
        return _plan(conn, mark)


def _current(conn: Connection, mark: ImportMark) -> ImportMark:
    found = next((m for m in _read(conn) if m.key == mark.key), None)
    if found is None:
        raise UsageError(f"找不到导入“{mark.file}”的记录（只保留最近 {KEPT} 次导入），不能撤销")
    if found.undone_at is not None:
        raise UsageError(f"导入“{mark.file}”已经撤销过了")
    return found


def _plan(conn: Connection, mark: ImportMark) -> UndoPlan:
    mark = _current(conn, mark)
    plan = UndoPlan(mark)
    rows = conn.execute(
        text("SELECT entity, record_id, action, changes, hlc FROM history "
             "WHERE id > :first AND id <= :last ORDER BY id"),
        {"first": mark.first, "last": mark.last},
    ).all()
    # a later import that was undone, and its undo, cancel out: not a change made since
    cancelled = [(a, b) for m in _read(conn) if m.undo is not None and m.first >= mark.last
                 for a, b in ((m.first, m.last), m.undo)]
    outside = "".join(f" AND NOT (id > {int(a)} AND id <= {int(b)})" for a, b in cancelled)
    later = {
        (str(e), str(r)) for e, r in conn.execute(
            text("SELECT DISTINCT entity, record_id FROM history "
                 f"WHERE id > :last AND action != 'conflict'{outside}"), {"last": mark.last})
    }
    created: dict[str, list[str]] = defaultdict(list)
    before: dict[tuple[str, str], dict[str, Any]] = {}
    clocks: dict[tuple[str, str], str] = {}
    kept_ids: dict[str, list[str]] = defaultdict(list)
    for entity, record_id, action, changes, hlc in rows:
        if entity not in ENTITIES:
            continue
        key = (str(entity), str(record_id))
        if key in later:
            if key not in clocks:
                kept_ids[key[0]].append(key[1])
            clocks[key] = str(hlc)
            continue
        clocks[key] = str(hlc)
        plan.settled.add(str(hlc))
        if action == "create":
            created[key[0]].append(key[1])
            continue
        diff = personal.open_diff(personal.vault_of(conn), str(entity), str(record_id), changes)
        for name, (old, _new) in diff.items():
            before.setdefault(key, {}).setdefault(name, old)
    deleting = {(e, r) for e, ids_ in created.items() for r in ids_}
    held = _still_referred(conn, deleting, before)
    for entity, record_id in sorted(held):
        kept_ids[entity].append(record_id)
    for entity, ids_ in created.items():
        spec = ENTITIES[entity]
        plan.deletes += [(spec, r) for r in ids_ if (entity, r) not in held]
    for (entity, record_id), values in before.items():
        plan.reverts.append((ENTITIES[entity], record_id, values))
    for entity, ids_ in sorted(kept_ids.items(), key=_parents_first):
        spec = ENTITIES[entity]
        current = fetch_many(conn, spec, ids_)
        for record_id in ids_:
            record = current.get(record_id, {})
            why = ("导入后又修改过，保持现状" if (entity, record_id) in later
                   else "导入后有其他记录引用它，保持现状")
            plan.kept.append(KeptRecord(spec.label, _title(spec, record), why))
    return plan


def _still_referred(conn: Connection, deleting: set[tuple[str, str]],
                    before: dict[tuple[str, str], dict[str, Any]]) -> set[tuple[str, str]]:
    """Records to delete that live records outside the undo still refer to (a space added
    since to a community the import made): they stay, and so do the records they refer to."""
    held: set[tuple[str, str]] = set()
    while True:
        found = set()
        targets: dict[str, list[str]] = defaultdict(list)
        for entity, record_id in deleting - held:
            targets[entity].append(record_id)
        for other in ENTITIES.values():
            for ref in other.fields:
                if ref.kind is not Kind.REF or not targets.get(ref.ref or ""):
                    continue
                wanted = targets[ref.ref or ""]
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start:start + 500]
                    marks = ", ".join("?" * len(chunk))
                    for child, parent in conn.exec_driver_sql(
                        f"SELECT id, {ref.column} FROM {other.name} "
                        f"WHERE deleted = 0 AND {ref.column} IN ({marks})", tuple(chunk)):
                        key = (other.name, str(child))
                        moved_away = ref.name in before.get(key, {})
                        if (key in deleting and key not in held) or moved_away:
                            continue
                        found.add((ref.ref or "", str(parent)))
        if not found - held:
            return held
        held |= found


def _title(spec: EntitySpec, record: dict[str, Any]) -> str:
    field_ = spec.field(spec.title_field)
    return " ".join(field_.display(record.get(field_.name)).split()) or spec.label


# --- undoing --------------------------------------------------------------------------------


def undo_import(ledger: Ledger, mark: ImportMark, *, task: TaskState = QUIET) -> ImportUndone:
    """Undo an import in one transaction, against the ledger as it is now; cancelled, nothing.

    UsageError when it was undone already or is no longer remembered.
    """
    with ledger.write() as conn:
        plan = _plan(conn, mark)
        first = history_end(conn)
        stamps = iter(ledger.stamps(plan.total))
        done = 0
        settled = set(plan.settled)
        for spec, ids_ in _by_entity(plan.deletes):
            current = fetch_many(conn, spec, ids_)
            for record_id in ids_:
                done = _step(task, done, plan.total)
                old = current.get(record_id)
                stamp = next(stamps)
                if old is not None and writer.update_record(
                        conn, spec, record_id, old, {"deleted": True}, stamp, "undo"):
                    settled.add(stamp.hlc)
        for spec, items in _reverts_by_entity(plan.reverts):
            current = fetch_many(conn, spec, [record_id for record_id, _v in items])
            for record_id, values in items:
                done = _step(task, done, plan.total)
                old = current.get(record_id)
                stamp = next(stamps)
                if old is not None and writer.update_record(
                        conn, spec, record_id, old, _typed(spec, values), stamp, "undo"):
                    settled.add(stamp.hlc)
        task.check(_CANCELLED)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        undone = replace(plan.mark, undone_at=now, undo=(first, history_end(conn)))
        _store(conn, [undone if m.key == mark.key else m for m in _read(conn)])
    return ImportUndone(undone, len(plan.deletes), len(plan.reverts), plan.kept,
                        frozenset(settled))


def _step(task: TaskState, done: int, total: int) -> int:
    if done % 200 == 0:
        task.check(_CANCELLED)
        task.progress(done, total, "正在撤销导入")
    return done + 1


def _by_entity(items: list[tuple[EntitySpec, str]]) -> list[tuple[EntitySpec, list[str]]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for spec, record_id in items:
        grouped[spec.name].append(record_id)
    # children first: a space is deleted before its community
    return [(ENTITIES[e], ids_) for e, ids_ in sorted(grouped.items(), key=_children_first)]


def _reverts_by_entity(
    items: list[tuple[EntitySpec, str, dict[str, Any]]],
) -> list[tuple[EntitySpec, list[tuple[str, dict[str, Any]]]]]:
    grouped: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for spec, record_id, values in items:
        grouped[spec.name].append((record_id, values))
    return [(ENTITIES[e], rows) for e, rows in grouped.items()]


def _parents_first(item: tuple[str, Any]) -> int:
    return IMPORT_ORDER.index(item[0]) if item[0] in IMPORT_ORDER else len(IMPORT_ORDER)


def _children_first(item: tuple[str, Any]) -> int:
    return -_parents_first(item)


def _typed(spec: EntitySpec, values: dict[str, Any]) -> dict[str, Any]:
    """History values (JSON) back as the record holds them (dates, numbers …)."""
    typed: dict[str, Any] = {}
    for name, value in values.items():
        if name == "deleted":
            typed[name] = bool(value)
        elif name in spec.by_name and value is not None:
            try:
                typed[name] = spec.field(name).parse_stored(value)
            except ValueError:  # Invalid: a value an older version allowed; kept as it was
                typed[name] = value
        elif name in spec.by_name:
            typed[name] = None
    return typed
