"""In a build, each author mistake is reported once, by the plugin that owns
it: the reader for front matter, the media step for missing and too-small
photos and missing videos. `fbs check` (no build beside it) still reports
them all."""

from __future__ import annotations

import runpy
from pathlib import Path

from plugins.fbs.config import LEFT_TO_BUILD

REPO = Path(__file__).resolve().parents[2]
SITE_PLUGINS = runpy.run_path(str(REPO / "pelicanconf.py"))["PLUGINS"]
MISTAKES = {
    "Warnaa": "merah",  # unknown front-matter field
    "Image": "images/hilang.jpg",  # missing photo
    "Gallery": "images/kecil.jpg | Peserta rapat di aula kantor | Foto: Humas BKD NTT",
    "VideoFile": "video/tidak-ada.mp4",  # missing video
}


def test_each_mistake_appears_once_in_the_build_log(site, photo, pelican_build, tmp_path):
    photo(site.content / "images" / "kecil.jpg", size=(400, 300))
    site.article("salah.md", fields=MISTAKES, body="Hubungi WA 081234567890 untuk info.\n")
    extra = {
        "PLUGINS": [p for p in SITE_PLUGINS if p != "plugins.fbs"] + ["plugins.fbs"],
        "SEARCH_PAGEFIND": False,
        "COMPRESS_ENABLED": False,
        "FBS_SPELLING": False,
        "MEDIA_WORKERS": 1,
    }
    result = pelican_build(site.content, tmp_path / "output", extra=extra)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    # Rich may wrap a long line anywhere but inside a word: count short phrases.
    assert log.count("'warnaa'") == 1, log
    assert log.count("hilang.jpg") == 1, log
    assert log.count("tidak-ada.mp4") == 1, log
    assert log.count("400 piksel") + log.count("400×300") == 1, log
    for rule in LEFT_TO_BUILD:
        assert f"[{rule}]" not in log, log
    assert "FBS-8.phone" in log  # the rest of the gate still runs in the build


def test_the_gate_alone_still_reports_them(site, photo):
    photo(site.content / "images" / "kecil.jpg", size=(400, 300))
    path = site.article("salah.md", fields=MISTAKES)
    rules = sorted({f.rule for f in site.check(path).findings})
    assert {"FBS-7.frontmatter", "FBS-7.image-missing", "FBS-7.image-size"} <= set(rules)
