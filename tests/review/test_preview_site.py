"""The pull request's build, as deployed to the page preview: built for its
own address under /pratinjau/pr-<N>/, never indexed, no public sitemap, and
no link that leads to the live site."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from lxml import html

from tests.review.conftest import PREVIEW_URL

REPO = Path(__file__).resolve().parents[2]
# Links that are meant to leave the site (the agency's map, the share
# buttons, SP4N-LAPOR!) are on other hosts; only this host's are checked.
SAME_HOST = re.compile(r"^(?:https?:)?//bkd\.nttprov\.go\.id(?=/|$)")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_robots_disallow_everything_and_no_sitemap(fixture_pr):
    site = fixture_pr["site"]
    rules = [
        line
        for line in (site / "robots.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert rules == ["User-agent: *", "Disallow: /"]
    assert not (site / "sitemap.xml").exists()


def test_every_page_says_noindex(fixture_pr):
    found = pages(fixture_pr["site"])
    assert len(found) > 20
    for page in found:
        tree = html.fromstring(page.read_bytes())
        assert tree.xpath('//meta[@name="robots"]/@content') == ["noindex, nofollow"], page


def test_links_stay_inside_the_preview(fixture_pr):
    site = fixture_pr["site"]
    checked = 0
    for page in pages(site):
        tree = html.fromstring(page.read_bytes())
        for value in tree.xpath("//@href | //@src | //@srcset | //@content | //@action"):
            for url in value.replace(",", " ").split():
                if SAME_HOST.match(url) or url.startswith("/"):
                    checked += 1
                    assert url.startswith((PREVIEW_URL + "/", "/pratinjau/pr-7/")) or url in (
                        PREVIEW_URL,
                    ), (page.relative_to(site).as_posix(), url)
    assert checked > 100
    # The feeds and the search index too.
    for feed in (site / "feeds").glob("*.xml"):
        text = feed.read_text(encoding="utf-8")
        for url in re.findall(r"https?://bkd\.nttprov\.go\.id[^\s\"<]*", text):
            assert url.startswith(PREVIEW_URL), (feed.name, url)


def make_dry(*args: str) -> str:
    return subprocess.run(
        ["make", "-n", *args], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout


def test_make_review_build_builds_for_the_preview_address():
    """The fixture mirrors this recipe: the preview's SITEURL, no sitemap."""
    dry = make_dry("review-build", "PR=3", "PREVIEW_URL=https://contoh.invalid/pratinjau")
    assert "SITEURL='https://contoh.invalid/pratinjau/pr-3'" in dry
    assert "SEO_SITEMAP=false" in dry and "WITH_FUTURE_DATES=true" in dry
    # Without a preview address (previews not deployed, or a fork's pull
    # request), a local one: the downloaded artifact is served on it.
    assert "SITEURL='http://127.0.0.1:8000'" in make_dry("review-build", "PR=3")


def test_the_comment_workflow_deploys_to_the_address_the_site_was_built_for():
    workflow = (REPO / ".github" / "workflows" / "review-comment.yml").read_text()
    assert "PREVIEW_URL=$(make -s preview-url)" in workflow
    shown = subprocess.run(
        ["make", "-s", "preview-url", "PREVIEW_URL=https://contoh.invalid/pratinjau"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown == "https://contoh.invalid/pratinjau\n"
