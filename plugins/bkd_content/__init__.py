"""Content model of the portal: front-matter checks, tag normalisation, article ids.

Settings prefix: BKD_CONTENT_ (BKD_CONTENT_TAXONOMY: path of taxonomy.toml).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jinja2 import pass_context
from pelican import signals
from pelican.contents import Article
from pelican.readers import MarkdownReader

from .frontmatter import (
    Problem,
    parse_front_matter,
    parse_syndicate,
    split_list,
    validate_front_matter,
)
from .taxonomy import DEFAULT_TAXONOMY_PATH, Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)


class ContentError(Exception):
    """An article that cannot be published as written; the details are logged."""


def taxonomy_for(settings) -> Taxonomy:
    return load_taxonomy(settings.get("BKD_CONTENT_TAXONOMY", DEFAULT_TAXONOMY_PATH))


def relative_source(source_path: str, settings) -> str:
    try:
        return str(Path(source_path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(source_path)


def is_page_path(source_path: str, settings) -> bool:
    content_root = Path(settings.get("PATH", ".")).resolve()
    try:
        rel = Path(source_path).resolve().relative_to(content_root)
    except ValueError:
        return False
    return any(rel.parts[: len(Path(p).parts)] == Path(p).parts for p in settings["PAGE_PATHS"])


def format_problems(path: str, problems: list[Problem]) -> str:
    lines = [f"{path}:"]
    for p in sorted(problems, key=lambda p: p.line):
        label = "GALAT" if p.severity == "error" else "PERINGATAN"
        lines.append(f"  baris {p.line}: {label}: {p.message}")
        if p.hint:
            lines.append(f"      Cara memperbaiki: {p.hint}")
    return "\n".join(lines)


class CheckedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, preceded by our front-matter check."""

    def read(self, source_path):
        shown = relative_source(source_path, self.settings)
        try:
            text = Path(source_path).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            logger.error(
                "%s: GALAT: berkas tidak tersimpan sebagai teks UTF-8 (byte ke-%d).\n"
                "      Cara memperbaiki: buka di editor teks lalu simpan ulang dengan "
                "pengodean UTF-8.",
                shown,
                exc.start + 1,
            )
            raise ContentError(f"{shown}: bukan UTF-8") from None
        fm = parse_front_matter(text)
        problems = validate_front_matter(
            fm, taxonomy_for(self.settings), is_page=is_page_path(source_path, self.settings)
        )
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            logger.error(
                "Artikel tidak diterbitkan karena ada kesalahan:\n%s",
                format_problems(shown, problems),
            )
            raise ContentError(f"{shown}: {len(errors)} kesalahan pada keterangan artikel")
        if problems:
            logger.warning("Periksa artikel ini:\n%s", format_problems(shown, problems))
        return super().read(source_path)

    def process_metadata(self, name, value):
        if name == "tags" and isinstance(value, str):
            taxonomy = taxonomy_for(self.settings)
            # dict.fromkeys keeps order while dropping repeats such as "PNS, pns".
            value = ", ".join(dict.fromkeys(taxonomy.normalise_tag(t) for t in split_list(value)))
        return super().process_metadata(name, value)


def use_checked_reader(readers):
    for ext in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[ext] = CheckedMarkdownReader


def article_id(article) -> str:
    """Stable id for the ledger and feed GUIDs: date plus slug (the slug comes
    from the file name, so editing the title or moving the domain keeps it)."""
    return f"{article.date:%Y%m%d}-{article.slug}"


def annotate_content(content):
    if not isinstance(content, Article):
        return
    content.article_id = article_id(content)
    content.syndicate_platforms = parse_syndicate(content.metadata.get("syndicate"))


@pass_context
def current_announcements(context, articles):
    """Announcements still current (published within BKD_CONTENT_ANNOUNCEMENT_DAYS),
    newest first, highlighted on the home page. An old notice about last
    Ramadan's opening hours is no longer news; it stays in its category."""
    days = context.get("BKD_CONTENT_ANNOUNCEMENT_DAYS", 90)
    limit = context.get("BKD_CONTENT_ANNOUNCEMENT_LIMIT", 3)
    since = datetime.now(UTC) - timedelta(days=days)
    current = [a for a in articles if a.category.name == "Pengumuman" and a.date >= since]
    return current[:limit]


@pass_context
def category_info(context, name):
    """The taxonomy entry (with description) of a category, for its page."""
    return taxonomy_for(context).category(name)


def add_template_helpers(pelican):
    # Module-level functions only: Pelican pickles settings in its content cache.
    pelican.settings.setdefault("JINJA_GLOBALS", {}).update(
        category_info=category_info,
        current_announcements=current_announcements,
    )


def register():
    signals.initialized.connect(add_template_helpers)
    signals.readers_init.connect(use_checked_reader)
    signals.content_object_init.connect(annotate_content)
