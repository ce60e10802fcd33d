"""RSS 2.0 and Atom feeds with feedgen: all articles and one pair per category.

Why not Pelican's built-in feeds: we need GUIDs that survive a domain move and
an edited title, and the lead image as an enclosure. GUIDs are tag URIs
(RFC 4151) built from the article id, e.g.
"tag:bkd.nttprov.go.id,2026:20261120-jadwal-kenaikan-pangkat", so they do not
depend on SITEURL. Settings prefix: FEEDS_.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from feedgen.feed import FeedGenerator
from pelican import signals
from pelican.generators import Generator

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


def article_guid(article, settings) -> str:
    return f"tag:{settings['FEEDS_GUID_AUTHORITY']}:{article.article_id}"


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
        feed.link(href=f"{base}/{page_url}", rel="alternate")
        feed.link(href=f"{base}/{atom_path}", rel="self")
        feed.author({"name": settings.get("SITE_LONGNAME", settings["SITENAME"])})
        newest = sorted(articles, key=lambda a: a.date, reverse=True)[: settings["FEEDS_MAX_ITEMS"]]
        if newest:
            feed.updated(max(getattr(a, "modified", None) or a.date for a in newest))
        # Newest first, stated explicitly: feedgen's default order once changed.
        for article in newest:
            entry = feed.add_entry(order="append")
            guid = article_guid(article, settings)
            entry.id(guid)
            entry.guid(guid, permalink=False)
            entry.title(xml_text(article.title))
            entry.link(href=f"{base}/{article.url}")
            entry.published(article.date)
            entry.updated(getattr(article, "modified", None) or article.date)
            entry.author({"name": xml_text(article.author)})
            entry.category(term=xml_text(article.category.name))
            # Text and sanitized HTML; feedgen escapes them for XML once.
            if article.metadata.get("summary"):
                entry.summary(xml_text(summary_text(article)))
            # "]]>" would end the CDATA section early (lxml refuses it); in
            # sanitized HTML it can only sit in an attribute, where &gt; reads the same.
            entry.content(xml_text(article.content).replace("]]>", "]]&gt;"), type="CDATA")
            # (url, length, type) of the lead image's web derivative, set by
            # plugins.media; originals are never published, so never enclosed.
            enclosure = getattr(article, "feed_enclosure", None)
            if enclosure:
                entry.enclosure(*enclosure)
        for path, write in ((atom_path, feed.atom_file), (rss_path, feed.rss_file)):
            target = output / path
            target.parent.mkdir(parents=True, exist_ok=True)
            write(str(target), pretty=False)


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
