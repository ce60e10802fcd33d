"""Build the sample site once, serve it like a real static host, and find its pages.

Shared by tests/browser, tests/budgets and bench/lighthouse.py, imported as
``tests._support.sitekit``. Nothing here depends on pytest.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
TOOLS_DIR = ROOT / "tests" / "browser"  # package.json for axe-core, vnu-jar, lighthouse
NODE_MODULES = TOOLS_DIR / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_BIN = NODE_MODULES / ".bin" / "lighthouse"


def _find_chromium() -> str:
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    # Debian's chromium; Chrome where it is preinstalled instead (GitHub's runners).
    for name in ("chromium", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium"


CHROMIUM = _find_chromium()
# Without these, Chromium phones home at start-up (Google hosts, component
# updates); on a closed network that only produces noise and delays.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

VIEWPORTS = {"mobile": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(message: str):
    """A required tool is missing: fail under CI (it must be there), skip elsewhere."""
    import pytest

    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def build_site(
    dest: Path,
    cache_dir: Path,
    settings_file: str = "pelicanconf.py",
    env: dict | None = None,
    media_cache: Path | None = None,
) -> Path:
    """Run this project's real Pelican build (all plugins) into dest.

    ``media_cache`` shares the content-addressed photo cache with other builds
    of the same photos (the test session's ``media_cache`` fixture); without it
    the cache sits beside ``cache_dir`` and every photo is encoded afresh."""
    if dest.exists():
        shutil.rmtree(dest)
    # The sample copy under tests/, at the suite's frozen moment (tests/conftest.py).
    command = [
        sys.executable,
        str(ROOT / "tests" / "tools" / "pelican_at.py"),
        os.environ.get("BKD_TEST_NOW", "2026-11-29T12:00:00+08:00"),
        "tests/fixtures/site-content",
        "-s",
        settings_file,
        "-o",
        str(dest),
        "-e",
        f'CACHE_PATH="{cache_dir}"',
        # Served as the public host serves it: minified, with .gz/.br twins
        # (development settings leave them to publishconf.py).
        "COMPRESS_ENABLED=true",
    ]
    if media_cache is not None:
        command.append(f'MEDIA_CACHE_PATH="{media_cache}"')
    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, **(env or {})},
    )
    if result.returncode != 0 or not (dest / "index.html").exists():
        raise RuntimeError(
            f"Pelican build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return dest


class PrecompressedHandler(SimpleHTTPRequestHandler):
    """Serves `x.br` / `x.gz` for `x` when the browser accepts them, as nginx
    `brotli_static`/`gzip_static` do, and the site's 404.html for missing paths."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".webp": "image/webp",
        ".avif": "image/avif",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".xml": "application/xml",
    }

    def log_message(self, format, *args):  # noqa: A002 - signature from the stdlib
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the stdlib's redirect to "dir/"
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return self._not_found()
        accepted = self.headers.get("Accept-Encoding", "")
        for suffix, encoding in ((".br", "br"), (".gz", "gzip")):
            if encoding in accepted and os.path.isfile(path + suffix):
                return self._send_file(path + suffix, self.guess_type(path), encoding)
        return self._send_file(path, self.guess_type(path), None)

    def _send_file(self, path, content_type, encoding, status=200):
        handle = open(path, "rb")  # noqa: SIM115 - the stdlib's copyfile closes it
        size = os.fstat(handle.fileno()).st_size
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(size))
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        return handle

    def _not_found(self):
        page = os.path.join(self.directory, "404.html")
        if os.path.isfile(page):
            return self._send_file(page, "text/html; charset=utf-8", None, status=404)
        self.send_error(404)
        return None


@dataclass
class Server:
    root: Path
    httpd: ThreadingHTTPServer = field(repr=False)
    thread: threading.Thread = field(repr=False)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def origin_host(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{host}:{port}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve(root: Path, port: int = 0) -> Server:
    """Serve root on a loopback port (0: any free one) in a background thread."""
    handler = functools.partial(PrecompressedHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    return Server(root, httpd, thread)


# ---------------------------------------------------------------------------
# Finding the pages to test, by what they contain rather than by name, so the
# tests follow the sample content as it changes.

ARTICLE_PATH = re.compile(r"^\d{4}/\d{2}/[^/]+/index\.html$")
# The output is minified, so attribute values may be unquoted (class=gallery).
GALLERY_MARK = re.compile(r'class=(?:"[^"]*)?\bgallery(?![\w-])|data-gallery\b', re.I)
VIDEO_MARK = re.compile(r'data-video-id=|class=(?:"[^"]*)?\bvideo-facade(?![\w-])', re.I)
PHOTO_MARK = re.compile(r"<picture\b|<figure[^>]*\blead\b", re.I)


def html_pages(root: Path) -> list[Path]:
    """The public pages: not Pagefind's files, not the web editor (/admin/).
    Only the top folder decides: an article may well be called "admin"."""
    return sorted(
        p for p in root.rglob("*.html") if p.relative_to(root).parts[0] not in ("pagefind", "admin")
    )


def url_of(root: Path, page: Path) -> str:
    rel = page.relative_to(root).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return "/" + rel


def article_pages(root: Path) -> list[Path]:
    return [p for p in html_pages(root) if ARTICLE_PATH.match(p.relative_to(root).as_posix())]


def first_article_matching(root: Path, mark: re.Pattern, exclude=()) -> str | None:
    """URL of the first article whose HTML carries mark (and none of exclude)."""
    for page in article_pages(root):
        text = page.read_text(encoding="utf-8")
        if mark.search(text) and not any(other.search(text) for other in exclude):
            return url_of(root, page)
    return None


def first_existing(root: Path, *candidates: str) -> str | None:
    for rel in candidates:
        if (root / rel).exists():
            return url_of(root, root / rel)
    return None


def find_page_kinds(root: Path) -> dict[str, str | None]:
    """Map each kind of page the issue names to one URL in the built site (or None)."""
    category_pages = sorted((root / "kategori").glob("*/index.html"))
    return {
        "home": "/",
        "article-photo": first_article_matching(root, PHOTO_MARK, exclude=(GALLERY_MARK,))
        or first_article_matching(root, PHOTO_MARK),
        "gallery": first_article_matching(root, GALLERY_MARK),
        "video-facade": first_article_matching(root, VIDEO_MARK),
        "category": url_of(root, category_pages[0]) if category_pages else None,
        "archive": first_existing(root, "arsip/index.html"),
        "search": first_existing(root, "cari/index.html"),
        # A real missing address: the host answers 404 with the site's 404 page.
        "404": "/halaman-yang-tidak-ada/" if (root / "404.html").exists() else None,
    }


def ensure_npm_tools() -> None:
    """Install the pinned npm tools (package-lock.json) unless already there.

    --ignore-scripts: vnu-jar's postinstall would try to download a Java
    runtime; we use Debian's.
    """
    if AXE_JS.exists() and VNU_JAR.exists() and LIGHTHOUSE_BIN.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found: install Debian's nodejs/npm (see .ci/run)")
    subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=TOOLS_DIR,
        check=True,
    )


_SHARED_BUILD: dict[str, Path] = {}


def build_once(make_dir, media_cache: Path | None = None) -> Path:
    """One build per test session, shared by every folder that asks (make_dir gives
    an empty temporary directory, e.g. pytest's tmp_path_factory.mktemp)."""
    if "site" not in _SHARED_BUILD:
        base = Path(make_dir())
        _SHARED_BUILD["site"] = build_site(base / "output", base / "cache", media_cache=media_cache)
    return _SHARED_BUILD["site"]


class PageRecorder:
    """Every request, console error and uncaught exception of one Playwright page."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def _on_request(self, request):
        self.requests.append(request.url)

    def _on_console(self, message):
        if message.type == "error":
            where = (message.location or {}).get("url", "")
            self.console_errors.append(f"{message.text} ({where})")

    def _on_pageerror(self, error):
        self.console_errors.append(f"uncaught: {error}")

    def detach(self):
        self.page.remove_listener("request", self._on_request)
        self.page.remove_listener("console", self._on_console)
        self.page.remove_listener("pageerror", self._on_pageerror)

    def foreign_requests(self, origin_host: str) -> list[str]:
        """Requests to anything but the site's own host (data: and blob: stay local)."""
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.netloc != origin_host:
                foreign.append(url)
        return foreign
