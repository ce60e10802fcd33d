"""The gallery and the video facade work from the keyboard, and the facade loads
nothing from YouTube until the reader asks for the video."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests._support import sitekit

GALLERY = ".gallery, [data-gallery]"
FACADE = "[data-video-id], .video-facade"
YOUTUBE_HOSTS = ("www.youtube-nocookie.com", "youtube-nocookie.com", "www.youtube.com")


def tab_until_inside(page, selector, limit=80):
    """Press Tab until focus is inside selector; return the focused element's HTML."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "(sel) => { const a = document.activeElement; return a && a.closest(sel) ?"
            " a.outerHTML.slice(0, 160) : null; }",
            selector,
        )
        if inside:
            return inside
    pytest.fail(f"Tab never reached {selector}")


GALLERY_CONTROLS = """(g) => [...g.querySelectorAll(
  "a[href], button, [tabindex]:not([tabindex='-1']), summary, input, select")].length"""


@pytest.mark.parametrize("viewport", list(sitekit.VIEWPORTS))
def test_gallery_is_usable_from_the_keyboard(viewport, require_kind, open_page, server):
    page, recorder, _response = open_page(require_kind("gallery"), viewport)
    gallery = page.locator(GALLERY).first
    images = gallery.locator("img")
    assert images.count() >= 2, "a gallery shows at least two photos"
    alts = [images.nth(i).get_attribute("alt") for i in range(images.count())]
    assert all(a and a.strip() for a in alts), f"every gallery photo needs alt text: {alts}"
    if gallery.evaluate(GALLERY_CONTROLS) == 0:
        # A plain list of photos: nothing to operate, so nothing may be hidden
        # behind a control either. Every photo is shown once the reader scrolls
        # to it with the keyboard (End / Page Down), lazy ones included.
        page.keyboard.press("End")
        page.wait_for_load_state("networkidle")
        gallery.scroll_into_view_if_needed()
        hidden = [i for i in range(images.count()) if not images.nth(i).is_visible()]
        assert hidden == [], f"gallery photos hidden without a control to show them: {hidden}"
        for i in range(images.count()):
            images.nth(i).scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        unloaded = page.evaluate(
            "(sel) => [...document.querySelector(sel).querySelectorAll('img')]"
            ".filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.currentSrc)",
            GALLERY,
        )
        assert unloaded == []
    else:
        tab_until_inside(page, GALLERY)
        before_url = page.url
        before = gallery.evaluate("(g) => g.outerHTML")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        # Either the item opens (a larger photo or its page) or the gallery changes
        # state in place (lightbox, next photo); both must come from the site itself.
        if page.url == before_url:
            after = page.locator(GALLERY).first.evaluate("(g) => g.outerHTML")
            dialog = page.locator("dialog[open], [role=dialog]:visible")
            assert after != before or dialog.count() > 0, "Enter on the gallery did nothing"
        else:
            assert urlsplit(page.url).netloc == server.origin_host
    assert recorder.foreign_requests(server.origin_host) == []
    assert recorder.console_errors == []


@pytest.mark.parametrize("viewport", list(sitekit.VIEWPORTS))
def test_video_facade_plays_from_the_keyboard_and_loads_nothing_before(
    viewport, require_kind, open_page, server
):
    page, recorder, _response = open_page(require_kind("video-facade"), viewport)
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0, "an iframe is on the page before the click"
    assert recorder.foreign_requests(server.origin_host) == [], "requests before the click"
    # Block the player itself: CI has no internet, and we only need to see it asked for.
    page.route(
        lambda url: urlsplit(url).netloc != server.origin_host,
        lambda route: route.fulfill(status=204, body=""),
    )
    focused = tab_until_inside(page, FACADE)
    assert focused, "the facade has no keyboard control"
    page.keyboard.press("Enter")
    iframe = page.locator(f"{FACADE} iframe, iframe[src*='youtube']").first
    iframe.wait_for(state="attached", timeout=5_000)
    src = iframe.get_attribute("src") or ""
    assert urlsplit(src).netloc in YOUTUBE_HOSTS, src
    assert "youtube-nocookie.com" in src, f"use the privacy-enhanced player: {src}"
    assert iframe.get_attribute("title"), "the player iframe needs a title"


def test_video_facade_without_javascript_links_to_the_video(require_kind, open_page):
    page, _recorder, _response = open_page(require_kind("video-facade"), javascript=False)
    links = page.locator(f"{FACADE} a[href]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any("youtu" in h for h in hrefs), f"no link to the video without JavaScript: {hrefs}"
    assert page.locator("iframe").count() == 0
