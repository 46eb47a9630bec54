"""Applying a bundle from an enrolled device: checked first, then merged field by field."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.domain import china_time
from app.store import enckey
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.enckey import EncryptionKeys
from app.store.files import ContentMismatch, keep_blocks
from app.store.whole import copy_whole, make_dirs
from app.sync import bundle, hostile, minisign, revocation, rotation
from app.sync.applied import (
    QUARANTINE,
    WAITING,
    applied_state,
    held_dir,
    held_range,
    history_mark,
    note_applied,
    store_applied,
)
from app.sync.applied import held_device as held_device  # where the others have read it
from app.sync.checkpoint import is_checkpoint, take_checkpoint
from app.sync.contacts import record_contact
from app.sync.merge import ClockAhead, Refused, merge_payload
from app.sync.outcome import Outcome, Status
from app.sync.payload import Payload, PayloadBroken
from app.sync.reference import apply_reference

log = logging.getLogger(__name__)

MAX_SKEW_MS = 24 * 3600 * 1000
"""Clocks further ahead than this wait: a laptop with a wrong date must not win merges."""


def held_name(checked: bundle.Verified) -> str:
    """The name a held bundle is kept under: what its signed manifest says, never its own name."""
    manifest = checked.manifest
    return (f"{manifest['device']['fingerprint']}-{manifest['seq_from']}-{manifest['seq_to']}-"
            f"{checked.manifest_sha256[:16]}{bundle.SUFFIX}")


def apply_bundle(ledger: Ledger, path: Path, *, now: dt.datetime | None = None) -> Outcome:
    """Check a bundle and merge it in one transaction; a refused one changes nothing.

    Once it is in, the held bundles it lets through follow by themselves.
    """
    outcome = _apply_one(ledger, path, now=now)
    if outcome.status == Status.APPLIED:
        retry_waiting(ledger, now=now)
    return outcome


def _apply_one(ledger: Ledger, path: Path, *, now: dt.datetime | None = None) -> Outcome:
    try:
        # verified against the key it carries; enrolled means that key is the one on record
        checked = bundle.verify_bundle(path)
    except minisign.VerifyFailed as exc:
        return Outcome(path, Status.REJECTED, str(exc))
    manifest = checked.manifest
    if manifest["format"] == bundle.REFERENCE_FORMAT:
        return apply_reference(ledger, path, checked)
    if is_checkpoint(manifest):  # nothing new from its device: no range, no receipt
        return take_checkpoint(ledger, path, checked, now=now)
    fingerprint = str(manifest["device"]["fingerprint"])
    device = revocation.admit(ledger, manifest)  # enrolled (or by rotation), not revoked
    if isinstance(device, str):
        _keep(ledger, path, QUARANTINE, checked)  # for a person: enrol the key, import it again
        return Outcome(path, Status.REJECTED, device)
    seq_from, seq_to = manifest["seq_from"], manifest["seq_to"]
    outcome = Outcome(path, Status.APPLIED, "", fingerprint, seq_from, seq_to)
    state = applied_state(ledger, fingerprint)
    span = f"{seq_from}-{seq_to}"
    if state["ranges"].get(span) == checked.manifest_sha256:
        outcome.status, outcome.message = Status.DUPLICATE, "已接收过的数据包，无需再次导入"
        return outcome
    if span in state["ranges"] or seq_from <= state["seq"]:
        return _fork(ledger, path, checked, outcome,
                     f"序号 {span} 与已导入的数据包冲突（分叉），已隔离，请人工核查")
    if seq_from > state["seq"] + 1:
        _keep(ledger, path, WAITING, checked)
        outcome.status = Status.GAP
        outcome.missing = range(state["seq"] + 1, seq_from)
        outcome.message = (f"缺少序号 {state['seq'] + 1}–{seq_from - 1} 的数据包，"
                           "已暂存，收到后自动导入")
        return outcome
    waiting = rotation.old_key_missing(ledger, device, state)  # a new key's first bundle
    if waiting:
        _keep(ledger, path, WAITING, checked)
        outcome.status, outcome.message = Status.GAP, waiting
        return outcome
    if manifest["prev_manifest_sha256"] != rotation.chain_previous(ledger, device, state):
        return _fork(ledger, path, checked, outcome,
                     f"序号 {span} 的数据包与此前导入的不衔接（分叉），已隔离，请人工核查")
    try:
        with bundle.opened(checked, _keys_if_sealed(ledger, checked), work_dir(ledger)) as payload:
            return _merge(ledger, checked, payload, device.scope, outcome, state, now)
    except minisign.VerifyFailed as exc:  # sealed for another office, or damaged inside
        outcome.status, outcome.message = Status.REJECTED, str(exc)
        return outcome


def _keys_if_sealed(ledger: Ledger, checked: bundle.Verified) -> EncryptionKeys | None:
    return enckey.load_or_create(ledger.path) if checked.payload is None else None


def work_dir(ledger: Ledger) -> Path:
    """Where a sealed bundle is decrypted while it is applied (private, beside the ledger)."""
    return held_dir(ledger) / "work"


def _merge(ledger: Ledger, checked: bundle.Verified, payload: Payload, scope: Scope,
           outcome: Outcome, state: dict[str, Any], now: dt.datetime | None) -> Outcome:
    """Merge an opened payload and its attachments in one transaction; the outcome."""
    manifest, fingerprint = checked.manifest, outcome.device
    span = f"{manifest['seq_from']}-{manifest['seq_to']}"
    attached = [name for name in payload if name.startswith("files/")]
    for name in attached:  # named by their hash: checked as they are written, below
        if not hostile.SHA256.fullmatch(name[6:]):
            outcome.status, outcome.message = Status.REJECTED, f"附件名“{name}”不是摘要"
            return outcome
    moment = now or china_time.utc_now()
    limit = int(moment.timestamp() * 1000) + MAX_SKEW_MS
    try:
        with ledger.write() as conn:
            mark = history_mark(conn)
            outcome.conflicts = merge_payload(ledger, conn, payload, scope, limit)
            state["seq"] = manifest["seq_to"]
            state["ranges"][span] = checked.manifest_sha256
            store_applied(conn, fingerprint, state)
            note_applied(conn, fingerprint, span, mark, moment)  # for a review later
            record_contact(conn, fingerprint, manifest, moment)
            for name in attached:  # inside the transaction: a failure undoes the merge
                keep_blocks(ledger, payload.blocks(name), name[6:])
    except ClockAhead as exc:
        _keep(ledger, checked.path, WAITING, checked)
        outcome.status = Status.AHEAD
        outcome.message = (f"{exc}：已暂存，到时自动导入；请检查发送设备的日期和时间是否正确")
        return outcome
    except (Refused, PayloadBroken) as exc:
        outcome.status, outcome.message = Status.REJECTED, str(exc)
        return outcome
    except ContentMismatch as exc:
        outcome.status, outcome.message = Status.REJECTED, f"附件“{exc}”的内容与文件名不符"
        return outcome
    outcome.status = Status.APPLIED
    outcome.message = f"已导入序号 {span}" + (
        f"，{outcome.conflicts} 处修改冲突已记入历史" if outcome.conflicts else "")
    _drop_waiting(ledger, checked)
    return outcome


def _fork(ledger: Ledger, path: Path, checked: bundle.Verified, outcome: Outcome,
          message: str) -> Outcome:
    _keep(ledger, path, QUARANTINE, checked)
    outcome.status, outcome.message = Status.FORK, message
    return outcome


def _keep(ledger: Ledger, path: Path, why: str, checked: bundle.Verified) -> None:
    folder = held_dir(ledger) / why
    make_dirs(folder, private=True)
    target = folder / held_name(checked)
    if path.resolve() != target.resolve():
        copy_whole(path, target, private=True)


def _drop_waiting(ledger: Ledger, checked: bundle.Verified) -> None:
    (held_dir(ledger) / WAITING / held_name(checked)).unlink(missing_ok=True)


def retry_waiting(ledger: Ledger, *, now: dt.datetime | None = None) -> list[Outcome]:
    """Apply the held bundles whose turn has come (a gap closed, a clock caught up), in order.

    A held file is judged again whole; one that is no longer waiting (applied, a duplicate,
    refused or quarantined) leaves the waiting folder. Files not named by this ledger are
    left alone.
    """
    folder = held_dir(ledger) / WAITING
    outcomes: list[Outcome] = []
    progress = True
    while progress:
        progress = False
        by_device: dict[str, list[tuple[int, Path]]] = {}
        for path in sorted(folder.glob(f"*{bundle.SUFFIX}")) if folder.is_dir() else []:
            found = held_range(path.name)
            if found:
                by_device.setdefault(found[0], []).append((found[1], path))
        for fingerprint, waiting in sorted(by_device.items()):
            applied = int(applied_state(ledger, fingerprint)["seq"])
            for seq_from, path in sorted(waiting):
                if seq_from > applied + 1:
                    break
                outcome = _guarded(ledger, path, now=now)
                outcomes.append(outcome)
                if outcome.status.held or outcome.status == Status.FAILED:
                    break  # still waiting (a bug too: the file stays for the next try)
                path.unlink(missing_ok=True)
                if outcome.status != Status.APPLIED:
                    continue
                applied, progress = outcome.seq_to, True
    return outcomes


def _guarded(ledger: Ledger, path: Path, *, now: dt.datetime | None = None) -> Outcome:
    """One bundle applied, a bug in it logged and reported, never stopping a batch."""
    try:
        return _apply_one(ledger, path, now=now)
    except Exception as exc:  # a bug: the other files of the batch still go in
        log.exception("applying %s failed", path)
        return Outcome(path, Status.FAILED,
                       f"导入时出现程序错误（{type(exc).__name__}），已记入日志；其余文件照常处理")


def apply_batch(ledger: Ledger, paths: Sequence[Path], *, now: dt.datetime | None = None,
                before: Callable[[int, Path], None] | None = None) -> list[Outcome]:
    """Apply bundles one by one, each followed by the held bundles it lets through.

    Held bundles whose time has come (a clock that was ahead) go first. Every file gets its
    outcome, whatever happened to the others. `before(done, path)` is called before each file
    (progress; it may raise Cancelled between files).
    """
    outcomes = retry_waiting(ledger, now=now)
    for done, path in enumerate(paths):
        if before is not None:
            before(done, path)
        outcome = _guarded(ledger, path, now=now)
        outcomes.append(outcome)
        if outcome.status == Status.APPLIED:
            outcomes += retry_waiting(ledger, now=now)
    return outcomes
