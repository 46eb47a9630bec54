"""What an import would change in the records it updates: field by field, old → new, as shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.domain.fields import EntitySpec
from app.services import records


@dataclass(frozen=True)
class FieldDiff:
    """One field of a record an import updates: its label, the value now and the file's."""

    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}：{self.old or '（空）'} → {self.new or '（空）'}"


@dataclass(frozen=True)
class RecordDiff:
    """One record an import updates (or brings back from deleted), with its changes."""

    sheet: str
    row: int
    """The row of the file, as the spreadsheet numbers it."""
    entity: str
    """The ledger it is in (社区, 需求清单 …), as people name it."""
    title: str
    """The record named for people (its name, or its demand …)."""
    restored: bool
    """It is deleted in the ledger: the import brings it back."""
    fields: tuple[FieldDiff, ...]

    def heading(self) -> str:
        """社区 东七路社区（工作表“社区”第 3 行）."""
        where = f"（工作表“{self.sheet}”第 {self.row} 行）"
        restored = "（已删除，将恢复）" if self.restored else ""
        return f"{self.entity} {self.title}{restored}{where}"


@dataclass(frozen=True)
class Updated:
    """A row of a file that updates (or restores) a record: where, the record now, the change."""

    row: int
    old: dict[str, Any]
    changes: dict[str, Any]
    restored: bool


def record_diffs(conn: Connection, spec: EntitySpec, sheet: str,
                 rows: Sequence[Updated]) -> list[RecordDiff]:
    """The records one sheet updates, with their fields old → new.

    Values are shown as the forms show them (one declaration per field: labels, enums by
    label, units, references by name); the references are read at once, on the caller's
    connection.
    """
    mentioned: list[dict[str, Any]] = []
    for row in rows:
        mentioned.append(row.old)
        mentioned.append(row.changes)
    refs = records.references_in(conn, spec, mentioned)
    return [
        RecordDiff(sheet, row.row, spec.label, _title(spec, row.old, row.changes), row.restored,
                   tuple(FieldDiff(field.label, records.shown(field, row.old.get(field.name), refs),
                                   records.shown(field, row.changes[field.name], refs))
                         for field in spec.fields if field.name in row.changes))
        for row in rows
    ]


def _title(spec: EntitySpec, old: dict[str, Any], changes: dict[str, Any]) -> str:
    field = spec.field(spec.title_field)
    value = old.get(field.name) if old.get(field.name) is not None else changes.get(field.name)
    return " ".join(field.display(value).split()) or spec.label
