"""Check the system libraries Qt needs on the platform it will use; name each missing package.

`make run` on a desktop uses Qt's xcb platform, which needs a dozen X11 libraries the offscreen one
(`make test`, CI) does not; when one is missing Qt only blames xcb-cursor0. So the check first asks
ldd which libraries of that platform's plugin cannot be found, then starts a Qt application on that
platform in a child process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# Shared library -> Debian/Ubuntu package that provides it.
PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libxcb.so.1": "libxcb1",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libpng16.so.16": "libpng16-16",
    "libexpat.so.1": "libexpat1",
    "libbrotlidec.so.1": "libbrotli1",
    "libpcre2-8.so.0": "libpcre2-8-0",
}
"""What the offscreen platform (and Qt itself) needs."""

XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}
"""What Qt's xcb platform (a real window on X11) needs besides."""

ALL_PACKAGES = {**PACKAGES, **XCB_PACKAGES}
APT_LINE = "sudo apt-get install " + " ".join(sorted(set(PACKAGES.values())))
XCB_APT_LINE = "sudo apt-get install " + " ".join(sorted(set(XCB_PACKAGES.values())))
HEADLESS = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs", "vkkhrdisplay")
"""Platforms that open no window on a display."""

PROBE = (
    "import os; os.environ.setdefault('QT_QPA_PLATFORM', {platform!r});"
    "from PySide6.QtWidgets import QApplication; QApplication([])"
)
NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)

Ldd = Callable[[Path], str]
Probe = Callable[[str, Mapping[str, str]], "subprocess.CompletedProcess[str]"]


def platform_used(env: Mapping[str, str]) -> str:
    """The Qt platform `python -m ui` will get: QT_QPA_PLATFORM if set, else xcb on a display
    (DISPLAY or WAYLAND_DISPLAY, where Qt may fall back to XWayland), else offscreen."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return "xcb"
    return "offscreen"


def plugin_path(platform: str) -> Path | None:
    """PySide6's plugin for a platform (libqxcb.so …); None if PySide6 or the plugin is absent."""
    try:
        import PySide6  # here: the check must run even where it cannot be imported
    except ImportError:
        return None
    path = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
    return path if path.is_file() else None


def run_ldd(path: Path) -> str:
    """What ldd says of a library ("" where there is no ldd: not Linux with glibc)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return ""
    done = subprocess.run([ldd, str(path)], capture_output=True, text=True, check=False)
    return done.stdout


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ldd could not find, each once, sorted."""
    return sorted(set(NOT_FOUND.findall(ldd_output)))


def package_of(library: str) -> str:
    """The Debian package that provides a library; a Qt library of our own is PySide6's."""
    if library.startswith("libQt6") or library.startswith("libpyside6"):
        return "PySide6 (make clean && make)"
    return ALL_PACKAGES.get(library, "(unknown package)")


def _report(missing: list[str], platform: str) -> None:
    print(f"Qt 无法在 {platform} 平台启动：缺少系统库 "
          f"(Qt cannot start on the {platform} platform: system libraries are missing)",
          file=sys.stderr)
    for library in missing:
        print(f"  {library}: {package_of(library)}", file=sys.stderr)
    wanted = sorted({ALL_PACKAGES[lib] for lib in missing if lib in ALL_PACKAGES})
    if wanted:
        print(f"安装 (install): sudo apt-get install {' '.join(wanted)}", file=sys.stderr)


def start_qt(platform: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Start a Qt application on a platform in a child process (a crash there is not ours)."""
    return subprocess.run([sys.executable, "-c", PROBE.format(platform=platform)],
                          capture_output=True, text=True, env=dict(env), check=False)


def check(env: Mapping[str, str] | None = None, *, ldd: Ldd = run_ldd,
          probe: Probe = start_qt) -> int:
    """0 when Qt starts on the platform it will use; else 1, after naming what is missing."""
    env = os.environ if env is None else env
    platform = platform_used(env)
    plugin = plugin_path(platform)
    if plugin is not None:
        missing = missing_libraries(ldd(plugin))
        if missing:
            _report(missing, platform)
            return 1
    done = probe(platform, env)
    if done.returncode == 0:
        return 0
    missing = sorted(set(re.findall(r"(lib[\w.+-]+\.so(?:\.\d+)*)", done.stderr)))
    if missing:
        _report(missing, platform)
    else:
        print(f"Qt 无法在 {platform} 平台启动 (Qt cannot start on the {platform} platform):",
              file=sys.stderr)
        print(done.stderr.strip()[-2000:], file=sys.stderr)
    print(f"Qt 所需的全部系统库 (all Qt needs): {APT_LINE}", file=sys.stderr)
    if platform == "xcb":
        print(f"X11 窗口另需 (a window on X11 also needs): {XCB_APT_LINE}", file=sys.stderr)
    return 1


def main() -> int:
    """The check for the environment `make` runs in."""
    return check()


if __name__ == "__main__":
    sys.exit(main())
