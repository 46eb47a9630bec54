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
from app.domain.fields import EntitySpec
from app.domain.validate import Invalid
from app.store import writer
from app.store.areas import Scope, receiving_street_ids_sql
from app.store.clock import format_hlc, wall_time
from app.store.db import Ledger
from app.store.rows import fetch, fetch_many
from app.sync import hostile
from app.sync.payload import Payload, PayloadBroken
from app.sync.registers import DELETED, Write, merge, settle

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
    """What the signer may write: the communities and streets of its scope; the clock limit."""

    communities: set[str]
    streets: set[str]
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
    bounds = _Bounds(
        {r[0] for r in conn.execute(
            text(f"SELECT id FROM community WHERE street_id IN ({streets})"),
            {"scope": scope.id})},
        {r[0] for r in conn.execute(text(streets), {"scope": scope.id})},
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
    olds = fetch_many(conn, spec, (r["id"] for r in rows))
    decided: list[writer.Merged] = []
    for row in rows:
        record_id = row["id"]
        old = olds.get(record_id)
        remote, made = _remote_writes(spec, record_id, row)
        newest = max(hlc for _v, hlc, _d in remote.values())
        bounds.newest = max(bounds.newest, newest)
        if newest > bounds.latest:  # both exactly 16 + 5 digits: text order is clock order
            bounds.ahead = max(bounds.ahead, newest)
        if old is None and not (DELETED in remote and remote[DELETED][0]):
            writes, losers = remote, list[tuple[str, Any, Any, str, str]]()  # new and live: all win
        else:
            winners, losers = _merge_old(old, {n: (writer.to_json(v), h, d)
                                               for n, (v, h, d) in remote.items()})
            writes = {n: (v if n == DELETED else remote[n][0], h, d)
                      for n, (v, h, d) in winners.items()}
        _check_scope(conn, spec, old, writes, bounds, record_id)
        if spec.name == "community" and (old is None or "street" in writes):
            bounds.communities.add(record_id)
        if writes or losers:
            decided.append(writer.Merged(record_id, old, writes, losers, made))
    writer.merge_records(conn, spec, decided, bounds.at)
    return sum(len(m.lost) for m in decided)


def _merge_old(old: dict[str, Any] | None, remote: dict[str, tuple[Any, str, str]]
               ) -> tuple[dict[str, tuple[Any, str, str]], list[tuple[str, Any, Any, str, str]]]:
    """The remote writes that win against the record this ledger has (if any), and the losers.

    Liveness is settled over all the record's registers afterwards (a later edit revives).
    """
    held = old or {}
    local = {name: Write(writer.to_json(held.get(name)), *clock)
             for name, clock in (held.get("clocks") or {}).items()}
    merged, changed, lost = merge(local, {n: Write(*w) for n, w in remote.items()})
    losers = [(x.field, x.loser.value, x.winner.value, x.loser.hlc, x.loser.device)
              for x in lost]
    revived = settle(merged)
    if revived is not None:
        delete = merged[DELETED]
        if (old is not None and old["deleted"]) or local.get(DELETED) != delete:
            losers.append((DELETED, True, False, delete.hlc, delete.device))
        changed[DELETED] = revived
        if local.get(DELETED) == revived:
            del changed[DELETED]  # revived here before: nothing new
    return ({n: (w.value, w.hlc, w.device) for n, w in changed.items()}, losers)


def _remote_writes(spec: EntitySpec, record_id: str, row: dict[str, Any]
                   ) -> tuple[dict[str, tuple[Any, str, str]], dict[tuple[str, str], str]]:
    """A row's writes as (value, hlc, device) by field: names, clocks and values checked; and
    when each was made (by clock), where the bundle says so."""
    fields = row.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise Refused(f"{spec.label}“{record_id}”没有任何字段")
    unknown = fields.keys() - spec.by_name.keys() - {DELETED}
    if unknown:
        raise Refused(f"{spec.label}没有字段“{'、'.join(sorted(map(str, unknown)))[:200]}”")
    remote: dict[str, tuple[Any, str, str]] = {}
    made: dict[tuple[str, str], str] = {}
    checked: set[tuple[Any, Any]] = set()  # a row's fields mostly share one clock: check once
    for name, item in fields.items():
        if not isinstance(item, dict) or "value" not in item:
            raise Refused(f"{spec.label}“{record_id}”的数据不完整")
        hlc: Any = item.get("hlc")
        device: Any = item.get("device")
        if (hlc, device) not in checked:
            if not (hostile.is_hlc(hlc) and hostile.is_fingerprint(device)):
                raise Refused(f"{spec.label}“{record_id}”的时钟或设备编号不对")
            checked.add((hlc, device))
        remote[name] = (_value(spec, record_id, name, item["value"]), hlc, device)
        raw = item.get("made_at")
        if raw is not None:
            origin = _origin(raw, hlc) if type(raw) is str else None
            if origin is None:
                raise Refused(f"{spec.label}“{record_id}”的修改时间不对")
            made[hlc, device] = origin
    return remote, made


@functools.lru_cache(maxsize=4096)
def _origin(raw: str, hlc: str) -> str | None:
    """A write's origin time in UTC, never later than its own clock (None: not an instant)."""
    try:
        moment = dt.datetime.fromisoformat(raw) if len(raw) <= 40 else None
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return min(moment.astimezone(dt.UTC).isoformat(timespec="milliseconds"), wall_time(hlc))


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


def _inside(conn: Connection, spec: EntitySpec, record: dict[str, Any], bounds: _Bounds) -> bool:
    """Whether a record (as held, or as it would be written) lies in the signer's scope.

    A record with no area at all lies in no street; an operator is shared by every office; an
    attachment lies where the record it belongs to lies.
    """
    if spec.name == "community":
        return record.get("street") in bounds.streets
    if spec.name == "project":  # a street's project may name no community, but some area
        community, street = record.get("community"), record.get("street")
        return bool(community or street) and (
            not community or community in bounds.communities) and (
            not street or street in bounds.streets)
    if "community" in spec.by_name:
        return record.get("community") in bounds.communities
    if spec.name == ATTACHMENT.name:
        owner_spec = ENTITIES.get(str(record.get("entity")))
        if owner_spec is None or owner_spec.name not in ORDER:
            return False
        owner = fetch(conn, owner_spec, str(record.get("record_id")))
        return owner is not None and _inside(conn, owner_spec, owner, bounds)
    return spec.name == "operator"


def _check_scope(conn: Connection, spec: EntitySpec, old: dict[str, Any] | None,
                 writes: dict[str, tuple[Any, str, str]], bounds: _Bounds,
                 record_id: str) -> None:
    """Both the record as held and as written must be inside the signer's scope (DESIGN.md)."""
    new = {**(old or {}), **{name: value for name, (value, _h, _d) in writes.items()}}
    if not ((old is None or _inside(conn, spec, old, bounds))
            and _inside(conn, spec, new, bounds)):
        raise Refused(f"{spec.label}“{record_id}”不在发送设备负责的区域内，整包拒收")
    shared = spec.name == "operator" or (
        spec.name == ATTACHMENT.name and new.get("entity") == "operator")
    if (shared and bounds.level not in (Level.DISTRICT, Level.ZONE, Level.CITY)
            and writes.get(DELETED, (False,))[0] is True
            and (old is None or not old["deleted"])):
        raise Refused(f"{spec.label}“{record_id}”只能由区县或市删除，整包拒收")
