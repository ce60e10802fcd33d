"""Small helpers shared by the checks: Markdown image and link extraction,
offset-to-line mapping."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..findings import Finding

MD_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]\[]{0,500})\]\(\s*<?(?P<src>[^)\s>]{1,1000})>?"
    r"(?:\s+[\"'][^\"']{0,300}[\"'])?\s*\)"
)
HTML_IMG = re.compile(r"<img\b[^<>]{0,2000}>", re.IGNORECASE)
HTML_ATTR = re.compile(
    r"""\b(?P<name>src|alt)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""", re.I
)
MD_LINK = re.compile(r"(?<!!)\[[^\]\[]{0,500}\]\(\s*<?(?P<href>[^)\s>]{1,2000})")
AUTOLINK = re.compile(r"<(?P<href>https?://[^>\s]+)>")
BARE_URL = re.compile(r"(?<![(<\"'=/])\bhttps?://[^\s)<>\"']+")
# `code` or ``code``; bounded so that a run of backticks cannot blow up.
INLINE_CODE = re.compile(r"(`{1,2})(?!`)(.{1,500}?)(?<!`)\1(?!`)")


# Past this many findings of one rule in one file, one summary finding follows.
MAX_PER_RULE = 10


@dataclass
class ImageRef:
    line: int
    src: str
    alt: str | None  # None: no alt attribute at all
    credit: str | None = None  # None: the syntax has no credit slot (inline images)
    kind: str = "inline"  # "hero", "gallery" or "inline"


def strip_inline_code(text: str) -> str:
    return INLINE_CODE.sub(lambda m: " " * len(m.group()), text)


def inline_images(lines) -> list[ImageRef]:
    refs = []
    for n, t in lines:
        if "![" in t:
            for m in MD_IMAGE.finditer(t):
                refs.append(ImageRef(n, m.group("src"), m.group("alt")))
        if "<img" in t.lower():
            for m in HTML_IMG.finditer(t):
                attrs = {}
                for a in HTML_ATTR.finditer(m.group()):
                    attrs[a.group("name").lower()] = (
                        a.group("dq") or a.group("sq") or a.group("bare") or ""
                    )
                if "src" in attrs:
                    refs.append(ImageRef(n, attrs["src"], attrs.get("alt")))
    return refs


def links(lines) -> list[tuple[int, str]]:
    out = []
    for n, t in lines:
        if "http" not in t and "](" not in t:
            continue
        t = strip_inline_code(t)
        seen = set()
        for pattern in (MD_LINK, AUTOLINK, BARE_URL):
            for m in pattern.finditer(t):
                href = m.group("href") if "href" in pattern.groupindex else m.group()
                if href not in seen:
                    seen.add(href)
                    out.append((n, href))
    return out


class LineIndex:
    """Map offsets in a text to 1-based line numbers."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def cap_findings(doc, first: int) -> None:
    """Keep the first MAX_PER_RULE findings of each rule added since `first`; a
    pasted list of hundreds of numbers gets one summary instead of hundreds."""
    counts: dict[str, int] = {}
    kept: list[Finding] = []
    dropped: dict[str, list[Finding]] = {}
    for f in doc.findings[first:]:
        counts[f.rule] = counts.get(f.rule, 0) + 1
        if counts[f.rule] <= MAX_PER_RULE:
            kept.append(f)
        else:
            dropped.setdefault(f.rule, []).append(f)
    if not dropped:
        return
    del doc.findings[first:]
    doc.findings.extend(kept)
    for rule, extra in dropped.items():
        doc.finding(
            extra[0].line,
            rule,
            extra[0].severity,
            f"Masih ada {len(extra)} temuan {rule} lain di berkas ini (baris {extra[0].line} "
            f"sampai {extra[-1].line}).",
            "Periksa seluruh berkas: tampaknya ada teks yang tertempel berulang kali. Hapus "
            "bagian itu dari artikel.",
        )
