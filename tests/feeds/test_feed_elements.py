"""RSS 2.0 and Atom (RFC 4287) feeds checked element by element, not only
by feedparser's `bozo` flag, which passed while every Atom entry linked to its
photo, content was typed "CDATA" and the RSS channel linked to the Atom file."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from lxml import etree, html

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DEV = "http://127.0.0.1:8000"
GUID = re.compile(r"^tag:bkd\.nttprov\.go\.id,2026:\d{8}-[a-z0-9-]+$")
# RFC 3339 date-time, as RFC 4287 section 3.3 requires, with an explicit offset.
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
ARTICLE_PATH = re.compile(r"^/\d{4}/\d\d/[a-z0-9-]+/$")


def feed_files(site: Path, kind: str) -> list[Path]:
    files = sorted((site / "feeds").glob(f"*.{kind}.xml"))
    assert len(files) >= 3, files  # semua + at least two categories
    return files


def parse(path: Path):
    return etree.parse(str(path)).getroot()


def article_title(site: Path, url: str) -> str:
    assert url.startswith(DEV + "/"), url
    path = url[len(DEV) :]
    assert ARTICLE_PATH.match(path), f"{url} is not an article page"
    page = site / path.strip("/") / "index.html"
    assert page.exists(), f"{url} points at no page"
    return html.fromstring(page.read_text(encoding="utf-8")).findtext(".//h1").strip()


class TestAtom:
    def test_feed_links_and_head(self, sample_site):
        for path in feed_files(sample_site, "atom"):
            feed = parse(path)
            assert feed.tag == f"{ATOM}feed"
            links = feed.findall(f"{ATOM}link")
            by_rel = {link.get("rel"): link for link in links}
            assert len(by_rel) == len(links) == 2, [etree.tostring(x) for x in links]
            self_link = by_rel["self"]
            assert self_link.get("href") == f"{DEV}/feeds/{path.name}"
            assert self_link.get("type") == "application/atom+xml"
            alternate = by_rel["alternate"]
            assert alternate.get("type") == "text/html"
            slug = path.name.removesuffix(".atom.xml")
            expected = f"{DEV}/" if slug == "semua" else f"{DEV}/kategori/{slug}/"
            assert alternate.get("href") == expected
            assert feed.findtext(f"{ATOM}id").startswith("tag:bkd.nttprov.go.id,2026:feed:")
            assert feed.findtext(f"{ATOM}title")
            assert feed.find(f"{ATOM}author/{ATOM}name").text

    def test_each_entry_links_its_article_and_encloses_its_photo(self, sample_site):
        enclosures = 0
        for path in feed_files(sample_site, "atom"):
            for entry in parse(path).iter(f"{ATOM}entry"):
                links = entry.findall(f"{ATOM}link")
                # RFC 4287 4.2.7.2: a link without rel is "alternate"; none may lack it.
                assert all(link.get("rel") for link in links)
                alternates = [x for x in links if x.get("rel") == "alternate"]
                assert len(alternates) == 1, [etree.tostring(x) for x in links]
                assert alternates[0].get("type") == "text/html"
                title = entry.findtext(f"{ATOM}title")
                assert article_title(sample_site, alternates[0].get("href")) == title
                for link in links:
                    if link.get("rel") == "alternate":
                        continue
                    assert link.get("rel") == "enclosure"
                    assert link.get("type") in ("image/jpeg", "image/webp", "image/png")
                    assert int(link.get("length")) > 0
                    local = link.get("href").removeprefix(DEV + "/")
                    assert (sample_site / local).stat().st_size == int(link.get("length"))
                    enclosures += 1
        assert enclosures, "the sample articles with photos must carry enclosures"

    def test_content_and_summary_types_are_rfc4287(self, sample_site):
        for path in feed_files(sample_site, "atom"):
            for entry in parse(path).iter(f"{ATOM}entry"):
                content = entry.find(f"{ATOM}content")
                # 4.1.3.1: "text", "html", "xhtml" or a MIME type; never "CDATA".
                assert content.get("type") == "html"
                body = html.fragment_fromstring(content.text, create_parent="div")
                assert body.xpath("string()").strip(), "empty article body"
                summary = entry.find(f"{ATOM}summary")
                if summary is not None:
                    assert summary.get("type") in (None, "text")
                    assert "<" not in summary.text
        raw = (sample_site / "feeds" / "semua.atom.xml").read_text(encoding="utf-8")
        assert "CDATA" not in raw

    def test_dates_ids_and_order(self, sample_site):
        for path in feed_files(sample_site, "atom"):
            feed = parse(path)
            entries = feed.findall(f"{ATOM}entry")
            assert entries
            updated_all = []
            published_all = []
            ids = []
            for entry in entries:
                published = entry.findtext(f"{ATOM}published")
                updated = entry.findtext(f"{ATOM}updated")
                assert RFC3339.match(published) and RFC3339.match(updated)
                published_at = datetime.fromisoformat(published)
                updated_at = datetime.fromisoformat(updated)
                assert published_at.utcoffset() is not None
                assert updated_at >= published_at
                updated_all.append(updated_at)
                published_all.append(published_at)
                ids.append(entry.findtext(f"{ATOM}id"))
            assert all(GUID.match(i) for i in ids), ids
            assert len(set(ids)) == len(ids)
            assert published_all == sorted(published_all, reverse=True)
            feed_updated = datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
            assert feed_updated == max(updated_all)


class TestRss:
    def test_channel_links_the_website(self, sample_site):
        for path in feed_files(sample_site, "rss"):
            rss = parse(path)
            assert rss.tag == "rss" and rss.get("version") == "2.0"
            channel = rss.find("channel")
            slug = path.name.removesuffix(".rss.xml")
            expected = f"{DEV}/" if slug == "semua" else f"{DEV}/kategori/{slug}/"
            # RSS 2.0: "The URL to the HTML website corresponding to the channel."
            assert channel.findtext("link") == expected
            self_links = channel.findall(f"{ATOM}link")
            assert len(self_links) == 1
            assert self_links[0].get("rel") == "self"
            assert self_links[0].get("href") == f"{DEV}/feeds/{path.name}"
            assert self_links[0].get("type") == "application/rss+xml"
            assert channel.findtext("title") and channel.findtext("description")
            assert channel.findtext("language") == "id"

    def test_items(self, sample_site):
        atom_ids = {
            e.findtext(f"{ATOM}id")
            for e in parse(sample_site / "feeds" / "semua.atom.xml").iter(f"{ATOM}entry")
        }
        seen = set()
        enclosures = 0
        for item in parse(sample_site / "feeds" / "semua.rss.xml").iter("item"):
            title = item.findtext("title")
            assert article_title(sample_site, item.findtext("link")) == title
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false"
            assert GUID.match(guid.text)
            seen.add(guid.text)
            date = parsedate_to_datetime(item.findtext("pubDate"))
            assert date.utcoffset() is not None
            assert item.findtext("category")
            encoded = item.findtext(f"{CONTENT}encoded")
            assert html.fragment_fromstring(encoded, create_parent="div").xpath("string()")
            for enclosure in item.findall("enclosure"):
                assert enclosure.get("type").startswith("image/")
                local = enclosure.get("url").removeprefix(DEV + "/")
                assert (sample_site / local).stat().st_size == int(enclosure.get("length"))
                enclosures += 1
        assert seen == atom_ids, "RSS GUIDs and Atom ids name the same articles"
        assert enclosures
        raw = (sample_site / "feeds" / "semua.rss.xml").read_text(encoding="utf-8")
        assert "CDATA" not in raw


ARTICLE = """Title: {title}
Date: 2026-11-0{day} 08:00
Category: Berita
Summary: Ringkasan berita uji nomor {day} untuk umpan.

Isi berita uji nomor {day}.
"""


def guids_of(site: Path) -> dict[str, str]:
    """guid -> link of every item of the RSS feed, plus Atom ids as a check."""
    rss = parse(site / "feeds" / "semua.rss.xml")
    atom = parse(site / "feeds" / "semua.atom.xml")
    items = {i.findtext("guid"): i.findtext("link") for i in rss.iter("item")}
    assert set(items) == {e.findtext(f"{ATOM}id") for e in atom.iter(f"{ATOM}entry")}
    return items


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, pelican_build):
    """The same articles built twice: on another domain, with one title edited."""
    root = tmp_path_factory.mktemp("guid")
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    for day in (1, 2, 3):
        (content / "articles" / f"berita-uji-{day}.md").write_text(
            ARTICLE.format(title=f"Berita uji nomor {day}", day=day), encoding="utf-8"
        )
    first = root / "first"
    result = pelican_build(content, first, extra={"SEARCH_PAGEFIND": False})
    assert result.returncode == 0, result.stderr
    (content / "articles" / "berita-uji-2.md").write_text(
        ARTICLE.format(title="Judul yang sudah diperbaiki", day=2), encoding="utf-8"
    )
    second = root / "second"
    result = pelican_build(
        content,
        second,
        settings="publishconf.py",
        env={"SITEURL": "https://pratinjau.example.org"},
        extra={"SEARCH_PAGEFIND": False, "DELETE_OUTPUT_DIRECTORY": False},
    )
    assert result.returncode == 0, result.stderr
    return first, second


def test_guids_survive_a_domain_move_and_an_edited_title(two_builds):
    first, second = (guids_of(site) for site in two_builds)
    assert len(first) == 3
    assert set(first) == set(second)
    for guid, link in first.items():
        assert link.startswith(DEV + "/")
        assert second[guid] == "https://pratinjau.example.org" + link[len(DEV) :]
    rss = parse(two_builds[1] / "feeds" / "semua.rss.xml")
    assert rss.find("channel").findtext("link") == "https://pratinjau.example.org/"
