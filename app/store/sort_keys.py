"""Pinyin sort keys written with the records: one indexed `<field>_sort` column per name field.

Every path that writes a name fills its key in the same transaction: the writer's insert and
update put it in the row they write (`columns` and `keys`), and a bulk write that cannot (the
merge, a migration) calls `rekey` on the records it wrote. Keys never travel in bundles: each
receiver derives them from the names (a better pinyin table later changes no bundle format, and
a forged bundle cannot make a list mis-sort). Personal fields have no key (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection

from app.domain.entities import ENTITIES
from app.domain.fields import EntitySpec, FieldSpec
from app.domain.pinyin import sort_key

BATCH = 500

SORTED_LISTS = frozenset({"demand", "space"})
"""Entities whose lists sort by any column through that column's own index (migration 0006): at
city scale 500,000 demands and 50,000 spaces, which a sort without one reads whole to find the
first page (a quarter to half a second)."""


def has_sort_index(entity: str, field: FieldSpec) -> bool:
    """Whether a field's column has an index so that a list sorted by it walks it (every column
    of SORTED_LISTS but a sealed personal one, whose order would be the ciphertext's)."""
    return entity in SORTED_LISTS and not field.personal


def column(field: FieldSpec) -> str:
    """The column that holds a field's sort key."""
    return f"{field.column}_sort"


def columns(spec: EntitySpec) -> list[str]:
    """The sort-key columns of an entity, in field order (none for most)."""
    return [column(f) for f in spec.pinyin_sorted]


def keys(spec: EntitySpec, record: Mapping[str, Any]) -> list[str | None]:
    """The sort keys of a record's name fields, in the order of columns(spec)."""
    return [_key(record.get(f.name)) for f in spec.pinyin_sorted]


def changed_keys(spec: EntitySpec, values: Mapping[str, Any]) -> dict[str, str | None]:
    """Column -> key for the name fields among `values` (field name -> new value)."""
    return {column(f): _key(values[f.name]) for f in spec.pinyin_sorted if f.name in values}


def renames(spec: EntitySpec, fields: Iterable[str]) -> bool:
    """Whether any of these field names has a sort key (then its record needs rekeying)."""
    sorted_names = {f.name for f in spec.pinyin_sorted}
    return bool(sorted_names) and any(name in sorted_names for name in fields)


def rekey(conn: Connection, spec: EntitySpec, record_ids: Iterable[str]) -> int:
    """Write the sort keys of these records from the names they hold now; returns how many.

    The one call for a bulk write (the merge) after it has written the rows.
    """
    fields = spec.pinyin_sorted
    if not fields:
        return 0
    wanted = list(dict.fromkeys(record_ids))
    names = ", ".join(f.column for f in fields)
    sets = ", ".join(f"{column(f)} = ?" for f in fields)
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start:start + BATCH]
        rows = conn.exec_driver_sql(
            f"SELECT id, {names} FROM {spec.name} WHERE id IN ({', '.join('?' * len(batch))})",
            tuple(batch)).all()
        conn.exec_driver_sql(f"UPDATE {spec.name} SET {sets} WHERE id = ?",
                             [(*(_key(v) for v in values), record_id)
                              for record_id, *values in rows])
    return len(wanted)


def rekey_all(conn: Connection, batch: int = 2000) -> int:
    """Write every record's sort keys, in batches by rowid (a migration, a new pinyin table)."""
    done = 0
    for spec in ENTITIES.values():
        fields = spec.pinyin_sorted
        if not fields:
            continue
        names = ", ".join(f.column for f in fields)
        sets = ", ".join(f"{column(f)} = ?" for f in fields)
        after = 0
        while True:
            rows = conn.exec_driver_sql(
                f"SELECT rowid, {names} FROM {spec.name} WHERE rowid > ? ORDER BY rowid "
                f"LIMIT ?", (after, batch)).all()
            if not rows:
                break
            conn.exec_driver_sql(f"UPDATE {spec.name} SET {sets} WHERE rowid = ?",
                                 [(*(_key(v) for v in values), rowid)
                                  for rowid, *values in rows])
            after = int(rows[-1][0])
            done += len(rows)
    return done


def _key(value: Any) -> str | None:
    return None if value is None or value == "" else sort_key(str(value))
