"""One sync round over a relay: collect from the offices below, then send up (DESIGN.md, Sync).

Relay layout: `<code>/outbox/` is written by office <code> only; `<code>/receipts/` and
`<code>/reference/` by the office that collects from the relay. Under the ledger's sync lock:

- collect (the relay this office collects from, its root): for each office folder, the bundles
  not applied yet (judged by their names before any download) are fetched to a private staging
  folder and applied in one batch; a receipt goes back to `<code>/receipts/` for each device (its
  older receipts there deleted), and this office's newest reference bundle to every
  `<code>/reference/`; uploads a killed round left unfinished there are deleted. A junk or
  foreign file is refused by its signature and the round goes on.
- send up (the upward relay, this office's own folder): the receipts and reference data the office
  above left are fetched, the stick round runs on a private staging folder (folder.stick_round),
  and this office's bundles and checkpoint go to `outbox/`; its files there that it no longer
  keeps are deleted, and so are uploads a killed round left unfinished. Bundles not sealed to the
  key the office above announces are packed again sealed first (app/sync/firstseal.py); with no
  key to seal to, they stay for USB.

Network and ledger alternate in a round: every write to the ledger goes through `write` (the
window passes its writer, so that a clerk's save never waits while a round waits for the network;
the command line writes directly).

Relay names carry the manifest's hash (receipts: the file's), so two different files never share
a name: bundles `<stem>-<hash16>.cfbundle`, checkpoints as named already, receipts
`<fingerprint>-<seq>-<hash16>.cfreceipt`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from app.domain.enums import Level
from app.errors import UsageError
from app.store import backup
from app.store.areas import find_area
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings
from app.store.whole import make_dirs
from app.sync import (
    bundle,
    checkpoint,
    connect,
    delivered_at,
    firstseal,
    kept,
    keys,
    receipts,
    reference,
    rotation,
)
from app.sync.apply import applied_state, apply_batch
from app.sync.folder import FolderSync, receipts_due, signer_of, stick_round, to_apply
from app.sync.lock import sync_round
from app.sync.outcome import Outcome, Status
from app.sync.reference import make_reference
from app.sync.remotes import Remote, Watched
from app.sync.webdav import RelayNotFound
from app.task import QUIET, TaskState, Writes, directly

OUTBOX = "outbox"
RECEIPTS = "receipts"
REFERENCE = "reference"
SKEW_WARNING = 3600.0
"""Seconds of clock difference with the relay worth a warning."""
_HASH = "[0-9a-f]{16}"
_RANGE = re.compile(rf"[^-]+-([0-9A-F]{{16}})-([0-9]{{1,12}})-([0-9]{{1,12}})-({_HASH})"
                    + re.escape(bundle.SUFFIX))
_CHECKPOINT = re.compile(rf"ckpt-[^-]+-([0-9A-F]{{16}})-{_HASH}" + re.escape(bundle.SUFFIX))
_RECEIPT = re.compile(rf"([0-9A-F]{{16}})-([0-9]{{1,12}})-({_HASH})" + re.escape(receipts.SUFFIX))
_REFERENCE = re.compile(rf"ref-[^-]+-([0-9A-F]{{16}})-([0-9]{{1,12}})-{_HASH}"
                        + re.escape(bundle.SUFFIX))
TAKEN = "sync/relay_receipts_taken"
"""The names of the receipts on the upward relay this office has taken: not fetched again while
they stay there (a round every few minutes would fetch the same file all day)."""


@dataclass
class RoundReport:
    """What one relay round did, file by file (relay paths)."""

    sent: list[str] = field(default_factory=list)
    received: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Already applied (judged by name): not downloaded."""
    outcomes: list[tuple[str, Outcome]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    """Files refused before they were applied (junk, a foreign signer, too big), and why."""
    receipts_sent: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    references_sent: list[str] = field(default_factory=list)
    upward: FolderSync | None = None
    undelivered: int = 0
    """Changes of this office its office above has not acknowledged yet."""
    clock_skew: float | None = None
    """Seconds the relay's clock is ahead of ours (the larger difference of the two relays)."""
    sealed: firstseal.Sealed | None = None
    """Bundles made before the office above's encryption key was known, packed again sealed."""
    held: list[str] = field(default_factory=list)
    """Outbox bundles not sent: not sealed, and no key to seal to (they go by USB only)."""
    last_delivery: dt.datetime | None = None
    """When the office above last acknowledged more of this office's changes (this round or
    an earlier one; None: never)."""

    @property
    def clock_warning(self) -> str | None:
        """A sentence when the relay's clock is off by more than an hour."""
        if self.clock_skew is None or abs(self.clock_skew) <= SKEW_WARNING:
            return None
        hours = abs(self.clock_skew) / 3600
        side = "快" if self.clock_skew > 0 else "慢"
        return (f"中转站的时钟比本机{side}约 {hours:.1f} 小时：请检查本机的日期和时间，"
                "否则数据包的时间可能被判为超前")

    @property
    def exit_code(self) -> int:
        """As bundle import: the highest of the files' fates (3 for a file refused)."""
        final: dict[object, Status] = {}
        for number, (_name, o) in enumerate(self.outcomes):
            final[(o.device, o.seq_from, o.seq_to) if o.device else number] = o.status
        codes = [status.exit_code for status in final.values()]
        return max([*codes, 3 if self.refused else 0])


def relay_name(path: Path, name: str | None = None) -> str | None:
    """A bundle's name on the relay: its own (`name`, else the file's) with the manifest hash
    (a checkpoint's name has it already). None: not a readable bundle."""
    name = name or path.name
    if checkpoint.is_checkpoint_name(name):
        return name
    data = bundle.manifest_bytes(path)
    if data is None or not name.endswith(bundle.SUFFIX):
        return None
    return f"{name[:-len(bundle.SUFFIX)]}-{hashlib.sha256(data).hexdigest()[:16]}{bundle.SUFFIX}"


def _named_device(name: str) -> str | None:
    """The fingerprint a relay bundle's name gives (unverified: for skipping and grouping)."""
    found = _RANGE.fullmatch(name) or _CHECKPOINT.fullmatch(name)
    return found.group(1) if found is not None else None


def stage_folder(db_path: Path) -> Path:
    """The private folder a round stages its downloads in (emptied at each round's start)."""
    return db_path.with_name(db_path.name + ".relay")


def run_round(ledger: Ledger, *, collect: Remote | None, upward: Remote | None,
              task: TaskState = QUIET, now: dt.datetime | None = None,
              who: str = "中转站同步", wait: float | None = None,
              write: Writes = directly) -> RoundReport:
    """One round under the ledger's sync lock: collect (if this office collects from a relay),
    then send up (if it has an upward relay); see the module docstring."""
    report = RoundReport()
    if collect is not None:
        collect = Watched(collect, task)
    if upward is not None:
        upward = Watched(upward, task)
    with sync_round(ledger.path, who, wait=wait):
        stage = stage_folder(ledger.path)
        shutil.rmtree(stage, ignore_errors=True)
        bundle.sweep_leftovers(ledger, time.time())  # a collecting office makes no bundle
        make_dirs(stage, private=True)
        try:
            if collect is not None:
                _collect(ledger, collect, stage / "collect", report, task, now, write)
            if upward is not None:
                before = delivered_at.delivered_seq(ledger)
                try:
                    _send_up(ledger, upward, stage / "up", report, task, now, write)
                finally:  # receipts taken count even when an upload fails after them
                    write(lambda: delivered_at.note_delivery(ledger, before, now=now))
        finally:
            shutil.rmtree(stage, ignore_errors=True)
            skews = [s for s in (r.clock_skew() for r in (collect, upward) if r is not None)
                     if s is not None]
            report.clock_skew = max(skews, key=abs) if skews else None
        report.undelivered = delivered_at.undelivered(ledger)
        report.last_delivery = delivered_at.last_delivery(ledger)
    return report


def _fetch(remote: Remote, path: str, target: Path, max_size: int) -> bool:
    """Download a listed file; False when it went in between (its writer replaced it, as an
    office does its checkpoint each round): the next round finds what came instead."""
    try:
        remote.get(path, target, max_size)
    except RelayNotFound:
        return False
    return True


# -- collect ----------------------------------------------------------------------------------


def _collect(ledger: Ledger, remote: Remote, stage: Path, report: RoundReport,
             task: TaskState, now: dt.datetime | None, write: Writes) -> None:
    known = keys.devices(ledger)
    senders = {d.fingerprint for d in known if d.role == keys.ENROLLED}
    codes = remote.folders("")
    for code in sorted(set(_office_folders(ledger, known)) - set(codes)):
        remote.ensure_folder(f"{code}/{OUTBOX}")  # the office's account cannot make its folder
        codes.append(code)
    codes.sort()
    where: dict[Path, str] = {}
    named: dict[str, set[str]] = {}  # office folder: the devices its outbox names
    chosen: list[tuple[Path, bool]] = []
    for code in codes:
        task.check("同步已取消；已完成的部分保留")
        outbox = stage / code / OUTBOX
        make_dirs(outbox, private=True)
        named[code] = set()
        for found in remote.list(f"{code}/{OUTBOX}"):
            path = f"{code}/{OUTBOX}/{found.name}"
            device = _named_device(found.name)
            if device is not None:
                named[code].add(device)
            if _applied_already(ledger, found.name):
                report.skipped.append(path)
                continue
            if not found.name.endswith(bundle.SUFFIX):
                report.refused.append((path, f"“{found.name}”不是数据包，已拒收"))
                continue
            if found.size > bundle.MAX_BUNDLE:
                report.refused.append((path, f"“{found.name}”过大（{found.size} 字节，"
                                             f"上限 {bundle.MAX_BUNDLE}），未下载"))
                continue
            if not _fetch(remote, path, outbox / found.name, bundle.MAX_BUNDLE):
                continue
            report.received.append(path)
            where[outbox / found.name] = path
        picked = to_apply(ledger, outbox, senders, None, known)  # nothing from above, here
        chosen += picked
        _judge_left(outbox, {p for p, _c in picked}, senders, where, report)
    paths = [p for p, _c in chosen]

    def step(done: int, path: Path) -> None:
        task.check("同步已取消；已完成的部分保留")
        task.progress(done, len(paths), f"导入 {path.name}")

    def apply() -> tuple[list[Outcome], set[str], dict[str, bool]]:
        if not all(is_checkpoint for _p, is_checkpoint in chosen):
            backup.create_backup(ledger.path, "bundle")
        outcomes = apply_batch(ledger, paths, now=now, before=step)
        senders = {d.fingerprint for d in keys.devices(ledger) if d.role == keys.ENROLLED}
        return outcomes, senders, receipts_due(ledger, outcomes, senders)

    outcomes, senders, due = write(apply)
    report.outcomes += [(where.get(o.path, o.path.name), o) for o in outcomes]
    for o in outcomes:
        if o.device and o.path in where:
            named[where[o.path].split("/")[0]].add(o.device)
    for code in codes:
        _send_receipts(ledger, remote, code, named[code] & senders, due, stage / code, report,
                       write)
    _send_reference(ledger, remote, codes, bool(senders), report, write)
    _remove_unfinished(remote, codes)


def _remove_unfinished(remote: Remote, codes: list[str]) -> None:
    """Delete what uploads of a round killed mid-way left in the folders this office writes on
    the relay (the round lock is held: no upload of ours is under way)."""
    for code in codes:
        for folder in (RECEIPTS, REFERENCE):
            remote.remove_unfinished(f"{code}/{folder}")


def _office_folders(ledger: Ledger, known: list[keys.Device]) -> list[str]:
    """The relay folders of the offices whose devices are enrolled here (those with a code)."""
    found = set()
    with ledger.engine.connect() as conn:
        for device in known:
            if device.role != keys.ENROLLED or not device.scope_level or not device.scope_id:
                continue
            try:
                scope = find_area(conn, Level(device.scope_level), device.scope_id)
                found.add(connect.office_folder(scope))
            except (UsageError, ValueError):
                continue  # an area gone or without a code: its office brings its folder
    return sorted(found)


def _applied_already(ledger: Ledger, name: str) -> bool:
    """Whether a relay bundle's name says a range this ledger applied with that very manifest."""
    found = _RANGE.fullmatch(name)
    if found is None:
        return False
    fingerprint, first, last, sha = found.groups()
    done = applied_state(ledger, fingerprint)["ranges"].get(f"{int(first)}-{int(last)}")
    return isinstance(done, str) and done[:16] == sha


def _judge_left(outbox: Path, picked: set[Path], senders: set[str], where: dict[Path, str],
                report: RoundReport) -> None:
    """Say why each downloaded file not picked for applying was left: refused when it is not a
    bundle of a device enrolled here; else it says nothing new (an older checkpoint)."""
    for path in sorted(outbox.glob("*")):
        if path in picked:
            continue
        name = where.get(path, path.name)
        signer = signer_of(path)
        if signer is None:
            try:
                bundle.verify_bundle(path)
                why = f"“{path.name}”无法读取，已拒收"
            except bundle.BundleRefused as exc:
                why = f"{exc}，已拒收"
            report.refused.append((name, why))
        elif signer.fingerprint not in senders and signer.old not in senders:
            report.refused.append((name, f"“{path.name}”由未在本机登记的设备 "
                                         f"{signer.fingerprint} 签发，已拒收"))
        elif signer.reference:
            report.refused.append((name, f"“{path.name}”是下级的参考数据，不应上报，已拒收"))
        else:
            report.skipped.append(name)


def _send_receipts(ledger: Ledger, remote: Remote, code: str, devices: set[str],
                   due: dict[str, bool], stage: Path, report: RoundReport,
                   write: Writes) -> None:
    """Put a receipt in `<code>/receipts/` for each device owed one or whose current receipt is
    not there, and delete that device's other receipts there."""
    folder = f"{code}/{RECEIPTS}"
    there = [f.name for f in remote.list(folder)] if devices else []
    for fingerprint in sorted(devices):
        seq = int(applied_state(ledger, fingerprint)["seq"])
        mine = [n for n in there if n.startswith(f"{fingerprint}-")]
        current = any((m := _RECEIPT.fullmatch(n)) is not None and int(m.group(2)) == seq
                      for n in mine)
        if fingerprint not in due and (current or not seq):
            continue
        made = write(partial(receipts.make_receipt, ledger, fingerprint, stage / RECEIPTS,
                             empty=due.get(fingerprint, False)))
        if made is None:
            continue
        digest = hashlib.sha256(made.read_bytes()).hexdigest()[:16]
        name = f"{made.name[:-len(receipts.SUFFIX)]}-{digest}{receipts.SUFFIX}"
        if remote.put(made, f"{folder}/{name}"):
            report.receipts_sent.append(f"{folder}/{name}")
        for older in mine:
            if older != name:
                remote.delete(f"{folder}/{older}")
                report.deleted.append(f"{folder}/{older}")


def _send_reference(ledger: Ledger, remote: Remote, codes: list[str], below: bool,
                    report: RoundReport, write: Writes) -> None:
    """This office's newest reference bundle into every `<code>/reference/`, older ones out."""
    if not below or not codes:
        return
    write(lambda: make_reference(ledger))  # None when nothing changed: the last one stays
    own = ledger.identity.fingerprint
    newest = sorted(bundle.outbox(ledger).glob(f"ref-*-{own}-*{bundle.SUFFIX}"))
    name = relay_name(newest[-1]) if newest else None
    if name is None:
        return
    for code in codes:
        folder = f"{code}/{REFERENCE}"
        there = [f.name for f in remote.list(folder)]
        if name not in there and remote.put(newest[-1], f"{folder}/{name}"):
            report.references_sent.append(f"{folder}/{name}")
        for older in there:
            if older != name:
                remote.delete(f"{folder}/{older}")
                report.deleted.append(f"{folder}/{older}")


# -- send up ----------------------------------------------------------------------------------


def _send_up(ledger: Ledger, remote: Remote, stage: Path, report: RoundReport,
             task: TaskState, now: dt.datetime | None, write: Writes) -> None:
    outbox, inbox = stage / OUTBOX, stage / RECEIPTS
    make_dirs(outbox, private=True)
    make_dirs(inbox, private=True)
    own = {ledger.identity.fingerprint, *rotation.retired_fingerprints(ledger)}
    taken = set(get_setting(ledger, TAKEN) or [])
    listed: set[str] = set()
    fetched: dict[str, str] = {}
    """Staged receipt name → its name on the relay."""
    for found in remote.list(RECEIPTS):
        parsed = _RECEIPT.fullmatch(found.name)
        if parsed is None or parsed.group(1) not in own:
            continue  # another office's, or not a receipt of ours: not ours to judge
        listed.add(found.name)
        if found.name in taken:
            report.skipped.append(f"{RECEIPTS}/{found.name}")
            continue
        target = inbox / f"{parsed.group(1)}-{int(parsed.group(2))}{receipts.SUFFIX}"
        if target.exists():
            continue  # the same sequence twice: the office above deletes the older one
        if found.size > receipts.MAX_RECEIPT:
            report.refused.append((f"{RECEIPTS}/{found.name}", f"“{found.name}”过大，不是回执"))
            continue
        if not _fetch(remote, f"{RECEIPTS}/{found.name}", target, receipts.MAX_RECEIPT):
            continue
        report.received.append(f"{RECEIPTS}/{found.name}")
        fetched[target.name] = found.name
    references: dict[Path, str] = {}
    applied = get_setting(ledger, reference.APPLIED) or {}
    for found in remote.list(REFERENCE):
        parsed = _REFERENCE.fullmatch(found.name)
        if parsed is not None and int(parsed.group(2)) <= int(applied.get(parsed.group(1), 0)):
            report.skipped.append(f"{REFERENCE}/{found.name}")
            continue  # this version (or a newer one) is applied already
        if not found.name.endswith(bundle.SUFFIX) or found.size > bundle.MAX_BUNDLE:
            report.refused.append((f"{REFERENCE}/{found.name}",
                                   f"“{found.name}”不是参考数据包或过大，已拒收"))
            continue
        if not _fetch(remote, f"{REFERENCE}/{found.name}", outbox / found.name,
                      bundle.MAX_BUNDLE):
            continue
        report.received.append(f"{REFERENCE}/{found.name}")
        references[outbox / found.name] = f"{REFERENCE}/{found.name}"
    done = write(lambda: stick_round(ledger, stage, task, now, remember=False))
    report.upward = done
    report.outcomes += [(references.get(o.path, o.path.name), o) for o in done.outcomes]
    report.refused += [(f"{RECEIPTS}/{name}", why) for name, why in done.refused_receipts]
    refused = {name for name, _why in done.refused_receipts}
    now_taken = (taken & listed) | {name for staged, name in fetched.items()
                                    if staged not in refused}
    if now_taken != taken:
        write(lambda: set_settings(ledger, **{TAKEN: sorted(now_taken)}))
    report.sealed = write(lambda: firstseal.seal_for_relay(ledger, now=now))  # never unsealed
    _upload_own(ledger, remote, own, report)


def _upload_own(ledger: Ledger, remote: Remote, own: set[str], report: RoundReport) -> None:
    """Put this office's outbox bundles the relay lacks into `outbox/`; delete its files there
    that it neither has in the outbox nor keeps (delivered over 30 days ago, or replaced)."""
    there = {f.name for f in remote.list(OUTBOX)}
    wanted: set[str] = set()
    unsealed = {o.path for o in firstseal.unsealed(ledger)}
    for path in sorted(bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}")):
        if path.name.startswith("ref-"):
            continue  # reference data goes down to this office's devices, never up
        if path in unsealed:  # no key to seal it to: by USB only
            report.held.append(path.name)
            continue
        name = relay_name(path)
        if name is None:
            continue
        wanted.add(name)
        if name not in there and remote.put(path, f"{OUTBOX}/{name}"):
            report.sent.append(f"{OUTBOX}/{name}")
    for item in kept.kept(ledger):
        name = relay_name(item.path, item.name)
        if name is not None:
            wanted.add(name)
    for name in sorted(there - wanted):
        if _named_device(name) in own:  # anything else there is not this office's to delete
            remote.delete(f"{OUTBOX}/{name}")
            report.deleted.append(f"{OUTBOX}/{name}")
    remote.remove_unfinished(OUTBOX)
