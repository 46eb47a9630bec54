"""A ledger on a network share or a removable drive is warned about; one on a local disk is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store import drive_kind
from app.store.drive_kind import Mount, kind_in, parse_bsd_mount, parse_mountinfo, windows_kind
from tests.faults import on_small_disk, python
from tests.helpers.ledgers import copy_ledger

MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
31 27 0:25 / /run rw,nosuid,nodev shared:5 - tmpfs tmpfs rw,size=1623148k,mode=755
40 27 0:35 / /srv/台账 rw,relatime shared:20 - nfs4 fileserver:/export/台账 rw,vers=4.2
41 27 0:36 / /mnt/街道\040共享 rw,relatime shared:21 - cifs //10.0.0.5/街道 rw,vers=3.1.1
42 27 0:37 / /home/li/remote rw,nosuid,nodev,relatime shared:22 - fuse.sshfs li@host: rw
43 27 0:38 / /mnt/wsl rw,relatime - 9p drvfs rw,dirsync
44 27 8:17 / /media/li/KINGSTON rw,nosuid,nodev,relatime shared:23 - vfat /dev/sdb1 rw,uid=1000
45 31 8:33 / /run/media/li/移动硬盘 rw,nosuid,nodev shared:24 - exfat /dev/sdc1 rw
46 27 8:49 / /data rw,relatime shared:25 - ntfs3 /dev/sdd1 rw
47 44 0:39 / /media/li/KINGSTON/inner rw,relatime - ext4 /dev/sde1 rw
48 27 0:40 / /srv/台账 rw,relatime - ext4 /dev/sdf1 rw
oops this line has another shape
"""


@pytest.mark.parametrize(("path", "expected"), [
    ("/home/li/台账/台账.db", None),  # the root file system
    ("/srv/台账2/台账.db", None),  # a sibling of a mount point is not under it
    ("/mnt/街道 共享/台账.db", ("remote", "cifs")),  # \040 in mountinfo is a space
    ("/home/li/remote/a/台账.db", ("remote", "fuse.sshfs")),
    ("/mnt/wsl/台账.db", ("remote", "9p")),
    ("/media/li/KINGSTON/台账.db", ("removable", "vfat")),
    ("/run/media/li/移动硬盘/x/台账.db", ("removable", "exfat")),
    ("/data/台账.db", None),  # an NTFS disk inside the computer
    ("/media/li/KINGSTON/inner/台账.db", None),  # the deepest mount holds the file
    ("/srv/台账/台账.db", None),  # a later mount over the NFS share covers it
    ("/run/user/1000/台账.db", None),  # tmpfs
])
def test_the_mount_holding_the_file_decides(path: str, expected: object) -> None:
    assert kind_in(path, parse_mountinfo(MOUNTINFO)) == expected


def test_an_nfs_share_that_is_not_covered_is_remote() -> None:
    mounts = [m for m in parse_mountinfo(MOUNTINFO) if m.fs_type != "ext4" or m.point == "/"]
    assert kind_in("/srv/台账/台账.db", mounts) == ("remote", "nfs4")
    assert kind_in("/srv/台账", mounts) == ("remote", "nfs4")


def test_every_named_network_and_stick_file_system() -> None:
    for fs in ("nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p"):
        mounts = [Mount("/", "ext4", "/dev/sda1"), Mount("/mnt/s", fs, "server:/x")]
        assert kind_in("/mnt/s/台账.db", mounts) == ("remote", fs)
    for fs in ("vfat", "exfat", "ntfs"):
        for place in ("/media/u/STICK", "/run/media/u/STICK"):
            mounts = [Mount("/", "ext4", "/dev/sda1"), Mount(place, fs, "/dev/sdb1")]
            assert kind_in(f"{place}/台账.db", mounts) == ("removable", fs)
        mounts = [Mount("/", "ext4", "/dev/sda1"), Mount("/boot/efi", fs, "/dev/sda2")]
        assert kind_in("/boot/efi/台账.db", mounts) is None  # not where sticks are mounted


def test_the_macos_mount_table() -> None:
    text = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        "//li@fileserver/街道 on /Volumes/街道 (smbfs, nodev, nosuid, mounted by li)\n"
        "/dev/disk4s1 on /Volumes/NO NAME (msdos, local, nodev, nosuid, noowners)\n"
        "/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)\n"
    )
    mounts = parse_bsd_mount(text)
    assert kind_in("/Volumes/街道/台账.db", mounts) == ("remote", "smbfs")
    assert kind_in("/Volumes/NO NAME/台账.db", mounts) == ("removable", "msdos")
    assert kind_in("/System/Volumes/Data/Users/li/台账.db", mounts) is None


def test_windows_drives_and_unc_paths() -> None:
    types = {"C:\\": 3, "Z:\\": drive_kind.DRIVE_REMOTE, "E:\\": drive_kind.DRIVE_REMOVABLE}
    asked: list[str] = []

    def drive_type(root: str) -> int:
        asked.append(root)
        return types.get(root, 0)

    assert windows_kind(r"C:\Users\li\台账\台账.db", drive_type) is None
    assert windows_kind(r"Z:\台账.db", drive_type) == ("remote", "Z:")
    assert windows_kind(r"E:\备份\台账.db", drive_type) == ("removable", "E:")
    assert windows_kind(r"\\?\E:\台账.db", drive_type) == ("removable", "E:")
    assert asked == ["C:\\", "Z:\\", "E:\\", "E:\\"]
    assert windows_kind(r"\\fileserver\街道\台账.db", drive_type) == ("remote", "UNC")
    assert windows_kind(r"\\?\UNC\fileserver\街道\台账.db", drive_type) == ("remote", "UNC")
    assert windows_kind("//fileserver/街道/台账.db", drive_type) == ("remote", "UNC")
    assert len(asked) == 4  # a UNC path needs no question


def test_the_warnings_say_what_and_where(tmp_path: Path) -> None:
    def warned(kind: tuple[drive_kind.Kind, str]) -> str:
        text = drive_kind.warning_for(tmp_path / "台账.db", kind)
        assert str(tmp_path / "台账.db") in text
        return text

    assert "网络共享" in warned(("remote", "cifs")) and "cifs" in warned(("remote", "cifs"))
    assert "U盘" in warned(("removable", "vfat"))


CHILD = """
import json, shutil, subprocess, sys
from pathlib import Path
from app.store.db import open_ledger
from app.store.drive_kind import drive_kind, mount_of, _mounts
root = Path(sys.argv[1])
db = root / "台账.db"
for source in Path(sys.argv[2]).iterdir():  # the ledger and the files named after it
    shutil.copy(source, root / source.name)
ledger = open_ledger(db)
notices = list(ledger.notices)
ledger.close()
check = subprocess.run([sys.executable, "-m", "app", "--db", str(db), "check"],
                       capture_output=True, text=True)
print(json.dumps({"fs": mount_of(str(root), _mounts()).fs_type, "kind": drive_kind(db),
                  "notices": notices, "check": check.stdout + check.stderr,
                  "code": check.returncode}, ensure_ascii=False))
"""


def test_a_ledger_on_a_fresh_tmpfs_is_not_warned_about(tmp_path: Path,
                                                       ledger_template: Path) -> None:
    source = copy_ledger(ledger_template, tmp_path / "source" / "台账.db")
    mount = tmp_path / "mnt"
    done = on_small_disk(mount, 20_000, *python(CHILD), mount, source.parent)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["fs"] == "tmpfs"  # the mount table was read, and it found the fresh tmpfs
    assert seen["kind"] is None and seen["notices"] == []
    assert seen["code"] == 0 and "检查通过" in seen["check"] and "注意" not in seen["check"]
