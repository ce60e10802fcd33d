"""An author's mistake names the file, the line and the fix, in Bahasa Indonesia;
with publishconf.py (make publish) it fails the build instead of skipping."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest

GOOD = """Title: Jadwal Layanan Kepegawaian
Date: 2026-11-02 08:00
Category: Layanan
Tags: layanan, #Jadwal
Summary: Jadwal layanan kepegawaian di kantor BKD Provinsi NTT selama bulan November.

Layanan dibuka setiap hari kerja.
"""

CASES = {
    "missing-title": (
        "Date: 2026-11-02 08:00\nCategory: Berita\n\nIsi.\n",
        1,
        "Kolom wajib 'Title'",
    ),
    "invalid-date": (
        "Title: Uji\nDate: 2026-13-45\nCategory: Berita\n\nIsi.\n",
        2,
        "Tanggal '2026-13-45' tidak dapat dibaca",
    ),
    "unknown-category": (
        "Title: Uji\nDate: 2026-11-02\nCategory: Berita Daerah\n\nIsi.\n",
        3,
        "Kategori 'Berita Daerah' tidak ada dalam daftar resmi",
    ),
    "broken-front-matter": (
        "Title: Uji\nDate 2026-11-02\nCategory: Berita\n\nIsi.\n",
        2,
        "bukan kolom keterangan yang sah",
    ),
}


def make_content(tmp_path: Path, name: str, text: str) -> Path:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "articles" / "jadwal-layanan.md").write_text(GOOD, encoding="utf-8")
    (content / "articles" / f"{name}.md").write_bytes(
        text.encode("utf-8") if isinstance(text, str) else text
    )
    return content


@pytest.mark.parametrize("name", CASES)
def test_development_build_names_file_line_and_fix(tmp_path, pelican_build, name):
    text, line, message = CASES[name]
    content = make_content(tmp_path, name, text)
    result = pelican_build(content, tmp_path / "out", extra={"SEARCH_PAGEFIND": False})
    log = result.stdout + result.stderr
    assert f"articles/{name}.md" in log
    reported = [row for row in log.splitlines() if f"baris {line}: GALAT:" in row]
    assert reported and message in reported[0], log
    assert "Cara memperbaiki:" in log
    # The good article is still built: one mistake does not take the site down.
    assert (tmp_path / "out" / "2026" / "11" / "jadwal-layanan" / "index.html").exists()


@pytest.mark.parametrize("name", CASES)
def test_publish_build_fails(tmp_path, pelican_build, name):
    text, _, message = CASES[name]
    content = make_content(tmp_path, name, text)
    result = pelican_build(
        content,
        tmp_path / "out",
        settings="publishconf.py",
        fatal=True,
        extra={"SEARCH_PAGEFIND": False},
    )
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_non_utf8_file_is_reported(tmp_path, pelican_build):
    content = make_content(
        tmp_path, "latin1", "Title: Pengumuman Peñting\n\nIsi.\n".encode("latin-1")
    )
    result = pelican_build(content, tmp_path / "out", extra={"SEARCH_PAGEFIND": False})
    log = result.stdout + result.stderr
    assert "articles/latin1.md" in log and "UTF-8" in log


def test_tags_are_normalised(tmp_path, pelican_build):
    content = make_content(tmp_path, "dummy", GOOD.replace("Tags: layanan, #Jadwal", "Tags: x"))
    (content / "articles" / "dummy.md").unlink()
    (content / "articles" / "jadwal-layanan.md").write_text(
        GOOD.replace("Tags: layanan, #Jadwal", "Tags: pppk, #PPPK,  Naik   Pangkat, Kupang"),
        encoding="utf-8",
    )
    pelican_build(content, tmp_path / "out", extra={"SEARCH_PAGEFIND": False})
    tags = sorted(p.name for p in (tmp_path / "out" / "tag").iterdir() if p.is_dir())
    assert tags == ["kenaikan-pangkat", "kupang", "pppk"]
    page = (tmp_path / "out" / "2026" / "11" / "jadwal-layanan" / "index.html").read_text()
    assert ">PPPK</a>" in page and ">kenaikan pangkat</a>" in page


def test_feed_guid_survives_title_edit_and_domain_move(tmp_path, pelican_build):
    content = make_content(tmp_path, "dummy", GOOD)
    (content / "articles" / "dummy.md").unlink()
    first = tmp_path / "a"
    pelican_build(
        content, first, extra={"SITEURL": "https://bkd.nttprov.go.id", "SEARCH_PAGEFIND": False}
    )
    article = content / "articles" / "jadwal-layanan.md"
    article.write_text(GOOD.replace("Title: Jadwal Layanan", "Title: Jadwal Baru Layanan"))
    second = tmp_path / "b"
    pelican_build(
        content, second, extra={"SITEURL": "https://bkd.example.org", "SEARCH_PAGEFIND": False}
    )
    for name in ("semua.rss.xml", "semua.atom.xml"):
        a = feedparser.parse((first / "feeds" / name).read_bytes()).entries[0]
        b = feedparser.parse((second / "feeds" / name).read_bytes()).entries[0]
        assert a.title != b.title and a.link != b.link
        assert a.id == b.id


def test_future_and_draft_articles_are_not_built(tmp_path, pelican_build):
    content = make_content(tmp_path, "konsep", GOOD.replace("Date:", "Status: draft\nDate:"))
    shutil.copy(content / "articles" / "jadwal-layanan.md", content / "articles" / "besok.md")
    (content / "articles" / "besok.md").write_text(GOOD.replace("2026-11-02", "2099-01-01"))
    pelican_build(content, tmp_path / "out", extra={"SEARCH_PAGEFIND": False})
    built = {p.parent.name for p in (tmp_path / "out").rglob("index.html")}
    assert "jadwal-layanan" in built
    assert "konsep" not in built and "besok" not in built


def test_a_broken_pagefind_is_an_error_not_a_hang(pelican_build, tmp_path, media_cache):
    """The search index comes from a Pagefind service process; one that dies
    at once must end the build with a logged error, not leave it waiting."""
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    out = tmp_path / "out"
    result = pelican_build(
        Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "site-content",
        out,
        extra={"FBS_ENABLED": False, "COMPRESS_ENABLED": False},
        env={"PAGEFIND_BINARY_PATH": str(fake)},
        media_cache=media_cache,
    )
    log = result.stdout + result.stderr
    assert "search: Pagefind" in log, log
    assert (out / "index.html").exists()
    assert not (out / "pagefind" / "pagefind.js").exists()


def test_relative_output_path_gets_the_search_index_and_compression(tmp_path, media_cache):
    """`make build` and `make publish` pass no -o, so Pelican writes to its
    default OUTPUT_PATH, the relative `output/`, while it reports written files
    by absolute path; the search index and the compressed twins must be made
    there too."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    settings = {
        "CACHE_PATH": str(tmp_path / "cache"),
        "MEDIA_CACHE_PATH": str(media_cache),
        "FBS_ENABLED": False,
        "COMPRESS_ENABLED": True,  # on in publishconf.py, off in development
    }
    command = [
        str(Path(sys.executable).with_name("pelican")),
        str(repo / "tests/fixtures/site-content"),
    ]
    command += ["-s", str(repo / "pelicanconf.py"), "-e"]
    command += [f"{key}={json.dumps(value)}" for key, value in settings.items()]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "output"
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["id"]["page_count"] >= 14
    assert (out / "index.html.br").exists()
