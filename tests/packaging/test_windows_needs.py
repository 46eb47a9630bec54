"""What Windows needs that Linux hides: no system time-zone database (zoneinfo then reads the
tzdata package), and packages only Windows installs, kept in the lock for its build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")


def test_china_time_is_found_without_a_system_time_zone_database(tmp_path: Path) -> None:
    """As on Windows: PYTHONTZPATH pointing nowhere leaves zoneinfo only the tzdata package."""
    nowhere = tmp_path / "没有时区数据库"
    code = ("import zoneinfo, datetime as dt; from app.domain.china_time import CHINA;"
            "assert zoneinfo.TZPATH == (sys_path,), zoneinfo.TZPATH;"
            "print(dt.datetime(2026, 12, 31, 23, 59, tzinfo=CHINA).utcoffset())")
    env = dict(os.environ, PYTHONTZPATH=str(nowhere), TZ="Pacific/Honolulu")
    done = subprocess.run([sys.executable, "-c", f"sys_path = {str(nowhere)!r}; {code}"],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "8:00:00"


def test_the_lock_keeps_what_only_windows_installs() -> None:
    assert "\ntzdata==" in LOCK  # zoneinfo's data on Windows (and everywhere, as here)
    # keyring's Windows Credential Manager backend, and colour in its console
    assert "pywin32-ctypes==" in LOCK and "pywin32-ctypes==0.2.3 ; sys_platform == 'win32'" in LOCK
    assert "colorama==" in LOCK


def test_tzdata_is_declared_for_windows() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "\"tzdata; sys_platform == 'win32'\"" in pyproject
