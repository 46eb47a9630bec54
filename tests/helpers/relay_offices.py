"""A street and its district connected over a test relay, as `relay set` and `connect import`
leave them (real ledgers, the street enrolled at the district, its relay settings saved)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services import records
from app.services.areas import resolve_scope
from app.store import relays
from app.store.db import Ledger
from app.sync import connect
from tests.app.sync.keyring import street_and_district
from tests.app.sync.ledgers import STREET
from tests.helpers.ledgers import Devices
from tests.helpers.relay import TestRelay


@dataclass
class Connected:
    """The two offices (open) and the street's folder on the relay."""

    street: Ledger
    district: Ledger
    code: str

    def close(self) -> None:
        """Close both ledgers."""
        self.street.close()
        self.district.close()


def enrolled(devices: Devices, folder: Path, *, sealed: bool = True) -> Connected:
    """keyring.street_and_district (sealed: the district's encryption key announced), with the
    street's folder on a relay; no relay set."""
    street, district = street_and_district(devices, folder, sealed=sealed)
    scope = resolve_scope(district, f"street:{STREET}")
    assert scope is not None
    return Connected(street, district, connect.office_folder(scope))


def connected(devices: Devices, folder: Path, relay: TestRelay) -> Connected:
    """A street of 新城区 that trusts the district, enrolled there; both relays set."""
    both = enrolled(devices, folder)
    admin = relay.config()
    relays.save(both.district, relays.COLLECT, admin.url, admin.user, admin.password, None)
    own = relay.config(both.code)
    relays.save(both.street, relays.UPWARD, f"{own.url}{both.code}/", own.user, own.password,
                None, upstream={"name": "新城区", "area": {"level": "district", "name": "新城区"}})
    return both


def edit(street: Ledger, name: str = "东七路社区") -> str:
    """A change at the street (a new community)."""
    return records.create(street, "communities", {"name": name, "street": STREET})
