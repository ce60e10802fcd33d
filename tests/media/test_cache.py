"""The content-hash cache: an unchanged photo is never processed twice, even
from a fresh clone (new mtimes) as long as the cache folder is kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path


def build(pelican_build, mt, content: Path, output: Path, cache: Path) -> dict:
    # Every build runs the media step: with nothing changed, a development
    # build would otherwise end before reading anything (plugins.incremental).
    extra = {**mt.FAST_SETTINGS, "MEDIA_CACHE_PATH": str(cache), "INCREMENTAL_RENDER": False}
    result = pelican_build(content, output, extra=extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((cache / "last-build.json").read_text())


def fresh_clone(source: Path, target: Path) -> Path:
    # copytree with copy (not copy2): every file gets a new mtime, as after git clone.
    shutil.copytree(source, target, copy_function=shutil.copy)
    return target


def published_media(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("media/**/*.*")}


def test_warm_and_fresh_clone_builds_process_nothing(tmp_path, pelican_build, mt):
    content = tmp_path / "clone-a" / "content"
    mt.write_camera_jpeg(content / "images" / "a.jpg", (1600, 1200), orientation=1)
    mt.write_plain_jpeg(content / "images" / "b.jpg", (1400, 900))
    (content / "articles").mkdir()
    (content / "pages").mkdir()
    (content / "articles" / "satu.md").write_text(
        mt.article("Satu", extra="Image: images/a.jpg\nImageAlt: A\n", body="![B](../images/b.jpg)")
    )
    (content / "articles" / "dua.md").write_text(mt.article("Dua tanpa foto", date="2026-10-02"))
    cache = tmp_path / "media-cache"

    cold = build(pelican_build, mt, content, tmp_path / "out-1", cache)
    assert cold["photos_processed"] == 2 and cold["cards_rendered"] >= 2
    # Both were encoded while Pelican was still reading the articles.
    assert cold["photos_prefetched"] == 2

    warm = build(pelican_build, mt, content, tmp_path / "out-1", cache)
    assert warm.get("photos_processed", 0) == 0 and warm.get("cards_rendered", 0) == 0
    assert warm.get("crops_made", 0) == 0 and warm.get("files_copied", 0) == 0
    assert warm["photos_cached"] == 2

    clone = fresh_clone(content, tmp_path / "clone-b" / "content")
    again = build(pelican_build, mt, clone, tmp_path / "out-2", cache)
    assert again.get("photos_processed", 0) == 0 and again.get("cards_rendered", 0) == 0
    assert published_media(tmp_path / "out-1") == published_media(tmp_path / "out-2")

    # Editing one photo reprocesses that photo only; a new title redraws its card.
    mt.write_plain_jpeg(clone / "images" / "b.jpg", (1400, 900), seed=99)
    text = (clone / "articles" / "dua.md").read_text().replace("Dua tanpa foto", "Dua, judul baru")
    (clone / "articles" / "dua.md").write_text(text)
    changed = build(pelican_build, mt, clone, tmp_path / "out-2", cache)
    assert changed["photos_processed"] == 1 and changed["photos_cached"] == 1
    assert changed["cards_rendered"] >= 1


def test_published_images_are_readable_by_the_web_server(tmp_path, pelican_build, mt):
    content = tmp_path / "content"
    mt.write_plain_jpeg(content / "images" / "a.jpg", (1200, 800))
    (content / "articles").mkdir()
    (content / "articles" / "a.md").write_text(
        mt.article("A", extra="Image: images/a.jpg\nImageAlt: A\n")
    )
    (content / "articles" / "b.md").write_text(mt.article("B", date="2026-10-02"))
    build(pelican_build, mt, content, tmp_path / "out", tmp_path / "cache")
    files = list((tmp_path / "out" / "media").rglob("*.*"))
    assert len(files) > 10
    for path in files:
        assert path.stat().st_mode & 0o044 == 0o044, (path, oct(path.stat().st_mode))
