"""robots.txt written from SITEURL, so only production is indexed.

A preview (GitHub Pages, a staging server, a pull-request build) or a
development build published by mistake must not compete with the real site in
search results, and must not advertise the production sitemap. The build is
"production" when its absolute base URL equals ROBOTS_PRODUCTION_SITEURL;
everything else disallows all crawling. Settings prefix: ROBOTS_.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins.seo import absolute_base

logger = logging.getLogger(__name__)

DEFAULTS = {"ROBOTS_PRODUCTION_SITEURL": "https://bkd.nttprov.go.id"}


def configure(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


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


def get_generators(pelican):
    return RobotsGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
