"""FBS-7: writing. The front matter can be read, the category is from the
controlled list (FBS-4), and the typography is clean: no double spaces, no
space before punctuation, no title in capitals only."""

from __future__ import annotations

import re

from plugins.bkd_content import attachments
from plugins.bkd_content.frontmatter import validate_front_matter

from ..findings import WARNING
from .common import strip_inline_code

DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
SPACE_BEFORE_PUNCT = re.compile(r"(?<=[^\W\d_]) +([,.;:!?])(?=\s|$)(?!\.)")
URLISH = re.compile(r"(?<!\S)[(<\[]?\S+://\S+|\]\([^)]{0,2000}\)")
LIST_OR_TABLE = re.compile(r"^\s*(\||[-*+] |\d+[.)] |>)")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>)\s+")


def check_front_matter(doc, ctx) -> None:
    if ctx.config.leave_to_build:
        return  # the build's reader reports these (plugins/bkd_content)
    problems = validate_front_matter(doc.front, ctx.taxonomy, is_page=doc.kind == "page")
    if doc.kind == "article":
        problems += attachments.check(doc.front, doc.path, doc.content_root)
    for p in problems:
        if p.rule in ("frontmatter.unknown-category", "frontmatter.missing-category"):
            rule = "FBS-4.category"
        else:
            rule = "FBS-7.frontmatter"
        doc.finding(p.line, rule, p.severity, p.message, p.hint)


def check_caps_title(doc) -> None:
    title = doc.field("title")
    letters = [c for c in title if c.isalpha()]
    if len(letters) >= 10 and all(c.isupper() for c in letters):
        doc.finding(
            doc.line_of("title"),
            "FBS-7.caps-title",
            WARNING,
            "Judul ditulis dengan huruf kapital semua; di layar terbaca seperti berteriak "
            "dan lebih sulit dibaca.",
            "Tulis dengan huruf kapital di awal setiap kata, kecuali kata tugas (di, ke, "
            "dari, dan, yang, untuk), misalnya 'Jadwal Seleksi PPPK di Kabupaten Alor'. "
            "Singkatan seperti PPPK dan BKD tetap kapital.",
        )


def check_typography(doc) -> None:
    lines = list(doc.prose_lines)
    for key in ("title", "summary"):
        for n, value in doc.front.value_lines.get(key, []):
            lines.append((n, value))
    for n, raw in lines:
        if not raw.strip() or (LIST_OR_TABLE.match(raw) and "|" in raw):
            continue
        t = LIST_MARKER.sub("", raw.strip())
        t = URLISH.sub(lambda m: "x" * len(m.group()), strip_inline_code(t))
        m = DOUBLE_SPACE.search(t)
        if m:
            doc.finding(
                n,
                "FBS-7.double-space",
                WARNING,
                f"Ada spasi ganda: '…{t[max(0, m.start() - 15) : m.end() + 15].strip()}…'.",
                "Cukup satu spasi di antara kata dan sesudah tanda baca.",
            )
        m = SPACE_BEFORE_PUNCT.search(t)
        if m:
            doc.finding(
                n,
                "FBS-7.space-before-punct",
                WARNING,
                f"Ada spasi sebelum tanda baca '{m.group(1)}': "
                f"'…{t[max(0, m.start() - 15) : m.end() + 10].strip()}…'.",
                "Hapus spasi sebelum tanda titik, koma, titik dua, titik koma, tanda tanya "
                "dan tanda seru; tanda baca melekat pada kata di depannya.",
            )


def check(doc, ctx) -> None:
    if doc.kind in ("article", "page"):
        check_front_matter(doc, ctx)
        check_caps_title(doc)
    check_typography(doc)
