"""What SQLite's failures mean to the user, and the mark a damaged ledger carries until restored.

"database is locked", "disk full", "disk I/O error", "read-only" and "malformed" each become a
Chinese message that says what to do. Damage (malformed, not a database) is remembered beside the
ledger (`<name>.db.damaged`), so that every later open is read-only until a backup is restored.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from app.errors import KnownError, LedgerDamaged, LedgerReadOnly, StorageError
from app.store.backup_files import list_backups

BUSY, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = "busy", "readonly", "io", "corrupt", \
    "full", "cantopen", "notadb"
_CODES = {5: BUSY, 6: BUSY, 8: READONLY, 10: IOERR, 11: CORRUPT, 13: FULL, 14: CANTOPEN,
          26: NOTADB}
"""SQLite's primary result codes (the low byte of an extended code) that are the environment's."""
_WORDS = (("database is locked", BUSY), ("is locked", BUSY), ("disk is full", FULL),
          ("disk i/o error", IOERR), ("readonly database", READONLY),
          ("disk image is malformed", CORRUPT), ("file is not a database", NOTADB),
          ("unable to open database file", CANTOPEN))


GARBLED = "数据库无法读取：文件已损坏（SQLite 的报告中含有无法识别的内容）"
"""A damaged page can make even SQLite's error message undecodable (UnicodeDecodeError)."""


def kind_of(exc: BaseException) -> str | None:
    """Which environmental failure an SQLite error is (None: a bug or bad SQL)."""
    if isinstance(exc, UnicodeDecodeError):
        return CORRUPT  # met inside the driver: a message or text quoting a damaged page
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _CODES:
        return _CODES[code & 0xFF]
    message = str(exc).lower()
    return next((kind for words, kind in _WORDS if words in message), None)


def describe(exc: BaseException) -> str:
    """What SQLite said, fit to show (a garbled report from a damaged page said plainly)."""
    return GARBLED if isinstance(exc, UnicodeDecodeError) else f"数据库无法读取：{exc}"


def is_damage(exc: BaseException) -> bool:
    """True if the error says the database file itself is damaged."""
    return kind_of(exc) in (CORRUPT, NOTADB)


def explain(exc: BaseException, db_path: Path) -> KnownError | None:
    """The Chinese error an SQLite failure on this ledger stands for (None: not the environment).

    Damage gives a LedgerDamaged with the way out; the caller decides whether to mark the file.
    """
    kind = kind_of(exc)
    if kind is None:
        return None
    if kind in (CORRUPT, NOTADB):
        return damaged(db_path, describe(exc))
    message = {
        BUSY: f"台账正被另一个程序使用（另一个窗口或命令正在写入）：{db_path}。"
              "请稍等片刻再试；如果一直如此，请关闭其他打开这个台账的程序。",
        FULL: f"磁盘空间不足，修改没有保存：{db_path}。请删除不需要的文件腾出空间后重试。",
        IOERR: f"读写台账文件出错（磁盘 I/O 错误）：{db_path}。可能是磁盘已满、U盘已拔出或磁盘"
               "故障，修改没有保存。请检查后重试；如果再次出现，请运行 check 检查台账。",
        READONLY: f"没有写入权限，台账文件是只读的：{db_path}。请检查文件和所在文件夹的权限"
                  "（或U盘的写保护开关）后重试。",
        CANTOPEN: f"无法打开台账文件：{db_path}。请检查文件夹是否存在、是否有读写权限，"
                  "U盘是否已拔出。",
    }[kind]
    return StorageError(message)


# --- the way out of damage -----------------------------------------------------------------


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Problems `PRAGMA quick_check` and `foreign_key_check` find; empty when the file is sound."""
    try:
        problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{table} 第 {rowid} 行引用的 {parent} 记录不存在")
    except UnicodeDecodeError:  # SQLite's report quoted garbage from a damaged page
        return [GARBLED]
    return problems


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup of this ledger that passes its integrity check, if there is one."""
    for info in list_backups(db_path):
        try:
            conn = sqlite3.connect(info.path.resolve().as_uri() + "?mode=ro", uri=True)
        except sqlite3.Error:
            continue
        try:
            if not quick_check(conn):
                return info.path
        except sqlite3.Error:
            continue
        finally:
            conn.close()
    return None


def way_out(db_path: Path) -> str:
    """What to do about a damaged ledger: restore the newest good backup (named), or get help."""
    good = newest_good_backup(db_path)
    if good is None:
        return "没有找到完好的备份，请联系技术支持（不要删除台账文件）。"
    return (f"请从最新的完好备份恢复：在程序中点“恢复最近的备份”，或运行 facility-ledger "
            f"--db \"{db_path}\" backup restore \"{good}\"（恢复前的状态会另存一份）。")


def damaged(db_path: Path, detail: str) -> LedgerDamaged:
    """The error for a ledger found damaged, naming the way out."""
    return LedgerDamaged(f"台账数据库已损坏（{detail}）：{db_path}。为保护数据，台账已改为只读："
                         f"可以查看，不能修改。{way_out(db_path)}")


def read_only_refusal(db_path: Path, why: str) -> LedgerReadOnly:
    """The error for a write refused because the ledger is read-only."""
    return LedgerReadOnly(f"台账已损坏，处于只读状态，不能保存修改（{why}）。{way_out(db_path)}")


def mark_path(db_path: Path) -> Path:
    """The file beside a damaged ledger that keeps it read-only until a restore."""
    return db_path.with_name(db_path.name + ".damaged")


def mark_damaged(db_path: Path, why: str) -> None:
    """Remember that the ledger is damaged (best effort: a read-only folder cannot keep it)."""
    from app.store.whole import write_whole

    with contextlib.suppress(KnownError, OSError):
        write_whole(mark_path(db_path), why.strip() + "\n", private=True)


def damage_mark(db_path: Path) -> str | None:
    """Why the ledger was found damaged, if it was and has not been restored since."""
    try:
        return mark_path(db_path).read_text(encoding="utf-8").strip() or "已发现损坏"
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return "已发现损坏"


def clear_damage_mark(db_path: Path) -> None:
    """Forget the damage (after a restore, or a check that found the file sound)."""
    with contextlib.suppress(OSError):
        mark_path(db_path).unlink(missing_ok=True)
