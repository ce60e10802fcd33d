"""At 360 px, everything the reader's phone downloads before scrolling, images
included, stays within 120 KB, measured from the browser's own network events
against a server that serves the precompressed files as a real host would."""

from __future__ import annotations

import pytest

from tests._support import sitekit

FIRST_SCREEN_BUDGET = 120 * 1024
KINDS = ["home", "article-photo", "gallery", "video-facade", "category", "archive", "search", "404"]


def transferred_before_scroll(page, url):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("scrollY") == 0
    sizes = {}
    for response in responses:
        measured = response.request.sizes()
        sizes[response.url] = measured["responseBodySize"] + measured["responseHeadersSize"]
    return sizes


def report(sizes):
    lines = [f"{size:>8} {url}" for url, size in sorted(sizes.items(), key=lambda i: -i[1])]
    return "\n".join(lines)


@pytest.mark.parametrize("kind", KINDS)
def test_first_screen_at_360px_is_within_120_kb(kind, require_kind, browser, server):
    url = require_kind(kind)
    context = browser.new_context(viewport=sitekit.VIEWPORTS["mobile"], base_url=server.base_url)
    try:
        sizes = transferred_before_scroll(context.new_page(), url)
    finally:
        context.close()
    total = sum(sizes.values())
    assert total <= FIRST_SCREEN_BUDGET, f"{kind}: {total} B before scrolling\n{report(sizes)}"


def test_every_article_first_screen_is_within_120_kb(built_site, browser, server):
    context = browser.new_context(viewport=sitekit.VIEWPORTS["mobile"], base_url=server.base_url)
    over = {}
    try:
        for page_path in sitekit.article_pages(built_site):
            url = sitekit.url_of(built_site, page_path)
            page = context.new_page()
            sizes = transferred_before_scroll(page, url)
            page.close()
            if sum(sizes.values()) > FIRST_SCREEN_BUDGET:
                over[url] = f"{sum(sizes.values())} B\n{report(sizes)}"
    finally:
        context.close()
    assert over == {}, "\n".join(f"{u}: {r}" for u, r in over.items())


def test_server_really_sends_precompressed_files(browser, server):
    context = browser.new_context(base_url=server.base_url)
    try:
        page = context.new_page()
        response = page.goto("/")
        encoding = response.headers.get("content-encoding")
    finally:
        context.close()
    assert encoding in ("br", "gzip"), "the test host should serve the .br/.gz files"
