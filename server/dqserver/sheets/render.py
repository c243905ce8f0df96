"""The sheet's layout (layout.py) drawn: as the PDF a senior takes home (fpdf2, the fonts
embedded), and as a PNG of a page, to look at (Pillow, the same fonts at the same places)."""

from __future__ import annotations

import io

from fpdf import FPDF
from kiosk.theme import FONT_BOLD, FONT_REGULAR
from PIL import Image, ImageDraw, ImageFont

from .layout import PAGE_H, PAGE_W, PT, Picture, Rule, Sheet, Text

INK = (20, 20, 20)
LINE_MM = 0.4


def pdf_bytes(sheet: Sheet) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_title(sheet.title)
    pdf.set_creator("DigiQuartier")
    pdf.set_lang("de")
    pdf.add_font("Atkinson", "", FONT_REGULAR)
    pdf.add_font("Atkinson", "B", FONT_BOLD)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(LINE_MM)
    for page in sheet.pages:
        pdf.add_page()
        for item in page.items:
            if isinstance(item, Text):
                pdf.set_font("Atkinson", "B" if item.bold else "", item.size)
                pdf.text(item.x, item.y, item.text)
            elif isinstance(item, Picture):
                pdf.image(io.BytesIO(item.data), item.x, item.y, item.w, item.h)
            elif isinstance(item, Rule):
                pdf.line(item.x1, item.y, item.x2, item.y)
    return bytes(pdf.output())


def page_png(sheet: Sheet, number: int, dpi: int = 100) -> bytes:
    """Page ``number`` (from 1) as a PNG at ``dpi``."""
    scale = dpi / 25.4  # px per mm
    image = Image.new("RGB", (round(PAGE_W * scale), round(PAGE_H * scale)), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[tuple, ImageFont.FreeTypeFont] = {}
    for item in sheet.pages[number - 1].items:
        if isinstance(item, Text):
            key = (item.bold, item.size)
            if key not in fonts:
                fonts[key] = ImageFont.truetype(FONT_BOLD if item.bold else FONT_REGULAR,
                                                round(item.size * PT * scale))
            draw.text((item.x * scale, item.y * scale), item.text, font=fonts[key], fill=INK,
                      anchor="ls")
        elif isinstance(item, Picture):
            with Image.open(io.BytesIO(item.data)) as picture:
                shown = picture.convert("RGB").resize((round(item.w * scale),
                                                       round(item.h * scale)))
            image.paste(shown, (round(item.x * scale), round(item.y * scale)))
        elif isinstance(item, Rule):
            draw.line([(item.x1 * scale, item.y * scale), (item.x2 * scale, item.y * scale)],
                      fill=INK, width=max(1, round(LINE_MM * scale)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
