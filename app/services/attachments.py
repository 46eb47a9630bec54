"""Files attached to records (photos of a space): content-addressed beside the ledger, never lost.

The bytes go to the file store (app/store/files.py), written whole; the
attachment record (entity, record, hash, name, type, size) goes through the one write path.
The same photo attached twice to one record is one attachment; removing one is a tombstone and the
file stays (another record, or a bundle not yet sent, may still need it).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.domain.entities import ATTACHMENT
from app.errors import UsageError
from app.services import records
from app.store import files, ids, writer
from app.store.db import Ledger

MAX_BYTES = 50 * 1024 * 1024
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff")


def attach(ledger: Ledger, entity: str, record_ref: str, source: Path, caption: str = "") -> str:
    """Attach a file to a record; returns the attachment's id (the same id if already attached)."""
    spec = records.spec_of(entity)
    record = records.get(ledger, spec.name, record_ref)
    if not source.is_file():
        raise UsageError(f"找不到文件：{source}")
    if source.stat().st_size > MAX_BYTES:
        limit = MAX_BYTES // 1024 // 1024
        raise UsageError(f"文件“{source.name}”太大（超过 {limit} MB），请先压缩")
    sha256, size = files.hash_file(source)
    files.keep_file(ledger, source, sha256)
    values: dict[str, Any] = {
        "entity": spec.name, "record_id": record["id"], "sha256": sha256, "filename": source.name,
        "mime": mimetypes.guess_type(source.name)[0] or "application/octet-stream", "size": size,
        "caption": caption.strip() or None,
    }
    attachment_id = ids.natural_id(ATTACHMENT.name, [record["id"], sha256])
    with ledger.write() as conn:
        existing = records.fetch(conn, ATTACHMENT, attachment_id)
        if existing is None:
            writer.insert_records(conn, ATTACHMENT, [{**values, "id": attachment_id}],
                                  [ledger.stamp()])
        elif existing["deleted"]:
            writer.update_record(conn, ATTACHMENT, attachment_id, existing,
                                 {**values, "deleted": False}, ledger.stamp(), action="restore")
    return attachment_id


def attachments_of(ledger: Ledger, entity: str, record_id: str) -> list[dict[str, Any]]:
    """The live attachments of a record, oldest first, each with its file's path."""
    spec = records.spec_of(entity)
    with ledger.engine.connect() as conn:
        found = conn.execute(
            text("SELECT id FROM attachment WHERE entity = :e AND record_id = :r AND deleted = 0 "
                 "ORDER BY created_at, rowid"),
            {"e": spec.name, "r": record_id},
        ).scalars().all()
        rows = [records.fetch(conn, ATTACHMENT, str(i)) for i in found]
    return [{**row, "path": files.file_path(ledger, row["sha256"])}
            for row in rows if row is not None]


def detach(ledger: Ledger, attachment_id: str) -> None:
    """Remove an attachment from its record (a tombstone; the file stays in the store)."""
    with ledger.write() as conn:
        existing = records.fetch(conn, ATTACHMENT, attachment_id)
        if existing is None or existing["deleted"]:
            raise UsageError("找不到这个附件，可能已被移除")
        writer.update_record(conn, ATTACHMENT, attachment_id, existing, {"deleted": True},
                             ledger.stamp(), action="delete")


def is_image(path: Path) -> bool:
    """Whether a file looks like a photo the app can show."""
    return path.suffix.lower() in IMAGE_SUFFIXES
