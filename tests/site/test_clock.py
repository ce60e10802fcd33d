"""The site tests hold on any day: run them again with the clock years ahead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_site_tests_pass_with_the_clock_in_2030(tmp_path):
    # BKD_TEST_NOW is the moment both the test process and the Pelican child
    # (tests/tools/pelican_at.py) take as "now"; 2030 is past every dated
    # sample article but the fixture's far-future one.
    env = {**os.environ, "BKD_TEST_NOW": "2030-01-01T00:00:00+08:00"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(HERE / "test_sample_site.py"),
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "run"),
        ],
        cwd=HERE.parents[1],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout


def test_the_frozen_clock_reaches_the_pelican_child(pelican_build, tmp_path):
    """The same article is future at one moment and published at a later one."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "taxonomy.toml").write_text(
        (HERE.parents[0] / "fixtures" / "site-content" / "taxonomy.toml").read_text()
    )
    (content / "articles" / "kelak.md").write_text(
        "Title: Pengumuman Jadwal Layanan Kepegawaian\nDate: 2028-03-02 09:00\n"
        "Category: Pengumuman\nTags: layanan\n"
        "Summary: Jadwal layanan kepegawaian bulan Maret 2028 di kantor BKD NTT.\n"
        "Author: Bidang Mutasi\n\n"
        "BKD Provinsi NTT membuka layanan kepegawaian setiap hari kerja pada bulan Maret.\n",
        encoding="utf-8",
    )
    extra = {"FBS_ENABLED": False}
    before = pelican_build(content, tmp_path / "a", extra=extra, now="2028-03-01T00:00:00+08:00")
    after = pelican_build(content, tmp_path / "b", extra=extra, now="2028-03-03T00:00:00+08:00")
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    assert not (tmp_path / "a" / "2028" / "03").exists()
    assert (tmp_path / "b" / "2028" / "03").is_dir()
