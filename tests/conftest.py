"""Shared fixtures: real Pelican builds of the sample content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PELICAN = Path(sys.executable).with_name("pelican")
# Tests build this copy of the sample content, never the live content/: an
# author's mistake there is the content checks' business (make check-content),
# and the copy's future article is dated far enough ahead to stay future.
SAMPLE_CONTENT = REPO / "tests" / "fixtures" / "site-content"
# The moment the site tests run at, in the test process and in the Pelican
# child alike; tests/site/test_clock.py runs them again at another moment.
TEST_NOW = os.environ.setdefault("BKD_TEST_NOW", "2026-11-29T12:00:00+08:00")


def run_pelican(
    content: Path,
    output: Path,
    *,
    settings: str = "pelicanconf.py",
    extra: dict | None = None,
    fatal: bool = False,
    env: dict | None = None,
    now: str | None = TEST_NOW,
) -> subprocess.CompletedProcess:
    """Build a site with the real `pelican` command, as `make build` does.

    `now` (ISO 8601 with offset) is the clock inside the build, so which
    articles are future and which announcements are current never depends on
    the day the tests run; `now=None` leaves the real clock.
    """
    extra = {"CACHE_PATH": str(output.parent / "pelican-cache"), **(extra or {})}
    pelican = [str(PELICAN)]
    if now is not None:
        pelican = [sys.executable, str(REPO / "tests" / "tools" / "pelican_at.py"), now]
    command = [*pelican, str(content), "-s", str(REPO / settings), "-o", str(output)]
    command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    if fatal:
        command += ["--fatal", "errors"]
    # A bare locale and a wide log line: dates must not depend on the machine's
    # locales, and messages must be readable without terminal wrapping.
    base_env = {**os.environ, "LANG": "C", "LC_ALL": "C", "COLUMNS": "200", "TERM": "dumb"}
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, env={**base_env, **(env or {})}
    )


@pytest.fixture(scope="session")
def pelican_build():
    return run_pelican


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content (tests/fixtures/site-content), built once per session."""
    out = tmp_path_factory.mktemp("sample") / "output"
    result = run_pelican(SAMPLE_CONTENT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    (out.parent / "build.log").write_text(result.stdout + result.stderr)
    return out
