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
  (static files, feeds, the editor at admin/, Pagefind's files). A plugin
  still writing a folder in another process at `finalized` (plugins.search:
  Pagefind writing output/pagefind/) hands its wait to `CompressPlugin.defer`:
  everything else is done first, while Pagefind works, then the wait, then
  that folder;
- a small cache (in CACHE_PATH) remembers, for each file, the digest of the
  bytes Pelican wrote and of the minified bytes. A page Pelican wrote
  byte-identical to the last build is not minified or compressed again: its
  minified bytes come back from its own `.gz` twin (decompressing is about 50
  times cheaper than minifying), and the twins are left as they are.

Development builds (pelicanconf.py) turn the plugin off: Pelican's
development server never serves the precompressed twins, and authors read the
pages unminified. Production builds (publishconf.py) turn it on.

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
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli
import minify_html
from pelican import signals

from plugins.background import be_gentle
from plugins.plugin_settings import merge

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
    # larger on pages, and 5 as small as 7 on these pages (7.32 against
    # 7.31 MB for the 2,000-article bench) in 80 % of the time. Files shared
    # by every page (theme CSS/JS) get 11.
    "COMPRESS_BROTLI_QUALITY": 5,
    "COMPRESS_BROTLI_BEST_QUALITY": 11,
    "COMPRESS_BROTLI_BEST_FOR": ("theme/*",),
    # Worker processes (0: all in Pelican's own process, at the end).
    "COMPRESS_WORKERS": 2,
    "COMPRESS_CACHE": True,
    # Files at least this large keep their twins in CACHE_PATH too, keyed by
    # the digest of their bytes: the editor bundle (admin/, 6 MB in ~100
    # files), Pagefind's scripts, big feeds. A production build deletes the
    # output first, so without this it compressed them again every time;
    # CI restores .cache/. Pages (~10 KB) stay out: one more file each would
    # cost the cold build more than their compression.
    "COMPRESS_BLOB_MIN_BYTES": 32 * 1024,
}

CACHE_FILE = "compress-digests.json"
BLOB_DIR = "compress-blobs"
CACHE_VERSION = 2  # entries are [digest as written by Pelican, digest as minified]
BATCH = 32  # files per message to a worker process

HTML_OPTIONS = {
    "minify_css": True,
    "minify_js": True,
    # Keep <html lang> and <head> explicit; screen readers and Pagefind rely on lang.
    "keep_html_and_head_opening_tags": True,
}


def setting(settings, name):
    # Settings are merged at `initialized`; SiteCompressor is also used on
    # its own (tests, bench/) with a partial dict.
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
        # Absolute: OUTPUT_PATH may be relative ("output", the default), and
        # Pelican hands content_written absolute paths.
        self.root = Path(os.path.abspath(output_path))
        self.settings = settings
        self.extensions = tuple(setting(settings, "COMPRESS_EXTENSIONS"))
        self.minify_exclude = tuple(setting(settings, "COMPRESS_MINIFY_EXCLUDE"))
        self.minify = setting(settings, "COMPRESS_MINIFY")
        self.precompress = setting(settings, "COMPRESS_PRECOMPRESS")
        self.gzip_level = setting(settings, "COMPRESS_GZIP_LEVEL")
        self.brotli_quality = setting(settings, "COMPRESS_BROTLI_QUALITY")
        self.brotli_best = setting(settings, "COMPRESS_BROTLI_BEST_QUALITY")
        self.best_for = tuple(setting(settings, "COMPRESS_BROTLI_BEST_FOR"))
        self._best_re = _any_of(self.best_for)
        self._exclude_re = _any_of(self.minify_exclude)
        self.cache_path = None
        self.blob_dir: Path | None = None
        self.blob_min = int(setting(settings, "COMPRESS_BLOB_MIN_BYTES"))
        if setting(settings, "COMPRESS_CACHE") and settings.get("CACHE_PATH"):
            self.cache_path = Path(settings["CACHE_PATH"]) / CACHE_FILE
            self.blob_dir = Path(settings["CACHE_PATH"]) / BLOB_DIR
        self.blobs_used: set[str] = set()
        self.digests: dict[str, list[str]] = self._load_cache()
        self.stats: dict[str, float] = {
            "files": 0,
            "minified": 0,
            "compressed": 0,
            "saved": 0,
            "reused": 0,
            "late_wait": 0.0,
        }
        self.workers = max(0, int(setting(settings, "COMPRESS_WORKERS")))
        # Each file as this run left it (minified): inode, size and mtime, so
        # finishing can tell "untouched since" from a stat instead of a read.
        self.final: dict[str, tuple[int, int, int]] = {}
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._pending: list[Future] = []
        self._batch: list[Job] = []
        self._prefix = os.path.join(str(self.root), "")

    def _load_cache(self) -> dict[str, list[str]]:
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
                    CACHE_VERSION,
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
        best = bool(self._best_re.match(rel))
        return Job(
            path=str(path),
            rel=rel,
            minify=self.minify and not self._exclude_re.match(rel),
            precompress=self.precompress,
            gzip_level=self.gzip_level,
            brotli_quality=self.brotli_best if best else self.brotli_quality,
            known=tuple(self.digests.get(rel) or ()),
            blob_dir=str(self.blob_dir) if self.blob_dir and self.precompress else "",
            blob_min=self.blob_min,
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
                self.digests[rel] = [result["raw_digest"], result["digest"]]
            for key in ("minified", "saved", "compressed", "reused"):
                self.stats[key] += result[key]
            self.blobs_used.update(result["blobs"])

    def process(self, path: Path) -> None:
        """Minify and precompress one file here, in this process."""
        self.record(process_file(self.job_for(path)))

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Worker processes, not threads: minify-html holds the GIL, so in a
            # thread it would stall Pelican's rendering. fork: the workers only
            # run process_file (no locks, no logging), on modules already loaded.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=be_gentle,
            )
        return self._pool

    def start(self) -> None:
        """Start the worker processes now (see start_workers)."""
        if self.workers:
            pool = self._executor()
            for future in [pool.submit(os.getpid) for _ in range(self.workers)]:
                future.result()

    def submit(self, path: str) -> None:
        """Start on a file Pelican has just written (background, see module doc)."""
        if self.workers == 0 or not path.endswith(self.extensions):
            return  # with no workers, everything is done when the build finishes
        if not path.startswith(self._prefix):
            return
        self._batch.append(self.job_for(Path(path)))
        # One message per BATCH files: handing each page to a worker on its
        # own cost Pelican's thread about 0.3 ms (pickling, pipe, wake-up).
        if len(self._batch) >= BATCH:
            self._flush_batch()

    def _flush_batch(self) -> None:
        if self._batch:
            self._pending.append(self._executor().submit(process_batch, self._batch))
            self._batch = []

    def _needs_work(self, path: Path) -> bool:
        known = self.final.get(path.relative_to(self.root).as_posix())
        return known is None or known != _identity(path)  # else done and untouched since

    def run(self, late: Sequence[tuple[str, Callable[[], object]]] = ()) -> dict:
        """Finish: collect background work, then every text file not yet final.

        `late` holds (folder, finish) for folders another plugin is still
        writing (Pagefind its index): everything else is done first, while
        that plugin works in its own process; then each `finish` is called
        (it waits for the writer) and the folder is done last."""
        self._flush_batch()
        for future in self._pending:
            for result in future.result():
                self.record(result)
        self._pending = []
        prefixes = tuple(os.path.join(folder, "") for folder, _finish in late)
        try:
            files = [path for path in self.text_files() if not str(path).startswith(prefixes)]
            self._finish_files(files)
            started = time.perf_counter()
            for _folder, finish in late:
                finish()
            self.stats["late_wait"] = time.perf_counter() - started
            if prefixes:
                later = [path for path in self.text_files() if str(path).startswith(prefixes)]
                self._finish_files(later)
                files += later
        finally:
            if self._pool is not None:
                self._pool.shutdown()
                self._pool = None
        self.stats["files"] = len(files)
        live = {path.relative_to(self.root).as_posix() for path in files}
        self.digests = {rel: d for rel, d in self.digests.items() if rel in live}
        self._save_cache()
        self._prune_blobs()
        return self.stats

    def _prune_blobs(self) -> None:
        """Keep only the twins this build used: a changed file's old twins go."""
        if self.blob_dir is None or not self.blob_dir.is_dir():
            return
        for path in self.blob_dir.iterdir():
            if path.name not in self.blobs_used:
                path.unlink(missing_ok=True)

    def _finish_files(self, files: list[Path]) -> None:
        todo = [path for path in files if self._needs_work(path)]
        if self.workers == 0 or len(todo) < 8:
            for path in todo:
                self.process(path)
        else:
            pool = self._executor()
            for result in pool.map(process_file, map(self.job_for, todo), chunksize=16):
                self.record(result)


@dataclass(frozen=True)
class Job:
    """What a worker needs to finish one file (picklable, no settings dict)."""

    path: str
    rel: str
    minify: bool
    precompress: bool
    gzip_level: int
    brotli_quality: int
    known: tuple[str, ...]  # (as written, as minified) digests of the last build, or ()
    blob_dir: str = ""  # CACHE_PATH's twin store, "" for none
    blob_min: int = 0  # smallest file whose twins go there


def process_batch(batch: list[Job]) -> list[dict]:
    return [process_file(job) for job in batch]


def process_file(job: Job) -> dict:
    """Minify one file in place and write its .gz/.br twins (runs in a worker)."""
    path = Path(job.path)
    raw = path.read_bytes()
    result = {
        "rel": job.rel,
        "minified": 0,
        "saved": 0,
        "compressed": 0,
        "reused": 0,
        "blobs": [],
        "warning": None,
    }
    result["raw_digest"] = raw_digest = _digest(raw)
    gz_path = path.with_name(path.name + ".gz")
    br_path = path.with_name(path.name + ".br")
    data = _unchanged(job, raw, raw_digest, gz_path, br_path)
    if data is None:
        data = _minified(job, raw, path.suffix, result)
    if data != raw:
        # Atomic: Pagefind's feeder may be reading this page at the same time
        # (blinker calls content_written's receivers in no fixed order).
        _replace_bytes(path, data)
        result["minified"] = 1
        result["saved"] = len(raw) - len(data)
    result["digest"] = digest = _digest(data)
    result["identity"] = _identity(path)
    twins_current = job.known[1:] == (digest,) and gz_path.exists() and br_path.exists()
    if job.precompress and job.blob_dir and len(data) >= job.blob_min:
        result["blobs"] = [f"{digest}.{job.gzip_level}.gz", f"{digest}.{job.brotli_quality}.br"]
    if job.precompress and not twins_current:
        gz, br = _twins(job, data, result)
        # Written in place, once, without a temporary file: nothing reads the
        # twins during the build, and the output folder is replaced as a
        # whole at deploy (deploy/release.sh), so no reader ever sees one
        # half-written.
        gz_path.write_bytes(gz)
        br_path.write_bytes(br)
        result["compressed"] = 1
    return result


def _twins(job: Job, data: bytes, result: dict) -> tuple[bytes, bytes]:
    """The .gz and .br of `data`: from the twin store when this build or an
    earlier one made them (keyed by digest and level), else compressed here
    and, for a large file, kept there."""
    if not result["blobs"]:
        return compress_bytes(data, job.gzip_level, job.brotli_quality)
    store = Path(job.blob_dir)
    gz_blob, br_blob = (store / name for name in result["blobs"])
    try:
        gz, br = gz_blob.read_bytes(), br_blob.read_bytes()
        if gzip.decompress(gz) == data:  # cheap next to compressing; a torn blob is redone
            result["reused"] = 1
            return gz, br
    except (OSError, EOFError, gzip.BadGzipFile):
        pass
    gz, br = compress_bytes(data, job.gzip_level, job.brotli_quality)
    store.mkdir(parents=True, exist_ok=True)
    for blob, blob_data in ((gz_blob, gz), (br_blob, br)):
        _replace_bytes(blob, blob_data)  # two workers may store the same file's twins
    return gz, br


def _unchanged(job: Job, raw: bytes, raw_digest: str, gz_path: Path, br_path: Path):
    """The minified bytes of the last build, when this file is still as this
    plugin left it, or Pelican wrote it byte-identical to then and its twins
    are still there; else None."""
    if len(job.known) != 2:
        return None
    if raw_digest == job.known[1]:
        return raw  # not rewritten since (a static file Pelican left in place)
    if not (job.precompress and job.known[0] == raw_digest and br_path.exists()):
        return None
    try:
        data = gzip.decompress(gz_path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    return data if _digest(data) == job.known[1] else None


def _minified(job: Job, raw: bytes, suffix: str, result: dict) -> bytes:
    if not job.minify:
        return raw
    try:
        return minify_text(raw.decode("utf-8"), suffix).encode("utf-8")
    except (UnicodeDecodeError, ValueError) as error:
        result["warning"] = str(error)
        return raw


def _any_of(patterns) -> re.Pattern:
    """One regex for a list of fnmatch patterns (matches nothing when empty)."""
    return re.compile("|".join(fnmatch.translate(p) for p in patterns) or r"(?!)")


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _replace_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.compress-tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class CompressPlugin:
    """One build's compressor; its bound methods are the signal handlers.

    The workers start with the first generator and the pages go to them as
    Pelican writes them; the rest is done at `finalized`, which also drops
    the compressor (`make serve --autoreload` runs many builds in one process).
    """

    def __init__(self) -> None:
        self.current: SiteCompressor | None = None
        self.late: list[tuple[str, Callable[[], object]]] = []

    def defer(self, folder: str, finish: Callable[[], object]) -> bool:
        """For a plugin whose finalized work goes on in another process
        (plugins.search: Pagefind writing its index): when this build
        compresses `folder` (an absolute path in the output), take `finish`
        and call it at `finalized` after every other file is done, then do
        that folder. False when this build compresses nothing there: the
        caller then finishes by itself."""
        current = self.current
        if current is None or not os.path.abspath(folder).startswith(current._prefix):
            return False
        self.late.append((os.path.abspath(folder), finish))
        return True

    def configure(self, pelican) -> None:
        merge(pelican.settings, "COMPRESS_", DEFAULTS)

    def page_written(self, path, context) -> None:
        settings = context
        if not setting(settings, "COMPRESS_ENABLED"):
            return
        if self.current is None:
            self.current = SiteCompressor(settings["OUTPUT_PATH"], settings)
        self.current.submit(path)

    def start_workers(self, generator) -> None:
        """Fork the worker processes at the start of a build, while Pelican's
        process is still small: a child forked later from a process holding every
        article shares hundreds of MB copy-on-write, and each page the parent
        then touches is copied (measured: about 4 s of kernel time on the
        2,000-article bench)."""
        settings = generator.settings
        if not setting(settings, "COMPRESS_ENABLED") or self.current is not None:
            return
        self.current = SiteCompressor(generator.output_path, settings)
        self.current.start()

    def compress_site(self, pelican) -> None:
        settings = pelican.settings
        current, self.current = self.current, None
        late, self.late = self.late, []
        if not setting(settings, "COMPRESS_ENABLED"):
            for _folder, finish in late:
                finish()
            return
        started = time.perf_counter()
        if current is None or current.root.resolve() != Path(pelican.output_path).resolve():
            current = SiteCompressor(pelican.output_path, settings)
        stats = current.run(late)
        logger.info(
            "compress: %d berkas teks, %d diperkecil (-%d B), %d dikompres ulang "
            "(%d di antaranya diambil dari cache), %.2f s setelah halaman terakhir ditulis "
            "(%.2f s di antaranya menunggu indeks pencarian)",
            stats["files"],
            stats["minified"],
            stats["saved"],
            stats["compressed"],
            stats["reused"],
            time.perf_counter() - started,
            stats["late_wait"],
        )


# blinker keeps only weak references to bound methods: this reference keeps
# the handlers connected.
PLUGIN: CompressPlugin | None = None


def register():
    global PLUGIN
    if PLUGIN is None:
        PLUGIN = CompressPlugin()
    signals.initialized.connect(PLUGIN.configure)
    signals.article_generator_init.connect(PLUGIN.start_workers)
    signals.content_written.connect(PLUGIN.page_written)
    signals.finalized.connect(PLUGIN.compress_site)
