"""Media pipeline: light responsive photos, privacy-safe images, social images
for every article, galleries and a privacy-friendly YouTube facade.

What it does in a build
-----------------------
- Every photo an article uses (``Image:``, each ``Gallery:`` line, every
  ``<img>`` in the Markdown body) becomes derivatives at MEDIA_WIDTHS
  (360/720/1080/1440, never enlarged) in AVIF and WebP with a JPEG fallback,
  shown with ``<picture>``, ``srcset``/``sizes``, ``width``/``height``; the lead
  photo is eager with ``fetchpriority="high"``, all others ``loading="lazy"``.
- Originals are not copied to the output (they carry EXIF: GPS, serial, owner).
  Set MEDIA_COPY_ORIGINALS = True to publish them anyway.
- Every image written has the camera orientation applied, colours converted
  to sRGB and no metadata at all (no EXIF, XMP, IPTC, comment or ICC profile).
- Work is cached by content hash in MEDIA_CACHE_PATH (default .cache/media):
  an unchanged photo is never processed again, even on a fresh clone when the
  folder is kept. Cache misses run in MEDIA_WORKERS processes (default 2);
  a photo's derivatives start encoding as soon as Pelican reads the article
  that uses it (MEDIA_PREFETCH, default True), on the cores Pelican's single
  thread leaves idle, so a cold build mostly finds them done.
- An author's problem (missing, corrupt, HEIC, CMYK, transparent, huge or tiny
  photo, bad focal point, bad video) is logged in Bahasa Indonesia with file,
  line and a fix. Unusable photos are errors, so ``make publish``
  (``pelican --fatal errors``) fails; ``make build`` carries on.
- Each build logs "media: N foto diproses, M dari cache; ..." and writes the
  counters to MEDIA_CACHE_PATH/last-build.json.

Attributes set on every published Article (the interface other parts use)
-------------------------------------------------------------------------
URLs named ``*_url`` are absolute (SITEURL, or SEO_DEV_SITEURL in development);
``*_path`` values are relative to the output folder.

- ``og_image_url``, ``og_image_width``, ``og_image_height``, ``og_image_alt``,
  ``og_image_path``: a 1200×630 JPEG cropped around ``ImageFocus`` from the lead
  photo, or the generated card (title, category, Indonesian date, BKD NTT)
  when the article has no usable photo. Never None for an article. Only the
  newest MEDIA_TITLE_CARDS (100) photo-less articles, those dated from
  MEDIA_SOCIAL_SINCE/SYNDICATE_SINCE on, and those with a video get a card of
  their own (``media/sosial/<article_id>-og.jpg``); an older archive shares its
  category's card (``media/sosial/kategori-<slug>-og.jpg``).
- ``instagram_image_url``, ``instagram_image_path``, ``instagram_image_width``,
  ``instagram_image_height``, ``instagram_image_alt``: a baseline sRGB JPEG,
  1080×1350 (portrait photos and cards) or 1080×1080 (landscape photos),
  well under 8 MB. None only when the article's ``Syndicate`` excludes
  Instagram, or it is dated before MEDIA_SOCIAL_SINCE (default: SYNDICATE_SINCE;
  unset: no bound), i.e. it will never be posted.
- ``gallery_items``: list of dicts, one per ``Gallery:`` photo that could be
  processed, in order: ``{"path", "alt", "credit", "url" (absolute, a ~1080 px
  JPEG derivative), "width", "height" (of that JPEG), "instagram_url",
  "instagram_path" (a 1080×1080 JPEG, the same ratio for a whole carousel)}``.
- ``video_id``: YouTube id from ``Video:`` (URL or id); or, for an article with
  only ``VideoFile:``, from MEDIA_UPLOADED_VIDEOS, a mapping
  ``{article_id: video_id}`` or a callable ``article_id -> video_id | None``
  that the syndication step fills from its ledger. ``video_url`` is the watch URL.
- ``video_file``: the ``VideoFile:`` value as written; ``video_file_path``: the
  file found (repository root, content/, or MEDIA_VIDEO_PATHS), else None.
- ``video_poster_url``, ``video_poster_path``: a local 1280×720 JPEG (the lead
  photo around its focal point, or the generated card); set when the article
  has a video id or a video file. Nothing is ever fetched from YouTube.
- ``feed_enclosure``: ``(absolute URL of a ~1080 px JPEG derivative, byte
  length as str, "image/jpeg")`` for articles with a usable lead photo, else None.
- For the theme: ``lead_picture`` (Markup ``<picture>`` or None),
  ``thumbnail_picture`` (Markup ``<picture>`` of the listing-card thumbnail:
  MEDIA_THUMB_SIZE cropped around ``ImageFocus``, AVIF/WebP/JPEG each within
  MEDIA_THUMB_BUDGET_BYTES, lazy, ``alt=""``; None without a usable photo),
  ``media_gallery`` (list of {"picture", "alt", "credit"}),
  ``video_poster_picture`` (Markup or None), ``lead_image`` (derivatives).

Settings prefix MEDIA_ (defaults and meaning in plugins/media/settings.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import settings as media_settings
from .pipeline import MediaBuild
from .prefetch import Prefetch

__all__ = ["MediaPlugin", "register"]

logger = logging.getLogger(__name__)


def keep_originals_out(generator) -> None:
    """Drop camera originals from the static files Pelican would copy (both
    those found in STATIC_PATHS and those linked with {static})."""
    settings = generator.settings
    if settings.get("MEDIA_COPY_ORIGINALS"):
        return
    exts = {e.lower() for e in settings["MEDIA_PHOTO_EXTENSIONS"]}
    # Files meant to be published as they are (favicons, touch icons) stay.
    keep = tuple(p.rstrip("/") + "/" for p in settings["MEDIA_STATIC_KEEP"])
    explicit = set(settings.get("EXTRA_PATH_METADATA") or {})

    def is_original(static) -> bool:
        relative = static.relative_source_path.replace("\\", "/")
        if relative in explicit or relative.startswith(keep):
            return False
        return Path(relative).suffix.lower() in exts

    kept = [s for s in generator.staticfiles if not is_original(s)]
    dropped = len(generator.staticfiles) - len(kept)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles
    if dropped:
        logger.debug("media: %d foto asli tidak disalin ke output", dropped)


def _unique(items):
    seen, out = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


class MediaPlugin:
    """One build's media state; its bound methods are the signal handlers.

    Photos start encoding while the articles are read (Prefetch) and the
    same MediaBuild then runs once all generators are done. `make serve
    --autoreload` runs many builds in one process, so the state is dropped
    at `finalized`.
    """

    def __init__(self) -> None:
        self.prefetch: Prefetch | None = None

    def configure(self, pelican) -> None:
        self.reset()  # a build that stopped early never reached `finalized`
        media_settings.configure(pelican.settings)

    def prefetch_photos(self, content) -> None:
        settings = content.settings
        if not settings.get("MEDIA_PREFETCH", True) or not hasattr(content, "metadata"):
            return
        if self.prefetch is None:
            self.prefetch = Prefetch(settings, settings["OUTPUT_PATH"])
        self.prefetch.add(content)

    def process_media(self, generators) -> None:
        prefetch, self.prefetch = self.prefetch, None
        articles, pages, output_path, settings = [], [], None, None
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                articles += generator.articles + generator.translations
                articles += generator.hidden_articles + generator.hidden_translations
            elif isinstance(generator, PagesGenerator):
                pages += generator.pages + generator.translations
                pages += generator.hidden_pages + generator.hidden_translations
            else:
                continue
            output_path, settings = generator.output_path, generator.settings
        if settings is None:
            return
        # The Prefetch's MediaBuild already knows the photos it hashed and encoded.
        build = prefetch.finish() if prefetch is not None else MediaBuild(settings, output_path)
        build.run(_unique(articles), _unique(pages))

    def reset(self, _pelican=None) -> None:
        """Drop what a build left (a Prefetch whose build stopped early)."""
        prefetch, self.prefetch = self.prefetch, None
        if prefetch is not None:
            prefetch.finish()


# blinker keeps only weak references to bound methods: this reference keeps
# the handlers connected.
PLUGIN: MediaPlugin | None = None


def register():
    global PLUGIN
    if PLUGIN is None:
        PLUGIN = MediaPlugin()
    signals.initialized.connect(PLUGIN.configure)
    signals.static_generator_finalized.connect(keep_originals_out)
    signals.content_object_init.connect(PLUGIN.prefetch_photos)
    signals.all_generators_finalized.connect(PLUGIN.process_media)
    signals.finalized.connect(PLUGIN.reset)
