"""Where things live: the bundled resources, the migrations, and the user's data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "FacilityLedger"
ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
RESOURCES = ROOT / "resources"
MIGRATIONS = ROOT / "migrations"
FONT_FILE = RESOURCES / "fonts" / "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"
APP_ICON = RESOURCES / "icons" / "app.png"
BUILD_FILE = RESOURCES / "build.json"
"""Written into the frozen build only (app/build.py)."""
DB_ENV = "FACILITY_LEDGER_DB"


def data_dir() -> Path:
    """The user's data directory, created on demand (%LOCALAPPDATA%\\FacilityLedger on Windows)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db() -> Path:
    """The real ledger: FACILITY_LEDGER_DB if set, else ledger.db in the data directory."""
    env = os.environ.get(DB_ENV)
    return Path(env) if env else data_dir() / "ledger.db"


def demo_db() -> Path:
    """The separate demo database that `make run` opens; never the real ledger."""
    return data_dir() / "demo.db"
