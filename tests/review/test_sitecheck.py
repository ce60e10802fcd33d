"""The content checks over a built site find a missing page, link or image."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from lxml import html as lxml_html

REPO = Path(__file__).resolve().parents[2]


def check(content: Path, site: Path, manifest: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "review",
            "check-site",
            "--content",
            str(content),
            "--site",
            str(site),
            "--manifest",
            str(manifest),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def test_clean_build_passes(fixture_pr):
    result = check(fixture_pr["repo"] / "content", fixture_pr["site"], fixture_pr["manifest"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "semua artikel terbangun" in result.stdout


def test_missing_photo_link_and_page_are_named_in_indonesian(fixture_pr, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixture_pr["site"], site)
    content = tmp_path / "content"
    shutil.copytree(fixture_pr["repo"] / "content", content)
    page = next(site.glob("2026/11/jemput-bola-di-rote/index.html"))
    html = page.read_text(encoding="utf-8")
    src = lxml_html.fromstring(html).xpath("//main//img/@src")[0]
    # The build's address is the page preview's, /pratinjau/pr-<N>/ on the host.
    base = urlparse(json.loads(fixture_pr["manifest"].read_text())["site_url"]).path
    photo = site / urlparse(src).path.removeprefix(base).lstrip("/")
    photo.unlink()
    page.write_text(html.replace("</main>", '<a href="/tidak-ada/">x</a></main>', 1))
    shutil.rmtree(site / "2099")
    result = check(content, site, fixture_pr["manifest"])
    assert result.returncode == 1
    out = result.stdout
    assert "content/articles/pengumuman-layanan-2099.md: halaman" in out
    assert "tautan ke /tidak-ada/ tidak ditemukan" in out
    assert f"gambar ke {src} tidak ditemukan" in out and "content/images/" in out
    assert "Traceback" not in result.stderr
