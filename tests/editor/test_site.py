"""/admin/ in a real build of the sample content: written, noindex, out of the
sitemap and the search index, and loaded by no public page."""

from __future__ import annotations

import gzip
import json
import re

import yaml

from plugins.editor import BUNDLE
from plugins.editor.config import field_keys
from tests._support import sitekit

EDITOR_CODE = re.compile(r"decap-cms|pelican-meta\.js|bkd-editor\.js|locale-id\.js|/admin/", re.I)


def test_admin_is_written_with_its_config_and_bundle(sample_site):
    admin = sample_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert '<html lang="id">' in page
    for script in (BUNDLE, "pelican-meta.js", "locale-id.js", "bkd-editor.js"):
        assert f'src="{script}"' in page
        assert (admin / script).is_file()
    settings = json.loads(re.search(r'id="bkd-editor-settings">(.*?)</script>', page).group(1))
    assert settings["fields"] == field_keys()
    (css,) = settings["previewCss"]
    assert (sample_site / css.lstrip("/")).is_file(), css
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["publish_mode"] == "editorial_workflow"
    # pelicanconf.py: the settings of make serve, with decap-server on 8081
    assert config["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"


def test_admin_is_not_in_the_sitemap(sample_site):
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in sitemap
    assert "/admin" not in sitemap


def test_admin_is_not_in_the_search_index(sample_site):
    fragments = sorted((sample_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    urls = [json.loads(gzip.decompress(f.read_bytes())[12:])["url"] for f in fragments]
    assert any(u.startswith("/20") for u in urls)
    assert [u for u in urls if "admin" in u] == []


def test_no_public_page_loads_or_links_the_editor(sample_site):
    pages = sitekit.html_pages(sample_site)
    assert len(pages) > 20
    assert not any("admin" in p.parts for p in pages)
    offenders = [
        p.relative_to(sample_site).as_posix()
        for p in pages
        if EDITOR_CODE.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    theme_js = sorted((sample_site / "theme").rglob("*.js"))
    assert theme_js and not [p for p in theme_js if EDITOR_CODE.search(p.read_text("utf-8"))]
