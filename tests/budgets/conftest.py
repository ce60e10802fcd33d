"""Fixtures for the byte budgets and HTML validity: the same single site build as
tests/browser (sitekit.build_once), no browser needed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SITEKIT_PATH = Path(__file__).resolve().parents[1] / "browser" / "sitekit.py"


def _load_sitekit():
    if "bkd_sitekit" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bkd_sitekit", SITEKIT_PATH)
        module = importlib.util.module_from_spec(spec)
        sys.modules["bkd_sitekit"] = module
        spec.loader.exec_module(module)
    return sys.modules["bkd_sitekit"]


sitekit = _load_sitekit()


unavailable = sitekit.unavailable


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return sitekit.build_once(lambda: tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def npm_tools():
    try:
        sitekit.ensure_npm_tools()
    except Exception as error:
        unavailable(f"npm tools (vnu-jar) unavailable: {error}")
    return sitekit.NODE_MODULES
