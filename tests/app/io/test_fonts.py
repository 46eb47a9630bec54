"""The bundled font in PDFs: Chinese text survives a round trip and the font is embedded."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.io.fonts import register_pdf_font

TITLE = "社区嵌入式服务设施台账"
LATIN = "Page 3 of 12, 2024-06-30"


def _build(path: Path) -> None:
    font = register_pdf_font()
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont(font, 16)
    canvas.drawString(72, 760, TITLE)
    canvas.setFont(font, 11)
    canvas.drawString(72, 730, LATIN)
    canvas.drawString(72, 710, "常住人口 12345 人，建筑面积 678.9 ㎡")
    canvas.showPage()
    canvas.save()


def _fonts(reader: PdfReader) -> list:
    resources = reader.pages[0]["/Resources"]
    return [ref.get_object() for ref in resources["/Font"].values()]


def test_register_is_idempotent() -> None:
    assert register_pdf_font() == register_pdf_font()


def test_chinese_and_latin_text_extracts(tmp_path: Path) -> None:
    path = tmp_path / "中文 目录" / "字体.pdf"
    path.parent.mkdir()
    _build(path)
    text = PdfReader(path).pages[0].extract_text()
    assert TITLE in text
    assert LATIN in text
    assert "常住人口 12345 人" in text


def test_wenquanyi_is_embedded(tmp_path: Path) -> None:
    path = tmp_path / "font.pdf"
    _build(path)
    # reportlab always lists Helvetica (its default) in the resources; our text uses the bundled one
    fonts = [f for f in _fonts(PdfReader(path)) if "WenQuanYi" in f["/BaseFont"]]
    assert fonts
    for font in fonts:
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # a composite font keeps it on its descendant
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        descriptor = descriptor.get_object()
        assert "WenQuanYi" in descriptor["/FontName"]
        embedded = descriptor["/FontFile2"].get_object().get_data()
        assert len(embedded) > 1000
        # the subset keeps the font's name table: the family is the bundled one, not a fallback
        assert "WenQuanYi Micro Hei".encode("utf-16-be") in embedded
