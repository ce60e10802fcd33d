"""Site search: a Pagefind index of the articles and pages, built during the build.

Pagefind writes a static index to output/pagefind/, so search works from plain
static hosting. Only elements marked data-pagefind-body (articles and pages)
are indexed; the language comes from <html lang="id">, which turns on
Pagefind's Indonesian stemming.

How it stays cheap: Pagefind runs as a service process (`pagefind --service`,
the protocol its own Node and Python wrappers use) from the first page Pelican
writes. Each article or page is handed to it as soon as it is written, so the
parsing and stemming happen on another core while Pelican renders the rest.
Pelican writes the pages (tentang/, kontak/...) after every article and
listing page, so once they are written (`page_writer_finalized`) Pagefind
writes the index while the build goes on; `finalized` waits for it. A helper
thread does the reading and piping, so Pelican never waits on a full pipe.
Builds that write no page (an empty site) index nothing, as before.

Settings prefix SEARCH_:
  SEARCH_PAGEFIND  False to skip (e.g. in fast unit builds)
  SEARCH_GLOB      which written pages Pagefind reads, relative to the output
                   (Pagefind's glob syntax: *, ?, {a,b}); default: articles
                   (YYYY/MM/slug/index.html) and top-level pages (slug/index.html)
"""

from __future__ import annotations

import base64
import json
import logging
import os
import queue
import re
import subprocess
import threading
from functools import lru_cache
from pathlib import Path

from pelican import signals

from plugins.background import be_gentle

logger = logging.getLogger(__name__)

DEFAULT_GLOB = "{[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html,*/index.html}"


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
    directions; replies carry the message_id of their request."""

    def __init__(self, output_path: str):
        self.root = Path(output_path)
        self.process = subprocess.Popen(
            [pagefind_binary(), "--service"],
            cwd=self.root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            preexec_fn=be_gentle,
        )
        self.errors: list[str] = []
        self.indexed = 0
        self._next_id = 0
        self._write_id: int | None = None
        self._replies: dict[int, dict] = {}
        self._replied = threading.Condition()
        self._todo: queue.SimpleQueue = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._read_replies, daemon=True)
        self._writer = threading.Thread(target=self._feed, daemon=True)
        self._reader.start()
        self._send({"type": "NewIndex", "config": {}})  # message 1: index 0
        self._writer.start()

    # Pelican's thread: only a queue put per page.
    def add(self, rel_path: str) -> None:
        self._todo.put(rel_path)

    def start_writing(self) -> None:
        """Ask for the index to be written once every page queued so far is in;
        Pelican carries on meanwhile. A page added later asks again in finish()."""
        self._todo.put(WRITE)

    def finish(self) -> None:
        """Write the index to output/pagefind (unless already asked for with
        nothing added since), wait for it, and stop the service."""
        self._todo.put(None)
        self._writer.join()
        try:
            if self._write_id is None:
                self._request_write()
            if self._wait_for(self._write_id).get("type") != "WriteFiles":
                self.errors.append("Pagefind berhenti sebelum indeks selesai ditulis")
        except OSError as error:  # the service died: a broken pipe
            self.errors.append(str(error))
        # The service does not exit at end of input; its wrappers terminate it too.
        self.process.terminate()
        self.process.wait(timeout=60)
        self._reader.join(timeout=5)

    # Helper threads.
    def _send(self, payload: dict) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        self.process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        self.process.stdin.flush()
        return self._next_id

    def _request_write(self) -> None:
        self._write_id = self._send(
            {"type": "WriteFiles", "index_id": 0, "output_path": str(self.root / "pagefind")}
        )

    def _feed(self) -> None:
        while (rel := self._todo.get()) is not None:
            if rel is WRITE:
                self._request_write()
                continue
            self._write_id = None  # a page after a write request: write again
            try:
                html = (self.root / rel).read_text(encoding="utf-8")
                payload = {"type": "AddFile", "index_id": 0, "file_path": rel}
                self._send({**payload, "url": None, "file_contents": html})
                self.indexed += 1
            except (OSError, ValueError) as error:
                self.errors.append(f"{rel}: {error}")

    def _read_replies(self) -> None:
        buffer = b""
        stream = self.process.stdout
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


WRITE = object()  # queued after the last page: write the index now

# The index of the build in progress (`make serve --autoreload` runs many
# builds in one process).
_CURRENT: dict[str, IndexService] = {}


def page_written(path, context) -> None:
    settings = context
    if not settings.get("SEARCH_PAGEFIND", True) or "failed" in _CURRENT:
        return
    # Plain string work: this runs for each of the thousands of pages written.
    # OUTPUT_PATH may be relative ("output", the default); Pelican hands
    # content_written absolute paths.
    output = os.path.join(os.path.abspath(settings["OUTPUT_PATH"]), "")
    if not path.startswith(output):
        return
    rel = path[len(output) :].replace(os.sep, "/")
    if not glob_to_regex(settings.get("SEARCH_GLOB", DEFAULT_GLOB)).match(rel):
        return
    service = _CURRENT.get("build")
    if service is None:
        try:
            service = _CURRENT["build"] = IndexService(output)
        except OSError as error:
            logger.error("search: Pagefind tidak bisa dijalankan: %s", error)
            _CURRENT["failed"] = True
            return
    service.add(rel)


def pages_written(generator, writer) -> None:
    """Articles and pages are the only pages indexed, and Pelican writes pages
    last: let Pagefind write the index while static files, feeds, the sitemap
    and the other plugins' end-of-build work go on."""
    service = _CURRENT.get("build")
    if service is not None:
        service.start_writing()


def build_index(pelican) -> None:
    _CURRENT.pop("failed", None)
    service = _CURRENT.pop("build", None)
    if service is None:
        return
    service.finish()
    if service.errors:
        logger.error(
            "search: Pagefind gagal membuat indeks pencarian (kode %s):\n%s",
            service.process.returncode,
            "\n".join(service.errors[:20]),
        )
    else:
        logger.info("search: %d halaman dibaca Pagefind", service.indexed)


def register():
    signals.content_written.connect(page_written)
    signals.page_writer_finalized.connect(pages_written)
    signals.finalized.connect(build_index)
