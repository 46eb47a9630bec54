"""Draw the app icon (resources/icons/app.png, packaging/windows/app.ico) with the bundled font.

Run again only to change the icon: `.venv/bin/python packaging/make_icon.py`; both files are kept
in the repository.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
PNG = ROOT / "resources" / "icons" / "app.png"
ICO = ROOT / "packaging" / "windows" / "app.ico"
BLUE = "#1d4f7a"
LIGHT = "#d6e9f8"
SIZE = 256


def draw(size: int = SIZE) -> Image.Image:
    """A blue rounded square with 台账 in white over a light band: readable at 16 px as a block."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, size - 8, size - 8), radius=size // 6, fill=BLUE)
    pen.rectangle((8, size * 3 // 4, size - 8, size * 3 // 4 + size // 16), fill=LIGHT)
    font = ImageFont.truetype(str(FONT), size * 2 // 5)
    pen.text((size // 2, size * 2 // 5 + 4), "台账", font=font, fill="white", anchor="mm")
    return image


def main() -> None:
    image = draw()
    PNG.parent.mkdir(parents=True, exist_ok=True)
    image.save(PNG)
    image.save(ICO, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128),
                           (256, 256)])


if __name__ == "__main__":
    main()
