"""What a write changed is known where it is written: records, settings, keys; rollbacks nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.domain.changes import Changes
from app.errors import InvalidInput
from app.services import attachments, imports, records
from app.services.setup import init_ledger
from app.store import recording as recording_module
from app.store import settings
from app.store.db import Ledger
from app.store.recording import recording
from app.sync import keys
from tests.app.sync.ledgers import public_key_text

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def community(ledger: Ledger) -> str:
    return records.create(ledger, "communities", {"name": "东七路社区", "street": "解放门街道"})


def test_record_writes_are_told_with_their_ids(ledger: Ledger) -> None:
    with recording() as seen:
        community = records.create(ledger, "communities",
                                   {"name": "西七路社区", "street": "解放门街道"})
    assert seen.changes == Changes.of("community", community)
    assert seen.changes.areas and seen.changes.data
    assert not seen.changes.everything and not seen.changes.settings

    with recording() as seen:
        space = records.create(ledger, "spaces",
                               {"community": community, "name": "活动室", "kind": "社区用房"})
        assert records.update(ledger, "spaces", space, {"usage": "闲置"})
        records.delete(ledger, "spaces", space)
        records.restore(ledger, "spaces", space)
    assert seen.changes == Changes.of("space", space)
    assert list(seen.changes.edited()) == [("space", space)]
    assert not seen.changes.areas and seen.changes.touches(["space", "demand"])


def test_nothing_written_nothing_told(ledger: Ledger, community: str) -> None:
    with recording() as seen:
        assert not records.update(ledger, "communities", community, {"name": "东七路社区"})
        with pytest.raises(InvalidInput):  # refused: rolled back
            records.create(ledger, "spaces", {"community": community, "floor_area": "-1"})
    assert not seen.changes
    assert seen.changes == Changes()


def test_settings_keys_and_attachments_are_told(ledger: Ledger, community: str,
                                                tmp_path: Path) -> None:
    with recording() as seen:
        settings.set_settings(ledger, sync_folder="E:/")
    assert seen.changes == Changes(settings=True)
    district = init_ledger(tmp_path / "区县.db")
    with recording() as seen:
        keys.trust_upstream(ledger, public_key_text(district))
    district.close()
    assert seen.changes == Changes(keys=True)
    photo = tmp_path / "照片.png"
    photo.write_bytes(PNG)
    space = records.create(ledger, "spaces",
                           {"community": community, "name": "活动室", "kind": "社区用房"})
    with recording() as seen:
        attachment = attachments.attach(ledger, "spaces", space, photo)
    assert seen.changes == Changes.of("attachment", attachment)
    assert list(seen.changes.edited()) == [("attachment", attachment)]


def test_a_large_write_changes_everything(ledger: Ledger, community: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recording_module, "MAX_IDS", 3)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "空间资源"
    sheet.append(["所属社区", "资源名称", "资源类型"])
    for n in range(5):
        sheet.append(["东七路社区", f"活动室{n}", "社区用房"])
    path = tmp_path / "空间.xlsx"
    book.save(path)
    with recording() as seen:
        result = imports.import_file(ledger, path)
    assert result.total == 5
    assert seen.changes.everything and seen.changes.entities == {"space"}
    assert not list(seen.changes.edited())


def test_a_recording_sees_its_own_thread_only(ledger: Ledger) -> None:
    made: list[str] = []

    def elsewhere() -> None:
        made.append(records.create(ledger, "communities",
                                   {"name": "尚俭路社区", "street": "解放门街道"}))

    with recording() as seen:
        worker = threading.Thread(target=elsewhere)
        worker.start()
        worker.join()
    assert made and not seen.changes
