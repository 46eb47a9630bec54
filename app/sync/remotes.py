"""What a sync round needs of a relay (`Remote`), and a shared or mounted folder that is one.

`webdav.Relay` is a Remote; `FolderRemote` is a local directory with the same layout (an office
share, a mounted drive), so that a round runs the same over either. Paths are relative ASCII paths
below the remote's root, "" being the root itself.
"""

from __future__ import annotations

import builtins
import os
import uuid
from pathlib import Path
from typing import Protocol

from app.store.whole import copy_whole, make_dirs
from app.sync import webdav
from app.sync.webdav import RemoteFile
from app.task import TaskState

STOPPED = "同步已停止；已完成的部分保留，下次同步继续"


class Remote(Protocol):
    """A relay's folders, as a round uses them (webdav.Relay's methods)."""

    def list(self, folder: str) -> builtins.list[RemoteFile]:
        """The files in a folder (no subfolders, no unfinished uploads); [] if missing."""

    def folders(self, folder: str) -> builtins.list[str]:
        """The names of a folder's subfolders, sorted."""

    def get(self, path: str, target: Path, max_size: int) -> None:
        """Fetch a file whole to `target`; refused over `max_size` bytes."""

    def put(self, source: Path, path: str) -> bool:
        """Upload unless that name is there already (False then)."""

    def delete(self, path: str) -> None:
        """Delete a file; one already gone is fine."""

    def ensure_folder(self, folder: str) -> None:
        """Make a folder and any missing folder above it."""

    def remove_unfinished(self, folder: str) -> int:
        """Delete the unfinished uploads in a folder this office alone writes."""

    def clock_skew(self) -> float | None:
        """Seconds the relay's clock is ahead of ours, if it said."""


class FolderRemote:
    """A directory laid out as a relay (an office share or a mounted drive)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, path: str) -> Path:
        path = path.strip("/")
        return self.root / webdav._check_path(path) if path else self.root

    def _failed(self, exc: OSError, what: str) -> webdav.RelayError:
        return webdav.RelayUnreachable(
            f"共享文件夹“{self.root}”无法访问（{what}：{exc.strerror or exc}）："
            "请确认它已连接；更改会保留，之后再同步。")

    def list(self, folder: str) -> builtins.list[RemoteFile]:
        """The files in a folder (no subfolders, no unfinished uploads); [] if missing."""
        where = self._path(folder)
        try:
            if not where.is_dir():
                return []
            return sorted((RemoteFile(p.name, p.stat().st_size) for p in where.iterdir()
                           if p.is_file() and not webdav.is_temporary(p.name)
                           and webdav._SAFE_PATH.fullmatch(p.name)), key=lambda f: f.name)
        except OSError as exc:
            raise self._failed(exc, f"列出“{folder}”") from None

    def folders(self, folder: str) -> builtins.list[str]:
        """The names of a folder's subfolders, sorted."""
        where = self._path(folder)
        try:
            return sorted(p.name for p in where.iterdir()
                          if p.is_dir() and webdav._SAFE_PATH.fullmatch(p.name)) \
                if where.is_dir() else []
        except OSError as exc:
            raise self._failed(exc, f"列出“{folder}”") from None

    def get(self, path: str, target: Path, max_size: int) -> None:
        """Copy a file whole to `target`; refused over `max_size` bytes."""
        source = self._path(path)
        try:
            if not source.is_file():
                raise webdav.RelayNotFound(f"共享文件夹“{self.root}”中没有“{path}”。")
            if source.stat().st_size > max_size:
                raise webdav.RelayBadAnswer(
                    f"共享文件夹中的“{path}”超过 {max_size} 字节，已拒收。")
            copy_whole(source, target, private=True)
        except OSError as exc:
            raise self._failed(exc, f"读取“{path}”") from None

    def put(self, source: Path, path: str) -> bool:
        """Copy `source` to `path` unless a file is there (False then): under a temporary name
        first, linked into place so that no reader sees half a file and nothing is replaced."""
        target = self._path(path)
        temp = target.with_name(f"{webdav.TEMP_PREFIX}{uuid.uuid4().hex}{webdav.TEMP_SUFFIX}")
        try:
            if target.exists():
                return False
            make_dirs(target.parent)
            copy_whole(source, temp)
            try:
                os.link(temp, target)
            except FileExistsError:
                return False
            except OSError:  # a file system without hard links: the name was free just now
                if target.exists():
                    return False
                os.replace(temp, target)
            return True
        except OSError as exc:
            raise self._failed(exc, f"写入“{path}”") from None
        finally:
            temp.unlink(missing_ok=True)

    def delete(self, path: str) -> None:
        """Delete a file; one already gone is fine."""
        try:
            self._path(path).unlink(missing_ok=True)
        except OSError as exc:
            raise self._failed(exc, f"删除“{path}”") from None

    def ensure_folder(self, folder: str) -> None:
        """Make a folder and any missing folder above it."""
        try:
            make_dirs(self._path(folder))
        except OSError as exc:
            raise self._failed(exc, f"创建“{folder}”") from None

    def remove_unfinished(self, folder: str) -> int:
        """Delete the temporary names an interrupted copy left in a folder of ours."""
        where = self._path(folder)
        stale = [p for p in where.iterdir() if webdav.is_temporary(p.name)] \
            if where.is_dir() else []
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def clock_skew(self) -> float | None:
        """A folder has no clock of its own."""
        return None


class Watched:
    """A Remote that stops before each request once its round is cancelled (closing the window
    waits only for the request under way, not for the rest of the round)."""

    def __init__(self, remote: Remote, task: TaskState) -> None:
        self._remote = remote
        self._task = task

    def list(self, folder: str) -> builtins.list[RemoteFile]:
        self._task.check(STOPPED)
        return self._remote.list(folder)

    def folders(self, folder: str) -> builtins.list[str]:
        self._task.check(STOPPED)
        return self._remote.folders(folder)

    def get(self, path: str, target: Path, max_size: int) -> None:
        self._task.check(STOPPED)
        self._remote.get(path, target, max_size)

    def put(self, source: Path, path: str) -> bool:
        self._task.check(STOPPED)
        return self._remote.put(source, path)

    def delete(self, path: str) -> None:
        self._task.check(STOPPED)
        self._remote.delete(path)

    def ensure_folder(self, folder: str) -> None:
        self._task.check(STOPPED)
        self._remote.ensure_folder(folder)

    def remove_unfinished(self, folder: str) -> int:
        self._task.check(STOPPED)
        return self._remote.remove_unfinished(folder)

    def clock_skew(self) -> float | None:
        return self._remote.clock_skew()
