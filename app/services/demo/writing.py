"""Writing the made records in batches, and the summary of what was added."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection

from app.domain.entities import (
    COMMUNITY,
    DEMAND,
    EVALUATION,
    FUNCTION_STATUS,
    OPERATOR,
    PROJECT,
    SPACE,
)
from app.domain.fields import EntitySpec
from app.errors import Cancelled
from app.store import writer
from app.store.db import Ledger
from app.store.rows import fetch
from app.task import TaskState

_ORDER = (OPERATOR, COMMUNITY, SPACE, FUNCTION_STATUS, DEMAND, PROJECT, EVALUATION)
"""Write order inside a batch: every reference points to a row written before it."""

_COMMUNITY_FIELDS = frozenset(f.name for f in COMMUNITY.fields)

PROGRESS_TEXT = "生成演示数据"
"""What the demo reports its progress under."""


@dataclass
class DemoSummary:
    """How many records of each entity were added (skipped: already there from an earlier run)."""

    districts: int = 0
    streets: int = 0
    communities: int = 0
    spaces: int = 0
    function_statuses: int = 0
    demands: int = 0
    projects: int = 0
    operators: int = 0
    evaluations: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        """Records added, all entities together."""
        return sum(getattr(self, f.name) for f in fields(self) if f.name != "skipped")

    def __str__(self) -> str:
        parts = [f"{label} {getattr(self, name)}" for name, label in _SUMMARY_LABELS.items()
                 if getattr(self, name)]
        text = "、".join(parts) if parts else "没有新增记录"
        return text + (f"（已有 {self.skipped} 条，未重复添加）" if self.skipped else "")


_SUMMARY_LABELS = {
    "districts": "示范区县", "streets": "示范街道", "communities": "社区", "spaces": "空间资源",
    "function_statuses": "功能配置", "demands": "需求", "projects": "建设项目",
    "operators": "运营主体", "evaluations": "评估",
}


_SUMMARY_FIELD = {
    "district": "districts", "street": "streets", "community": "communities", "space": "spaces",
    "function_status": "function_statuses", "demand": "demands", "project": "projects",
    "operator": "operators", "evaluation": "evaluations",
}


class DemoCancelled(Cancelled):
    """Generation was cancelled; the batches written stay, running again completes the rest."""

    def __init__(self, summary: DemoSummary) -> None:
        self.summary = summary
        super().__init__(f"已取消生成演示数据：已写入 {summary.total} 条，再次生成会补齐其余部分。")


class Batches:
    """Buffers records and writes them in batches, one transaction each, skipping known ids."""

    def __init__(self, ledger: Ledger, size: int, total: int, summary: DemoSummary,
                 task: TaskState) -> None:
        self.ledger = ledger
        self.size = max(1, size)
        self.total = total
        self.summary = summary
        self.task = task
        self.done = 0
        self.pending = 0
        self.buffer: dict[str, list[dict[str, Any]]] = {spec.name: [] for spec in _ORDER}

    def add(self, spec: EntitySpec, record: dict[str, Any]) -> None:
        self.buffer[spec.name].append(record)
        self.pending += 1
        if self.pending >= self.size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.check()
        with self.ledger.write() as conn:
            for spec in _ORDER:
                records = self.buffer[spec.name]
                if not records:
                    continue
                have = _existing(conn, spec, [r["id"] for r in records])
                new = [r for r in records if r["id"] not in have]
                if spec is COMMUNITY:
                    _fill_official(conn, self.ledger, [r for r in records if r["id"] in have])
                writer.insert_records(conn, spec, new, [self.ledger.stamp() for _ in new])
                attribute = _SUMMARY_FIELD[spec.name]
                setattr(self.summary, attribute, getattr(self.summary, attribute) + len(new))
                self.summary.skipped += len(records) - len(new)
                records.clear()
        self.done += self.pending
        self.pending = 0
        self.task.progress(self.done, self.total, PROGRESS_TEXT)

    def check(self) -> None:
        """Stop, keeping what was written, when the task was cancelled."""
        if self.task.cancelled:
            raise DemoCancelled(self.summary)


def _fill_official(conn: Connection, ledger: Ledger, records: list[dict[str, Any]]) -> None:
    """Give official communities pre-filled at init the demo's figures where they have none."""
    for record in records:
        old = fetch(conn, COMMUNITY, record["id"])
        if old is None or old["deleted"]:
            continue
        empty = {name: value for name, value in record.items()
                 if name in _COMMUNITY_FIELDS and old.get(name) in (None, False)}
        writer.update_record(conn, COMMUNITY, record["id"], old, empty, ledger.stamp())


def _existing(conn: Connection, spec: EntitySpec, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ", ".join("?" * len(chunk))
        found.update(r[0] for r in conn.exec_driver_sql(
            f"SELECT id FROM {spec.name} WHERE id IN ({marks})", tuple(chunk)))
    return found

