"""Branded cards for articles without a photo: title, category, date, BKD NTT.

Most of the archive has no photo, so a card must be cheap: the background of
each size is drawn once per process, fonts are loaded once, and the finished
JPEG is cached by a hash of everything drawn on it (see `card_key`).
Long Indonesian titles are wrapped by measured width and shrunk step by step;
only if the smallest size still overflows is the last line cut with "…".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

# Bump when the drawing changes: every cached card is then redrawn.
CARD_VERSION = 2

BRAND = (11, 61, 107)
BRAND_LIGHT = (22, 82, 138)
ACCENT = (255, 213, 74)
INK = (27, 27, 27)
WHITE = (255, 255, 255)
SOFT = (214, 227, 240)


@dataclass(frozen=True)
class Layout:
    size: tuple[int, int]
    margin: int
    title_sizes: tuple[int, ...]
    max_lines: int
    label: int  # category label font size
    date: int
    footer: int
    footer_small: int


LAYOUTS = {
    "og": Layout((1200, 630), 64, (64, 58, 52, 46, 42), 4, 26, 28, 30, 20),
    "poster": Layout((1280, 720), 72, (68, 62, 56, 50, 44), 4, 28, 30, 32, 22),
    "ig": Layout((1080, 1350), 80, (92, 84, 76, 68, 60, 54), 10, 34, 38, 40, 26),
    "square": Layout((1080, 1080), 72, (84, 76, 68, 60, 54, 48), 6, 32, 34, 38, 24),
}


@lru_cache(maxsize=64)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        return ImageFont.load_default(size)


def _break_word(word: str, font, width: float) -> list[str]:
    """A word wider than the line (a long URL, a code) is split with a hyphen."""
    parts, current = [], ""
    for ch in word:
        if current and font.getlength(current + ch + "-") > width:
            parts.append(current + "-")
            current = ch
        else:
            current += ch
    parts.append(current)
    return parts


def wrap(text: str, font, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        pieces = [word] if font.getlength(word) <= width else _break_word(word, font, width)
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if font.getlength(candidate) <= width:
                current = candidate
            else:
                if current:
                    lines.append(current)
                current = piece
    if current:
        lines.append(current)
    return lines


def _ellipsize(line: str, font, width: float) -> str:
    while line and font.getlength(line + "…") > width:
        line = line[:-1].rstrip()
    return line + "…"


def fit_title(title: str, font_path: str, layout: Layout, width: float, height: float):
    """(font, lines, line_height): the largest size whose wrapped lines fit."""
    for size in layout.title_sizes:
        font = _font(font_path, size)
        lines = wrap(title, font, width)
        line_height = round(size * 1.22)
        if len(lines) <= layout.max_lines and len(lines) * line_height <= height:
            return font, lines, line_height
    font = _font(font_path, layout.title_sizes[-1])
    line_height = round(layout.title_sizes[-1] * 1.22)
    fitting = max(1, min(layout.max_lines, int(height // line_height)))
    lines = wrap(title, font, width)
    if len(lines) > fitting:
        lines = lines[:fitting]
        lines[-1] = _ellipsize(lines[-1], font, width)
    return font, lines, line_height


@lru_cache(maxsize=8)
def _background(kind: str) -> Image.Image:
    layout = LAYOUTS[kind]
    w, h = layout.size
    im = Image.new("RGB", layout.size, BRAND)
    draw = ImageDraw.Draw(im)
    # A large soft circle bottom-right and a yellow band on top: the brand,
    # without a logo file.
    r = int(h * 0.9)
    draw.ellipse(
        (w - r * 0.9, h - r * 0.75, w - r * 0.9 + 2 * r, h - r * 0.75 + 2 * r), BRAND_LIGHT
    )
    draw.rectangle((0, 0, w, max(10, h // 60)), ACCENT)
    return im


def render_card(
    kind: str,
    *,
    title: str,
    category: str,
    date_text: str,
    site_name: str,
    long_name: str,
    font_bold: str,
    font_regular: str,
) -> Image.Image:
    layout = LAYOUTS[kind]
    w, h = layout.size
    m = layout.margin
    im = _background(kind).copy()
    draw = ImageDraw.Draw(im)
    text_width = w - 2 * m

    # Category label, a yellow pill.
    label_font = _font(font_bold, layout.label)
    label = category.upper()
    pad_x, pad_y = layout.label // 1.4, layout.label // 2.4
    label_w = label_font.getlength(label)
    top = m
    label_h = layout.label + 2 * pad_y
    draw.rounded_rectangle(
        (m, top, m + label_w + 2 * pad_x, top + label_h), radius=label_h // 2, fill=ACCENT
    )
    draw.text((m + pad_x, top + label_h / 2), label, font=label_font, fill=INK, anchor="lm")

    # Footer: the agency's name.
    footer_font = _font(font_bold, layout.footer)
    small_font = _font(font_regular, layout.footer_small)
    small_lines = wrap(long_name, small_font, text_width)[:2]
    small_h = round(layout.footer_small * 1.3)
    footer_top = h - m - layout.footer - len(small_lines) * small_h - 8
    draw.line((m, footer_top - 24, w - m, footer_top - 24), fill=SOFT, width=2)
    draw.text((m, footer_top), site_name, font=footer_font, fill=WHITE, anchor="la")
    y: float = footer_top + layout.footer + 8
    for line in small_lines:
        draw.text((m, y), line, font=small_font, fill=SOFT, anchor="la")
        y += small_h

    # Title and date fill the space between label and footer.
    date_font = _font(font_regular, layout.date)
    date_h = round(layout.date * 1.6)
    title_top = top + label_h + round(layout.label * 1.2)
    available = footer_top - 48 - date_h - title_top
    font, lines, line_height = fit_title(title, font_bold, layout, text_width, available)
    y = title_top
    for line in lines:
        draw.text((m, y), line, font=font, fill=WHITE, anchor="la")
        y += line_height
    draw.text((m, y + round(layout.date * 0.5)), date_text, font=date_font, fill=SOFT, anchor="la")
    return im


def card_key(kind: str, fields: dict, quality: int, fonts_digest: str) -> str:
    payload = json.dumps(
        [CARD_VERSION, kind, fields, quality, fonts_digest], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
