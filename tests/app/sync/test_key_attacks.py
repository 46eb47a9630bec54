"""Revocation and rotation attacked (issue 18, part 5): a rotation replayed, a revoked device's
old bundles sent again; each refused or ignored with the district's data unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.services import records
from app.store.db import Ledger
from app.sync import keys, revocation, rotation
from app.sync.apply import apply_bundle
from app.sync.outcome import Status
from tests.app.sync.keyring import clock_stopped, community, demand, enrolled_pair, made
from tests.helpers.ledgers import Devices

TABLES = ("community", "demand", "history", "change_log", "device", "setting")


@pytest.fixture
def pair(devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    with clock_stopped(), enrolled_pair(devices, tmp_path, sealed=True) as both:
        yield both


def state(ledger: Ledger) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a bundle could change, in a stable order."""
    with ledger.engine.connect() as connection:
        return {table: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}"))),
                              key=repr)
                for table in TABLES}


def resent(bundle_path: Path, folder: Path) -> Path:
    """The same bundle file as it comes again (by another stick, or the relay)."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(bundle_path, folder / bundle_path.name))


def test_a_rotation_replayed_changes_nothing(pair: tuple[Ledger, Ledger], tmp_path: Path
                                              ) -> None:
    street, district = pair
    old = street.identity.fingerprint
    community(street, "东七路社区")
    first = made(street)
    rotation.rotate(street)
    new = street.identity.fingerprint
    community(street, "西七路社区")
    handed = made(street)  # carries the statement old → new
    for each in (first, handed):
        assert apply_bundle(district, each.path).status == Status.APPLIED
    before = state(district)
    again = apply_bundle(district, resent(handed.path, tmp_path / "又一次"))
    assert again.status == Status.DUPLICATE
    assert state(district) == before
    followed = keys.enrolled(district, new)
    assert followed is not None and followed.rotated_from == old

    rotation.rotate(street)  # a second rotation: the first statement replayed cannot undo it
    community(street, "尚俭路社区")
    assert apply_bundle(district, made(street).path).status == Status.APPLIED
    newest = street.identity.fingerprint
    before = state(district)
    replayed = apply_bundle(district, resent(handed.path, tmp_path / "再一次"))
    assert replayed.status == Status.DUPLICATE
    assert state(district) == before
    last = keys.enrolled(district, newest)
    assert last is not None and last.rotated_from == new and last.revoked_from is None


def test_a_rotation_voided_by_a_revocation_is_not_brought_back_by_a_replay(
    pair: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    street, district = pair
    old = street.identity.fingerprint
    community(street, "东七路社区")
    first = made(street)
    assert apply_bundle(district, first.path).status == Status.APPLIED
    rotation.rotate(street)  # the thief rotates the stolen laptop's key …
    new = street.identity.fingerprint
    community(street, "伪装社区")
    handed = made(street)
    assert apply_bundle(district, handed.path).status == Status.APPLIED
    revocation.revoke(district, old, 2)  # … and the district voids it: the old key's 2 on
    voided = keys.enrolled(district, new)
    assert voided is not None and voided.revoked_from == 1
    before = state(district)
    for n in range(3):  # the rotation's bundle, sent again and again
        outcome = apply_bundle(district, resent(handed.path, tmp_path / f"重发{n}"))
        assert outcome.status == Status.REJECTED and "吊销" in outcome.message
    assert state(district) == before
    community(street, "又一个伪装社区")
    later = apply_bundle(district, made(street).path)
    assert later.status == Status.REJECTED
    assert state(district) == before


def test_a_revoked_devices_old_bundles_sent_again_change_nothing(
    pair: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    street, district = pair
    fingerprint = street.identity.fingerprint
    place = community(street, "东七路社区")
    before_theft = made(street)
    assert apply_bundle(district, before_theft.path).status == Status.APPLIED
    demand(street, place, "加装电梯")
    after_theft = made(street)  # made after the laptop was stolen
    theft = after_theft.seq_from
    revocation.revoke(district, fingerprint, theft)
    refused = apply_bundle(district, after_theft.path)
    assert refused.status == Status.REJECTED
    before = state(district)
    for n in range(3):
        old = apply_bundle(district, resent(before_theft.path, tmp_path / f"旧包{n}"))
        assert old.status == Status.DUPLICATE  # applied once, before the theft: kept, not twice
        late = apply_bundle(district, resent(after_theft.path, tmp_path / f"新包{n}"))
        assert late.status == Status.REJECTED and f"已从序号 {theft} 起吊销" in late.message
    assert state(district) == before
    assert records.count(district, "demands") == 0
    assert records.count(district, "communities") == 1
