"""With JavaScript switched off, articles are readable, navigation works, and search
says plainly that it needs JavaScript."""

from __future__ import annotations

import re

import pytest

from tests._support import sitekit

ARTICLE_URL = re.compile(r"/\d{4}/\d{2}/[^/]+/$")


def article_urls(root):
    return [sitekit.url_of(root, p) for p in sitekit.article_pages(root)]


def test_every_article_is_readable_without_javascript(built_site, browser, server):
    urls = article_urls(built_site)
    assert urls, "the sample site has no articles"
    context = browser.new_context(
        viewport=sitekit.VIEWPORTS["mobile"], java_script_enabled=False, base_url=server.base_url
    )
    unreadable = {}
    try:
        page = context.new_page()
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, url
            article = page.get_by_role("article").first
            heading = article.get_by_role("heading", level=1)
            text = article.inner_text()
            problems = []
            if not heading.is_visible():
                problems.append("no visible h1")
            if len(text.split()) < 40:
                problems.append(f"only {len(text.split())} words visible")
            broken = page.evaluate(
                "() => [...document.images].filter((i) => i.loading !== 'lazy'"
                " && (!i.complete || i.naturalWidth === 0)).map((i) => i.currentSrc || i.src)"
            )
            if broken:
                problems.append(f"images not shown: {broken}")
            if problems:
                unreadable[url] = problems
    finally:
        context.close()
    assert unreadable == {}


@pytest.mark.parametrize("viewport", list(sitekit.VIEWPORTS))
def test_navigation_works_without_javascript(viewport, open_page):
    page, _recorder, _response = open_page("/", viewport, javascript=False)
    nav = page.get_by_role("navigation").first
    links = nav.get_by_role("link")
    names = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert "Arsip" in names, names
    nav.get_by_role("link", name="Arsip").click()
    page.wait_for_url("**/arsip/")
    assert page.get_by_role("heading", level=1).is_visible()
    # From the archive, by clicking only (year or month pages in between), reach an article.
    for _hop in range(3):
        if ARTICLE_URL.search(page.url):
            break
        links = page.get_by_role("main").get_by_role("link")
        hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
        pick = next((i for i, h in enumerate(hrefs) if ARTICLE_URL.search(h)), None)
        if pick is None:
            pick = next(i for i, h in enumerate(hrefs) if re.search(r"/\d{4}/(\d{2}/)?$", h))
        links.nth(pick).click()
        page.wait_for_load_state()
    assert ARTICLE_URL.search(page.url), f"no article reached from the archive: {page.url}"
    assert page.get_by_role("article").first.get_by_role("heading", level=1).is_visible()


def test_search_page_says_it_needs_javascript(require_kind, open_page):
    page, _recorder, _response = open_page(require_kind("search"), javascript=False)
    main = page.get_by_role("main")
    assert "memerlukan JavaScript" in main.inner_text()
