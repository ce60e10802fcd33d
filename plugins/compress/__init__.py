"""Minify and precompress the finished site, so every byte a reader pays for is needed.

Runs on `finalized`, after every other plugin has written its files (put it
last in PLUGINS, after plugins.search, so Pagefind's own scripts get
precompressed too). For each text file in the output:

- HTML is minified with minify-html (inline CSS/JS too), stand-alone CSS and
  JS with the same library's CSS/JS minifiers;
- `<file>.gz` (gzip -9) and `<file>.br` (Brotli) are written beside it, for
  hosts that serve precompressed files (nginx `gzip_static`/`brotli_static`,
  Caddy `precompressed`, most CDNs).

Two things keep it cheap, because it counts in the build time:
- pages are minified and compressed by background worker processes as soon as
  Pelican writes them (`content_written`), on the second core while Pelican
  renders the next ones; `finalized` then only waits, checks that nobody
  changed those files since, and does the files written without that signal
  (static files, feeds, Pagefind);
- a small cache (in CACHE_PATH) remembers the digest of each file's minified
  bytes, so a rebuild recompresses only files whose content changed.

Settings prefix: COMPRESS_ (see DEFAULTS).
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import json
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli
import minify_html
from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {
    "COMPRESS_ENABLED": True,
    "COMPRESS_MINIFY": True,
    "COMPRESS_PRECOMPRESS": True,
    # Text formats worth compressing. Images, fonts in woff2 and Pagefind's
    # index chunks are already compressed.
    "COMPRESS_EXTENSIONS": (
        ".html",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".xml",
        ".svg",
        ".txt",
        ".webmanifest",
    ),
    # Already-minified third-party output: precompress, but don't minify again.
    "COMPRESS_MINIFY_EXCLUDE": ("pagefind/*",),
    "COMPRESS_GZIP_LEVEL": 9,
    # Brotli 11 is the smallest but ~50x slower than 7 (7 ms against 0.15 ms
    # for a 9 KB page), which would dominate a 2,000-article build; 7 is ~7 %
    # larger on pages. Files shared by every page (theme CSS/JS) get 11.
    "COMPRESS_BROTLI_QUALITY": 7,
    "COMPRESS_BROTLI_BEST_QUALITY": 11,
    "COMPRESS_BROTLI_BEST_FOR": ("theme/*",),
    # Worker processes (0: all in Pelican's own process, at the end).
    "COMPRESS_WORKERS": 2,
    "COMPRESS_CACHE": True,
}

CACHE_FILE = "compress-digests.json"

HTML_OPTIONS = {
    "minify_css": True,
    "minify_js": True,
    # Keep <html lang> and <head> explicit; screen readers and Pagefind rely on lang.
    "keep_html_and_head_opening_tags": True,
}


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def minify_text(text: str, suffix: str) -> str:
    """Minify one HTML, CSS or JS document; other formats come back unchanged."""
    if suffix == ".html":
        return minify_html.minify(text, **HTML_OPTIONS)
    if suffix == ".css":
        return _unwrap(minify_html.minify(f"<style>{text}</style>", minify_css=True), "style")
    if suffix in (".js", ".mjs"):
        # type=module parses import/export and top-level await as well as
        # classic scripts.
        wrapped = f"<script type=module>{text}</script>"
        return _unwrap(minify_html.minify(wrapped, minify_js=True), "script")
    return text


def _unwrap(html: str, tag: str) -> str:
    start = html.index(">") + 1
    end = html.rindex(f"</{tag}>")
    return html[start:end]


def compress_bytes(data: bytes, gzip_level: int, brotli_quality: int) -> tuple[bytes, bytes]:
    # mtime=0 keeps .gz files byte-identical between builds.
    return (
        gzip.compress(data, compresslevel=gzip_level, mtime=0),
        brotli.compress(data, quality=brotli_quality),
    )


class SiteCompressor:
    def __init__(self, output_path: str, settings: dict):
        self.root = Path(output_path)
        self.settings = settings
        self.extensions = tuple(setting(settings, "COMPRESS_EXTENSIONS"))
        self.minify_exclude = tuple(setting(settings, "COMPRESS_MINIFY_EXCLUDE"))
        self.minify = setting(settings, "COMPRESS_MINIFY")
        self.precompress = setting(settings, "COMPRESS_PRECOMPRESS")
        self.gzip_level = setting(settings, "COMPRESS_GZIP_LEVEL")
        self.brotli_quality = setting(settings, "COMPRESS_BROTLI_QUALITY")
        self.brotli_best = setting(settings, "COMPRESS_BROTLI_BEST_QUALITY")
        self.best_for = tuple(setting(settings, "COMPRESS_BROTLI_BEST_FOR"))
        self.cache_path = None
        if setting(settings, "COMPRESS_CACHE") and settings.get("CACHE_PATH"):
            self.cache_path = Path(settings["CACHE_PATH"]) / CACHE_FILE
        self.digests: dict[str, str] = self._load_cache()
        self.stats = {"files": 0, "minified": 0, "compressed": 0, "saved": 0}
        self.workers = max(0, int(setting(settings, "COMPRESS_WORKERS")))
        # Each file as this run left it (minified): inode, size and mtime, so
        # finishing can tell "untouched since" from a stat instead of a read.
        self.final: dict[str, tuple[int, int, int]] = {}
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._pending = []

    def _load_cache(self) -> dict[str, str]:
        if self.cache_path is None or not self.cache_path.exists():
            return {}
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        # The cache is only valid for the output folder and settings it was made with.
        if data.get("key") != self._cache_key():
            return {}
        return data.get("digests", {})

    def _cache_key(self) -> str:
        return "|".join(
            map(
                str,
                (
                    self.root.resolve(),
                    self.minify,
                    self.gzip_level,
                    self.brotli_quality,
                    self.brotli_best,
                    self.best_for,
                ),
            )
        )

    def _save_cache(self) -> None:
        if self.cache_path is None:
            return
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"key": self._cache_key(), "digests": self.digests}), encoding="utf-8"
        )
        os.replace(tmp, self.cache_path)

    def text_files(self) -> list[Path]:
        found = []
        for dirpath, _dirnames, filenames in os.walk(self.root):
            for name in filenames:
                if name.endswith(self.extensions):
                    found.append(Path(dirpath) / name)
        found.sort()
        return found

    def job_for(self, path: Path) -> Job:
        rel = path.relative_to(self.root).as_posix()
        best = any(fnmatch.fnmatch(rel, pat) for pat in self.best_for)
        return Job(
            path=str(path),
            rel=rel,
            minify=self.minify and not any(fnmatch.fnmatch(rel, p) for p in self.minify_exclude),
            precompress=self.precompress,
            gzip_level=self.gzip_level,
            brotli_quality=self.brotli_best if best else self.brotli_quality,
            known_digest=self.digests.get(rel),
        )

    def record(self, result: dict) -> None:
        rel = result["rel"]
        if result["warning"]:
            logger.warning(
                "compress: %s tidak bisa diperkecil (%s); disalin apa adanya",
                rel,
                result["warning"],
            )
        with self._lock:
            self.final[rel] = result["identity"]
            if self.precompress:
                self.digests[rel] = result["digest"]
            for key in ("minified", "saved", "compressed"):
                self.stats[key] += result[key]

    def process(self, path: Path) -> None:
        """Minify and precompress one file here, in this process."""
        self.record(process_file(self.job_for(path)))

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Worker processes, not threads: minify-html holds the GIL, so in a
            # thread it would stall Pelican's rendering. fork: the workers only
            # run process_file (no locks, no logging), on modules already loaded.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("fork")
            )
        return self._pool

    def submit(self, path: str) -> None:
        """Start on a file Pelican has just written (background, see module doc)."""
        file = Path(path)
        if not file.name.endswith(self.extensions):
            return
        try:
            file.relative_to(self.root)
        except ValueError:
            return
        if self.workers == 0:
            return  # everything is done when the build finishes
        self._pending.append(self._executor().submit(process_file, self.job_for(file)))

    def _needs_work(self, path: Path) -> bool:
        known = self.final.get(path.relative_to(self.root).as_posix())
        return known is None or known != _identity(path)  # else done and untouched since

    def run(self) -> dict:
        """Finish: collect background work, then every text file not yet final."""
        for future in self._pending:
            self.record(future.result())
        self._pending = []
        files = self.text_files()
        self.stats["files"] = len(files)
        todo = [path for path in files if self._needs_work(path)]
        if self.workers == 0 or len(todo) < 8:
            for path in todo:
                self.process(path)
        else:
            pool = self._executor()
            for result in pool.map(process_file, map(self.job_for, todo), chunksize=16):
                self.record(result)
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        live = {path.relative_to(self.root).as_posix() for path in files}
        self.digests = {rel: d for rel, d in self.digests.items() if rel in live}
        self._save_cache()
        return self.stats


@dataclass(frozen=True)
class Job:
    """What a worker needs to finish one file (picklable, no settings dict)."""

    path: str
    rel: str
    minify: bool
    precompress: bool
    gzip_level: int
    brotli_quality: int
    known_digest: str | None


def process_file(job: Job) -> dict:
    """Minify one file in place and write its .gz/.br twins (runs in a worker)."""
    path = Path(job.path)
    raw = path.read_bytes()
    data = raw
    result = {"rel": job.rel, "minified": 0, "saved": 0, "compressed": 0, "warning": None}
    if job.minify:
        try:
            minified = minify_text(raw.decode("utf-8"), path.suffix)
        except (UnicodeDecodeError, ValueError) as error:
            result["warning"] = str(error)
        else:
            data = minified.encode("utf-8")
            if data != raw:
                # Atomic: Pagefind may be reading the site at the same time.
                _replace_bytes(path, data)
                result["minified"] = 1
                result["saved"] = len(raw) - len(data)
    result["digest"] = digest = _digest(data)
    result["identity"] = _identity(path)
    if job.precompress:
        gz_path = path.with_name(path.name + ".gz")
        br_path = path.with_name(path.name + ".br")
        if not (job.known_digest == digest and gz_path.exists() and br_path.exists()):
            gz, br = compress_bytes(data, job.gzip_level, job.brotli_quality)
            gz_path.write_bytes(gz)
            br_path.write_bytes(br)
            result["compressed"] = 1
    return result


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _replace_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.compress-tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# The compressor of the build in progress (one per build; `make serve` with
# --autoreload runs many builds in one process).
_CURRENT: dict[str, SiteCompressor] = {}


def page_written(path, context) -> None:
    settings = context
    if not setting(settings, "COMPRESS_ENABLED"):
        return
    current = _CURRENT.get("build")
    if current is None:
        current = _CURRENT["build"] = SiteCompressor(settings["OUTPUT_PATH"], settings)
    current.submit(path)


def compress_site(pelican) -> None:
    settings = pelican.settings
    current = _CURRENT.pop("build", None)
    if not setting(settings, "COMPRESS_ENABLED"):
        return
    started = time.perf_counter()
    if current is None or current.root.resolve() != Path(pelican.output_path).resolve():
        current = SiteCompressor(pelican.output_path, settings)
    stats = current.run()
    logger.info(
        "compress: %d berkas teks, %d diperkecil (-%d B), %d dikompres ulang, "
        "%.2f s setelah halaman terakhir ditulis",
        stats["files"],
        stats["minified"],
        stats["saved"],
        stats["compressed"],
        time.perf_counter() - started,
    )


def register():
    signals.content_written.connect(page_written)
    signals.finalized.connect(compress_site)
