"""End to end with nobody pressing anything: two streets, their district and the city each run
`facility-ledger sync` (the loop) in a process of its own over two real relays, while the
streets' clerks add records from another process; everything reaches the city once and the
receipts come back down (issue 14, Done when: automatic rounds)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from app.services.sync import undelivered_changes
from app.store.db import Ledger
from app.sync import bundle
from tests.app.sync.ledgers import NEIGHBOUR, STREET, record_state
from tests.app.sync.relaying import Chain, chained, readable
from tests.helpers.ledgers import Devices

ROOT = Path(__file__).resolve().parents[3]
STOP_S = 30.0
"""The longest a loop may take to stop once told (a round's request under way included)."""
SETTLE_S = 120.0
"""The longest the four loops may take to carry everything up and the receipts down."""
NO_FOLDER_YET = "上还没有本单位的文件夹"
RESIDENTS = {STREET: ("张秀英", "13912345678"), NEIGHBOUR: ("李建国", "13887654321")}


@dataclass
class Loop:
    """One office's `sync` loop, a child process, its output going to a file."""

    process: subprocess.Popen[bytes]
    output: Path
    sink: IO[bytes]

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it (Ctrl+C is the same, but a test run in the
        background may have SIGINT ignored)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def said(self) -> str:
        """Everything it printed, once it has ended. One still running STOP_S after the stop is
        made to print where each of its threads is (faulthandler), then ends."""
        try:
            self.process.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGABRT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        finally:
            self.sink.close()
        return self.output.read_text(encoding="utf-8")


def _cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "app", *(str(a) for a in args)]


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8",
           "PYTHONUNBUFFERED": "1"}
    env.pop("FACILITY_LEDGER_DB", None)
    return env


def _start(ledger: Ledger, folder: Path) -> Loop:
    output = folder / f"sync-{ledger.path.parent.name}.txt"
    sink = output.open("wb")
    loop = [sys.executable, "-X", "faulthandler", "-m", "app", "--db", str(ledger.path), "sync",
            "--interval", "1"]  # faulthandler: SIGABRT prints where it is stuck (Loop.said)
    process = subprocess.Popen(loop, cwd=ROOT, env=_env(), stdout=sink, stderr=subprocess.STDOUT)
    return Loop(process, output, sink)


def _add(ledger: Ledger, entity: str, *values: str) -> None:
    """A clerk's `add`, from a process of its own while the loop runs."""
    done = subprocess.run(_cli("--db", ledger.path, "add", entity, *values), cwd=ROOT,
                          env=_env(), capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")


def _wait_until(condition: Callable[[], bool], loops: list[Loop]) -> None:
    deadline = time.monotonic() + SETTLE_S  # elapsed time only: no date is read
    while not condition():
        for loop in loops:
            assert loop.process.poll() is None, loop.output.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, "\n\n".join(
            loop.output.read_text(encoding="utf-8")[-3000:] for loop in loops)
        time.sleep(0.5)


def _own_rows(street: Ledger) -> dict[tuple[str, str], dict[str, object]]:
    """The rows the street itself last wrote (not the reference data it received)."""
    return {(table, row_id): row for table, rows in record_state(street).items()
            for row_id, row in rows.items()
            if {device for _hlc, device in row["clocks"].values()} == {street.device}}


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> Iterator[Chain]:
    """Two new streets of 新城区, the district and the city, linked by connection files."""
    with chained(devices, tmp_path) as chain:
        yield chain


def test_four_sync_loops_carry_the_streets_edits_to_the_city_by_themselves(
        offices: Chain, tmp_path: Path) -> None:
    loops = [_start(ledger, tmp_path)
             for ledger in (offices.city, offices.district, *offices.streets)]
    try:
        for street, area in zip(offices.streets, (STREET, NEIGHBOUR), strict=True):
            community = f"{area}新社区"
            reporter, phone = RESIDENTS[area]
            _add(street, "communities", f"name={community}", f"street={area}")
            _add(street, "demands", f"community={community}", "content=希望增设老年助餐点",
                 f"reporter={reporter}", f"phone={phone}")

        def settled() -> bool:
            if any(undelivered_changes(ledger) for ledger in (*offices.streets,
                                                               offices.district)):
                return False
            city = record_state(offices.city)
            return all(city.get(table, {}).get(row_id) == row
                       for street in offices.streets
                       for (table, row_id), row in _own_rows(street).items())

        _wait_until(settled, loops)
    finally:
        for loop in loops:
            loop.stop()
        said = [loop.said() for loop in loops]

    for street in offices.streets:
        own = _own_rows(street)
        assert {table for table, _id in own} >= {"community", "demand"}, own.keys()
    # the city may have needed one round; the others sent, then took a receipt a round later
    for text, rounds in zip(said, (1, 2, 2, 2), strict=True):
        assert "已停止同步" in text and "Traceback" not in text, text[-3000:]
        assert "拒收" not in text and text.count("所有更改均已送达上级") + text.count(
            "未上报") >= rounds, text[-3000:]
        errors = [line for line in text.splitlines() if line.startswith("错误")]
        # a street that starts before its district has made its folder on the relay waits
        assert all(NO_FOLDER_YET in line for line in errors), errors
        applied = [line.partition("：")[0] for line in text.splitlines()
                   if line.partition("：")[2].startswith("applied")]
        assert len(applied) == len(set(applied)), applied  # no file applied twice
    city, district = said[0], said[1]
    assert city.count("：applied") >= 1 and district.count("：applied") >= 2

    left = [relay.root / name for relay in (offices.below, offices.above)
            for name in relay.files()]
    sent = [path for path in left if path.parent.name == "outbox"]
    assert len([p for p in sent if not p.name.startswith("ckpt-")]) >= 3
    for path in sent:  # every bundle sent up is sealed
        manifest = bundle.verify_bundle(path).manifest
        assert manifest.get("checkpoint") is True or manifest.get("encryption"), path.name
    references = [path for path in left if path.name.startswith("ref-")]
    assert references and all(STREET.encode() in readable(path)  # what it reads is inflated
                              for path in references)
    for path in left:  # no resident's name or number readable in any file on either relay
        data = readable(path)
        for reporter, phone in RESIDENTS.values():
            assert reporter.encode() not in data and phone.encode() not in data, path.name
