"""End to end over two real relays: two streets, their district, the city, set up by connection
files and synced in the order offices run their rounds (issue 14, Done when)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import time_machine

from app.services import records
from app.store import enckey, relays
from app.store.db import Ledger, open_ledger
from app.sync import bundle
from app.sync.relay_round import RoundReport, run_round
from app.sync.webdav import Relay, RelayConfig
from tests.app.sync.ledgers import NEIGHBOUR, STREET, record_state
from tests.app.sync.relaying import Chain, chained, readable
from tests.helpers.ledgers import Devices, copy_ledger
from tests.helpers.relay import TestRelay

DAY = dt.timedelta(days=1)
START = dt.datetime(2096, 1, 1, 1, 0, tzinfo=dt.UTC)
"""Later than the demo template, which is made at the real time, so that none of its edits is
ahead: the test runs from here, whatever today is (this century)."""


def _quiet(_seconds: float) -> None:
    """Retries never wait in tests."""


@pytest.fixture
def chain(devices: Devices, street_demo_template: Path, tmp_path: Path) -> Iterator[Chain]:
    with time_machine.travel(START, tick=True):
        demo = open_ledger(copy_ledger(street_demo_template, tmp_path / "街道" / "台账.db"))
        with chained(devices, tmp_path, demo) as chain:
            yield chain


def sync(ledger: Ledger, now: dt.datetime | None = None) -> RoundReport:
    """One round with the relays this ledger has set, as `sync --once` runs it."""
    with ExitStack() as stack:
        remotes = []
        for which in (relays.COLLECT, relays.UPWARD):
            login = relays.login(ledger, which)
            remotes.append(None if login is None else stack.enter_context(Relay(
                RelayConfig(login.url, login.user, login.password, login.ca_file),
                sleep=_quiet, rng=random.Random(14), attempts=2)))
        return run_round(ledger, collect=remotes[0], upward=remotes[1], now=now)


def personal(ledger: Ledger) -> set[str]:
    """Every reporter's name and phone number the ledger's demands hold."""
    found: set[str] = set()
    for demand in records.list_records(ledger, "demands"):
        found.update(str(demand[n]) for n in ("reporter", "phone") if demand.get(n))
    return found


def _bundles(relay: TestRelay) -> list[Path]:
    return [relay.root / f for f in relay.files()
            if f.endswith(bundle.SUFFIX) and "/outbox/" in f]


def test_two_streets_a_district_and_the_city_over_two_relays(chain: Chain, tmp_path: Path) -> None:
    demo, neighbour = chain.streets
    with time_machine.travel(START, tick=True):
        assert sync(chain.city).exit_code == 0  # the offices' folders appear on the relays
        assert sync(chain.district).exit_code == 0
        records.create(demo, "communities", {"name": "东七路社区", "street": STREET})
        records.create(neighbour, "communities", {"name": "西八路社区", "street": NEIGHBOUR})
        for street in chain.streets:
            first = sync(street)
            assert first.exit_code == 0 and len(first.sent) == 1 and first.undelivered > 0
        collected = sync(chain.district)
        assert collected.refused == [] and collected.exit_code == 0
        assert sorted(o.status for _n, o in collected.outcomes) == ["applied", "applied"]
        assert len(collected.receipts_sent) == 2 and collected.undelivered > 0
        at_city = sync(chain.city)
        assert [o.status for _n, o in at_city.outcomes] == ["applied"] and at_city.refused == []
        assert sync(chain.district).undelivered == 0  # the city's receipt came down
        for street in chain.streets:  # the receipts; the district's reference data too, which
            # is not logged: nothing of it goes up again
            assert sync(street).undelivered == 0
        again = sync(chain.city)  # nothing new: nothing applied twice
        assert {o.status for _n, o in again.outcomes} <= {"checkpoint"}

        # every row of both streets exactly once, with the streets' own clocks
        city = record_state(chain.city)
        for street in chain.streets:
            for table, rows in record_state(street).items():
                for row_id, row in rows.items():
                    if {device for _hlc, device in row["clocks"].values()} != {street.device}:
                        continue  # not this street's edits (reference data it received)
                    assert city[table].get(row_id) == row, (table, row_id)
        assert sum(len(rows) for rows in city.values()) > 300  # the demo's rows among them

        # sealed on the relays; readable without the key: none of the demo's residents
        names = personal(demo)
        assert len(names) > 50
        sent = _bundles(chain.below) + _bundles(chain.above)
        assert len(sent) >= 3
        for path in sent:
            manifest = bundle.verify_bundle(path).manifest
            assert manifest.get("checkpoint") is True or manifest.get("encryption"), path.name
            seen = readable(path)
            assert [n for n in names if n.encode() in seen] == [], path.name
        big = max(_bundles(chain.below), key=lambda p: p.stat().st_size)
        with bundle.opened(bundle.verify_bundle(big), enckey.load_or_create(chain.district.path),
                           tmp_path / "open") as payload:  # the receiver reads them, though
            assert "data/demand.jsonl" in payload

    later = START + 31 * DAY
    with time_machine.travel(later, tick=True):
        for ledger in (*chain.streets, chain.district):
            sync(ledger, now=later)
    left = [f for f in chain.below.files() + chain.above.files()
            if "/outbox/" in f and not f.split("/")[-1].startswith("ckpt-")]
    assert left == []  # acknowledged over 30 days ago: gone from both relays

