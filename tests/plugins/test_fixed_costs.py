"""The shortcuts every build takes give the results of the long way.

Each build reads with one Markdown instance per reader (reset between files),
parses dates without the failing strptime() calls, walks content/ with
os.scandir and confines paths on strings (docs/build-speed.md, "What every
build pays"). These tests hold each shortcut to the computation it replaced.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from pelican.settings import read_settings

from plugins.bkd_content import CheckedMarkdownReader, sources
from plugins.bkd_content.frontmatter import DATE_FORMATS, parse_date

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site-content"

# An abbreviation and a footnote are state a Markdown instance keeps while it
# converts one document; the next document must not inherit either.
WITH_STATE = """\
BKD NTT melayani ASN.[^1]

*[ASN]: Aparatur Sipil Negara

[^1]: Catatan kaki pertama.
"""
WITHOUT_STATE = """\
ASN di Kupang membaca catatan ini.[^1]
"""


def _settings(content: Path) -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


def _article(head_from: Path, body: str, dest: Path) -> Path:
    head = head_from.read_text(encoding="utf-8").split("\n\n", 1)[0]
    dest.write_text(f"{head}\n\n{body}", encoding="utf-8")
    return dest


def test_one_reader_reads_each_file_as_a_new_reader_would(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    articles = content / "articles"
    sample = sorted(articles.glob("*.md"))[0]
    _article(sample, WITH_STATE, articles / "zz-1-dengan-singkatan.md")
    _article(sample, WITHOUT_STATE, articles / "zz-2-tanpa-singkatan.md")
    settings = _settings(content)
    files = sorted(articles.glob("*.md"))
    shared = CheckedMarkdownReader(settings)
    outputs = []
    for path in files:
        try:
            expected = CheckedMarkdownReader(settings).read(str(path))
        except Exception as exc:  # noqa: BLE001 - a refused fixture must be refused by both
            with pytest.raises(type(exc)):
                shared.read(str(path))
            continue
        got = shared.read(str(path))
        assert got == expected, path.name
        outputs.append(got)
    assert len(outputs) >= 5
    # The first carried an abbreviation and a footnote; the second, read next
    # by the same reader, equals a fresh read above, so neither leaked.
    assert "<abbr" in outputs[-2][0]
    assert "<abbr" not in outputs[-1][0]
    assert outputs[-1][1]["title"]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "2026-11-28 09:30",
        "2026-11-28 09:30:15",
        "2026-11-28",
        "2026-11-28 09:30+08:00",
        "2026-11-28 09:30 +0800",
        "2026-11-28 25:00",
        "2026-02-30 09:30",
        "2026-1-5 9:30",
        "28-11-2026",
        "kemarin",
    ],
)
def test_dates_parse_as_the_full_format_loop_does(value):
    def loop(text: str):
        import re

        text = re.sub(r"([+-]\d{2}):?(\d{2})$", r"\1\2", text.strip())
        for fmt in DATE_FORMATS:
            for candidate in (fmt, fmt + "%z"):
                try:
                    return datetime.strptime(text, candidate)
                except ValueError:
                    continue
        return None

    assert parse_date(value) == loop(value)


def _reference_walk(folder: Path):
    """The os.walk version the scandir walk replaced."""
    for dirpath, dirs, files in os.walk(folder, followlinks=False):
        keep = []
        for d in sorted(dirs):
            if sources.is_hidden(d):
                continue
            full = Path(dirpath) / d
            if full.is_symlink():
                yield full
            else:
                keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            if not sources.is_hidden(f):
                yield Path(dirpath) / f


def _reference_symlinks(root: Path) -> list[Path]:
    found = []
    for dirpath, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            full = Path(dirpath) / name
            if full.is_symlink():
                found.append(full)
    return found


def test_content_walks_yield_what_os_walk_did(tmp_path):
    root = tmp_path / "content"
    articles = root / "articles"
    for folder in ("b", "a/dalam", ".tersembunyi", "c"):
        (articles / folder).mkdir(parents=True)
    for name in ("z.md", "a.md", ".swp", "b/x.md", "a/dalam/y.md", ".tersembunyi/h.md", "c/k.txt"):
        (articles / name).write_text("x", encoding="utf-8")
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "o.md").write_text("x", encoding="utf-8")
    (articles / "tautan-folder").symlink_to(outside)
    (articles / "tautan.md").symlink_to(outside / "o.md")
    (articles / "b" / "putus.md").symlink_to(tmp_path / "tidak-ada")
    (root / "images").mkdir()
    (root / "images" / "foto.jpg").symlink_to(outside / "o.md")

    assert list(sources.walk(articles)) == list(_reference_walk(articles))
    assert sources.symlinks(root) == _reference_symlinks(root)
    assert {p.name for p in sources.symlinks(root)} == {
        "tautan-folder",
        "tautan.md",
        "putus.md",
        "foto.jpg",
    }


def test_confine_on_strings_keeps_every_reason(tmp_path):
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    photo = root / "images" / "foto.jpg"
    photo.write_bytes(b"x")
    outside = tmp_path / "rahasia.txt"
    outside.write_bytes(b"x")
    (root / "images" / "tautan.jpg").symlink_to(outside)
    (root / "lewat").symlink_to(root / "images")
    os.link(photo, root / "images" / "keras.jpg")
    # A sibling folder whose name starts like the root is not inside it.
    (tmp_path / "content-lain").mkdir()
    (tmp_path / "content-lain" / "x.jpg").write_bytes(b"x")

    assert sources.confine(root / "images" / "tidak-ada.jpg", [root]) == (None, "missing")
    assert sources.confine(outside, [root]) == (None, "outside")
    assert sources.confine(tmp_path / "content-lain" / "x.jpg", [root]) == (None, "outside")
    assert sources.confine(root / "images" / "tautan.jpg", [root]) == (None, "symlink")
    assert sources.confine(root / "lewat" / "keras.jpg", [root]) == (None, "symlink")
    assert sources.confine(root / "images", [root]) == (None, "not-file")
    assert sources.confine(root / "images" / "keras.jpg", [root]) == (None, "hardlink")
    assert sources.confine(root / "images" / ".." / "images" / "x" / "..", [root]) == (
        None,
        "not-file",
    )
    assert sources.confine("content/a\0b", [root]) == (None, "outside")
    assert sources.confine(str(root / "a\0b"), [root]) == (None, "missing")
    fresh = root / "images" / "baru.jpg"
    fresh.write_bytes(b"x")
    assert sources.confine(fresh, [root]) == (fresh.resolve(), None)
    assert sources.symlink_below(root / "lewat" / "keras.jpg", root) == root / "lewat"
    assert sources.symlink_below(photo, root) is None


def test_page_paths_are_told_apart_as_pathlib_did(tmp_path):
    from plugins.bkd_content import is_page_path

    root = tmp_path / "content"
    for folder in ("pages/sub", "articles", "pages-lama"):
        (root / folder).mkdir(parents=True)
    (root / "pages-tautan").symlink_to(root / "pages")
    settings = {"PATH": str(root), "PAGE_PATHS": ["pages", "./arsip/halaman"]}

    def reference(source: Path) -> bool:
        base = Path(settings["PATH"]).resolve()
        try:
            rel = source.resolve().relative_to(base)
        except ValueError:
            return False
        return any(rel.parts[: len(Path(p).parts)] == Path(p).parts for p in settings["PAGE_PATHS"])

    for source in (
        root / "pages" / "kontak.md",
        root / "pages" / "sub" / "x.md",
        root / "pages-lama" / "x.md",
        root / "pages-tautan" / "x.md",
        root / "articles" / "x.md",
        root / "arsip" / "halaman" / "x.md",
        root,
        tmp_path / "lain" / "pages" / "x.md",
        root / "articles" / ".." / "pages" / "x.md",
    ):
        assert is_page_path(str(source), settings) == reference(source), source


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-28 09:30",
        "2026-11-28 23:59",
        "2026-11-28 9:30",
        "2026-11-28T09:30",
        "2026-11-28 09:30+08:00",
        "2026-11-28 09:30:15",
        "2026-11-28",
        "2026-02-30 09:30",
        "2026-11-28 24:00",
        "\u0662\u0660\u0662\u0666-11-28 09:30",  # Arabic-Indic digits in the year
    ],
)
@pytest.mark.parametrize("name", ["date", "modified"])
def test_dates_in_metadata_are_what_pelican_makes(name, value):
    from pelican.readers import METADATA_PROCESSORS

    settings = _settings(FIXTURE)
    reader = CheckedMarkdownReader(settings)
    try:
        expected = METADATA_PROCESSORS[name](value, settings)
    except ValueError:
        with pytest.raises(ValueError):
            reader.process_metadata(name, value)
        return
    got = reader.process_metadata(name, value)
    assert (type(got), got, got.tzinfo) == (type(expected), expected, expected.tzinfo)
