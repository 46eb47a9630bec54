"""The city-scale database of DESIGN.md, built once and kept in build/.

`city_db()` builds it with `facility-ledger demo --scale city` when it is missing.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

CITY_DB = Path(__file__).resolve().parent.parent / "build" / "bench" / "city.db"


def city_db() -> Path:
    """The path of the city-scale database, building it first if it is missing (a few minutes)."""
    if not CITY_DB.exists():
        CITY_DB.parent.mkdir(parents=True, exist_ok=True)
        print(f"building the city-scale database in {CITY_DB} …", file=sys.stderr)
        started = time.perf_counter()
        partial = CITY_DB.with_name("city.partial.db")
        for leftover in CITY_DB.parent.glob("city.partial.db*"):
            leftover.unlink()
        subprocess.run(
            [sys.executable, "-m", "app", "--db", str(partial), "init", "--role", "city"],
            check=True,
        )
        subprocess.run(
            [sys.executable, "-m", "app", "--db", str(partial), "demo", "--scale", "city"],
            check=True,
        )
        for suffix in ("", ".key"):
            Path(str(partial) + suffix).rename(str(CITY_DB) + suffix)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return CITY_DB
