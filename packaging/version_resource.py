"""The Windows version resource of the frozen programs, from the version in app/__init__.py."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = "社区嵌入式服务设施台账"
COMPANY = "社区嵌入式服务设施台账项目组"


def version() -> str:
    """app.__version__, read without importing the app (the spec runs in PyInstaller's Python)."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([0-9]+(?:\.[0-9]+){0,3})"$', text, re.MULTILINE)
    if found is None:
        raise SystemExit("app/__init__.py has no __version__ like \"1.2.3\"")
    return found.group(1)


def numbers(text: str) -> tuple[int, int, int, int]:
    """A version as the four numbers Windows shows (1.2 is 1.2.0.0)."""
    parts = [int(p) for p in text.split(".")] + [0, 0, 0]
    return parts[0], parts[1], parts[2], parts[3]


def version_text(text: str) -> str:
    """The resource in PyInstaller's VSVersionInfo notation."""
    four = numbers(text)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": PRODUCT,
        "FileVersion": text,
        "InternalName": "FacilityLedger",
        "LegalCopyright": COMPANY,
        "OriginalFilename": "FacilityLedger.exe",
        "ProductName": PRODUCT,
        "ProductVersion": text,
    }
    entries = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
          {entries}])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def write_version_file(path: Path) -> Path:
    """Write the resource for the present version; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_text(version()), encoding="utf-8")
    return path
