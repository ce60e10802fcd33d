"""The articles a pull request adds or changes, from git."""

from __future__ import annotations

import subprocess
from pathlib import Path

ARTICLES = "content/articles/"


def changed_files(repo: Path, base: str, head: str = "HEAD") -> list[str]:
    """Repository-relative names changed between the merge base of `base` and `head`.

    NUL-separated (-z): an author's file name may hold a newline.
    """
    out = subprocess.run(
        ["git", "diff", "--name-only", "--diff-filter=ACMRT", "-z", f"{base}...{head}"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout
    return [name.decode("utf-8", "surrogateescape") for name in out.split(b"\0") if name]


def changed_articles(repo: Path, base: str, head: str = "HEAD") -> list[Path]:
    return [
        repo / name
        for name in changed_files(repo, base, head)
        if name.startswith(ARTICLES) and name.endswith(".md")
    ]


def only_content(names: list[str]) -> bool:
    """True when every changed file is content (articles, pages, photos, videos)."""
    return bool(names) and all(name.startswith("content/") for name in names)


def main(argv: list[str] | None = None) -> int:
    """`python -m review.changes BASE`: prints `code=true` unless only content changed.

    Standard library only, so CI can run it before anything is installed.
    """
    import sys

    args = sys.argv[1:] if argv is None else argv
    names = changed_files(Path.cwd(), args[0], args[1] if len(args) > 1 else "HEAD")
    print(f"code={'false' if only_content(names) else 'true'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
