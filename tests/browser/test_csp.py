"""The Content-Security-Policy of base.html breaks nothing: no page of the
sample site triggers a `securitypolicyviolation` event in Chromium, at phone
and desktop width, including search (Pagefind's WebAssembly) and a click on
the video facade (the youtube-nocookie.com frame). And the policy is really
enforced: an inline script injected into a page is refused and reported."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from tests._support import sitekit

# Registered before any of the page's own scripts run.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}: ${e.sample}`);
});
"""

KINDS = ["home", "article-photo", "gallery", "video-facade", "category", "archive", "404"]


def extra_kinds(built_site) -> dict[str, str]:
    """Page kinds the shared finder does not name: a tag and a static page."""
    tags = sorted((built_site / "tag").glob("*/index.html"))
    pages = [
        p
        for p in sorted(built_site.glob("*/index.html"))
        if p.parent.name not in {"kategori", "tag", "penulis", "arsip", "cari", "page", "admin"}
        and not p.parent.name.isdigit()
    ]
    assert tags and pages, "the sample site needs a tag page and a static page"
    return {
        "tag": sitekit.url_of(built_site, tags[0]),
        "page": sitekit.url_of(built_site, pages[0]),
    }


@pytest.fixture
def open_listening(browser, server):
    contexts = []

    def _open(url: str, viewport: str):
        context = browser.new_context(
            viewport=sitekit.VIEWPORTS[viewport], base_url=server.base_url, locale="id-ID"
        )
        contexts.append(context)
        context.add_init_script(LISTEN)
        # CI has no internet and the tests never reach YouTube: the player
        # frame's request is answered locally (CSP is checked before that).
        context.route(
            lambda u: urlsplit(u).netloc != server.origin_host,
            lambda route: route.fulfill(status=204, body=""),
        )
        page = context.new_page()
        response = page.goto(url, wait_until="load")
        return page, response

    yield _open
    for context in contexts:
        context.close()


def violations(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp")


@pytest.mark.parametrize("viewport", list(sitekit.VIEWPORTS))
@pytest.mark.parametrize("kind", [*KINDS, "tag", "page"])
def test_page_triggers_no_csp_violation(kind, viewport, require_kind, built_site, open_listening):
    url = extra_kinds(built_site)[kind] if kind in ("tag", "page") else require_kind(kind)
    page, response = open_listening(url, viewport)
    assert response.status == (404 if kind == "404" else 200)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert violations(page) == []


@pytest.mark.parametrize("viewport", list(sitekit.VIEWPORTS))
def test_video_facade_click_triggers_no_csp_violation(viewport, require_kind, open_listening):
    page, _ = open_listening(require_kind("video-facade"), viewport)
    page.locator("a.video-facade").first.click()
    frame = page.locator("iframe[src*='youtube-nocookie.com']")
    frame.wait_for(state="attached", timeout=5_000)
    assert violations(page) == []


@pytest.mark.parametrize("viewport", list(sitekit.VIEWPORTS))
def test_search_with_a_query_triggers_no_csp_violation(viewport, require_kind, open_listening):
    page, _ = open_listening(require_kind("search") + "?q=pangkat", viewport)
    results = page.locator("#search-results li")
    results.first.wait_for(timeout=15_000)  # Pagefind's WebAssembly ran
    assert results.count() > 0
    assert violations(page) == []


def test_policy_is_enforced(require_kind, open_listening):
    """The listener and the policy are live: injected inline script is blocked."""
    page, _ = open_listening(require_kind("home"), "mobile")
    page.evaluate(
        """() => {
      const s = document.createElement("script");
      s.textContent = "window.__ran = true";
      document.body.append(s);
      const d = document.createElement("div");
      d.setAttribute("style", "color: red");
      document.body.append(d);
    }"""
    )
    found = violations(page)
    assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in found), found


def _hostile_corpus_module():
    from tests.security import conftest

    return conftest


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The hostile-markup corpus of tests/security, built and served."""
    root = tmp_path_factory.mktemp("hostile-browser")
    content = _hostile_corpus_module().copy_corpus(root)
    out = root / "output"
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
    command += ["-o", str(out), "-e", f'CACHE_PATH="{root / "cache"}"', "FBS_ENABLED=false"]
    done = subprocess.run(command, cwd=sitekit.ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    running = sitekit.serve(out)
    yield out, running
    running.stop()


def test_hostile_corpus_runs_nothing_in_chromium(browser, hostile_server):
    """Every page of the hostile corpus: no dialog opens, no inline script or
    style is even attempted (it would be a CSP violation), and search results
    built from hostile text hold only text, links and <mark>."""
    out, running = hostile_server
    context = browser.new_context(viewport=sitekit.VIEWPORTS["mobile"], base_url=running.base_url)
    context.add_init_script(LISTEN)
    context.route(
        lambda u: urlsplit(u).netloc != running.origin_host,
        lambda route: route.fulfill(status=204, body=""),
    )
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    found = {}
    try:
        for html in sitekit.html_pages(out):
            url = sitekit.url_of(out, html)
            page.goto(url, wait_until="load")
            page.mouse.move(5, 5)
            page.mouse.move(180, 400)
            if page.evaluate("window.__csp"):
                found[url] = page.evaluate("window.__csp")
        page.goto("/cari/?q=alert", wait_until="load")
        page.locator("#search-results li").first.wait_for(timeout=15_000)
        tags = page.evaluate(
            "[...document.querySelectorAll('#search-results *')].map((e) => e.tagName)"
        )
    finally:
        context.close()
    assert dialogs == []
    assert found == {}
    assert set(tags) <= {"LI", "A", "P", "MARK"}, tags
