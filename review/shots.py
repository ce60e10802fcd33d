"""Screenshots for the review package, in headless Chromium (Playwright).

- the article page at 360 px, as most readers see it on a phone;
- a mock of each post as followers will see it, drawn by the sandbox's
  timeline viewer (the same markup `make serve` shows).

The PR build has absolute URLs on the production host; every request to that
host is answered from the built folder, and every other request is refused, so
nothing leaves the machine.
"""

from __future__ import annotations

import html
import mimetypes
import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

# The one place the sandbox viewer is imported from.
from bkd_sandbox.viewer import STYLE, TITLES
from bkd_sandbox.viewer import _article as viewer_post

WIDTH = 360
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
]


def chromium_path() -> str | None:
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    for name in ("chromium", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def mock_html(post, when: str) -> str:
    """One post in the sandbox viewer's markup and style."""
    images = [m["url"] for m in post.media if m.get("url") and m["kind"] in ("image", "thumbnail")]
    alts = [m.get("alt", "") for m in post.media if m.get("url")]
    text = post.text
    if post.platform == "youtube":
        text = f"{post.title}\n\n{post.text}"
    shown = {
        "id": "pratinjau",
        "text": text,
        "images": images,
        "alt_texts": alts,
        "link": post.link if post.platform in ("facebook", "x") else "",
        "time": when,
    }
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{STYLE} main{{display:block}}</style></head><body><main>"
        f"<section><h2>{html.escape(TITLES[post.platform])}</h2>"
        f"{viewer_post(post.platform, shown)}</section></main></body></html>"
    )


def capture(reviews, manifest, site: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from review.package import Picture

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium tidak ditemukan (apt-get install chromium)")
    origin = urlparse(manifest.site_url)
    site = site.resolve()

    def serve(route) -> None:
        url = urlparse(route.request.url)
        if (url.scheme, url.netloc) != (origin.scheme, origin.netloc):
            route.abort()
            return
        path = unquote(url.path)
        if origin.path and path.startswith(origin.path):
            path = path[len(origin.path) :]
        target = (site / path.lstrip("/")).resolve()
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        if not target.is_relative_to(site) or not target.is_file():
            route.fulfill(status=404, body="")
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=target.read_bytes(), content_type=kind)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": 780})
            page.route("**/*", serve)
            for review in reviews:
                if not review.page_url:
                    continue
                key = review.article_id
                (out / key).mkdir(parents=True, exist_ok=True)
                page.goto(review.page_url, wait_until="load")
                shot = out / key / "halaman-360.jpg"
                page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=70)
                review.pictures.insert(
                    0, Picture("Halaman di layar ponsel (360 px)", f"{key}/halaman-360.jpg")
                )
                for post in review.posts:
                    page.set_content(mock_html(post, review.published_utc), wait_until="load")
                    name = f"{key}/mock-{post.platform}.png"
                    page.locator("section").screenshot(path=str(out / name))
                    review.pictures.append(Picture(f"Tiruan unggahan {post.label}", name))
        finally:
            browser.close()
