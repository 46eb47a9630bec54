"""Sending a PDF to the printer with what the platform gives, tried without a printer."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from ui.print_file import Launcher, PrintOutcome, print_pdf


class Commands:
    """Stands in for subprocess.run: remembers the commands, answers with `returncode`."""

    def __init__(self, returncode: int = 0, stderr: str = "") -> None:
        self.ran: list[list[str]] = []
        self.returncode, self.stderr = returncode, stderr

    def __call__(self, command: list[str], **_options: Any) -> subprocess.CompletedProcess[str]:
        self.ran.append(command)
        return subprocess.CompletedProcess(command, self.returncode, "", self.stderr)


def _which(*present: str) -> Any:
    return lambda name: f"/usr/bin/{name}" if name in present else None


def test_windows_uses_the_print_verb(tmp_path: Path) -> None:
    asked: list[tuple[str, str]] = []
    pdf = tmp_path / "清单.pdf"
    launcher = Launcher(platform="win32", startfile=lambda p, verb: asked.append((p, verb)),
                        which=_which("lp"), run=Commands())
    assert print_pdf(pdf, launcher) == PrintOutcome(True, "print verb")
    assert asked == [(str(pdf), "print")]


def test_windows_without_a_program_that_prints_pdf_says_why(tmp_path: Path) -> None:
    def refuse(_path: str, _verb: str) -> None:
        raise OSError("没有与之关联的应用程序")

    outcome = print_pdf(tmp_path / "a.pdf", Launcher(platform="win32", startfile=refuse))
    assert not outcome.sent and outcome.error == "没有与之关联的应用程序"


def test_elsewhere_lp_then_lpr(tmp_path: Path) -> None:
    pdf = tmp_path / "月 报.pdf"
    commands = Commands()
    assert print_pdf(pdf, Launcher(platform="linux", startfile=None, which=_which("lp", "lpr"),
                                   run=commands)) == PrintOutcome(True, "lp")
    assert commands.ran == [["/usr/bin/lp", str(pdf)]]  # one argument, spaces and all
    commands = Commands()
    assert print_pdf(pdf, Launcher(platform="darwin", which=_which("lpr"), run=commands)).sent
    assert commands.ran == [["/usr/bin/lpr", str(pdf)]]


def test_a_refused_print_job_and_no_way_to_print(tmp_path: Path) -> None:
    failing = Commands(1, "lp: Error - no default destination available.\n")
    outcome = print_pdf(tmp_path / "a.pdf", Launcher(platform="linux", which=_which("lp"),
                                                     run=failing))
    assert outcome == PrintOutcome(False, "lp", "lp: Error - no default destination available.")
    nothing = Commands()
    assert print_pdf(tmp_path / "a.pdf", Launcher(platform="linux", which=_which(),
                                                  run=nothing)) == PrintOutcome(False)
    assert nothing.ran == []
