"""`python -m review build|post|images|check-site`: the review package in CI.

build       the package of a pull request's changed articles (Markdown + pictures)
images      commit the pictures to the preview branch (trusted workflow only)
post        the sticky pull-request comment, created once and updated in place
check-site  content checks over the production build of the real content/
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _build(args) -> int:
    from review import changes, package, previews
    from syndicate.contract import Manifest

    repo = Path(args.repo).resolve()
    articles = changes.changed_articles(repo, args.base, args.head)
    manifest_path = Path(args.manifest).resolve()
    reviews = package.build_package(repo, articles, manifest_path)
    out = Path(args.out)
    images = out / "images"
    images.mkdir(parents=True, exist_ok=True)
    manifest = Manifest.read(manifest_path, base_dir=repo)
    watch = None
    if args.watch_url:
        watch = lambda file: args.watch_url.replace("{path}", file)  # noqa: E731
    previews.gather(reviews, manifest, Path(args.site), images, repo, watch_url=watch)
    if args.screenshots:
        from review import shots

        shots.capture(reviews, manifest, Path(args.site), images)
    template = args.image_url or "images/{path}"

    def image_url(path: str) -> str:
        return template.replace("{path}", path)

    footer = args.footer or ""
    body = package.render(reviews, image_url, footer=footer)
    (out / "comment.md").write_text(body, encoding="utf-8")
    summary = package.render(reviews, image_url, footer=footer, limit=1_000_000)
    (out / "summary.md").write_text(summary, encoding="utf-8")
    (out / "meta.json").write_text(
        json.dumps({"pr": args.pr, "head_sha": args.head_sha, "articles": len(reviews)}),
        encoding="utf-8",
    )
    if os.environ.get("GITHUB_STEP_SUMMARY") and args.summary:
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(summary)
    print(f"paket tinjauan: {len(reviews)} artikel, {out / 'comment.md'}")
    return 0


def _images(args) -> int:
    from review import previews

    commit = previews.commit_to_branch(
        Path(args.repo), args.branch, Path(args.images), args.prefix, args.message
    )
    print(commit)
    return 0


def _post(args) -> int:
    from review.github import Comments

    token = os.environ.get(args.token_env, "")
    if not token:
        print(f"review: {args.token_env} kosong", file=sys.stderr)
        return 2
    comments = Comments(args.api_url, args.repository, token)
    if args.expect_sha and not comments.head_is(int(args.pr), args.expect_sha):
        print(f"review: the head of PR {args.pr} is not {args.expect_sha}", file=sys.stderr)
        return 3
    if args.verify_only:
        return 0
    body = Path(args.body).read_text(encoding="utf-8")
    result = comments.upsert(int(args.pr), body, author=args.author)
    print(result.get("html_url") or result.get("id"))
    if args.status_url:
        comments.set_status(
            args.expect_sha or args.head_sha,
            state="success",
            target_url=args.status_url,
            context="pratinjau",
            description="Pratinjau halaman untuk peninjau",
        )
    return 0


def _check_site(args) -> int:
    from review import sitecheck

    problems = sitecheck.run(Path(args.content), Path(args.site), Path(args.manifest))
    for problem in problems:
        print(f"::error::{problem}" if args.github else str(problem))
    if problems:
        print(f"Pemeriksaan situs: {len(problems)} masalah.", file=sys.stderr)
        return 1
    print("Pemeriksaan situs: semua artikel terbangun, tautan dan gambar ditemukan.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="review", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build")
    b.add_argument("--repo", default=".")
    b.add_argument("--base", required=True, help="base commit of the pull request")
    b.add_argument("--head", default="HEAD")
    b.add_argument("--manifest", required=True)
    b.add_argument("--site", required=True, help="the PR build's output folder")
    b.add_argument("--out", required=True)
    b.add_argument("--image-url", help="URL template of a picture, with {path}")
    b.add_argument("--watch-url", help="URL template to watch a video file, with {path}")
    b.add_argument("--pr", default="")
    b.add_argument("--head-sha", default="")
    b.add_argument("--footer", default="")
    b.add_argument("--screenshots", action="store_true")
    b.add_argument("--summary", action="store_true", help="also append to GITHUB_STEP_SUMMARY")
    b.set_defaults(run=_build)

    i = sub.add_parser("images")
    i.add_argument("--repo", default=".")
    i.add_argument("--branch", default="review-previews")
    i.add_argument("--images", required=True)
    i.add_argument("--prefix", required=True)
    i.add_argument("--message", default="Pratinjau paket tinjauan")
    i.set_defaults(run=_images)

    p = sub.add_parser("post")
    p.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL", "https://api.github.com"))
    p.add_argument("--repository", required=True, help="owner/name")
    p.add_argument("--pr", required=True)
    p.add_argument("--body", required=True)
    p.add_argument("--author", help="only a comment by this login is updated")
    p.add_argument("--token-env", default="GITHUB_TOKEN")
    p.add_argument("--expect-sha", help="refuse unless the PR's head is this commit")
    p.add_argument("--head-sha", default="")
    p.add_argument("--status-url", help="commit status 'pratinjau' pointing here")
    p.add_argument("--verify-only", action="store_true", help="only check --expect-sha")
    p.set_defaults(run=_post)

    c = sub.add_parser("check-site")
    c.add_argument("--content", default="content")
    c.add_argument("--site", default="output")
    c.add_argument("--manifest", default="build/syndication/manifest.json")
    c.add_argument("--github", action="store_true")
    c.set_defaults(run=_check_site)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
