"""Revoking a device below (a stolen laptop), and what of it a person must review.

`revoke_device` is what `keys revoke` and the window call; `review` lists, for a revoked device,
the bundles already applied whose range reaches its revocation point, with the records each one
touched (merged in, or kept as a conflict it lost), for a person to check. `received` lists a
device's bundles applied here, for a person to choose the one to revoke from.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from app.domain.entities import ATTACHMENT, entity
from app.domain.fields import EntitySpec
from app.store.db import Ledger
from app.store.rows import fetch
from app.sync import applied, hostile, keys, revocation

ACTIONS = {"merge": "合并写入", "conflict": "冲突（未采用）"}
"""How a history row of a merge reads to people."""


@dataclass(frozen=True)
class TouchedRecord:
    """A record an applied bundle wrote (or tried to, and lost): what, which, and how."""

    entity: str
    entity_label: str
    record_id: str
    title: str
    action: str
    """合并写入 (its values went in) or 冲突（未采用） (they lost to newer ones)."""
    fields: tuple[str, ...]
    """The labels of the fields it wrote."""


@dataclass(frozen=True)
class ReviewBundle:
    """A bundle of a revoked device already applied, to be reviewed."""

    device: str
    seq_from: int
    seq_to: int
    applied_at: str | None
    """When this ledger applied it (UTC, ISO); None: before such things were recorded."""
    records: list[TouchedRecord] | None
    """The records it touched; None: applied before this ledger recorded that."""


@dataclass(frozen=True)
class RevokeResult:
    """A revocation done, and the review lists of every key it revoked."""

    revoked: revocation.Revoked
    review: list[ReviewBundle] = field(default_factory=list)


def revoke_device(ledger: Ledger, fingerprint: str, from_seq: int) -> RevokeResult:
    """Refuse a device's bundles from `from_seq` on (and of rotations that voids); the bundles
    already applied from there on, to review. UsageError: see revocation.revoke."""
    revoked = revocation.revoke(ledger, fingerprint, from_seq)
    found: list[ReviewBundle] = []
    for device in (revoked.device, *revoked.also):
        found += review(ledger, device.fingerprint)
    return RevokeResult(revoked, found)


def review(ledger: Ledger, fingerprint: str) -> list[ReviewBundle]:
    """The applied bundles of a revoked device whose range reaches its revocation point, with
    the records each touched (none for a device not revoked)."""
    return [ReviewBundle(fingerprint, item.seq_from, item.seq_to, item.applied_at,
                         _records(ledger, item) if item.history else None)
            for item in revocation.for_review(ledger, fingerprint)]


@dataclass(frozen=True)
class Received:
    """A bundle of a device this ledger applied: its range, and when (None: not recorded)."""

    seq_from: int
    seq_to: int
    applied_at: dt.datetime | None


def received(ledger: Ledger, fingerprint: str) -> list[Received]:
    """The bundles of a device this ledger applied, in sequence order."""
    return [Received(item.seq_from, item.seq_to, hostile.moment(item.applied_at))
            for item in applied.applied_bundles(ledger, fingerprint)]


def revoked_devices(ledger: Ledger) -> list[keys.Device]:
    """The devices below whose keys are revoked (from some sequence on)."""
    return [d for d in keys.devices(ledger)
            if d.role == keys.ENROLLED and d.revoked_from is not None]


def _spec(name: str) -> EntitySpec | None:
    return ATTACHMENT if name == ATTACHMENT.name else entity(name)


def _records(ledger: Ledger, item: applied.Applied) -> list[TouchedRecord]:
    rows = applied.touched(ledger, item)
    merged: dict[tuple[str, str, str], set[str]] = {}
    for row in rows:
        changes = json.loads(row["changes"]) if isinstance(row["changes"], str) else row["changes"]
        merged.setdefault((row["entity"], row["record_id"], row["action"]), set()).update(
            changes or {})
    found = []
    with ledger.engine.connect() as conn:
        for (name, record_id, action), names in merged.items():
            spec = _spec(name)
            if spec is None:
                found.append(TouchedRecord(name, name, record_id, record_id,
                                           ACTIONS.get(action, action), tuple(sorted(names))))
                continue
            record = fetch(conn, spec, record_id) or {}
            title = _title(spec, record)
            labels = tuple(spec.by_name[n].label if n in spec.by_name else "删除标记"
                           for n in sorted(names))
            found.append(TouchedRecord(name, spec.label, record_id, str(title or record_id),
                                       ACTIONS.get(action, action), labels))
    return found


def _title(spec: EntitySpec, record: dict[str, Any]) -> str:
    try:
        return str(spec.field(spec.title_field).display(record.get(spec.title_field)) or "")
    except (ValueError, TypeError):
        return ""
