"""Sync over a folder (a USB stick, a shared folder): outbox/ and receipts/ on it, both ways.

One call does what an office does with a stick in hand: bundle its own changes, or make a
checkpoint when there is nothing new, and write every unacknowledged bundle to outbox/ (an office
with devices below adds its reference data), take the receipts meant for it from receipts/ (a
lower one from a restored office above puts what it lost back into outbox/), apply the bundles on
the stick that its enrolled devices or its upstream signed (after one backup) and leave a receipt
for each device in receipts/. Of its own files on the stick it keeps only the newest checkpoint, and
removes the bundles it no longer keeps (delivered over 30 days ago, or packed again); files meant
for other offices are left alone.
"""

from __future__ import annotations

import base64
import datetime as dt
import filecmp
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.store import backup, enckey
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings
from app.store.whole import copy_whole, storage_error, sweep_stale
from app.sync import (
    bundle,
    checkpoint,
    contacts,
    delivered_at,
    hostile,
    kept,
    keys,
    minisign,
    receipts,
    rotation,
)
from app.sync.apply import applied_state, apply_batch
from app.sync.lock import sync_round
from app.sync.outcome import Outcome, Status
from app.sync.reference import APPLIED, make_reference
from app.sync.rewind import Rewound
from app.task import QUIET, TaskState, Writes, directly

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
    checkpoint: Path | None = None
    """Nothing new to send: the signed checkpoint written instead."""
    expired: list[str] = field(default_factory=list)
    """Delivered bundles kept 30 days and now deleted."""

    @property
    def delivered_seq(self) -> int:
        """The highest sequence the office above acknowledged in the receipts read."""
        return max((a.seq for a in self.accepted if not a.ignored), default=0)

    @property
    def rewound(self) -> list[Rewound]:
        """What was sent again because the office above went back to a backup."""
        return [a.rewound for a in self.accepted if a.rewound is not None]


@dataclass(frozen=True)
class _Signed:
    """What a bundle on the stick says of itself, read unverified: for sorting and skipping."""

    fingerprint: str
    seq_from: int
    seq_to: int
    sha: str
    checkpoint_at: str | None
    """A checkpoint's origin time (None: not a checkpoint)."""
    reference: bool
    """A reference bundle: sent down, only ever for the offices below its signer."""
    old: str | None
    """The old key its rotation statement names (rotation.announced_old)."""


def signer_of(path: Path) -> _Signed | None:
    """What a bundle says of itself, unverified: for sorting and skipping only (None:
    unreadable)."""
    data = bundle.manifest_bytes(path)  # the manifest only: a bundle may be large
    try:
        manifest = hostile.load_json(data or b"", "清单")
        made = hostile.moment(manifest.get("created_at"))
        return _Signed(str(manifest["device"]["fingerprint"]), int(manifest["seq_from"]),
                       int(manifest["seq_to"]), hashlib.sha256(data or b"").hexdigest(),
                       (contacts.iso(made) if made else "") if manifest.get("checkpoint") is True
                       else None, manifest.get("format") == bundle.REFERENCE_FORMAT,
                       rotation.announced_old(manifest))
    except (ValueError, KeyError, TypeError, IndexError, OverflowError, AttributeError):
        return None


def _copy_same(source: Path, target: Path) -> bool:
    """Copy unless the target already holds the same bytes; True if written."""
    if target.exists() and filecmp.cmp(source, target, shallow=False):  # in blocks
        return False
    copy_whole(source, target, private=True)
    return True


def sync_folder(ledger: Ledger, folder: Path, task: TaskState = QUIET, *,
                now: dt.datetime | None = None, who: str = "U盘同步",
                write: Writes = directly) -> FolderSync:
    """Exchange bundles and receipts with a folder; see the module docstring. One round at a
    time per ledger (lock.sync_round; `who` names this one to a round that waits for it); the
    round itself is one `write` step."""
    with sync_round(ledger.path, who):
        return write(lambda: stick_round(ledger, folder, task, now))


def stick_round(ledger: Ledger, folder: Path, task: TaskState, now: dt.datetime | None, *,
                remember: bool = True) -> FolderSync:
    """The round of sync_folder, the lock already held; `remember`: note the folder as the last
    one used (the relay round stages in a private folder that no one should be shown)."""
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

    for shared in (outbox, inbox):  # what a round killed while writing to the stick left there
        sweep_stale(shared, "", time.time())  # file times are the wall clock's
    step(0, 1, "打包本机的修改")
    known = keys.devices(ledger)
    senders = {d.fingerprint for d in known if d.role == keys.ENROLLED}
    _send(ledger, outbox, report, with_reference=bool(senders), now=now)
    _accept_receipts(ledger, inbox, report, now)
    if report.rewound:  # sent again: what the office above lost goes on this stick now
        report.written += [n for n in copy_outbox(ledger, outbox) if n not in report.written]
    upstream = next((d.fingerprint for d in known if d.role == keys.UPSTREAM), None)
    found = to_apply(ledger, outbox, senders, upstream, known)
    ordered = [path for path, _checkpoint in found]
    if not all(is_checkpoint for _path, is_checkpoint in found):  # a checkpoint merges nothing
        report.backup = backup.create_backup(ledger.path, "bundle")
    report.outcomes = apply_batch(
        ledger, ordered, now=now,
        before=lambda done, path: step(done, len(ordered), f"导入 {path.name}"))
    senders = {d.fingerprint for d in keys.devices(ledger) if d.role == keys.ENROLLED}  # rotated
    _leave_receipts(ledger, inbox, senders, report)
    if remember:
        set_settings(ledger, **{LAST_FOLDER: str(folder)})
    step(1, 1, "完成")
    return report


def _send(ledger: Ledger, outbox: Path, report: FolderSync, *, with_reference: bool,
          now: dt.datetime | None) -> None:
    """Bundle this office's changes, or make a checkpoint when there is nothing new (an office
    with devices below: its reference data too), and copy its outbox to the stick."""
    report.made = bundle.make_bundle(ledger, now=now)
    report.expired = kept.expire(ledger, now=now)
    if report.made is None:
        report.checkpoint = checkpoint.make_checkpoint(ledger, now=now)
    else:  # the bundle says as much: an older checkpoint would only say less
        checkpoint.drop_older(bundle.outbox(ledger), ledger.identity.fingerprint)
    if with_reference:
        report.reference = make_reference(ledger)
    report.written = copy_outbox(ledger, outbox)
    if report.checkpoint is not None and report.checkpoint.name in report.written:
        report.written.remove(report.checkpoint.name)


def copy_outbox(ledger: Ledger, target: Path) -> list[str]:
    """Write the outbox's bundles to a stick's folder unless there already, and tidy this
    office's own files there: older reference snapshots and checkpoints go, and so do the
    bundles it no longer keeps (kept.prune_sent). The names written."""
    own = ledger.identity.fingerprint
    mine = {p.name for p in bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}")}
    try:  # the stick may be pulled out at any point: a Chinese message, never a traceback
        written = [path.name for path in sorted(bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}"))
                   if _copy_same(path, target / path.name)]
        for stale in [*target.glob(f"ref-*-{own}-*{bundle.SUFFIX}"),
                      *checkpoint.checkpoints_of(target, own)]:
            if stale.name not in mine:  # an older reference snapshot or checkpoint of ours
                stale.unlink(missing_ok=True)
        delivered = delivered_at.delivered_seq(ledger) - bundle.seq_base(ledger)
        kept.prune_sent(ledger, target, own, delivered)
    except OSError as exc:
        raise storage_error(exc, target) from None
    return written


def _accept_receipts(ledger: Ledger, inbox: Path, report: FolderSync,
                     now: dt.datetime | None) -> None:
    """Take the receipts the office above left for this office (and for its keys before a
    rotation), each key's highest first (an older one left on the stick then changes nothing)."""
    def seq(path: Path) -> int:
        number = path.name[:-len(receipts.SUFFIX)].rpartition("-")[2]
        return int(number) if number.isdigit() and len(number) <= 12 else -1

    for own in (ledger.identity.fingerprint, *rotation.retired_fingerprints(ledger)):
        found = inbox.glob(f"{own}-*{receipts.SUFFIX}")
        for path in sorted(found, key=lambda p: (-seq(p), p.name)):
            try:
                report.accepted.append(receipts.accept_receipt(ledger, path, now=now))
            except receipts.ReceiptRefused as exc:
                report.refused_receipts.append((path.name, str(exc)))


def to_apply(ledger: Ledger, outbox: Path, senders: set[str], upstream: str | None,
              known: list[keys.Device]) -> list[tuple[Path, bool]]:
    """The bundles on the stick this office should apply and has not: each device's in order,
    its checkpoint last, and only one newer than the device's last contact. With each, whether
    it says it is a checkpoint (signed: a bundle that says so is one, or is refused)."""
    references = get_setting(ledger, APPLIED) or {}
    heard = {d.fingerprint: d.last_contact or "" for d in known}
    waiting: list[tuple[tuple[str, int, bool], Path]] = []
    for path in sorted(outbox.glob(f"*{bundle.SUFFIX}")):
        signer = signer_of(path)
        if signer is None or (signer.fingerprint not in senders | {upstream}
                              and signer.old not in senders):  # a key rotated below
            continue  # ours, another office's, or damaged: not this office's to judge
        if signer.reference and signer.fingerprint != upstream:
            continue  # a device below sends its reference data further down, not to us
        fingerprint, seq_from = signer.fingerprint, signer.seq_from
        if signer.checkpoint_at is not None:
            if fingerprint != upstream and signer.checkpoint_at > heard.get(fingerprint, ""):
                waiting.append(((*_order(signer), True), path))
        elif fingerprint == upstream:
            if signer.seq_to > references.get(fingerprint, 0):
                waiting.append(((fingerprint, seq_from, False), path))
        elif applied_state(ledger, fingerprint)["ranges"].get(
                f"{seq_from}-{signer.seq_to}") != signer.sha:
            waiting.append(((*_order(signer), False), path))
    return [(path, key[2]) for key, path in sorted(waiting)]


def _leave_receipts(ledger: Ledger, inbox: Path, senders: set[str], report: FolderSync) -> None:
    """A receipt for each device whose bundles were judged or that says it sent more than this
    office has (receipts_due), and each whose receipt is not on the stick."""
    due = receipts_due(ledger, report.outcomes, senders)
    for fingerprint in sorted(set(due) | _unreceipted(ledger, senders, inbox)):
        made = receipts.make_receipt(ledger, fingerprint, inbox, empty=due.get(fingerprint, False))
        if made is not None:
            report.receipts_written.append(made)


def receipts_due(ledger: Ledger, outcomes: list[Outcome], senders: set[str]) -> dict[str, bool]:
    """The devices of these senders that a receipt is owed, after a batch: those whose bundles
    were judged, and those that say they sent more than this office has (a bundle after a gap,
    a checkpoint naming a later sequence). For the latter (True) a receipt is written even at
    sequence 0, so that a sender whose receiver went back to before its first bundle sends
    again. None for a checkpoint as such."""
    due: dict[str, bool] = {}
    for o in outcomes:
        if o.device not in senders or o.status in (Status.REJECTED, Status.FAILED):
            continue
        behind = o.status == Status.GAP or (
            o.status == Status.CHECKPOINT
            and o.last_sent > int(applied_state(ledger, o.device)["seq"]))
        if behind or o.status != Status.CHECKPOINT:
            due[o.device] = due.get(o.device, False) or behind
    return due


def _order(signer: _Signed) -> tuple[str, int]:
    """Where a bundle goes in a batch: by device, then sequence; a rotated key's right after its
    old key's (so that the old key's last bundle comes first and nothing waits)."""
    key = f"{signer.old}/{signer.fingerprint}" if signer.old else signer.fingerprint
    return (key, signer.seq_from)


def _unreceipted(ledger: Ledger, senders: set[str], inbox: Path) -> set[str]:
    """Devices whose latest receipt is not on the stick yet (a receipt lost or never written, one
    written under this ledger's key before a restore, which senders no longer trust, or one that
    announces an encryption key this ledger no longer has)."""
    identity = ledger.identity
    own = minisign.public_key(identity.key_id, identity.private_key)
    encryption = base64.b64encode(enckey.load_or_create(ledger.path).public).decode()
    missing = set()
    for fingerprint in senders:
        seq = applied_state(ledger, fingerprint)["seq"]
        if not seq:
            continue
        path = inbox / f"{fingerprint}-{seq}{receipts.SUFFIX}"
        try:
            content = receipts.read_receipt(path, own)
        except receipts.ReceiptRefused:
            missing.add(fingerprint)
            continue
        if (content.get("accepts") or {}).get("encryption") != encryption:
            missing.add(fingerprint)
    return missing
