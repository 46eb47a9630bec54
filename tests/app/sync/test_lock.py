"""One sync round at a time per ledger: the lock is an OS file lock, held across processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services import records
from app.store.db import Ledger
from app.sync import bundle
from app.sync.folder import sync_folder
from app.sync.lock import RoundBusy, holder, sync_round
from tests.app.sync.ledgers import STREET
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices

ROOT = Path(__file__).resolve().parents[3]

HOLD = """
import sys, time
from pathlib import Path
from app.sync.lock import sync_round
with sync_round(Path(sys.argv[1]), "窗口的自动同步"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _held_elsewhere(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the ledger's sync lock for a while, once it says it does."""
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


@pytest.fixture
def street(devices: Devices, tmp_path: Path) -> Ledger:
    ledger = devices.open(tmp_path / "街道" / "台账.db", role="street", area=STREET)
    records.create(ledger, "communities", {"name": "东七路社区", "street": STREET})
    yield ledger
    ledger.close()


def test_a_round_waits_then_says_who_holds_the_ledger(street: Ledger) -> None:
    child = _held_elsewhere(street.path, 30)
    try:
        started = time.monotonic()
        with pytest.raises(RoundBusy) as raised, sync_round(street.path, "命令行", wait=0.5):
            pass
        assert time.monotonic() - started >= 0.5
        message = str(raised.value)
        assert "窗口的自动同步" in message and f"进程 {child.pid}" in message
        assert "稍后会再试" in message and raised.value.exit_code == 1
        assert bundle.outbox(street).exists() is False  # nothing bundled meanwhile
    finally:
        child.kill()
        child.wait()
    with sync_round(street.path, "命令行", wait=5):  # a killed holder frees the lock
        assert "命令行" in holder(street.path)


def test_bundle_create_waits_for_the_window_and_then_goes_on(street: Ledger,
                                                            tmp_path: Path) -> None:
    child = _held_elsewhere(street.path, 1.5)
    try:
        started = time.monotonic()
        done = run("--db", street.path, "bundle", "create", "--out", tmp_path / "U盘")
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started >= 1.0  # it waited for the other round
        assert len(list((tmp_path / "U盘").glob("*.cfbundle"))) == 1
    finally:
        child.wait()


FOLDER_SYNC = """
import sys
from pathlib import Path
from app.store.db import open_ledger
from app.sync import lock
from app.sync.folder import sync_folder
lock.WAIT = 0.3
ledger = open_ledger(Path(sys.argv[1]))
try:
    sync_folder(ledger, Path(sys.argv[2]))
except lock.RoundBusy as exc:
    print(exc)
ledger.close()
"""


def test_a_folder_sync_takes_the_same_lock(street: Ledger, tmp_path: Path) -> None:
    stick = tmp_path / "U盘"
    with sync_round(street.path, "命令行 bundle import"):
        child = subprocess.run([sys.executable, "-c", FOLDER_SYNC, str(street.path), str(stick)],
                               cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                               capture_output=True, text=True, check=False, timeout=120)
    assert "命令行 bundle import" in child.stdout, child.stderr
    assert not list(stick.rglob("*.cfbundle"))  # it did nothing while it waited
    report = sync_folder(street, stick)  # free again
    assert report.made is not None
