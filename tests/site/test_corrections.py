"""Corrections and withdrawals on the built site (a real Pelican build of
tests/fixtures/corrections-content): the note under the title, the history, the
withdrawal notice, and a withdrawn article gone from every listing, feed,
search index and the sitemap while its page stays."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "tests" / "fixtures" / "corrections-content"
CORRECTED = "2026/11/jadwal-seleksi-cpns-2026/index.html"
WITHDRAWN = "2026/11/pembukaan-beasiswa-tugas-belajar/index.html"
WITHDRAWN_SLUG = "pembukaan-beasiswa-tugas-belajar"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory, pelican_build) -> Path:
    out = tmp_path_factory.mktemp("corrections") / "output"
    # Robots as in production (plugins/robots compares the site's address with
    # the production one), so only the withdrawn page asks not to be indexed.
    production = {"ROBOTS_PRODUCTION_SITEURL": "http://127.0.0.1:8000"}
    result = pelican_build(CONTENT, out, extra=production)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def text_of(path: Path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).split())


def test_corrected_page_shows_the_note_and_the_history(site):
    text = text_of(site / CORRECTED)
    assert (
        "Diperbarui Rabu, 25 November 2026 : Tanggal ujian diperbaiki menjadi 5 Desember 2026."
        in text
    )
    history = text[text.index("Riwayat perubahan") :]
    newest = history.index("Tanggal ujian diperbaiki")
    older = history.index("Lokasi ujian diperbaiki menjadi Aula El Tari.")
    first = history.index("Pertama terbit")
    assert newest < older < first


def test_withdrawn_page_stays_with_a_notice_and_noindex(site):
    page = site / WITHDRAWN
    html = page.read_text(encoding="utf-8")
    text = text_of(page)
    assert "Artikel ini telah ditarik pada Jumat, 27 November 2026" in text
    assert "Alasan: Program beasiswa ditunda oleh Pemerintah Provinsi" in text
    robots = re.findall(r'<meta name="?robots"? content="?([^">]+)"?>', html)
    assert robots == ["noindex"], robots
    corrected = (site / CORRECTED).read_text(encoding="utf-8")
    assert 'name="robots"' not in corrected and "name=robots" not in corrected
    assert "data-pagefind-body" not in html
    # The corrected article is indexed; the withdrawn one is not.
    assert "data-pagefind-body" in (site / CORRECTED).read_text(encoding="utf-8")


def test_withdrawn_article_leaves_listings_feeds_sitemap_and_search(site):
    listings = [
        p
        for p in site.rglob("*.html")
        if p != site / WITHDRAWN and "pagefind" not in p.parts and p.name == "index.html"
    ]
    assert len(listings) > 5
    for page in listings:
        assert WITHDRAWN_SLUG not in page.read_text(encoding="utf-8"), page
    for feed in (site / "feeds").glob("*.xml"):
        assert WITHDRAWN_SLUG not in feed.read_text(encoding="utf-8"), feed
    assert WITHDRAWN_SLUG not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "jadwal-seleksi-cpns-2026" in (site / "sitemap.xml").read_text(encoding="utf-8")
    fragments = [
        gzip.decompress(f.read_bytes()) for f in (site / "pagefind" / "fragment").iterdir()
    ]
    assert any(b"jadwal-seleksi-cpns-2026" in f for f in fragments)
    assert not any(WITHDRAWN_SLUG.encode() in f for f in fragments)


def test_feed_entry_carries_the_note_and_the_updated_date(site):
    tree = etree.parse(str(site / "feeds" / "semua.atom.xml"))
    entry = next(
        e
        for e in tree.iter(f"{ATOM}entry")
        if e.findtext(f"{ATOM}id").endswith("20261110-jadwal-seleksi-cpns-2026")
    )
    assert entry.findtext(f"{ATOM}updated").startswith("2026-11-25T14:00:00")
    assert entry.findtext(f"{ATOM}summary").startswith(
        "Diperbarui Rabu, 25 November 2026: Tanggal ujian diperbaiki"
    )
    assert "Tanggal ujian diperbaiki" in entry.findtext(f"{ATOM}content")


def test_manifest_tells_the_engine_about_changes_and_withdrawals(site):
    manifest = json.loads(
        (site.parent / "build" / "syndication" / "manifest.json").read_text(encoding="utf-8")
    )
    articles = {a["id"]: a for a in manifest["articles"]}
    corrected = articles["20261110-jadwal-seleksi-cpns-2026"]
    assert [c["id"] for c in corrected["changes"]] == ["c1-20261112", "c2-20261125"]
    assert corrected["withdrawn"] is None
    withdrawn = articles["20261105-pembukaan-beasiswa-tugas-belajar"]
    assert withdrawn["withdrawn"]["note"].startswith("Program beasiswa ditunda")
    assert withdrawn["withdrawn"]["date"].startswith("2026-11-27T09:30")


def test_notice_and_history_pages_are_valid_html(site):
    """The notice and the history are new markup: the Nu checker must accept it."""
    import subprocess

    from tests._support import sitekit
    from tests.budgets.test_html_validity import run_vnu

    try:
        sitekit.ensure_npm_tools()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        sitekit.unavailable(f"npm tools (vnu-jar) unavailable: {error}")
    messages, _result = run_vnu([site / CORRECTED, site / WITHDRAWN])
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], errors
