"""One build's media work: collect what every article needs, process only
cache misses (in up to MEDIA_WORKERS processes), copy the results into the
output, and set the article attributes documented in plugins/media/__init__.py.

The work is split by job: plan (what each article needs), cache (content-
hashed entries and the worker pool that fills misses), output (files placed
under OUTPUT_PATH), attributes (what articles get) and prefetch (encoding
while Pelican reads). MediaBuild joins them and owns the order and the
author messages."""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

from plugins import report
from plugins.seo import absolute_base

from . import jobs, messages
from .attributes import AttributesMixin
from .cache import CacheMixin, avif_available, load_index
from .output import OutputMixin
from .plan import PlanMixin, Source

logger = logging.getLogger(__name__)


class MediaBuild(PlanMixin, CacheMixin, OutputMixin, AttributesMixin):
    def __init__(self, settings, output_path):
        self.settings = settings
        self.content = Path(settings["PATH"]).resolve()
        # As Pelican spells source paths (absolute, symlinks in the parents kept).
        self.content_root = Path(os.path.abspath(settings["PATH"]))
        self.output = Path(output_path)
        self.output_str = os.fspath(output_path)
        # rel -> (source, bytes) of every file placed in the output this build.
        self.linked: dict[str, tuple[str, int]] = {}
        self.thumbnails: dict[tuple[str, tuple[float, ...]], Any] = {}
        self.cache = Path(settings["MEDIA_CACHE_PATH"])
        self.out_dir = settings["MEDIA_OUTPUT_DIR"].strip("/")
        self.siteurl = (settings.get("SITEURL") or "").rstrip("/")
        self.absolute = absolute_base(settings)
        self.formats = settings["MEDIA_FORMATS"]
        if "avif" in self.formats and not avif_available():
            self.formats = [f for f in self.formats if f != "avif"]
        self.params = {
            "version": jobs.PHOTO_VERSION,
            "widths": sorted(settings["MEDIA_WIDTHS"]),
            "formats": self.formats,
            "quality": {f: settings["MEDIA_QUALITY"].get(f, 75) for f in self.formats},
            "avif_speed": settings["MEDIA_AVIF_SPEED"],
            "budget_bytes": settings["MEDIA_BUDGET_BYTES"],
            "budget_widths": settings["MEDIA_BUDGET_WIDTHS"],
            "min_width": settings["MEDIA_MIN_WIDTH"],
            "warn_pixels": settings["MEDIA_WARN_PIXELS"],
            "max_pixels": settings["MEDIA_MAX_PIXELS"],
            "social_quality": settings["MEDIA_SOCIAL_QUALITY"],
        }
        self.params_key = jobs.params_digest(self.params)
        self.photo_exts = {e.lower() for e in settings["MEDIA_PHOTO_EXTENSIONS"]}
        self.sources: dict[str, Source] = {}
        # (reference, folder of the article) -> (path, problem): plan.resolve.
        self.resolved: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        self.prefetched: set[str] = set()  # photos whose derivatives Prefetch made
        self.recent: set[int] = set()
        self.dimensions: dict[str, tuple[int, int]] = {}
        self.stats = Counter()
        self.reported: set = set()
        self.warned: Counter = Counter()
        self.index_path = self.cache / "index.json"
        self.index = load_index(self.index_path)
        self.fonts = (settings["MEDIA_CARD_FONT_BOLD"], settings["MEDIA_CARD_FONT_REGULAR"])
        self.fonts_digest = "|".join(
            jobs.file_digest(f)[:16] if os.path.isfile(f) else "builtin" for f in self.fonts
        )

    # ----------------------------------------------------------------- reporting
    def source_name(self, item) -> str:
        try:
            return str(Path(item.source_path).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(item.source_path)

    def line_of(self, item, needle: str) -> int | None:
        try:
            lines = Path(item.source_path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        for number, line in enumerate(lines, 1):
            if needle and needle in line:
                return number
        return None

    def report(self, item, code: str, value: str, detail=None, needle: str | None = None):
        name = self.source_name(item)
        key = (name, code, value)
        if key in self.reported:
            return
        self.reported.add(key)
        severity, text, hint = messages.render(code, value, detail)
        if severity != report.ERROR:
            # One article cannot flood the log: errors always, warnings up to a cap.
            self.warned[name] += 1
            if self.warned[name] > report.MAX_PER_FILE:
                return
        line = self.line_of(item, needle or value)
        finding = report.Finding(name, line or 0, f"media.{code}", severity, text, hint)
        self.stats["errors" if severity == report.ERROR else "warnings"] += 1
        log = logger.error if severity == report.ERROR else logger.warning
        log("media: %s", report.format_block(name, [finding]))

    def run(self, articles, pages) -> None:
        started = time.perf_counter()
        plans = [self.plan(a, True) for a in articles] + [self.plan(p, False) for p in pages]
        for src in self.sources.values():
            src.digest = self.digest(src.path)
        newest = sorted(articles, key=lambda a: a.date, reverse=True)
        self.recent = {id(a) for a in newest[: int(self.settings["MEDIA_TITLE_CARDS"])]}
        self.render_cards(plans)
        for plan in plans:
            if not plan.is_article:
                continue
            lead = self.sources.get(plan.lead.path) if plan.lead and plan.lead.path else None
            if lead:
                lead.size = lead.size or self.probe(lead)
                self.request_crop(lead, "og", plan.focus)
                self.request_thumb(lead, plan.focus)
                if self.wants_card(plan, "ig"):
                    self.request_crop(lead, self.ig_kind(lead), plan.focus)
                if plan.video_id or plan.video_file:
                    self.request_crop(lead, "poster", plan.focus)
            for ref, _entry in plan.gallery:
                if ref.path:
                    self.request_crop(self.sources[ref.path], "square", (0.5, 0.5))
        self.process_photos()
        for plan in plans:
            self.set_attributes(plan)
        self.save_index()
        for name, count in sorted(self.warned.items()):
            if count > report.MAX_PER_FILE:
                more = report.more_line(count - report.MAX_PER_FILE, "peringatan")
                logger.warning("media: %s:\n%s", name, more)
        seconds = round(time.perf_counter() - started, 3)
        stats_path = self.cache / "last-build.json"
        stats_path.parent.mkdir(parents=True, exist_ok=True)
        stats_path.write_text(
            json.dumps({**self.stats, "seconds": seconds}, indent=1), encoding="utf-8"
        )
        logger.info(
            "media: %d foto diproses, %d dari cache; %d kartu dibuat, %d dari cache; "
            "%d berkas disalin (%.1f s)",
            self.stats["photos_processed"],
            self.stats["photos_cached"],
            self.stats["cards_rendered"],
            self.stats["cards_cached"],
            self.stats["files_copied"],
            seconds,
        )
