"""robots.txt written from SITEURL, so only production is indexed.

A preview (GitHub Pages, a staging server, a pull-request build) or a
development build published by mistake must not compete with the real site in
search results, and must not advertise the production sitemap. The build is
"production" when its absolute base URL equals ROBOTS_PRODUCTION_SITEURL;
everything else disallows all crawling, and its pages carry
`<meta name="robots" content="noindex, nofollow">` (the template global
`robots_noindex`). Settings prefix: ROBOTS_.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins.plugin_settings import merge
from plugins.seo import absolute_base

logger = logging.getLogger(__name__)

DEFAULTS = {"ROBOTS_PRODUCTION_SITEURL": "https://bkd.nttprov.go.id"}


def is_production(settings) -> bool:
    production = settings["ROBOTS_PRODUCTION_SITEURL"].rstrip("/")
    return bool(production) and absolute_base(settings) == production


def robots_text(settings) -> str:
    base = absolute_base(settings)
    if is_production(settings):
        return (
            "# Situs resmi BKD Provinsi NTT: semua halaman boleh diindeks.\n"
            "User-agent: *\n"
            "Allow: /\n"
            "\n"
            f"Sitemap: {base}/sitemap.xml\n"
        )
    return (
        f"# Salinan pratinjau atau pengembangan ({base or 'lokal'}), bukan situs resmi\n"
        f"# {settings['ROBOTS_PRODUCTION_SITEURL']}: jangan diindeks.\n"
        "User-agent: *\n"
        "Disallow: /\n"
    )


class RobotsGenerator(Generator):
    def generate_output(self, writer):
        target = Path(self.output_path) / "robots.txt"
        target.write_text(robots_text(self.settings), encoding="utf-8")
        state = "produksi" if is_production(self.settings) else "pratinjau (Disallow: /)"
        logger.info("robots: robots.txt untuk %s", state)


class RobotsPlugin:
    """The plugin's handlers. It keeps no state between signals: robots.txt
    is a function of the settings alone."""

    def configure(self, pelican) -> None:
        settings = pelican.settings
        merge(settings, "ROBOTS_", DEFAULTS)
        # robots.txt only asks; pages of a copy that is not the public site
        # also say so themselves (base.html), for crawlers that reach them
        # through a link rather than through the site's root.
        settings.setdefault("JINJA_GLOBALS", {})["robots_noindex"] = not is_production(settings)

    def generators(self, pelican) -> type[Generator]:
        return RobotsGenerator


# blinker holds bound methods weakly: the instance lives here for the process.
PLUGIN: RobotsPlugin | None = None


def register():
    global PLUGIN
    if PLUGIN is None:
        PLUGIN = RobotsPlugin()
    signals.initialized.connect(PLUGIN.configure)
    signals.get_generators.connect(PLUGIN.generators)
