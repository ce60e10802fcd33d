"""FBS-8 for attached documents: a PDF that carries its author's name.

Word processors write the account name of whoever made the file into the PDF:
the document information dictionary's /Author, and the XMP packet's
dc:creator (Dublin Core's "creator" is the person; the dictionary's /Creator
is the application that made the original, ISO 32000-1 §14.3.3 Table 317, so
it is not reported). Published beside an article, that name is public. It is
a warning, not an error: often it is the agency's own name, and the author
decides. Read with pypdf (https://pypdf.readthedocs.io/en/stable/user/metadata.html:
`PdfReader.metadata.author`, `PdfReader.xmp_metadata.dc_creator`).

Problems with the Attachments lines themselves (missing file, wrong type,
outside content/) are reported by plugins/bkd_content/attachments.py, once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from plugins.bkd_content import attachments

from ..findings import WARNING

logger = logging.getLogger(__name__)


def pdf_people(path: Path) -> list[tuple[str, str]]:
    """[(field, value)] of the names a PDF carries; [] when unreadable (a
    broken PDF is not a privacy finding)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    found = []
    try:
        reader = PdfReader(path)
        info = reader.metadata
        author = (info.author or "").strip() if info is not None else ""
        if author:
            found.append(("Author", author))
        xmp = reader.xmp_metadata
        for name in (xmp.dc_creator or []) if xmp is not None else []:
            if name and name.strip() and ("Author", name.strip()) not in found:
                found.append(("dc:creator", name.strip()))
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as error:
        logger.debug("PDF %s tidak terbaca: %s", path, error)
        return []
    return found


def masked(name: str) -> str:
    """Enough to recognise a name, not enough to spread it in a public log."""
    return name[:2] + "…" if len(name) > 2 else "…"


def check(doc, ctx) -> None:
    if doc.kind != "article":
        return
    for entry in attachments.entries(doc.front, "attachments"):
        found, reason = attachments.resolve(entry.target, doc.path, doc.content_root)
        if reason is not None or found is None or found.suffix.lower() != ".pdf":
            continue
        if not ctx.claim_metadata_report(found):
            continue
        people = pdf_people(found)
        if not people:
            continue
        fields = ", ".join(f"{field} '{masked(value)}'" for field, value in people)
        doc.finding(
            entry.line,
            "FBS-8.pdf-metadata",
            WARNING,
            f"Dokumen PDF '{entry.target[:80]}' menyimpan nama pembuatnya di data berkas "
            f"({fields}); siapa pun yang mengunduhnya dapat membacanya.",
            "Jika bukan nama resmi BKD, hapus sebelum di-commit: di Word, File → Info → "
            "Periksa Dokumen → Hapus Semua pada 'Properti Dokumen dan Informasi Pribadi', "
            "lalu simpan ulang sebagai PDF; atau isi 'Penulis' dengan 'BKD Provinsi NTT'.",
        )
