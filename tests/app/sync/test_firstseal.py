"""Sealing on first relay: bundles made before the district's encryption key was known never go
onto the relay unsealed; they are packed again, sealed, and the district applies them once."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import records
from app.services.areas import resolve_scope
from app.store import relays
from app.sync import bundle, connect, keyfile
from app.sync.apply import applied_state
from app.sync.relay_round import RoundReport, run_round
from app.sync.remotes import FolderRemote
from app.sync.webdav import Relay, RelayConfig
from tests.app.sync.ledgers import STREET
from tests.helpers.ledgers import Devices
from tests.helpers.relay import TestRelay
from tests.helpers.relay_offices import Connected, edit, enrolled

Early = Connected
"""A street that trusts its district by its signing key only (format 1), enrolled there."""


@pytest.fixture
def early(devices: Devices, tmp_path: Path) -> Iterator[Early]:
    both = enrolled(devices, tmp_path, sealed=False)  # no encryption key: format 1
    yield both
    both.close()


def _manifest(path: Path) -> dict[str, object]:
    return bundle.verify_bundle(path).manifest


def _connect(early: Early, relay: TestRelay, folder: Path) -> None:
    """`connect create` at the district, `connect import` at the street (announces the key)."""
    scope = resolve_scope(early.district, f"street:{STREET}")
    assert scope is not None
    login = relay.config(early.code)
    data = connect.make_connect(early.district, scope, keyfile.own_key_file_text(early.street),
                                f"{relay.url}{early.code}/", login.user, login.password, None)
    path = folder / f"{early.code}{connect.SUFFIX}"
    path.write_bytes(data)
    code = keyfile.parse_key_file(keyfile.own_key_file_text(early.district)).code
    connect.import_connect(early.street, connect.read_connect(path, early.street), code)
    admin = relay.config()
    relays.save(early.district, relays.COLLECT, admin.url, admin.user, admin.password, None)


def _dav(config: RelayConfig, folder: str = "") -> Relay:
    if folder:
        config = RelayConfig(url=config.url + folder + "/", user=config.user,
                             password=config.password, ca_file=config.ca_file)
    return Relay(config, sleep=lambda _s: None, rng=random.Random(14), attempts=2)


def _street_round(early: Early, relay: TestRelay) -> RoundReport:
    with _dav(relay.config(early.code), early.code) as upward:
        return run_round(early.street, collect=None, upward=upward)


def _district_round(relay: TestRelay, early: Early) -> RoundReport:
    with _dav(relay.config()) as collect:
        return run_round(early.district, collect=collect, upward=None)


def test_bundles_made_before_the_key_are_sealed_on_the_first_relay_round(
        relay: TestRelay, early: Early, tmp_path: Path) -> None:
    made = []
    for name in ("东七路社区", "西八路社区"):
        edit(early.street, name)
        found = bundle.make_bundle(early.street)  # for USB, before the key was known
        assert found is not None and _manifest(found.path)["encryption"] is None
        made.append(found)
    _connect(early, relay, tmp_path)
    assert _district_round(relay, early).outcomes == []  # makes the street's folder
    third = edit(early.street, "南九路社区")

    up = _street_round(early, relay)
    assert up.sealed is not None and (up.sealed.first, up.sealed.last) == (1, 3)
    # the round's own bundle of the third change (sealed, chained after them) goes as well
    assert up.sealed.dropped[:2] == sorted(m.path.name for m in made)
    assert len(up.sealed.dropped) == 3 and up.sealed.dropped[2].endswith("-3-3.cfbundle")
    assert "加密" in up.sealed.message() and up.held == []
    assert not any(m.path.exists() for m in made)  # superseded: no fork left to send by USB
    outbox = [f for f in relay.files() if "/outbox/" in f]
    ranges = [f for f in outbox if "/ckpt-" not in f]
    assert len(up.sent) == 1 and ranges == [f"{early.code}/{up.sent[0]}"]
    for name in outbox:
        manifest = _manifest(relay.root / name)
        assert manifest.get("checkpoint") is True or manifest["encryption"] is not None
    manifest = _manifest(relay.root / ranges[0])
    assert (manifest["seq_from"], manifest["seq_to"], manifest["prev_manifest_sha256"]) == (
        1, 3, None)

    collected = _district_round(relay, early)
    assert [o.status for _n, o in collected.outcomes if o.device] == ["applied"]
    state = applied_state(early.district, early.street.identity.fingerprint)
    assert state["seq"] == 3 and list(state["ranges"]) == ["1-3"]
    assert records.get(early.district, "communities", third)["name"] == "南九路社区"
    again = _district_round(relay, early)
    assert [o for _n, o in again.outcomes if o.status == "applied"] == []

    back = _street_round(early, relay)
    assert back.undelivered == 0 and back.sealed is None
    assert [n for n in back.sent if "/ckpt-" not in n] == []  # a checkpoint only


def test_without_a_key_to_seal_to_nothing_unsealed_goes_to_the_relay(
        early: Early, tmp_path: Path) -> None:
    share = tmp_path / "共享"
    edit(early.street, "东七路社区")
    report = run_round(early.street, collect=None, upward=FolderRemote(share / early.code))
    assert report.sealed is None and report.sent == []
    assert len(report.held) == 1 and (bundle.outbox(early.street) / report.held[0]).exists()
    assert not [p for p in (share / early.code / "outbox").glob("*") if "ckpt-" not in p.name]


def test_names_and_phones_held_back_from_the_stick_go_sealed_once_through_the_relay(
        relay: TestRelay, early: Early, tmp_path: Path) -> None:
    """An unsealed bundle (for USB) carries no reporter or phone; packed again sealed for the
    relay from its first sequence, it carries them (the held-back fields logged again once, for
    the stick round's own sealed bundle made just before)."""
    community = edit(early.street, "东七路社区")
    demand = records.create(early.street, "demands", {
        "community": community, "content": "希望增设助餐点", "reporter": "王秀英",
        "phone": "13912345678"})
    made = bundle.make_bundle(early.street)
    assert made is not None and made.withheld == 1
    assert b"13912345678" not in made.path.read_bytes()
    logged = _logged(early)
    _connect(early, relay, tmp_path)
    _district_round(relay, early)
    up = _street_round(early, relay)
    assert up.sealed is not None and up.sealed.first == 1
    assert _logged(early) == logged + made.withheld
    _district_round(relay, early)
    got = records.get(early.district, "demands", demand)
    assert (got["reporter"], got["phone"]) == ("王秀英", "13912345678")


def _logged(early: Early) -> int:
    with early.street.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM change_log").scalar_one())
