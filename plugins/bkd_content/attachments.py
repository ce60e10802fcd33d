"""Documents and legal sources as front-matter fields.

    Attachments: dokumen/sk-kenaikan-pangkat-2027.pdf | SK Kenaikan Pangkat April 2027
        dokumen/formulir-usulan.docx | Formulir usulan
    DasarHukum: https://jdih.nttprov.go.id/... | Peraturan Gubernur NTT Nomor 10 Tahun 2026
    Sumber: https://www.bkn.go.id/... | Siaran pers BKN

One line per item, `what | title`, continuation lines indented like Gallery.
An attachment is a document (pdf, docx, xlsx, odt, ods) inside content/,
resolved like a photo: from the article's folder, then from content/, and
confined there (no symlink, no hard link, no way out). It is copied to the
output at the same place below the site root and listed under the article with
its type and size. DasarHukum and Sumber are http(s) links (JDIH for laws).

One owner for author messages: `check()` runs in the build's reader, which
refuses the article on an error and reports it once with file and line; the
FBS gate calls the same function when it runs on its own (`fbs check`).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from plugins.report import Finding

from . import sources
from .frontmatter import FrontMatter, problem

logger = logging.getLogger(__name__)

# Suffix -> (label shown to readers, MIME type). Office documents readers
# open on a phone; never HTML, SVG or scripts (sources.DOCUMENT_SUFFIXES).
ATTACHMENT_TYPES = {
    ".pdf": ("PDF", "application/pdf"),
    ".docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".odt": ("ODT", "application/vnd.oasis.opendocument.text"),
    ".ods": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
}
LINK_FIELDS = ("dasarhukum", "sumber")
TYPE_LIST = ", ".join(s.lstrip(".") for s in ATTACHMENT_TYPES)


@dataclass(frozen=True)
class Entry:
    line: int
    target: str  # a path (Attachments) or a URL (DasarHukum, Sumber)
    title: str


@dataclass(frozen=True)
class Attachment:
    """A published document: what the template shows and where it is copied."""

    title: str
    source: Path
    rel: str  # below content/ and below the output root
    label: str
    mime: str
    size: int

    @property
    def size_text(self) -> str:
        return human_size(self.size)


def human_size(size: int) -> str:
    """Indonesian style: '850 KB', '1,2 MB' (decimal comma)."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def entries(fm: FrontMatter, key: str) -> list[Entry]:
    out = []
    for line, text in fm.value_lines.get(key, []):
        target, _, title = (part.strip() for part in text.partition("|"))
        if target or title:
            out.append(Entry(line, target, title))
    return out


def entries_from_metadata(value) -> list[Entry]:
    """The same lines from Pelican's metadata (a string, or a list of lines)."""
    lines = value.splitlines() if isinstance(value, str) else [str(v) for v in value or []]
    out = []
    for text in lines:
        target, _, title = (part.strip() for part in text.partition("|"))
        if target:
            out.append(Entry(0, target, title))
    return out


def resolve(target: str, source_path: Path, root: Path) -> tuple[Path | None, str | None]:
    """The document a line names, or why not: 'missing', 'type', 'mismatch'
    or a confinement reason ('outside', 'symlink', 'hardlink', ...)."""
    if Path(target).suffix.lower() not in ATTACHMENT_TYPES:
        return None, "type"
    relative = target.lstrip("/")
    candidates = [root / relative]
    if not target.startswith("/"):
        candidates.insert(0, source_path.parent / relative)
    for candidate in candidates:
        found, reason = sources.confine(candidate, [root])
        if reason == "missing":
            continue
        if reason is not None:
            return None, reason
        assert found is not None  # confine gives a path or a reason
        if not sources.content_matches_type(found):
            return None, "mismatch"
        return found, None
    return None, "missing"


def _problem(line: int, message: str, hint: str) -> Finding:
    return problem(line, "error", "frontmatter.attachment", message, hint)


def check(fm: FrontMatter, source_path: Path, root: Path) -> list[Finding]:
    """Every problem of the Attachments, DasarHukum and Sumber lines."""
    problems = []
    for entry in entries(fm, "attachments"):
        shown = entry.target[:80]
        if not entry.target:
            problems.append(
                _problem(
                    entry.line,
                    "Baris lampiran tanpa nama berkas.",
                    "Tulis 'berkas | judul', misalnya 'dokumen/sk-2027.pdf | SK Kenaikan Pangkat'.",
                )
            )
            continue
        _found, reason = resolve(entry.target, source_path, root)
        if reason == "type":
            problems.append(
                _problem(
                    entry.line,
                    f"Lampiran '{shown}' bukan jenis dokumen yang diterima.",
                    f"Lampirkan dokumen {TYPE_LIST}. Foto masuk lewat 'Image:' atau 'Gallery:'.",
                )
            )
        elif reason == "missing":
            problems.append(
                _problem(
                    entry.line,
                    f"Berkas lampiran '{shown}' tidak ditemukan.",
                    "Simpan dokumen di dalam content/ (misalnya content/dokumen/) dan tulis "
                    "jalurnya dari folder content/, misalnya 'dokumen/sk-2027.pdf'. Periksa "
                    "huruf besar-kecil nama berkas.",
                )
            )
        elif reason == "mismatch":
            problems.append(
                _problem(
                    entry.line,
                    f"Isi berkas '{shown}' tidak cocok dengan akhiran namanya.",
                    "Simpan ulang dokumen dari aplikasinya (Simpan sebagai PDF/DOCX/XLSX/ODT/"
                    "ODS); jangan hanya mengganti akhiran nama berkas.",
                )
            )
        elif reason is not None:
            problems.append(
                _problem(
                    entry.line,
                    f"Lampiran '{shown}' ada di luar folder content/ atau berupa tautan "
                    "(symlink/hard link); situs hanya menerbitkan berkas di dalam content/.",
                    "Salin dokumen aslinya ke content/dokumen/ dan tulis 'dokumen/nama.pdf'.",
                )
            )
        elif not entry.title:
            problems.append(
                problem(
                    entry.line,
                    "warning",
                    "frontmatter.attachment-title",
                    f"Lampiran '{shown}' belum punya judul; pembaca hanya melihat nama berkas.",
                    "Tambahkan judul setelah tanda '|', misalnya "
                    f"'{shown} | SK Kenaikan Pangkat April 2027'.",
                )
            )
    for key in LINK_FIELDS:
        label = "DasarHukum" if key == "dasarhukum" else "Sumber"
        for entry in entries(fm, key):
            parts = urlsplit(entry.target)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                problems.append(
                    _problem(
                        entry.line,
                        f"'{entry.target[:80]}' di '{label}:' bukan alamat web (https://...).",
                        f"Tulis '{label}: https://alamat-lengkap | judul', misalnya tautan "
                        "peraturan di JDIH (https://jdih.nttprov.go.id/...).",
                    )
                )
    return problems


def attachments_of(article) -> list[Attachment]:
    """The documents an article lists, resolved (the reader has refused any
    article whose lines are wrong, so unresolvable lines are only skipped)."""
    entries = entries_from_metadata(article.metadata.get("attachments"))
    if not entries:
        # Most articles list none: resolving the content root (a realpath,
        # several system calls) for each of them was a tenth of reading.
        return []
    root = Path(article.settings["PATH"]).resolve()
    source = Path(article.source_path)
    out = []
    for entry in entries:
        found, reason = resolve(entry.target, source, root)
        if found is None:
            logger.debug("lampiran dilewati: %s (%s)", entry.target, reason)
            continue
        label, mime = ATTACHMENT_TYPES[found.suffix.lower()]
        out.append(
            Attachment(
                entry.title or found.name,
                found,
                found.relative_to(root).as_posix(),
                label,
                mime,
                found.stat().st_size,
            )
        )
    return out


def links_of(article, key: str) -> list[dict]:
    return [
        {"url": e.target, "title": e.title or e.target}
        for e in entries_from_metadata(article.metadata.get(key))
        if urlsplit(e.target).scheme in ("http", "https")
    ]


def annotate(article) -> None:
    article.attachments = attachments_of(article)
    article.legal_bases = links_of(article, "dasarhukum")
    article.source_links = links_of(article, "sumber")


def copy_attachments(generator) -> None:
    """Put every listed document in the output at its content-relative place
    (where a {static} link to it would point)."""
    output = Path(generator.output_path)
    for article in generator.articles:
        for item in getattr(article, "attachments", []):
            dest = output / item.rel
            if dest.is_file() and dest.stat().st_size == item.size:
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item.source, dest)
