"""Drafts survive the process: written atomically, listed at the next start, then discarded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.services.drafts import discard_draft, draft_key, list_drafts, save_draft
from app.store.db import open_ledger


def test_save_list_discard(tmp_path: Path) -> None:
    db = tmp_path / "台账 目录" / "台账.db"
    key = draft_key("spaces", None, "f1")
    save_draft(db, key, "spaces", None, {"name": "原居委会二楼", "floor_area": "-12"})
    save_draft(db, key, "spaces", None, {"name": "原居委会二楼", "floor_area": "120"})
    [draft] = list_drafts(db)
    assert (draft.entity, draft.record_id) == ("spaces", None)
    assert draft.values == {"name": "原居委会二楼", "floor_area": "120"}
    discard_draft(db, key)
    assert list_drafts(db) == []


def test_a_draft_survives_a_killed_process(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    script = (
        "import os, sys; from pathlib import Path; from app.services.drafts import save_draft;"
        f"save_draft(Path({str(db)!r}), 'demands-new-x', 'demands', None,"
        " {'content': '加装电梯'});"
        "os._exit(9)"  # no clean-up of any kind: as when the battery dies
    )
    done = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert done.returncode == 9
    [draft] = list_drafts(db)
    assert draft.values == {"content": "加装电梯"}


def test_damaged_draft_is_skipped_and_bad_keys_refused(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    save_draft(db, "spaces-abc", "spaces", "abc", {"name": "x"})
    (db.with_name("台账.db.drafts") / "broken.json").write_text("{not json", encoding="utf-8")
    assert [d.key for d in list_drafts(db)] == ["spaces-abc"]
    with pytest.raises(ValueError):
        save_draft(db, "../escape", "spaces", None, {})


def test_personal_fields_of_a_draft_rest_sealed_and_are_left_out_without_the_key(
        tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    typed = {"content": "加装电梯", "reporter": "王秀英", "phone": "139 1234 5678"}
    ledger = open_ledger(db, create=True)
    try:
        save_draft(db, "demand-new-x", "demand", None, typed)
        raw = (db.with_name("台账.db.drafts") / "demand-new-x.json").read_bytes()
        assert "王秀英".encode() not in raw and b"1234" not in raw and b"enc1:" in raw
        [draft] = list_drafts(db)
        assert draft.values == typed
    finally:
        ledger.close()
    # another process, where this ledger is not open (no key at hand): nothing typed leaks,
    # the gap is left out rather than shown as if typed
    script = ("from pathlib import Path; from app.services.drafts import list_drafts, save_draft;"
              f"db = Path({str(db)!r});"
              "print(list_drafts(db)[0].values);"
              "save_draft(db, 'demand-new-y', 'demand', None, {'phone': '13900000000'});"
              "print(open(str(db) + '.drafts/demand-new-y.json', encoding='utf-8').read())")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          encoding="utf-8", timeout=60, check=True)
    assert done.stdout.splitlines()[0] == repr({"content": "加装电梯"})
    assert "13900000000" not in done.stdout
