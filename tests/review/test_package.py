"""The review package of a fixture pull request, as the content workflow makes it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from markdown_it import MarkdownIt
from PIL import Image

from plugins.indonesian_dates import jam, tanggal
from review import MARKER

# The fixture pull request's facts, where tests/review/conftest.py builds it.
from tests.review.conftest import (
    FUTURE_ARTICLE,
    GALLERY_ARTICLE,
    PR,
    PREVIEW_URL,
    PUBLIC_URL,
    REPOSITORY,
    SERVER,
    WAIVER_REASON,
)

REPO = Path(__file__).resolve().parents[2]
SYNDICATE = Path(sys.executable).with_name("syndicate")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def sections(comment: str) -> dict:
    """{article title: {"text": [...lines], platform label: fence content}} from the Markdown."""
    tokens = MarkdownIt("commonmark").parse(comment)
    out: dict = {}
    article = platform = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            title = "".join(c.content for c in tokens[index + 1].children if c.type == "text")
            if token.tag == "h2":
                article, platform = title, None
                out[article] = {"paragraphs": [], "images": []}
            elif token.tag == "h3" and article:
                platform = title
        elif token.type == "fence" and article and platform:
            out[article][platform] = token.content
        elif token.type == "inline" and article:
            out[article]["paragraphs"].append(token.content)
            for child in token.children or []:
                if child.type == "image":
                    out[article]["images"].append(child.attrs["src"])
    return out


def engine_preview(pr) -> list[dict]:
    """What the engine would send: `syndicate preview --json`, the code path of
    `syndicate publish` up to the request."""
    env = {
        **os.environ,
        "SYNDICATE_SINCE": "2000-01-01",
        "SYNDICATE_LEDGER_DIR": str(pr["repo"] / "build" / "ledger"),
        # The fixture repository holds content/ only (no pelicanconf.py to
        # find the root by): the manifest's video path is relative to it.
        "SYNDICATE_ROOT": str(pr["repo"]),
    }
    result = subprocess.run(
        [str(SYNDICATE), "preview", "--json", "--manifest", str(pr["manifest"])],
        cwd=pr["repo"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def manifest_articles(pr) -> dict:
    data = json.loads(pr["manifest"].read_text(encoding="utf-8"))
    return {a["id"]: a for a in data["articles"]}


def test_each_platform_text_is_byte_for_byte_what_the_engine_sends(fixture_pr):
    comment = fixture_pr["comment"]
    assert comment.startswith(MARKER)
    parsed = sections(comment)
    articles = manifest_articles(fixture_pr)
    labels = {"facebook": "Facebook", "instagram": "Instagram", "x": "X", "youtube": "YouTube"}
    rows = [r for r in engine_preview(fixture_pr) if r["action"] == "post"]
    ids = {
        a["id"]
        for a in articles.values()
        if a["id"].endswith(("-jemput-bola-di-rote", "-pengumuman-layanan-2099"))
    }
    assert len(ids) == 2 and set(parsed) == {articles[i]["title"] for i in ids}
    compared = set()
    for row in rows:
        if row["article"] not in ids:
            continue
        title = articles[row["article"]]["title"]
        # The pull request's build has the preview's address; after the merge
        # the production build differs in SITEURL alone, so what `syndicate
        # publish` will send is this text with the public address.
        sent = row["text"].replace(PREVIEW_URL, PUBLIC_URL)
        assert PREVIEW_URL not in parsed[title][labels[row["platform"]]]
        # A fence holds its text plus the newline before the closing fence.
        assert parsed[title][labels[row["platform"]]] == sent + "\n"
        assert sent.encode("utf-8") in comment.encode("utf-8")
        compared.add((row["article"][9:], row["platform"]))
    # Links, requests and addresses are the public ones too.
    assert PREVIEW_URL in json.dumps(rows) and PREVIEW_URL not in comment
    assert compared == {
        ("jemput-bola-di-rote", "facebook"),
        ("jemput-bola-di-rote", "instagram"),
        ("jemput-bola-di-rote", "x"),
        ("jemput-bola-di-rote", "youtube"),
        ("pengumuman-layanan-2099", "facebook"),
        ("pengumuman-layanan-2099", "x"),
    }


def test_platforms_not_sent_to_say_why(fixture_pr):
    comment = fixture_pr["comment"]
    future = comment.split("## ")[2] if "2099" in comment.split("## ")[2] else comment
    assert "Instagram: front matter Syndicate tidak memuat instagram" in future
    assert "YouTube: front matter Syndicate tidak memuat youtube" in future


def test_fbs_counts_waivers_and_schedule(fixture_pr):
    comment = fixture_pr["comment"]
    repo = fixture_pr["repo"]
    fbs = Path(sys.executable).with_name("fbs")
    totals = {"error": 0, "warning": 0}
    for source in (GALLERY_ARTICLE, FUTURE_ARTICLE):
        result = subprocess.run(
            [str(fbs), "check", "--no-repo", "--format", "json", source],
            cwd=repo,
            capture_output=True,
            text=True,
        )
        findings = [f for f in json.loads(result.stdout) if not f.get("waived_by")]
        errors = sum(f["severity"] == "error" for f in findings)
        warnings = sum(f["severity"] == "warning" for f in findings)
        totals["error"] += errors
        totals["warning"] += warnings
        assert f"FBS: {errors} galat, {warnings} peringatan" in comment
    head = comment.split("\n## ")[0]
    assert f"{totals['error']} galat, {totals['warning']} peringatan" in head
    # Every waiver with its reason, at the top.
    assert WAIVER_REASON in head and "`FBS-3.summary`" in head
    date = datetime.fromisoformat("2099-01-14T10:00:00+08:00")
    assert f"Terbit: {tanggal(date)}, {jam(date)}" in comment
    assert "Terbit: Rabu, 14 Januari 2099, 10.00 WITA" in comment
    assert "Terbit: segera setelah digabung" in comment
    assert "https://bkd.nttprov.go.id/2099/01/pengumuman-layanan-2099/" in comment
    assert "Kategori: Regulasi" in comment and "Tag: netralitas, ASN" in comment


def test_video_facts_and_how_to_watch(fixture_pr):
    comment = fixture_pr["comment"]
    assert "### Video (VideoFile)" in comment
    size = (fixture_pr["repo"] / "content/videos/rote.mp4").stat().st_size
    assert f"- Berkas: `content/videos/rote.mp4` ({size / 1000:.0f} kB)" in comment
    # Read from the file by ffprobe (tests/_support/video.py made it 4 s, 480x270).
    assert "- Durasi: 0:04 menit" in comment
    assert "- Resolusi: 480×270" in comment
    assert "Bingkai poster" in comment
    frame = next((fixture_pr["package"] / "images").rglob("video-frame.jpg"))
    with Image.open(frame) as picture:
        assert picture.format == "JPEG" and picture.size == (640, 360)
    head = fixture_pr["head"]
    assert f"Tonton: {SERVER}/{REPOSITORY}/blob/{head}/content/videos/rote.mp4" in comment
    assert "Privasi: public" in comment
    assert "Judul (" in comment  # the YouTube title, with its length


def test_image_links_work_on_the_preview_branch(fixture_pr, tmp_path):
    """The pictures, committed as the comment workflow does, are at the linked paths."""
    repo = fixture_pr["repo"]
    head = fixture_pr["head"]
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    for _ in range(2):  # a second push of the same PR extends the branch
        subprocess.run(
            [
                sys.executable,
                "-m",
                "review",
                "images",
                "--repo",
                str(clone),
                "--images",
                str(fixture_pr["package"] / "images"),
                "--prefix",
                f"pr-{PR}/{head}",
            ],
            cwd=REPO,
            check=True,
            capture_output=True,
            env={
                **os.environ,
                "GIT_AUTHOR_NAME": "bot",
                "GIT_AUTHOR_EMAIL": "bot@example.invalid",
                "GIT_COMMITTER_NAME": "bot",
                "GIT_COMMITTER_EMAIL": "bot@example.invalid",
            },
        )
    git(clone, "push", "-q", "origin", "review-previews")
    images = [src for s in sections(fixture_pr["comment"]).values() for src in s["images"]]
    # The Open Graph image, the Instagram carousel (4 photos) and the video frame or poster.
    assert len(images) >= 6
    prefix = f"/{REPOSITORY}/blob/review-previews/"
    for src in images:
        url = urlparse(src)
        assert f"{url.scheme}://{url.netloc}" == SERVER and url.query == "raw=true", src
        assert url.path.startswith(prefix), src
        path = url.path[len(prefix) :]
        size = git(origin, "cat-file", "-s", f"review-previews:{path}")
        assert int(size) > 1000, path
        # The same bytes as the built picture.
        local = fixture_pr["package"] / "images" / path.split("/", 2)[2]
        assert local.stat().st_size == int(size)
    assert not list(repo.glob("review-previews"))


def test_comment_is_valid_github_markdown(fixture_pr):
    comment = fixture_pr["comment"]
    tokens = MarkdownIt("commonmark").parse(comment)
    # Only one raw HTML block: the hidden marker.
    html = [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert [t.content.strip() for t in html] == [MARKER]
    inline_html = [
        c for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "html_inline"
    ]
    assert inline_html == []
    # Every fence is closed: the code blocks are exactly the platform texts.
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 6
    assert all(t.markup.startswith("```") for t in fences)
    assert len(comment) <= 65_536


def test_markup_in_author_text_stays_text():
    """A title or tag with Markdown or HTML is shown as typed, never rendered."""
    from review.package import ArticleReview, PlatformPost, render

    hostile = "<img src=x onerror=alert(1)> **tebal** [tautan](https://contoh.invalid) | a"
    review = ArticleReview(
        source="content/articles/x.md",
        title=hostile,
        category=hostile,
        tags=[hostile],
        schedule="Terbit: segera setelah digabung",
        posts=[PlatformPost("x", "X", "teks ``` dengan pagar\n```\n# judul", 30, 280, "karakter")],
    )
    comment = render([review])
    tokens = MarkdownIt("commonmark").parse(comment)
    kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    assert not kinds & {"html_inline", "link_open", "image"}
    heading = next(i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2")
    children = tokens[heading + 1].children
    assert {c.type for c in children} == {"text"}
    assert "".join(c.content for c in children) == hostile
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.content for f in fences] == ["teks ``` dengan pagar\n```\n# judul\n"]
    assert re.search(r"^## .*onerror", comment, re.M)


def test_phone_screenshot_and_post_mocks(fixture_pr):
    """The page at 360 px and each post as followers see it (sandbox viewer)."""
    import pytest
    from PIL import Image

    if not fixture_pr["screenshots"]:
        pytest.skip("Chromium not installed (required, and checked, under CI=true)")
    images = fixture_pr["package"] / "images"
    for key in ("20261127-jemput-bola-di-rote", "20990114-pengumuman-layanan-2099"):
        shot = Image.open(images / key / "halaman-360.jpg")
        assert shot.size[0] == 360 and shot.size[1] > 780
        platforms = (
            ["facebook", "instagram", "x", "youtube"] if "rote" in key else ["facebook", "x"]
        )
        for platform in platforms:
            mock = Image.open(images / key / f"mock-{platform}.png")
            assert mock.size[0] <= 360 and mock.size[1] > 100
    comment = fixture_pr["comment"]
    assert comment.count("halaman-360.jpg?raw=true") == 2
    assert comment.count("/mock-") == 6
    # Each mock sits under its platform's heading, after the exact text.
    x = comment.split("### X\n", 1)[1].split("\n### ", 1)[0]
    assert "mock-x.png" in x and x.index("```") < x.index("mock-x.png")
