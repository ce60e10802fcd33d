"""robots.txt follows SITEURL: only the production address is indexed."""

from __future__ import annotations

import pytest
from lxml import html

ARTICLE = """Title: Jadwal Layanan Kepegawaian
Date: 2026-11-02 08:00
Category: Layanan
Summary: Jadwal layanan kepegawaian di kantor BKD Provinsi NTT selama bulan November.

Layanan dibuka setiap hari kerja.
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("robots") / "content"
    (root / "articles").mkdir(parents=True)
    (root / "pages").mkdir()
    (root / "articles" / "jadwal-layanan.md").write_text(ARTICLE, encoding="utf-8")
    return root


def rules(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def build(pelican_build, content, out, siteurl=None, settings="publishconf.py"):
    env = {"SITEURL": siteurl} if siteurl is not None else {}
    result = pelican_build(
        content, out, settings=settings, env=env, extra={"SEARCH_PAGEFIND": False}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return (out / "robots.txt").read_text(encoding="utf-8")


def test_production_allows_and_names_its_sitemap(pelican_build, content, tmp_path, monkeypatch):
    monkeypatch.delenv("SITEURL", raising=False)
    text = build(pelican_build, content, tmp_path / "out")
    assert rules(text) == [
        "User-agent: *",
        "Allow: /",
        "Sitemap: https://bkd.nttprov.go.id/sitemap.xml",
    ]
    assert (tmp_path / "out" / "sitemap.xml").is_file()
    page = html.fromstring((tmp_path / "out" / "index.html").read_bytes())
    assert page.xpath('//meta[@name="robots"]') == []


@pytest.mark.parametrize(
    "siteurl",
    [
        "https://bkd-ntt.github.io/portal",
        "https://staging.bkd.nttprov.go.id",
        "http://bkd.nttprov.go.id",
    ],
)
def test_previews_disallow_everything(pelican_build, content, tmp_path, siteurl):
    text = build(pelican_build, content, tmp_path / "out", siteurl=siteurl)
    assert rules(text) == ["User-agent: *", "Disallow: /"]
    assert "Sitemap" not in text
    page = html.fromstring((tmp_path / "out" / "index.html").read_bytes())
    assert page.xpath('//meta[@name="robots"]/@content') == ["noindex, nofollow"]


def test_development_disallows_everything(pelican_build, content, tmp_path):
    text = build(pelican_build, content, tmp_path / "out", settings="pelicanconf.py")
    assert rules(text) == ["User-agent: *", "Disallow: /"]
