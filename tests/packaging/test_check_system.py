"""The system check of `make run`/`make test` (packaging/check_system.py): it probes the platform
Qt will really use and names the Debian packages actually missing."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "check_system.py"

# What ldd says of PySide6's libqxcb.so on a Debian 12 machine without libxcb-icccm4 and
# libxcb-keysyms1 (trimmed): Qt itself would only blame xcb-cursor0 there.
LDD_XCB = """\
\tlinux-vdso.so.1 (0x00007fa0ac4dc000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007fa0ac40e000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007fa0ac37e000)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007fa0ac32b000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007fa0ac324000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007fa0ac31c000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-randr.so.0 => /lib/x86_64-linux-gnu/libxcb-randr.so.0 (0x00007fa0ab7ef000)
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007fa0ab784000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007fa0ac4de000)
"""


@pytest.fixture(scope="module")
def check_system() -> ModuleType:
    """The script as a module (it is run as a file by make, not imported as a package)."""
    spec = importlib.util.spec_from_file_location("check_system", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def no_probe(platform: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    raise AssertionError(f"Qt was started on {platform} although libraries are missing")


@pytest.mark.parametrize(("env", "platform"), [
    ({"DISPLAY": ":0"}, "xcb"),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "xcb"),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
    ({"QT_QPA_PLATFORM": "xcb:display=:1"}, "xcb"),
    ({"QT_QPA_PLATFORM": "wayland;xcb", "WAYLAND_DISPLAY": "w"}, "wayland"),
    ({}, "offscreen"),
])
def test_the_platform_probed_is_the_one_qt_will_use(check_system: ModuleType,
                                                    env: dict[str, str], platform: str) -> None:
    assert check_system.platform_used(env) == platform


def test_a_desktop_without_icccm_and_keysyms_is_told_those_two_packages(
        check_system: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    """On a display the xcb plugin's libraries are looked up, and the packages really missing named
    (not xcb-cursor0, which Qt blames); Qt is not even started."""
    asked: list[Path] = []

    def ldd(path: Path) -> str:
        asked.append(path)
        return LDD_XCB

    assert check_system.check({"DISPLAY": ":0"}, ldd=ldd, probe=no_probe) == 1
    assert [path.name for path in asked] == ["libqxcb.so"]
    said = capsys.readouterr().err
    assert "libxcb-icccm.so.4: libxcb-icccm4" in said
    assert "libxcb-keysyms.so.1: libxcb-keysyms1" in said
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in said
    assert "cursor" not in said
    assert "xcb" in said.splitlines()[0]


def test_offscreen_never_asks_for_the_xcb_libraries(check_system: ModuleType,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """CI (`make test`) runs offscreen, a display or not: only the offscreen plugin is looked at,
    and Qt really starts there."""
    asked: list[str] = []

    def ldd(path: Path) -> str:
        asked.append(path.name)
        return LDD_XCB if path.name == "libqxcb.so" else check_system.run_ldd(path)

    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    assert check_system.check(env, ldd=ldd) == 0
    assert asked == ["libqoffscreen.so"]
    assert "xcb-" not in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd is glibc's")
def test_a_library_really_missing_is_found_by_ldd(check_system: ModuleType,
                                                  tmp_path: Path) -> None:
    """The real xcb plugin away from Qt's own libraries: the real ldd finds them missing, and the
    check says they are PySide6's, not a system package."""
    plugin = check_system.plugin_path("xcb")
    if plugin is None:
        pytest.skip("PySide6 has no xcb plugin here")
    alone = tmp_path / "platforms" / plugin.name
    alone.parent.mkdir()
    shutil.copy2(plugin, alone)
    missing = check_system.missing_libraries(check_system.run_ldd(alone))
    assert "libQt6XcbQpa.so.6" in missing
    assert check_system.package_of("libQt6XcbQpa.so.6").startswith("PySide6")
    real = check_system.run_ldd(plugin)  # where it belongs, Qt's own libraries are found
    assert not [lib for lib in check_system.missing_libraries(real) if lib.startswith("libQt6")]


def test_a_library_qt_itself_names_is_mapped_to_its_package(
        check_system: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    """When ldd finds everything but Qt still fails, the library named in its message is given
    its package, with the whole list for the platform."""

    def probe(platform: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(
            [sys.executable], 134, "", "qt.qpa.plugin: From 6.5.0, xcb-cursor0 or "
            "libxcb-cursor0 is needed to load the Qt xcb platform plugin.\n"
            "libxcb-cursor.so.0: cannot open shared object file")

    assert check_system.check({"DISPLAY": ":0"}, ldd=lambda _path: "", probe=probe) == 1
    said = capsys.readouterr().err
    assert "libxcb-cursor.so.0: libxcb-cursor0" in said
    assert "libxcb-icccm4" in said  # the whole xcb line, for a desktop


def test_the_script_runs_as_make_runs_it() -> None:
    """`make test` runs it offscreen: it passes on this machine (whatever X11 libraries lack)."""
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
