"""Applying a bundle from an enrolled device: checked first, then merged field by field."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.fields import EntitySpec
from app.domain.validate import Invalid
from app.services import records
from app.services.areas import Scope, community_ids_sql, street_ids_sql
from app.services.settings import get_setting, store_settings
from app.store import writer
from app.store.clock import parse_hlc
from app.store.db import Ledger
from app.sync import bundle, keys, minisign
from app.sync.registers import Write, merge

MAX_SKEW_MS = 24 * 3600 * 1000
"""Clocks further ahead than this are refused: a laptop with a wrong date must not win merges."""


@dataclass
class Outcome:
    """What became of one bundle: applied, duplicate, gap, fork or rejected, and why."""

    path: Path
    status: str
    message: str
    device: str = ""
    seq_from: int = 0
    seq_to: int = 0
    conflicts: int = 0
    missing: list[int] = field(default_factory=list)


def held_dir(ledger: Ledger) -> Path:
    """Bundles waiting for the ones before them, and quarantined forks (beside the ledger)."""
    return ledger.path.with_name(ledger.path.name + ".held")


def _state_key(fingerprint: str) -> str:
    return f"sync/applied/{fingerprint}"


def apply_bundle(ledger: Ledger, path: Path, *, now: dt.datetime | None = None) -> Outcome:
    """Check a bundle and merge it in one transaction; a refused one changes nothing."""
    try:
        # verified against the key it carries; enrolled means that key is the one on record
        checked = bundle.verify_bundle(path)
    except minisign.VerifyFailed as exc:
        return Outcome(path, "rejected", str(exc))
    manifest = checked.manifest
    fingerprint = str(manifest["device"]["fingerprint"])
    device = keys.enrolled(ledger, fingerprint)
    carried = minisign.parse_public_key(manifest["device"]["public_key"])
    if device is None or device.key != carried:
        return Outcome(path, "rejected", f"设备 {fingerprint} 未登记，数据包不予接收")
    scope = device.scope
    seq_from, seq_to = int(manifest["seq_from"]), int(manifest["seq_to"])
    outcome = Outcome(path, "", "", fingerprint, seq_from, seq_to)
    state = get_setting(ledger, _state_key(fingerprint)) or {"seq": 0, "ranges": {}}
    span = f"{seq_from}-{seq_to}"
    if state["ranges"].get(span) == checked.manifest_sha256:
        outcome.status, outcome.message = "duplicate", "已接收过的数据包，无需再次导入"
        return outcome
    if span in state["ranges"] or seq_from <= state["seq"]:
        _keep(ledger, path, "quarantine")
        outcome.status = "fork"
        outcome.message = f"序号 {span} 与已导入的数据包冲突（分叉），已隔离，请人工核查"
        return outcome
    if seq_from > state["seq"] + 1:
        _keep(ledger, path, "waiting")
        outcome.status = "gap"
        outcome.missing = list(range(state["seq"] + 1, seq_from))
        outcome.message = (f"缺少序号 {state['seq'] + 1}–{seq_from - 1} 的数据包，"
                           "已暂存，收到后自动导入")
        return outcome
    moment = now or dt.datetime.now(dt.UTC)
    limit = int(moment.timestamp() * 1000) + MAX_SKEW_MS
    try:
        with ledger.write() as conn:
            outcome.conflicts = _merge_payload(ledger, conn, checked.payload, scope, limit)
            state["seq"] = seq_to
            state["ranges"][span] = checked.manifest_sha256
            store_settings(conn, {_state_key(fingerprint): state})
    except Refused as exc:
        outcome.status, outcome.message = "rejected", str(exc)
        return outcome
    outcome.status = "applied"
    outcome.message = f"已导入序号 {span}" + (
        f"，{outcome.conflicts} 处修改冲突已记入历史" if outcome.conflicts else "")
    _apply_waiting(ledger, fingerprint)
    return outcome


class Refused(Exception):
    """A bundle whose content may not be merged (scope, clocks, values); nothing is written."""


def _merge_payload(ledger: Ledger, conn: Connection, payload: dict[str, bytes], scope: Scope,
                   limit_ms: int) -> int:
    allowed = {r[0] for r in conn.execute(
        text(f"SELECT id FROM community WHERE id IN ({community_ids_sql(scope)})"),
        {"scope": scope.id})}
    streets = {r[0] for r in conn.execute(
        text(f"SELECT id FROM street WHERE id IN ({street_ids_sql(scope)})"), {"scope": scope.id})}
    conflicts = 0
    at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    order = ["community", "operator", "space", "function_status", "demand", "project",
             "evaluation", ATTACHMENT.name]
    for entity in sorted((p.split("/")[1].removesuffix(".jsonl") for p in payload
                          if p.startswith("data/")), key=lambda e: order.index(e)
                         if e in order else len(order)):
        spec = ATTACHMENT if entity == ATTACHMENT.name else ENTITIES.get(entity)
        if spec is None:
            raise Refused(f"数据包含有未知的表“{entity}”")
        for line in payload[f"data/{entity}.jsonl"].splitlines():
            row = json.loads(line)
            conflicts += _merge_row(ledger, conn, spec, row, allowed, streets, limit_ms, at)
    return conflicts


def _merge_row(ledger: Ledger, conn: Connection, spec: EntitySpec, row: dict[str, Any],
               allowed: set[str], streets: set[str], limit_ms: int, at: str) -> int:
    record_id = str(row["id"])
    old = records.fetch(conn, spec, record_id)
    remote: dict[str, Write] = {}
    for name, item in row["fields"].items():
        if name != "deleted" and name not in spec.by_name:
            raise Refused(f"{spec.label}没有字段“{name}”")
        hlc = str(item["hlc"])
        if parse_hlc(hlc)[0] > limit_ms:
            raise Refused(f"时钟超前超过 24 小时（{hlc}），请检查发送设备的日期时间")
        ledger.clock.observe(hlc)
        remote[name] = Write(item["value"], hlc, str(item["device"]))
    local: dict[str, Write] = {}
    if old is not None:
        for name in remote:
            clock = (old.get("clocks") or {}).get(name)
            if clock:
                value = bool(old["deleted"]) if name == "deleted" else old.get(name)
                local[name] = Write(writer.to_json(value), clock[0], clock[1])
    _merged, changed, lost = merge(local, remote)
    writes: dict[str, tuple[Any, str, str]] = {}
    for name, write in changed.items():
        try:
            value = bool(write.value) if name == "deleted" else spec.field(name).parse(
                write.value)
        except Invalid as exc:
            raise Refused(f"{spec.label}“{record_id}”的“{spec.field(name).label}”：{exc}") from None
        writes[name] = (value, write.hlc, write.device)
    _check_scope(spec, old, writes, allowed, streets, record_id)
    if spec.name == "community" and (old is None or "street" in writes):
        allowed.add(record_id)
    losers = [(x.field, x.loser.value, x.winner.value, x.loser.hlc, x.loser.device)
              for x in lost]
    if writes or losers:
        writer.merge_record(conn, spec, record_id, old, writes, losers, at)
    return len(losers)


def _check_scope(spec: EntitySpec, old: dict[str, Any] | None, writes: dict[str, Any],
                 allowed: set[str], streets: set[str], record_id: str) -> None:
    def value(name: str) -> Any:
        return writes[name][0] if name in writes else (old or {}).get(name)

    if spec.name == "community":
        inside = value("street") in streets
    elif "community" in spec.by_name and spec.name != "project":
        inside = value("community") in allowed
    else:  # operators are shared; a project may belong to a street (checked with the merge)
        inside = True
    if not inside:
        raise Refused(f"{spec.label}“{record_id}”不在发送设备负责的区域内，整包拒收")


def _keep(ledger: Ledger, path: Path, why: str) -> None:
    folder = held_dir(ledger) / why
    folder.mkdir(parents=True, exist_ok=True)
    if path.resolve() != (folder / path.name).resolve():
        shutil.copyfile(path, folder / path.name)


def _apply_waiting(ledger: Ledger, fingerprint: str) -> None:
    """Bundles held for a gap that the one just applied closes, applied in order."""
    folder = held_dir(ledger) / "waiting"
    if not folder.is_dir():
        return
    state = get_setting(ledger, _state_key(fingerprint)) or {"seq": 0}
    waiting = []
    for path in folder.glob(f"*-{fingerprint}-*{bundle.SUFFIX}"):
        parts = path.stem.split("-")
        waiting.append((int(parts[-2]), path))
    for seq_from, path in sorted(waiting):
        if seq_from != state["seq"] + 1:
            break
        outcome = apply_bundle(ledger, path)
        if outcome.status in ("applied", "duplicate"):
            path.unlink(missing_ok=True)
            state = get_setting(ledger, _state_key(fingerprint)) or {"seq": 0}
