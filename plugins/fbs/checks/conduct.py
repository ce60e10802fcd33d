"""FBS-2 and FBS-5: no profanity, insults or SARA slurs (from the admin's
lexicon), and no active HTML that could run code in a reader's browser."""

from __future__ import annotations

import re

from plugins.sanitize import (
    TOO_MUCH_HTML,
    TOO_MUCH_HTML_HINT,
    Removal,
    raw_html_tags,
    removed_parts,
    render_markdown,
)

from ..document import LARGE_WARNING_BYTES
from ..findings import ERROR, WARNING
from .common import LineIndex, cap_findings, strip_inline_code

LEXICON_HINT = {
    "FBS-2.profanity": "Ganti dengan kata yang sopan, atau hapus. Bila kata ini kutipan resmi "
    "yang memang harus dimuat, bicarakan dengan Kepala Badan sebelum terbit.",
    "FBS-5.insult": "Tulis kritik atau fakta tanpa merendahkan orang atau lembaga.",
    "FBS-5.sara": "Hapus ungkapan yang menyinggung suku, agama, ras atau golongan. Tulis "
    "nama kelompok dengan istilah resmi dan netral.",
}


def check_lexicon(doc, ctx) -> None:
    """Every view of the file (normal form, rendered paragraphs; see views.py),
    each hit reported once at its source line."""
    first = len(doc.findings)
    index = LineIndex(doc.text)
    seen = set()
    for view in doc.views:
        for hit in ctx.lexicon.scan(view.text):
            line = index.line(view.source(hit.start))
            if (line, hit.rule, hit.entry) in seen:
                continue
            seen.add((line, hit.rule, hit.entry))
            found = view.text[hit.start : hit.end].replace("\n", " ")
            doc.finding(
                line,
                hit.rule,
                ERROR,
                f"Ada {hit.label}: '{found}'.",
                LEXICON_HINT.get(hit.rule, "Ganti dengan kata yang sopan."),
                subject=hit.entry,
            )
    cap_findings(doc, first)


# What the build removes that could have harmed readers: an error. Anything
# else it removes (a <font> pasted from Word, an unknown attribute) is only
# lost formatting: a warning, so the author knows it will not show.
DANGEROUS_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
     "button", "textarea", "select", "meta", "base", "link", "style", "svg", "math", "template",
     "noscript"}
)  # fmt: skip


def _hint(removal) -> str:
    if removal.kind == "url":
        return "Ganti dengan alamat https:// yang sebenarnya."
    if removal.kind == "attribute":
        if removal.name in ("style", "class"):
            return "Hapus atribut itu; tampilan artikel diatur oleh tema situs."
        return "Hapus atribut itu; artikel cukup berisi teks, foto dan tautan."
    if removal.name in DANGEROUS_ELEMENTS:
        return (
            "Hapus tag itu. Untuk video YouTube isi kolom 'Video:' di bagian atas; untuk "
            "peta atau dokumen, tulis tautan biasa [judul](https://...)."
        )
    return (
        "Hapus tag itu, atau bila Anda ingin menulis tanda < dan > sebagai teks, "
        "tulis \\< dan \\> (atau letakkan di antara tanda `)."
    )


def _is_dangerous(removal) -> bool:
    if removal.kind == "element":
        return removal.name in DANGEROUS_ELEMENTS
    if removal.kind == "attribute":
        return removal.name.startswith("on") or removal.name == "style"
    return True  # a URL scheme outside http, https, mailto, tel


def _needles(removal) -> list[re.Pattern]:
    name = re.escape(removal.name)
    if removal.kind == "element":
        return [re.compile(rf"<\s*{name}(?![\w-])", re.I)]
    if removal.kind == "attribute":
        return [re.compile(rf"(?<![\w-]){name}\s*=", re.I), re.compile(rf"(?<![\w-]){name}", re.I)]
    # A URL: its scheme as written, else any part of it an author could have
    # disguised with entities or tabs (the gate then points at the link's line).
    detail = re.escape(removal.detail[len(removal.name) + 1 :][:20].strip())
    pats = [re.compile(rf"{name}\s*:", re.I), re.compile(r"&#0*(x0*)?[0-9a-f]+;?|\t", re.I)]
    if detail:
        pats.insert(1, re.compile(detail))
    return pats


def locate(doc, removals: list[Removal]) -> list[tuple[int, Removal]]:
    """Map each removal to a source line: the k-th removal of the same thing
    goes to the k-th body line that shows it (Markdown keeps no line numbers)."""
    body = [(n, strip_inline_code(t)) for n, t in doc.body_lines]
    used: dict[tuple, int] = {}
    out: list[tuple[int, Removal]] = []
    for removal in removals:
        line = doc.front.body_start
        for pattern in _needles(removal):
            key = (removal.kind, removal.name, pattern.pattern)
            hits = [n for n, t in body for _ in pattern.finditer(t)]
            if hits:
                k = used.get(key, 0)
                line = hits[min(k, len(hits) - 1)]
                used[key] = k + 1
                break
        out.append((line, removal))
    return out


# Markdown only makes markup the sanitizer removes out of raw HTML (<), an
# attribute list ({), an entity (&), or a link/reference target that is not
# plainly http(s), mailto, tel or relative. Other bodies skip the render (it
# would more than double the gate's time per article).
_SAFE_TARGET = (
    r"(?:https?://|mailto:|tel:|#|/|\.{1,2}/|[\w.-]+(?:/[\w.-]+)*/?(?:[?#][^\s)]*)?(?:[ )\"']|\Z))"
)
# Possessive \s*+: the look-ahead must see the target itself, not a space. A
# target ending in a tab or newline is not plain: browsers drop those inside
# a URL, so "ASN<newline>https:" reads as the scheme "asnhttps".
_UNSAFE_LINK_TARGET = re.compile(rf"\]\s*+[(:]\s*+(?!{_SAFE_TARGET})", re.MULTILINE)


def needs_render(text: str) -> bool:
    return "<" in text or "{" in text or "&" in text or bool(_UNSAFE_LINK_TARGET.search(text))


def check_html(doc) -> None:
    """FBS-2.unsafe-html: what plugins.sanitize will remove from this article,
    found by rendering the Markdown as the build does and asking the same
    allowlist, so the gate and the build always agree."""
    if not needs_render(doc.body_text):
        return
    tags = raw_html_tags(doc.body_text)
    if tags:
        # The build shows this body's markup as text instead of rendering it.
        doc.finding(
            doc.front.body_start,
            "FBS-2.unsafe-html",
            WARNING,
            TOO_MUCH_HTML.format(tags=tags),
            TOO_MUCH_HTML_HINT,
        )
        return
    if len(doc.text) > LARGE_WARNING_BYTES:
        # Python-Markdown's HTML block parser is quadratic on long runs of
        # unclosed tags, so a huge pasted article would stall the gate for
        # minutes. FBS-3.too-large already asks the author to shorten it; the
        # build still sanitizes whatever it holds.
        doc.finding(
            doc.front.body_start,
            "FBS-2.unsafe-html",
            WARNING,
            "Artikel terlalu besar untuk diperiksa markup HTML-nya di sini; situs tetap "
            "membersihkan HTML yang tidak diizinkan saat dibangun.",
            "Perkecil artikel (lihat FBS-3.too-large) agar pemeriksaan markup berjalan lengkap.",
        )
        return
    html = render_markdown(doc.text)
    removals = removed_parts(html)
    if not removals:
        return
    first = len(doc.findings)
    for line, removal in locate(doc, removals):
        reason = removal.reason()
        doc.finding(
            line,
            "FBS-2.unsafe-html",
            ERROR if _is_dangerous(removal) else WARNING,
            reason[0].upper() + reason[1:],
            _hint(removal),
        )
    cap_findings(doc, first)


def check(doc, ctx) -> None:
    check_lexicon(doc, ctx)
    check_html(doc)
