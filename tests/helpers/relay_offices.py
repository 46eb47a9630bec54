"""A street and its district connected over a test relay, as `relay set` and `connect import`
leave them (real ledgers, the street enrolled at the district, its relay settings saved)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services import records
from app.services.areas import resolve_scope
from app.store import relays
from app.store.db import Ledger
from app.sync import connect, keys
from tests.app.sync.ledgers import STREET, announce_upstream, public_key_text
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


def connected(devices: Devices, folder: Path, relay: TestRelay) -> Connected:
    """A street of 新城区 that trusts the district, enrolled there; both relays set."""
    district = devices.open(folder / "区县" / "台账.db", role="district", area="新城区")
    street = devices.open(folder / "街道" / "台账.db", role="street", area=STREET)
    scope = resolve_scope(district, f"street:{STREET}")
    assert scope is not None
    keys.enroll(district, public_key_text(street), scope, label=STREET)
    announce_upstream(street, district)
    code = connect.office_folder(scope)
    admin = relay.config()
    relays.save(district, relays.COLLECT, admin.url, admin.user, admin.password, None)
    own = relay.config(code)
    relays.save(street, relays.UPWARD, f"{own.url}{code}/", own.user, own.password, None,
                upstream={"name": "新城区", "area": {"level": "district", "name": "新城区"}})
    return Connected(street, district, code)


def edit(street: Ledger, name: str = "东七路社区") -> str:
    """A change at the street (a new community)."""
    return records.create(street, "communities", {"name": name, "street": STREET})
