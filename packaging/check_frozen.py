"""`make package-check`: the frozen programs, run as a clerk's machine would run them.

Each step runs the built executables (never the source tree's Python) in a fresh data directory,
from a working directory that is not the repository, so that whatever the bundle lacks shows:
--version, a new ledger and `check`, demo data and a PDF report read back, a signed bundle taken
from one frozen ledger into another, the window's screenshots of every page, the first-run set-up
clicked through, and a second start handing its file to the first window.
Usage: python packaging/check_frozen.py dist/FacilityLedger
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WINDOWS = sys.platform == "win32"
SUFFIX = ".exe" if WINDOWS else ""
STEP_TIMEOUT = 600


class Frozen:
    """The two programs of one build, run with their own data directory."""

    def __init__(self, folder: Path, home: Path) -> None:
        self.cli = folder / f"facility-ledger{SUFFIX}"
        self.window = folder / f"FacilityLedger{SUFFIX}"
        for program in (self.cli, self.window):
            if not program.is_file():
                raise SystemExit(f"not built: {program}")
        self.home = home
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
                        XDG_DATA_HOME=str(home / "data"), LOCALAPPDATA=str(home / "data"),
                        XDG_CONFIG_HOME=str(home / "config"), APPDATA=str(home / "config"))
        # what the source tree's Python would have found must not help the frozen one
        for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
            self.env.pop(name, None)

    def run(self, program: Path, *args: str) -> str:
        started = time.monotonic()
        done = subprocess.run([str(program), *args], cwd=self.home, env=self.env,
                              capture_output=True, text=True, encoding="utf-8",
                              timeout=STEP_TIMEOUT, check=False)
        took = time.monotonic() - started
        shown = " ".join([program.name, *args])
        if done.returncode != 0:
            raise SystemExit(f"FAILED ({done.returncode}) {shown}\n{done.stdout}\n{done.stderr}")
        print(f"  ok {took:5.1f} s  {shown}")
        return done.stdout

    def cli_run(self, *args: str) -> str:
        return self.run(self.cli, *args)


def pdf_pages(path: Path) -> int:
    """Pages of a PDF, counted from its page objects (no PDF library in the frozen check)."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise SystemExit(f"not a PDF: {path}")
    return data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>")


def listed(frozen: Frozen, ledger: Path, entity: str) -> set[str]:
    """The ids of an entity's records (the first page), as the frozen command line lists them."""
    rows = json.loads(frozen.cli_run("--db", str(ledger), "list", entity, "--format", "json"))
    return {row["id"] for row in rows}


def check(folder: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="frozen-check-") as scratch:
        home = Path(scratch)
        frozen = Frozen(folder, home)
        started = time.monotonic()

        print("the command line:")
        version = frozen.cli_run("--version").strip()
        if not version.startswith("facility-ledger "):
            raise SystemExit(f"unexpected --version: {version!r}")
        street, district = home / "街道" / "台账.db", home / "区县" / "区县.db"
        frozen.cli_run("--db", str(street), "init", "--role", "street", "--area", "解放门街道")
        frozen.cli_run("--db", str(district), "init", "--role", "district", "--area", "新城区")
        frozen.cli_run("--db", str(street), "check")
        frozen.cli_run("--db", str(street), "demo", "--scope", "street:解放门街道")
        report = home / "内部清单.pdf"
        frozen.cli_run("--db", str(street), "report", "demands-internal",
                       "--scope", "street:解放门街道", "--out", str(report))
        pages = pdf_pages(report)
        if pages < 1:
            raise SystemExit(f"the report has no pages: {report}")
        print(f"     the report: {pages} page(s), {report.stat().st_size:,} bytes")
        workbook = home / "台账.xlsx"
        frozen.cli_run("--db", str(street), "export", "--out", str(workbook))

        print("a bundle from the street to the district:")
        key = home / "街道.pub"
        frozen.cli_run("--db", str(street), "keys", "export", "--out", str(key))
        frozen.cli_run("--db", str(district), "keys", "enroll", "--street", "解放门街道", str(key))
        stick = home / "U盘"
        frozen.cli_run("--db", str(street), "bundle", "create", "--out", str(stick))
        bundles = sorted(stick.glob("*.cfbundle"))
        if not bundles:
            raise SystemExit("bundle create wrote no .cfbundle")
        frozen.cli_run("--db", str(district), "bundle", "import", *map(str, bundles))
        there = listed(frozen, district, "demands")
        here = listed(frozen, street, "demands")
        if there != here or not here:
            raise SystemExit("the district does not hold the street's demands after the import")
        print(f"     the district holds the street's {len(here)} demands (first page)")

        print("the window:")
        shots = home / "截图"
        frozen.run(frozen.window, "--screenshots", str(shots), "--screen", "default")
        pictures = sorted(shots.glob("*.png"))
        if len(pictures) < 10:
            raise SystemExit(f"only {len(pictures)} screenshots in {shots}")
        keep = Path(os.environ.get("FROZEN_SCREENSHOTS", "build/frozen-screenshots")).resolve()
        keep.mkdir(parents=True, exist_ok=True)
        for picture in pictures:
            (keep / picture.name).write_bytes(picture.read_bytes())
        print(f"     {len(pictures)} screenshots, kept in {keep}")

        print("the first-run set-up, clicked through (ui/setup_driver.py):")
        fresh = home / "新装" / "台账.db"
        frozen.env["FACILITY_LEDGER_DRIVE_SETUP"] = "street:解放门街道"
        try:
            frozen.run(frozen.window, "--db", str(fresh))
        finally:
            del frozen.env["FACILITY_LEDGER_DRIVE_SETUP"]
        communities = listed(frozen, fresh, "communities")
        if len(communities) != 7:
            raise SystemExit(f"the set-up left {len(communities)} communities, not 解放门街道's 7")
        print("     a street ledger with 解放门街道's 7 official communities")

        print("one window a ledger:")
        first = subprocess.Popen([str(frozen.window), "--db", str(street)], cwd=home,
                                 env=frozen.env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:
            time.sleep(8)  # the window opens the ledger and listens
            if first.poll() is not None:
                raise SystemExit(f"the window ended at once (exit {first.returncode})")
            frozen.run(frozen.window, "--db", str(street), str(bundles[0]))
            if first.poll() is not None:
                raise SystemExit("the first window ended when the second start handed it a file")
            print("     the second start handed its bundle to the first window and ended")
        finally:
            first.terminate()
            first.wait(30)
        print(f"frozen build checked in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    check(Path(sys.argv[1]).resolve())
