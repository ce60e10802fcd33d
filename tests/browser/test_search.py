"""Search (Pagefind, in the reader's browser) finds sample articles by Indonesian words,
including word forms that only match through Indonesian stemming."""

from __future__ import annotations

import re

import pytest

from tests._support import sitekit

# A sample article that the queries below must find, by slug (its date may change).
TARGET_SLUG = "persiapan-berkas-pensiun-bup"
EXACT_WORD = "pensiun"
# Forms absent from the article: they can only match through the stemmer
# ("-kan" suffix; "mem-" prefix with "-kan" suffix, stem "berkas").
STEMMED_FORMS = ["pensiunkan", "memberkaskan"]


@pytest.fixture(scope="module")
def target(built_site):
    found = sorted(built_site.glob(f"*/*/{TARGET_SLUG}/index.html"))
    if not found:
        pytest.fail(
            f"sample article {TARGET_SLUG!r} is gone from content/: update TARGET_SLUG and "
            "the words in tests/browser/test_search.py",
            pytrace=False,
        )
    return sitekit.url_of(built_site, found[0]), found[0].read_text(encoding="utf-8")


def search(page, query):
    """Type the query into the search form like a reader and return the result links."""
    page.get_by_role("searchbox").fill(query)
    page.get_by_role("search").get_by_role("button").click()
    status = page.get_by_role("status")
    status.filter(has_text=re.compile("hasil", re.I)).wait_for(timeout=15_000)
    links = page.get_by_role("main").locator("ol a, ul a")
    return status.inner_text(), [a.get_attribute("href") for a in links.all()]


@pytest.mark.parametrize("viewport", list(sitekit.VIEWPORTS))
def test_search_finds_article_by_indonesian_word(viewport, target, require_kind, open_page, server):
    url, html = target
    assert EXACT_WORD in html.lower()
    page, recorder, _response = open_page(require_kind("search"), viewport)
    status, hrefs = search(page, EXACT_WORD)
    assert url in hrefs, f"{EXACT_WORD!r} did not find {url}: {status} {hrefs}"
    page.wait_for_load_state("networkidle")
    assert recorder.foreign_requests(server.origin_host) == []
    assert recorder.console_errors == []


@pytest.mark.parametrize("query", STEMMED_FORMS)
def test_search_finds_article_by_a_form_that_needs_stemming(
    query, target, require_kind, open_page, server
):
    url, html = target
    text = re.sub(r"<[^>]+>", " ", html).lower()
    assert query not in text, f"{query!r} occurs literally; it would not prove stemming"
    page, recorder, _response = open_page(require_kind("search"))
    status, hrefs = search(page, query)
    assert url in hrefs, f"{query!r} (stemmed) did not find {url}: {status} {hrefs}"
    assert recorder.foreign_requests(server.origin_host) == []
    assert recorder.console_errors == []


def test_search_says_so_when_nothing_matches(require_kind, open_page):
    page, _recorder, _response = open_page(require_kind("search"))
    status, hrefs = search(page, "qwertyuiop")
    assert hrefs == []
    assert "tidak ada hasil" in status.lower()


def test_search_query_in_the_address_runs_on_load(target, require_kind, open_page):
    url, _html = target
    page, _recorder, _response = open_page(require_kind("search") + f"?q={EXACT_WORD}")
    page.get_by_role("status").filter(has_text=re.compile("hasil")).wait_for(timeout=15_000)
    hrefs = [a.get_attribute("href") for a in page.get_by_role("main").locator("ol a").all()]
    assert url in hrefs
