"""The Makefile's Pelican command lines, read by Pelican's own argument parser.

Pelican keeps only the last `-e` flag of a command line (its ParseOverrides
action replaces the overrides instead of adding to them), so a recipe with two
`-e` flags silently drops the first: `make serve PORT=8100` once linked the
development pages to port 8000 that way. These tests run `make -n` (nothing is
built) and parse each `pelican` command as Pelican does."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from pelican import parse_arguments

REPO = Path(__file__).resolve().parents[2]


def pelican_overrides(target: str, *variables: str) -> list[dict]:
    """The -e overrides of every `pelican` command `make -n target` would run."""
    done = subprocess.run(
        ["make", "-n", "-s", target, "STAMP=Makefile", *variables],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    script = done.stdout.replace("\\\n", " ")
    # Each command from "pelican content" to the end of its shell command.
    commands = re.findall(r"pelican (content[^&;\n]*)", script)
    return [parse_arguments(shlex.split(args)).overrides or {} for args in commands]


@pytest.mark.parametrize("target", ["build", "serve"])
def test_development_address_and_extra_settings_both_reach_pelican(target):
    commands = pelican_overrides(target, "PORT=8100", "SETTINGS=SEARCH_PAGEFIND=false")
    assert commands, f"no pelican command in `make -n {target}`"
    for overrides in commands:
        assert overrides.get("SEO_DEV_SITEURL") == "http://127.0.0.1:8100", overrides
        assert overrides.get("SEARCH_PAGEFIND") is False, overrides
    if target == "serve":  # the demo's rebuild and the server's own builds; `build` first
        assert sum("EDITOR_LOCAL_BACKEND_URL" in o for o in commands) == 2, commands


def test_review_build_keeps_its_settings_with_extra_ones():
    (overrides,) = pelican_overrides("review-build", "SETTINGS=SEARCH_PAGEFIND=false")
    assert overrides["WITH_FUTURE_DATES"] is True and overrides["SEO_SITEMAP"] is False
    assert overrides["SYNDICATE_MANIFEST"] == "manifest.json"
    assert overrides["SEARCH_PAGEFIND"] is False


def test_publish_takes_extra_settings():
    (overrides,) = pelican_overrides("publish", "SETTINGS=SEARCH_PAGEFIND=false")
    assert overrides == {"SEARCH_PAGEFIND": False}
