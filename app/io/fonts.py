"""The bundled CJK font registered with reportlab, so a PDF looks like the screen on any machine."""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app import paths
from app.errors import KnownError

PDF_FONT = "WenQuanYiMicroHei"
"""The name PDFs use for the bundled font (its first face, WenQuanYi Micro Hei)."""

_lock = threading.Lock()


def register_pdf_font() -> str:
    """Register the bundled WenQuanYi Micro Hei with reportlab (once) and return its font name."""
    with _lock:
        if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
            try:
                font = TTFont(PDF_FONT, str(paths.FONT_FILE), subfontIndex=0)
            except (OSError, TTFError) as exc:
                raise KnownError(f"无法加载 PDF 字体文件 {paths.FONT_FILE}：{exc}") from exc
            pdfmetrics.registerFont(font)
    return PDF_FONT
