"""Read one Markdown source into what the checks need, turning unreadable
input (wrong encoding, binary junk, empty file) into findings, never a crash."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from plugins.bkd_content.frontmatter import FrontMatter, parse_front_matter

from .findings import ERROR, WARNING, Finding

# An article beyond this is a mistake (a pasted document, a base64 image):
# readers in the islands pay for every byte.
LARGE_WARNING_BYTES = 200_000
LARGE_ERROR_BYTES = 1_000_000

FENCE_OPEN = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass
class Document:
    path: Path  # on disk
    shown: str  # as shown to the author (relative to the repository)
    text: str
    front: FrontMatter
    content_root: Path
    kind: str = "article"  # "article", "page" or "other" (guides, READMEs)
    findings: list[Finding] = field(default_factory=list)
    # False when the file is unreadable as text: no further check runs.
    checkable: bool = True

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def body_lines(self) -> list[tuple[int, str]]:
        """(line number, text) of the body, after the front matter."""
        start = self.front.body_start
        return [(n, t) for n, t in enumerate(self.lines[start - 1 :], start=start)]

    @cached_property
    def prose_lines(self) -> list[tuple[int, str]]:
        """Body lines outside fenced code blocks: what readers read as text."""
        out, fence = [], None
        for n, t in self.body_lines:
            m = FENCE_OPEN.match(t)
            if fence:
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                    fence = None
                continue
            if m:
                fence = m.group(1)
                continue
            if t.startswith("    ") or t.startswith("\t"):
                continue  # indented code block
            out.append((n, t))
        return out

    @cached_property
    def body_text(self) -> str:
        return "\n".join(t for _, t in self.body_lines)

    @cached_property
    def views(self) -> list:
        """The texts every text check reads, each mapped back to the source
        (see views.py): the normalized file and the rendered paragraphs."""
        from .views import text_views

        return text_views(self)

    def field(self, key: str) -> str:
        return self.front.fields.get(key, "")

    def line_of(self, key: str) -> int:
        return self.front.line_of(key)

    def finding(self, line, rule, severity, message, hint="", subject="") -> Finding:
        f = Finding(self.shown, line, rule, severity, message, hint, subject=subject)
        self.findings.append(f)
        return f


CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return len(sample) > 0 and control / len(sample) > 0.05


def load_document(path: Path, shown: str, content_root: Path, kind: str = "article") -> Document:
    if path.is_symlink():
        # Never read through a link: it may point at a secret outside content/,
        # and findings (spelling, tags) quote what they read.
        doc = Document(path, shown, "", FrontMatter(), content_root, kind, checkable=False)
        doc.finding(
            1,
            "FBS-7.symlink",
            ERROR,
            "Berkas ini tautan simbolik (symlink), bukan artikel; isinya tidak dibaca.",
            "Ganti tautan itu dengan berkas Markdown biasa (salin isinya), lalu commit lagi.",
        )
        return doc
    try:
        data = path.read_bytes()
    except OSError as exc:
        doc = Document(path, shown, "", FrontMatter(), content_root, kind, checkable=False)
        doc.finding(
            1,
            "FBS-7.encoding",
            ERROR,
            f"Berkas tidak dapat dibuka ({exc.strerror or exc}).",
            "Pastikan berkas ada dan dapat dibaca, lalu jalankan pemeriksaan lagi.",
        )
        return doc

    if not data.strip():
        doc = Document(path, shown, "", FrontMatter(), content_root, kind, checkable=False)
        doc.finding(
            1,
            "FBS-7.empty",
            ERROR,
            "Berkas ini kosong.",
            "Isi berkas dengan keterangan artikel (Title, Date, Category, Summary), satu "
            "baris kosong, lalu isi artikel; atau hapus berkas bila tidak dipakai.",
        )
        return doc

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc = Document(path, shown, "", FrontMatter(), content_root, kind, checkable=False)
        doc.finding(
            1,
            "FBS-7.encoding",
            ERROR,
            "Berkas tersimpan sebagai UTF-16 (biasanya dari Notepad lama atau Word), bukan UTF-8.",
            "Buka berkas di editor teks lalu simpan ulang dengan pengodean UTF-8.",
        )
        return doc

    if looks_binary(data):
        doc = Document(path, shown, "", FrontMatter(), content_root, kind, checkable=False)
        doc.finding(
            1,
            "FBS-7.binary",
            ERROR,
            "Berkas ini bukan teks: isinya data biner (mungkin foto, PDF atau dokumen Word "
            "yang diberi nama .md).",
            "Tulis artikel sebagai teks Markdown. Foto disimpan di content/images/ dan "
            "dirujuk dari artikel; dokumen PDF dilampirkan sebagai tautan.",
        )
        return doc

    doc_findings = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Carry on with a lossy decoding so privacy and lexicon checks still run.
        text = data.decode("utf-8", errors="replace")
        line = data[: exc.start].count(b"\n") + 1
        doc_findings.append(
            Finding(
                shown,
                line,
                "FBS-7.encoding",
                ERROR,
                "Berkas tidak tersimpan sebagai teks UTF-8 (ada karakter tak terbaca di "
                f"baris {line}).",
                "Buka berkas di editor teks (misalnya VS Code atau Notepad) lalu simpan ulang "
                "dengan pengodean UTF-8.",
            )
        )
    text = text.removeprefix("\ufeff")

    front = parse_front_matter(text)
    doc = Document(path, shown, text, front, content_root, kind)
    doc.findings.extend(doc_findings)

    size = len(data)
    if size > LARGE_WARNING_BYTES:
        severe = size > LARGE_ERROR_BYTES
        doc.finding(
            1,
            "FBS-3.too-large",
            ERROR if severe else WARNING,
            f"Artikel ini sangat besar ({size / 1_000_000:.1f} MB). Pembaca di pulau-pulau "
            "membayar setiap byte dengan kuota data.",
            "Ringkas isinya, pecah menjadi beberapa artikel, atau lampirkan dokumen panjang "
            "sebagai berkas PDF yang ditautkan.",
        )
    return doc
