"""What the relay round tests share: a street and its district on a real relay, and rounds."""

from __future__ import annotations

import contextlib
import dataclasses
import random
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.services.areas import resolve_scope
from app.store import relays
from app.store.db import Ledger
from app.sync import bundle, connect, keyfile, keys
from app.sync.relay_round import RoundReport, run_round
from app.sync.webdav import Relay, RelayConfig
from tests.app.sync.ledgers import NEIGHBOUR, STREET, public_key_text
from tests.helpers.ledgers import Devices
from tests.helpers.relay import TestRelay
from tests.helpers.relay_offices import Connected, enrolled

Offices = Connected
"""A street and its district (the street's folder on the relay: `code`)."""


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> Iterator[Offices]:
    """A street of 新城区 that trusts the district (format 2, sealed), enrolled there."""
    both = enrolled(devices, tmp_path)
    yield both
    both.close()


def _quiet(_seconds: float) -> None:
    """Retries never wait in tests."""


def dav(config: RelayConfig, folder: str = "") -> Relay:
    """A client for the relay (below `folder`, an office's own URL)."""
    if folder:
        config = dataclasses.replace(config, url=config.url + folder + "/")
    return Relay(config, sleep=_quiet, rng=random.Random(14), attempts=2)


def street_round(relay: TestRelay, offices: Offices, **kw: object) -> RoundReport:
    with dav(relay.config(offices.code), offices.code) as upward:
        return run_round(offices.street, collect=None, upward=upward, **kw)  # type: ignore[arg-type]


def district_round(relay: TestRelay, offices: Offices, **kw: object) -> RoundReport:
    with dav(relay.config()) as collect:
        return run_round(offices.district, collect=collect, upward=None, **kw)  # type: ignore[arg-type]


def sealed(path: Path) -> bool:
    manifest = bundle.verify_bundle(path).manifest
    return manifest.get("checkpoint") is True or manifest.get("encryption") is not None


def save_settings(relay: TestRelay, offices: Offices, *, wrong: bool = False) -> None:
    """The relays as `relay set` and `connect import` leave them."""
    admin = relay.config()
    relays.save(offices.district, relays.COLLECT, admin.url, admin.user, admin.password, None)
    own = relay.config(offices.code)
    relays.save(offices.street, relays.UPWARD, f"{own.url}{offices.code}/", own.user,
                "wrong" if wrong else own.password, None)


def connect_office(upstream: Ledger, office: Ledger, area: str, relay: TestRelay,
             folder: Path) -> None:
    """`connect create` at the upstream for the office below, `connect import` there."""
    scope = resolve_scope(upstream, area)
    assert scope is not None
    code = connect.office_folder(scope)
    login = relay.config(code)
    data = connect.make_connect(upstream, scope, keyfile.own_key_file_text(office),
                                f"{relay.url}{code}/", login.user, login.password, None)
    path = folder / f"{code}{connect.SUFFIX}"
    path.write_bytes(data)
    connection = connect.read_connect(path, office)
    code_said = keyfile.parse_key_file(keyfile.own_key_file_text(upstream)).code
    connect.import_connect(office, connection, code_said)
    keys.enroll(upstream, public_key_text(office), scope, label=scope.name)


def collects_from(ledger: Ledger, relay: TestRelay) -> None:
    """`relay set` at the office that collects from this relay (its account reads everything)."""
    admin = relay.config()
    relays.save(ledger, relays.COLLECT, admin.url, admin.user, admin.password, None)


def readable(path: Path) -> bytes:
    """A relay file's bytes and, if it is a ZIP, every entry, inflated where it is zlib (as
    format 2 stores its payload files): what anyone without the key can read."""
    parts = [path.read_bytes()]
    if not zipfile.is_zipfile(path):
        return parts[0]
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            entry = archive.read(info)
            parts.append(entry)
            with contextlib.suppress(zlib.error):
                parts.append(zlib.decompress(entry))
    return b"\n".join(parts)


DISTRICT = "新城区"


@dataclass
class Chain:
    """Two streets of 新城区, the district and the city, linked by connection files."""

    streets: list[Ledger]
    district: Ledger
    city: Ledger
    below: TestRelay
    """The district's relay: the streets send up to it, the district collects from it."""
    above: TestRelay
    """The city's relay."""


@contextlib.contextmanager
def chained(devices: Devices, folder: Path, first: Ledger | None = None) -> Iterator[Chain]:
    """The chain on two relays: `first` (else a new ledger of STREET) and one of NEIGHBOUR send
    up to 新城区, which sends up to the city; each collecting office has `relay set`. All four
    ledgers are closed after."""
    below, above = TestRelay(folder / "relay-district"), TestRelay(folder / "relay-city")
    streets = [first or devices.open(folder / "街道" / "台账.db", role="street", area=STREET),
               devices.open(folder / "邻街" / "台账.db", role="street", area=NEIGHBOUR)]
    district = devices.open(folder / "区县" / "台账.db", role="district", area=DISTRICT,
                            device=2)
    city = devices.open(folder / "市" / "台账.db", role="city", device=3)
    below.start()
    above.start()
    try:
        for street, area in zip(streets, (STREET, NEIGHBOUR), strict=True):
            connect_office(district, street, f"street:{area}", below, folder)
        connect_office(city, district, f"district:{DISTRICT}", above, folder)
        collects_from(district, below)
        collects_from(city, above)
        yield Chain(streets, district, city, below, above)
    finally:
        below.stop()
        above.stop()
        for ledger in (*streets, district, city):
            ledger.close()
