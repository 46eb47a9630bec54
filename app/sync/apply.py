"""Applying a bundle from an enrolled device: checked first, then merged field by field."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.services import attachments
from app.services.settings import get_setting, store_settings
from app.store.db import Ledger
from app.sync import bundle, keys, minisign
from app.sync.merge import Refused, merge_payload

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


def applied_state(ledger: Ledger, fingerprint: str) -> dict[str, Any]:
    """What this ledger applied of a device: {"seq": highest contiguous, "ranges": {span: sha}}."""
    state: dict[str, Any] = get_setting(ledger, _state_key(fingerprint)) or {
        "seq": 0, "ranges": {}}
    return state


def apply_bundle(ledger: Ledger, path: Path, *, now: dt.datetime | None = None) -> Outcome:
    """Check a bundle and merge it in one transaction; a refused one changes nothing."""
    try:
        # verified against the key it carries; enrolled means that key is the one on record
        checked = bundle.verify_bundle(path)
    except minisign.VerifyFailed as exc:
        return Outcome(path, "rejected", str(exc))
    manifest = checked.manifest
    if manifest["format"] == bundle.REFERENCE_FORMAT:
        from app.sync.reference import apply_reference

        return apply_reference(ledger, path, checked)
    fingerprint = str(manifest["device"]["fingerprint"])
    device = keys.enrolled(ledger, fingerprint)
    carried = minisign.parse_public_key(manifest["device"]["public_key"])
    if device is None or device.key != carried:
        _keep(ledger, path, "quarantine")  # kept for a person: enrol the key, then import it
        return Outcome(path, "rejected", f"设备 {fingerprint} 未登记，数据包不予接收，"
                                         "已隔离；登记该设备后可再次导入")
    scope = device.scope
    seq_from, seq_to = int(manifest["seq_from"]), int(manifest["seq_to"])
    outcome = Outcome(path, "", "", fingerprint, seq_from, seq_to)
    state = applied_state(ledger, fingerprint)
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
    for name, content in checked.payload.items():  # by content: harmless if the merge fails
        if name.startswith("files/") and attachments.keep_bytes(ledger, content) != name[6:]:
            outcome.status, outcome.message = "rejected", f"附件“{name}”的内容与文件名不符"
            return outcome
    moment = now or dt.datetime.now(dt.UTC)
    limit = int(moment.timestamp() * 1000) + MAX_SKEW_MS
    try:
        with ledger.write() as conn:
            outcome.conflicts = merge_payload(ledger, conn, checked.payload, scope, limit)
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
    state = applied_state(ledger, fingerprint)
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
            state = applied_state(ledger, fingerprint)
