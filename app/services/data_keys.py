"""The data key of personal fields for a lost or new laptop: export with a recovery password,
import on another machine, so that it reads the ledger's backups."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.errors import UsageError
from app.store import datakey
from app.store.db import Ledger
from app.store.whole import write_whole

MAX_RECOVERY_FILE = datakey.MAX_FILE


def export_data_key(ledger: Ledger, out: Path, password: str) -> str:
    """Write the ledger's data key sealed with the password to `out` (user-only); its key id."""
    key = ledger.vault.key_id and datakey.find(ledger.path, ledger.vault.key_id)
    if not key:
        raise UsageError("本机没有这个台账的数据密钥，无法导出。请先用 keys import-data-key "
                         "导入以前导出的恢复文件")
    write_whole(out, datakey.recovery_bytes(key, password), private=True)
    return key.key_id


@dataclass(frozen=True)
class Imported:
    """A data key imported: its id, where it is kept, and whether it is this ledger's."""

    key_id: str
    where: str
    this_ledger: bool


def import_data_key(db_path: Path, ledger_key_id: str | None, source: Path,
                    password: str) -> Imported:
    """Keep the data key of a recovery file for the ledger at `db_path` (its key, or that of
    another ledger whose backups are to be read here)."""
    try:
        with source.open("rb") as handle:
            raw = handle.read(MAX_RECOVERY_FILE + 1)
    except OSError as exc:
        raise UsageError(f"无法读取恢复文件“{source}”：{exc.strerror or '读取失败'}") from None
    key = datakey.open_recovery(raw, password, str(source))
    where = datakey.keep(db_path, key)
    return Imported(key.key_id, where, key.key_id == ledger_key_id)
