"""plugins.fixed_urls: an article's URL is Pelican's own, computed once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican import signals
from pelican.contents import Article, Page
from pelican.settings import read_settings
from pelican.urlwrappers import Category

from plugins.fixed_urls import fix_urls

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_plugin_listens():
    """Plugins registered by an earlier in-process build stay connected to
    Pelican's signals; these objects are made outside any build."""
    with signals.content_object_init.muted():
        yield


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(REPO / "pelicanconf.py"))


def make_article(settings) -> Article:
    metadata = {
        "title": "Rapat kerja",
        "date": dt.datetime(2026, 11, 2, 8, 0),
        "slug": "rapat-kerja",
        "category": Category("Berita", settings),
    }
    return Article("<p>Isi.</p>", metadata=metadata, settings=settings,
                   source_path=str(REPO / "content" / "articles" / "rapat-kerja.md"))  # fmt: skip


def test_url_is_pelicans_and_is_not_computed_again(settings, monkeypatch):
    article = make_article(settings)
    page = Page("<p>Isi.</p>", metadata={"title": "Kontak", "slug": "kontak"}, settings=settings,
                source_path=str(REPO / "content" / "pages" / "kontak.md"))  # fmt: skip
    expected = (article.url, page.url, article.save_as)
    assert expected == ("2026/11/rapat-kerja/", "kontak/", "2026/11/rapat-kerja/index.html")
    fix_urls([SimpleNamespace(articles=[article]), SimpleNamespace(pages=[page])])

    def computed(*args, **kwargs):
        raise AssertionError("URL computed again")

    monkeypatch.setattr(Article, "_expand_settings", computed)
    monkeypatch.setattr(Page, "_expand_settings", computed)
    assert (article.url, page.url) == expected[:2]
    # save_as stays Pelican's (no override: the writer keeps its duplicate check).
    assert not hasattr(article, "override_save_as")


def test_a_url_the_author_set_is_kept(settings):
    article = make_article(settings)
    article.override_url = "khusus/"
    fix_urls([SimpleNamespace(articles=[article])])
    assert article.url == "khusus/"
