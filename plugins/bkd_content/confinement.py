"""Keep the build inside content/: links, static files, and output URLs.

- `check_links`: every `{static}`, `{attach}` and `{filename}` link of an
  article must name a regular file inside content/ (no symlink, no `..` out
  of it) of a type the site publishes. Called by the reader, so an article
  with such a link is refused and not cached.
- `filter_static_files`: the static generator's list (files found in
  STATIC_PATHS and files linked with {static}/{attach}) is cut down to what
  may be published as is; everything else is reported and not copied. This
  is the backstop whatever gets past the reader.
- `refuse_duplicate_urls`: two sources writing the same output file are
  reported together instead of Pelican's traceback, and only the first is
  published.
"""

from __future__ import annotations

import glob
import html
import logging
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from plugins import report
from plugins.report import Finding

from .frontmatter import problem
from .sources import (
    CONTENT_SUFFIX,
    DOCUMENT_SUFFIXES,
    PHOTO_SUFFIXES,
    STATIC_SUFFIXES,
    confine,
    content_matches_type,
    discover,
    is_content_file,
    printable,
    symlinks,
)

logger = logging.getLogger(__name__)

REASONS = {
    "outside": "menunjuk ke luar folder content/; situs hanya menerbitkan berkas di dalam "
    "content/.",
    "symlink": "adalah tautan simbolis (symlink) atau berada di folder symlink; situs tidak "
    "mengikuti symlink.",
    "hardlink": "adalah hard link (berbagi isi dengan berkas lain di komputer); situs tidak "
    "menerbitkannya.",
    "not-file": "bukan berkas biasa (folder, perangkat atau pipa).",
    "missing": "tidak ditemukan.",
}
FIX = {
    "outside": "Salin berkasnya ke content/ (dokumen ke content/extra/, foto ke content/images/) "
    "lalu tautkan dari sana, misalnya '[Unduh SK]({static}/extra/sk.pdf)'.",
    "symlink": "Hapus symlink dan salin berkas aslinya ke dalam content/.",
    "hardlink": "Hapus berkas ini lalu salin ulang berkas aslinya (bukan `ln`).",
    "not-file": "Tautkan sebuah berkas, bukan folder.",
    "missing": "Periksa nama dan folder berkasnya (huruf besar/kecil dibedakan).",
}
TYPE_FIX = (
    "Situs hanya menerbitkan dokumen ({types}) apa adanya; foto dipakai lewat 'Image:', "
    "'Gallery:' atau ![keterangan](images/foto.jpg). HTML, SVG dan JavaScript tidak pernah "
    "diterbitkan."
)
LINK = re.compile(
    r"""(?P<markup><[^>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*)
    (?P<quote>["'])(?P<path>[{|](?P<what>[^}|]*?)[|}](?P<value>.*?))(?P=quote)""",
    re.X,
)
CHECKED = {"static", "attach", "filename"}


def _types() -> str:
    return ", ".join(sorted(s.lstrip(".") for s in DOCUMENT_SUFFIXES))


def _line(text: str, *needles: str) -> int:
    lines = text.splitlines()
    for needle in needles:
        for number, line in enumerate(lines, 1):
            if needle and needle in line:
                return number
    return 1


def link_targets(value: str, source: Path, root: Path) -> list[Path]:
    """The files Pelican may take a link value to mean: as written, URL-
    decoded and HTML-unescaped, rooted at content/ when it starts with '/'."""
    paths = []
    for variant in (value, unquote(value), html.unescape(value), unquote(html.unescape(value))):
        path = urlparse(variant).path
        # As Pelican does: one leading '/' means content/; os.path.join then
        # lets an absolute remainder ('//etc/passwd') replace the base.
        base = root if path.startswith("/") else source.parent
        target = Path(os.path.join(base, path[1:] if path.startswith("/") else path))
        if target not in paths:
            paths.append(target)
    return paths


def check_links(content: str, text: str, source: Path, root: Path) -> list[Finding]:
    """Problems of the {static}/{attach}/{filename} links in rendered HTML;
    `text` is the Markdown source, for line numbers."""
    problems = []
    seen = set()
    for m in LINK.finditer(content or ""):
        what, value = m.group("what"), m.group("value")
        if what not in CHECKED or (what, value) in seen:
            continue
        seen.add((what, value))
        shown = f"{{{what}}}{html.unescape(value)}"
        line = _line(text, value, html.unescape(value), m.group("path"), value.lstrip("/"))
        found, reason = None, None
        for target in link_targets(value, source, root):
            resolved, why = confine(target, [root])
            if resolved is not None:
                found = resolved
                break
            if why != "missing":
                reason = why
                break
            reason = reason or why
        if found is None:
            # No candidate at all reads as a missing file.
            reason = reason or "missing"
            problems.append(
                problem(
                    line,
                    "warning" if reason == "missing" else "error",
                    f"link.{reason}",
                    f"Tautan '{shown}' {REASONS[reason]}",
                    FIX[reason],
                )
            )
            continue
        suffix = found.suffix.lower()
        if what == "filename" and is_content_file(found, root):
            continue
        if suffix in STATIC_SUFFIXES or (
            suffix in PHOTO_SUFFIXES and m.group(0).startswith("<img")
        ):
            continue
        problems.append(
            problem(
                line,
                "error",
                "link.type",
                f"Tautan '{shown}' menunjuk berkas jenis '{suffix or found.name}' yang tidak "
                "diterbitkan situs.",
                TYPE_FIX.format(types=_types()),
            )
        )
    return problems


def _shown(path: str | Path) -> str:
    try:
        return printable(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return printable(path)


def filter_static_files(generator) -> None:
    """Drop every static file that may not be published as it is."""
    root = Path(generator.path)
    kept, dropped = [], []
    for static in generator.staticfiles:
        full = Path(os.path.join(generator.path, static.source_path))
        _, reason = confine(full, [root])
        suffix = full.suffix.lower()
        if reason is not None:
            dropped.append(static)
            _report_once(
                generator.context,
                full,
                f"Berkas ini {REASONS[reason]} Berkas tidak disalin ke situs.",
                FIX[reason],
            )
        elif suffix in PHOTO_SUFFIXES and suffix not in STATIC_SUFFIXES:
            # The media pipeline publishes re-encoded copies; never the original.
            dropped.append(static)
        elif suffix not in STATIC_SUFFIXES:
            dropped.append(static)
            _report_once(
                generator.context,
                full,
                f"Jenis berkas '{suffix or full.name}' tidak diterbitkan situs; berkas tidak "
                "disalin.",
                TYPE_FIX.format(types=_types()),
            )
        elif not content_matches_type(full):
            dropped.append(static)
            _report_once(
                generator.context,
                full,
                f"Isi berkas ini bukan '{suffix}' seperti namanya; berkas tidak disalin.",
                "Simpan/ekspor ulang dokumen dari aplikasinya (misalnya 'Simpan sebagai PDF'), "
                "jangan hanya mengganti nama berkas.",
            )
        else:
            kept.append(static)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles
    # A link to a dropped file must not turn into a URL either.
    registry = generator.context.get("static_content", {})
    for static in dropped:
        registry.pop(static.get_relative_source_path(), None)


def _report_once(context, path: Path, message: str, hint: str) -> None:
    reported = context.setdefault("_bkd_reported", set())
    key = str(Path(os.path.abspath(path)))
    if key in reported:
        return
    reported.add(key)
    problem = report.Finding(_shown(path), 1, "content.refused", report.ERROR, message, hint)
    logger.error("%s", report.format_block(problem.file, [problem]))


def screen_sources(generator) -> None:
    """article_generator_init, before any folder is walked: report every
    symlink under content/ and every non-content file under articles/ and
    pages/, and keep Pelican (which follows symlinks) out of linked folders.
    A link to a parent folder would otherwise make it walk in circles."""
    root = Path(generator.path)
    settings = generator.settings
    excluded = []
    for link in symlinks(root):
        _report_once(
            generator.context,
            link,
            f"Berkas atau folder ini {REASONS['symlink']} Isinya tidak dibaca dan tidak "
            "diterbitkan.",
            FIX["symlink"],
        )
        if link.is_dir():
            excluded.append(os.path.relpath(link, root))
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
        current = list(settings.get(key) or [])
        settings[key] = current + [e for e in excluded if e not in current]
    _, refused = discover(root)
    # Reported here once, with the fix; Pelican must not read them as well
    # (its "Could not process" would print an undecodable name as raw bytes).
    ignored = list(settings.get("IGNORE_FILES") or [])
    for item in refused:
        pattern = glob.escape(item.path.name)
        if pattern not in ignored:
            ignored.append(pattern)
    settings["IGNORE_FILES"] = ignored
    for item in refused:
        _report_once(
            generator.context,
            item.path,
            item.message,
            item.hint,
        )


def _slug_line(item) -> int:
    try:
        text = Path(item.source_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(text.splitlines(), 1):
        if line.lower().startswith("slug:"):
            return number
        if not line.strip():
            break
    return 1


def _dedupe(items, taken: dict[str, object], label: str) -> list:
    kept = []
    for item in sorted(items, key=lambda i: str(i.source_path)):
        # Pelican computes save_as from the URL settings at every access.
        save_as = item.save_as
        save_as = os.path.normpath(save_as) if save_as else ""
        if not save_as:
            kept.append(item)
            continue
        first = taken.get(save_as)
        if first is None:
            taken[save_as] = item
            kept.append(item)
            continue
        other = _shown(first.source_path) if hasattr(first, "source_path") else f"halaman {first}"
        problem = report.Finding(
            _shown(item.source_path),
            _slug_line(item),
            "content.duplicate-url",
            report.ERROR,
            f"{label} ini akan ditulis ke alamat yang sama dengan {other} ('{item.url}'); "
            f"hanya {other} yang diterbitkan.",
            "ganti nama berkas salah satunya, atau ubah/hapus baris 'Slug:' agar alamatnya "
            "berbeda.",
        )
        logger.error("%s", report.format_block(problem.file, [problem]))
    return kept


def refuse_duplicate_article_urls(generator) -> None:
    """article_generator_pretaxonomy: before tags and archives are built."""
    taken: dict[str, object] = {}
    for name in ("articles", "translations", "hidden_articles", "hidden_translations"):
        items = getattr(generator, name, None)
        if items is None:
            continue
        kept = _dedupe(items, taken, "Artikel")
        order = {id(i): n for n, i in enumerate(items)}
        items[:] = sorted(kept, key=lambda i: order[id(i)])
    generator.context.setdefault("_bkd_taken_urls", {}).update(taken)


def _reserved(settings, context) -> dict[str, str]:
    """Output files of the site's own listings, which a page must not take."""
    reserved = {}
    for template in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if save_as:
            reserved[os.path.normpath(save_as)] = template
    for key in ("categories", "tags", "authors"):
        for entry in context.get(key) or []:
            taxonomy = entry[0] if isinstance(entry, tuple) else entry
            save_as = getattr(taxonomy, "save_as", "")
            if save_as:
                reserved[os.path.normpath(save_as)] = str(taxonomy)
    for article in context.get("articles") or []:
        for fmt in ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS"):
            pattern = settings.get(fmt)
            if pattern:
                reserved[os.path.normpath(pattern.format(date=article.date))] = "arsip"
    return reserved


def refuse_duplicate_page_urls(generator) -> None:
    taken: dict[str, object] = dict(generator.context.get("_bkd_taken_urls", {}))
    for save_as, name in _reserved(generator.settings, generator.context).items():
        taken.setdefault(save_as, name)
    for name in ("pages", "translations", "hidden_pages", "hidden_translations"):
        items = getattr(generator, name, None)
        if items is None:
            continue
        kept = _dedupe(items, taken, "Halaman")
        order = {id(i): n for n, i in enumerate(items)}
        items[:] = sorted(kept, key=lambda i: order[id(i)])
    generator._update_context(("pages", "hidden_pages"))


__all__ = [
    "CONTENT_SUFFIX",
    "check_links",
    "filter_static_files",
    "refuse_duplicate_article_urls",
    "refuse_duplicate_page_urls",
    "screen_sources",
]
