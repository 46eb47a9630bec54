"""Checkpoints: a device's signed word that it has nothing new, so that "nothing changed" and
"silent" look different to the office above (DESIGN.md, Transports).

A checkpoint is a bundle without payload whose manifest says `"checkpoint": true` and whose range
is empty: `seq_to` is the last sequence its device bundled (0: none yet) and `seq_from` the next
one, so it covers nothing. It stays outside the chain: never applied as a range, never a gap,
duplicate or fork, never acknowledged by a receipt. A receiver that verifies it (signature,
enrolled key) only moves the device's last contact to its origin time. A receiver of an older
version refuses it as a bad range rather than taking it for a bundle.

Its file is named `ckpt-<scope code>-<fingerprint>-<manifest hash, 16 hex>.cfbundle`: a range
bundle's name starts with its scope code (digits, or "xian"), a reference bundle's with "ref-",
so the names never meet; only the newest checkpoint of a device is kept in the outbox (and on a
stick), each new one replacing the one before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from app.domain import china_time
from app.domain.enums import Role
from app.store.db import Ledger
from app.store.settings import get_setting
from app.sync import bundle, contacts, revocation
from app.sync.applied import applied_state
from app.sync.outcome import Outcome, Status

PREFIX = "ckpt-"


def is_checkpoint(manifest: dict[str, Any]) -> bool:
    """Whether a (verified) manifest is a checkpoint's."""
    return manifest.get("checkpoint") is True


def is_checkpoint_name(name: str) -> bool:
    """Whether a file name is a checkpoint's, as this app names them."""
    return name.startswith(PREFIX) and name.endswith(bundle.SUFFIX)


def checkpoints_of(folder: Path, fingerprint: str) -> list[Path]:
    """The checkpoint files of one device in a folder."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*-{fingerprint}-*{bundle.SUFFIX}"))


def make_checkpoint(ledger: Ledger, *, now: dt.datetime | None = None) -> Path | None:
    """A new signed checkpoint in the outbox, replacing this device's older one there.

    None for the city, which has no office above to tell.
    """
    if get_setting(ledger, "role") == Role.CITY.value:
        return None
    last = int(get_setting(ledger, bundle.BUNDLED_SEQ, 0)) - bundle.seq_base(ledger)
    manifest = bundle.manifest_for(ledger, last + 1, last, [], now)
    manifest["checkpoint"] = True
    sha = hashlib.sha256(bundle.canonical_json(manifest)).hexdigest()
    fingerprint = ledger.identity.fingerprint
    name = f"{PREFIX}{manifest['scope']['code'] or 'xian'}-{fingerprint}-{sha[:16]}{bundle.SUFFIX}"
    path = bundle.outbox(ledger) / name
    bundle.seal(ledger, manifest, [], path)
    drop_older(bundle.outbox(ledger), fingerprint, keep=path.name)
    return path


def drop_older(folder: Path, fingerprint: str, keep: str | None = None) -> list[str]:
    """Remove a device's checkpoints from a folder, but the one named `keep`; their names."""
    dropped = []
    for path in checkpoints_of(folder, fingerprint):
        if path.name != keep:
            path.unlink(missing_ok=True)
            dropped.append(path.name)
    return dropped


def take_checkpoint(ledger: Ledger, path: Path, checked: bundle.Verified, *,
                    now: dt.datetime | None = None) -> Outcome:
    """Take a verified checkpoint: from a device admitted as for any bundle (enrolled, or taking
    over an enrolled key by its rotation statement) and never revoked, it moves the device's
    last contact to its origin time when that is later. Nothing else changes; a refused one is
    not kept (a checkpoint is worth nothing later)."""
    manifest = checked.manifest
    fingerprint = str(manifest["device"]["fingerprint"])
    last = int(manifest["seq_to"])
    outcome = Outcome(path, Status.CHECKPOINT, "", fingerprint)
    outcome.last_sent = last
    device = revocation.admit(ledger, manifest)
    if isinstance(device, str):
        outcome.status = Status.REJECTED
        outcome.message = f"{device.split('，已隔离')[0]}（检查点，未保留）"
        return outcome
    if device.revoked_from is not None:  # a stolen laptop's word is worth nothing
        outcome.status = Status.REJECTED
        outcome.message = f"设备 {fingerprint} 已被吊销，其检查点不予接收"
        return outcome
    moment = now or china_time.utc_now()
    with ledger.write() as conn:
        moved = contacts.record_contact(conn, fingerprint, manifest, moment)
    made = contacts.origin_time(manifest, moment)
    said = f"设备报告没有新的修改（已发出至序号 {last}）"
    if made is None:
        outcome.message = (f"{said}；其签发时间比本机时钟超前 24 小时以上，未记为最后联系时间，"
                           "请检查该设备的日期和时间")
    elif moved:
        outcome.message = f"{said}，最后联系时间更新为 {_shown(made)}"
    else:
        outcome.message = f"{said}；签发于 {_shown(made)}，不晚于已记录的最后联系时间，未改动"
    applied = int(applied_state(ledger, fingerprint)["seq"])
    if last > applied:
        outcome.message += f"。本机只导入到序号 {applied}，其后的数据包尚未收到"
    return outcome


def _shown(moment: dt.datetime) -> str:
    return china_time.local(moment).strftime("%Y-%m-%d %H:%M")
