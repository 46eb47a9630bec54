"""Reading records as the field specs declare them: one row reader for every layer above."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, text

from app.domain.entities import ENTITIES, entity
from app.domain.fields import EntitySpec
from app.errors import UsageError
from app.store import personal, writer


def spec_of(name: str) -> EntitySpec:
    """The entity a user named (plural, singular or Chinese); UsageError if none."""
    spec = entity(name)
    if spec is None:
        known = "、".join(f"{s.plural}（{s.label}）" for s in ENTITIES.values())
        raise UsageError(f"没有“{name}”这种记录。可用的有：{known}")
    return spec


def columns(spec: EntitySpec) -> list[str]:
    """The columns a record is read from, in row_to_record's order."""
    return [*writer.BASE_COLUMNS, *(f.column for f in spec.fields)]


def row_to_record(spec: EntitySpec, row: Sequence[Any], clocks: bool = True,
                  vault: personal.Vault | None = None) -> dict[str, Any]:
    """A row of columns(spec) as a record (field name -> value; clocks left empty if not asked).

    Personal values are opened with the vault (the connection's: `personal.vault_of(conn)`).
    """
    record: dict[str, Any] = {
        "id": row[0],
        "created_at": row[1],
        "updated_at": row[2],
        "deleted": bool(row[3]),
        "clocks": json.loads(row[4]) if row[4] and clocks else {},
    }
    for n, f in enumerate(spec.fields, start=len(writer.BASE_COLUMNS)):
        record[f.name] = writer.from_db(f.kind, row[n])
    for f in personal.personal_of(spec):
        record[f.name] = (vault or personal.NO_VAULT).open(row[0], f.name, record[f.name])
    return record


def fetch(conn: Connection, spec: EntitySpec, record_id: str) -> dict[str, Any] | None:
    """A record by id, deleted or not (field name -> value, references as ids)."""
    row = conn.execute(
        text(f"SELECT {', '.join(columns(spec))} FROM {spec.name} WHERE id = :id"),
        {"id": record_id},
    ).first()
    return row_to_record(spec, row, vault=personal.vault_of(conn)) if row else None


def fetch_many(conn: Connection, spec: EntitySpec, record_ids: Iterable[str]) -> dict[str, dict]:
    """The records of these ids that exist, deleted or not, by id (read in batches)."""
    wanted = list(dict.fromkeys(record_ids))
    found: dict[str, dict] = {}
    vault = personal.vault_of(conn)
    for start in range(0, len(wanted), 500):
        batch = wanted[start:start + 500]
        marks = ", ".join(f":i{n}" for n in range(len(batch)))
        sql = f"SELECT {', '.join(columns(spec))} FROM {spec.name} WHERE id IN ({marks})"
        for row in conn.execute(text(sql), {f"i{n}": v for n, v in enumerate(batch)}):
            found[row[0]] = row_to_record(spec, row, vault=vault)
    return found
