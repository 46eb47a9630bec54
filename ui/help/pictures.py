"""`python -m ui.help.pictures SHOTS`: the guide's pictures, cut and scaled from the tour's.

Run `python -m ui --screenshots SHOTS` first. Each picture is a part of one screenshot (found by the
name after its number), scaled to fit the guide and stored with a palette: small PNGs, well under
2 MB in all.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage

from app.paths import RESOURCES

IMAGES = RESOURCES / "help" / "images"
MAX_WIDTH = 720
"""The guide's text column is about this wide in its dialog."""


class Picture(NamedTuple):
    """A picture of the guide: its name, the screenshot it comes from, the part kept (x, y, w, h
    in the 1280 × 800 window; None: all of it), and the widest it may be."""

    name: str
    shot: str
    part: tuple[int, int, int, int] | None = None
    width: int = MAX_WIDTH


PAGE = (270, 60, 1010, 400)
"""A page's toolbar and its first rows, without the area tree."""

PICTURES = (
    Picture("overview", "overview"),
    Picture("communities", "communities", PAGE),
    Picture("space_form", "space_form", width=560),
    Picture("matrix", "matrix", (270, 60, 1010, 700)),
    Picture("demands", "demands", PAGE),
    Picture("field_visit", "field_visit", width=560),
    Picture("empty_ledger", "empty_area", PAGE),
    Picture("empty_search", "empty_search", PAGE),
    Picture("import_preview", "import_preview"),
    Picture("reports_pdf", "reports", (270, 400, 1010, 280)),
    Picture("sync_usb", "sync", (270, 90, 1010, 410)),
    Picture("sync_connected", "sync_connected", (270, 505, 1010, 150)),
)


def find_shot(shots: Path, name: str) -> Path:
    """The tour's NN_<name>.png."""
    found = sorted(shots.glob(f"[0-9][0-9]_{name}.png"))
    if not found:
        raise FileNotFoundError(f"no screenshot *_{name}.png in {shots}")
    return found[-1]


def make(picture: Picture, shots: Path, out: Path) -> Path:
    """Cut, scale and store one picture with a palette."""
    image = QImage(str(find_shot(shots, picture.shot)))
    if image.isNull():
        raise OSError(f"cannot read the screenshot for {picture.name}")
    if picture.part is not None:
        image = image.copy(QRect(*picture.part))
    if image.width() > picture.width:
        image = image.scaledToWidth(picture.width, Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_Indexed8,
                                  Qt.ImageConversionFlag.AvoidDither)
    path = out / f"{picture.name}.png"
    out.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), quality=0):  # .png; 0: the smallest file
        raise OSError(f"cannot write {path}")
    return path


def main(argv: list[str]) -> int:
    """Make every picture of the guide from a folder of screenshots."""
    if len(argv) != 1:
        print("usage: python -m ui.help.pictures SHOTS_DIR", file=sys.stderr)
        return 2
    _app = QGuiApplication.instance() or QGuiApplication([])
    total = 0
    for picture in PICTURES:
        path = make(picture, Path(argv[0]), IMAGES)
        total += path.stat().st_size
        print(f"{path} {path.stat().st_size // 1024} KB")
    print(f"{total // 1024} KB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
