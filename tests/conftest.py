"""Shared test set-up: Qt renders offscreen, set before anything imports Qt."""

from __future__ import annotations

import os

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

OFFSCREEN_NOISE = (
    # The offscreen platform cannot pass a window's size limits to a window manager; it says so
    # as a warning each time a main window is shown. Nothing is wrong with the app.
    "This plugin does not support propagateSizeHints()",
)


def pytest_configure(config: pytest.Config) -> None:
    """Ignore the offscreen platform's own warnings (qt_log_level_fail fails on warnings)."""
    for message in OFFSCREEN_NOISE:
        config.addinivalue_line("qt_log_ignore", message)
