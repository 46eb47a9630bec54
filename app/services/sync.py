"""Sync as people use it: where it stands (sent, delivered, per device), conflicts, restore."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from app.errors import UsageError
from app.services import records
from app.services.delivery import undelivered_changes
from app.store import personal
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings
from app.sync import bundle, checkpoint, contacts, delivered_at, keyfile, keys, minisign
from app.sync.apply import applied_state, held_device, held_dir

REVIEWED = "sync/conflicts_reviewed"


@dataclass(frozen=True)
class DeviceState:
    """A device this office receives from, with what it applied and what waits."""

    fingerprint: str
    label: str
    scope: str
    applied_seq: int
    bundles: int
    waiting: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    code: str = ""
    """Its confirmation code (keyfile.confirmation_code), what people compare by phone."""
    last_contact: dt.datetime | None = None
    """The origin time of its newest bundle or checkpoint taken here (None: never heard of)."""
    revoked_from: int | None = None
    """Its bundles reaching this sequence are refused (None: not revoked)."""
    rotated_to: str | None = None
    """The key it handed over to by a rotation statement (its fingerprint), if any."""
    rotated_after: int | None = None
    """The last sequence it sent before it handed over to `rotated_to`."""
    rotated_from: str | None = None
    """The key it took over from by a rotation statement (its fingerprint), if any."""

    @property
    def wholly_revoked(self) -> bool:
        """Whether every bundle of it is refused (a revocation can go no earlier)."""
        return self.revoked_from is not None and self.revoked_from <= 1


@dataclass(frozen=True)
class SyncState:
    """This office's own side (sent, delivered) and the devices it receives from."""

    fingerprint: str
    public_key: str
    bundled_seq: int
    delivered_seq: int
    undelivered: int
    outbox: list[str]
    upstream: str | None
    last_folder: str | None
    devices: list[DeviceState]
    unknown_held: list[str]
    code: str = ""
    """This office's confirmation code: the office above compares it when it enrols this one."""
    upstream_code: str | None = None
    """The confirmation code of the office above's key, if one is trusted."""
    relayed: list[Contact] = field(default_factory=list)
    """The offices below the devices enrolled here, as those devices last reported them."""


def sync_state(ledger: Ledger) -> SyncState:
    """Everything the 同步 page shows, read in one go."""
    identity = ledger.identity
    key = minisign.public_key(identity.key_id, identity.private_key)
    held = held_dir(ledger)
    waiting = sorted(p.name for p in (held / "waiting").glob(f"*{bundle.SUFFIX}"))
    quarantined = sorted(p.name for p in (held / "quarantine").glob(f"*{bundle.SUFFIX}"))
    known = keys.devices(ledger)
    successors = {d.rotated_from: d for d in known
                  if d.role == keys.ENROLLED and d.rotated_from is not None}
    devices = []
    for device in known:
        if device.role != keys.ENROLLED:
            continue
        state = applied_state(ledger, device.fingerprint)
        successor = successors.get(device.fingerprint)
        devices.append(DeviceState(
            device.fingerprint, device.label, _scope_name(ledger, device), int(state["seq"]),
            len(state["ranges"]),
            [n for n in waiting if held_device(n) == device.fingerprint],
            [n for n in quarantined if held_device(n) == device.fingerprint],
            code=device.code, last_contact=_moment(device.last_contact),
            revoked_from=device.revoked_from,
            rotated_to=successor.fingerprint if successor is not None else None,
            rotated_after=successor.rotated_after if successor is not None else None,
            rotated_from=device.rotated_from,
        ))
    mine = {d.fingerprint for d in devices}
    upstream = keys.upstream(ledger)
    base = bundle.seq_base(ledger)  # shown in this key's numbers, as receivers count them
    return SyncState(
        key.fingerprint, key.text(), int(get_setting(ledger, bundle.BUNDLED_SEQ, 0)) - base,
        max(0, delivered_at.delivered_seq(ledger) - base), undelivered_changes(ledger),
        sorted(p.name for p in bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}")
               if not p.name.startswith(("ref-", checkpoint.PREFIX))),  # these get no receipt
        upstream.fingerprint if upstream else None, get_setting(ledger, "sync/last_folder"),
        devices, [n for n in waiting + quarantined if held_device(n) not in mine],
        code=keyfile.confirmation_code(identity.public_key),
        upstream_code=upstream.code if upstream else None,
        relayed=_relayed(ledger, mine),
    )


def _moment(stored: str | None) -> dt.datetime | None:
    if not stored:
        return None
    try:
        moment = dt.datetime.fromisoformat(stored)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Contact:
    """An office below and when it was last heard of, as its own clock said."""

    fingerprint: str
    label: str
    scope: str
    """The area it sends for (its name where this ledger knows the area)."""
    last_contact: dt.datetime | None
    via: str | None = None
    """The fingerprint of the device enrolled here that relayed it; None for that device."""


def office_contacts(ledger: Ledger) -> list[Contact]:
    """Each office below this one with its last contact: the devices enrolled here, then those
    their upward bundles and checkpoints told of (a district's streets, at the city)."""
    enrolled = [d for d in keys.devices(ledger) if d.role == keys.ENROLLED]
    found = [Contact(d.fingerprint, d.label, _scope_name(ledger, d), _moment(d.last_contact))
             for d in enrolled]
    return found + _relayed(ledger, {d.fingerprint for d in enrolled})


def _relayed(ledger: Ledger, enrolled: set[str]) -> list[Contact]:
    """The offices the enrolled devices told of (one enrolled here is shown as such)."""
    return [Contact(r.fingerprint, r.label, _area_name(ledger, r.scope_code) or r.label,
                    _moment(r.last_contact), r.via)
            for r in contacts.relayed(ledger)
            if r.fingerprint not in enrolled and r.via in enrolled]


def _area_name(ledger: Ledger, code: str | None) -> str | None:
    if not code:
        return None
    with ledger.engine.connect() as conn:
        name = conn.execute(text("SELECT name FROM street WHERE code = :c UNION ALL "
                                 "SELECT name FROM district WHERE code = :c"), {"c": code}).scalar()
    return str(name) if name is not None else None


def _scope_name(ledger: Ledger, device: keys.Device) -> str:
    if not device.scope_id:
        return ""
    spec = records.spec_of(device.scope.level.value)
    with ledger.engine.connect() as conn:
        found = records.fetch(conn, spec, device.scope_id)
    return str(found["name"]) if found else device.scope_id


@dataclass(frozen=True)
class Conflict:
    """A value that lost a merge: kept in the history so that a person can put it back."""

    id: int
    entity: str
    record_id: str
    title: str
    field: str
    label: str
    lost: str
    kept: str
    device: str
    at: str


def conflicts(ledger: Ledger, *, include_reviewed: bool = False,
              limit: int = 1000) -> list[Conflict]:
    """Losing values of merges, newest first (reviewed ones left out unless asked)."""
    reviewed = set(get_setting(ledger, REVIEWED, []) or [])
    with ledger.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, entity, record_id, changes, device, at FROM history "
                 "WHERE action = 'conflict' ORDER BY id DESC LIMIT :n"),
            {"n": limit + len(reviewed)},
        ).all()
        found: list[Conflict] = []
        titles: dict[tuple[str, str], str] = {}
        for row_id, entity, record_id, changes, device, at in rows:
            if row_id in reviewed and not include_reviewed:
                continue
            spec = records.spec_of(entity)
            if (entity, record_id) not in titles:
                record = records.fetch(conn, spec, record_id) or {}
                title_field = spec.field(spec.title_field)
                titles[entity, record_id] = title_field.display(
                    record.get(title_field.name)) or spec.label
            diff = personal.open_diff(personal.vault_of(conn), entity, record_id, changes)
            for name, (lost, kept) in diff.items():
                spec_field = spec.by_name.get(name)
                label = spec_field.label if spec_field else "删除标记"
                show = spec_field.display if spec_field else _yes_no
                found.append(Conflict(row_id, entity, record_id, titles[entity, record_id], name,
                                      label, _shown(show, lost), _shown(show, kept), device, at))
    return found[:limit]


def _yes_no(value: Any) -> str:
    return "已删除" if value else "未删除"


def _shown(show: Any, value: Any) -> str:
    try:
        return str(show(value))
    except (ValueError, TypeError):
        return str(value)


def mark_reviewed(ledger: Ledger, conflict_id: int) -> None:
    """Take a conflict off the list to review (it stays in the record's history)."""
    reviewed = list(get_setting(ledger, REVIEWED, []) or [])
    if conflict_id not in reviewed:
        set_settings(ledger, **{REVIEWED: [*reviewed, conflict_id]})


def restore_lost(ledger: Ledger, conflict: Conflict) -> None:
    """Put a losing value back, as a new change of this office (which then wins everywhere)."""
    with ledger.engine.connect() as conn:
        row = conn.execute(text("SELECT changes FROM history WHERE id = :i AND action = "
                                "'conflict'"), {"i": conflict.id}).first()
        vault = personal.vault_of(conn)
    if row is None:
        raise UsageError("找不到这条冲突记录")
    lost = personal.open_diff(vault, conflict.entity, conflict.record_id,
                              row[0])[conflict.field][0]
    if conflict.field == "deleted":
        if lost:
            records.delete(ledger, conflict.entity, conflict.record_id)
        else:
            records.restore(ledger, conflict.entity, conflict.record_id)
    else:
        records.update(ledger, conflict.entity, conflict.record_id, {conflict.field: lost})
    mark_reviewed(ledger, conflict.id)
