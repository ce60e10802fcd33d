"""Search on a bad connection and without JavaScript, in real Chromium.

Pagefind's requests are failed or stalled with Playwright's route interception:
the page must end in the error message with a retry button (never a
"Mencari…" that stays forever), and the retry must work once the network is
back. Results carry date and category; the byline and photo credits are not
in the index, so they cannot show up in an excerpt."""

from __future__ import annotations

import re

import pytest

from tests._support import sitekit

FAILED = "Pencarian gagal. Periksa koneksi Anda, lalu coba lagi."
PAGEFIND = "**/pagefind/**"
# Every sample photo's credit says "gambar buatan komputer"; only one article
# uses the word in its text.
CREDIT_TEXT = "gambar buatan komputer"
CREDIT_WORD = "komputer"
TARGET_SLUG = "persiapan-berkas-pensiun-bup"  # category Layanan (tests/fixtures)


def submit(page, query):
    page.get_by_role("searchbox").fill(query)
    page.get_by_role("search").get_by_role("button").click()


def results(page):
    return page.locator("#search-results > li")


@pytest.fixture
def search_page(browser, server, require_kind):
    """(page, url of /cari/) in a fresh context, so nothing is cached from another test."""
    context = browser.new_context(
        viewport=sitekit.VIEWPORTS["mobile"], base_url=server.base_url, locale="id-ID"
    )
    yield context, require_kind("search")
    context.close()


def test_failed_requests_end_in_an_error_with_a_working_retry(search_page):
    context, url = search_page
    page = context.new_page()
    page.route(PAGEFIND, lambda route: route.abort("internetdisconnected"))
    page.goto(url)
    submit(page, "pensiun")
    status = page.get_by_role("status")
    status.get_by_text(FAILED).wait_for(timeout=10_000)
    retry = status.get_by_role("button", name="Coba lagi")
    assert retry.is_visible()
    assert results(page).count() == 0
    # The connection is back: the same query succeeds from the retry button.
    page.unroute(PAGEFIND)
    retry.click()
    status.filter(has_text=re.compile(r"\d+ hasil")).wait_for(timeout=15_000)
    assert results(page).count() > 0
    assert FAILED not in status.inner_text()


def test_a_stalled_request_times_out_into_the_error(search_page):
    context, url = search_page
    page = context.new_page()
    stalled = []
    # Pagefind's script arrives, its index never does: the request stays open.
    page.route("**/pagefind/*.pf_meta", lambda route: stalled.append(route))
    page.route("**/pagefind/wasm.*", lambda route: stalled.append(route))
    page.clock.install()
    page.goto(url)
    submit(page, "pensiun")
    status = page.get_by_role("status")
    status.get_by_text("Mencari").wait_for()
    for _ in range(100):  # Playwright's own wait: the page's clock is frozen
        if stalled:
            break
        page.wait_for_timeout(100)
    assert stalled, "the test should have held Pagefind's index requests"
    page.clock.run_for(25_000)  # past the page's 20 s limit
    status.get_by_text(FAILED).wait_for(timeout=5_000)
    assert status.get_by_role("button", name="Coba lagi").is_visible()


def test_results_show_date_and_category_and_no_credit_text(search_page, built_site):
    context, url = search_page
    page = context.new_page()
    page.goto(url + "?q=pensiun")
    page.get_by_role("status").filter(has_text=re.compile(r"\d+ hasil")).wait_for(timeout=15_000)
    target = results(page).filter(has=page.locator(f"a[href*='/{TARGET_SLUG}/']"))
    assert target.count() == 1
    facts = target.locator(".meta").inner_text()
    assert "Layanan" in facts
    assert re.search(r"\d{1,2} \w+ 20\d\d", facts), facts
    # A word that every photo credit has: found only where the article text has it.
    page.goto(url + f"?q={CREDIT_WORD}")
    status = page.get_by_role("status")
    status.filter(has_text=re.compile("hasil")).wait_for(timeout=15_000)
    found_in_text = [
        sitekit.url_of(built_site, p)
        for p in sitekit.article_pages(built_site)
        if CREDIT_WORD in re.sub(r"<[^>]+>", " ", _prose(p.read_text(encoding="utf-8"))).lower()
    ]
    hrefs = [a.get_attribute("href") for a in results(page).locator("a").all()]
    assert len(hrefs) <= len(found_in_text), (hrefs, found_in_text)
    for item in results(page).all():
        text = item.inner_text().lower()
        assert CREDIT_TEXT not in text
        assert "oleh " not in text


def _prose(html: str) -> str:
    match = re.search(r'<div class="?prose"?>(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def test_without_javascript_the_page_offers_archive_and_categories(require_kind, open_page):
    page, _recorder, _response = open_page(require_kind("search") + "?q=pensiun", javascript=False)
    main = page.get_by_role("main")
    assert "memerlukan JavaScript" in main.inner_text()
    links = {a.inner_text().strip(): a.get_attribute("href") for a in main.locator("a").all()}
    assert links.get("arsip per bulan", "").endswith("/arsip/"), links
    for name in ("Berita", "Pengumuman", "Kegiatan", "Layanan", "Regulasi"):
        assert links.get(name, "").endswith(f"/kategori/{name.lower()}/"), links
    # The form still submits by GET, so the query stays in the address.
    page.get_by_role("searchbox").fill("kenaikan pangkat")
    page.get_by_role("search").get_by_role("button").click()
    page.wait_for_url(re.compile(r"/cari/\?q=kenaikan\+pangkat$"))


def test_ten_results_first_and_the_rest_on_request(search_page):
    """Each result shown costs a request on a slow line: ten first, then more."""
    context, url = search_page
    page = context.new_page()
    page.goto(url + "?q=ntt")
    status = page.get_by_role("status")
    status.filter(has_text=re.compile(r"\d+ hasil")).wait_for(timeout=15_000)
    total = int(re.search(r"(\d+) hasil", status.inner_text()).group(1))
    assert total > 10, "the sample site should give more than ten results for 'ntt'"
    assert results(page).count() == 10
    page.get_by_role("button", name="Tampilkan hasil berikutnya").click()
    # Locator waits: the page's CSP forbids the string evaluation wait_for_function uses.
    results(page).nth(min(total, 20) - 1).wait_for()
    assert results(page).count() == min(total, 20)
    eleventh = results(page).nth(10).locator("a")
    assert eleventh.evaluate("(link) => link === document.activeElement")
