"""Shared test set-up: Qt offscreen (set before anything imports Qt), the instants to test at,
template ledgers made once per test process."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from app.domain.china_time import CHINA
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices, make_template

pytest_plugins = ["tests.helpers.relay"]  # the `relay` and `relay_tls` fixtures (a WebDAV server)

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Tests never reach the machine's own keyring (child processes included): relay passwords go to
# the file beside the ledger, unless a test sets a keyring of its own (tests/helpers/keyrings.py).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

OFFSCREEN_NOISE = (
    # The offscreen platform cannot pass a window's size limits to a window manager; it says so
    # as a warning each time a main window is shown. Nothing is wrong with the app.
    "This plugin does not support propagateSizeHints()",
    # nor raise a window above others (a second start of the app brings the window forward)
    "This plugin does not support raise()",
)

INSTANTS = {
    # the last half-minute of a year in Xi'an, while UTC is still in the afternoon
    "2026-12-31T23:59:30+08": dt.datetime(2026, 12, 31, 23, 59, 30, tzinfo=CHINA),
    # a new year in Xi'an that is still 31 December in UTC
    "2027-01-01T00:00:30+08": dt.datetime(2027, 1, 1, 0, 0, 30, tzinfo=CHINA),
    # a leap day just begun in Xi'an (28 February in UTC)
    "2028-02-29T00:00:30+08": dt.datetime(2028, 2, 29, 0, 0, 30, tzinfo=CHINA),
    # the last day of a half-year, years after the data was written
    "2030-06-30T12:00:00+08": dt.datetime(2030, 6, 30, 12, 0, 0, tzinfo=CHINA),
}
"""The moments every date-sensitive test runs at (and `make test-dates` runs the suite at)."""

MACHINE_ZONE = "Pacific/Honolulu"
"""A machine zone far from China's (UTC−10): 'today' must not follow the machine."""


def pytest_configure(config: pytest.Config) -> None:
    """Ignore the offscreen platform's own warnings (qt_log_level_fail fails on warnings)."""
    for message in OFFSCREEN_NOISE:
        config.addinivalue_line("qt_log_ignore", message)


@pytest.fixture(params=list(INSTANTS.values()), ids=list(INSTANTS))
def instant(request: pytest.FixtureRequest) -> Iterator[dt.datetime]:
    """The test runs at each of INSTANTS, the clock stopped, on a machine set to MACHINE_ZONE."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = MACHINE_ZONE
    time.tzset()
    try:
        # as a timestamp: an aware destination would make time-machine set the machine's zone too
        with time_machine.travel(request.param.timestamp(), tick=False):
            yield request.param
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture(scope="session")
def ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger as `init` makes it (reference list, no role), closed: copy it, never open it."""
    return make_template(tmp_path_factory.mktemp("template") / "台账.db")


@pytest.fixture(scope="session")
def street_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A street's ledger as `init --role street --area 解放门街道` makes it, closed: copy it."""
    path = tmp_path_factory.mktemp("street") / "台账.db"
    return make_template(path, role="street", area="解放门街道")


@pytest.fixture(scope="session")
def devices(tmp_path_factory: pytest.TempPathFactory) -> Devices:
    """Ledgers as init makes them for a role and area, each its own device: copy them."""
    return Devices(tmp_path_factory.mktemp("devices"))


@pytest.fixture(scope="session")
def street_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`init --role street --area 解放门街道`, then `demo`, both exit 0: the street's demo ledger,
    closed, in a folder with Chinese characters and a space. Copy it, never open it."""
    db = tmp_path_factory.mktemp("demo") / "街道 台账" / "台账.db"
    done = run("--db", db, "init", "--role", "street", "--area", "解放门街道")
    assert done.returncode == 0, done.stderr
    assert "解放门街道" in done.stdout
    done = run("--db", db, "demo")
    assert done.returncode == 0, done.stderr
    return db
