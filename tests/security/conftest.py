"""The hostile-markup corpus (tests/security/hostile_markup/), built once per
session as a real Pelican site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "hostile_markup"
# One small sample photo serves Image: and Gallery: in the corpus.
PHOTO = REPO / "content" / "images" / "evaluasi-kinerja-skp.jpg"


def copy_corpus(target: Path) -> Path:
    content = target / "content"
    shutil.copytree(CORPUS, content)
    (content / "images").mkdir()
    shutil.copy(PHOTO, content / "images" / "foto.jpg")
    return content


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory, pelican_build):
    """(output folder, build log) of the corpus; every article in the feeds."""
    root = tmp_path_factory.mktemp("hostile")
    content = copy_corpus(root)
    out = root / "output"
    result = pelican_build(
        content,
        out,
        extra={"FEEDS_MAX_ITEMS": 100, "FBS_ENABLED": False},
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    return out, log
