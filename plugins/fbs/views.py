"""The texts a check reads for one article, each mapped back to the source.

1. The whole file (front matter, body, alt texts, link titles, captions,
   HTML comments) in the normal form of normalize.py.
2. The text of the rendered HTML of each paragraph where markup sits between
   two letters or digits: `[bang](…)[sat](…)`, `bang<b></b>sat` and
   `**bang**sat` render as one word, so they are checked as one word. Only
   such paragraphs are rendered (with Python-Markdown, as Pelican does):
   elsewhere the rendered text has the same words as the source.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .normalize import Mapped, compose, normalize, rewrite, visual_order

# Markup directly between two word characters: it may join them when rendered.
JOINING_MARKUP = re.compile(
    r"(?<=[^\W_])(?:</?[A-Za-z][^<>\n]{0,200}>|<!--.{0,200}?-->|\*{1,3}|_{1,3}|~~|`"
    r"|!\[[^\]\n]{0,200}\]\([^()\n]{0,500}\)"
    r"|\]\([^()\n]{0,500}\)|\]\[[^\]\n]{0,100}\]|[\[\]])+(?=[^\W_])"
)
BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")
ALIGN_WINDOW = 600
# A paragraph longer than this is junk or pasted data: Markdown's emphasis
# parser is slow on it, so its markup is removed by pattern instead.
MAX_RENDERED_BLOCK = 20_000
MARKUP = re.compile(
    r"</?[A-Za-z][^<>\n]{0,200}>|<!--.{0,200}?-->|\]\([^()\n]{0,500}\)|\]\[[^\]\n]{0,100}\]"
    r"|[*_~`\[\]]"
)


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # noqa: ARG002 - HTMLParser's signature
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "br", "li", "div", "tr", "td", "th", "h1", "h2", "h3", "h4"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def rendered_text(markdown_text: str) -> str:
    import markdown

    parser = _TextOf()
    parser.feed(markdown.markdown(markdown_text, extensions=["extra"]))
    parser.close()
    return "".join(parser.parts)


class Aligned(Mapped):
    """A derived text whose every character carries its source offset."""

    def __init__(self, text: str, offsets: list[int]):
        super().__init__(text, [])
        self.offsets = offsets

    def source(self, offset: int) -> int:
        if not self.offsets:
            return 0
        return self.offsets[max(0, min(offset, len(self.offsets) - 1))]


def _align(rendered: str, source_norm: Mapped, base: int, fallback: int) -> list[int]:
    """Source offset of each rendered character: the rendered text is, up to
    markup, a subsequence of the (normalized) source."""
    src = source_norm.text
    offsets, cursor = [], 0
    for c in rendered:
        found = src.find(c, cursor, cursor + ALIGN_WINDOW) if not c.isspace() else -1
        if found >= 0:
            cursor = found + 1
            offsets.append(base + source_norm.source(found))
        else:
            offsets.append(offsets[-1] if offsets else fallback)
    return offsets


def rendered_view(text: str, body_start_offset: int) -> Aligned | None:
    body = text[body_start_offset:]
    if not JOINING_MARKUP.search(body):
        return None
    parts, offsets = [], []
    pos = 0
    for block_end in [m.start() for m in BLOCK_SPLIT.finditer(body)] + [len(body)]:
        block = body[pos:block_end]
        start = body_start_offset + pos
        pos = block_end
        if not JOINING_MARKUP.search(block):
            continue
        if len(block) > MAX_RENDERED_BLOCK:
            stripped = compose(
                normalize(rewrite(block, MARKUP, lambda _m: "").text),
                rewrite(block, MARKUP, lambda _m: ""),
            )
            offsets += [start + stripped.source(i) for i in range(len(stripped.text))]
            parts.append(stripped.text)
        else:
            shown = normalize(rendered_text(block))
            offsets += _align(shown.text, normalize(block), start, start)
            parts.append(shown.text)
        parts.append("\n\n")
        offsets += [offsets[-1] if offsets else start] * 2
    if not parts:
        return None
    return Aligned("".join(parts), offsets)


def text_views(doc) -> list[Mapped]:
    views = [normalize(doc.text)]
    shown = visual_order(doc.text)
    if shown is not None:
        views.append(compose(normalize(shown.text), shown))
    start = _offset_of_line(doc.text, doc.front.body_start) if doc.front else 0
    rendered = rendered_view(doc.text, start)
    if rendered is not None:
        views.append(rendered)
    return views


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(max(line - 1, 0)):
        nl = text.find("\n", offset)
        if nl < 0:
            return len(text)
        offset = nl + 1
    return offset
