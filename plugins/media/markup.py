"""HTML for responsive photos: `<picture>` with one `<source>` per modern format
and a JPEG `<img>` fallback carrying width/height (no layout shift)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape

from markupsafe import Markup

from .imaging import MIME


@dataclass
class Variant:
    format: str
    width: int
    height: int
    url: str
    bytes: int
    path: str = ""  # relative to the output folder


@dataclass
class Derived:
    """A processed photo: its derivatives, by format, smallest first."""

    width: int
    height: int
    variants: list[Variant] = field(default_factory=list)

    def of(self, fmt: str) -> list[Variant]:
        return sorted((v for v in self.variants if v.format == fmt), key=lambda v: v.width)

    def largest(self, fmt: str = "jpeg") -> Variant:
        return self.of(fmt)[-1]

    def closest(self, width: int, fmt: str = "jpeg") -> Variant:
        candidates = self.of(fmt)
        for v in candidates:
            if v.width >= width:
                return v
        return candidates[-1]


def _srcset(variants: list[Variant]) -> str:
    return ", ".join(f"{escape(v.url)} {v.width}w" for v in variants)


def picture(
    derived: Derived,
    *,
    alt: str,
    sizes: str,
    formats: list[str],
    lazy: bool = True,
    css_class: str = "",
    extra_attrs: dict | None = None,
) -> Markup:
    """`lazy=False` is for the photo above the fold: eager and high priority."""
    parts = ["<picture>"]
    for fmt in formats:
        if fmt == "jpeg" or not derived.of(fmt):
            continue
        parts.append(
            f'<source type="{MIME[fmt]}" srcset="{_srcset(derived.of(fmt))}" '
            f'sizes="{escape(sizes)}">'
        )
    jpegs = derived.of("jpeg")
    fallback = derived.closest(720, "jpeg")
    largest = jpegs[-1]
    attrs = {
        "src": fallback.url,
        "srcset": _srcset(jpegs),
        "sizes": sizes,
        "width": str(largest.width),
        "height": str(largest.height),
        "alt": alt,
    }
    if css_class:
        attrs["class"] = css_class
    if lazy:
        attrs["loading"] = "lazy"
        attrs["decoding"] = "async"
    else:
        attrs["fetchpriority"] = "high"
    for key, value in (extra_attrs or {}).items():
        attrs.setdefault(key, value)
    rendered = " ".join(f'{k}="{escape(str(v))}"' for k, v in attrs.items())
    parts.append(f"<img {rendered}>")
    parts.append("</picture>")
    return Markup("".join(parts))


def thumbnail(sources: dict[str, str], *, width: int, height: int, formats: list[str]) -> Markup:
    """A card thumbnail: one file per format, shown at width×height CSS px,
    lazy. `alt=""`: it sits next to the headline link that names the article,
    so a screen reader would only hear the title twice."""
    parts = ["<picture>"]
    for fmt in formats:
        if fmt != "jpeg" and fmt in sources:
            parts.append(f'<source type="{MIME[fmt]}" srcset="{escape(sources[fmt])}">')
    parts.append(
        f'<img src="{escape(sources["jpeg"])}" width="{width}" height="{height}" alt="" '
        'loading="lazy" decoding="async">'
    )
    parts.append("</picture>")
    return Markup("".join(parts))


IMG_TAG = re.compile(r"<img\b(?P<attrs>[^>]*?)/?>", re.IGNORECASE | re.DOTALL)
ATTR = re.compile(
    r"""(?P<name>[^\s=/>"']+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?"""
)


def parse_attrs(text: str) -> dict[str, str]:
    attrs = {}
    for m in ATTR.finditer(text):
        value = m.group("dq")
        if value is None:
            value = m.group("sq")
        if value is None:
            value = m.group("bare") or ""
        attrs[m.group("name").lower()] = unescape(value)
    return attrs


def find_images(html: str) -> list[dict[str, str]]:
    return [parse_attrs(m.group("attrs")) for m in IMG_TAG.finditer(html)]


def rewrite_images(html: str, replace) -> str:
    """Call `replace(attrs)` for each <img>; it returns new markup or None to keep it."""

    def sub(m: re.Match) -> str:
        attrs = parse_attrs(m.group("attrs"))
        new = replace(attrs)
        return m.group(0) if new is None else str(new)

    return IMG_TAG.sub(sub, html)
