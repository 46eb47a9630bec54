"""The city-scale database of DESIGN.md (or 1/3 or 1/10 of it), built once and kept in build/.

`city_db()` builds the one of the chosen scale (bench/scale.py) when it is missing, in a separate
interpreter (`python -m bench.citydb SCALE PATH`), so that the benchmark's own process starts clean.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench import scale

CITY_DB = Path(__file__).resolve().parent.parent / "build" / "bench" / "city.db"
"""The full city scale's database; build/bench/ also holds the others and the benchmarks' files."""


def db_path(name: str | None = None) -> Path:
    """Where the database of the chosen (or named) scale is kept."""
    name = name or scale.chosen()
    return CITY_DB if name == "city" else CITY_DB.with_name(f"city-{name}.db")


def city_db() -> Path:
    """The database of the chosen scale, building it first if it is missing (minutes at city
    scale)."""
    path = db_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"building the {scale.chosen()}-scale database in {path} …", file=sys.stderr)
        started = time.perf_counter()
        partial = path.with_name(path.stem + ".partial.db")
        for leftover in path.parent.glob(partial.name + "*"):
            leftover.unlink()
        subprocess.run([sys.executable, "-m", "bench.citydb", scale.chosen(), str(partial)],
                       check=True)
        for suffix in ("", ".key", ".datakey"):  # the database, its identity and data keys
            if Path(str(partial) + suffix).exists():  # no .datakey when a keyring holds it
                Path(str(partial) + suffix).rename(str(path) + suffix)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def build(name: str, path: Path) -> None:
    """A city ledger at `path` filled with the demo data of the named scale."""
    from app.services import demo
    from app.services.setup import init_ledger
    from app.task import TaskState

    ledger = init_ledger(path, role="city")
    try:
        def progress(done: int, total: int, _text: str) -> None:
            print(f"\r  {done:,}/{total:,} records", end="", file=sys.stderr, flush=True)

        demo.generate(ledger, None, scale=scale.shrink(demo.SCALES["city"], name),
                      task=TaskState(progress))
        print(file=sys.stderr)
    finally:
        ledger.close()


if __name__ == "__main__":
    build(sys.argv[1], Path(sys.argv[2]))
