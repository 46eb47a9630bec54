"""What the frozen program says of its build (app/build.py): the file the spec writes, read back;
from the source tree, nothing; a damaged or hostile file, nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app import paths
from app.build import Build, build_info, write_build_file


def test_the_build_file_is_read_back(tmp_path: Path) -> None:
    path = write_build_file(tmp_path / "build.json", dt.date(2026, 12, 5), "0655d66")
    assert build_info(path) == Build(dt.date(2026, 12, 5), "0655d66")


def test_from_the_source_tree_there_is_no_build() -> None:
    assert not paths.BUILD_FILE.exists()  # written into the frozen build only
    assert build_info() is None


@pytest.mark.parametrize("text", [
    "", "not json", "[]", '{"commit": "abc"}', '{"built": "2026-13-40"}', '{"built": 20261205}',
    '{"built": "2026-12-05", "pad": "' + "x" * 5000 + '"}',
])
def test_a_damaged_file_is_no_build(tmp_path: Path, text: str) -> None:
    path = tmp_path / "build.json"
    path.write_text(text, encoding="utf-8")
    assert build_info(path) is None


def test_a_strange_commit_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "build.json"
    path.write_text('{"built": "2026-12-05", "commit": "<b>rm -rf</b>"}', encoding="utf-8")
    assert build_info(path) == Build(dt.date(2026, 12, 5), "")
