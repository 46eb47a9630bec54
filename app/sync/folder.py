"""Sync over a folder (a USB stick, a shared folder): outbox/ and receipts/ on it, both ways.

One call does what an office does with a stick in hand: bundle its own changes and write every
unacknowledged bundle to outbox/ (an office with devices below adds its reference data), take
the receipts meant for it from receipts/, apply the bundles on the stick that its enrolled
devices or its upstream signed (after one backup) and leave a receipt for each device in
receipts/. Files meant for other offices are left alone.
"""

from __future__ import annotations

import filecmp
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from app.store import backup
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings
from app.store.whole import copy_whole
from app.sync import bundle, hostile, keys, receipts, rotation
from app.sync.apply import applied_state, apply_batch
from app.sync.outcome import Outcome, Status
from app.sync.reference import APPLIED, make_reference
from app.task import QUIET, TaskState

OUTBOX = "outbox"
RECEIPTS = "receipts"
LAST_FOLDER = "sync/last_folder"



@dataclass
class FolderSync:
    """What one sync with a folder did."""

    folder: Path
    made: bundle.Made | None = None
    written: list[str] = field(default_factory=list)
    accepted: list[receipts.Accepted] = field(default_factory=list)
    refused_receipts: list[tuple[str, str]] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    receipts_written: list[Path] = field(default_factory=list)
    backup: Path | None = None
    reference: Path | None = None

    @property
    def delivered_seq(self) -> int:
        """The highest sequence the office above acknowledged in the receipts read."""
        return max((a.seq for a in self.accepted), default=0)


def _signer(path: Path) -> tuple[str, int, int, str, str | None] | None:
    """(fingerprint, seq_from, seq_to, manifest hash, the old key its rotation statement names)
    of a bundle, read unverified: for sorting and skipping only (None: unreadable)."""
    data = bundle.manifest_bytes(path)  # the manifest only: a bundle may be large
    try:
        manifest = hostile.load_json(data or b"", "清单")
        return (str(manifest["device"]["fingerprint"]), int(manifest["seq_from"]),
                int(manifest["seq_to"]), hashlib.sha256(data or b"").hexdigest(),
                rotation.announced_old(manifest))
    except (ValueError, KeyError, TypeError, IndexError, OverflowError):
        return None


def _copy_same(source: Path, target: Path) -> bool:
    """Copy unless the target already holds the same bytes; True if written."""
    if target.exists() and filecmp.cmp(source, target, shallow=False):  # in blocks
        return False
    copy_whole(source, target, private=True)
    return True


def sync_folder(ledger: Ledger, folder: Path, task: TaskState = QUIET) -> FolderSync:
    """Exchange bundles and receipts with a folder; see the module docstring."""
    report = FolderSync(folder)
    outbox, inbox = folder / OUTBOX, folder / RECEIPTS
    try:
        outbox.mkdir(parents=True, exist_ok=True)
        inbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise bundle.BundleRefused(
            f"无法在“{folder}”中写入：{exc.strerror or exc}。请检查U盘是否写保护或已拔出") from None

    def step(done: int, total: int, what: str) -> None:
        task.check("同步已取消；已完成的部分保留")
        task.progress(done, total, what)

    step(0, 1, "打包本机的修改")
    known = keys.devices(ledger)
    senders = {d.fingerprint for d in known if d.role == keys.ENROLLED}
    _send(ledger, outbox, report, with_reference=bool(senders))
    _accept_receipts(ledger, inbox, report)
    upstream = next((d.fingerprint for d in known if d.role == keys.UPSTREAM), None)
    ordered = _to_apply(ledger, outbox, senders, upstream)
    if ordered:
        report.backup = backup.create_backup(ledger.path, "bundle")
    report.outcomes = apply_batch(
        ledger, ordered, before=lambda done, path: step(done, len(ordered), f"导入 {path.name}"))
    senders = {d.fingerprint for d in keys.devices(ledger) if d.role == keys.ENROLLED}  # rotated
    touched = {o.device for o in report.outcomes
               if o.status not in (Status.REJECTED, Status.FAILED) and o.device in senders}
    for fingerprint in sorted(touched | _unreceipted(ledger, senders, inbox)):
        made = receipts.make_receipt(ledger, fingerprint, inbox)
        if made is not None:
            report.receipts_written.append(made)
    set_settings(ledger, **{LAST_FOLDER: str(folder)})
    step(1, 1, "完成")
    return report


def _send(ledger: Ledger, outbox: Path, report: FolderSync, *, with_reference: bool) -> None:
    """Bundle this office's changes (an office with devices below: its reference data too) and
    copy its outbox to the stick, dropping older reference snapshots of its own there."""
    own = ledger.identity.fingerprint
    report.made = bundle.make_bundle(ledger)
    if with_reference:
        report.reference = make_reference(ledger)
    mine = {p.name for p in bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}")}
    for path in sorted(bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}")):
        if _copy_same(path, outbox / path.name):
            report.written.append(path.name)
    for stale in outbox.glob(f"ref-*-{own}-*{bundle.SUFFIX}"):
        if stale.name not in mine:  # an older reference snapshot of ours
            stale.unlink(missing_ok=True)


def _accept_receipts(ledger: Ledger, inbox: Path, report: FolderSync) -> None:
    """Take the receipts the office above left for this office."""
    for own in (ledger.identity.fingerprint, *rotation.retired_fingerprints(ledger)):
        for path in sorted(inbox.glob(f"{own}-*{receipts.SUFFIX}")):
            try:
                report.accepted.append(receipts.accept_receipt(ledger, path))
            except receipts.ReceiptRefused as exc:
                report.refused_receipts.append((path.name, str(exc)))


def _to_apply(ledger: Ledger, outbox: Path, senders: set[str],
              upstream: str | None) -> list[Path]:
    """The bundles on the stick this office should apply and has not: each device's in order."""
    references = get_setting(ledger, APPLIED) or {}
    waiting: list[tuple[tuple[str, int], Path]] = []
    for path in sorted(outbox.glob(f"*{bundle.SUFFIX}")):
        signer = _signer(path)
        if signer is None or (signer[0] not in senders | {upstream}
                              and signer[4] not in senders):  # [4]: a key rotated below
            continue  # ours, another office's, or damaged: not this office's to judge
        fingerprint, seq_from, seq_to, sha, _old = signer
        if fingerprint == upstream:
            if seq_to > references.get(fingerprint, 0):
                waiting.append(((fingerprint, seq_from), path))
        elif applied_state(ledger, fingerprint)["ranges"].get(f"{seq_from}-{seq_to}") != sha:
            waiting.append((_order(signer), path))
    return [path for _key, path in sorted(waiting)]


def _order(signer: tuple[str, int, int, str, str | None]) -> tuple[str, int]:
    """Where a bundle goes in a batch: by device, then sequence; a rotated key's right after its
    old key's (so that the old key's last bundle comes first and nothing waits)."""
    fingerprint, seq_from, _to, _sha, old = signer
    return (f"{old}/{fingerprint}" if old else fingerprint, seq_from)


def _unreceipted(ledger: Ledger, senders: set[str], inbox: Path) -> set[str]:
    """Devices whose latest receipt is not on the stick yet (a receipt lost or never written)."""
    missing = set()
    for fingerprint in senders:
        seq = applied_state(ledger, fingerprint)["seq"]
        if seq and not (inbox / f"{fingerprint}-{seq}{receipts.SUFFIX}").exists():
            missing.add(fingerprint)
    return missing
