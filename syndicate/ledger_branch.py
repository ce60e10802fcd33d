"""Keep the ledger on its own unprotected branch, ``syndication-ledger``.

``main`` is protected (pull requests only, no bypass), so a workflow pushing
the ledger there with ``GITHUB_TOKEN`` is rejected and every run would start
from a stale ledger. The ledger therefore lives on a branch of its own that
holds nothing else: one JSON file per article at its root, ``_baseline.json``
and, while posting is paused, ``PAUSED``.

The publish workflow runs (README, "Syndication (admin)")::

    python -m syndicate.ledger_branch pull --worktree DIR   # fetch or create, check out
    SYNDICATE_LEDGER_DIR=DIR syndicate publish ...
    python -m syndicate.ledger_branch push --worktree DIR --message "..."

``pull`` fetches the branch into a git worktree, creating it as an orphan
branch when it does not exist yet (seeded from the old ledger folder on
``main``, if any). ``push`` commits what changed and pushes; when the push is
rejected because another run pushed first, it fetches, rebases and tries
again. Ledger files are one per article, so two runs rarely touch the same
file; when they do, both versions are merged entry by entry (``merge_records``).
``pause``/``resume`` write or remove ``PAUSED`` (the visible pause switch).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BRANCH = "syndication-ledger"
PAUSE_FILE = "PAUSED"
LEGACY_DIR = "syndicate/ledger-data"
BRANCH_README = """\
# Syndication ledger

Written by `syndicate publish` in the publish workflow; do not edit by hand
unless recovering from a failure (README, "Syndication (admin)").

- One JSON file per article (`YYYYMMDD-slug.json`), one entry per platform:
  `pending`, `done` (post id and URL), `failed` or `skipped`.
- `_baseline.json`: when `syndicate baseline` ran.
- `PAUSED`, when present: posting is paused (workflow action `pause`/`resume`).
"""
# Ranks for merging two versions of one entry: a post that exists wins.
STATE_RANK = {"done": 3, "skipped": 2, "failed": 1, "pending": 0}


class LedgerBranchError(Exception):
    pass


def git(*args: str, cwd: Path | str, check: bool = True, env: dict | None = None):
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})},
    )
    if check and result.returncode != 0:
        raise LedgerBranchError(
            f"git {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}"
        )
    return result


def remote_has_branch(repo: Path, remote: str, branch: str) -> bool:
    found = git("ls-remote", "--exit-code", "--heads", remote, branch, cwd=repo, check=False)
    return found.returncode == 0


def pull(repo: Path, worktree: Path, *, remote: str = "origin", branch: str = BRANCH) -> Path:
    """Check the ledger branch out at ``worktree`` (created as an orphan if absent)."""
    worktree = worktree.resolve()
    if (worktree / ".git").exists():
        git("fetch", remote, branch, cwd=worktree, check=False)
        if remote_has_branch(worktree, remote, branch):
            git("rebase", f"{remote}/{branch}", cwd=worktree)
        return worktree
    if remote_has_branch(repo, remote, branch):
        git("fetch", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}", cwd=repo)
        git("worktree", "add", "-B", branch, str(worktree), f"{remote}/{branch}", cwd=repo)
        return worktree
    # First run: an orphan branch with the ledger alone (git 2.39 has no
    # `worktree add --orphan`), seeded from the folder that used to be on main.
    git("worktree", "add", "--detach", str(worktree), cwd=repo)
    git("checkout", "--orphan", branch, cwd=worktree)
    git("rm", "-rf", "--quiet", ".", cwd=worktree, check=False)
    for leftover in worktree.iterdir():
        if leftover.name != ".git":
            _remove(leftover)
    legacy = repo / LEGACY_DIR
    if legacy.is_dir():
        for path in legacy.glob("*.json"):
            (worktree / path.name).write_bytes(path.read_bytes())
    (worktree / "README.md").write_text(BRANCH_README, encoding="utf-8")
    (worktree / ".gitignore").write_text(".syndicate-lock\n*.tmp\n", encoding="utf-8")
    _identity(worktree)
    git("add", "-A", cwd=worktree)
    git("commit", "--quiet", "-m", "syndication ledger: start the branch", cwd=worktree)
    return worktree


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            _remove(child)
        path.rmdir()
    else:
        path.unlink()


def _identity(worktree: Path) -> None:
    """A committer identity for CI runners, unless one is configured."""
    if git("config", "user.email", cwd=worktree, check=False).returncode != 0:
        git("config", "user.name", "github-actions[bot]", cwd=worktree)
        git(
            "config",
            "user.email",
            "41898282+github-actions[bot]@users.noreply.github.com",
            cwd=worktree,
        )


def push(
    worktree: Path,
    message: str,
    *,
    remote: str = "origin",
    branch: str = BRANCH,
    attempts: int = 6,
    sleep=time.sleep,
) -> bool:
    """Commit and push the ledger; False when nothing changed. Raises when it never lands."""
    _identity(worktree)
    git("add", "-A", cwd=worktree)
    if git("diff", "--cached", "--quiet", cwd=worktree, check=False).returncode == 0:
        if not _ahead(worktree, remote, branch):
            return False
    else:
        git("commit", "--quiet", "-m", message, cwd=worktree)
    last = ""
    for attempt in range(1, attempts + 1):
        pushed = git("push", remote, f"HEAD:refs/heads/{branch}", cwd=worktree, check=False)
        if pushed.returncode == 0:
            return True
        last = pushed.stderr.strip()
        print(f"ledger push rejected (attempt {attempt}): {last}", file=sys.stderr)
        fetched = git("fetch", remote, branch, cwd=worktree, check=False)
        if fetched.returncode == 0:
            _rebase(worktree, f"{remote}/{branch}")
        sleep(min(2**attempt, 30))
    raise LedgerBranchError(f"ledger not pushed to {branch} after {attempts} attempts: {last}")


def _ahead(worktree: Path, remote: str, branch: str) -> bool:
    """Local commits the remote branch does not have (a push that failed before)."""
    known = git("rev-parse", "--verify", "--quiet", f"{remote}/{branch}", cwd=worktree, check=False)
    if known.returncode != 0:
        return True
    count = git("rev-list", "--count", f"{remote}/{branch}..HEAD", cwd=worktree)
    return int(count.stdout.strip() or 0) > 0


def _rebase(worktree: Path, upstream: str) -> None:
    """Rebase on ``upstream``; a conflicting ledger file gets both versions merged."""
    result = git("rebase", upstream, cwd=worktree, check=False)
    for _round in range(50):
        if result.returncode == 0:
            return
        conflicted = git("diff", "--name-only", "--diff-filter=U", cwd=worktree).stdout.split()
        if not conflicted:
            git("rebase", "--abort", cwd=worktree, check=False)
            raise LedgerBranchError(f"rebase on {upstream} failed: {result.stderr.strip()}")
        for name in conflicted:
            _resolve(worktree, name)
        result = git("-c", "core.editor=true", "rebase", "--continue", cwd=worktree, check=False)
    git("rebase", "--abort", cwd=worktree, check=False)
    raise LedgerBranchError(f"rebase on {upstream} did not finish")


def _resolve(worktree: Path, name: str) -> None:
    ours = git("show", f":2:{name}", cwd=worktree, check=False)
    theirs = git("show", f":3:{name}", cwd=worktree, check=False)
    path = worktree / name
    if name.endswith(".json") and ours.returncode == 0 and theirs.returncode == 0:
        merged = merge_records(json.loads(ours.stdout), json.loads(theirs.stdout))
        path.write_text(
            json.dumps(merged, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        git("add", name, cwd=worktree)
    elif theirs.returncode == 0:  # one side deleted it (resume vs. pause): keep the replayed one
        path.write_text(theirs.stdout, encoding="utf-8")
        git("add", name, cwd=worktree)
    else:
        git("rm", "--quiet", name, cwd=worktree, check=False)


def merge_records(a: dict, b: dict) -> dict:
    """Two versions of one article's ledger file, merged entry by entry.

    A ``done`` entry (a post exists) wins over anything else, so a post is
    never forgotten; otherwise the more advanced state, then the newer one.
    """
    merged = {**a, **b}
    platforms = {}
    for platform in sorted(set(a.get("platforms", {})) | set(b.get("platforms", {}))):
        x = a.get("platforms", {}).get(platform)
        y = b.get("platforms", {}).get(platform)
        if x is None or y is None:
            platforms[platform] = x or y
            continue
        key_x = (STATE_RANK.get(x.get("state"), -1), x.get("updated", ""))
        key_y = (STATE_RANK.get(y.get("state"), -1), y.get("updated", ""))
        platforms[platform] = x if key_x > key_y else y
    merged["platforms"] = platforms
    return merged


def set_paused(worktree: Path, paused: bool, note: str) -> None:
    path = worktree / PAUSE_FILE
    if paused:
        path.write_text(note.rstrip() + "\n", encoding="utf-8")
    elif path.exists():
        path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m syndicate.ledger_branch",
        description="Fetch, commit and push the syndication ledger on its own branch.",
    )
    parser.add_argument("--repo", default=".", help="the repository clone (default: .)")
    parser.add_argument("--remote", default="origin")
    parser.add_argument("--branch", default=BRANCH)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pull", help="check the ledger branch out as a worktree")
    p.add_argument("--worktree", required=True)
    p.add_argument(
        "--github-env",
        action="store_true",
        help="also write SYNDICATE_LEDGER_DIR (and SYNDICATE_PAUSED) to $GITHUB_ENV",
    )
    p = sub.add_parser("push", help="commit and push the ledger, rebasing when rejected")
    p.add_argument("--worktree", required=True)
    p.add_argument("--message", default="syndication ledger")
    for name in ("pause", "resume"):
        p = sub.add_parser(name, help=f"{name} posting: write or remove {PAUSE_FILE}, then push")
        p.add_argument("--worktree", required=True)
        p.add_argument("--note", default="", help="who paused, and why")
    args = parser.parse_args(argv)
    repo, worktree = Path(args.repo).resolve(), Path(args.worktree)
    try:
        if args.command == "pull":
            path = pull(repo, worktree, remote=args.remote, branch=args.branch)
            print(f"ledger: {path} ({args.branch})")
            if args.github_env and os.environ.get("GITHUB_ENV"):
                with open(os.environ["GITHUB_ENV"], "a", encoding="utf-8") as handle:
                    handle.write(f"SYNDICATE_LEDGER_DIR={path}\n")
            return 0
        if args.command == "push":
            pushed = push(worktree, args.message, remote=args.remote, branch=args.branch)
            print("ledger pushed" if pushed else "ledger unchanged")
            return 0
        set_paused(worktree, args.command == "pause", args.note or args.command)
        push(
            worktree,
            f"syndication: {args.command} ({args.note or 'no note'})",
            remote=args.remote,
            branch=args.branch,
        )
        print(f"posting {'paused' if args.command == 'pause' else 'resumed'}")
        return 0
    except LedgerBranchError as exc:
        print(f"::error::{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
