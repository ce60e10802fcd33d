"""Screenshots of the first screen of home, an article and a listing at 360 px
and 1280 px, for docs/identity.md.

    python bench/screenshots.py SITE_DIR docs/screenshots/after

SITE_DIR is a built site (e.g. the sample content built with pelicanconf.py);
it is served from loopback exactly as the browser tests serve it, and shot
with Debian's Chromium through Playwright (first screen only, JPEG).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests._support import sitekit

SIZES = {"360": {"width": 360, "height": 740}, "1280": {"width": 1280, "height": 800}}


def pages(root: Path) -> dict[str, str]:
    kinds = sitekit.find_page_kinds(root)
    return {"home": "/", "article": kinds["article-photo"], "listing": kinds["category"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.dest.mkdir(parents=True, exist_ok=True)
    server = sitekit.serve(args.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=sitekit.CHROMIUM, args=sitekit.CHROMIUM_ARGS
            )
            for width, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport, base_url=server.base_url)
                page = context.new_page()
                for name, url in pages(args.site).items():
                    page.goto(url, wait_until="networkidle")
                    target = args.dest / f"{name}-{width}.jpg"
                    page.screenshot(path=str(target), type="jpeg", quality=70)
                    print(target, url)
                context.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
