"""Prefetch: photos encoded while Pelican is still reading the articles.

Kept apart because it runs during reading (content_object_init), before the
build knows every article; it only warms the cache that MediaBuild.run() reads.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from plugins.background import be_gentle
from plugins.bkd_content.frontmatter import parse_gallery

from . import jobs, markup
from .cache import run_photo_job_guarded
from .pipeline import MediaBuild
from .plan import Source

logger = logging.getLogger(__name__)


class Prefetch:
    """Encode photos while Pelican is still reading the articles.

    The derivatives of a photo (every width in AVIF, WebP and JPEG) are the
    dearest part of a cold build, and they depend only on the photo file and
    the MEDIA_ settings. So as each article or page is read, its photos start
    encoding in MEDIA_WORKERS background processes (niced), on the cores
    Pelican's single thread leaves idle; MediaBuild.run() later finds them in
    the cache. The processes start with the first photo not in the cache,
    early in a cold build while Pelican's process is still small (a child
    forked from a big process makes the parent copy each page it then
    touches), and not at all in a rebuild with nothing new. Problems are not
    reported here: run() meets the same photo, processes it again and reports
    it with file and line as always. Crops and
    cards wait for run(), which knows every article's focal point and date.
    """

    def __init__(self, settings, output_path):
        self.build = MediaBuild(settings, output_path)
        self.seen: set[str] = set()
        self.futures: list[tuple[str, Future]] = []
        self._pool: ProcessPoolExecutor | None = None

    def add(self, item) -> None:
        try:
            self._add(item)
        except Exception:  # noqa: BLE001 - only a head start: run() meets and reports the problem
            logger.debug("media: prefetch skipped %s", getattr(item, "source_path", "?"))

    def _add(self, item) -> None:
        values = [item.metadata.get("image")]
        values += [entry.path for entry in parse_gallery(item.metadata.get("gallery"))]
        values += [attrs.get("src") for attrs in markup.find_images(item._content or "")]
        for value in values:
            if not isinstance(value, str) or not value.strip():
                continue
            ref = self.build.resolve(value, item)
            if not ref.path or ref.problem or ref.path in self.seen:
                continue
            self.seen.add(ref.path)
            src = Source(ref.path, "prefetch")
            src.digest = self.build.digest(ref.path)
            photo_dir = self.build.photo_dir(src)
            if (photo_dir / "meta.json").is_file():
                continue
            job = jobs.PhotoJob(ref.path, src.digest, self.build.params, str(photo_dir))
            self.futures.append((ref.path, self._executor().submit(run_photo_job_guarded, job)))

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            workers = max(1, min(int(self.build.settings["MEDIA_WORKERS"]), os.cpu_count() or 1))
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=be_gentle)
        return self._pool

    def finish(self) -> MediaBuild:
        """Wait for the photos started so far; returns the MediaBuild that
        run()s this build (it already holds their digests)."""
        for path, future in self.futures:
            if future.result()["ok"]:
                self.build.prefetched.add(path)
        if self._pool is not None:
            self._pool.shutdown()
        self.build.stats["photos_prefetched"] = len(self.build.prefetched)
        return self.build
