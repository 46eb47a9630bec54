"""A verified bundle's rows merged into the ledger: the register rule per field, written in bulk."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from app.domain import china_time
from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.enums import Level
from app.domain.fields import EntitySpec, Kind
from app.domain.registers import DELETED
from app.domain.validate import NUMBER_DIGITS_MAX, Invalid
from app.store import merging
from app.store.areas import Scope, receiving_street_ids_sql
from app.store.clock import format_hlc, wall_time
from app.store.db import Ledger
from app.sync import hostile
from app.sync.payload import Payload, PayloadBroken

CHUNK = 2000
"""Rows read, merged and written together: enough to make the writes bulk, little memory."""

ORDER = ("community", "operator", "space", "function_status", "demand", "project",
         "evaluation", ATTACHMENT.name)
"""Entities in the order their references need: a space's community is merged before it."""


class Refused(Exception):
    """A bundle whose content may not be merged (scope, values); nothing is written."""


class ClockAhead(Exception):
    """A bundle with clocks too far ahead of this ledger's: nothing is written, it waits."""


@dataclass
class _Bounds:
    """What the signer may write: its level (the streets of its scope are in a temporary table,
    app.store.merging); the clock limit."""

    level: Level
    latest: str
    at: str
    newest: str = ""
    ahead: str = ""


def merge_payload(ledger: Ledger, conn: Connection, payload: Payload, scope: Scope,
                  limit_ms: int) -> int:
    """Merge every data file of a bundle inside the caller's transaction; the conflicts kept.

    Refused (and the caller rolls back) for rows outside the scope, clocks beyond `limit_ms`,
    unknown tables or fields, and values the field declarations refuse.
    """
    streets = receiving_street_ids_sql(scope)
    merging.prepare(conn, [r[0] for r in conn.execute(text(streets), {"scope": scope.id})])
    bounds = _Bounds(
        scope.level,
        format_hlc(limit_ms, 99999),
        china_time.utc_now().isoformat(timespec="milliseconds"),
    )
    entities = [p.removeprefix("data/").removesuffix(".jsonl") for p in payload
                if p.startswith("data/")]
    conflicts = 0
    for entity in sorted(entities, key=lambda e: ORDER.index(e) if e in ORDER else len(ORDER)):
        spec = ATTACHMENT if entity == ATTACHMENT.name else ENTITIES.get(entity)
        if spec is None or entity not in ORDER:
            raise Refused(f"数据包含有不能导入的表“{entity}”")
        lines = payload.lines(f"data/{entity}.jsonl")
        try:
            while chunk := list(itertools.islice(lines, CHUNK)):
                rows = [hostile.load_json(line, spec.label) for line in chunk]
                conflicts += _merge_rows(conn, spec, rows, bounds)
        except hostile.Malformed:
            raise Refused(f"“{entity}”的数据无法解析") from None
        except PayloadBroken as exc:
            raise Refused(str(exc)) from None
    if bounds.ahead:  # found out only now, so that a bundle out of scope is refused instead
        raise ClockAhead(f"时钟超前超过 24 小时（{bounds.ahead[:16]}）")
    if bounds.newest:
        ledger.clock.observe(bounds.newest)
    return conflicts


def _merge_rows(conn: Connection, spec: EntitySpec, rows: list[Any], bounds: _Bounds) -> int:
    if not all(isinstance(r, dict) and type(r.get("id")) is str and 0 < len(r["id"]) <= 64
               for r in rows):
        raise Refused(f"{spec.label}的数据缺少记录ID")
    conflicts = 0
    chunk = merging.Chunk(spec)
    seen: set[str] = set()
    for row in rows:
        record_id = row["id"]
        if record_id in seen:  # a record sent twice: merged in turn, the first one first
            conflicts += _merge_chunk(conn, chunk, bounds)
            chunk, seen = merging.Chunk(spec), set()
        seen.add(record_id)
        values, clock, writes, made = _remote_writes(spec, record_id, row)
        newest = clock[0] if writes is None else max(hlc for _v, hlc, _d in writes.values())
        if newest > bounds.newest:
            bounds.newest = newest
        if newest > bounds.latest:  # both exactly 16 + 5 digits: text order is clock order
            bounds.ahead = max(bounds.ahead, newest)
        chunk.add(record_id, values, clock, writes, made)
    return conflicts + _merge_chunk(conn, chunk, bounds)


def _merge_chunk(conn: Connection, chunk: merging.Chunk, bounds: _Bounds) -> int:
    """Decide and write a chunk's registers in SQL; Refused (the caller rolls back) if a record
    lies outside the signer's scope, as held or as written."""
    if not chunk.pending:
        return 0
    merging.decide(conn, chunk)
    held = _outside(conn, chunk.spec)
    deleting = _shared_delete(conn, chunk.spec, bounds)
    spec = chunk.spec
    # the records written, as they now are (those that wrote nothing are as held, above)
    decided = merging.write(conn, chunk, bounds.at, _inside(spec, "r"))
    found = min((f for f in (held, decided.outside) if f is not None), default=None)
    if found is not None and (deleting is None or found[0] <= deleting[0]):
        raise Refused(f"{spec.label}“{found[1]}”不在发送设备负责的区域内，整包拒收")
    if deleting is not None:
        raise Refused(f"{spec.label}“{deleting[1]}”只能由区县或市删除，整包拒收")
    merging.clear(conn)
    return decided.conflicts


_STREETS = "(SELECT id FROM temp.merge_streets)"
_COMMUNITIES = f"(SELECT id FROM community WHERE street_id IN {_STREETS})"


def _inside(spec: EntitySpec, r: str) -> str:
    """SQL: whether the record `r` (a row of the entity's table) lies in the signer's scope.

    A record with no area at all lies in no street; an operator is shared by every office; an
    attachment lies where the record it belongs to lies (deleted or not).
    """
    if spec.name == "community":
        return f"{r}.street_id IN {_STREETS}"
    if spec.name == "project":  # a street's project may name no community, but some area
        community, street = f"nullif({r}.community_id, '')", f"nullif({r}.street_id, '')"
        return (f"({community} IS NOT NULL OR {street} IS NOT NULL) "
                f"AND ({community} IS NULL OR {community} IN {_COMMUNITIES}) "
                f"AND ({street} IS NULL OR {street} IN {_STREETS})")
    if "community" in spec.by_name:
        return f"{r}.community_id IN {_COMMUNITIES}"
    if spec.name == ATTACHMENT.name:
        owners = " ".join(
            f"WHEN '{name}' THEN EXISTS (SELECT 1 FROM {name} o WHERE o.id = {r}.record_id "
            f"AND coalesce({_inside(owner, 'o')}, 0))"
            for name, owner in ENTITIES.items() if name in ORDER)
        return f"CASE {r}.entity {owners} ELSE 0 END"
    return "1" if spec.name == "operator" else "0"


def _outside(conn: Connection, spec: EntitySpec) -> tuple[int, str] | None:
    """The first record of the chunk held outside the scope (before writing)."""
    found = conn.exec_driver_sql(
        f"SELECT m.n, m.id FROM temp.merge_rec m JOIN {spec.name} r ON r.rowid = m.rid "
        f"WHERE NOT coalesce({_inside(spec, 'r')}, 0) ORDER BY m.n LIMIT 1").first()
    return (int(found[0]), str(found[1])) if found else None


def _shared_delete(conn: Connection, spec: EntitySpec, bounds: _Bounds
                   ) -> tuple[int, str] | None:
    """The first record shared by every office (an operator, or its attachment) that a street
    or community device deletes: only a district or the city may."""
    if bounds.level in (Level.DISTRICT, Level.ZONE, Level.CITY) or spec.name not in (
            "operator", ATTACHMENT.name):
        return None
    owner = ""
    if spec.name == ATTACHMENT.name:  # an attachment of an operator, as it will be written
        owner = (" AND coalesce((SELECT value FROM temp.merge_in e WHERE e.n = o.n AND "
                 "e.field = 'entity' AND e.state IN ('new', 'win')), "
                 "(SELECT entity FROM attachment a WHERE a.id = o.id)) = 'operator'")
    found = conn.exec_driver_sql(
        "SELECT o.n, o.id FROM temp.merge_in o JOIN temp.merge_rec m ON m.n = o.n "
        f"WHERE o.field = '{DELETED}' AND o.state IN ('new', 'win') AND o.value = 1 "
        f"AND (m.rid IS NULL OR m.was_deleted = 0){owner} ORDER BY o.n LIMIT 1").first()
    return (int(found[0]), str(found[1])) if found else None


def _remote_writes(spec: EntitySpec, record_id: str, row: dict[str, Any]
                   ) -> tuple[dict[str, Any], tuple[str, str], merging.Writes | None,
                              dict[tuple[str, str], str]]:
    """A row's writes, names, clocks and values checked: its values by field; the clock
    (hlc, device) of its first field, and, only if its fields have more than one clock, each
    field's write (value, hlc, device); when each clock was made, where the bundle says so."""
    fields = _fields(spec, record_id, row)
    quick, accepted = _quick(spec), _accepted(spec)
    values: dict[str, Any] = {}
    writes: merging.Writes | None = None
    made: dict[tuple[str, str], str] = {}
    # a row's fields mostly share one clock and one origin time: each checked when it changes
    hlc: Any = _NONE
    device: Any = _NONE
    at: Any = _NONE
    first: tuple[str, str] | None = None
    for name, item in fields.items():
        if type(item) is not dict or "value" not in item:
            raise Refused(f"{spec.label}“{record_id}”的数据不完整")
        now_hlc, now_device = item.get("hlc"), item.get("device")
        if now_hlc != hlc or now_device != device:
            if not (hostile.is_hlc(now_hlc) and hostile.is_fingerprint(now_device)):
                raise Refused(f"{spec.label}“{record_id}”的时钟或设备编号不对")
            hlc, device, at = now_hlc, now_device, _NONE
            if first is None:
                first = (hlc, device)
            elif writes is None:  # a second clock: from now on each field's write is kept
                writes = {n: (v, *first) for n, v in values.items()}
        raw = item["value"]
        if type(raw) is str and raw in accepted[name]:  # seen in its stored form before
            value = raw
        elif (rule := quick.get(name)) is not None and _stored_form(rule, raw):
            value = raw
            if type(raw) is str and len(raw) <= _REMEMBERED:
                _remember(accepted[name], raw)
        else:
            value = _value(spec, record_id, name, raw)
        values[name] = value
        if writes is not None:
            writes[name] = (value, hlc, device)
        now_at = item.get("made_at")
        if now_at != at:
            at = now_at
            if at is not None:
                origin = _origin(at, hlc) if type(at) is str else None
                if origin is None:
                    raise Refused(f"{spec.label}“{record_id}”的修改时间不对")
                made[hlc, device] = origin
    assert first is not None  # fields is not empty
    return values, first, writes, made


def _fields(spec: EntitySpec, record_id: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row's fields (name -> write as sent): some, and all of them the entity's."""
    fields = row.get("fields")
    if type(fields) is not dict or not fields:
        raise Refused(f"{spec.label}“{record_id}”没有任何字段")
    names = _names(spec)
    if not fields.keys() <= names:
        unknown = fields.keys() - names
        raise Refused(f"{spec.label}没有字段“{'、'.join(sorted(map(str, unknown)))[:200]}”")
    return fields


_NONE = object()
"""No clock or origin time seen yet in a row (a row's first field is always checked)."""
_REMEMBERED = 40
"""Texts up to this long that passed the stored-form check are remembered per field (names,
references, dates, choices repeat across a bundle; long texts rarely do)."""
_REMEMBER_MAX = 1024
"""The most texts remembered per field; past it the field starts again (a few hundred kB per
field at most)."""
_ACCEPTED: dict[str, dict[str, set[str]]] = {}


def _accepted(spec: EntitySpec) -> dict[str, set[str]]:
    """Per field, texts already seen in their stored form (a field's rule never changes)."""
    found = _ACCEPTED.get(spec.name)
    if found is None:
        found = _ACCEPTED[spec.name] = {name: set() for name in _names(spec)}
    return found


def _remember(seen: set[str], raw: str) -> None:
    if len(seen) >= _REMEMBER_MAX:
        seen.clear()
    seen.add(raw)


_TEXT, _REF, _ENUM, _INT, _DATE, _BOOL = range(6)
_Rule = tuple[int, Any, Any]
_INT_LIMIT = 10**NUMBER_DIGITS_MAX
"""Whole numbers this long or longer are refused (validate.parse_number)."""
_QUICK: dict[str, dict[str, _Rule]] = {}
_NAMES: dict[str, frozenset[str]] = {}


def _names(spec: EntitySpec) -> frozenset[str]:
    """The field names a row of this entity may carry."""
    found = _NAMES.get(spec.name)
    if found is None:
        found = _NAMES[spec.name] = frozenset((*spec.by_name, DELETED))
    return found


def _quick(spec: EntitySpec) -> dict[str, _Rule]:
    """How to recognise each field's stored form without parsing it (what parse_stored takes
    as it is): text up to its longest, any reference, a choice, a whole number within bounds,
    an ISO date (2000–2100), a boolean. Personal and decimal fields are always parsed."""
    found = _QUICK.get(spec.name)
    if found is None:
        kinds = {Kind.TEXT: _TEXT, Kind.REF: _REF, Kind.ENUM: _ENUM, Kind.INT: _INT,
                 Kind.DATE: _DATE, Kind.BOOL: _BOOL}
        found = {f.name: (kinds[f.kind], f.max_length if f.kind is Kind.TEXT else
                          frozenset(m.value for m in f.allowed) if f.kind is Kind.ENUM else
                          f.minimum, f.maximum)
                 for f in spec.fields if f.kind in kinds and not f.personal}
        _QUICK[spec.name] = found
    return found


def _stored_form(rule: _Rule, raw: Any) -> bool:
    """Whether a value is in the stored form of its field (parse_stored would return it)."""
    kind, first, second = rule
    if type(raw) is str:
        if not raw or raw[0] == " " or raw[-1] == " ":
            return False
        if kind == _TEXT:
            return len(raw) <= first
        if kind == _REF:
            return True
        if kind == _ENUM:
            return raw in first
        if kind == _DATE and len(raw) == 10 and "2000" <= raw[:4] <= "2100":
            try:
                return dt.date.fromisoformat(raw).isoformat() == raw
            except ValueError:
                return False
        return False
    if type(raw) is int and kind == _INT:
        return (-_INT_LIMIT < raw < _INT_LIMIT and (first is None or raw >= first)
                and (second is None or raw <= second))
    return type(raw) is bool and kind == _BOOL


def _origin(raw: str, hlc: str) -> str | None:
    """A write's origin time in UTC, never later than its own clock (None: not an instant)."""
    found = _instant(raw)
    if found is None:
        return None
    text, millis = found
    # both are UTC text to the millisecond, so the earlier one is the smaller number
    return text if millis <= int(hlc[:16]) else wall_time(hlc)


@functools.lru_cache(maxsize=4096)
def _instant(raw: str) -> tuple[str, int] | None:
    """An origin time as UTC text to the millisecond, and its milliseconds since 1970 (None:
    not an instant with a time zone)."""
    try:
        moment = dt.datetime.fromisoformat(raw) if len(raw) <= 40 else None
        utc = moment.astimezone(dt.UTC) if moment is not None and moment.tzinfo else None
    except (ValueError, OverflowError):  # year 1 east of Greenwich has no UTC time
        return None
    if utc is None:
        return None
    return (utc.isoformat(timespec="milliseconds"),
            (utc - _EPOCH) // dt.timedelta(milliseconds=1))


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _value(spec: EntitySpec, record_id: str, name: str, raw: Any) -> Any:
    if name == DELETED:
        if type(raw) is not bool:
            raise Refused(f"{spec.label}“{record_id}”的删除标记不对")
        return raw
    field = spec.field(name)
    try:
        return field.parse_stored(raw)
    except Invalid as exc:
        raise Refused(f"{spec.label}“{record_id}”的“{field.label}”：{exc}") from None
