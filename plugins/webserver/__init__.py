"""What the agency's own web server needs from the build (deploy/, docs/operations.md).

- Fingerprinted theme assets: every CSS and JS file of theme/static is
  published as `name.<hash>.ext` (10 hex digits of the SHA-256 of the source),
  so nginx can let browsers keep them for a year (`immutable`); a changed file
  gets a new name. Templates name them through one helper, `asset("css/site.css")`.
- 410 Gone for withdrawn articles: deploy/withdrawn.txt lists the addresses
  of articles that were published and later removed from content/; the build
  writes them as nginx `location` blocks to build/nginx/gone.conf beside the
  output folder (never inside it: it is for nginx, not for readers), which
  deploy/release.sh ships with the release and deploy/nginx includes.

Settings prefix: DEPLOY_.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from plugins.plugin_settings import merge

logger = logging.getLogger(__name__)

DEFAULTS = {
    "DEPLOY_FINGERPRINT": (".css", ".js"),
    "DEPLOY_WITHDRAWN_FILE": str(Path(__file__).resolve().parents[2] / "deploy" / "withdrawn.txt"),
    # Relative to the output folder's parent, like the syndication manifest.
    "DEPLOY_GONE_INCLUDE": "build/nginx/gone.conf",
}
HASH_LENGTH = 10
# Site paths as the theme writes them: lower-case slugs and slashes only, so a
# line can never inject nginx syntax.
SAFE_PATH = re.compile(r"^/[a-z0-9][a-z0-9/._-]*$")


def fingerprinted_name(relative: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = relative.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else relative


def theme_assets(settings) -> dict[str, str]:
    """{"css/site.css": "css/site.0123456789.css", ...} for the theme's static files."""
    static = Path(settings["THEME"]) / "static"
    suffixes = tuple(settings["DEPLOY_FINGERPRINT"])
    names = {}
    for path in sorted(static.rglob("*")):
        if path.is_file() and path.suffix in suffixes:
            relative = path.relative_to(static).as_posix()
            names[relative] = fingerprinted_name(relative, path.read_bytes())
    return names


def read_withdrawn(path: Path) -> list[tuple[int, str]]:
    if not path.exists():
        return []
    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if line:
            entries.append((number, line))
    return entries


def gone_locations(site_path: str) -> list[str]:
    """Exact-match locations for an article address with and without index.html."""
    base = site_path if site_path.endswith("/") else site_path + "/"
    return [base, base + "index.html", base.rstrip("/")]


class GoneGenerator(Generator):
    def generate_output(self, writer):
        settings = self.settings
        source = Path(settings["DEPLOY_WITHDRAWN_FILE"])
        published = {"/" + a.url for a in self.context.get("articles", [])}
        published |= {"/" + p.url for p in self.context.get("pages", [])}
        lines = [
            "# Dibuat oleh build dari deploy/withdrawn.txt; jangan diubah di sini.",
            "# Artikel yang ditarik: 410 Gone, bukan 404.",
        ]
        count = 0
        for number, path in read_withdrawn(source):
            where = f"{source.name}, baris {number}"
            if not SAFE_PATH.match(path):
                logger.error(
                    "%s: '%s' bukan alamat halaman situs. Tulis alamat artikel seperti "
                    "/2026/03/judul-artikel/ (huruf kecil, angka, '-' dan '/').",
                    where,
                    path,
                )
                continue
            if path.rstrip("/") + "/" in published:
                logger.error(
                    "%s: %s masih diterbitkan, jadi tidak bisa ditandai ditarik. Hapus "
                    "artikelnya dari content/ atau hapus baris ini.",
                    where,
                    path,
                )
                continue
            for location in gone_locations(path):
                lines.append(f"location = {location} {{ return 410; }}")
            count += 1
        target = Path(self.output_path).resolve().parent / settings["DEPLOY_GONE_INCLUDE"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        logger.info("deploy: %d artikel ditarik (410) di %s", count, target.name)


class WebserverPlugin:
    """Per-build state: the fingerprinted names of this build's theme assets,
    worked out when the build starts (`get_generators`), used by the
    templates' `asset()` and by the renaming at `finalized`, then dropped."""

    def __init__(self) -> None:
        self.assets: dict[str, str] = {}

    def configure(self, pelican) -> None:
        settings = pelican.settings
        merge(settings, "DEPLOY_", DEFAULTS)
        settings.setdefault("JINJA_GLOBALS", {})["asset"] = self.asset

    @pass_context
    def asset(self, context, relative: str) -> str:
        """The published address of theme/static/<relative>, fingerprinted name included."""
        if relative not in self.assets:
            raise ValueError(f"asset(): theme/static/{relative} is not a fingerprinted file")
        return f"{context['SITEURL']}/{context['THEME_STATIC_DIR']}/{self.assets[relative]}"

    def generators(self, pelican) -> type[Generator]:
        # Every build starts here, `initialized` only the first one of a
        # process: `pelican --autoreload` (make serve) runs each rebuild on the
        # same Pelican object, so the names are worked out again per build
        # (rename_assets drops them, and an edited stylesheet needs a new name).
        self.assets = theme_assets(pelican.settings)
        return GoneGenerator

    def rename_assets(self, pelican) -> None:
        """Give the copied theme files their fingerprinted names (before plugins.compress)."""
        root = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
        for plain, hashed in self.assets.items():
            source = root / plain
            if source.exists():
                source.replace(root / hashed)
        self.assets = {}


# blinker holds bound methods weakly: the instance lives here for the process.
PLUGIN: WebserverPlugin | None = None


def register():
    global PLUGIN
    if PLUGIN is None:
        PLUGIN = WebserverPlugin()
    signals.initialized.connect(PLUGIN.configure)
    signals.get_generators.connect(PLUGIN.generators)
    signals.finalized.connect(PLUGIN.rename_assets)
