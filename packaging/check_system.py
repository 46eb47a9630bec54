"""Check the system libraries Qt needs; name the Debian package of each one missing."""

from __future__ import annotations

import re
import subprocess
import sys

# Shared library -> Debian/Ubuntu package that provides it.
PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
}
APT_LINE = "sudo apt-get install " + " ".join(sorted(set(PACKAGES.values())))
PROBE = (
    "import os; os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen');"
    "from PySide6.QtWidgets import QApplication; QApplication([])"
)


def main() -> int:
    """Start an offscreen Qt application in a child process; explain a failure in plain words."""
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    if done.returncode == 0:
        return 0
    missing = sorted(set(re.findall(r"(lib[\w.+-]+\.so(?:\.\d+)*)", done.stderr)))
    print(
        "Qt 无法启动：缺少系统库 (Qt cannot start: system libraries are missing)", file=sys.stderr
    )
    for lib in missing:
        print(f"  {lib}: apt-get install {PACKAGES.get(lib, '(unknown package)')}", file=sys.stderr)
    if not missing:
        print(done.stderr.strip()[-2000:], file=sys.stderr)
    print(f"All at once: {APT_LINE}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
