"""One normal form for every text check (privacy, word lists, tokens,
spelling), so a disguise that fools one check fools none of them.

The form:
  - HTML character references decoded (`bangs&#97;t` -> `bangsat`);
  - Unicode NFKC (full-width `＠`, `５`, ligatures and NBSP become plain forms);
  - format characters (category Cf: zero-width space and joiners, soft hyphen,
    bidi marks) and combining marks removed;
  - decimal digits of any script become ASCII digits (`٥`, `৫` -> `5`);
  - letters that look like a Latin letter become that letter, following
    Unicode's confusables data (confusables.txt, UTS #39) as shipped by the
    pinned `confusable-homoglyphs` package, never a hand-typed table.

Each result keeps a map back to the source offsets, so a finding in the
normal form still names the author's line.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
COMBINING = {"Mn", "Mc", "Me"}


@lru_cache(maxsize=1)
def latin_lookalikes() -> dict[str, str]:
    """Non-ASCII character -> the ASCII letter or digit it is confusable with."""
    # Imported here: the data file is ~1 MB of JSON, needed only for non-ASCII text.
    from confusable_homoglyphs.confusables import confusables_data

    def ascii_target(char: str, depth: int = 0) -> str | None:
        entries = confusables_data.get(char, ())
        for e in entries:
            c = unicodedata.normalize("NFKC", e["c"])
            if len(c) == 1 and c.isascii() and c.isalnum():
                return c
        if depth < 2:  # e.g. Greek tau -> small capital T -> T
            for e in entries:
                if len(e["c"]) == 1 and not e["c"].isascii():
                    found = ascii_target(e["c"], depth + 1)
                    if found:
                        return found
        return None

    table = {}
    for char in confusables_data:
        if len(char) == 1 and not char.isascii():
            target = ascii_target(char)
            if target:
                table[char] = target
    return table


@lru_cache(maxsize=8192)
def char_form(char: str) -> str:
    """What one source character becomes in the normal form ('' = dropped)."""
    out = []
    for c in unicodedata.normalize("NFKC", char):
        for d in unicodedata.normalize("NFD", c):
            cat = unicodedata.category(d)
            if cat == "Cf" or cat in COMBINING:
                continue
            if d.isascii():
                out.append(d)
            elif cat == "Pd" or d == "\u2212":
                # Word processors turn a typed '-' into a non-breaking hyphen,
                # en dash or minus sign; NFKC keeps those, so a grouped NIK or
                # phone would slip past the separator patterns.
                out.append("-")
            elif cat == "Nd":
                out.append(str(unicodedata.decimal(d)))
            else:
                out.append(latin_lookalikes().get(d, d))
    return "".join(out)


@dataclass
class Mapped:
    """A derived text and the way back to offsets in its source.

    `anchors` holds (offset here, offset in source) at every place where the
    two stop running in step; between anchors they advance together."""

    text: str
    anchors: list[tuple[int, int]]

    def source(self, offset: int) -> int:
        if not self.anchors:
            return offset
        i = bisect.bisect_right(self.anchors, (offset, float("inf"))) - 1
        if i < 0:
            return offset
        here, there = self.anchors[i]
        return there + (offset - here)


def identity(text: str) -> Mapped:
    return Mapped(text, [])


def rewrite(text: str, pattern: re.Pattern, replace) -> Mapped:
    """Replace every match of `pattern` by replace(match), keeping the offset map."""
    parts, anchors, last, shift = [], [], 0, 0
    for m in pattern.finditer(text):
        new = replace(m)
        if new == m.group():
            continue
        parts.append(text[last : m.start()])
        here = m.start() + shift
        anchors.append((here, m.start()))
        parts.append(new)
        shift += len(new) - (m.end() - m.start())
        anchors.append((m.end() + shift, m.end()))
        last = m.end()
    if not anchors:
        return identity(text)
    parts.append(text[last:])
    return Mapped("".join(parts), anchors)


def compose(outer: Mapped, inner: Mapped) -> Mapped:
    """`outer` was derived from inner.text: map straight to inner's source."""
    if not inner.anchors:
        return outer
    return _Chained(outer.text, outer, inner)


class _Chained(Mapped):
    def __init__(self, text, outer, inner):
        super().__init__(text, outer.anchors)
        self._outer, self._inner = outer, inner

    def source(self, offset: int) -> int:
        return self._inner.source(self._outer.source(offset))


SPECIAL = re.compile(ENTITY.pattern + r"|[^\x00-\x7f]")


@lru_cache(maxsize=8)
def normalize(text: str) -> Mapped:
    """The normal form of `text` (cached: the checks of one file share it)."""
    if text.isascii() and "&" not in text:
        return identity(text)
    # Only entities and non-ASCII characters change: the regex walks past the
    # ASCII between them in C, so long articles with a few accents stay cheap.
    out: list[str] = []
    anchors: list[tuple[int, int]] = []
    shift = 0  # length of the output minus length of the source consumed
    last = 0
    for m in SPECIAL.finditer(text):
        raw = m.group()
        if raw[0] == "&":
            decoded = html.unescape(raw)
            form = "".join(char_form(d) for d in decoded) if decoded != raw else raw
        else:
            form = char_form(raw)
        if form == raw:
            continue
        start, end = m.start(), m.end()
        out.append(text[last:start])
        anchors.append((start + shift, start))
        out.append(form)
        shift += len(form) - (end - start)
        anchors.append((end + shift, end))
        last = end
    if not anchors:
        return identity(text)
    out.append(text[last:])
    return Mapped("".join(out), anchors)


# Right-to-left override (U+202E) up to the pop (U+202C) or the end of the
# line: shown reversed, so "\u202e1000584032101035" reads as a NIK.
RTL_OVERRIDE = re.compile("\u202e([^\u202c\n]*)\u202c?")


def visual_order(text: str) -> Mapped | None:
    """The text as displayed where a bidi override reverses it, or None."""
    if "\u202e" not in text:
        return None
    return rewrite(text, RTL_OVERRIDE, lambda m: m.group(1)[::-1])


def fold(text: str) -> str:
    """Normal form for comparing words: normalize, then case-fold."""
    return normalize(text).text.casefold()
