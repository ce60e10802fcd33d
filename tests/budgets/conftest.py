"""Fixtures for the byte budgets and HTML validity: the same single site build as
tests/browser (sitekit.build_once), no browser needed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests._support import sitekit

unavailable = sitekit.unavailable


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, media_cache) -> Path:
    return sitekit.build_once(lambda: tmp_path_factory.mktemp("site"), media_cache)


@pytest.fixture(scope="session")
def npm_tools():
    try:
        sitekit.ensure_npm_tools()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:  # no npm, offline
        unavailable(f"npm tools (vnu-jar) unavailable: {error}")
    return sitekit.NODE_MODULES
