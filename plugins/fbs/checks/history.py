"""FBS-7.change-history: published change notes are never rewritten or removed.

Followers were told each note (``syndicate`` carries it to every platform),
so the history in ``ChangeNote:`` only grows. ``fbs check --base REV``
compares each article with its text at ``REV`` (the pull request's base) via
``git show``; an article new since REV has nothing to compare with. The
rules themselves live with the content model (plugins/bkd_content/changes.py).
"""

from __future__ import annotations

import subprocess

from plugins.bkd_content.changes import history_problems


def base_text(repo_root, path, rev: str) -> str | None:
    """The file as it was at ``rev``, or None when it did not exist there."""
    try:
        relative = path.resolve().relative_to(repo_root)
    except ValueError:
        return None
    try:
        out = subprocess.run(
            ["git", "show", f"{rev}:{relative.as_posix()}"],
            cwd=repo_root,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.decode("utf-8", "replace")


def check(doc, ctx) -> None:
    rev = getattr(ctx, "base", None)
    if not rev or doc.kind != "article":
        return
    old = base_text(ctx.repo_root, doc.path, rev)
    if old is None:
        return
    for problem in history_problems(old, doc.text):
        doc.finding(
            problem.line, "FBS-7.change-history", problem.severity, problem.message, problem.hint
        )
