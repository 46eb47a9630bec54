"""Reference bundles, sent down by a district or the city: areas and zones, operators, targets.

A reference bundle is a whole snapshot (not a change log): every district, zone and street with
its zone assignment, the operators with their 合格 mark, the coverage targets, the programme
directory and scoring, and the qualified-operator list's versions (qualified.json). It has the
bundle layout with format cfl-reference/1 and a version number for seq_from and seq_to; a
street accepts it only when its trusted upstream key signed it, and only a newer version.
Areas are written as reference data (neither logged nor sent upward); operators are merged
field by field like any bundle, so a street's own edits of an operator are not lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from app.domain.entities import DISTRICT, OPERATOR, STREET, ZONE
from app.domain.enums import Function
from app.domain.fields import EntitySpec
from app.domain.operators import MAX_BYTES as MAX_LIST_BYTES
from app.domain.operators import ListError
from app.domain.programme import DirectoryError
from app.domain.scoring import ScoringError
from app.store import programme, qualified, sort_keys, writer
from app.store.areas import CITY
from app.store.db import Ledger
from app.store.rows import fetch_many
from app.store.settings import get_setting, store_settings
from app.store.targets import TARGETS, coverage_targets
from app.sync import bundle, hostile, keys, minisign, rotation
from app.sync.merge import Refused, merge_payload
from app.sync.outcome import Outcome, Status
from app.sync.payload import Payload, PayloadBroken

VERSION = "sync/reference_version"
LAST_PAYLOAD = "sync/reference_sha256"
APPLIED = "sync/reference_applied"
AREAS = (DISTRICT, ZONE, STREET)
TARGETS_FILE = "targets.json"
PROGRAMME_FILE = "programme.json"
"""The programme directory (app/store/programme.py); absent from bundles made before it."""
SCORING_FILE = "scoring.json"
QUALIFIED_FILE = "qualified.json"
"""The qualified-operator list's thresholds and versions (app/store/qualified.py); a bad one is
refused by itself, the rest of the bundle still applies."""


def _area_lines(conn: Connection, spec: EntitySpec) -> bytes:
    rows = fetch_many(conn, spec, [r[0] for r in conn.execute(
        text(f"SELECT id FROM {spec.name} WHERE deleted = 0 ORDER BY id"))])
    lines = []
    for record_id in sorted(rows):
        record = rows[record_id]
        values = {f.name: writer.to_json(record.get(f.name)) for f in spec.fields}
        lines.append(bundle.canonical_json({"id": record_id, "fields": values}) + b"\n")
    return b"".join(lines)


def _operator_lines(conn: Connection) -> bytes:
    ids = [r[0] for r in conn.execute(text("SELECT id FROM operator ORDER BY id"))]
    found = fetch_many(conn, OPERATOR, ids)
    names = {"name", "credit_code", "kind", "qualified", "deleted"}
    lines = []
    for record_id in sorted(found):
        record = found[record_id]
        fields = names & set(record.get("clocks") or {})
        if fields:
            lines.append(bundle.canonical_json(bundle.row_line(OPERATOR, record, fields)) + b"\n")
    return b"".join(lines)


def make_reference(ledger: Ledger, *, now: dt.datetime | None = None) -> Path | None:
    """A new reference bundle in the outbox; None when nothing changed since the last one."""
    with ledger.engine.connect() as conn:
        payload = [(f"data/{spec.name}.jsonl", _area_lines(conn, spec)) for spec in AREAS]
        payload.append(("data/operator.jsonl", _operator_lines(conn)))
    targets = {f.value: t for f, t in coverage_targets(ledger).items()}
    payload.append((TARGETS_FILE, bundle.canonical_json(targets)))
    payload.append((PROGRAMME_FILE, bundle.canonical_json(programme.directory(ledger).to_json())))
    payload.append((SCORING_FILE, bundle.canonical_json(programme.scoring(ledger).to_json())))
    payload.append((QUALIFIED_FILE, bundle.canonical_json(qualified.published(ledger).to_json())))
    digest = hashlib.sha256(b"".join(n.encode() + b"\0" + body for n, body in payload))
    if digest.hexdigest() == get_setting(ledger, LAST_PAYLOAD):
        return None
    version = int(get_setting(ledger, VERSION, 0)) + 1
    counted = [(name, body, body.count(b"\n") if name.endswith(".jsonl") else 1)
               for name, body in payload]
    manifest = bundle.manifest_for(ledger, version, version, counted, now,
                                   kind=bundle.REFERENCE_FORMAT)
    code = manifest["scope"]["code"] or "xian"
    path = bundle.outbox(ledger) / f"ref-{code}-{ledger.identity.fingerprint}-{version}" \
        f"{bundle.SUFFIX}"
    with ledger.write() as conn:
        bundle.seal(ledger, manifest, counted, path)
        store_settings(conn, {VERSION: version, LAST_PAYLOAD: digest.hexdigest()})
    for older in bundle.outbox(ledger).glob(f"ref-*-{ledger.identity.fingerprint}-*"):
        if older != path:  # a snapshot: only the newest is worth sending
            older.unlink(missing_ok=True)
    return path


def apply_reference(ledger: Ledger, path: Path, checked: bundle.Verified) -> Outcome:
    """Take a verified reference bundle if the trusted upstream signed it and it is newer."""
    manifest = checked.manifest
    fingerprint = str(manifest["device"]["fingerprint"])
    version = int(manifest["seq_to"])
    outcome = Outcome(path, Status.APPLIED, "", fingerprint, version, version)
    upstream = keys.upstream(ledger)
    if upstream is not None and upstream.fingerprint != fingerprint:
        try:  # the office above rotated its key: its statement hands over to the signer
            signer = minisign.parse_public_key(manifest["device"]["public_key"])
            if rotation.follow_upstream(ledger, manifest.get("rotation"), signer):
                upstream = keys.upstream(ledger)
        except rotation.RotationRefused as exc:
            outcome.status, outcome.message = Status.REJECTED, str(exc)
            return outcome
    if upstream is None or upstream.fingerprint != fingerprint:
        outcome.status = Status.REJECTED
        outcome.message = f"参考数据由 {fingerprint} 签发，不是本单位信任的上级，不予接收"
        return outcome
    if upstream.key.key != bundle.embedded_key(manifest):
        outcome.status, outcome.message = Status.REJECTED, "参考数据的公钥与信任的上级不符"
        return outcome
    applied = get_setting(ledger, APPLIED) or {}
    if applied.get(fingerprint, 0) >= version:
        outcome.status = Status.DUPLICATE
        outcome.message = f"已有第 {applied.get(fingerprint)} 版参考数据，第 {version} 版无需导入"
        return outcome
    try:
        with ledger.write() as conn:
            payload: Mapping[str, bytes] = checked.payload or {}
            areas = sum(_upsert_areas(ledger, conn, spec, payload) for spec in AREAS)
            operators = Payload.of(
                {"data/operator.jsonl": payload.get("data/operator.jsonl", b"")}, path.name)
            logged = conn.execute(text("SELECT coalesce(max(seq), 0) FROM change_log")).scalar()
            outcome.conflicts = merge_payload(ledger, conn, operators, CITY, _far_future())
            # reference data is not logged, never sent up again (DESIGN.md): the office above
            # has these operators already
            conn.execute(text("DELETE FROM change_log WHERE seq > :s"), {"s": logged})
            targets = hostile.load_json(payload.get(TARGETS_FILE, b"{}") or b"{}", "目标")
            programme.store_received(
                conn, _optional_json(payload, PROGRAMME_FILE, "项目名录"),
                _optional_json(payload, SCORING_FILE, "计分办法"))
            store_settings(conn, {TARGETS: {f.value: float(targets[f.value])
                                            for f in Function.nine() if f.value in targets},
                                  APPLIED: {**applied, fingerprint: version}})
            refused = _take_qualified(conn, payload)
    except (Refused, PayloadBroken) as exc:
        outcome.status, outcome.message = Status.REJECTED, str(exc)
        return outcome
    except (DirectoryError, ScoringError) as exc:
        outcome.status, outcome.message = Status.REJECTED, f"参考数据不予接收：{exc}"
        return outcome
    except (ValueError, KeyError, TypeError, AttributeError):
        outcome.status = Status.REJECTED
        outcome.message = "参考数据的内容无法解析"
        return outcome
    except IntegrityError:  # an area naming a district or zone the bundle and ledger lack
        outcome.status = Status.REJECTED
        outcome.message = "参考数据前后不一致（引用了不存在的区域），不予接收"
        return outcome
    outcome.status = Status.APPLIED
    outcome.message = f"已更新参考数据（第 {version} 版）：区域 {areas} 条有变化" + refused
    return outcome


def _take_qualified(conn: Connection, payload: Mapping[str, bytes]) -> str:
    """Keep the qualified-operator list the bundle carries; what was refused, said, or "".

    A list that is too big or not what it claims is refused alone (the areas, operators and the
    rest still apply) and the list held before stays.
    """
    body = payload.get(QUALIFIED_FILE)
    if body is None:  # a bundle made before the list travelled
        return ""
    why = f"超过 {MAX_LIST_BYTES // (1024 * 1024)} MB" if len(body) > MAX_LIST_BYTES else ""
    if not why:
        try:
            qualified.store_received(conn, hostile.load_json(body, "合格运营商名单"))
            return ""
        except (ListError, hostile.Malformed) as exc:
            why = str(exc)
    return f"；合格运营商名单（{QUALIFIED_FILE}）不予接收：{why}，仍用原有名单"


def _optional_json(payload: Mapping[str, bytes], name: str, what: str) -> object:
    """A JSON file of the payload, or None when the bundle does not carry it."""
    body = payload.get(name)
    return None if body is None else hostile.load_json(body, what)


def _far_future() -> int:
    # The office above's clock is not judged: its operators' marks are its own to date.
    return int(dt.datetime(2999, 1, 1, tzinfo=dt.UTC).timestamp() * 1000)


def _upsert_areas(ledger: Ledger, conn: Connection, spec: EntitySpec,
                  payload: Mapping[str, bytes]) -> int:
    """Write the areas as sent: new ones added, changed ones updated; returns how many."""
    rows = [hostile.load_json(line, "参考数据")
            for line in payload.get(f"data/{spec.name}.jsonl", b"").splitlines()]
    have = fetch_many(conn, spec, [str(r["id"]) for r in rows])
    new, changed, renamed = [], 0, []
    for row in rows:
        values = {f.name: f.parse_stored(row["fields"].get(f.name)) for f in spec.fields}
        old = have.get(str(row["id"]))
        if old is None:
            new.append({"id": str(row["id"]), **values})
            continue
        diff = {n: v for n, v in values.items()
                if writer.to_json(v) != writer.to_json(old.get(n))}
        if diff:
            sets = ", ".join(f"{spec.field(n).column} = :{n}" for n in diff)
            conn.execute(text(f"UPDATE {spec.name} SET {sets} WHERE id = :id"),
                         {**{n: writer.to_db(v) for n, v in diff.items()}, "id": old["id"]})
            changed += 1
            if sort_keys.renames(spec, diff):
                renamed.append(str(old["id"]))
    sort_keys.rekey(conn, spec, renamed)  # a renamed area sorts by its new name
    writer.insert_records(conn, spec, new, [ledger.stamp() for _ in new], reference=True)
    return changed + len(new)
