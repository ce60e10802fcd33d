"""FBS-2 and FBS-5: no profanity, insults or SARA slurs (from the admin's
lexicon), and no active HTML that could run code in a reader's browser."""

from __future__ import annotations

import re

from ..findings import ERROR
from .common import LineIndex, cap_findings, strip_inline_code

UNSAFE_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|form)\b", re.IGNORECASE)
EVENT_ATTR = re.compile(r"<[a-zA-Z][^<>]{0,2000}?\s(on[a-z]+)\s*=", re.IGNORECASE)
JS_URL = re.compile(r"(?:\]\(|href\s*=\s*[\"']?|src\s*=\s*[\"']?)\s*javascript:", re.IGNORECASE)

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


def check_html(doc) -> None:
    for n, raw in doc.prose_lines:
        if "<" not in raw and "javascript" not in raw.lower():
            continue
        t = strip_inline_code(raw)
        m = UNSAFE_TAG.search(t)
        if m:
            tag = m.group(1).lower()
            doc.finding(
                n,
                "FBS-2.unsafe-html",
                ERROR,
                f"Ada tag HTML <{tag}> di artikel. Tag ini dapat menjalankan kode atau memuat "
                "halaman dari situs lain di peramban pembaca.",
                "Hapus tag itu. Untuk video YouTube isi kolom 'Video:' di bagian atas; untuk "
                "peta atau dokumen, tulis tautan biasa [judul](https://...).",
            )
        m = EVENT_ATTR.search(t)
        if m:
            doc.finding(
                n,
                "FBS-2.unsafe-html",
                ERROR,
                f"Ada atribut HTML '{m.group(1)}=' yang menjalankan kode JavaScript.",
                "Hapus atribut itu; artikel cukup berisi teks, foto dan tautan.",
            )
        if JS_URL.search(t):
            doc.finding(
                n,
                "FBS-2.unsafe-html",
                ERROR,
                "Ada tautan 'javascript:' yang menjalankan kode saat diklik.",
                "Ganti dengan alamat https:// yang sebenarnya.",
            )


def check(doc, ctx) -> None:
    check_lexicon(doc, ctx)
    check_html(doc)
