"""Delivered bundles, kept 30 days in `<outbox>/delivered/` in case the office above goes back.

When a receipt covers a bundle of the outbox, the bundle moves to `delivered/`, its name prefixed
with the moment it was delivered (`20261231T155930Z_<name>`): the time travels with the file in
one rename, so nothing else has to agree with it (a restored ledger, a copied folder). Thirty days
later it is deleted, at the next sync or bundle command. Until then a receiver restored from a
backup gets it again as the same bytes (app/sync/rewind.py). Only the outbox's top level is sent.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.domain import china_time
from app.store.db import Ledger
from app.store.whole import make_dirs
from app.sync import bundle

KEEP = dt.timedelta(days=30)
"""How long a delivered bundle is kept."""

FOLDER = "delivered"
_STAMP = "%Y%m%dT%H%M%SZ"
_KEPT_NAME = re.compile(r"([0-9]{8}T[0-9]{6}Z)_(.+" + re.escape(bundle.SUFFIX) + ")")
_RANGE_NAME = re.compile(r"[^-]+-([0-9A-F]{16})-([0-9]{1,12})-([0-9]{1,12})"
                         + re.escape(bundle.SUFFIX))


def delivered_dir(ledger: Ledger) -> Path:
    """Where delivered bundles wait out their 30 days."""
    return bundle.outbox(ledger) / FOLDER


@dataclass(frozen=True)
class Kept:
    """A delivered bundle kept: where it is, the name it was sent under, when it was delivered."""

    path: Path
    name: str
    delivered_at: dt.datetime


def range_name(name: str) -> tuple[str, int, int] | None:
    """(fingerprint, seq_from, seq_to) of a range bundle's name as this app gives it (None: a
    checkpoint's, a reference bundle's, or another name)."""
    found = _RANGE_NAME.fullmatch(name)
    if found is None or name.startswith(("ref-", "ckpt-")):
        return None
    return found.group(1), int(found.group(2)), int(found.group(3))


def keep(ledger: Ledger, path: Path, *, now: dt.datetime | None = None) -> Path:
    """Move an outbox bundle a receipt covers to delivered/, stamped with the moment."""
    moment = (now or china_time.utc_now()).astimezone(dt.UTC)
    folder = delivered_dir(ledger)
    make_dirs(folder, private=True)
    target = folder / f"{moment.strftime(_STAMP)}_{path.name}"
    os.replace(path, target)
    return target


def kept(ledger: Ledger) -> list[Kept]:
    """The delivered bundles kept, oldest first (files not named by this app are left out)."""
    folder = delivered_dir(ledger)
    found = []
    for path in sorted(folder.glob(f"*{bundle.SUFFIX}")) if folder.is_dir() else []:
        match = _KEPT_NAME.fullmatch(path.name)
        if match is None:
            continue
        at = dt.datetime.strptime(match.group(1), _STAMP).replace(tzinfo=dt.UTC)
        found.append(Kept(path, match.group(2), at))
    return sorted(found, key=lambda k: k.delivered_at)


def expire(ledger: Ledger, *, now: dt.datetime | None = None) -> list[str]:
    """Delete the delivered bundles kept 30 days or more; the names they were sent under."""
    moment = now or china_time.utc_now()
    gone = []
    for item in kept(ledger):
        if moment - item.delivered_at >= KEEP:
            item.path.unlink(missing_ok=True)
            gone.append(item.name)
    return gone


def back_to_outbox(ledger: Ledger, item: Kept) -> Path:
    """Put a kept bundle back into the outbox under the name it was sent as (same bytes)."""
    target = bundle.outbox(ledger) / item.name
    os.replace(item.path, target)
    return target


def drop(ledger: Ledger, names: set[str]) -> None:
    """Delete the kept bundles sent under these names."""
    for item in kept(ledger):
        if item.name in names:
            item.path.unlink(missing_ok=True)


def known_names(ledger: Ledger) -> set[str]:
    """The names of every bundle this ledger still has: in the outbox or kept."""
    here = {p.name for p in bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}")}
    return here | {item.name for item in kept(ledger)}


def prune_sent(ledger: Ledger, folder: Path, fingerprint: str, delivered: int) -> list[str]:
    """Delete from a stick's folder this device's range bundles that it no longer has and that
    no receiver needs: delivered (up to `delivered`, in this key's numbers) and since expired, or
    replaced by a bundle it has that covers their first sequence (a rewind packed them again).
    Their names. Anything else there is left alone: a bundle never delivered stays, even when
    this ledger lost its copy."""
    if not folder.is_dir():
        return []
    have = known_names(ledger)
    covered = [(parsed[1], parsed[2]) for parsed in map(range_name, have)
               if parsed is not None and parsed[0] == fingerprint]
    gone = []
    for path in sorted(folder.glob(f"*{bundle.SUFFIX}")):
        parsed = range_name(path.name)
        if parsed is None or parsed[0] != fingerprint or path.name in have:
            continue
        if parsed[2] <= delivered or any(a <= parsed[1] <= b for a, b in covered):
            path.unlink(missing_ok=True)
            gone.append(path.name)
    return gone

