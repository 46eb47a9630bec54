"""What a start imports before PySide6: the Qt-free modules of the app that its first page needs.

PySide6 installs an import hook (shibokensupport's `__feature__` support) that reads the source of
every module imported after PySide6, to see whether it uses PySide6. On the hundred-odd modules of
the app and SQLAlchemy that a start needs, that is a quarter more import time (50-60 ms on a
2-core machine, ~8 % of a start to the first page's numbers); importing them first skips it.
"""

from __future__ import annotations

import importlib

START_MODULES = (
    "app.build", "app.domain.palette", "app.io.read_limits", "app.services.app_lock",
    "app.services.areas", "app.services.data_keys", "app.services.delivery", "app.services.drafts",
    "app.services.history", "app.services.import_undo", "app.services.key_reminder",
    "app.services.office_setup", "app.services.overview", "app.services.relay_sync",
    "app.services.setup", "app.services.status",
)
"""The app modules (with what they import) that the window and its first page load at start;
tests/ui/test_startup_imports.py names any the start loads that are missing here."""


def app_modules() -> None:
    """Import START_MODULES (none of them imports Qt: tests/app/test_layers.py)."""
    for name in START_MODULES:
        importlib.import_module(name)
