"""No request leaves the site's own host, and nothing is logged as an error, on any kind of page."""

from __future__ import annotations

import pytest

from tests._support import sitekit

KINDS = ["home", "article-photo", "gallery", "video-facade", "category", "archive", "search", "404"]

SCROLL_TO_END = """async () => {
  // Walk down the page so lazy images and anything loaded on scroll is requested.
  for (let y = 0; y <= document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)));
  }
}"""


def own_404_noise(kind, messages):
    # Chromium reports the 404 status of the page itself as a console error;
    # that status is what the 404 page is for.
    if kind != "404":
        return messages
    return [m for m in messages if "status of 404" not in m]


@pytest.mark.parametrize("viewport", list(sitekit.VIEWPORTS))
@pytest.mark.parametrize("kind", KINDS)
def test_page_requests_only_its_own_host_and_logs_no_errors(
    kind, viewport, require_kind, open_page, server
):
    page, recorder, response = open_page(require_kind(kind), viewport)
    expected_status = 404 if kind == "404" else 200
    assert response.status == expected_status
    page.evaluate(SCROLL_TO_END)
    page.wait_for_load_state("networkidle")
    assert recorder.requests, "no request recorded at all (is the recorder attached?)"
    assert recorder.foreign_requests(server.origin_host) == []
    assert own_404_noise(kind, recorder.console_errors) == []


def test_every_page_of_the_site_loads_only_from_its_own_host(built_site, browser, server):
    """Every HTML page (tags, authors, pages, pagination too), at phone size."""
    context = browser.new_context(viewport=sitekit.VIEWPORTS["mobile"])
    recorders = {}
    page = context.new_page()
    try:
        for html in sitekit.html_pages(built_site):
            url = sitekit.url_of(built_site, html)
            if url.endswith("404.html"):
                continue
            recorder = sitekit.PageRecorder(page)
            response = page.goto(server.base_url + url, wait_until="load")
            assert response.status == 200, url
            recorders[url] = recorder
            recorder.detach()
    finally:
        context.close()
    foreign = {url: r.foreign_requests(server.origin_host) for url, r in recorders.items()}
    errors = {url: r.console_errors for url, r in recorders.items()}
    assert {u: f for u, f in foreign.items() if f} == {}
    assert {u: e for u, e in errors.items() if e} == {}
