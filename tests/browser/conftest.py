"""Fixtures for the browser tests: one site build, one server, one Chromium per session.

Under CI=true a missing browser, Playwright or npm tool fails the tests; on a
developer machine without them the tests skip with a message saying what to
install.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

# Shared with tests/budgets and bench/: one module object, one site build.
from tests._support import sitekit

VIEWPORTS = sitekit.VIEWPORTS


unavailable = sitekit.unavailable


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, media_cache) -> Path:
    return sitekit.build_once(lambda: tmp_path_factory.mktemp("site"), media_cache)


@pytest.fixture(scope="session")
def server(built_site):
    running = sitekit.serve(built_site)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def page_kinds(built_site) -> dict:
    return sitekit.find_page_kinds(built_site)


@pytest.fixture(scope="session")
def npm_tools():
    try:
        sitekit.ensure_npm_tools()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:  # no npm, offline
        unavailable(f"npm tools (axe-core, vnu-jar) unavailable: {error}")
    return sitekit.NODE_MODULES


@pytest.fixture
def open_page(browser, server):
    """open_page(url, viewport="mobile", javascript=True) -> (page, recorder, response)."""
    contexts = []

    def _open(url: str, viewport: str = "mobile", javascript: bool = True, wait="load"):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            java_script_enabled=javascript,
            base_url=server.base_url,
            locale="id-ID",
        )
        contexts.append(context)
        page = context.new_page()
        recorder = sitekit.PageRecorder(page)
        response = page.goto(url, wait_until=wait)
        return page, recorder, response

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def require_kind(page_kinds):
    """URL of a kind of page, or a clear failure if the sample site lacks it."""

    def _require(kind: str) -> str:
        url = page_kinds.get(kind)
        if url is None:
            hints = {
                "gallery": 'an article whose HTML has class="gallery" (media pipeline)',
                "video-facade": 'an article whose HTML has data-video-id / class="video-facade"',
                "article-photo": "an article with a lead photo (<picture> or figure.lead)",
            }
            pytest.fail(
                f"The sample site has no {kind!r} page: add {hints.get(kind, 'one')} "
                "to content/ so this check can run.",
                pytrace=False,
            )
        return url

    return _require
