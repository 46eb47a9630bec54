"""The README's command-line walkthrough, run as written, in order, on a fresh ledger."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from app import cli
from app.domain import china_time

README = Path(__file__).resolve().parents[2] / "README.md"
USB = "E:/"
"""The README's USB stick; a folder of the test's own here."""
NEEDS_THE_DISTRICT = ("区县", "回执")
"""Lines run at the district, or on what only the district writes (its key, its receipts)."""
AT_THE_DISTRICT = 9
"""How many such lines there are: keys enroll, trust and revoke, bundle import, receipt,
reference, relay set, connect create and connect import (of the district's file)."""
STARTED = dt.datetime(2026, 12, 4, 9, tzinfo=china_time.CHINA)
"""When the walkthrough is typed (after the month its monthly report asks for)."""


def walkthrough() -> list[str]:
    """The lines of the ```sh block under "## The command line", continuations joined."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## The command line\n", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "no ```sh block under ## The command line"
    return [line for line in block[1].replace("\\\n", " ").splitlines() if line.strip()]


def commands(line: str) -> list[list[str]]:
    """The commands of one line: `a | b | c` gives three, `[--option]` is taken as written."""
    words = [w.removeprefix("[").removesuffix("]") for w in shlex.split(line, comments=True)]
    assert words[0] == "facility-ledger", line
    words = words[1:]
    parts: list[list[str]] = [[]]
    for word in words:
        if word == "|":
            parts.append([])
        else:
            parts[-1].append(word)
    if len(parts) == 1:
        return parts
    first = parts[0]
    start = 2 if first[0] == "--db" else 0  # the command word follows the --db option
    base = first[: start + 1]
    return [first, *([*base, *alternative] for alternative in parts[1:])]


class Run:
    """Runs the README's commands in a folder of their own, filling the placeholders."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.folder = folder
        self.capsys = capsys
        self.names: dict[str, str] = {}
        """Placeholder → what an earlier command printed (a record id, a backup file)."""

    def fill(self, word: str) -> str:
        word = word.replace(USB, f"{self.folder / 'E'}/")
        for placeholder, value in self.names.items():
            word = word.replace(placeholder, value)
        if "<name>" in word:  # the bundle that `bundle create` wrote
            found = sorted(Path(word).parent.glob(Path(word).name.replace("<name>", "*")))
            assert len(found) == 1, (word, found)
            word = str(found[0])
        return word

    def __call__(self, words: list[str]) -> str:
        argv = [self.fill(w) for w in words]
        code = cli.main(argv)
        out, err = self.capsys.readouterr()
        assert code == 0, (argv, out, err)
        return out


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    monkeypatch.chdir(tmp_path)  # the README's relative paths land in the test's folder
    monkeypatch.delenv("FACILITY_LEDGER_DB", raising=False)
    (tmp_path / "E").mkdir()
    with time_machine.travel(STARTED.timestamp()):
        yield Run(tmp_path, capsys)


def test_the_readme_walkthrough_runs_on_a_fresh_ledger(run: Run, tmp_path: Path) -> None:
    skipped = []
    for line in walkthrough():
        if any(word in line for word in NEEDS_THE_DISTRICT):
            skipped.append(line)
            continue
        for words in commands(line):
            if "import" in words and "街道台账.xlsx" in words:  # a workbook a street sends in
                shutil.copy(tmp_path / "台账.xlsx", tmp_path / "街道台账.xlsx")
            if words[2:4] == ["keys", "new"]:  # the README's case for it: the key file is lost
                (tmp_path / "台账 目录" / "台账.db.key").unlink()
            out = run(words)
            if words[2:4] == ["add", "spaces"]:
                run.names["<ID>"] = out.strip()
            if words[2:4] == ["backup", "create"]:
                run.names["FILE"] = out.strip().split("：", 1)[1]
    assert len(skipped) == AT_THE_DISTRICT, skipped
    assert {"<ID>", "FILE"} <= set(run.names)
    for written in ("台账 目录/台账.db", "演示.db", "台账.xlsx", "空白模板.xlsx", "需求清单.csv",
                    "需求清单公示.pdf", "内部.pdf", "概况.pdf", "月通报.pdf", "街道.pub"):
        assert (tmp_path / written).is_file(), written
    assert list((tmp_path / "E" / "台账数据包").glob("*.cfbundle"))


def test_the_walkthrough_is_read_as_written() -> None:
    lines = walkthrough()
    assert lines[0].endswith("init --role street --area 解放门街道")
    assert commands('facility-ledger --db "a b.db" backup create | list | restore FILE') == [
        ["--db", "a b.db", "backup", "create"], ["--db", "a b.db", "backup", "list"],
        ["--db", "a b.db", "backup", "restore", "FILE"]]
    assert commands("facility-ledger --db x.db export --out a.xlsx [--scope street:甲]  # c") == [
        ["--db", "x.db", "export", "--out", "a.xlsx", "--scope", "street:甲"]]
