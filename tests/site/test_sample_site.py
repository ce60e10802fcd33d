"""What a reader notices on the built sample site."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import feedparser
import pytest
from babel.dates import format_date
from lxml import html

from plugins.bkd_content.frontmatter import parse_date, parse_front_matter

REPO = Path(__file__).resolve().parents[2]
# The same copy and the same moment as the `sample_site` build (tests/conftest.py).
CONTENT = REPO / "tests" / "fixtures" / "site-content"
WITA = ZoneInfo("Asia/Makassar")
NOW = datetime.fromisoformat(os.environ["BKD_TEST_NOW"])
ENGLISH_WORDS = re.compile(
    r"\b(January|February|March|June|July|August|October|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def sample_articles():
    """(path, front matter, is_published) for every sample article."""
    for path in sorted((CONTENT / "articles").glob("*.md")):
        fm = parse_front_matter(path.read_text(encoding="utf-8"))
        date = parse_date(fm.fields["date"])
        if date.tzinfo is None:
            date = date.replace(tzinfo=WITA)
        draft = fm.fields.get("status", "").lower() == "draft"
        yield path, fm, date, not draft and date <= NOW


def article_url(path: Path, fm, date) -> str:
    slug = fm.fields.get("slug") or path.stem
    return f"{date:%Y}/{date:%m}/{slug}/"


PUBLISHED = [(p, fm, d) for p, fm, d, ok in sample_articles() if ok]
UNPUBLISHED = [(p, fm, d) for p, fm, d, ok in sample_articles() if not ok]


def page(site: Path, url: str):
    file = site / url / "index.html" if not url.endswith(".html") else site / url
    assert file.exists(), f"missing page {url}"
    return html.fromstring(file.read_text(encoding="utf-8"))


def test_sample_content_is_rich_enough():
    categories = {fm.fields["category"] for _, fm, _ in PUBLISHED}
    assert len(PUBLISHED) >= 12
    assert categories == {"Berita", "Pengumuman", "Kegiatan", "Regulasi", "Layanan"}
    assert any(fm.fields.get("status") == "draft" for _, fm, _ in UNPUBLISHED), "need a draft"
    assert any(d > NOW for _, _, d in UNPUBLISHED), "need a future article"


@pytest.mark.parametrize("path,fm,date", PUBLISHED, ids=[p.stem for p, _, _ in PUBLISHED])
def test_every_published_article_has_its_page(sample_site, path, fm, date):
    doc = page(sample_site, article_url(path, fm, date))
    assert doc.findtext(".//h1").strip() == fm.fields["title"]
    time = doc.find(".//article//time")
    # Indonesian weekday and month, in WITA, for example "Sabtu, 28 November 2026".
    expected = format_date(date.astimezone(WITA), "EEEE, d MMMM y", locale="id")
    assert time.text.startswith(expected)
    assert not ENGLISH_WORDS.search(time.text)


def test_listing_pages_exist(sample_site):
    for url in ["", "arsip", "kategori", "tag", "penulis", "cari"]:
        page(sample_site, url)
    for slug in ["berita", "pengumuman", "kegiatan", "regulasi", "layanan"]:
        doc = page(sample_site, f"kategori/{slug}")
        assert doc.findall(".//article"), f"category {slug} lists no article"
    for _, _, date in PUBLISHED[:3]:
        page(sample_site, f"{date:%Y}")
        month = page(sample_site, f"{date:%Y}/{date:%m}")
        heading = month.findtext(".//h1")
        assert format_date(date, "LLLL", locale="id") in heading


def test_static_pages_exist(sample_site):
    for slug in ["profil", "kontak", "tanya-jawab", "kebijakan-media-sosial", "privasi"]:
        doc = page(sample_site, slug)
        assert len(doc.text_content()) > 500


def test_home_highlights_current_announcements(sample_site):
    """Announcements from the last 90 days (BKD_CONTENT_ANNOUNCEMENT_DAYS), newest first."""
    doc = page(sample_site, "")
    since = NOW - timedelta(days=90)
    current = sorted(
        (
            (d, fm.fields["title"])
            for _, fm, d in PUBLISHED
            if fm.fields["category"] == "Pengumuman"
        ),
        reverse=True,
    )
    expected = [title for d, title in current if d >= since][:3]
    # The newest leads the page (test_home_leads_with_the_newest_important_item).
    expected = expected[1:]
    section = doc.get_element_by_id("pengumuman-terkini", None)
    if not expected:
        assert section is None
        return
    links = [a.text for a in section.getparent().findall(".//li/a")]
    assert links == expected
    stale = [title for d, title in current if d < since]
    assert not set(stale) & set(links)


def test_home_leads_with_the_newest_important_item(sample_site):
    """The newest current announcement leads, with its photo (eager: it is the
    largest thing on the first screen), and is not repeated below."""
    doc = page(sample_site, "")
    since = NOW - timedelta(days=90)
    announcements = sorted(
        (d, fm) for _, fm, d in PUBLISHED if fm.fields["category"] == "Pengumuman" and d >= since
    )
    newest = max(PUBLISHED, key=lambda item: item[2])[1]
    expected = announcements[-1][1] if announcements else newest
    (lead,) = doc.find_class("home-lead")
    assert lead.xpath("string(.//h2/a)") == expected.fields["title"]
    # libxml2's HTML parser nests after <source> (not void in HTML 4): search deep.
    img = lead.find(".//picture//img")
    assert img is not None and img.get("fetchpriority") == "high"
    assert img.get("alt") == expected.fields["imagealt"]
    titles = [a.text for a in doc.xpath("//main//a")]
    assert titles.count(expected.fields["title"]) == 1


def test_cards_show_small_lazy_thumbnails(sample_site):
    """A card whose article has a photo shows an AVIF/WebP thumbnail of at most
    8 KB, lazy, with its size set and an empty alt (the headline names it)."""
    doc = page(sample_site, "kategori/berita")
    cards = doc.find_class("card")
    assert cards
    for card in cards:
        title = card.xpath("string(.//h2/a)")
        fm = next(fm for _, fm, _ in PUBLISHED if fm.fields["title"] == title)
        picture = card.find(".//picture")
        if not fm.fields.get("image"):
            assert picture is None
            continue
        types = [s.get("type") for s in picture.findall(".//source")]
        assert types == ["image/avif", "image/webp"]
        img = picture.find(".//img")
        assert (img.get("width"), img.get("height")) == ("96", "72")
        assert img.get("loading") == "lazy"
        assert img.get("alt") == ""
        for url in [s.get("srcset") for s in picture.findall(".//source")] + [img.get("src")]:
            assert " " not in url, "one file per format, no srcset list"
            size = (sample_site / url.lstrip("/")).stat().st_size
            assert size <= 8000, (url, size)


def test_pagination_uses_page_n_urls(sample_site):
    first = page(sample_site, "")
    second = page(sample_site, "page/2")
    assert first.find('.//a[@rel="next"]').get("href") == "/page/2/"
    assert second.find('.//a[@rel="prev"]').get("href") == "/"
    on_first = {a.get("href") for a in first.findall(".//article//h3/a")}
    on_second = {a.get("href") for a in second.findall(".//article//h3/a")}
    # Page 1's lead item is not repeated as a card when it is one of the ten.
    lead = {a.get("href") for a in first.xpath('//article[@class="home-lead"]//h2/a')}
    assert len(on_first | lead) in (10, 11) and not on_first & lead
    assert on_second and not (on_first | lead) & on_second


def test_404_page(sample_site):
    doc = page(sample_site, "404.html")
    assert "tidak ditemukan" in doc.findtext(".//h1").lower()
    # Served for any missing path, so its links must not be relative.
    for a in doc.findall(".//a"):
        assert a.get("href").startswith(("/", "#", "https://", "tel:", "mailto:")), a.get("href")


def test_drafts_and_future_articles_are_absent(sample_site):
    everything = "\n".join(
        f.read_text(encoding="utf-8", errors="replace")
        for f in sample_site.rglob("*")
        if f.suffix in {".html", ".xml", ".json", ".txt"}
    )
    for path, fm, _ in UNPUBLISHED:
        assert fm.fields["title"] not in everything, f"{path.name} leaked"
        assert path.stem not in everything, f"{path.name} leaked"
    assert not (sample_site / "drafts").exists()


def test_no_asset_from_a_foreign_host(sample_site):
    for file in sample_site.rglob("*.html"):
        doc = html.fromstring(file.read_text(encoding="utf-8"))
        refs = [el.get("src") for el in doc.xpath("//*[@src]")]
        refs += [
            el.get("href") for el in doc.xpath("//link[@href]") if el.get("rel") != "canonical"
        ]
        refs += [
            part.split()[0]
            for el in doc.xpath("//*[@srcset]")
            for part in el.get("srcset").split(",")
        ]
        for ref in refs:
            host = urlparse(ref).netloc
            assert host in ("", "127.0.0.1:8000"), f"{file}: {ref}"


def test_open_graph_and_structured_data(sample_site):
    path, fm, date = PUBLISHED[0]
    doc = page(sample_site, article_url(path, fm, date))
    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.findall(".//meta")}
    assert meta["og:title"] == fm.fields["title"]
    assert meta["og:locale"] == "id_ID"
    assert meta["og:type"] == "article"
    assert meta["og:url"].endswith(article_url(path, fm, date))
    assert meta["og:image"].startswith("http")
    assert meta["og:description"]
    assert meta["twitter:card"] == "summary_large_image"
    canonical = doc.find('.//link[@rel="canonical"]').get("href")
    assert canonical == meta["og:url"]
    data = json.loads(doc.find('.//script[@type="application/ld+json"]').text)
    assert data["@type"] == "NewsArticle"
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    assert data["headline"] == fm.fields["title"]


def test_listing_pages_are_canonical_to_themselves(sample_site):
    for url in ["kategori/berita", "page/2", "arsip", ""]:
        canonical = page(sample_site, url).find('.//link[@rel="canonical"]').get("href")
        assert canonical == f"http://127.0.0.1:8000/{url}{'/' if url else ''}"


def test_sitemap_and_robots(sample_site):
    sitemap = (sample_site / "sitemap.xml").read_text()
    for path, fm, date in PUBLISHED:
        assert article_url(path, fm, date) in sitemap
    # A development build is never indexed (tests/deploy/test_robots.py).
    assert "Disallow: /" in (sample_site / "robots.txt").read_text()


def test_search_index_is_built_in_indonesian(sample_site):
    assert (sample_site / "pagefind" / "pagefind.js").exists()
    entry = json.loads((sample_site / "pagefind" / "pagefind-entry.json").read_text())
    assert "id" in entry["languages"]
    # Every page that marks its body for search is in the index, and no other.
    marked = [p for p in sample_site.rglob("index.html") if "data-pagefind-body" in p.read_text()]
    assert len(marked) >= len(PUBLISHED)
    assert entry["languages"]["id"]["page_count"] == len(marked)
    search = page(sample_site, "cari")
    assert "memerlukan JavaScript" in html.tostring(search, encoding="unicode")


class TestFeeds:
    def test_feeds_parse_and_hold_the_articles(self, sample_site):
        expected = {fm.fields["title"] for _, fm, _ in PUBLISHED}
        for name in ("semua.rss.xml", "semua.atom.xml"):
            feed = feedparser.parse((sample_site / "feeds" / name).read_bytes())
            assert not feed.bozo, feed.bozo_exception
            titles = {e.title for e in feed.entries}
            assert titles == expected if len(expected) <= 20 else len(titles) == 20
            for entry in feed.entries:
                assert entry.published_parsed
                assert entry.id.startswith("tag:bkd.nttprov.go.id,2026:")

    def test_per_category_feeds(self, sample_site):
        for slug, name in [("pengumuman", "Pengumuman"), ("berita", "Berita")]:
            feed = feedparser.parse((sample_site / "feeds" / f"{slug}.rss.xml").read_bytes())
            assert not feed.bozo
            expected = {
                fm.fields["title"] for _, fm, _ in PUBLISHED if fm.fields["category"] == name
            }
            assert {e.title for e in feed.entries} == expected

    def test_dates_are_timezone_aware(self, sample_site):
        text = (sample_site / "feeds" / "semua.atom.xml").read_text()
        assert re.search(r"<published>\d{4}-\d\d-\d\dT[\d:]+\+08:00</published>", text)

    def test_lead_image_is_an_enclosure(self, sample_site):
        feed = feedparser.parse((sample_site / "feeds" / "semua.rss.xml").read_bytes())
        with_image = {fm.fields["title"] for _, fm, _ in PUBLISHED if fm.fields.get("image")}
        enclosed = {e.title for e in feed.entries if e.get("enclosures")}
        assert with_image and enclosed and enclosed <= with_image
        for entry in feed.entries:
            for enclosure in entry.get("enclosures", []):
                assert enclosure.type.startswith("image/")
                assert int(enclosure.length) > 0
