"""Incoming field writes merged set-based: the register rule, liveness and the writes, in SQL.

A chunk of a bundle's checked writes (one row per record and field: value as stored, sealed if
personal; hlc, device, origin time) goes into a temporary table with one `executemany`; SQL then
decides every register against the records' `clocks` (app.domain.registers is the rule: the
greater (hlc, device) wins; a tie of clocks with different values, which no honest device makes,
is decided in Python by the value's text, as there), the writes that lost where two devices
disagreed, and liveness (a later edit revives a deleted record); records, history, conflicts and
the change log are each written with one statement, the search index in bulk afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from app.domain.fields import EntitySpec, FieldSpec, Kind
from app.domain.registers import DELETED, Write, wins
from app.store import personal, recording, search, sort_keys, writer
from app.store.clock import wall_time
from app.store.db import Stamp

GENERIC, BOOL, ENUMS = 0, 1, 2
"""How a stored value reads as JSON: by its SQLite type; 0/1 as false/true; JSON text as is."""

_TABLES = (
    # one row per incoming write, in record order; once decided, against the record's register:
    # new (none held), win, lose, tie (Python decides), same (nothing to do); `explicit`: the
    # bundle named the write's origin time
    "CREATE TEMP TABLE IF NOT EXISTS merge_in (n INTEGER, field TEXT, id TEXT, kind INTEGER, "
    "value, hlc TEXT, device TEXT, made_at TEXT, explicit INTEGER, pers INTEGER, "
    "state TEXT DEFAULT 'new', conflict INTEGER DEFAULT 0, old, lh TEXT, ld TEXT, "
    "PRIMARY KEY (n, field)) WITHOUT ROWID",
    # per record: as held (rowid, deleted, the clock of its `deleted` register), the `deleted`
    # register after the merge, and whether a later write of another field revives the record
    "CREATE TEMP TABLE IF NOT EXISTS merge_rec (n INTEGER PRIMARY KEY, id TEXT, rid INTEGER, "
    "was_deleted INTEGER, local_hlc TEXT, local_device TEXT, d_value INTEGER, d_hlc TEXT, "
    "d_device TEXT, d_made TEXT, revived INTEGER DEFAULT 0, single INTEGER, deleting INTEGER)",
    # the writes that lost where two devices disagreed, as history shows them (JSON)
    "CREATE TEMP TABLE IF NOT EXISTS merge_lost (n INTEGER, id TEXT, field TEXT, loser TEXT, "
    "winner TEXT, hlc TEXT, device TEXT, made_at TEXT)",
    # the writes to store, per record and clock: a history row and a change log row each
    "CREATE TEMP TABLE IF NOT EXISTS merge_group (n INTEGER, id TEXT, hlc TEXT, device TEXT, "
    "made_at TEXT, diff TEXT, fields TEXT)",
    "CREATE TEMP TABLE IF NOT EXISTS merge_streets (id TEXT PRIMARY KEY)",
)
_CHUNK_TABLES = ("merge_in", "merge_rec", "merge_lost", "merge_group")


def prepare(conn: Connection, streets: Iterable[str]) -> None:
    """The temporary tables of a merge, empty, and the streets the signer may write."""
    for statement in _TABLES:
        conn.exec_driver_sql(statement)
    for table in (*_CHUNK_TABLES, "merge_streets"):
        conn.exec_driver_sql(f"DELETE FROM temp.{table}")
    conn.exec_driver_sql("INSERT INTO temp.merge_streets (id) VALUES (?)",
                         [(s,) for s in streets])


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


Writes = dict[str, tuple[Any, str, str]]
"""A record's writes: field -> (value, hlc, device)."""


@dataclass
class Chunk:
    """The checked writes of some records of one entity, no record twice."""

    spec: EntitySpec
    pending: list[tuple[str, dict[str, Any], tuple[str, str], Writes | None,
                        dict[tuple[str, str], str]]] = field(default_factory=list)
    """Per record: id, values by field, the clock of them all (hlc, device) or else each
    field's write (field -> (value, hlc, device)), when each clock was made."""
    rows: list[tuple] = field(default_factory=list)
    plain: dict[tuple[int, str], Any] = field(default_factory=dict)
    """Personal values as sent, by (record number, field): for the index and comparisons."""
    records: list[tuple[int, str, bool, bool]] = field(default_factory=list)
    """(number, id, whether all its writes have one clock, whether one deletes it)."""
    fresh: list[int] = field(default_factory=list)
    """Records no row holds, with no delete among their writes: nothing to compare."""

    def add(self, record_id: str, values: dict[str, Any], clock: tuple[str, str],
            writes: Writes | None, made: dict[tuple[str, str], str]) -> None:
        """One record's writes: its values by field, written at `clock` (hlc, device) unless
        `writes` gives each field's (value, hlc, device); when each clock was made."""
        self.records.append((len(self.pending), record_id, writes is None,
                             values.get(DELETED) is True))
        self.pending.append((record_id, values, clock, writes, made))

    def writes(self, n: int) -> Writes:
        """A record's writes: field -> (value, hlc, device)."""
        _id, values, (hlc, device), writes, _made = self.pending[n]
        if writes is not None:
            return writes
        return {name: (value, hlc, device) for name, value in values.items()}

    def load(self, n: int, vault: personal.Vault) -> None:
        """A record's writes as rows of merge_in (personal values sealed)."""
        record_id, _values, _clock, _writes, made = self.pending[n]
        fields = columns(self.spec)
        rows = self.rows
        for name, (value, hlc, device) in self.writes(n).items():
            column = fields[name]
            origin = made.get((hlc, device))
            if column.personal and value is not None:
                self.plain[n, name] = value
                stored: Any = vault.seal(record_id, name, value)
            else:
                stored = value if value is None or type(value) is str else writer.to_db(value)
            rows.append((n, name, record_id, column.kind, stored, hlc, device,
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
    """SQL: when the write with this clock was made, as the bundle says, else its clock's time
    (the arguments name the outer query's columns, qualified: merge_in's have the same names)."""
    return (f"coalesce((SELECT j.made_at FROM temp.merge_in j WHERE j.n = {n} AND j.hlc = {hlc} "
            f"AND j.device = {device} AND j.explicit LIMIT 1), cfl_wall_time({hlc}))")


_WON = "state IN ('new', 'win')"
_FRESH = "rid IS NULL AND NOT deleting"


@dataclass
class Decided:
    """What a chunk's merge did: writes that lost where devices disagreed; records written."""

    conflicts: int
    written: list[str]
    outside: tuple[int, str] | None = None
    """The first record written (number in the chunk, id) that, as it now is, fails the
    caller's `inside` condition (write)."""


def decide(conn: Connection, chunk: Chunk) -> None:
    """Load the chunk and decide every register, its conflicts and each record's liveness."""
    spec, fields = chunk.spec, columns(chunk.spec)
    conn.exec_driver_sql(
        "INSERT INTO temp.merge_rec (n, id, single, deleting) VALUES (?, ?, ?, ?)",
        chunk.records)
    conn.exec_driver_sql(
        "UPDATE temp.merge_rec SET rid = r.rowid, was_deleted = r.deleted, "
        f"local_hlc = json_extract(r.clocks, '$.{DELETED}[0]'), "
        f"local_device = json_extract(r.clocks, '$.{DELETED}[1]') "
        f"FROM {spec.name} r WHERE r.id = merge_rec.id")
    # a record no row holds has no register to compare: unless a delete is among its writes
    # (liveness), all its writes win and it is written as it came (insert_fresh)
    chunk.fresh = [n for (n,) in conn.exec_driver_sql(
        f"SELECT n FROM temp.merge_rec WHERE {_FRESH} ORDER BY n")]
    fresh, vault = set(chunk.fresh), personal.vault_of(conn)
    for n in range(len(chunk.pending)):
        if n not in fresh:
            chunk.load(n, vault)
    if chunk.rows:
        conn.exec_driver_sql(
            "INSERT INTO temp.merge_in (n, field, id, kind, value, hlc, device, made_at, "
            "explicit, pers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", chunk.rows)
    # the writes to records held: against each register (json_extract of the record's clocks)
    old = "CASE i.field " + " ".join(
        f"WHEN '{c.name}' THEN r.{c.column}" for c in fields.values()) + " END"
    conn.exec_driver_sql(
        "UPDATE temp.merge_in SET old = x.old, lh = x.lh, ld = x.ld, state = x.state, "
        "conflict = x.conflict FROM (SELECT n, field, old, lh, ld, state, "
        "pers = 0 AND state IN ('win', 'lose') AND ld IS NOT device AND "
        f"{_differs('kind', 'value', 'old')} AS conflict FROM ("
        "SELECT *, CASE WHEN lh IS NULL THEN 'new' WHEN (hlc, device) > (lh, ld) THEN 'win' "
        "WHEN (hlc, device) < (lh, ld) THEN 'lose' "
        f"WHEN pers = 0 AND NOT {_differs('kind', 'value', 'old')} THEN 'same' ELSE 'tie' END "
        "AS state FROM ("
        f"SELECT i.n, i.field, i.kind, i.value, i.hlc, i.device, i.pers, {old} AS old, "
        "json_extract(r.clocks, '$.' || i.field || '[0]') AS lh, "
        "json_extract(r.clocks, '$.' || i.field || '[1]') AS ld "
        "FROM temp.merge_rec m JOIN temp.merge_in i ON i.n = m.n "
        f"JOIN {spec.name} r ON r.rowid = m.rid WHERE m.rid IS NOT NULL))) x "
        "WHERE merge_in.n = x.n AND merge_in.field = x.field")
    _resolve_in_python(conn, chunk)
    _settle(conn, spec)
    _keep_losers(conn)
    _revive(conn)


def _settle(conn: Connection, spec: EntitySpec) -> None:
    """Liveness: a record whose `deleted` register holds true after the merge, with a later
    write of another field (held or incoming), is live again: its register goes back to false
    under the delete's clock (unless this ledger holds that already), and the delete is kept as
    a write that lost."""
    conn.exec_driver_sql(
        "UPDATE temp.merge_rec SET d_value = x.dv, d_hlc = x.dh, d_device = x.dd, "
        "d_made = x.dm FROM (SELECT m.n, CASE WHEN i.n IS NOT NULL THEN i.value "
        "ELSE m.was_deleted END AS dv, coalesce(i.hlc, m.local_hlc) AS dh, "
        "coalesce(i.device, m.local_device) AS dd, i.made_at AS dm FROM temp.merge_rec m "
        f"LEFT JOIN temp.merge_in i ON i.n = m.n AND i.field = '{DELETED}' AND i.{_WON} "
        "WHERE i.value = 1 OR (i.n IS NULL AND m.local_hlc IS NOT NULL AND m.was_deleted = 1)"
        ") x WHERE merge_rec.n = x.n")
    conn.exec_driver_sql(
        "UPDATE temp.merge_rec SET revived = max("
        "coalesce((SELECT max(i.hlc || '|' || i.device) FROM temp.merge_in i "
        f"WHERE i.n = merge_rec.n AND i.field != '{DELETED}'), ''), "
        "coalesce((SELECT max(json_extract(c.value, '$[0]') || '|' || "
        f"json_extract(c.value, '$[1]')) FROM {spec.name} r, json_each(r.clocks) c "
        f"WHERE r.rowid = merge_rec.rid AND c.key != '{DELETED}'), '')"
        ") > d_hlc || '|' || d_device WHERE d_value = 1")
    made = _made("merge_rec.n", "merge_rec.d_hlc", "merge_rec.d_device")
    conn.exec_driver_sql(
        f"UPDATE temp.merge_rec SET d_made = coalesce(d_made, {made}) WHERE revived")


def _keep_losers(conn: Connection) -> None:
    """The writes that lost where two devices disagreed, and the deletes undone, as history
    will show them."""
    value, old = _json("kind", "value"), _json("kind", "old")
    conn.exec_driver_sql(
        "INSERT INTO temp.merge_lost (n, id, field, loser, winner, hlc, device, made_at) "
        f"SELECT n, id, field, CASE WHEN state = 'lose' THEN {value} ELSE {old} END, "
        f"CASE WHEN state = 'lose' THEN {old} ELSE {value} END, "
        "CASE WHEN state = 'lose' THEN hlc ELSE lh END, "
        "CASE WHEN state = 'lose' THEN device ELSE ld END, "
        f"CASE WHEN state = 'lose' THEN made_at ELSE {_made('o.n', 'o.lh', 'o.ld')} END "
        "FROM temp.merge_in o WHERE conflict "
        f"UNION ALL SELECT n, id, '{DELETED}', 'true', 'false', d_hlc, d_device, d_made "
        "FROM temp.merge_rec WHERE revived")


def _revive(conn: Connection) -> None:
    """A revived record's `deleted` register to write: false under the delete's clock, in place
    of the incoming `deleted` write if there is one (it is kept in merge_lost if it lost)."""
    same = "m.was_deleted = 0 AND m.local_hlc IS m.d_hlc AND m.local_device IS m.d_device"
    conn.exec_driver_sql(
        f"UPDATE temp.merge_in SET kind = {BOOL}, value = 0, hlc = m.d_hlc, device = m.d_device, "
        f"made_at = m.d_made, old = m.was_deleted, state = CASE WHEN {same} THEN 'same' "
        "ELSE 'win' END FROM temp.merge_rec m "
        f"WHERE m.revived AND merge_in.n = m.n AND merge_in.field = '{DELETED}'")
    conn.exec_driver_sql(
        "INSERT INTO temp.merge_in (n, field, id, kind, value, hlc, device, made_at, explicit, "
        f"pers, state, old) SELECT n, '{DELETED}', id, {BOOL}, 0, d_hlc, d_device, d_made, 0, 0, "
        "'win', was_deleted FROM temp.merge_rec m WHERE revived AND NOT EXISTS (SELECT 1 FROM "
        f"temp.merge_in i WHERE i.n = m.n AND i.field = '{DELETED}') AND NOT ({same})")


def _resolve_in_python(conn: Connection, chunk: Chunk) -> None:
    """Ties of clocks with different values (decided by the value's text, registers.wins), and
    whether personal values disagree (they rest sealed: compared opened)."""
    vault, fields = personal.vault_of(conn), columns(chunk.spec)
    found = conn.exec_driver_sql(
        "SELECT n, field, id, value, old, hlc, device, lh, ld, state FROM temp.merge_in "
        "WHERE state = 'tie' OR (pers AND state IN ('win', 'lose') AND ld IS NOT device)"
    ).fetchall()
    changes: list[tuple[str, int, int, str]] = []
    for n, name, record_id, value, old, hlc, device, lh, ld, state in found:
        column = fields[name]
        if column.personal:
            mine = chunk.plain.get((n, name))
            held = vault.open(record_id, name, old)
        else:
            mine, held = _as_json(column, value), _as_json(column, old)
        if state == "tie":
            state = "win" if wins(Write(mine, hlc, device), Write(held, lh, ld)) else "same"
            changes.append((state, 0, n, name))
        else:  # a personal value against another device's: a conflict if they differ
            changes.append((state, int(mine != held), n, name))
    if changes:
        conn.exec_driver_sql(
            "UPDATE temp.merge_in SET state = ?, conflict = ? WHERE n = ? AND field = ?",
            changes)


def _as_json(column: Column, stored: Any) -> Any:
    """A stored value as registers compare it (history's JSON form)."""
    if column.spec is None:
        return None if stored is None else bool(stored)
    return writer.to_json(writer.from_db(column.spec.kind, stored))


def write(conn: Connection, chunk: Chunk, at: str, inside: str = "1") -> Decided:
    """Store the decided writes: records, history, conflicts, change log, indexes; and find
    the first record written that fails `inside` (SQL on the record's row `r`) as it now is."""
    spec, fields = chunk.spec, columns(chunk.spec)
    name = spec.name
    searchable = [f.name for f in spec.searchable]
    before: list[tuple[int, tuple[Any, ...]]] = []
    if searchable:  # what the changed records were indexed with (the bigram index needs it)
        marks = ", ".join(f"'{n}'" for n in searchable)
        before = _values(conn.exec_driver_sql(
            f"SELECT r.rowid, {', '.join(spec.field(n).column for n in searchable)} "
            f"FROM {name} r WHERE r.rowid IN (SELECT rid FROM temp.merge_rec WHERE rid IS NOT "
            f"NULL AND n IN (SELECT n FROM temp.merge_in WHERE {_WON} AND field IN ({marks})))"))
    _index_personal(conn, chunk)
    insert_fresh(conn, chunk, at)
    stored = [c for c in fields.values() if c.name != DELETED]
    present = "json_type(excluded.clocks, '$.{}') IS NULL"
    conn.exec_driver_sql(
        f"INSERT INTO {name} (id, created_at, updated_at, deleted, clocks, "
        f"{', '.join(c.column for c in stored)}) "
        f"SELECT max(id), ?, ?, coalesce(max(CASE WHEN field = '{DELETED}' THEN value END), 0), "
        # clocks as JSON text put together (checked clocks and device numbers need no escaping)
        "'{' || group_concat('\"' || field || '\":[\"' || hlc || '\",\"' || device || '\"]', "
        "',') || '}', "
        + ", ".join(f"max(CASE WHEN field = '{c.name}' THEN value END)" for c in stored)
        + f" FROM temp.merge_in WHERE {_WON} GROUP BY n ORDER BY n "
        "ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, "
        "clocks = json_patch(coalesce(clocks, '{}'), excluded.clocks), "
        + ", ".join(f"{c.column} = CASE WHEN {present.format(c.name)} THEN {c.column} "
                    f"ELSE excluded.{c.column} END" for c in fields.values()),
        (at, at))
    value_json, old_json = _json("kind", "value"), _json("kind", "old")
    # one row per record and clock, for its history row and its change log row; the JSON put
    # together as text: every part is JSON already (field names need no escaping)
    # a record whose writes have one clock (most) is grouped by itself, in the table's order;
    # the others, and revived ones (the delete's clock), by record and clock
    for which, by in (("single AND NOT revived", "n"),
                      ("NOT single OR revived", "n, hlc, device")):
        conn.exec_driver_sql(
            "INSERT INTO temp.merge_group (n, id, hlc, device, made_at, diff, fields) "
            "SELECT n, max(id), max(hlc), max(device), max(made_at), '{' || group_concat('\"' "
            f"|| field || '\":[' || {old_json} || ',' || {value_json} || ']', ',') || '}}', "
            "'[' || group_concat('\"' || field || '\"', ',') || ']' "
            f"FROM temp.merge_in WHERE {_WON} AND n IN (SELECT n FROM temp.merge_rec "
            f"WHERE {which}) GROUP BY {by}")
    conn.exec_driver_sql(
        "INSERT INTO history (entity, record_id, action, changes, hlc, device, user, at, "
        f"made_at) SELECT '{name}', id, 'merge', diff, hlc, device, '', ?, made_at "
        "FROM temp.merge_group ORDER BY n, hlc, device", (at,))
    conflicts = conn.exec_driver_sql(
        "INSERT INTO history (entity, record_id, action, changes, hlc, device, user, at, "
        f"made_at) SELECT '{name}', id, 'conflict', json_object(field, "
        "json_array(json(loser), json(winner))), hlc, device, '', ?, made_at "
        "FROM temp.merge_lost ORDER BY n", (at,)).rowcount
    conn.exec_driver_sql(
        "INSERT INTO change_log (entity, record_id, fields, hlc, device, at, made_at) "
        f"SELECT '{name}', id, fields, hlc, device, ?, made_at FROM temp.merge_group "
        "ORDER BY n, hlc, device", (at,))
    written, outside = _written(conn, chunk, before, inside)
    return Decided(conflicts, written, outside)


def insert_fresh(conn: Connection, chunk: Chunk, at: str) -> None:
    """The fresh records (no row, no delete): all their writes win, no conflict, nothing
    revived; inserted with their history and change log rows, one executemany each."""
    if not chunk.fresh:
        return
    spec, vault = chunk.spec, personal.vault_of(conn)
    sealing = bool(personal.personal_of(spec))
    names = [f.name for f in spec.fields]
    rows: list[tuple] = []
    history: list[tuple] = []
    changes: list[tuple] = []
    put: list[tuple] = []
    entity, to_db, to_json = spec.name, writer.to_db, writer.to_json
    for n in chunk.fresh:
        record_id, values, (hlc, device), writes, made = chunk.pending[n]
        sealed = personal.seal_record(vault, spec, record_id, values) if sealing else values
        if sealing:
            put += personal.index_rows(vault, spec, record_id, values)[0]
        if writes is None:  # one clock for all its writes (most records): put together
            pair = f'["{hlc}", "{device}"]'  # checked clocks and devices need no escaping
            made_at = made.get((hlc, device)) or wall_time(hlc)
            rows.append((record_id, at, at, int(bool(values.get(DELETED))),
                         "{" + ", ".join([f'"{name}": {pair}' for name in values]) + "}",
                         *[v if (v := sealed.get(name)) is None or type(v) is str else to_db(v)
                           for name in names]))
            diff = {name: [None, v if v is None or type(v) is str else to_json(v)]
                    for name, v in sealed.items()}
            history.append((entity, record_id, "merge", json.dumps(diff, ensure_ascii=False),
                            hlc, device, "", at, made_at))
            changes.append((entity, record_id,
                            "[" + ", ".join([f'"{name}"' for name in values]) + "]",
                            hlc, device, at, made_at))
            continue
        clocks: dict[str, list[str]] = {}
        by_clock: dict[tuple[str, str], dict[str, list[Any]]] = {}
        for name, (_value, hlc, device) in writes.items():
            clocks[name] = [hlc, device]
            by_clock.setdefault((hlc, device), {})[name] = [None, writer.to_json(sealed[name])]
        rows.append((record_id, at, at, int(bool(values.get(DELETED))), json.dumps(clocks),
                     *[v if (v := sealed.get(name)) is None or type(v) is str
                       else writer.to_db(v) for name in names]))
        for (hlc, device), diff in sorted(by_clock.items()):
            stamp = Stamp(hlc, device, "", at, made.get((hlc, device)) or wall_time(hlc))
            history.append(writer.history_row(spec, record_id, "merge", diff, stamp))
            changes.append(writer.change_row(spec, record_id, list(diff), stamp))
    columns = ["id", "created_at", "updated_at", DELETED, "clocks", *(f.column for f in
                                                                      spec.fields)]
    conn.exec_driver_sql(f"INSERT INTO {spec.name} ({', '.join(columns)}) VALUES "
                         f"({', '.join('?' * len(columns))})", rows)
    writer.log(conn, history, changes)
    personal.write_index(conn, put, ())


def _values(rows: Iterable[Sequence[Any]]) -> list[tuple[int, tuple[Any, ...]]]:
    """(rowid, searchable values) of rows of (rowid, the searchable columns, in their order)."""
    return [(int(row[0]), tuple(row[1:])) for row in rows]


def _written(conn: Connection, chunk: Chunk, before: list[tuple[int, tuple[Any, ...]]],
             inside: str) -> tuple[list[str], tuple[int, str] | None]:
    """The records this chunk wrote, as they now are: the one place where a merged record's
    values are final (what is derived from them, such as the search index, is made here); and
    the first of them that fails `inside`."""
    spec = chunk.spec
    searchable = spec.searchable
    rows = conn.exec_driver_sql(
        f"SELECT r.rowid, r.id, m.rid IS NULL, m.n, coalesce({inside}, 0)"
        f"{''.join(', r.' + f.column for f in searchable)} "
        f"FROM temp.merge_rec m JOIN {spec.name} r ON r.id = m.id "
        f"WHERE m.n IN (SELECT n FROM temp.merge_in WHERE {_WON}) OR m.{_FRESH} "
        "ORDER BY m.n").fetchall()
    outside = next(((int(row[3]), str(row[1])) for row in rows if not row[4]), None)
    if searchable:  # new records, and those whose searchable text changed
        renewed = {rowid for rowid, _values in before}
        after = _values((row[0], *row[5:]) for row in rows if row[2] or row[0] in renewed)
        held = dict(before)
        same = {rowid for rowid, values in after if held.get(rowid) == values}
        if same:  # a write of the text it already had: its index entries stand
            after = [entry for entry in after if entry[0] not in same]
            before = [entry for entry in before if entry[0] not in same]
        search.reindex_values(conn, spec, after, before)
    ids = [str(row[1]) for row in rows]
    if spec.pinyin_sorted:  # names' pinyin keys, derived here from the names now held
        sort_keys.rekey(conn, spec, ids)
    recording.wrote(conn, spec.name, ids)
    return ids, outside


def _index_personal(conn: Connection, chunk: Chunk) -> None:
    """The personal index entries of the personal values that won."""
    if not personal.personal_of(chunk.spec):
        return
    vault = personal.vault_of(conn)
    put: list[tuple] = []
    drop: list[tuple] = []
    values: dict[tuple[int, str], dict[str, Any]] = {}
    for n, record_id, name in conn.exec_driver_sql(
            f"SELECT n, id, field FROM temp.merge_in WHERE pers AND {_WON}"):
        values.setdefault((n, record_id), {})[name] = chunk.plain.get((n, name))
    for (_n, record_id), winners in values.items():
        more, less = personal.index_rows(vault, chunk.spec, record_id, winners)
        put += more
        drop += less
    personal.write_index(conn, put, drop)


def clear(conn: Connection) -> None:
    """Empty the temporary tables for the next chunk."""
    for table in _CHUNK_TABLES:
        conn.exec_driver_sql(f"DELETE FROM temp.{table}")
