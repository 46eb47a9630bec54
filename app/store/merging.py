"""Incoming field writes merged set-based: the register rule, liveness and the writes, in SQL.

A chunk of a bundle's checked writes (one row per record and field: value as stored, sealed if
personal; hlc, device, origin time) goes into a temporary table with one `executemany`; SQL then
decides every register against the records' `clocks` (app.sync.registers is the rule: the
greater (hlc, device) wins; a tie of clocks with different values, which no honest device makes,
is decided in Python by the value's text, as there), the writes that lost where two devices
disagreed, and liveness (a later edit revives a deleted record); records, history, conflicts and
the change log are each written with one statement, the search index in bulk afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from app.domain.fields import EntitySpec, FieldSpec, Kind
from app.store import personal, recording, search, writer
from app.store.clock import wall_time
from app.sync.registers import DELETED, Write, wins

GENERIC, BOOL, ENUMS = 0, 1, 2
"""How a stored value reads as JSON: by its SQLite type; 0/1 as false/true; JSON text as is."""

_TABLES = (
    # one row per incoming write; `explicit`: the bundle named the write's origin time
    "CREATE TEMP TABLE IF NOT EXISTS merge_in (n INTEGER, id TEXT, field TEXT, kind INTEGER, "
    "value, hlc TEXT, device TEXT, made_at TEXT, explicit INTEGER, pers INTEGER)",
    # each write against the record's register: new (none held), win, lose, tie, same
    "CREATE TEMP TABLE IF NOT EXISTS merge_dec (w INTEGER PRIMARY KEY, n INTEGER, id TEXT, "
    "field TEXT, kind INTEGER, value, hlc TEXT, device TEXT, made_at TEXT, pers INTEGER, "
    "rid INTEGER, was_deleted INTEGER, old, lh TEXT, ld TEXT, state TEXT, conflict INTEGER)",
    # per record: the `deleted` register after the merge and whether a later edit revives it
    "CREATE TEMP TABLE IF NOT EXISTS merge_rec (n INTEGER PRIMARY KEY, id TEXT, rid INTEGER, "
    "was_deleted INTEGER, d_value INTEGER, d_hlc TEXT, d_device TEXT, d_made TEXT, "
    "local_hlc TEXT, local_device TEXT, revived INTEGER)",
    # the writes to store: the winners, liveness applied
    "CREATE TEMP TABLE IF NOT EXISTS merge_out (n INTEGER, id TEXT, field TEXT, kind INTEGER, "
    "value, hlc TEXT, device TEXT, made_at TEXT, pers INTEGER, old)",
    "CREATE INDEX IF NOT EXISTS temp.merge_in_clock ON merge_in (n, hlc, device)",
    "CREATE INDEX IF NOT EXISTS temp.merge_dec_n ON merge_dec (n, field)",
    "CREATE INDEX IF NOT EXISTS temp.merge_out_n ON merge_out (n)",
    "CREATE TEMP TABLE IF NOT EXISTS merge_streets (id TEXT PRIMARY KEY)",
)


def prepare(conn: Connection, streets: Iterable[str]) -> None:
    """The temporary tables of a merge, empty, and the streets the signer may write."""
    for statement in _TABLES:
        conn.exec_driver_sql(statement)
    for table in ("merge_in", "merge_dec", "merge_rec", "merge_out", "merge_streets"):
        conn.exec_driver_sql(f"DELETE FROM temp.{table}")
    conn.exec_driver_sql("INSERT INTO temp.merge_streets (id) VALUES (?)",
                         [(s,) for s in streets])
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.create_function("cfl_wall_time", 1, wall_time, deterministic=True)


@dataclass(frozen=True)
class Column:
    """How one field of an entity goes into the temporary table."""

    name: str
    column: str
    kind: int
    personal: bool
    spec: FieldSpec | None


def columns(spec: EntitySpec) -> dict[str, Column]:
    """The fields of an entity (and `deleted`) by name."""
    found = _COLUMNS.get(spec.name)
    if found is None:
        found = {f.name: Column(f.name, f.column, BOOL if f.kind is Kind.BOOL else
                                ENUMS if f.kind is Kind.ENUMS else GENERIC, f.personal, f)
                 for f in spec.fields}
        found[DELETED] = Column(DELETED, "deleted", BOOL, False, None)
        _COLUMNS[spec.name] = found
    return found


_COLUMNS: dict[str, dict[str, Column]] = {}


@dataclass
class Chunk:
    """The checked writes of some records of one entity, no record twice."""

    spec: EntitySpec
    rows: list[tuple] = field(default_factory=list)
    plain: dict[tuple[int, str], Any] = field(default_factory=dict)
    """Personal values as sent, by (record number, field): for the index and comparisons."""
    ids: list[str] = field(default_factory=list)

    def add(self, record_id: str, writes: dict[str, tuple[Any, str, str]],
            made: dict[tuple[str, str], str], vault: personal.Vault) -> None:
        """One record's writes: field -> (value, hlc, device); when each clock was made."""
        n = len(self.ids)
        self.ids.append(record_id)
        fields = columns(self.spec)
        rows = self.rows
        for name, (value, hlc, device) in writes.items():
            column = fields[name]
            origin = made.get((hlc, device))
            if column.personal and value is not None:
                self.plain[n, name] = value
                stored: Any = vault.seal(record_id, name, value)
            else:
                stored = writer.to_db(value)
            rows.append((n, record_id, name, column.kind, stored, hlc, device,
                         origin or wall_time(hlc), origin is not None, column.personal))


def _json(kind: str, value: str) -> str:
    """SQL of a stored value as history writes it (JSON text), by its kind."""
    return (f"CASE WHEN {value} IS NULL THEN 'null' "
            f"WHEN {kind} = {BOOL} THEN CASE WHEN {value} THEN 'true' ELSE 'false' END "
            f"WHEN {kind} = {ENUMS} THEN {value} "
            f"WHEN typeof({value}) = 'integer' THEN CAST({value} AS TEXT) "
            f"WHEN typeof({value}) = 'real' THEN CASE WHEN CAST(printf('%!.15g', {value}) AS REAL)"
            f" = {value} THEN printf('%!.15g', {value}) ELSE printf('%!.17g', {value}) END "
            f"ELSE json_quote({value}) END")


def _differs(kind: str, a: str, b: str) -> str:
    """SQL: whether two stored values differ as values (lists as lists)."""
    return f"(CASE WHEN {kind} = {ENUMS} THEN json({a}) IS NOT json({b}) ELSE {a} IS NOT {b} END)"


def _made(n: str, hlc: str, device: str) -> str:
    """SQL: when the write with this clock was made, as the bundle says, else its clock's time."""
    return (f"coalesce((SELECT j.made_at FROM temp.merge_in j WHERE j.n = {n} AND j.hlc = {hlc} "
            f"AND j.device = {device} AND j.explicit LIMIT 1), cfl_wall_time({hlc}))")


@dataclass
class Decided:
    """What a chunk's merge did: writes that lost where devices disagreed; records written."""

    conflicts: int
    written: list[str]


def decide(conn: Connection, chunk: Chunk) -> None:
    """Load the chunk and decide every register, its conflicts and each record's liveness."""
    spec, fields = chunk.spec, columns(chunk.spec)
    conn.exec_driver_sql(
        "INSERT INTO temp.merge_in (n, id, field, kind, value, hlc, device, made_at, explicit, "
        "pers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", chunk.rows)
    old = "CASE i.field " + " ".join(
        f"WHEN '{c.name}' THEN r.{c.column}" for c in fields.values()) + " END"
    conn.exec_driver_sql(
        "INSERT INTO temp.merge_dec (w, n, id, field, kind, value, hlc, device, made_at, pers, "
        "rid, was_deleted, old, lh, ld, state, conflict) "
        "SELECT w, n, id, field, kind, value, hlc, device, made_at, pers, rid, was_deleted, old, "
        "lh, ld, state, pers = 0 AND state IN ('win', 'lose') AND ld IS NOT device AND "
        f"{_differs('kind', 'value', 'old')} FROM ("
        "SELECT *, CASE WHEN lh IS NULL THEN 'new' WHEN (hlc, device) > (lh, ld) THEN 'win' "
        "WHEN (hlc, device) < (lh, ld) THEN 'lose' "
        f"WHEN pers = 0 AND NOT {_differs('kind', 'value', 'old')} THEN 'same' ELSE 'tie' END "
        "AS state FROM ("
        "SELECT i.rowid AS w, i.n, i.id, i.field, i.kind, i.value, i.hlc, i.device, i.made_at, "
        f"i.pers, r.rowid AS rid, r.deleted AS was_deleted, {old} AS old, "
        "json_extract(r.clocks, '$.' || i.field || '[0]') AS lh, "
        "json_extract(r.clocks, '$.' || i.field || '[1]') AS ld "
        f"FROM temp.merge_in i LEFT JOIN {spec.name} r ON r.id = i.id))")
    _resolve_in_python(conn, chunk)
    # the `deleted` register after the merge (the incoming one if it won, else the one held),
    # and whether a later write of another field revives the record
    latest_held = ("(SELECT max(json_extract(c.value, '$[0]') || '|' || json_extract(c.value, "
                   f"'$[1]')) FROM json_each(clocks) c WHERE c.key != '{DELETED}')")
    conn.exec_driver_sql(
        "INSERT INTO temp.merge_rec (n, id, rid, was_deleted, d_value, d_hlc, d_device, d_made, "
        "local_hlc, local_device, revived) "
        "SELECT n, id, rid, was_deleted, d_value, d_hlc, d_device, d_made, local_hlc, "
        "local_device, CASE WHEN d_value = 1 THEN max(latest, coalesce("
        f"{latest_held}, '')) > d_hlc || '|' || d_device ELSE 0 END FROM ("
        "SELECT *, CASE WHEN dw IS NOT NULL THEN dv WHEN local_hlc IS NOT NULL "
        "THEN was_deleted END AS d_value, "
        "CASE WHEN dw IS NOT NULL THEN dh ELSE local_hlc END AS d_hlc, "
        "CASE WHEN dw IS NOT NULL THEN dd ELSE local_device END AS d_device FROM ("
        "SELECT g.n, g.id, g.rid, g.was_deleted, g.latest, d.w AS dw, d.value AS dv, "
        "d.hlc AS dh, d.device AS dd, d.made_at AS d_made, r.clocks AS clocks, "
        f"json_extract(r.clocks, '$.{DELETED}[0]') AS local_hlc, "
        f"json_extract(r.clocks, '$.{DELETED}[1]') AS local_device FROM ("
        "SELECT n, max(id) AS id, max(rid) AS rid, max(was_deleted) AS was_deleted, "
        f"coalesce(max(CASE WHEN field != '{DELETED}' THEN hlc || '|' || device END), '') "
        "AS latest FROM temp.merge_dec GROUP BY n) g "
        f"LEFT JOIN temp.merge_dec d ON d.n = g.n AND d.field = '{DELETED}' "
        "AND d.state IN ('new', 'win') "
        f"LEFT JOIN {spec.name} r ON r.rowid = g.rid))")
    # the writes to store: the winners, a revived record's `deleted` register set back to
    # false under the delete's clock (unless this ledger holds that already)
    conn.exec_driver_sql(
        "INSERT INTO temp.merge_out (n, id, field, kind, value, hlc, device, made_at, pers, old) "
        "SELECT d.n, d.id, d.field, d.kind, d.value, d.hlc, d.device, d.made_at, d.pers, d.old "
        "FROM temp.merge_dec d WHERE d.state IN ('new', 'win') AND NOT ("
        f"d.field = '{DELETED}' AND d.n IN (SELECT n FROM temp.merge_rec WHERE revived)) "
        f"UNION ALL SELECT n, id, '{DELETED}', {BOOL}, 0, d_hlc, d_device, "
        f"coalesce(d_made, {_made('n', 'd_hlc', 'd_device')}), 0, was_deleted "
        "FROM temp.merge_rec WHERE revived AND NOT (was_deleted = 0 "
        "AND local_hlc IS d_hlc AND local_device IS d_device)")


def _resolve_in_python(conn: Connection, chunk: Chunk) -> None:
    """Ties of clocks with different values (decided by the value's text, registers.wins), and
    whether personal values disagree (they rest sealed: compared opened)."""
    vault, fields = personal.vault_of(conn), columns(chunk.spec)
    found = conn.exec_driver_sql(
        "SELECT w, n, id, field, value, old, hlc, device, lh, ld, state FROM temp.merge_dec "
        "WHERE state = 'tie' OR (pers AND state IN ('win', 'lose') AND ld IS NOT device)"
    ).fetchall()
    changes: list[tuple[str, int, int]] = []
    for w, n, record_id, name, value, old, hlc, device, lh, ld, state in found:
        column = fields[name]
        if column.personal:
            mine = chunk.plain.get((n, name))
            held = vault.open(record_id, name, old)
        else:
            mine, held = _as_json(column, value), _as_json(column, old)
        if state == "tie":
            state = "win" if wins(Write(mine, hlc, device), Write(held, lh, ld)) else "same"
            changes.append((state, 0, w))
        else:  # a personal value against another device's: a conflict if they differ
            changes.append((state, int(mine != held), w))
    if changes:
        conn.exec_driver_sql(
            "UPDATE temp.merge_dec SET state = ?, conflict = ? WHERE w = ?", changes)


def _as_json(column: Column, stored: Any) -> Any:
    """A stored value as registers compare it (history's JSON form)."""
    if column.spec is None:
        return None if stored is None else bool(stored)
    return writer.to_json(writer.from_db(column.spec.kind, stored))


def write(conn: Connection, chunk: Chunk, at: str) -> Decided:
    """Store the decided writes: records, history, conflicts, change log, indexes."""
    spec, fields = chunk.spec, columns(chunk.spec)
    name = spec.name
    searchable = [f.name for f in spec.searchable]
    before: list[tuple[int, str]] = []
    if searchable:  # what the changed records were indexed with (the bigram index needs it)
        marks = ", ".join(f"'{n}'" for n in searchable)
        before = _texts(spec, conn.exec_driver_sql(
            f"SELECT r.rowid, {', '.join(spec.field(n).column for n in searchable)} "
            f"FROM {name} r WHERE r.rowid IN (SELECT rid FROM temp.merge_rec WHERE rid IS NOT "
            f"NULL AND n IN (SELECT n FROM temp.merge_out WHERE field IN ({marks})))"))
    _index_personal(conn, chunk)
    stored = [c for c in fields.values() if c.name != DELETED]
    present = "json_type(excluded.clocks, '$.{}') IS NULL"
    conn.exec_driver_sql(
        f"INSERT INTO {name} (id, created_at, updated_at, deleted, clocks, "
        f"{', '.join(c.column for c in stored)}) "
        "SELECT max(id), ?, ?, coalesce(max(CASE WHEN field = 'deleted' THEN value END), 0), "
        "json_group_object(field, json_array(hlc, device)), "
        + ", ".join(f"max(CASE WHEN field = '{c.name}' THEN value END)" for c in stored)
        + " FROM temp.merge_out WHERE true GROUP BY n ORDER BY n "
        "ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, "
        "clocks = json_patch(coalesce(clocks, '{}'), excluded.clocks), "
        + ", ".join(f"{c.column} = CASE WHEN {present.format(c.name)} THEN {c.column} "
                    f"ELSE excluded.{c.column} END" for c in fields.values()),
        (at, at))
    value_json, old_json = _json("kind", "value"), _json("kind", "old")
    conn.exec_driver_sql(
        "INSERT INTO history (entity, record_id, action, changes, hlc, device, user, at, "
        f"made_at) SELECT '{name}', max(id), 'merge', json_group_object(field, "
        f"json_array(json({old_json}), json({value_json}))), hlc, device, '', ?, max(made_at) "
        "FROM temp.merge_out GROUP BY n, hlc, device ORDER BY n, hlc, device", (at,))
    conflicts = conn.exec_driver_sql(
        "INSERT INTO history (entity, record_id, action, changes, hlc, device, user, at, "
        f"made_at) SELECT '{name}', id, 'conflict', json_object(field, "
        "json_array(json(loser), json(winner))), hlc, device, '', ?, made_at FROM ("
        f"SELECT n, id, field, CASE WHEN state = 'lose' THEN {value_json} ELSE {old_json} END "
        f"AS loser, CASE WHEN state = 'lose' THEN {old_json} ELSE {value_json} END AS winner, "
        "CASE WHEN state = 'lose' THEN hlc ELSE lh END AS hlc, "
        "CASE WHEN state = 'lose' THEN device ELSE ld END AS device, "
        f"CASE WHEN state = 'lose' THEN made_at ELSE {_made('n', 'lh', 'ld')} END AS made_at "
        "FROM temp.merge_dec WHERE conflict "
        f"UNION ALL SELECT n, id, '{DELETED}', 'true', 'false', d_hlc, d_device, "
        f"coalesce(d_made, {_made('n', 'd_hlc', 'd_device')}) FROM temp.merge_rec WHERE revived"
        ") ORDER BY n", (at,)).rowcount
    conn.exec_driver_sql(
        "INSERT INTO change_log (entity, record_id, fields, hlc, device, at, made_at) "
        f"SELECT '{name}', max(id), json_group_array(field), hlc, device, ?, max(made_at) "
        "FROM temp.merge_out GROUP BY n, hlc, device ORDER BY n, hlc, device", (at,))
    written = _written(conn, chunk, before)
    return Decided(conflicts, written)


def _texts(spec: EntitySpec, rows: Iterable[Sequence[Any]]) -> list[tuple[int, str]]:
    names = [f.name for f in spec.searchable]
    return [(int(row[0]), search.record_text(spec, dict(zip(names, row[1:], strict=True))))
            for row in rows]


def _written(conn: Connection, chunk: Chunk, before: list[tuple[int, str]]) -> list[str]:
    """The records this chunk wrote, as they now are: the one place where a merged record's
    values are final (what is derived from them, such as the search index, is made here)."""
    spec = chunk.spec
    searchable = spec.searchable
    rows = conn.exec_driver_sql(
        f"SELECT r.rowid, r.id, m.rid IS NULL{''.join(', r.' + f.column for f in searchable)} "
        f"FROM temp.merge_rec m JOIN {spec.name} r ON r.id = m.id "
        "WHERE m.n IN (SELECT n FROM temp.merge_out) ORDER BY m.n").fetchall()
    if searchable:  # new records, and those whose searchable text changed
        renewed = {rowid for rowid, _text in before}
        after = _texts(spec, ((row[0], *row[3:]) for row in rows
                              if row[2] or row[0] in renewed))
        search.reindex(conn, spec, after, before)
    ids = [str(row[1]) for row in rows]
    recording.wrote(conn, spec.name, ids)
    return ids


def _index_personal(conn: Connection, chunk: Chunk) -> None:
    """The personal index entries of the personal values that won."""
    if not personal.personal_of(chunk.spec):
        return
    vault = personal.vault_of(conn)
    put: list[tuple] = []
    drop: list[tuple] = []
    values: dict[tuple[int, str], dict[str, Any]] = {}
    for n, record_id, name in conn.exec_driver_sql(
            "SELECT n, id, field FROM temp.merge_out WHERE pers"):
        values.setdefault((n, record_id), {})[name] = chunk.plain.get((n, name))
    for (_n, record_id), winners in values.items():
        more, less = personal.index_rows(vault, chunk.spec, record_id, winners)
        put += more
        drop += less
    personal.write_index(conn, put, drop)


def clear(conn: Connection) -> None:
    """Empty the temporary tables for the next chunk."""
    for table in ("merge_in", "merge_dec", "merge_rec", "merge_out"):
        conn.exec_driver_sql(f"DELETE FROM temp.{table}")
