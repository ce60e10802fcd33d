"""RSS 2.0 and Atom feeds with feedgen: all articles and one pair per category.

Why not Pelican's built-in feeds: we need GUIDs that survive a domain move and
an edited title, and the lead image as an enclosure. GUIDs are tag URIs
(RFC 4151) built from the article id, e.g.
"tag:bkd.nttprov.go.id,2026:20261120-jadwal-kenaikan-pangkat", so they do not
depend on SITEURL. Settings prefix: FEEDS_.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from pelican import signals
from pelican.generators import Generator

from plugins.indonesian_dates import tanggal
from plugins.plugin_settings import merge
from plugins.sanitize import summary_text
from plugins.seo import absolute_base

logger = logging.getLogger(__name__)

DEFAULTS = {
    "FEEDS_ALL_ATOM": "feeds/semua.atom.xml",
    "FEEDS_ALL_RSS": "feeds/semua.rss.xml",
    "FEEDS_CATEGORY_ATOM": "feeds/{slug}.atom.xml",
    "FEEDS_CATEGORY_RSS": "feeds/{slug}.rss.xml",
    "FEEDS_MAX_ITEMS": 20,
    # The authority of the tag URIs: a domain the agency held on a date.
    # Never change it, or every reader sees every item again.
    "FEEDS_GUID_AUTHORITY": "bkd.nttprov.go.id,2026",
}


def configure(pelican):
    merge(pelican.settings, "FEEDS_", DEFAULTS)


# Characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, U+FFFE/U+FFFF,
# lone surrogates): lxml refuses them and one pasted vertical tab would stop
# every feed. The content checks warn the author; the feed just leaves them out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value) -> str:
    return _NOT_XML.sub("", str(value))


def change_line(article) -> str:
    """ "Diperbarui <tanggal>: <catatan>" for a corrected article, else ""."""
    note = getattr(article, "change_note", "")
    modified = getattr(article, "modified", None)
    return f"Diperbarui {tanggal(modified)}: {note}" if note and modified else ""


def article_guid(article, settings) -> str:
    return f"tag:{settings['FEEDS_GUID_AUTHORITY']}:{article.article_id}"


class LinkedFeedEntry(FeedEntry):
    """A feedgen entry whose Atom <link> elements carry rel, type and length.

    feedgen 1.0.0's FeedEntry.atom_entry writes each link with
    ``link = xml_elem('link', entry, href=link['href'])`` and then reads
    ``link.get('rel')`` from the new, empty element, not from the dict: every
    attribute but href is lost. An entry's enclosure then becomes a second
    rel="alternate" link (the default in RFC 4287 section 4.2.7.2), and readers
    open the photo instead of the article. This subclass rewrites the entry's
    links from the stored dicts; remove it once feedgen ships the fix
    (docs/operations.md, "Feeds").
    """

    def atom_entry(self, extensions=True):
        entry = super().atom_entry(extensions=extensions)
        broken = [child for child in entry if child.tag == "link"]
        if not broken:
            return entry
        position = list(entry).index(broken[0])
        for child in broken:
            entry.remove(child)
        for offset, link in enumerate(self.link() or []):
            element = entry.makeelement("link", {"href": link["href"]})
            for key in ("rel", "type", "hreflang", "title", "length"):
                if link.get(key):
                    element.set(key, str(link[key]))
            entry.insert(position + offset, element)
        return entry


class FeedsGenerator(Generator):
    def generate_output(self, writer):
        settings = self.settings
        articles = self.context.get("articles", [])
        output = Path(self.output_path)
        self.write_pair(
            articles,
            settings["FEEDS_ALL_ATOM"],
            settings["FEEDS_ALL_RSS"],
            title=settings["SITENAME"],
            page_url="",
        )
        for category, items in self.context.get("categories", []):
            self.write_pair(
                items,
                settings["FEEDS_CATEGORY_ATOM"].format(slug=category.slug),
                settings["FEEDS_CATEGORY_RSS"].format(slug=category.slug),
                title=f"{settings['SITENAME']}: {category.name}",
                page_url=category.url,
            )
        logger.info("feeds: umpan RSS dan Atom ditulis ke %s", output / "feeds")

    def write_pair(self, articles, atom_path, rss_path, *, title, page_url):
        settings = self.settings
        base = absolute_base(settings)
        output = Path(self.output_path)
        feed = FeedGenerator()
        feed.id(f"tag:{settings['FEEDS_GUID_AUTHORITY']}:feed:{atom_path}")
        feed.title(title)
        feed.subtitle(settings.get("SITE_DESCRIPTION", title))
        feed.language("id")
        feed.author({"name": settings.get("SITE_LONGNAME", settings["SITENAME"])})
        newest = sorted(articles, key=lambda a: a.date, reverse=True)[: settings["FEEDS_MAX_ITEMS"]]
        if newest:
            feed.updated(max(getattr(a, "modified", None) or a.date for a in newest))
        # Newest first, stated explicitly: feedgen's default order once changed.
        for article in newest:
            entry = feed.add_entry(LinkedFeedEntry(), order="append")
            guid = article_guid(article, settings)
            entry.id(guid)
            entry.guid(guid, permalink=False)
            entry.title(xml_text(article.title))
            entry.link(href=f"{base}/{article.url}", rel="alternate", type="text/html")
            entry.published(article.date)
            entry.updated(getattr(article, "modified", None) or article.date)
            entry.author({"name": xml_text(article.author)})
            entry.category(term=xml_text(article.category.name))
            # A correction reaches feed readers too: the entry's updated date
            # moves (above) and its text opens with the note, as the page does.
            note = change_line(article)
            # Text and sanitized HTML; feedgen escapes them for XML once.
            if article.metadata.get("summary") or note:
                summary = summary_text(article) if article.metadata.get("summary") else ""
                entry.summary(xml_text(" ".join(filter(None, (note, summary)))))
            # type="html": the HTML escaped once as text, one of the three
            # values RFC 4287 section 4.1.3.1 allows ("CDATA" is not one). In
            # RSS it becomes the escaped text of <content:encoded>.
            content = article.content
            if note:
                content = f'<p class="updated">{html.escape(note)}</p>{content}'
            entry.content(xml_text(content), type="html")
            # (url, length, type) of the lead image's web derivative, set by
            # plugins.media; originals are never published, so never enclosed.
            enclosure = getattr(article, "feed_enclosure", None)
            if enclosure:
                entry.enclosure(*enclosure)
        for path, media_type, write in (
            (atom_path, "application/atom+xml", feed.atom_file),
            (rss_path, "application/rss+xml", feed.rss_file),
        ):
            # Each file names itself as rel="self". feedgen's RSS channel
            # <link> is the href of the LAST link set, so the web page, not a
            # feed, comes last.
            feed.link(
                [
                    {"href": f"{base}/{path}", "rel": "self", "type": media_type},
                    {"href": f"{base}/{page_url}", "rel": "alternate", "type": "text/html"},
                ],
                replace=True,
            )
            target = output / path
            target.parent.mkdir(parents=True, exist_ok=True)
            write(str(target), pretty=False)


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
