"""Printing a PDF with what the platform gives: Windows' print verb, else `lp` or `lpr`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COMMANDS = ("lp", "lpr")
"""The print commands tried where there is no print verb (CUPS gives both), in this order."""
TIMEOUT_S = 30
"""How long a print command may take to queue the file."""


@dataclass(frozen=True)
class PrintOutcome:
    """How sending a file to the printer went."""

    sent: bool
    how: str = ""
    """What sent it: "print verb", or the command's name; "" when nothing could."""
    error: str = ""
    """Why it failed (the system's words); "" when sent, or when there is no way to print."""


def _startfile() -> Callable[[str, str], Any] | None:
    return getattr(os, "startfile", None)  # Windows only


@dataclass
class Launcher:
    """The platform's ways to print, replaceable in tests (nothing is printed then)."""

    platform: str = sys.platform
    startfile: Callable[[str, str], Any] | None = field(default_factory=_startfile)
    which: Callable[[str], str | None] = shutil.which
    run: Callable[..., Any] = subprocess.run


def print_pdf(path: Path, launcher: Launcher | None = None) -> PrintOutcome:
    """Send a PDF to the default printer: Windows' "print" verb (the PDF reader prints it), else
    the first of lp/lpr found. Not sent, with no error, when the platform offers neither."""
    found = launcher or Launcher()
    if found.platform == "win32" and found.startfile is not None:
        try:
            found.startfile(str(path), "print")
        except OSError as exc:  # no program registered to print PDF files, or it failed
            return PrintOutcome(False, "print verb", str(exc))
        return PrintOutcome(True, "print verb")
    for name in COMMANDS:
        command = found.which(name)
        if not command:
            continue
        try:
            done = found.run([command, str(path)], capture_output=True, text=True,
                             timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return PrintOutcome(False, name, str(exc))
        if done.returncode != 0:
            said = (done.stderr or done.stdout or "").strip()
            return PrintOutcome(False, name, said or f"exit {done.returncode}")
        return PrintOutcome(True, name)
    return PrintOutcome(False)
