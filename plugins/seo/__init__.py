"""Search-engine and link-preview support: sitemap.xml and JSON-LD.

Canonical, Open Graph and Twitter Card tags live in the theme
(partials/meta.html); they need absolute URLs, which this plugin provides as
SITE_ABSOLUTE_URL. Settings prefix: SEO_ (SEO_DEV_SITEURL: the address used
for absolute URLs when SITEURL is empty, as in `make serve`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from xml.sax.saxutils import escape

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from plugins.plugin_settings import merge
from plugins.sanitize import summary_text

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SEO_DEV_SITEURL": "",
    # False for a build that is not the public site (the pull-request preview,
    # `make review-build`): a sitemap there would only advertise pages that
    # must not be indexed.
    "SEO_SITEMAP": True,
}


def absolute_base(settings) -> str:
    return (settings.get("SITEURL") or settings.get("SEO_DEV_SITEURL", "")).rstrip("/")


def organisation(settings) -> dict:
    base = absolute_base(settings)
    org = settings.get("ORG", {})
    return {
        "@type": "GovernmentOrganization",
        "name": org.get("name", settings["SITENAME"]),
        "alternateName": org.get("short_name", settings["SITENAME"]),
        "url": base + "/",
        "email": org.get("email"),
        "telephone": org.get("phone"),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": org.get("address"),
            "addressRegion": "Nusa Tenggara Timur",
            "addressCountry": "ID",
        },
        "sameAs": [link for _, link in settings.get("SOCIAL", ())],
    }


@pass_context
def jsonld(context, article, page_url, image_url):
    """JSON-LD for a page: NewsArticle for an article, else the organisation.
    Module-level (not a closure) because Pelican pickles settings in its cache."""
    publisher = organisation(context)
    if article is None:
        return {"@context": "https://schema.org", **publisher}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": page_url,
        "mainEntityOfPage": page_url,
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "image": [image_url],
        "inLanguage": "id-ID",
        "articleSection": str(article.category),
        "keywords": [str(t) for t in getattr(article, "tags", [])],
        "author": {"@type": "Organization", "name": str(article.author)},
        "publisher": publisher,
    }
    # Text, never HTML: |tojson then escapes <, > and & for the <script> block.
    if getattr(article, "metadata", {}).get("summary"):
        data["description"] = summary_text(article)
    return data


def configure(pelican):
    settings = pelican.settings
    merge(settings, "SEO_", DEFAULTS)
    settings["SITE_ABSOLUTE_URL"] = absolute_base(settings)
    settings.setdefault("JINJA_GLOBALS", {})["jsonld"] = jsonld


class SitemapGenerator(Generator):
    """Writes sitemap.xml with every article, page and listing the site publishes."""

    def generate_output(self, writer):
        if not self.settings["SEO_SITEMAP"]:
            return
        base = absolute_base(self.settings)
        entries = []
        for article in self.context.get("articles", []):
            lastmod = getattr(article, "modified", None) or article.date
            entries.append((article.url, lastmod))
        for page in self.context.get("pages", []):
            entries.append((page.url, getattr(page, "modified", None)))
        entries.append(("", None))
        for category, _ in self.context.get("categories", []):
            entries.append((category.url, None))
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for url, lastmod in entries:
            lines.append(f"<url><loc>{escape(base + '/' + url)}</loc>")
            if lastmod:
                lines.append(f"<lastmod>{lastmod.isoformat()}</lastmod>")
            lines.append("</url>")
        lines.append("</urlset>")
        target = Path(self.output_path) / "sitemap.xml"
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        logger.info("seo: sitemap.xml dengan %d alamat", len(entries))


def get_generators(pelican):
    return SitemapGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
