"""What the installed program says of its own build: the date and commit written by the frozen
build (packaging/facility_ledger.spec); nothing when it runs from the source tree."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from app import paths

MAX_SIZE = 4096


@dataclass(frozen=True)
class Build:
    """A frozen build: the day it was made and the commit it was made from ("" if unknown)."""

    built: dt.date
    commit: str


def build_info(path: Path | None = None) -> Build | None:
    """The build the program comes from (paths.BUILD_FILE unless given); None when run from
    source, or when the file cannot be read as one."""
    path = path or paths.BUILD_FILE
    try:
        if path.stat().st_size > MAX_SIZE:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        built = dt.date.fromisoformat(data["built"])
        commit = data.get("commit", "")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not (isinstance(commit, str) and len(commit) <= 40 and commit.isalnum()):
        commit = ""
    return Build(built, commit)


def write_build_file(path: Path, built: dt.date, commit: str) -> Path:
    """Write what build_info() reads (by the frozen build, before PyInstaller collects it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"built": built.isoformat(), "commit": commit}), encoding="utf-8")
    return path
