"""The data key of personal fields for a lost or new laptop: export with a recovery password,
import on another machine, so that it reads the ledger's backups. The ledger remembers when the
recovery file of its current data key was last exported (the window reminds until it was)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from app.domain import china_time
from app.errors import KnownError, UsageError
from app.store import datakey
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings
from app.store.whole import write_whole

log = logging.getLogger(__name__)

MAX_RECOVERY_FILE = datakey.MAX_FILE
RECOVERY_FILE = "data_key/recovery_file"
"""Setting: {"key_id", "at" (UTC, ISO), "how" ("export" or "import")} of the last recovery file
known to hold the ledger's data key. A setting is this ledger's own: it never travels in bundles."""
EXPORT, IMPORT = "export", "import"


@dataclass(frozen=True)
class RecoveryFile:
    """The last recovery file known to hold the ledger's current data key."""

    key_id: str
    at: dt.datetime
    """When it was exported (or imported from), in UTC."""
    imported: bool
    """Known because this ledger's key was imported from it (not exported here)."""


def recovery_file(ledger: Ledger) -> RecoveryFile | None:
    """The recovery file of the ledger's current data key, or None if none was ever made here.

    One made for another key (before the ledger got a new one) does not count: it cannot open
    what the new key sealed.
    """
    key_id = ledger.vault.key_id
    found = get_setting(ledger, RECOVERY_FILE)
    if key_id is None or not isinstance(found, dict) or found.get("key_id") != key_id:
        return None
    try:
        at = dt.datetime.fromisoformat(str(found.get("at")))
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    return RecoveryFile(key_id, at.astimezone(dt.UTC), found.get("how") == IMPORT)


def _remember(ledger: Ledger, key_id: str, how: str, now: dt.datetime | None) -> None:
    """Record the recovery file; a ledger that cannot be written (damaged, read-only, disk full)
    keeps the file made all the same: the reminder then only comes again."""
    moment = (now or china_time.utc_now()).astimezone(dt.UTC)
    try:
        set_settings(ledger, **{RECOVERY_FILE: {"key_id": key_id, "at": moment.isoformat(),
                                                "how": how}})
    except KnownError as exc:
        log.warning("the recovery file was made but not recorded in the ledger: %s", exc)


def export_data_key(ledger: Ledger, out: Path, password: str, *,
                    now: dt.datetime | None = None) -> str:
    """Write the ledger's data key sealed with the password to `out` (user-only); its key id.

    The ledger remembers it (when, which key) once the file is whole.
    """
    key = ledger.vault.key_id and datakey.find(ledger.path, ledger.vault.key_id)
    if not key:
        raise UsageError("本机没有这个台账的数据密钥，无法导出。请先用 keys import-data-key "
                         "导入以前导出的恢复文件")
    write_whole(out, datakey.recovery_bytes(key, password), private=True)
    _remember(ledger, key.key_id, EXPORT, now)
    return key.key_id


@dataclass(frozen=True)
class Imported:
    """A data key imported: its id, where it is kept, and whether it is this ledger's."""

    key_id: str
    where: str
    this_ledger: bool


def import_data_key(ledger: Ledger, source: Path, password: str, *,
                    now: dt.datetime | None = None) -> Imported:
    """Keep the data key of a recovery file for this ledger (its key, or that of another
    ledger whose backups are to be read here).

    A recovery file of this ledger's own key is remembered as its recovery file: whoever imports
    it holds it, so the window does not ask for another export.
    """
    try:
        with source.open("rb") as handle:
            raw = handle.read(MAX_RECOVERY_FILE + 1)
    except OSError as exc:
        raise UsageError(f"无法读取恢复文件“{source}”：{exc.strerror or '读取失败'}") from None
    key = datakey.open_recovery(raw, password, str(source))
    where = datakey.keep(ledger.path, key)
    this_ledger = key.key_id == ledger.vault.key_id
    if this_ledger:
        _remember(ledger, key.key_id, IMPORT, now)
    return Imported(key.key_id, where, this_ledger)
