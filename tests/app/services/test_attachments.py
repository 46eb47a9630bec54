"""Photos attached to a space: stored by content, one attachment per record and file, tombstoned."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from app.errors import UsageError
from app.services import attachments, records
from app.store import files
from app.store.db import Ledger

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def space(ledger: Ledger) -> str:
    community = records.create(
        ledger, "communities", {"name": "东七路社区", "street": "解放门街道"}
    )
    return records.create(
        ledger, "spaces", {"community": community, "name": "活动室", "kind": "社区用房"}
    )


def _history_rows(ledger: Ledger, record_id: str) -> int:
    with ledger.engine.connect() as conn:
        found = conn.execute(
            text("SELECT count(*) FROM history WHERE record_id = :r"), {"r": record_id}
        ).scalar()
    return int(found or 0)


def test_attach_stores_by_content_and_is_idempotent(
    ledger: Ledger, space: str, tmp_path: Path
) -> None:
    photo = tmp_path / "现场 照片.png"
    photo.write_bytes(PNG)
    first = attachments.attach(ledger, "spaces", space, photo, caption="东侧入口")
    again = attachments.attach(ledger, "spaces", space, photo)
    assert first == again
    [found] = attachments.attachments_of(ledger, "spaces", space)
    sha = hashlib.sha256(PNG).hexdigest()
    assert found["sha256"] == sha and found["filename"] == "现场 照片.png"
    assert found["mime"] == "image/png" and found["size"] == len(PNG)
    assert found["caption"] == "东侧入口"
    assert found["path"].read_bytes() == PNG
    assert found["path"] == files.store_dir(ledger) / sha[:2] / sha
    assert _history_rows(ledger, first) == 1
    photo.unlink()  # the user's own file may go: the ledger kept its copy
    assert found["path"].exists()


def test_detach_is_a_tombstone_and_reattach_revives(
    ledger: Ledger, space: str, tmp_path: Path
) -> None:
    photo = tmp_path / "a.png"
    photo.write_bytes(PNG)
    attachment = attachments.attach(ledger, "spaces", space, photo)
    attachments.detach(ledger, attachment)
    assert attachments.attachments_of(ledger, "spaces", space) == []
    assert files.file_path(ledger, hashlib.sha256(PNG).hexdigest()).exists()
    with pytest.raises(UsageError, match="附件"):
        attachments.detach(ledger, attachment)
    assert attachments.attach(ledger, "spaces", space, photo) == attachment
    assert len(attachments.attachments_of(ledger, "spaces", space)) == 1
    assert _history_rows(ledger, attachment) == 3


def test_missing_file_and_unknown_record(ledger: Ledger, space: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="找不到文件"):
        attachments.attach(ledger, "spaces", space, tmp_path / "无.png")
    photo = tmp_path / "a.png"
    photo.write_bytes(PNG)
    with pytest.raises(UsageError, match="找不到空间资源"):
        attachments.attach(ledger, "spaces", "不存在", photo)
    assert not files.store_dir(ledger).exists()
