"""Site search: a Pagefind index of the articles and pages, built during the build.

Pagefind writes a static index to output/pagefind/, so search works from plain
static hosting. Only elements marked data-pagefind-body (articles and pages)
are indexed; the language comes from <html lang="id">, which turns on
Pagefind's Indonesian stemming.

How it stays cheap: Pagefind runs as a service process (`pagefind --service`,
the protocol its own Node and Python wrappers use). Each article or page is
handed to it as soon as it is written, so the parsing and stemming happen on
another core while Pelican renders the rest. Pelican writes the pages
(tentang/, kontak/...) after every article and listing page, so once they are
written (`page_writer_finalized`) Pagefind writes the index while the build
goes on; `finalized` waits for it (in a production build, plugins.compress
waits for it, after it has done every other file of the output). A helper
thread does the reading and piping, so Pelican never waits on a full pipe.
Builds that write no page (an empty site) index nothing.

Development builds (SEARCH_ONLY_CHANGED, on in pelicanconf.py) index only
when it is needed, because indexing all 2,000 pages costs more than the rest
of a rebuild:

- the first build (no index in the output yet) indexes every page;
- a rebuild in which no indexed page changed (byte for byte, digests kept in
  CACHE_PATH/search-pages.json) does not start Pagefind at all;
- a rebuild in which some changed feeds Pagefind only those pages, when this
  process still holds a service that has every other page
  (SEARCH_KEEP_SERVICE, which `make serve` turns on: `pelican --autoreload`
  runs every rebuild in one process). Pagefind's service replaces a page it
  is given again (its `fossick_one` keeps one entry per URL, pagefind/src/lib.rs)
  and `WriteFiles` rebuilds the whole index from what it holds, so the
  index is complete after each write. It has no request to remove a page,
  so a build that drops a page starts a new service with every page;
- a one-off `make build` has no such service: it leaves the index as it was
  and says how many pages it does not cover yet. Starting a service and
  feeding every page again would cost the whole index (6-9 CPU-seconds at
  2,000 articles) for each edit; `make serve` and `make publish` bring it
  up to date.

Production builds (publishconf.py) index every page in every build.

Memory: Pagefind's peak comes when it builds the index (WriteFiles), not
while it reads pages: Pagefind 1.5.2 makes a word map for every page in
parallel and keeps them all until it merges them (build_indexes in
pagefind/src/index/mod.rs), on top of every page it holds and a copy of them
(pagefind/src/lib.rs). Its allocator, jemalloc, by default keeps freed pages
for 10 s and one arena per CPU, so the memory of the pages it has already
merged is not handed back while the peak goes on. SEARCH_PAGEFIND_MALLOC_CONF
tunes that through jemalloc's own variable (the binary is built with
tikv-jemallocator, which reads _RJEM_MALLOC_CONF): on the 4,000-article bench
the service's peak falls from ~540 to ~415 MiB for the same index, byte for
byte (docs/build-speed.md).

Settings prefix SEARCH_ (SEARCH_URL and SEARCH_SAVE_AS are the theme's):
  SEARCH_PAGEFIND       False to skip (e.g. in fast unit builds)
  SEARCH_GLOB           which written pages Pagefind reads, relative to the output
                        (Pagefind's glob syntax: *, ?, {a,b}); default: articles
                        (YYYY/MM/slug/index.html) and top-level pages (slug/index.html)
  SEARCH_ONLY_CHANGED   index only what changed since the index was written (above)
  SEARCH_KEEP_SERVICE   keep the Pagefind service between the builds of one
                        process and feed it only the pages that changed
  SEARCH_PAGEFIND_MALLOC_CONF  jemalloc options for the Pagefind process
                        ("" leaves Pagefind's defaults), see Memory above
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import ctypes
import hashlib
import io
import json
import logging
import os
import queue
import re
import signal
import subprocess
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import cast

from pelican import signals

from plugins.background import be_gentle
from plugins.plugin_settings import merge

logger = logging.getLogger(__name__)

DEFAULT_GLOB = "{[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html,*/index.html}"
DEFAULTS = {
    "SEARCH_PAGEFIND": True,
    "SEARCH_GLOB": DEFAULT_GLOB,
    "SEARCH_ONLY_CHANGED": False,
    "SEARCH_KEEP_SERVICE": False,
    # One arena instead of one per CPU; freed pages handed back after 0.5 s
    # instead of 10 s (muzzy ones at once); thread caches hold objects up to
    # 1 KiB, not 32 KiB. Options: jemalloc's TUNING.md and `man jemalloc`
    # (opt.narenas, opt.dirty_decay_ms, opt.muzzy_decay_ms, opt.tcache_max).
    # Decay 0 instead of 500 ms saves no more memory and costs CPU (madvise).
    "SEARCH_PAGEFIND_MALLOC_CONF": "narenas:1,dirty_decay_ms:500,muzzy_decay_ms:0,tcache_max:1024",
}
# tikv-jemallocator builds jemalloc with the _rjem_ prefix, so the binary
# reads this variable, not MALLOC_CONF (checked in tests/search).
MALLOC_CONF_VARIABLE = "_RJEM_MALLOC_CONF"
STATE_FILE = "search-pages.json"
ENTRY = "pagefind/pagefind-entry.json"


@lru_cache(maxsize=8)
def glob_to_regex(pattern: str) -> re.Pattern:
    """Pagefind's glob dialect as a regex: * and ? stay inside one folder,
    [...] is a character class and {a,b} an alternation."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.index("]", i)
            out.append(pattern[i : end + 1])
            i = end
        elif c == "{":
            out.append("(?:")
        elif c == "}":
            out.append(")")
        elif c == ",":
            out.append("|")
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def pagefind_binary() -> str:
    # The pagefind[bin] wheel ships the executable; its wrapper finds it.
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise FileNotFoundError("pagefind")
    return str(binary)


class IndexService:
    """One `pagefind --service` process, fed pages while Pelican renders.

    Messages are base64-encoded JSON, each followed by a comma, in both
    directions; replies carry the message_id of their request. One service
    may serve several builds of one process (SEARCH_KEEP_SERVICE): it holds
    every page it was given, and each write makes the whole index."""

    def __init__(self, output_path: str, malloc_conf: str = ""):
        self.root = Path(output_path)
        env = None
        if malloc_conf:
            env = {**os.environ, MALLOC_CONF_VARIABLE: malloc_conf}
        self.process = subprocess.Popen(
            [pagefind_binary(), "--service"],
            cwd=self.root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            preexec_fn=_service_child,
        )
        # Both are pipes (PIPE above); typed once here for the helper threads.
        if self.process.stdin is None or self.process.stdout is None:
            raise RuntimeError("Pagefind service started without pipes")
        # Popen's default buffering makes them buffered streams (read1 below).
        self._stdin = cast(io.BufferedWriter, self.process.stdin)
        self._stdout = cast(io.BufferedReader, self.process.stdout)
        self.errors: list[str] = []
        self.indexed = 0
        self._next_id = 0
        self._write: WriteRequest | None = None
        self._replies: dict[int, dict] = {}
        self._replied = threading.Condition()
        self._todo: queue.SimpleQueue = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._read_replies, daemon=True)
        self._writer = threading.Thread(target=self._feed, daemon=True)
        self._reader.start()
        self._send({"type": "NewIndex", "config": {}})  # message 1: index 0
        self._writer.start()

    # Pelican's thread: only a queue put per page.
    def add(self, rel_path: str, html: str | None = None) -> None:
        """Queue one page; `html` when the caller has read it already."""
        self._write = None  # a page after a write request: write again
        self._todo.put((rel_path, html))

    def start_writing(self) -> WriteRequest:
        """Ask for the index to be written once every page queued so far is in;
        Pelican carries on meanwhile. A page added later asks again."""
        if self._write is None:
            self._write = WriteRequest()
            self._todo.put(self._write)
        return self._write

    def write(self) -> bool:
        """Write the index to output/pagefind (unless already asked for with
        nothing added since) and wait for it; the service stays up."""
        request = self.start_writing()
        while not request.sent.wait(0.2):
            if not self._writer.is_alive():
                self.errors.append("Pagefind berhenti sebelum indeks selesai ditulis")
                return False
        if request.message_id is None or self._wait_for(request.message_id).get("type") != (
            "WriteFiles"
        ):
            self.errors.append("Pagefind berhenti sebelum indeks selesai ditulis")
            return False
        if not self._wait_until_written():
            self.errors.append("Pagefind belum selesai menulis berkas indeks setelah 60 detik")
            return False
        return True

    def _wait_until_written(self, timeout: float = 60) -> bool:
        """Pagefind answers WriteFiles when every file is created and its
        bytes are handed to a tokio background task (write_all without
        flush, pagefind/src/output/mod.rs), not when they are written: tokio
        closes a file only once its last write is done (docs.rs, tokio::fs::File).
        Stopping the service or compressing its files before then leaves
        them empty or cut short. So wait until the service holds no file in
        the index folder open (Linux's /proc; elsewhere nothing to look at)."""
        fd_dir = f"/proc/{self.process.pid}/fd"
        folder = os.path.join(os.path.realpath(self.root / "pagefind"), "")
        deadline = time.monotonic() + timeout
        while True:
            try:
                fds = os.listdir(fd_dir)
            except OSError:
                return True
            writing = False
            for fd in fds:
                with contextlib.suppress(OSError):
                    writing = writing or os.readlink(f"{fd_dir}/{fd}").startswith(folder)
            if not writing:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)

    def close(self) -> None:
        """Stop the service (it does not exit at end of input; its wrappers
        terminate it too)."""
        self._todo.put(None)
        self._writer.join(timeout=60)
        self.process.terminate()
        self.process.wait(timeout=60)
        self._reader.join(timeout=5)

    def finish(self) -> None:
        """Write the index, wait for it, and stop the service."""
        self.write()
        self.close()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None and self._writer.is_alive()

    # Helper threads.
    def _send(self, payload: dict) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        self._stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        self._stdin.flush()
        return self._next_id

    def _feed(self) -> None:
        try:
            while (item := self._todo.get()) is not None:
                if isinstance(item, WriteRequest):
                    output = str(self.root / "pagefind")
                    payload = {"type": "WriteFiles", "index_id": 0, "output_path": output}
                    item.message_id = self._send(payload)
                    item.sent.set()
                    continue
                rel, html = item
                try:
                    if html is None:
                        html = (self.root / rel).read_text(encoding="utf-8")
                    payload = {"type": "AddFile", "index_id": 0, "file_path": rel}
                    self._send({**payload, "url": None, "file_contents": html})
                    self.indexed += 1
                except (OSError, ValueError) as error:
                    self.errors.append(f"{rel}: {error}")
        except OSError as error:  # the service died: a broken pipe
            self.errors.append(str(error))

    def _read_replies(self) -> None:
        buffer = b""
        stream = self._stdout
        try:
            while chunk := stream.read1(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b",")
                for raw in messages:
                    reply = json.loads(base64.b64decode(raw))
                    payload = reply.get("payload") or {}
                    if payload.get("type") == "Error":
                        self.errors.append(payload.get("message", "?"))
                    with self._replied:
                        self._replies[reply.get("message_id")] = payload
                        self._replied.notify_all()
        except (OSError, ValueError) as error:  # unreadable reply: stop waiting for more
            self.errors.append(f"balasan Pagefind tidak terbaca: {error}")
        finally:
            with self._replied:
                self._replies[-1] = {"type": "Closed"}  # no more replies will come
                self._replied.notify_all()

    def _wait_for(self, message_id: int, timeout: float = 600) -> dict:
        with self._replied:
            self._replied.wait_for(
                lambda: message_id in self._replies or -1 in self._replies, timeout=timeout
            )
            return self._replies.get(message_id, {"type": "Closed"})


def _service_child() -> None:
    """In the service's process before it starts: niced, and ended with its
    parent. `pelican --autoreload --listen` stops its build process with
    SIGTERM, which runs no atexit handler, and a kept service does not exit
    when its input closes (Pagefind's wrappers terminate it too)."""
    be_gentle()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


class WriteRequest:
    """A WriteFiles request queued behind the pages it must include."""

    def __init__(self) -> None:
        self.sent = threading.Event()
        self.message_id: int | None = None


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class SearchPlugin:
    """The search index of one build, and the Pagefind service a long-lived
    process keeps between builds (SEARCH_KEEP_SERVICE). Its bound methods are
    the signal handlers; the build's state is reset at `finalized`."""

    def __init__(self) -> None:
        self.service: IndexService | None = None  # kept across builds only when asked
        self.held: dict[str, str] = {}  # page -> digest, as the kept service has it
        self.reset()

    def reset(self) -> None:
        self.started = False
        self.enabled = False
        self.failed = False
        self.only_changed = False
        self.keep = False
        self.malloc_conf = ""
        self.has_index = False  # an index from an earlier build, with its digests
        self.fed = 0
        self.output = ""
        self.glob: re.Pattern | None = None
        self.written: dict[str, str] = {}  # page -> digest of its HTML (only_changed)
        self.state_path: Path | None = None
        self.stored: dict[str, str] = {}  # page -> digest, as the index on disk has it

    def configure(self, pelican) -> None:
        merge(pelican.settings, "SEARCH_", DEFAULTS)

    def _begin(self, settings) -> None:
        self.started = True
        self.enabled = bool(settings.get("SEARCH_PAGEFIND", True))
        # OUTPUT_PATH may be relative ("output", the default); Pelican hands
        # content_written absolute paths.
        self.output = os.path.join(os.path.abspath(settings["OUTPUT_PATH"]), "")
        self.glob = glob_to_regex(settings.get("SEARCH_GLOB", DEFAULT_GLOB))
        self.only_changed = bool(settings.get("SEARCH_ONLY_CHANGED", False))
        self.keep = self.only_changed and bool(settings.get("SEARCH_KEEP_SERVICE", False))
        self.malloc_conf = str(settings.get("SEARCH_PAGEFIND_MALLOC_CONF") or "")
        if settings.get("CACHE_PATH"):
            self.state_path = Path(settings["CACHE_PATH"]) / STATE_FILE
        if self.service is not None and (
            not self.keep or str(self.service.root) != self.output.rstrip(os.sep)
        ):
            self._drop_service()
        if not self.only_changed:
            return
        self.stored = self._load_state()
        self.has_index = bool(self.stored) and os.path.exists(os.path.join(self.output, ENTRY))

    def _state_key(self) -> str:
        return f"{self.output}|{self.glob.pattern if self.glob else ''}"

    def _load_state(self) -> dict[str, str]:
        if self.state_path is None:
            return {}
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data.get("pages", {}) if data.get("key") == self._state_key() else {}

    def _save_state(self, pages: dict[str, str] | None) -> None:
        if self.state_path is None:
            return
        if pages is None:
            self.state_path.unlink(missing_ok=True)
            return
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": self._state_key(), "pages": pages}), encoding="utf-8")
        os.replace(tmp, self.state_path)

    def _service(self) -> IndexService | None:
        if self.service is None and not self.failed:
            try:
                self.service = IndexService(self.output, self.malloc_conf)
                if self.keep:
                    atexit.register(self._drop_service)
            except OSError as error:
                logger.error("search: Pagefind tidak bisa dijalankan: %s", error)
                self.failed = True
            self.held = {}
        return self.service

    def _drop_service(self) -> None:
        service, self.service, self.held = self.service, None, {}
        if service is not None:
            service.close()

    def page_written(self, path, context) -> None:
        if not self.started:
            self._begin(context)
        if not self.enabled or self.failed:
            return
        # Plain string work: this runs for each of the thousands of pages written.
        if not path.startswith(self.output):
            return
        rel = path[len(self.output) :].replace(os.sep, "/")
        if self.glob is None or not self.glob.match(rel):
            return
        if not self.only_changed:
            if (service := self._service()) is not None:
                service.add(rel)
                self.fed += 1
            return
        # Read here, in Pelican's thread, right after Pelican wrote it: the
        # digest decides whether Pagefind needs the page at all.
        try:
            data = Path(path).read_bytes()
        except OSError:
            return
        digest = self.written[rel] = _digest(data)
        # Every page goes to Pagefind when there is no index yet (first
        # build) and when a kept service is new (it must hold every page);
        # a kept service that has the page already gets it only if it changed.
        feed = not self.has_index or (self.keep and self.held.get(rel) != digest)
        if feed and (service := self._service()) is not None:
            service.add(rel, data.decode("utf-8", "replace"))
            self.held[rel] = digest
            self.fed += 1

    def pages_written(self, generator, writer) -> None:
        """Articles and pages are the only pages indexed, and Pelican writes pages
        last: let Pagefind write the index while static files, feeds, the sitemap
        and the other plugins' end-of-build work go on."""
        if self.service is not None and self._must_write():
            self.service.start_writing()

    def _changed(self) -> tuple[list[str], list[str]]:
        changed = [rel for rel, digest in self.written.items() if self.stored.get(rel) != digest]
        removed = [rel for rel in self.stored if rel not in self.written]
        return changed, removed

    def _must_write(self) -> bool:
        if not self.only_changed or not self.has_index:
            return True
        changed, removed = self._changed()
        return bool(changed or removed) and self.keep

    def build_index(self, pelican) -> None:
        try:
            if self.enabled:
                self._finish_build()
        finally:
            self.reset()

    def _finish_build(self) -> None:
        if not self.only_changed:
            if self.service is None:
                return
            writing, self.service = self.service, None
            fed, state_path = self.fed, self.state_path

            def finish() -> None:
                writing.finish()
                self._report(writing, fed)
                if state_path is not None:  # the digests of development builds no longer hold
                    state_path.unlink(missing_ok=True)

            # Pagefind writes the index in its own process: plugins.compress
            # does the rest of the output meanwhile and calls `finish` before
            # it does output/pagefind/.
            if not _defer_to_compress(os.path.join(self.output, "pagefind"), finish):
                finish()
            return
        changed, removed = self._changed()
        if self.keep and any(rel not in self.written for rel in self.held):
            # Pagefind cannot forget a page: start again with the pages there are.
            self._drop_service()
            if (service := self._service()) is not None:
                for rel, digest in self.written.items():
                    service.add(rel)
                    self.held[rel] = digest
                self.fed = len(self.written)
        if self.has_index and not (changed or removed):
            # A kept service being seeded goes on reading in the background.
            logger.info("search: indeks pencarian sudah mutakhir (%d halaman)", len(self.written))
            return
        if self.service is None or (self.has_index and not self.keep):
            logger.info(
                "search: indeks pencarian belum memuat %d halaman yang berubah (%d dihapus); "
                "`make serve` atau `make publish` memperbaruinya",
                len(changed),
                len(removed),
            )
            return
        service = self.service
        errors = len(service.errors)
        service.write()
        if self._report(service, self.fed, since=errors):
            self._save_state(dict(self.written))
        if not self.keep:
            self._drop_service()

    def _report(self, service: IndexService, fed: int, since: int = 0) -> bool:
        errors = service.errors[since:]
        if errors:
            logger.error(
                "search: Pagefind gagal membuat indeks pencarian (kode %s):\n%s",
                service.process.returncode,
                "\n".join(errors[:20]),
            )
            return False
        logger.info("search: %d halaman dibaca Pagefind", fed)
        return True


def _defer_to_compress(folder: str, finish) -> bool:
    from plugins import compress  # a sibling plugin; importing it registers nothing

    return compress.PLUGIN is not None and compress.PLUGIN.defer(folder, finish)


# blinker keeps only weak references to bound methods: this reference keeps
# the handlers connected.
PLUGIN: SearchPlugin | None = None


def register():
    global PLUGIN
    if PLUGIN is None:
        PLUGIN = SearchPlugin()
    signals.initialized.connect(PLUGIN.configure)
    signals.content_written.connect(PLUGIN.page_written)
    signals.page_writer_finalized.connect(PLUGIN.pages_written)
    signals.finalized.connect(PLUGIN.build_index)
