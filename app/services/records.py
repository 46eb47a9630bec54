"""Create, update, delete, restore, get and list any entity; invalid input writes nothing."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from app.domain import rules
from app.domain.entities import ENTITIES
from app.domain.enums import Level
from app.domain.fields import EntitySpec, FieldSpec, Kind
from app.domain.validate import Invalid
from app.errors import FieldError, InvalidInput, UsageError
from app.store import ids, personal, rowids, search, sort_keys, writer
from app.store.areas import Scope, configured_scope, scope_condition
from app.store.db import Ledger
from app.store.rows import columns, fetch, row_to_record, spec_of
from app.store.rows import fetch_many as fetch_many  # the readers, as services and the UI call them

if TYPE_CHECKING:
    from app.services.tier_guard import TierRule

# --- reading -------------------------------------------------------------------------------


def get(
    ledger: Ledger, entity_name: str, record_ref: str, *, include_deleted: bool = False
) -> dict[str, Any]:
    """A record by id, code or unique name; UsageError if there is none."""
    spec = spec_of(entity_name)
    with ledger.engine.connect() as conn:
        record_id = find_id(conn, spec, record_ref, include_deleted=True)
        record = fetch(conn, spec, record_id)
    assert record is not None
    if record["deleted"] and not include_deleted:
        raise UsageError(f"{spec.label}“{record_ref}”已删除（可用 restore 恢复）")
    return record


def find_id(conn: Connection, spec: EntitySpec, ref: Any, *, include_deleted: bool = False) -> str:
    """The id of the record named by id, code or unique name; UsageError in Chinese otherwise."""
    word = str(ref).strip()
    live = "" if include_deleted else " AND deleted = 0"
    if conn.execute(text(f"SELECT 1 FROM {spec.name} WHERE id = :v{live}"), {"v": word}).first():
        return word
    for column in ("code", "credit_code"):
        if column in spec.by_name:
            found = conn.execute(
                text(f"SELECT id FROM {spec.name} WHERE {column} = :v{live}"), {"v": word}
            ).all()
            if len(found) == 1:
                return str(found[0][0])
    if "name" in spec.by_name:
        found = conn.execute(
            text(f"SELECT id FROM {spec.name} WHERE name = :v{live}"), {"v": word}
        ).all()
        if len(found) == 1:
            return str(found[0][0])
        if len(found) > 1:
            raise UsageError(f"名为“{word}”的{spec.label}有 {len(found)} 个，请用代码或记录ID指明")
    raise UsageError(f"找不到{spec.label}“{word}”")


DateRange = tuple[Any, Any]
"""From and to (each a date, an ISO text, or None for open), both days included."""


@dataclass(frozen=True)
class Query:
    """What a list shows: scope, search text, equality filters, date ranges, sort, page."""

    scope: Scope | None = None
    search: str = ""
    filters: Mapping[str, Any] | None = None
    dates: Mapping[str, DateRange] | None = None
    """Date field name -> (from, to): e.g. {"received_on": (date(2026, 1, 1), None)}."""
    sort: str | None = None
    descending: bool = False
    offset: int = 0
    limit: int | None = None
    include_deleted: bool = False


def _small(query: Query) -> bool:
    return query.scope is not None and query.scope.level in (Level.STREET, Level.COMMUNITY)


def _dates_drive(conn: Connection, spec: EntitySpec, query: Query) -> bool:
    """Whether the query's date range should be read through its index (SQLite, without
    statistics, would walk every live record instead): unless searching, always inside a street
    or a community (the index of community and date holds the area's days) or sorted by that
    date; elsewhere, and with a search, when the range is sparse, which a bounded count tells
    at once (at city scale every first page then comes in under 100 ms, bench/lists.py)."""
    ranges = [(f, b) for name, b in (query.dates or {}).items()
              if (f := spec.resolve_field(name)) is not None and any(v is not None for v in b)]
    if not ranges:
        return False
    sort = spec.resolve_field(query.sort) if query.sort else None
    searching = bool(query.search.strip())  # then only a sparse range beats the search's plan
    if not searching and (_small(query) or any(field is sort for field, _bounds in ranges)):
        return True  # the area's index, or the date's index in the order asked for
    led = _led(conn, spec.name)
    size = int(conn.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {spec.name}")).scalar()
               or 0)
    # Reading the range through its index costs its n records (then sorted); walking the
    # records in order costs about page × size / n until a page is found: the index wins while
    # n < sqrt(page × size) (about 11,000 of the city's 576,000 demands: a few days city-wide).
    enough = max(math.isqrt((query.limit or size or 1) * size), 1000)
    for field, bounds in ranges:
        if field.column not in led:
            continue
        params: dict[str, Any] = {"enough": enough}
        clauses = _date_clauses(spec, {field.name: bounds}, params)
        sql = (f"SELECT count(*) FROM (SELECT 1 FROM {spec.name} "
               f"WHERE {' AND '.join(clauses)} LIMIT :enough)")
        if int(conn.execute(text(sql), params).scalar() or 0) < enough:
            return True
    return False


def _where(
    conn: Connection, spec: EntitySpec, query: Query, *, dates_drive: bool = False
) -> tuple[str, dict[str, Any]]:
    condition, params = ("", {}) if query.scope is None else scope_condition(spec, query.scope)
    searching = bool(query.search.strip())
    # A search inside a street or a community: the area's index drives and the matches are only
    # probed (a common word matches tens of thousands of records city-wide, a street holds a few
    # thousand). In a district the matches drive: a page of them is found long before the end.
    # A date range that should drive (_dates_drive) is read through its index the same way.
    narrow = "+" if (condition and searching and _small(query)) or dates_drive else ""
    live = f"{narrow}{spec.name}.deleted = 0"
    if not narrow and not searching and (condition or _sort_drives(conn, spec, query)):
        # Nearly every record is live: walking the index of `deleted` reads them all, one
        # lookup each. The few deleted rowids are set aside instead, so that an area's index or
        # the sort column's index drives and holds all the query needs (tenth scale: a street's
        # ordered rowids 0.2 ms instead of 42, all of them by date 43 ms instead of 252, the
        # first page by date 2 ms). Alone, the index of `deleted` is best: it holds the rowids.
        live = f"{spec.name}.rowid NOT IN (SELECT rowid FROM {spec.name} WHERE deleted > 0)"
    clauses: list[str] = [] if query.include_deleted else [live]
    if condition:
        clauses.append(condition)
    if searching:
        if not spec.searchable:
            clauses.append("0")
        else:
            matches, match_params = search.match_clauses(spec, query.search, drive=not narrow)
            params.update(match_params)
            # a reporter's name or phone is found by an exact match on its HMAC, never by text
            exact = personal.search_select(conn, spec, query.search, "p")
            if exact is not None and conn.execute(text(f"{exact[0]} LIMIT 1"), exact[1]).first():
                clauses.append(_either(spec, matches, exact[0], drive=not narrow))
                params.update(exact[1])
            else:
                clauses.extend(matches)
    for n, (name, raw) in enumerate((query.filters or {}).items()):
        field = spec.resolve_field(name)
        if field is None:
            raise UsageError(f"{spec.label}没有“{name}”这个字段")
        try:
            value = field.parse(raw)
        except Invalid as exc:
            raise UsageError(f"筛选条件 {field.label}：{exc}") from None
        if value is None:
            clauses.append(f"{spec.name}.{field.column} IS NULL")
        elif field.personal:  # sealed at rest: equal values are found by their HMAC
            try:
                clause, digest = personal.match_clause(conn, spec, field, value, f"f{n}")
            except UsageError as exc:
                raise UsageError(f"筛选条件 {field.label}：{exc}") from None
            clauses.append(clause)
            params.update(digest)
        else:
            # a column indexed so that sorts walk it (a choice such as 办理状态: a few values,
            # each shared by tens of thousands of records) must not drive a query that an area,
            # a search or a date range narrows far more: SQLite, without statistics, would read
            # every resolved demand of the city to find a street's
            narrowed = condition or searching or query.dates
            hint = "+" if (narrowed and field.kind is not Kind.REF
                           and sort_keys.has_sort_index(spec.name, field)) else ""
            clauses.append(f"{hint}{spec.name}.{field.column} = :f{n}")
            params[f"f{n}"] = writer.to_db(value)
    clauses.extend(_date_clauses(spec, query.dates or {}, params))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _either(spec: EntitySpec, matches: list[str], personal_rowids: str, *, drive: bool) -> str:
    """One `rowid IN` of the text matches (every term) or the exact personal matches: a single
    set of rowids, so that SQLite still reads the few matches instead of walking the table."""
    rowid = f"{'' if drive else '+'}{spec.name}.rowid"
    prefix = f"{rowid} IN ("
    assert all(m.startswith(prefix) and m.endswith(")") for m in matches)
    texts = " INTERSECT ".join(m[len(prefix):-1] for m in matches)
    return f"{rowid} IN ({texts} UNION {personal_rowids})"


def _date_clauses(
    spec: EntitySpec, dates: Mapping[str, DateRange], params: dict[str, Any]
) -> list[str]:
    """`column >= from AND column <= to` for each date range (ISO dates compare as text)."""
    clauses: list[str] = []
    for n, (name, bounds) in enumerate(dates.items()):
        field = spec.resolve_field(name)
        if field is None or field.kind is not Kind.DATE:
            raise UsageError(f"{spec.label}没有“{name}”这个日期字段")
        parsed = []
        for which, raw in zip(("起", "止"), bounds, strict=True):
            try:
                parsed.append(field.parse(raw))
            except Invalid as exc:
                raise UsageError(f"{field.label}（{which}）：{exc}") from None
        start, end = parsed
        if start is not None and end is not None and start > end:
            raise UsageError(f"{field.label}：起始日期 {start} 晚于截止日期 {end}")
        for bound, op, value in (("a", ">=", start), ("b", "<=", end)):
            if value is not None:
                clauses.append(f"{spec.name}.{field.column} {op} :d{n}{bound}")
                params[f"d{n}{bound}"] = writer.to_db(value)
    return clauses


def _select(
    conn: Connection, spec: EntitySpec, query: Query, *, dates_drive: bool = False,
    what: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """The SELECT of a query's records (or of `what`, a select list), sorted and paged in SQL."""
    walked = _walked_reference(conn, spec, query)
    where, params = _where(conn, spec, query, dates_drive=dates_drive or walked is not None
                           or _sort_drives(conn, spec, query))
    direction = " DESC" if query.descending else ""
    order = f"{spec.name}.rowid{direction}"
    source = spec.name
    if query.sort:
        field = spec.resolve_field(query.sort)
        if field is None:
            raise UsageError(f"不能按“{query.sort}”排序：{spec.label}没有这个字段")
        if field.personal:  # sealed at rest: its order would be the ciphertext's
            raise UsageError(f"不能按“{field.label}”排序：个人信息加密保存，没有排序依据")
        key = _sort_column(field)
        if field.kind is Kind.REF:  # by the referenced record's name, not its id
            assert field.ref is not None
            title = _sort_column(ENTITIES[field.ref].field(ENTITIES[field.ref].title_field))
            key = f"(SELECT r.{title} FROM {field.ref} r WHERE r.id = {spec.name}.{field.column})"
            if walked is not None:  # the referenced records in name order, each one's records
                # (CROSS JOIN keeps that order of the loops in SQLite, and is plain SQL)
                source = f"{field.ref} AS sort_ref CROSS JOIN {spec.name}"
                joined = f"{spec.name}.{field.column} = sort_ref.id"
                where = f" WHERE {joined} AND {where[7:]}" if where else f" WHERE {joined}"
                key = f"sort_ref.{title}{direction}, sort_ref.rowid"
        # rowid last: a unique tie-breaker, so that LIMIT/OFFSET pages never skip or repeat a
        # record; (key, rowid) is also the order of an index on key, so an indexed sort is a walk
        order = f"{key}{direction}, {order}"
    page = ""
    if query.limit is not None:
        page = " LIMIT :limit OFFSET :offset"
        params.update(limit=query.limit, offset=query.offset)
    selected = what or ", ".join(f"{spec.name}.{c}" for c in columns(spec))
    sql = f"SELECT {selected} FROM {source}{where} ORDER BY {order}{page}"
    return sql, params


def _walked_reference(conn: Connection, spec: EntitySpec, query: Query) -> FieldSpec | None:
    """The reference a list sorted by it reads by walking the referenced records in the order of
    their names' pinyin key, each one's records through the reference's index (demands by 所属社区:
    the first page at once, where sorting half a million demands takes a second): a reference
    every record has, sorting the whole table (no area, search or date range, whose own indexes
    drive). None when the list is read otherwise."""
    field = spec.resolve_field(query.sort) if query.sort else None
    if (field is None or field.kind is not Kind.REF or field.ref is None or not field.required
            or query.scope is not None or query.search.strip() or query.dates):
        return None
    ref = ENTITIES[field.ref]
    title = ref.by_name.get(ref.title_field)
    if title is None or not title.pinyin:
        return None
    # a record without one (never written so, but kept if met) would drop out of the walk
    orphan = conn.execute(text(f"SELECT 1 FROM {spec.name} WHERE {field.column} IS NULL LIMIT 1"))
    return None if orphan.first() else field


def _sort_drives(conn: Connection, spec: EntitySpec, query: Query) -> bool:
    """Whether a sorted list should walk the index of what it sorts by, a name's pinyin key or an
    indexed column such as 登记日期 (the first page is read in order, never sorted: at city scale
    1 ms instead of a second, as SQLite would read every live record through `deleted` and
    sort them): unless searching, or inside a street or a community, whose few records sort at
    once."""
    field = spec.resolve_field(query.sort) if query.sort else None
    if (field is None or field.personal or field.kind is Kind.REF or query.search.strip()
            or _small(query)):
        return False
    return _sort_column(field) in _led(conn, spec.name)


_LED: dict[str, frozenset[str]] = {}


def _led(conn: Connection, table: str) -> frozenset[str]:
    """The columns that lead an index of the table, read from the schema once per process (not
    from the ORM's declarations: sqlmodel and pydantic would load with the first list)."""
    found = _LED.get(table)
    if found is None:
        names = [str(r[1]) for r in conn.exec_driver_sql(f"PRAGMA index_list({table})")]
        found = frozenset(str(row[2]) for name in names for row in conn.exec_driver_sql(
            f"PRAGMA index_info('{name}')") if row[0] == 0)
        _LED[table] = found
    return found


def _sort_column(field: FieldSpec) -> str:
    """The column a list sorted by this field orders by: a name's pinyin key (its index walked
    in order), else the field's own column."""
    return sort_keys.column(field) if field.pinyin and not field.personal else field.column


def list_records(
    ledger: Ledger, entity_name: str, query: Query | None = None
) -> list[dict[str, Any]]:
    """Records of an entity matching a query, sorted and paged in SQL."""
    spec, query = spec_of(entity_name), query or Query()
    with ledger.engine.connect() as conn:
        sql, params = _select(conn, spec, query,
                              dates_drive=_dates_drive(conn, spec, query))
        vault = personal.vault_of(conn)
        return [row_to_record(spec, row, vault=vault) for row in conn.execute(text(sql), params)]


def list_rowids(ledger: Ledger, entity_name: str, query: Query | None = None) -> array[int]:
    """The rowids of a query's records in its order (a page of them when it has a limit), as one
    compact array: what a list keeps to show any of its rows at once (records_by_rowid)."""
    spec, query = spec_of(entity_name), query or Query()
    with ledger.engine.connect() as conn:
        sql, params = _select(conn, spec, query, dates_drive=_dates_drive(conn, spec, query),
                              what=f"{spec.name}.rowid AS rid")
        return rowids.read(conn, sql, params)


def records_by_rowid(
    ledger: Ledger, entity_name: str, wanted: Sequence[int], *, clocks: bool = True
) -> list[dict[str, Any] | None]:
    """The records of these rowids (from list_rowids) in that order, as list_records gives them
    (personal values opened); None where a rowid no longer holds a record. `clocks=False`
    leaves the per-field clocks unread (a list shows values only)."""
    spec = spec_of(entity_name)
    with ledger.engine.connect() as conn:
        return rowids.fetch_rowids(conn, spec, wanted, clocks=clocks)


def rowid_of(ledger: Ledger, entity_name: str, record_id: str) -> int | None:
    """The rowid of a record, deleted or not (to find its row in list_rowids); None if none."""
    spec = spec_of(entity_name)
    with ledger.engine.connect() as conn:
        return rowids.rowid_of(conn, spec, record_id)


def iter_records(
    ledger: Ledger, entity_name: str, query: Query | None = None, *, clocks: bool = True
) -> Iterator[dict[str, Any]]:
    """The same records streamed from one read (one snapshot, little memory): for exports.

    `clocks=False` leaves the per-field clocks unread (an export shows values only).
    """
    spec, query = spec_of(entity_name), query or Query()
    with ledger.engine.connect() as conn:
        sql, params = _select(conn, spec, query,
                              dates_drive=_dates_drive(conn, spec, query))
        result = conn.execution_options(yield_per=2000).execute(text(sql), params)
        vault = personal.vault_of(conn)
        for row in result:
            yield row_to_record(spec, row, clocks, vault)


def iter_values(
    ledger: Ledger, entity_name: str, query: Query, fields: Sequence[FieldSpec]
) -> Iterator[tuple[Any, ...]]:
    """The record id and these fields' values as SQLite stores them (personal ones opened), row
    by row from one read: for exports, which convert each column in their own way rather than
    building a record per row."""
    spec = spec_of(entity_name)
    with ledger.engine.connect() as conn:
        what = ", ".join([f"{spec.name}.id", *(f"{spec.name}.{f.column}" for f in fields)])
        sql, params = _select(conn, spec, query, what=what,
                              dates_drive=_dates_drive(conn, spec, query))
        vault = personal.vault_of(conn)
        sealed = [(n, f.name) for n, f in enumerate(fields, start=1) if f.personal]
        rows = conn.execution_options(yield_per=2000).exec_driver_sql(sql, dict(params))
        if not sealed:
            yield from rows
            return
        for row in rows:
            opened = list(row)
            for n, name in sealed:
                opened[n] = vault.open(row[0], name, row[n])
            yield tuple(opened)


def count(ledger: Ledger, entity_name: str, query: Query | None = None) -> int:
    """How many records match a query (paging ignored)."""
    spec, query = spec_of(entity_name), query or Query()
    with ledger.engine.connect() as conn:
        where, params = _where(conn, spec, query, dates_drive=_dates_drive(conn, spec, query))
        return int(
            conn.execute(text(f"SELECT count(*) FROM {spec.name}{where}"), params).scalar() or 0
        )


def table_size(ledger: Ledger, entity_name: str) -> int:
    """Roughly how many records a table holds, deleted ones included (instant: its max rowid)."""
    spec = spec_of(entity_name)
    with ledger.engine.connect() as conn:
        found = conn.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {spec.name}")).scalar()
    return int(found or 0)


def history(ledger: Ledger, entity_name: str, record_ref: str) -> list[dict[str, Any]]:
    """Every change of a record, oldest first: action, changed fields (old and new), who, when
    (`at`: written here; `made_at`: made on its device)."""
    spec = spec_of(entity_name)
    with ledger.engine.connect() as conn:
        record_id = find_id(conn, spec, record_ref, include_deleted=True)
        rows = conn.execute(
            text(
                "SELECT action, changes, hlc, device, user, at, coalesce(made_at, at) "
                "FROM history "
                "WHERE entity = :e AND record_id = :id ORDER BY id"
            ),
            {"e": spec.name, "id": record_id},
        ).all()
        vault = personal.vault_of(conn)
    return [
        {
            "action": r[0],
            "changes": personal.open_diff(vault, spec.name, record_id, r[1]),
            "hlc": r[2],
            "device": r[3],
            "user": r[4],
            "at": r[5],
            "made_at": r[6],
        }
        for r in rows
    ]


# --- writing -------------------------------------------------------------------------------


def _parse_values(
    spec: EntitySpec, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """Field name -> parsed value for what was given (names or Chinese labels), and the errors."""
    parsed: dict[str, Any] = {}
    errors: list[FieldError] = []
    for key, raw in values.items():
        field = spec.resolve_field(key)
        if field is None:
            known = "、".join(f.name for f in spec.fields)
            errors.append(FieldError(key, key, f"{spec.label}没有这个字段（可用：{known}）"))
            continue
        try:
            parsed[field.name] = field.parse(raw)
        except Invalid as exc:
            errors.append(FieldError(field.name, field.label, str(exc)))
    return parsed, errors


def _resolve_refs(
    conn: Connection, spec: EntitySpec, record: dict[str, Any], errors: list[FieldError]
) -> None:
    for field in spec.fields:
        value = record.get(field.name)
        if field.kind is Kind.REF and value is not None:
            assert field.ref is not None
            try:
                record[field.name] = find_id(conn, ENTITIES[field.ref], value)
            except UsageError as exc:
                errors.append(FieldError(field.name, field.label, str(exc)))


def _required(
    spec: EntitySpec, record: Mapping[str, Any], errors: list[FieldError]
) -> list[FieldError]:
    """Errors for required fields left empty (not for those already reported as malformed)."""
    reported = {e.field for e in errors}
    return [
        FieldError(f.name, f.label, "必填，不能为空")
        for f in spec.required
        if record.get(f.name) is None and f.name not in reported
    ]


def natural_id(spec: EntitySpec, record: Mapping[str, Any]) -> str:
    """The deterministic id of a record from the first natural key it fills, else a random one."""
    for key in spec.natural_keys:
        parts = [record.get(name) for name in key]
        if any(p is not None for p in parts) and (len(key) > 1 or parts[0] is not None):
            return ids.natural_id(spec.name, [writer.to_json(p) for p in parts])
    return ids.random_id()


def _key_label(spec: EntitySpec, record: Mapping[str, Any]) -> str:
    for key in spec.natural_keys:
        if all(record.get(n) is not None for n in key if n not in ("zone", "district")):
            return "、".join(spec.field(n).label for n in key)
    return spec.label


class DuplicateRecord(InvalidInput):
    """A new record whose natural key a live record already has: nothing was written.

    `existing_id` is that record, so that the user can be offered it (a demand raised again
    the same day: raise its 涉及人数 with add_residents instead).
    """

    def __init__(self, errors: list[FieldError], where: str, entity: str,
                 existing_id: str) -> None:
        super().__init__(errors, where)
        self.entity = entity
        self.existing_id = existing_id


def _raise_if(errors: list[FieldError], spec: EntitySpec) -> None:
    if errors:
        raise InvalidInput(errors, where=spec.label)


def ledger_defaults(ledger: Ledger, spec: EntitySpec) -> dict[str, Any]:
    """Defaults that depend on the ledger: a street ledger's new community is in its own street."""
    if spec.name == "community":
        own = configured_scope(ledger)
        if own is not None and own.level is Level.STREET and own.id:
            return {"street": own.id}
    return {}


def _tier_guard(ledger: Ledger, spec: EntitySpec) -> TierRule | None:
    """The tier rule a project's write is checked against (None for other records)."""
    if spec.name != "project":
        return None
    # imported here: a start only reads, and need not load the programme directory and scoring
    from app.services.tier_guard import tier_rule

    return tier_rule(ledger)


def create(ledger: Ledger, entity_name: str, values: Mapping[str, Any]) -> str:
    """Validate and create a record; returns its id, or raises InvalidInput and writes nothing."""
    spec = spec_of(entity_name)
    parsed, errors = _parse_values(spec, values)
    record: dict[str, Any] = {
        f.name: f.default_value() for f in spec.fields if f.default is not None
    }
    record.update(ledger_defaults(ledger, spec))
    record.update({k: v for k, v in parsed.items() if v is not None})
    errors += _required(spec, record, errors)
    guard = _tier_guard(ledger, spec)
    with ledger.write() as conn:
        _resolve_refs(conn, spec, record, errors)
        errors += rules.record_errors(spec.name, record)
        if guard is not None:
            errors += guard.errors(record, None)
        _raise_if(errors, spec)
        record_id = natural_id(spec, record)
        existing = fetch(conn, spec, record_id)
        if existing is not None and not existing["deleted"]:
            raise DuplicateRecord(
                [
                    FieldError(
                        spec.title_field, _key_label(spec, record), "已有相同的记录，不能重复添加"
                    )
                ],
                spec.label, spec.name, record_id,
            )
        if (
            existing is not None
        ):  # re-created after a delete: revive the tombstone with the new values
            revived = {f.name: record.get(f.name) for f in spec.fields}
            writer.update_record(
                conn,
                spec,
                record_id,
                existing,
                {**revived, "deleted": False},
                ledger.stamp(),
                action="restore",
            )
        else:
            writer.insert_records(conn, spec, [{**record, "id": record_id}], [ledger.stamp()])
    return record_id


def update(
    ledger: Ledger,
    entity_name: str,
    record_ref: str,
    values: Mapping[str, Any],
    *,
    action: str = "update",
) -> bool:
    """Validate and apply field changes; False if nothing changed. InvalidInput writes nothing.

    `action` names the change in the history ("undo" when it reverts an earlier one).
    """
    spec = spec_of(entity_name)
    # a form sends back what it was shown: a personal value that could not be opened (its key
    # missing) stays as it is at rest, never replaced by the notice shown in its place
    values = {k: v for k, v in values.items() if v not in personal.NOT_OPENED}
    parsed, errors = _parse_values(spec, values)
    guard = _tier_guard(ledger, spec)
    with ledger.write() as conn:
        record_id = find_id(conn, spec, record_ref, include_deleted=True)
        old = fetch(conn, spec, record_id)
        assert old is not None
        if old["deleted"]:
            raise UsageError(f"{spec.label}“{record_ref}”已删除，请先恢复（restore）再修改")
        merged = {f.name: old.get(f.name) for f in spec.fields}
        merged.update(parsed)
        errors += _required(spec, merged, errors)
        _resolve_refs(conn, spec, merged, errors)
        errors += rules.record_errors(spec.name, merged)
        if guard is not None:
            errors += guard.errors(merged, old)
        _raise_if(errors, spec)
        other = natural_id(spec, merged)
        if other != record_id and (twin := fetch(conn, spec, other)) and not twin["deleted"]:
            raise InvalidInput(
                [FieldError(spec.title_field, _key_label(spec, merged), "与另一条记录重复")],
                where=spec.label,
            )
        changes = {name: merged[name] for name in parsed}
        return writer.update_record(conn, spec, record_id, old, changes, ledger.stamp(), action)


def add_residents(ledger: Ledger, demand_ref: str, count: int) -> int:
    """Raise a demand's 涉及人数 by `count` (the same demand heard again); returns the new number.

    One logged update, read and written in the same transaction (a raise made meanwhile on the
    writer is added to, never overwritten). A count below 1, a deleted demand or a total above
    the field's bound is refused and writes nothing.
    """
    spec = spec_of("demand")
    field = spec.field("residents")
    if count < 1:
        raise UsageError(f"{field.label}要增加的人数应至少为 1，收到 {count}")
    with ledger.write() as conn:
        record_id = find_id(conn, spec, demand_ref, include_deleted=True)
        old = fetch(conn, spec, record_id)
        assert old is not None
        if old["deleted"]:
            raise UsageError(f"{spec.label}“{demand_ref}”已删除，不能再增加{field.label}")
        total = int(old.get("residents") or 0) + count
        try:
            field.parse(total)
        except Invalid as exc:
            raise InvalidInput([FieldError(field.name, field.label, str(exc))],
                               where=spec.label) from exc
        writer.update_record(conn, spec, record_id, old, {"residents": total}, ledger.stamp(),
                             "update")
    return total


@dataclass(frozen=True)
class Saved:
    """How a form's save ended: the record's id, whether it was made new, whether it changed."""

    id: str
    created: bool
    changed: bool


def edited_values(spec: EntitySpec, raw_values: Mapping[str, Any],
                  original: Mapping[str, Any] | None) -> dict[str, Any]:
    """What a form sends: every filled field of a new record (original None); of an old one the
    fields whose value differs from what the form opened with (a malformed one always: the
    write says what is wrong with it)."""
    found: dict[str, Any] = {}
    for name, raw in raw_values.items():
        if original is None:
            if raw is not None:
                found[name] = raw
            continue
        field = spec.resolve_field(name)
        try:
            value = field.parse(raw) if field is not None else raw
        except Invalid:
            found[name] = raw
            continue
        if field is None or value != original.get(field.name):
            found[name] = raw
    return found


def save(ledger: Ledger, entity_name: str, record_id: str | None,
         raw_values: Mapping[str, Any], original: Mapping[str, Any] | None = None) -> Saved:
    """Create (record_id None) or update a record from what a form holds, as typed.

    An update writes only the fields that differ from `original`, the record as the form showed
    it (a value changed meanwhile by someone else is not put back); nothing differing, nothing
    is written. InvalidInput (nothing written) when the values are refused.
    """
    spec = spec_of(entity_name)
    if record_id is None:
        return Saved(create(ledger, spec.name, edited_values(spec, raw_values, None)), True, True)
    values = edited_values(spec, raw_values, original or {})
    changed = bool(values) and update(ledger, spec.name, record_id, values)
    return Saved(record_id, False, changed)


def _children(conn: Connection, spec: EntitySpec, record_id: str) -> list[str]:
    """Live records that refer to this one, as "N 条空间资源"."""
    found = []
    for other in ENTITIES.values():
        for field in other.fields:
            if field.kind is Kind.REF and field.ref == spec.name:
                n = conn.execute(
                    text(
                        f"SELECT count(*) FROM {other.name} "
                        f"WHERE {field.column} = :id AND deleted = 0"
                    ),
                    {"id": record_id},
                ).scalar()
                if n:
                    found.append(f"{n} 条{other.label}（{field.label}）")
    return found


def delete(ledger: Ledger, entity_name: str, record_ref: str) -> str:
    """Tombstone a record (no hard delete), refused if live records refer to it; returns its id.

    Operators are shared by every office: only a district or the city deletes one (DESIGN.md,
    Sync). A street's delete would make its office above refuse the street's whole next bundle.
    """
    spec = spec_of(entity_name)
    own = configured_scope(ledger)
    if spec.name == "operator" and own is not None and own.level in (Level.STREET,
                                                                      Level.COMMUNITY):
        raise UsageError("运营主体由各级共用，只能由区县或市删除；街道可以修改它的信息，"
                         "如需删除请联系区县")
    with ledger.write() as conn:
        record_id = find_id(conn, spec, record_ref)
        children = _children(conn, spec, record_id)
        if children:
            raise UsageError(
                f"不能删除此{spec.label}：仍有 " + "、".join(children) + " 引用它，请先处理这些记录"
            )
        old = fetch(conn, spec, record_id)
        assert old is not None
        writer.update_record(
            conn, spec, record_id, old, {"deleted": True}, ledger.stamp(), action="delete"
        )
    return record_id


def restore(ledger: Ledger, entity_name: str, record_ref: str) -> str:
    """Bring a deleted record back. Returns its id."""
    spec = spec_of(entity_name)
    with ledger.write() as conn:
        record_id = find_id(conn, spec, record_ref, include_deleted=True)
        old = fetch(conn, spec, record_id)
        assert old is not None
        if not old["deleted"]:
            raise UsageError(f"{spec.label}“{record_ref}”没有被删除，无需恢复")
        for field in spec.fields:
            if field.kind is Kind.REF and old.get(field.name):
                assert field.ref is not None
                parent = fetch(conn, ENTITIES[field.ref], old[field.name])
                if parent is not None and parent["deleted"]:
                    raise UsageError(
                        f"请先恢复它所属的{field.label}“{parent.get('name', parent['id'])}”"
                    )
        writer.update_record(
            conn, spec, record_id, old, {"deleted": False}, ledger.stamp(), action="restore"
        )
    return record_id


# --- presenting ----------------------------------------------------------------------------


def references(
    ledger: Ledger, spec: EntitySpec, records: Sequence[Mapping[str, Any]]
) -> dict[str, dict]:
    """{id: {"id", "code", "name"}} of every record the given records refer to."""
    with ledger.engine.connect() as conn:
        return references_in(conn, spec, records)


def references_in(
    conn: Connection, spec: EntitySpec, records: Sequence[Mapping[str, Any]]
) -> dict[str, dict]:
    """references() on a connection the caller holds (inside a read or a write)."""
    wanted: dict[str, set[str]] = {}
    for field in spec.fields:
        if field.kind is Kind.REF:
            assert field.ref is not None
            wanted.setdefault(field.ref, set()).update(
                r[field.name] for r in records if r.get(field.name)
            )
    found: dict[str, dict] = {}
    for ref_entity, id_set in wanted.items():
        ref_spec = ENTITIES[ref_entity]
        code = (
            "code"
            if "code" in ref_spec.by_name
            else "credit_code"
            if "credit_code" in ref_spec.by_name
            else "NULL"
        )
        name = "name" if "name" in ref_spec.by_name else "id"
        id_list = sorted(id_set)
        for start in range(0, len(id_list), 500):
            chunk = id_list[start : start + 500]
            marks = ", ".join(f":i{n}" for n in range(len(chunk)))
            rows = conn.execute(
                text(f"SELECT id, {code}, {name} FROM {ref_entity} WHERE id IN ({marks})"),
                {f"i{n}": v for n, v in enumerate(chunk)},
            )
            for rid, rcode, rname in rows:
                found[rid] = {"id": rid, "code": rcode, "name": rname}
    return found


def as_json(
    ledger: Ledger, entity_name: str, records: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Records as CLI JSON: id, code, contract fields, enums as identifiers, refs as objects."""
    spec = spec_of(entity_name)
    refs = references(ledger, spec, records)
    out = []
    for record in records:
        item: dict[str, Any] = {"id": record["id"]}
        for field in spec.fields:
            value = record.get(field.name)
            if field.kind is Kind.REF:
                item[field.name] = refs.get(value) if value else None
            else:
                item[field.name] = writer.to_json(value)
        if record.get("deleted"):
            item["deleted"] = True
        out.append(item)
    return out


def shown(field: FieldSpec, value: Any, refs: Mapping[str, dict]) -> str:
    """A value as the forms and the history show it: enums by label, 是/否, ISO dates, a number
    with its unit, a reference by its name ("" for no value)."""
    if value is None or value == "" or value == []:
        return ""
    if field.kind is Kind.REF:
        ref = refs.get(str(value))
        return str(ref.get("name") or value) if ref is not None else str(value)
    try:
        text = field.display(value)
    except (TypeError, ValueError, AttributeError):  # an old or foreign value kept as it is
        text = str(value)
    return f"{text} {field.unit}" if field.unit and text else text


def display_row(spec: EntitySpec, record: Mapping[str, Any], refs: Mapping[str, dict]) -> list[str]:
    """A record's fields as a person reads them, in declaration order."""
    cells = []
    for field in spec.fields:
        value = record.get(field.name)
        if field.kind is Kind.REF:
            ref = refs.get(value) if value else None
            cells.append(str(ref["name"]) if ref else "")
        else:
            cells.append(field.display(value))
    return cells
