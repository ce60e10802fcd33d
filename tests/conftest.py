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


def run_pelican(
    content: Path,
    output: Path,
    *,
    settings: str = "pelicanconf.py",
    extra: dict | None = None,
    fatal: bool = False,
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    """Build a site with the real `pelican` command, as `make build` does."""
    extra = {"CACHE_PATH": str(output.parent / "pelican-cache"), **(extra or {})}
    command = [str(PELICAN), str(content), "-s", str(REPO / settings), "-o", str(output)]
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
    """The sample content of content/, built once per test session."""
    out = tmp_path_factory.mktemp("sample") / "output"
    result = run_pelican(REPO / "content", out)
    assert result.returncode == 0, result.stdout + result.stderr
    (out.parent / "build.log").write_text(result.stdout + result.stderr)
    return out
