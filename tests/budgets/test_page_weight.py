"""Every page's HTML + CSS + JS + fonts fits in 50 KB gzip-compressed.

Bytes are deterministic, so this is a plain file-system measurement: the page,
plus every stylesheet, script, module it imports statically, and font it pulls
in. What loads only after the reader acts (Pagefind's index after a search, a
YouTube player after a click) is not part of the page.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests._support import sitekit

PAGE_BUDGET = 50 * 1024
FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".otf")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)")
JS_STATIC_IMPORT = re.compile(r"""(?:^|[;\s}])import\s*(?:[\w{}*,\s$]+from\s*)?["']([^"']+)["']""")


class AssetFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets: list[tuple[str, str]] = []  # (kind, href)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href"):
            if "stylesheet" in rel:
                self.assets.append(("css", a["href"]))
            elif "modulepreload" in rel or (
                "preload" in rel and a.get("as") in ("script", "font", "style")
            ):
                self.assets.append((a.get("as") or "js", a["href"]))
        elif tag == "script" and a.get("src"):
            self.assets.append(("js", a["src"]))


def local_file(root: Path, page_url: str, href: str) -> Path | None:
    url = urljoin("http://site" + page_url, href)
    parts = urlsplit(url)
    if parts.netloc != "site":
        return None  # a third-party asset; the browser tests forbid those
    path = root / parts.path.lstrip("/")
    if parts.path.endswith("/"):
        path = path / "index.html"
    return path


def page_assets(root: Path, page: Path) -> set[Path]:
    page_url = sitekit.url_of(root, page)
    finder = AssetFinder()
    finder.feed(page.read_text(encoding="utf-8"))
    seen: set[Path] = set()
    queue = [(kind, local_file(root, page_url, href)) for kind, href in finder.assets]
    while queue:
        _kind, path = queue.pop()
        if path is None or path in seen:
            continue
        assert path.exists(), f"{page_url} links to a missing file {path.relative_to(root)}"
        seen.add(path)
        url = "/" + path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8") if path.suffix in (".css", ".js", ".mjs") else ""
        if path.suffix == ".css":
            for ref in CSS_IMPORT.findall(text):
                queue.append(("css", local_file(root, url, ref)))
            for ref in CSS_URL.findall(text):
                if urlsplit(ref).path.endswith(FONT_EXTENSIONS):
                    queue.append(("font", local_file(root, url, ref)))
        elif path.suffix in (".js", ".mjs"):
            for ref in JS_STATIC_IMPORT.findall(text):
                queue.append(("js", local_file(root, url, ref)))
    return seen


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def test_every_page_with_its_css_js_and_fonts_is_within_50_kb_gzip(built_site):
    pages = sitekit.html_pages(built_site)
    assert len(pages) > 10, "the sample site looks empty"
    over = {}
    for page in pages:
        files = [page, *sorted(page_assets(built_site, page))]
        sizes = {f.relative_to(built_site).as_posix(): gzip_size(f) for f in files}
        if sum(sizes.values()) > PAGE_BUDGET:
            over[sitekit.url_of(built_site, page)] = sizes
    assert over == {}, f"pages over {PAGE_BUDGET} B gzip: {over}"


def test_pages_use_a_stylesheet_and_it_is_counted(built_site):
    """Guards the measurement above: if asset discovery broke, every page would look tiny."""
    assets = page_assets(built_site, built_site / "index.html")
    assert any(p.suffix == ".css" for p in assets)
    search = built_site / "cari" / "index.html"
    if search.exists():
        assert any(p.suffix == ".js" for p in page_assets(built_site, search))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('import x from "./a.js";', ["./a.js"]),
        ('import "./b.js"', ["./b.js"]),
        ("const m = await import('./lazy.js');", []),  # dynamic: loads on demand
    ],
)
def test_static_import_detection(source, expected):
    assert JS_STATIC_IMPORT.findall(source) == expected
