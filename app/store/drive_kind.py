"""Whether a ledger lies on a network share or a removable drive, where SQLite is not safe.

SQLite's file locks are unreliable over network file systems (NFS, SMB/CIFS, sshfs, 9p), so two
computers may write at once and damage the file; a USB stick or card may be pulled out mid-write.
The ledger still opens there, with a warning. What cannot be told is no warning: this module
never raises.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Literal

Kind = Literal["remote", "removable"]

NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p", "afs", "ncpfs",
    "fuse.davfs", "davfs", "webdav", "fuse.rclone", "ceph", "glusterfs", "fuse.glusterfs",
})
"""File systems that reach another computer (mountinfo's names, and macOS's mount's)."""

STICK_FS = frozenset({"vfat", "msdos", "msdosfs", "exfat", "ntfs", "ntfs3", "fuseblk"})
"""File systems of USB sticks and cards: removable when mounted where desktops put them."""

REMOVABLE_PLACES = ("/media/", "/run/media/", "/Volumes/")

DRIVE_REMOVABLE = 2
DRIVE_REMOTE = 4
"""GetDriveTypeW's answers that matter here."""


@dataclass(frozen=True)
class Mount:
    """One line of the mount table: where, which file system, from what."""

    point: str
    fs_type: str
    source: str


_OCTAL = re.compile(r"\\([0-7]{3})")


def _unescape(field: str) -> str:
    r"""mountinfo writes a space in a path as \040, a backslash as \134."""
    return _OCTAL.sub(lambda m: chr(int(m[1], 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts of a /proc/self/mountinfo text, in its order (later mounts cover earlier)."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        try:
            dash = fields.index("-", 6)
            mounts.append(Mount(_unescape(fields[4]), fields[dash + 1],
                                _unescape(fields[dash + 2])))
        except (ValueError, IndexError):
            continue  # a line of another shape: skipped, not a reason to fail
    return mounts


_BSD_LINE = re.compile(r"^(?P<source>.+?) on (?P<point>/.*?) \((?P<fs>[\w.-]+)[,)]")


def parse_bsd_mount(text: str) -> list[Mount]:
    """The mounts of macOS's `mount` output: `//u@server/share on /Volumes/share (smbfs, …)`."""
    mounts = []
    for line in text.splitlines():
        m = _BSD_LINE.match(line)
        if m:
            mounts.append(Mount(m["point"], m["fs"], m["source"]))
    return mounts


def mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount holding `path` (absolute, resolved): the longest mount point over it, the last
    mounted where several share a point."""
    best: Mount | None = None
    for mount in mounts:
        point = mount.point.rstrip("/") + "/"
        if (path + "/").startswith(point) and (
            best is None or len(point) >= len(best.point.rstrip("/") + "/")
        ):
            best = mount
    return best


def kind_in(path: str, mounts: list[Mount]) -> tuple[Kind, str] | None:
    """Remote or removable, and the file system's name, for `path` in this mount table."""
    mount = mount_of(path, mounts)
    if mount is None:
        return None
    if mount.fs_type in NETWORK_FS or mount.source.startswith("//"):
        return "remote", mount.fs_type
    if mount.fs_type in STICK_FS and (mount.point + "/").startswith(REMOVABLE_PLACES):
        return "removable", mount.fs_type
    return None


def windows_kind(path: str, drive_type: Callable[[str], int]) -> tuple[Kind, str] | None:
    r"""Remote or removable for a Windows path: UNC (\\server\share) is remote; else the drive's
    type as GetDriveTypeW (`drive_type`) tells it for the drive's root, such as "Z:\"."""
    drive = path.replace("/", "\\")
    if drive.startswith("\\\\?\\UNC\\") or (
        drive.startswith("\\\\") and not drive.startswith(("\\\\?\\", "\\\\.\\"))
    ):
        return "remote", "UNC"
    root = drive.removeprefix("\\\\?\\")[:2]
    if len(root) != 2 or root[1] != ":":
        return None
    kind = drive_type(root + "\\")
    if kind == DRIVE_REMOTE:
        return "remote", root
    if kind == DRIVE_REMOVABLE:
        return "removable", root
    return None


def _get_drive_type(root: str) -> int:
    import ctypes

    windll = getattr(ctypes, "windll")  # noqa: B009  (absent off Windows, for mypy too)
    return int(windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


def _mounts() -> list[Mount]:
    if sys.platform == "darwin":
        import subprocess

        done = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5,
                              check=False)
        return parse_bsd_mount(done.stdout)
    return parse_mountinfo(Path("/proc/self/mountinfo").read_text(encoding="utf-8",
                                                                  errors="replace"))


def drive_kind(path: Path) -> tuple[Kind, str] | None:
    """Remote or removable (and the file system or drive) for the place of a ledger file."""
    try:
        where = path.resolve()
        if not where.exists():
            where = where.parent
        if os.name == "nt":
            return windows_kind(str(where), _get_drive_type)
        return kind_in(str(PurePath(where)), _mounts())
    except (OSError, ValueError, RuntimeError):
        return None


def drive_warning(path: Path) -> str | None:
    """The warning to show when a ledger is opened from a network share or removable drive."""
    found = drive_kind(path)
    return None if found is None else warning_for(path, found)


def warning_for(path: Path, found: tuple[Kind, str]) -> str:
    """The warning for a ledger at `path` on a drive of this kind (and file system or drive)."""
    kind, what = found
    if kind == "remote":
        return (f"注意：台账“{path}”在网络共享文件夹上（{what}）。网络盘上的文件锁不可靠，"
                "两台电脑同时打开可能损坏台账。请把台账放在本机硬盘上，与他人交换数据请用同步。")
    return (f"注意：台账“{path}”在U盘或移动硬盘上（{what}）。写入时拔出可能损坏台账。"
            "请把台账放在本机硬盘上，U盘只用来存放备份或交换文件。")
