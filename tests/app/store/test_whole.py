"""The one helper that writes a file whole: a real full disk, a real read-only folder, a folder
that vanishes; never a half file, never a temporary file left, always a Chinese message."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from app.errors import StorageError
from app.store import whole
from tests.faults import as_ordinary_user, python, small_disk_run

OLD = "原来的内容\n"

_WRITE = """
import json, sys
from pathlib import Path
from app.errors import StorageError
from app.store.whole import write_whole
target = Path(sys.argv[1])
try:
    write_whole(target, b"x" * int(sys.argv[2]), private=True)
    print(json.dumps({"ok": True}))
except StorageError as exc:
    print(json.dumps({"ok": False, "message": str(exc)}, ensure_ascii=False))
"""


def _write_in_child(*args: str | Path) -> list[str]:
    return [*python(_WRITE), *map(str, args)]


def test_a_full_disk_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_text(OLD, encoding="utf-8")
    disk = tmp_path / "U盘"
    report = small_disk_run(disk, 512, copy={old: "台账 目录/数据包.cfbundle"}, leave_kb=64,
                            command=_write_in_child(disk / "台账 目录" / "数据包.cfbundle",
                                                    400_000))
    said = json.loads(report["runs"][0]["stdout"].strip().splitlines()[-1])
    assert said["ok"] is False
    assert "磁盘空间不足" in said["message"] and "数据包.cfbundle" in said["message"]
    assert report["files"] == {"台账 目录/数据包.cfbundle": len(OLD.encode())}  # nothing else


def test_a_folder_one_may_not_write_is_explained(tmp_path: Path) -> None:
    folder = tmp_path / "只读 文件夹"
    folder.mkdir()
    target = folder / "回执.cfreceipt"
    target.write_text(OLD, encoding="utf-8")
    folder.chmod(0o555)
    try:
        done = as_ordinary_user(*_write_in_child(target, 10))
    finally:
        folder.chmod(0o755)
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["ok"] is False, done.stderr
    assert "没有写入权限" in said["message"] and "回执.cfreceipt" in said["message"]
    assert target.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in folder.iterdir()) == ["回执.cfreceipt"]


def test_a_folder_that_vanishes_midway_leaves_nothing(tmp_path: Path) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    target = stick / "outbox" / "数据包.cfbundle"
    target.parent.mkdir()
    with pytest.raises(StorageError, match="U盘是否已拔出") as told, \
            whole.written_whole(target) as temp:
        temp.write_bytes(b"half of a bundle")
        for leftover in target.parent.iterdir():  # the stick is pulled out
            leftover.unlink()
        target.parent.rmdir()
    assert "数据包.cfbundle" in str(told.value)
    assert not target.parent.exists()
    with pytest.raises(StorageError, match="找不到文件夹"):
        whole.write_whole(tmp_path / "不存在" / "a.txt", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["U盘"]


def test_a_failure_inside_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "草稿.json"
    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(RuntimeError), whole.written_whole(target) as temp:
        temp.write_text("一半", encoding="utf-8")
        raise RuntimeError("the program failed while writing")
    assert target.read_text(encoding="utf-8") == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["草稿.json"]


def test_the_file_and_its_folder_are_flushed_to_the_disk(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:  # the real fsync, noting what it was given
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "数据包.cfbundle"
    whole.write_whole(target, b"bundle")
    assert len(synced) == 2
    assert Path(synced[0]).parent == tmp_path and synced[0].endswith(whole.TEMP_SUFFIX)
    assert Path(synced[1]) == tmp_path  # the rename made durable
    assert target.read_bytes() == b"bundle"


def test_private_files_and_folders_are_the_users_only(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    whole.make_dirs(folder, private=True)
    whole.write_whole(folder / "a.db", b"x", private=True)
    whole.write_whole(tmp_path / "报表.pdf", b"x")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "a.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "报表.pdf").stat().st_mode) & 0o044  # a document: readable
    first, second = (whole.written_whole(tmp_path / "x") for _ in range(2))
    with first as one, second as two:  # two writers of one file never share a temporary name
        assert one != two and one.parent == two.parent == tmp_path
    assert not list(tmp_path.glob(f"*{whole.TEMP_SUFFIX}"))


def test_a_file_made_only_if_absent_is_made_once(tmp_path: Path) -> None:
    target = tmp_path / "台账.db.enckey"
    assert whole.create_whole(target, "第一个", private=True) is True
    assert whole.create_whole(target, "第二个", private=True) is False
    assert target.read_text(encoding="utf-8") == "第一个"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["台账.db.enckey"]


def test_a_file_made_only_if_absent_without_hard_links(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A FAT stick has no hard links: the file is renamed into place, if still absent."""

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "台账.db.enckey"
    assert whole.create_whole(target, b"first") is True
    assert whole.create_whole(target, b"second") is False
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.db.enckey"]


def test_a_file_made_only_if_absent_in_a_vanished_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="找不到文件夹") as told:
        whole.create_whole(tmp_path / "U盘" / "台账.db.enckey", "x")
    assert "台账.db.enckey" in str(told.value)
    assert list(tmp_path.iterdir()) == []
