"""What a sync round killed mid-way leaves (scratch folders, temporary files beside the ledger, in
its outbox and on the stick) is removed by a later round once it is an hour old, never sooner."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import time_machine

from app.domain.china_time import CHINA
from app.services import records
from app.store import files
from app.store.whole import STALE
from app.sync import bundle
from app.sync.folder import sync_folder
from app.sync.relay_round import run_round
from app.sync.remotes import FolderRemote
from tests.app.sync.relaying import Offices

ROUND_AT = dt.datetime(2027, 1, 15, 10, tzinfo=CHINA)
"""When the round runs (the clock held there): the leftovers' ages are counted back from it."""
YOUNG = 600.0
"""Ten minutes: another round's, under way."""


def leave(path: Path, age: float, *, folder: bool = False) -> Path:
    """A leftover `age` seconds old: a file, or a folder with a file in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if folder:
        path.mkdir()
        (path / "payload.bin").write_bytes(b"half a bundle")
    else:
        path.write_bytes(b"half a file")
    then = ROUND_AT.timestamp() - age
    os.utime(path, (then, then))
    return path


def test_a_round_removes_what_killed_rounds_left(offices: Offices, tmp_path: Path) -> None:
    street = offices.street
    beside, name = street.path.parent, street.path.name
    stick = tmp_path / "U盘"
    stale = [
        leave(beside / f"{name}.sync.holder.5970f3e9.partial", STALE + 5),
        leave(beside / f"{name}.work-k1ll3d", STALE + 5, folder=True),
        leave(bundle.outbox(street) / "610102005000-AB-1-9.cfbundle.49892030.partial", STALE + 5),
        leave(stick / "outbox" / "610102005000-AB-1-9.cfbundle.0badc0de.partial", STALE + 5),
        leave(stick / "receipts" / "AB-9.cfreceipt.12345678.partial", STALE + 5),
    ]
    kept = [
        leave(beside / f"{name}.key.aaaabbbb.partial", YOUNG),
        leave(beside / f"{name}.work-running", YOUNG, folder=True),
        leave(stick / "outbox" / "610102005000-CD-1-9.cfbundle.0f0f0f0f.partial", YOUNG),
        leave(beside / "别的文件.txt.partial", STALE + 5),  # not a temporary name of ours
    ]
    records.create(street, "communities", {"name": "东新社区", "street": "解放门街道"})

    with time_machine.travel(ROUND_AT, tick=True):
        report = sync_folder(street, stick)

    assert report.made is not None
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []


def test_a_collecting_relay_round_removes_what_a_killed_apply_left_in_the_file_store(
        offices: Offices, tmp_path: Path) -> None:
    """A district round killed while it kept an attached photo left a temporary file in the
    file store, which nothing removed (the kill soak found it): its later rounds do, once it
    is an hour old; a district that only collects makes no bundle, and sweeps all the same."""
    district = offices.district
    store = files.store_dir(district)
    sha = "bf5abf82b4b3d90b721699407b8ecfc2b84492a614a54f91969faced2c89c5b6"
    stale = [leave(store / "bf" / f"{sha}.25313ad7.partial", STALE + 5),
             leave(district.path.parent / f"{district.path.name}.backup.7f7f7f7f.partial",
                   STALE + 5)]
    kept = [leave(store / "0c" / f"0c{sha[2:]}.0c0c0c0c.partial", YOUNG),  # one under way
            leave(store / "bf" / sha, STALE + 5)]  # a kept file: never removed

    with time_machine.travel(ROUND_AT, tick=True):
        report = run_round(district, collect=FolderRemote(tmp_path / "共享"), upward=None)

    assert report.exit_code == 0
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
