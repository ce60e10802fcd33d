"""What a development build (`make build`, `make serve`: pelicanconf.py)
leaves out and a production build (`make publish`: publishconf.py) keeps:
development writes no minified pages and no .gz/.br twins, and a rebuild of
an unchanged site does not run Pagefind again; production has both."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_TAXONOMY = REPO / "tests" / "fixtures" / "site-content" / "taxonomy.toml"
ARTICLE = """Title: {title}
Date: 2026-11-0{day} 08:00
Category: Layanan
Tags: layanan
Summary: Jadwal layanan kepegawaian di kantor BKD Provinsi NTT selama bulan November.

Layanan dibuka setiap hari kerja di kantor BKD Provinsi NTT.
"""
FAST = {"FBS_ENABLED": False}


@pytest.fixture
def content(tmp_path) -> Path:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    if SHARED_TAXONOMY.exists():
        shutil.copy(SHARED_TAXONOMY, content / "taxonomy.toml")
    for day, slug in ((2, "jadwal-layanan"), (3, "layanan-cuti")):
        text = ARTICLE.format(title=slug.replace("-", " ").title(), day=day)
        (content / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
    return content


def twins(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.suffix in (".gz", ".br"))


def test_development_build_writes_no_twins_and_reindexes_only_on_change(
    content, tmp_path, pelican_build
):
    out = tmp_path / "out"
    first = pelican_build(content, out, extra=FAST)
    assert first.returncode == 0, first.stdout + first.stderr
    assert twins(out) == []
    entry = out / "pagefind" / "pagefind-entry.json"
    assert json.loads(entry.read_text())["languages"]["id"]["page_count"] >= 2
    written = entry.stat().st_mtime_ns

    again = pelican_build(content, out, extra=FAST)
    assert again.returncode == 0, again.stdout + again.stderr
    assert entry.stat().st_mtime_ns == written, "an unchanged site re-ran Pagefind"
    assert twins(out) == []


def test_production_build_minifies_and_precompresses(content, tmp_path, pelican_build):
    out = tmp_path / "out"
    result = pelican_build(content, out, settings="publishconf.py", fatal=True)
    assert result.returncode == 0, result.stdout + result.stderr
    page = out / "2026" / "11" / "jadwal-layanan" / "index.html"
    assert page.with_name("index.html.br").exists() and page.with_name("index.html.gz").exists()
    assert (out / "pagefind" / "pagefind-entry.json").exists()
    assert len(twins(out)) > 20
    # Pagefind's files, written while compress did the rest, are precompressed too.
    for name in ("pagefind-entry.json", "pagefind-ui.js", "pagefind.js"):
        assert (out / "pagefind" / f"{name}.br").exists(), name
