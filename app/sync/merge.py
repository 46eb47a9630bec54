"""A verified bundle's rows merged into the ledger: the register rule per field, written in bulk."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.fields import EntitySpec
from app.domain.validate import Invalid
from app.services import records
from app.services.areas import Scope, community_ids_sql, street_ids_sql
from app.store import writer
from app.store.clock import format_hlc
from app.store.db import Ledger
from app.sync.registers import DELETED, Write, merge

CHUNK = 2000
"""Rows read, merged and written together: enough to make the writes bulk, little memory."""

ORDER = ("community", "operator", "space", "function_status", "demand", "project",
         "evaluation", ATTACHMENT.name)
"""Entities in the order their references need: a space's community is merged before it."""


class Refused(Exception):
    """A bundle whose content may not be merged (scope, clocks, values); nothing is written."""


@dataclass
class _Bounds:
    """What the signer may write: the communities and streets of its scope; the clock limit."""

    communities: set[str]
    streets: set[str]
    latest: str
    at: str


def merge_payload(ledger: Ledger, conn: Connection, payload: dict[str, bytes], scope: Scope,
                  limit_ms: int) -> int:
    """Merge every data file of a bundle inside the caller's transaction; the conflicts kept.

    Refused (and the caller rolls back) for rows outside the scope, clocks beyond `limit_ms`,
    unknown tables or fields, and values the field declarations refuse.
    """
    bounds = _Bounds(
        {r[0] for r in conn.execute(
            text(f"SELECT id FROM community WHERE id IN ({community_ids_sql(scope)})"),
            {"scope": scope.id})},
        {r[0] for r in conn.execute(
            text(f"SELECT id FROM street WHERE id IN ({street_ids_sql(scope)})"),
            {"scope": scope.id})},
        format_hlc(limit_ms, 99999),
        dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
    )
    entities = [p.removeprefix("data/").removesuffix(".jsonl") for p in payload
                if p.startswith("data/")]
    conflicts = 0
    for entity in sorted(entities, key=lambda e: ORDER.index(e) if e in ORDER else len(ORDER)):
        spec = ATTACHMENT if entity == ATTACHMENT.name else ENTITIES.get(entity)
        if spec is None or entity not in ORDER:
            raise Refused(f"数据包含有不能导入的表“{entity}”")
        lines = payload[f"data/{entity}.jsonl"].splitlines()
        for start in range(0, len(lines), CHUNK):
            try:
                rows = [json.loads(line) for line in lines[start:start + CHUNK]]
            except ValueError:
                raise Refused(f"“{entity}”的数据无法解析") from None
            conflicts += _merge_rows(ledger, conn, spec, rows, bounds)
    return conflicts


def _merge_rows(ledger: Ledger, conn: Connection, spec: EntitySpec, rows: list[dict[str, Any]],
                bounds: _Bounds) -> int:
    try:
        olds = records.fetch_many(conn, spec, (str(r["id"]) for r in rows))
    except (KeyError, TypeError):
        raise Refused(f"{spec.label}的数据缺少记录ID") from None
    decided: list[writer.Merged] = []
    latest = ""
    for row in rows:
        record_id = str(row["id"])
        old = olds.get(record_id)
        remote = _remote_writes(spec, record_id, row)
        newest = max(hlc for _v, hlc, _d in remote.values())
        if newest > bounds.latest:
            raise Refused(f"时钟超前超过 24 小时（{newest}），请检查发送设备的日期时间")
        latest = max(latest, newest)
        losers: list[tuple[str, Any, Any, str, str]] = []
        if old is not None:
            remote, losers = _merge_old(old, remote)
        writes = {name: (_value(spec, record_id, name, value), hlc, device)
                  for name, (value, hlc, device) in remote.items()}
        _check_scope(spec, old, writes, bounds, record_id)
        if spec.name == "community" and (old is None or "street" in writes):
            bounds.communities.add(record_id)
        if writes or losers:
            decided.append(writer.Merged(record_id, old, writes, losers))
    if latest:
        ledger.clock.observe(latest)
    writer.merge_records(conn, spec, decided, bounds.at)
    return sum(len(m.lost) for m in decided)


def _merge_old(old: dict[str, Any], remote: dict[str, tuple[Any, str, str]]
               ) -> tuple[dict[str, tuple[Any, str, str]], list[tuple[str, Any, Any, str, str]]]:
    """The remote writes that win against a record this ledger has, and the losing values."""
    clocks = old.get("clocks") or {}
    local: dict[str, Write] = {}
    for name in remote:
        if name in clocks:
            value = old["deleted"] if name == DELETED else old.get(name)
            local[name] = Write(writer.to_json(value), *clocks[name])
    _merged, changed, lost = merge(local, {n: Write(*w) for n, w in remote.items()})
    return ({n: (w.value, w.hlc, w.device) for n, w in changed.items()},
            [(x.field, x.loser.value, x.winner.value, x.loser.hlc, x.loser.device) for x in lost])


def _remote_writes(spec: EntitySpec, record_id: str,
                   row: dict[str, Any]) -> dict[str, tuple[Any, str, str]]:
    """A row's writes as (value, hlc, device) by field, their names and clocks checked."""
    try:
        fields = row["fields"]
        unknown = fields.keys() - spec.by_name.keys() - {DELETED}
        if unknown:
            raise Refused(f"{spec.label}没有字段“{'、'.join(sorted(unknown))}”")
        remote = {name: (item["value"], item["hlc"], item["device"])
                  for name, item in fields.items()}
    except (KeyError, TypeError, AttributeError):
        raise Refused(f"{spec.label}“{record_id}”的数据不完整") from None
    if not remote:
        raise Refused(f"{spec.label}“{record_id}”没有任何字段")
    for _raw, hlc, device in remote.values():
        if not (type(hlc) is str and len(hlc) == 22 and hlc[16] == "-"
                and type(device) is str and len(device) == 16):
            raise Refused(f"{spec.label}“{record_id}”的时钟或设备编号不对")
    return remote


def _value(spec: EntitySpec, record_id: str, name: str, raw: Any) -> Any:
    if name == DELETED:
        return bool(raw)
    field = spec.field(name)
    try:
        return field.parse_stored(raw)
    except Invalid as exc:
        raise Refused(f"{spec.label}“{record_id}”的“{field.label}”：{exc}") from None


def _check_scope(spec: EntitySpec, old: dict[str, Any] | None, writes: dict[str, Any],
                 bounds: _Bounds, record_id: str) -> None:
    def value(name: str) -> Any:
        return writes[name][0] if name in writes else (old or {}).get(name)

    if spec.name == "community":
        inside = value("street") in bounds.streets
    elif spec.name == "project":  # a street's project may name no community
        community, street = value("community"), value("street")
        inside = (community in bounds.communities if community
                  else street in bounds.streets if street else True)
    elif "community" in spec.by_name:
        inside = value("community") in bounds.communities
    else:  # operators are shared by all; attachments follow their record's bundle
        inside = True
    if not inside:
        raise Refused(f"{spec.label}“{record_id}”不在发送设备负责的区域内，整包拒收")
