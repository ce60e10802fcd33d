"""The shared checks behind confinement, without a build: path confinement,
video magic bytes (also used before a YouTube upload), control characters,
the warning cap."""

from __future__ import annotations

import os

import pytest

from plugins.bkd_content import format_problems
from plugins.bkd_content.frontmatter import parse_front_matter, problem
from plugins.bkd_content.sources import (
    confine,
    control_characters,
    discover,
    strip_control_characters,
)
from plugins.media.video import check_video_file, locate_video_file, video_file_problem


@pytest.fixture
def tree(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "articles").mkdir()
    (tmp_path / "luar.txt").write_text("rahasia")
    (content / "images" / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    os.symlink(tmp_path / "luar.txt", content / "images" / "tautan.jpg")
    os.symlink(content / "images", content / "folder-tautan")
    os.link(tmp_path / "luar.txt", content / "images" / "keras.jpg")
    return tmp_path, content


@pytest.mark.parametrize(
    ("relative", "reason"),
    [
        ("images/foto.jpg", None),
        ("../luar.txt", "outside"),
        ("images/../../luar.txt", "outside"),
        ("/etc/passwd", "outside"),
        ("images/tautan.jpg", "symlink"),
        ("folder-tautan/foto.jpg", "symlink"),
        ("images/keras.jpg", "hardlink"),
        ("images", "not-file"),
        ("images/tidak-ada.jpg", "missing"),
        ("images/nul\x00.jpg", "missing"),
    ],
)
def test_confine(tree, relative, reason):
    _, content = tree
    found, why = confine(content / relative, [content])
    assert why == reason
    assert (found is not None) == (reason is None)


def test_discover_refuses_other_types_and_symlinks(tree):
    _, content = tree
    articles = content / "articles"
    for name in ("baik.md", "lain.markdown", "BESAR.MD", "halaman.html", ".tersembunyi.md"):
        (articles / name).write_text("Title: x\n")
    os.symlink(content.parent / "luar.txt", articles / "tautan.md")
    found, refused = discover(content)
    assert [p.name for p in found] == ["baik.md"]
    assert sorted(r.path.name for r in refused) == [
        "BESAR.MD",
        "halaman.html",
        "lain.markdown",
        "tautan.md",
    ]


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 40
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 40
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 40
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 40
LFS = (
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 9\n"
)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (MP4, None),
        (MOV, None),
        (WEBM, None),
        (HEIC, "video-not-video"),
        (LFS, "video-lfs"),
        (b"[core]\n\tbare = false\n", "video-not-video"),
        (b"", "video-not-video"),
    ],
)
def test_video_magic_bytes(tmp_path, data, problem):
    path = tmp_path / "video.mp4"
    path.write_bytes(data)
    assert video_file_problem(path) == problem
    checked = check_video_file(path, "videos/video.mp4")
    if problem is None:
        assert checked is None
    else:
        code, message = checked
        assert code == problem and "videos/video.mp4" in message
        assert "Cara memperbaiki:" in message
    if problem == "video-lfs":
        assert "git lfs pull" in checked[1]


def test_video_file_is_confined(tmp_path):
    content = tmp_path / "content"
    videos = tmp_path / "video-bersama"
    (content / "videos").mkdir(parents=True)
    videos.mkdir()
    (content / "videos" / "a.mp4").write_bytes(MP4)
    (videos / "b.mp4").write_bytes(MP4)
    (tmp_path / "luar.mp4").write_bytes(MP4)
    kwargs = {
        "content_path": str(content),
        "extra_paths": [str(videos)],
        "repo_root": str(tmp_path),
    }
    assert locate_video_file("videos/a.mp4", **kwargs)[0] == (content / "videos" / "a.mp4")
    assert locate_video_file("b.mp4", **kwargs)[0] == videos / "b.mp4"
    assert locate_video_file("luar.mp4", **kwargs) == (None, "video-outside")
    assert locate_video_file(str(tmp_path / "luar.mp4"), **kwargs) == (None, "video-outside")
    assert locate_video_file("tidak-ada.mp4", **kwargs) == (None, "video-missing")


def test_control_characters_are_found_by_line_and_stripped():
    text = "Title: A\x0bB\n\nbaris\x0c dua\nbiasa\ttab\n\ufffe\x7f\x85\n"
    assert control_characters(text) == [(1, "U+000B"), (3, "U+000C"), (5, "U+007F, U+0085, U+FFFE")]
    assert strip_control_characters(text) == "Title: AB\n\nbaris dua\nbiasa\ttab\n\n"
    fm = parse_front_matter("\ufeff" + text)
    assert fm.fields["title"] == "AB"
    assert [p.line for p in fm.problems if p.rule == "text.control-character"] == [1, 3, 5]


def test_warnings_per_file_are_capped():
    problems = [problem(n, "warning", "x", f"peringatan {n}") for n in range(1, 500)]
    problems.append(problem(600, "error", "y", "galat penting"))
    text = format_problems("content/articles/banjir.md", problems)
    assert "galat penting" in text  # errors come first, never cut
    assert text.count("PERINGATAN") == 19
    assert "dan 480 masalah lain" in text
    assert len(text.splitlines()) < 30
