"""The output is minified, and every text file has .gz and .br twins with the same bytes."""

from __future__ import annotations

import gzip

import brotli
import minify_html

from tests._support import sitekit

TEXT_SUFFIXES = (".html", ".css", ".js", ".xml", ".json", ".svg", ".txt")


def text_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)


def test_every_text_file_has_gzip_and_brotli_twins_with_identical_content(built_site):
    files = text_files(built_site)
    assert len(files) > 20
    problems = []
    for path in files:
        data = path.read_bytes()
        gz = path.with_name(path.name + ".gz")
        br = path.with_name(path.name + ".br")
        rel = path.relative_to(built_site).as_posix()
        if not gz.exists() or not br.exists():
            problems.append(f"{rel}: missing .gz or .br")
            continue
        if gzip.decompress(gz.read_bytes()) != data:
            problems.append(f"{rel}.gz differs from {rel}")
        if brotli.decompress(br.read_bytes()) != data:
            problems.append(f"{rel}.br differs from {rel}")
    assert problems == []


def test_precompressed_files_are_smaller_for_pages(built_site):
    for page in sitekit.html_pages(built_site)[:20]:
        size = page.stat().st_size
        assert page.with_name(page.name + ".br").stat().st_size < size
        assert page.with_name(page.name + ".gz").stat().st_size < size


def test_html_css_and_js_are_minified(built_site):
    """Minifying once more gains next to nothing; unminified output would shrink 5-30 %."""
    loose = {}
    candidates = sitekit.html_pages(built_site) + sorted((built_site / "theme").rglob("*.css"))
    candidates += sorted((built_site / "theme").rglob("*.js"))
    for path in candidates:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            again = minify_html.minify(text, minify_css=True, minify_js=True)
        elif path.suffix == ".css":
            again = minify_html.minify(f"<style>{text}</style>", minify_css=True)[7:-8]
        else:
            again = minify_html.minify(f"<script type=module>{text}</script>", minify_js=True)
            again = again[20:-9]
        if len(again) < 0.97 * len(text):
            loose[path.relative_to(built_site).as_posix()] = (len(text), len(again))
    assert loose == {}


def test_indented_markup_is_gone(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "\n  <" not in html and "\n<" not in html
