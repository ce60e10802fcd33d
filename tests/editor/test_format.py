"""The editor's front-matter format (plugins/editor/static/pelican-meta.js),
run with node: it reads what plugins/bkd_content parses and writes it back
byte for byte, and a one-field edit is a one-line diff."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from plugins.bkd_content.frontmatter import (
    parse_front_matter,
    parse_gallery,
    split_list,
    validate_front_matter,
)
from plugins.bkd_content.taxonomy import load_taxonomy
from plugins.editor.config import LINE_FIELDS, field_keys
from tests._support.sitekit import unavailable

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("format_driver.js")
ARTICLES = sorted(
    p
    for folder in (ROOT / "content", ROOT / "tests" / "fixtures")
    for p in folder.rglob("*.md")
    if "node_modules" not in p.parts
)
GALLERY_ARTICLE = (
    ROOT / "tests/fixtures/site-content/articles/layanan-jemput-bola-kepegawaian-di-alor.md"
)


def run_format(jobs: list[dict]) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        unavailable("node not found (Debian's nodejs; .ci/run installs it)")
    result = subprocess.run(
        [node, str(DRIVER)],
        input=json.dumps({"fields": field_keys(), "jobs": jobs}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def round_trips() -> dict[Path, dict]:
    results = run_format([{"op": "roundtrip", "text": read(p)} for p in ARTICLES])
    return dict(zip(ARTICLES, results, strict=True))


def test_there_are_articles_to_check():
    assert len(ARTICLES) >= 30
    assert GALLERY_ARTICLE in ARTICLES


def test_every_article_is_written_back_byte_for_byte(round_trips):
    changed = [
        p.relative_to(ROOT).as_posix() for p, r in round_trips.items() if r["text"] != read(p)
    ]
    assert changed == []


def test_fields_read_are_the_fields_the_project_parser_reads(round_trips):
    for path, result in round_trips.items():
        fm = parse_front_matter(read(path))
        data = result["data"]
        for key, value in fm.fields.items():
            if key in ("tags", "syndicate"):
                assert data[key] == split_list(value), (path, key)
            elif key == "gallery":
                expected = [
                    {"photo": g.path, "caption": g.alt, "credit": g.credit}
                    for g in parse_gallery(fm.value_lines["gallery"])
                ]
                assert data[key] == expected, path
            elif key in LINE_FIELDS:
                assert data[key] == [t for _, t in fm.value_lines[key] if t], path
            else:
                assert data[key] == value, (path, key)


def test_gallery_is_read_as_photos_with_caption_and_credit(round_trips):
    gallery = round_trips[GALLERY_ARTICLE]["data"]["gallery"]
    assert len(gallery) == 4
    assert gallery[1]["photo"] == "images/kegiatan-alor-2.jpg"
    assert gallery[1]["caption"].startswith("Narasumber menjelaskan")
    assert gallery[1]["credit"].startswith("Ilustrasi: BKD NTT")


def one_line_diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", "Judul Baru yang Diperbaiki", "+Title: Judul Baru yang Diperbaiki"),
        ("tags", ["ASN", "Kupang"], "+Tags: ASN, Kupang"),
        ("summary", "Ringkasan\nbaru.", "+Summary: Ringkasan baru."),
    ],
)
def test_editing_one_field_changes_only_that_line(field, value, expected):
    before = read(GALLERY_ARTICLE)
    (result,) = run_format([{"op": "edit", "text": before, "edit": {field: value}}])
    diff = one_line_diff(before, result["text"])
    assert len(diff) == 2, diff
    assert diff[0].startswith("-" + field.capitalize() + ":")
    assert diff[1] == expected


def test_editing_one_gallery_caption_changes_only_that_line():
    before = read(GALLERY_ARTICLE)
    (parsed,) = run_format([{"op": "roundtrip", "text": before}])
    gallery = parsed["data"]["gallery"]
    gallery[2]["caption"] = "Peserta berkumpul"
    (result,) = run_format([{"op": "edit", "text": before, "edit": {"gallery": gallery}}])
    diff = one_line_diff(before, result["text"])
    assert diff == [
        "-" + before.splitlines()[12],
        "+    images/kegiatan-alor-3.jpg | Peserta berkumpul | "
        "Ilustrasi: BKD NTT (gambar buatan komputer, CC0)",
    ]


def test_a_new_field_goes_where_article_fields_puts_it_and_empty_ones_are_dropped():
    before = read(GALLERY_ARTICLE)
    (result,) = run_format(
        [{"op": "edit", "text": before, "edit": {"modified": "2026-07-20 08:00", "video": ""}}]
    )
    diff = one_line_diff(before, result["text"])
    assert diff == ["+Modified: 2026-07-20 08:00"]
    lines = result["text"].splitlines()
    assert lines[2].startswith("Category:")
    assert lines[3] == "Modified: 2026-07-20 08:00"


def test_clearing_a_field_removes_its_line():
    before = read(GALLERY_ARTICLE)
    (result,) = run_format([{"op": "edit", "text": before, "edit": {"imagefocus": ""}}])
    diff = one_line_diff(before, result["text"])
    assert len(diff) == 1 and diff[0].startswith("-ImageFocus:")


def test_a_new_article_from_the_form_is_what_the_parser_expects():
    data = {
        "title": "Sosialisasi Manajemen Talenta di Kupang",
        "date": "2026-11-28 09:30",
        "category": "Kegiatan",
        "tags": ["manajemen talenta", "Kupang"],
        "summary": "BKD NTT menggelar sosialisasi manajemen talenta.",
        "author": "",
        "image": "images/sosialisasi.jpg",
        "imagealt": "Peserta sosialisasi di aula BKD",
        "imagecredit": "Foto: Humas BKD NTT",
        "gallery": [
            {"photo": "images/a.jpg", "caption": "Pembukaan", "credit": "Foto: Humas"},
            {"photo": "images/b.jpg", "caption": "Diskusi", "credit": ""},
        ],
        "syndicate": ["facebook", "x"],
        "status": None,
        "body": "Isi berita.\n\n## Subjudul\n\nParagraf.",
    }
    (result,) = run_format([{"op": "create", "data": data}])
    assert result["text"] == (
        "Title: Sosialisasi Manajemen Talenta di Kupang\n"
        "Date: 2026-11-28 09:30\n"
        "Category: Kegiatan\n"
        "Tags: manajemen talenta, Kupang\n"
        "Summary: BKD NTT menggelar sosialisasi manajemen talenta.\n"
        "Image: images/sosialisasi.jpg\n"
        "ImageAlt: Peserta sosialisasi di aula BKD\n"
        "ImageCredit: Foto: Humas BKD NTT\n"
        "Gallery: images/a.jpg | Pembukaan | Foto: Humas\n"
        "    images/b.jpg | Diskusi\n"
        "Syndicate: facebook, x\n"
        "\n"
        "Isi berita.\n\n## Subjudul\n\nParagraf.\n"
    )
    fm = parse_front_matter(result["text"])
    assert validate_front_matter(fm, load_taxonomy()) == []
    assert [g.path for g in parse_gallery(fm.value_lines["gallery"])] == [
        "images/a.jpg",
        "images/b.jpg",
    ]


def test_a_new_change_note_is_one_added_continuation_line():
    article = ROOT / "tests/fixtures/corrections-content/articles/jadwal-seleksi-cpns-2026.md"
    before = read(article)
    (parsed,) = run_format([{"op": "roundtrip", "text": before}])
    notes = [*parsed["data"]["changenote"], "2026-11-28 10:00 | Nama narasumber diperbaiki."]
    (result,) = run_format([{"op": "edit", "text": before, "edit": {"changenote": notes}}])
    assert one_line_diff(before, result["text"]) == [
        "+    2026-11-28 10:00 | Nama narasumber diperbaiki."
    ]
