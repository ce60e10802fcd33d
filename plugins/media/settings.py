"""MEDIA_* settings: defaults declared once, merged over pelicanconf.py at
`initialized` (plugins/plugin_settings.py: unknown MEDIA_* names and wrong
simple types stop the build)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from plugins.bkd_content.sources import MIN_PHOTO_WIDTH, PHOTO_SUFFIXES
from plugins.plugin_settings import merge

DEFAULTS = {
    # Where processed photos and cards are kept between builds. Default: a
    # `media` folder beside Pelican's CACHE_PATH (.cache/media). Keep it in the
    # CI cache: entries are keyed by file content, so they survive fresh clones.
    "MEDIA_CACHE_PATH": None,
    # Folder in the output that receives every derivative and social image.
    "MEDIA_OUTPUT_DIR": "media",
    # Responsive widths; a photo is never enlarged to reach one.
    "MEDIA_WIDTHS": [360, 720, 1080, 1440],
    # Most preferred first; the last one is the <img> fallback and must be jpeg.
    "MEDIA_FORMATS": ["avif", "webp", "jpeg"],
    "MEDIA_QUALITY": {"avif": 50, "webp": 70, "jpeg": 75},
    # libavif encoder speed (0 slow/small .. 10 fast/large); see bench/RESULTS-media.md.
    "MEDIA_AVIF_SPEED": 7,
    # A derivative at these widths that comes out heavier than the budget is
    # re-encoded at a lower quality: what a 360 px phone downloads stays small.
    "MEDIA_BUDGET_BYTES": 60_000,
    "MEDIA_BUDGET_WIDTHS": [360, 720],
    # The thumbnail on listing cards: pixels (twice the 96×72 CSS box, sharp on
    # phone screens), cropped around ImageFocus; every format within the
    # byte budget, so a listing of ten cards costs tens of KB at most.
    "MEDIA_THUMB_SIZE": [192, 144],
    "MEDIA_THUMB_BUDGET_BYTES": 8_000,
    "MEDIA_SOCIAL_QUALITY": 85,
    "MEDIA_CARD_QUALITY": 82,
    # Articles dated before this (ISO date) get no Instagram image: an old
    # archive that will never be posted does not pay for one. None: follow
    # SYNDICATE_SINCE; if that is None too, all articles.
    "MEDIA_SOCIAL_SINCE": None,
    # Photo-less articles among the newest N get a card with their own title
    # and date; older ones (a long archive) share one card per category.
    "MEDIA_TITLE_CARDS": 100,
    # Author-facing thresholds.
    "MEDIA_MIN_WIDTH": MIN_PHOTO_WIDTH,
    "MEDIA_WARN_PIXELS": 40_000_000,
    # Above this the file is refused (decompression-bomb guard).
    "MEDIA_MAX_PIXELS": 250_000_000,
    # Originals (camera files with EXIF) are never published: the static file
    # filter of plugins/bkd_content drops every photo suffix whatever these say.
    "MEDIA_COPY_ORIGINALS": False,
    "MEDIA_STATIC_KEEP": ["extra"],
    # Every photo suffix (plugins/bkd_content/sources.py): each goes through the
    # pipeline (re-encoded, no metadata) or is refused, never copied as is.
    "MEDIA_PHOTO_EXTENSIONS": sorted(PHOTO_SUFFIXES),
    # Worker processes for cache misses. The build machine is shared: two at most.
    "MEDIA_WORKERS": 2,
    # Start encoding a photo as soon as the article using it is read (see __init__).
    "MEDIA_PREFETCH": True,
    # `sizes` of the article column (.wrap 46rem with 1rem padding) and of the gallery grid.
    "MEDIA_SIZES": "(min-width: 46rem) 44rem, calc(100vw - 2rem)",
    "MEDIA_GALLERY_SIZES": (
        "(min-width: 46rem) 21.5rem, (min-width: 36rem) calc(50vw - 1.5rem), calc(100vw - 2rem)"
    ),
    # YouTube ids of videos uploaded by `syndicate` from a `VideoFile:`:
    # {article_id: video_id}, or a callable article_id -> video_id | None.
    "MEDIA_UPLOADED_VIDEOS": {},
    # Extra folders searched for `VideoFile:` paths (large videos stay out of git).
    "MEDIA_VIDEO_PATHS": [],
    # Fonts of the generated cards (theme/fonts/, DejaVu, Bitstream Vera licence).
    "MEDIA_CARD_FONT_BOLD": None,
    "MEDIA_CARD_FONT_REGULAR": None,
}


# Types of the settings whose default is None or that take several types.
TYPES = {
    "MEDIA_CACHE_PATH": str,
    "MEDIA_SOCIAL_SINCE": (str, date),
    "MEDIA_UPLOADED_VIDEOS": (Mapping, Callable),
    "MEDIA_CARD_FONT_BOLD": str,
    "MEDIA_CARD_FONT_REGULAR": str,
}


def configure(settings) -> None:
    """Fill in defaults and the paths that depend on other settings."""
    merge(settings, "MEDIA_", DEFAULTS, types=TYPES)
    if not settings.get("MEDIA_CACHE_PATH"):
        cache = settings.get("CACHE_PATH") or "cache"
        settings["MEDIA_CACHE_PATH"] = os.path.join(
            os.path.dirname(os.path.abspath(cache)), "media"
        )
    fonts = Path(settings.get("THEME", ".")) / "fonts"
    if not settings.get("MEDIA_CARD_FONT_BOLD"):
        settings["MEDIA_CARD_FONT_BOLD"] = str(fonts / "DejaVuSans-Bold.ttf")
    if not settings.get("MEDIA_CARD_FONT_REGULAR"):
        settings["MEDIA_CARD_FONT_REGULAR"] = str(fonts / "DejaVuSans.ttf")
    formats = [f.lower() for f in settings["MEDIA_FORMATS"]]
    if "jpeg" not in formats:
        formats.append("jpeg")
    # JPEG is the fallback every browser and platform reads: keep it last.
    settings["MEDIA_FORMATS"] = [f for f in formats if f != "jpeg"] + ["jpeg"]
