"""What the revocation and rotation tests share: a street enrolled at its district, old keys."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.domain.china_time import CHINA
from app.services import records
from app.services.areas import resolve_scope
from app.store.db import Ledger
from app.store.identity import Identity
from app.sync import bundle, keys
from app.sync.apply import held_dir
from tests.app.sync import forge
from tests.app.sync.ledgers import announce_upstream, public_key_text
from tests.helpers.ledgers import Devices

STREET = "解放门街道"
APPLIED_AT = dt.datetime(2026, 12, 4, 15, 30, tzinfo=CHINA)
"""When the revocation tests run (the clock stopped): the district applies the bundles then."""


def street_and_district(devices: Devices, folder: Path, *,
                        sealed: bool = False) -> tuple[Ledger, Ledger]:
    """A street office enrolled at its district (新城区), the district its trusted upstream
    (`sealed`: announcing format 2 and its encryption key, so the street's bundles are sealed)."""
    street = devices.open(folder / "街道" / "台账.db", role="street", area=STREET)
    district = devices.open(folder / "区县" / "台账.db", role="district", area="新城区")
    scope = resolve_scope(district, f"street:{STREET}")
    assert scope is not None
    keys.enroll(district, public_key_text(street), scope, label="解放门街道办")
    if sealed:
        announce_upstream(street, district)
    else:
        keys.trust_upstream(street, public_key_text(district))
    return street, district


@contextmanager
def enrolled_pair(devices: Devices, folder: Path, *,
                  sealed: bool = False) -> Iterator[tuple[Ledger, Ledger]]:
    """street_and_district, both closed after."""
    street, district = street_and_district(devices, folder, sealed=sealed)
    try:
        yield street, district
    finally:
        street.close()
        district.close()


@contextmanager
def clock_stopped() -> Iterator[None]:
    """The clock stands at APPLIED_AT."""
    with time_machine.travel(APPLIED_AT.timestamp(), tick=False):
        yield


def made(ledger: Ledger) -> bundle.Made:
    """The ledger's next bundle, which must have something in it."""
    result = bundle.make_bundle(ledger)
    assert result is not None
    return result


def community(ledger: Ledger, name: str) -> str:
    """A new community of the street, its id."""
    return records.create(ledger, "communities", {"name": name, "street": STREET})


def demand(ledger: Ledger, community_id: str, content: str) -> str:
    """A new demand in a community, its id."""
    return records.create(ledger, "demands", {"community": community_id, "content": content})


def read_identity(path: Path) -> Identity:
    """The identity in a key file (a retired one, kept by a rotation)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    raw = base64.b64decode(data["private_key"])
    return Identity(bytes.fromhex(data["key_id"]), Ed25519PrivateKey.from_private_bytes(raw))


@contextmanager
def signing_as(ledger: Ledger, identity: Identity) -> Iterator[None]:
    """The ledger signs with another identity for a while (an old key a thief still holds)."""
    own = ledger.identity
    ledger.identity = identity
    try:
        yield
    finally:
        ledger.identity = own


def forged(sender: Ledger, folder: Path, seq: tuple[int, int], prev: str | None,
           **changes: Any) -> Path:
    """A bundle of one new community signed by the sender's current key, manifest as given."""
    clock = forge.hlc(sender)
    payload = {"data/community.jsonl": forge.lines(forge.row(
        f"forged-{seq[0]}-{seq[1]}", sender.identity.fingerprint, clock,
        name=f"伪造社区{seq[0]}", street=records_street_id(sender)))}
    return forge.signed(sender, folder, payload, seq=seq, prev=prev, **changes)


def records_street_id(ledger: Ledger) -> str:
    """The id of the street the ledger serves."""
    scope = resolve_scope(ledger, f"street:{STREET}")
    assert scope is not None and scope.id is not None
    return scope.id


def quarantined(ledger: Ledger) -> list[str]:
    """The names of the bundles held for a person."""
    folder = held_dir(ledger) / "quarantine"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def waiting(ledger: Ledger) -> list[str]:
    """The names of the bundles held for a gap."""
    folder = held_dir(ledger) / "waiting"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
