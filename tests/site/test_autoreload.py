"""`make serve`: `pelican --autoreload` runs every rebuild on one Pelican
object, whose plugins saw `initialized` only once. A plugin that keeps
per-build state from `initialized` and drops it at `finalized` breaks the
second build; this test saves an article while a real autoreloading Pelican
runs and checks the rebuilt page, the log, and that the rebuild rendered only
that article (the incremental plugin's site key stays the same between
builds of one process)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO, SAMPLE_CONTENT, TEST_NOW

ARTICLE = "articles/layanan-jemput-bola-kepegawaian-di-alor.md"
PAGE = "2026/07/layanan-jemput-bola-kepegawaian-di-alor/index.html"
DONE = "Done: Processed"


def wait_for(log: Path, text: str, count: int, process: subprocess.Popen, timeout: float = 300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = log.read_text(encoding="utf-8", errors="replace")
        if seen.count(text) >= count:
            return seen
        # Pelican logs a failed rebuild and waits for the next change.
        assert seen.count("Caught exception") < count, seen[-4000:]
        assert process.poll() is None, f"pelican stopped:\n{seen[-4000:]}"
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not seen {count} times:\n{seen[-4000:]}")


def test_a_save_during_make_serve_rebuilds_the_page(tmp_path, media_cache):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    assert (content / ARTICLE).exists(), "the fixture article moved: update ARTICLE"
    output, log = tmp_path / "output", tmp_path / "serve.log"
    overrides = [
        f'CACHE_PATH="{tmp_path / "cache"}"',
        f'MEDIA_CACHE_PATH="{media_cache}"',
        "SEARCH_PAGEFIND=false",
    ]
    command = [sys.executable, str(REPO / "tests" / "tools" / "pelican_at.py"), TEST_NOW]
    command += [str(content), "-s", str(REPO / "pelicanconf.py"), "-o", str(output)]
    command += ["--autoreload", "-v", "-e", *overrides]
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "COLUMNS": "200", "TERM": "dumb"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=REPO, stdout=sink, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,
        )  # fmt: skip
    try:
        first = wait_for(log, DONE, 1, process)
        time.sleep(1.5)  # Pelican watches again only once a build has finished
        path = content / ARTICLE
        path.write_text(path.read_text(encoding="utf-8") + "\nKalimat penanda7391.\n")
        second = wait_for(log, DONE, 2, process)[len(first) :]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    assert "Caught exception" not in second, second
    assert "penanda7391" in (output / PAGE).read_text(encoding="utf-8")
    assert "seluruh situs dirender" not in second, second
    assert "incremental: 1 halaman dirender" in " ".join(second.split()), second
