"""Files written whole or not at all: a temporary file beside the target, fsynced, then renamed.

Every file the app writes goes through here, so that a full disk, a read-only folder or a USB
stick pulled out leaves either the old file or the new one, never half of one, and no temporary
file behind; and so that what goes wrong is said in Chinese, naming the file.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.errors import StorageError

PRIVATE = 0o600
"""Mode of the files only the user may read: key, database, backups, bundles, drafts."""
PRIVATE_DIR = 0o700
"""Mode of the folders the app makes for such files."""
TEMP_SUFFIX = ".partial"

_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS}
_GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ENOTDIR, errno.ESTALE}


def why_not_written(exc: OSError, path: Path, opened_in: str = "", verb: str = "写入") -> str:
    """What an OSError met while writing (`verb`) `path` means to the user, in Chinese."""
    code = exc.errno
    if code in _FULL:
        why = "磁盘空间不足。请删除不需要的文件（或换一个有空间的位置、U盘）后重试"
    elif isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        why = "同名的文件夹已存在，请换一个文件名"
    elif isinstance(exc, PermissionError) or code in _NO_WRITE:
        held = f"文件可能正在 {opened_in} 中打开，请关闭后重试；或" if opened_in else ""
        why = f"没有写入权限（{held}文件夹、U盘是只读的，请检查写保护开关和文件夹权限）"
    elif isinstance(exc, FileNotFoundError) or code in _GONE:
        why = f"找不到文件夹“{path.parent}”，U盘是否已拔出？"
    elif code == errno.EIO:
        why = "读写出错（磁盘 I/O 错误），U盘是否已拔出或损坏？"
    else:
        why = exc.strerror or str(exc)
    return f"无法{verb}“{path}”：{why}"


def storage_error(exc: OSError, path: Path, opened_in: str = "") -> StorageError:
    """The Chinese StorageError for an OSError met while writing `path`."""
    return StorageError(why_not_written(exc, path, opened_in))


def make_dirs(folder: Path, *, private: bool = False) -> None:
    """Create a folder (and its parents); one made for private files is the user's only."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR if private else 0o777)
    except OSError as exc:
        raise storage_error(exc, folder) from None


def _temp_beside(path: Path, mode: int) -> Path:
    """A new, empty, uniquely named file in the target's folder (created with `mode`)."""
    for _ in range(100):
        temp = path.with_name(f"{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         mode)
        except FileExistsError:
            continue
        os.close(fd)
        return temp
    raise FileExistsError(errno.EEXIST, "too many temporary files", str(path))


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes writable only
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles for this)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):  # a file system without
            raise
    finally:
        os.close(fd)


@contextmanager
def written_whole(path: Path, *, opened_in: str = "", private: bool = False) -> Iterator[Path]:
    """A new temporary path beside `path` to write to; put in place when the block ends well.

    Written, fsynced, renamed over `path`, the folder fsynced. Whatever goes wrong, the temporary
    file goes and `path` is as it was; an OSError becomes a StorageError that names the file and
    the cause (`opened_in`: the program that may hold the file open, e.g. "Excel 或 WPS").
    `private` files are readable by the user only.
    """
    temp: Path | None = None
    try:
        temp = _temp_beside(path, PRIVATE if private else 0o666)
        yield temp
        _fsync_file(temp)
        os.replace(temp, path)
        temp = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise storage_error(exc, path, opened_in) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)


STALE = 3600.0
"""Seconds after its last write that a temporary file is taken as left by a killed writer."""

_TEMP_NAME = re.compile(r"\.[0-9a-f]{8}\.partial(?:-journal|-wal|-shm)?$")


def sweep_stale(folder: Path, prefix: str, now: float) -> list[Path]:
    """Delete the temporary files (and SQLite side files) that writers killed mid-write left in
    `folder` under names starting with `prefix`, if untouched for STALE seconds before `now` (a
    time stamp): a live writer's are younger. The paths deleted."""
    gone: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return gone
    for path in entries:
        if not (path.name.startswith(prefix) and _TEMP_NAME.search(path.name)):
            continue
        try:
            if now - path.stat().st_mtime < STALE or not path.is_file():
                continue
            path.unlink()
        except OSError:
            continue  # gone already, or not ours to delete: no harm in leaving it
        gone.append(path)
    return gone


def write_whole(path: Path, data: bytes | str, *, opened_in: str = "",
                private: bool = False) -> None:
    """Write bytes (or text, as UTF-8) to `path` whole or not at all (see written_whole)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with written_whole(path, opened_in=opened_in, private=private) as temp, temp.open("wb") as out:
        out.write(raw)


def create_whole(path: Path, data: bytes | str, *, private: bool = False) -> bool:
    """Write `path` whole, only if nothing is there yet; False (nothing written) if something is.

    For a file two writers may make at once (a key made on first use): the complete file is
    linked into place, which fails if the name exists, so exactly one of them makes it.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    temp: Path | None = None
    try:
        temp = _temp_beside(path, PRIVATE if private else 0o666)
        with temp.open("wb") as out:
            out.write(raw)
        _fsync_file(temp)
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links (FAT on a stick): rename if absent
            if path.exists():
                return False
            os.replace(temp, path)
            temp = None
        fsync_dir(path.parent)
        return True
    except OSError as exc:
        raise storage_error(exc, path) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)


def copy_whole(source: Path, target: Path, *, private: bool = False) -> None:
    """Copy a file to `target` whole or not at all, in blocks (a bundle may be large)."""
    with written_whole(target, private=private) as temp, \
            source.open("rb") as handle, temp.open("wb") as out:
        for block in iter(lambda: handle.read(1 << 20), b""):
            out.write(block)


def make_private(path: Path) -> bool:
    """Take away the group's and others' access to a file; True if it had any (POSIX only)."""
    if os.name == "nt":
        return False
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        path.chmod(mode & 0o700)
        return True
    return False


def read_small_json(path: Path, limit: int) -> Any:
    """A small JSON file read whole (a key or password file): None when there is none. OSError
    when it cannot be read; ValueError when it is larger than `limit` bytes or not JSON."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        return None
    if len(raw) > limit:
        raise ValueError("too large")
    try:
        return json.loads(raw)
    except RecursionError as exc:
        raise ValueError("nested too deep") from exc

