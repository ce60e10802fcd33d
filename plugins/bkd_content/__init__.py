"""Content model of the portal: front-matter checks, tag normalisation, article ids.

Settings prefix: BKD_CONTENT_ (see DEFAULTS).
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

from jinja2 import pass_context
from markdown import Markdown
from pelican import signals
from pelican.contents import Article
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime, set_date_tzinfo

from plugins import report, sanitize
from plugins.plugin_settings import merge

from . import attachments, changes, confinement, fatal, sources
from .frontmatter import (
    DATE_HM,
    parse_front_matter,
    parse_syndicate,
    problem,
    split_list,
    validate_front_matter,
)
from .taxonomy import DEFAULT_TAXONOMY_PATH, Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Path of taxonomy.toml (categories, tags, synonyms).
    "BKD_CONTENT_TAXONOMY": str(DEFAULT_TAXONOMY_PATH),
    # The home page highlights at most LIMIT announcements of the last DAYS days.
    "BKD_CONTENT_ANNOUNCEMENT_DAYS": 90,
    "BKD_CONTENT_ANNOUNCEMENT_LIMIT": 3,
}
TYPES = {"BKD_CONTENT_TAXONOMY": (str, os.PathLike)}


class ContentError(Exception):
    """An article that cannot be published as written; the details are logged."""


def taxonomy_for(settings) -> Taxonomy:
    return load_taxonomy(settings.get("BKD_CONTENT_TAXONOMY", DEFAULT_TAXONOMY_PATH))


def relative_source(source_path: str) -> str:
    # On strings: called for every file read, where Path.resolve() and
    # relative_to() cost more than the realpath() system calls themselves.
    resolved = os.path.realpath(source_path)
    cwd = os.path.realpath(os.getcwd())
    if resolved == cwd:
        return "."
    prefix = cwd if cwd.endswith("/") else cwd + "/"
    if not resolved.startswith(prefix):
        return sources.printable(source_path)
    return sources.printable(resolved[len(prefix) :])


# Both run for every file read: os.path.realpath() gives what Path.resolve()
# does (which adds a stat() and pathlib's parsing on top).
def is_page_path(source_path: str, settings) -> bool:
    root = os.path.realpath(settings.get("PATH", "."))
    resolved = os.path.realpath(source_path)
    prefix = root if root.endswith("/") else root + "/"
    if resolved == root:
        parts: tuple[str, ...] = ()
    elif resolved.startswith(prefix):
        parts = tuple(resolved[len(prefix) :].split("/"))
    else:
        return False
    return any(parts[: len(Path(p).parts)] == Path(p).parts for p in settings["PAGE_PATHS"])


def content_root(settings) -> Path:
    return Path(os.path.realpath(settings.get("PATH", ".")))


def confinement_message(where: str | None) -> str:
    return confinement.REASONS.get(where or "", "berkas ditolak.")


def format_problems(path: str, problems: list[report.Finding]) -> str:
    return report.format_block(path, [replace(p, file=path) for p in problems])


def _split_body(fm, text: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    cut = max(fm.body_start - 1, 0)
    return "".join(lines[:cut]), "".join(lines[cut:])


def heavy_markup(fm, text: str) -> list[report.Finding]:
    """A warning when the body holds so much raw HTML that rendering it would
    stall the build (plugins/sanitize says why)."""
    # The whole file bounds its body: most articles stop here, unsplit.
    if not sanitize.raw_html_tags(text):
        return []
    tags = sanitize.raw_html_tags(_split_body(fm, text)[1])
    if not tags:
        return []
    return [
        problem(
            fm.body_start,
            "warning",
            "markup.too-much-html",
            sanitize.TOO_MUCH_HTML.format(tags=tags),
            sanitize.TOO_MUCH_HTML_HINT,
        )
    ]


def defused_text(fm, text: str) -> str:
    head, body = _split_body(fm, text)
    return head + sanitize.defuse_raw_html(body)


class CheckedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, preceded by our front-matter check and
    followed by the confinement of every file the article links to.

    Problems that refuse the article raise ContentError, so the article is
    neither published nor cached: the next build reports it again."""

    file_extensions: ClassVar[list[str]] = [sources.CONTENT_SUFFIX.lstrip(".")]

    def read(self, source_path):
        shown = relative_source(source_path)
        root = content_root(self.settings)
        refused = sources.refusal(Path(source_path), root)
        _, where = sources.confine(source_path, [root])
        if refused is not None or where is not None:
            # Already reported with its fix by confinement.screen_sources.
            message = refused.message if refused else confinement_message(where)
            raise ContentError(f"{shown}: {message}")
        try:
            text = sources.read_source_text(Path(source_path).read_bytes())
        except UnicodeDecodeError as exc:
            logger.error(
                "%s: %s: berkas tidak tersimpan sebagai teks UTF-8 (byte ke-%d).\n"
                "      %s: buka di editor teks lalu simpan ulang dengan pengodean UTF-8.",
                shown,
                report.LABEL[report.ERROR],
                exc.start + 1,
                report.FIX,
            )
            raise ContentError(f"{shown}: bukan UTF-8") from None
        fm = parse_front_matter(text)
        # Once per file: it resolves the source and content paths.
        is_page = is_page_path(source_path, self.settings)
        problems = validate_front_matter(fm, taxonomy_for(self.settings), is_page=is_page)
        # Control characters are reported (above) and removed before Markdown:
        # XML feeds cannot carry them, and they are never meant.
        text = sources.strip_control_characters(text)
        heavy = heavy_markup(fm, text)
        if heavy:
            problems += heavy
            text = defused_text(fm, text)
        self._source_path = source_path
        self._md = self._markdown()
        content = self._md.convert(text)
        problems += confinement.check_links(content, text, Path(source_path), root)
        if not is_page:
            problems += attachments.check(fm, Path(source_path), root)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            logger.error(
                "Artikel tidak diterbitkan karena ada kesalahan:\n%s",
                format_problems(shown, problems),
            )
            raise ContentError(f"{shown}: {len(errors)} kesalahan pada keterangan artikel")
        # Pelican reads the metadata only once ours is known to be sound (its
        # own date parser would raise first, with an English message).
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        # The summary is Markdown too, and Pelican resolves its links the same way.
        summary = str(metadata.get("summary") or "")
        problems += confinement.check_links(summary, text, Path(source_path), root)
        if any(p.severity == "error" for p in problems):
            logger.error(
                "Artikel tidak diterbitkan karena ada kesalahan:\n%s",
                format_problems(shown, problems),
            )
            raise ContentError(f"{shown}: tautan di ringkasan menunjuk ke luar content/")
        if problems:
            logger.warning("Periksa artikel ini:\n%s", format_problems(shown, problems))
        if not is_page:
            correction_metadata(fm, metadata, self.settings.get("TIMEZONE"))
        return content, metadata

    def _markdown(self) -> Markdown:
        """One Markdown per reader, reset between files: Python-Markdown's
        documented way to convert many documents (Pelican resets its own
        instance the same way for formatted metadata fields). Building a new
        one for each file loaded every extension again, a third of the time
        of converting an article.

        Pelican's _parse_metadata() deregisters the "meta" preprocessor from
        the instance; it is registered again, with its own priority, before
        the next file. Where that priority is shared (the order among equals
        would change), every file gets a new instance, as Pelican does."""
        md = getattr(self, "_reused_md", None)
        if md is None:
            md = Markdown(**self.settings["MARKDOWN"])
            priorities = md.preprocessors._priority  # [(name, priority)], no public getter
            meta = [p.priority for p in priorities if p.name == "meta"]
            if len(meta) == 1 and [p.priority for p in priorities].count(meta[0]) == 1:
                self._reused_md = md
                self._meta_preprocessor = (md.preprocessors["meta"], meta[0])
            return md
        if "meta" not in md.preprocessors:
            item, priority = self._meta_preprocessor
            md.preprocessors.register(item, "meta", priority)
        md.reset()
        return md

    def process_metadata(self, name, value):
        if name in ("date", "modified") and isinstance(value, str) and DATE_HM.fullmatch(value):
            # The form every Date: line has: strptime gives the very datetime
            # Pelican's get_date() builds with dateutil (its default's
            # seconds are 0), at a tenth of the cost. Anything else, and an
            # impossible date, goes to Pelican as before.
            try:
                return SafeDatetime.strptime(value, "%Y-%m-%d %H:%M")
            except ValueError:
                pass
        if name == "tags" and isinstance(value, str):
            taxonomy = taxonomy_for(self.settings)
            # dict.fromkeys keeps order while dropping repeats such as "PNS, pns".
            value = ", ".join(dict.fromkeys(taxonomy.normalise_tag(t) for t in split_list(value)))
        return super().process_metadata(name, value)


def correction_metadata(fm, metadata: dict, timezone: str | None = None) -> None:
    """Change history and withdrawal as article attributes (``change_history``,
    ``change_note``, ``withdrawn``, ``withdrawn_note``).

    A withdrawn article becomes Pelican's ``hidden`` status: it is still
    written at its URL, but Pelican leaves it out of every listing, category,
    tag, author and archive page, and our feeds and sitemap read those same
    lists. Its notice is in theme/templates/article.html."""
    entries, _problems = changes.parse_change_notes(fm)
    metadata["change_history"] = [
        {"id": e.change_id, "date": set_date_tzinfo(e.date, timezone), "note": e.note}
        for e in entries
    ]
    metadata["change_note"] = entries[-1].note if entries else ""
    if changes.is_withdrawn(fm.fields.get("status")):
        metadata["status"] = "hidden"
        metadata["withdrawn"] = True
        metadata["withdrawn_note"] = " ".join(fm.fields.get("withdrawnnote", "").split())
    else:
        metadata["withdrawn"] = False


def use_checked_reader(readers):
    # Only `.md` is content (plugins/bkd_content/sources.py); Pelican's other
    # Markdown suffixes and its HTML reader are switched off in READERS.
    for ext in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[ext] = CheckedMarkdownReader


def article_id(article) -> str:
    """Stable id for the ledger and feed GUIDs: date plus slug (the slug comes
    from the file name, so editing the title or moving the domain keeps it)."""
    # datetime's own strftime: Pelican's SafeDatetime routes f"{date:%Y%m%d}"
    # through its zero-stripping wrapper (regular expressions per call), which
    # gives the same text for these directives.
    return f"{datetime.strftime(article.date, '%Y%m%d')}-{article.slug}"


def annotate_content(content):
    if not isinstance(content, Article):
        return
    content.article_id = article_id(content)
    content.syndicate_platforms = parse_syndicate(content.metadata.get("syndicate"))
    attachments.annotate(content)


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
def home_lead(context, articles):
    """The item the home page leads with, photo first: the newest current
    announcement (an announcement is what every reader must see), else the
    newest article. None on an empty site."""
    current = current_announcements(context, articles)
    if current:
        return current[0]
    return articles[0] if articles else None


@pass_context
def category_info(context, name):
    """The taxonomy entry (with description) of a category, for its page."""
    return taxonomy_for(context).category(name)


def code_version() -> str:
    """Digest of the plugins' source code. Pelican's content cache only
    watches the content files, so an article cached by older code would skip
    checks added since (a CI cache restored after a deploy of new checks)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parents[1].rglob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def version_content_cache(pelican):
    """Forget Pelican's cached articles and pages when the plugins changed."""
    cache = pelican.settings.get("CACHE_PATH")
    if not cache:
        return
    stamp = Path(cache) / "bkd-code-version"
    version = code_version()
    if not os.path.isdir(cache):
        # A new cache holds nothing older code wrote. Stamp it now: left
        # unstamped, the next build took it for an old one and threw away
        # everything this build caches (the first rebuild read every article
        # again).
        os.makedirs(cache, exist_ok=True)
        stamp.write_text(version, encoding="utf-8")
        return
    try:
        if stamp.read_text(encoding="utf-8") == version:
            return
    except OSError:
        pass
    for name in os.listdir(cache):
        # Pelican names its cache files after the generator classes.
        if name.startswith(("ArticlesGenerator", "PagesGenerator", "StaticGenerator")):
            os.remove(os.path.join(cache, name))
    stamp.write_text(version, encoding="utf-8")


def configure(pelican) -> None:
    merge(pelican.settings, "BKD_CONTENT_", DEFAULTS, types=TYPES)
    sources.forget_real_roots()


def add_template_helpers(pelican):
    # Module-level functions only: Pelican pickles settings in its content cache.
    pelican.settings.setdefault("JINJA_GLOBALS", {}).update(
        category_info=category_info,
        current_announcements=current_announcements,
        home_lead=home_lead,
    )


def register():
    signals.initialized.connect(fatal.DEFERRAL.defer_fatal)
    signals.initialized.connect(configure)
    signals.finalized.connect(fatal.DEFERRAL.fail_if_counted)
    signals.initialized.connect(version_content_cache)
    signals.initialized.connect(add_template_helpers)
    signals.readers_init.connect(use_checked_reader)
    signals.static_generator_finalized.connect(confinement.filter_static_files)
    signals.article_generator_pretaxonomy.connect(confinement.refuse_duplicate_article_urls)
    signals.article_generator_init.connect(confinement.screen_sources)
    signals.page_generator_finalized.connect(confinement.refuse_duplicate_page_urls)
    signals.content_object_init.connect(annotate_content)
    signals.article_generator_finalized.connect(attachments.copy_attachments)
