"""A fixture pull request: a git repository whose head adds two articles (one
with a gallery and a video, one dated far ahead for two platforms), built as
the content workflow builds it, and its review package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests._support.video import tiny_video

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "tests" / "fixtures" / "site-content"
PR = 7
# As the content workflow builds it (Makefile, review-build): for the page
# preview's own address, on the public host but under /pratinjau/.
PUBLIC_URL = "https://bkd.nttprov.go.id"
PREVIEW_URL = f"{PUBLIC_URL}/pratinjau/pr-{PR}"
SERVER = "https://github.com"
REPOSITORY = "bkd-ntt/portal"

GALLERY_ARTICLE = "content/articles/jemput-bola-di-rote.md"
FUTURE_ARTICLE = "content/articles/pengumuman-layanan-2099.md"
WAIVER_REASON = "ringkasan sengaja sama dengan paragraf pertama pengumuman"


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Penulis",
        "GIT_AUTHOR_EMAIL": "penulis@example.invalid",
        "GIT_COMMITTER_NAME": "Penulis",
        "GIT_COMMITTER_EMAIL": "penulis@example.invalid",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def _article(source: str, replace: dict[str, str]) -> str:
    text = (SAMPLE / "articles" / source).read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="session")
def fixture_pr(tmp_path_factory, pelican_build):
    root = tmp_path_factory.mktemp("review-pr")
    repo = root / "repo"
    content = repo / "content"
    # The whole sample site as the base: the site checks need every page a
    # page links to.
    shutil.copytree(SAMPLE, content)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")

    # A real 4-second 480x270 video, so the package's duration, resolution
    # and poster frame come from ffprobe and ffmpeg as in the workflow.
    tiny_video(content / "videos" / "rote.mp4", seconds=4, width=480, height=270)
    (repo / GALLERY_ARTICLE).write_text(
        _article(
            "layanan-jemput-bola-kepegawaian-di-alor.md",
            {
                "ImageFocus: 0.5, 0.7\n": "ImageFocus: 0.5, 0.7\nVideoFile: videos/rote.mp4\n",
                "Date: 2026-07-16 16:00": "Date: 2026-11-27 16:00",
                "Title: Layanan Jemput Bola di Kalabahi, BKD NTT Dekati ASN di Alor": (
                    "Title: Layanan Jemput Bola di Ba'a, BKD NTT Dekati ASN di Rote Ndao"
                ),
            },
        ),
        encoding="utf-8",
    )
    (repo / FUTURE_ARTICLE).write_text(
        _article(
            "netralitas-asn-di-media-sosial.md",
            {
                "Date: 2026-05-20 09:00": "Date: 2099-01-14 10:00",
                "Title: Netralitas ASN di Media Sosial: Apa yang Boleh dan Tidak Boleh": (
                    "Title: Pengumuman Layanan Netralitas ASN di Media Sosial"
                ),
                "ImageCredit: Ilustrasi: BKD NTT (gambar buatan komputer, CC0)\n": (
                    "ImageCredit: Ilustrasi: BKD NTT (gambar buatan komputer, CC0)\n"
                    "Syndicate: facebook, x\n"
                    f"Waive: FBS-3.summary: {WAIVER_REASON}\n"
                ),
            },
        ),
        encoding="utf-8",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "two articles")
    head = git(repo, "rev-parse", "HEAD")

    review = repo / "build" / "review"
    result = pelican_build(
        content,
        review / "site",
        settings="publishconf.py",
        fatal=True,
        env={"SITEURL": PREVIEW_URL},
        extra={
            "WITH_FUTURE_DATES": True,
            "SEO_SITEMAP": False,
            "SYNDICATE_MANIFEST": "manifest.json",
            "SYNDICATE_ROOT": str(repo),
            "CACHE_PATH": str(root / "cache" / "pelican"),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = review / "package"
    template = f"{SERVER}/{REPOSITORY}/blob/review-previews/pr-{PR}/{head}/{{path}}?raw=true"
    command = [sys.executable, "-m", "review", "build", "--repo", str(repo), "--base", base]
    command += ["--manifest", str(review / "manifest.json"), "--site", str(review / "site")]
    command += ["--out", str(out), "--pr", str(PR), "--head-sha", head, "--image-url", template]
    command += ["--watch-url", f"{SERVER}/{REPOSITORY}/blob/{head}/{{path}}"]
    from review.shots import chromium_path

    if chromium_path():
        command.append("--screenshots")
    elif os.environ.get("CI") == "true":
        pytest.fail("Chromium is required for the review package screenshots in CI")
    built = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    return {
        "repo": repo,
        "base": base,
        "head": head,
        "manifest": review / "manifest.json",
        "site": review / "site",
        "package": out,
        "comment": (out / "comment.md").read_text(encoding="utf-8"),
        "meta": json.loads((out / "meta.json").read_text()),
        "screenshots": "--screenshots" in command,
    }
