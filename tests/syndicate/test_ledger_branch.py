"""The ledger lands on its own branch, with real git and a protected main.

The "remote" is a bare repository whose ``pre-receive`` hook refuses every
update of ``main``, as GitHub does for a protected branch with no bypass
(GH006). The workflow's ledger script (``python -m syndicate.ledger_branch``)
is run against clones of it exactly as publish.yml runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from syndicate.ledger_branch import BRANCH, merge_records

PRE_RECEIVE = """#!/bin/sh
# Like GitHub's branch protection on main: pull requests only, nobody bypasses.
while read old new ref; do
  if [ "$ref" = "refs/heads/main" ]; then
    echo "GH006: Protected branch update failed for refs/heads/main." >&2
    exit 1
  fi
done
exit 0
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Uji",
    "GIT_AUTHOR_EMAIL": "uji@example.invalid",
    "GIT_COMMITTER_NAME": "Uji",
    "GIT_COMMITTER_EMAIL": "uji@example.invalid",
}


def git(*args, cwd, check=True):
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=check,
        env={**os.environ, **GIT_ENV},
    )


def ledger_script(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "syndicate.ledger_branch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )


@pytest.fixture
def origin(tmp_path) -> Path:
    """A bare "GitHub" repository with a protected main holding an old ledger folder."""
    bare = tmp_path / "origin.git"
    git("init", "--quiet", "--bare", "-b", "main", str(bare), cwd=tmp_path)
    seed = tmp_path / "seed"
    git("clone", "--quiet", str(bare), str(seed), cwd=tmp_path)
    legacy = seed / "syndicate" / "ledger-data"
    legacy.mkdir(parents=True)
    (legacy / "20261101-lama.json").write_text(
        json.dumps({"article": "20261101-lama", "platforms": {"x": {"state": "done"}}})
    )
    (seed / "pelicanconf.py").write_text("SITENAME = 'uji'\n")
    git("add", "-A", cwd=seed)
    git("commit", "--quiet", "-m", "site", cwd=seed)
    git("push", "--quiet", "origin", "HEAD:main", cwd=seed)
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(PRE_RECEIVE)
    hook.chmod(0o755)
    return bare


def clone(origin: Path, where: Path) -> Path:
    git("clone", "--quiet", str(origin), str(where), cwd=where.parent)
    return where


def on_branch(origin: Path, name: str) -> str | None:
    shown = git("show", f"{BRANCH}:{name}", cwd=origin, check=False)
    return shown.stdout if shown.returncode == 0 else None


def test_main_rejects_the_push_and_the_ledger_lands_on_its_branch(origin, tmp_path):
    run = clone(origin, tmp_path / "run1")
    # What the old workflow did: push the ledger to main. Refused.
    (run / "syndicate" / "ledger-data" / "20261128-baru.json").write_text("{}")
    git("add", "-A", cwd=run)
    git("commit", "--quiet", "-m", "ledger", cwd=run)
    refused = git("push", "origin", "HEAD:main", cwd=run, check=False)
    assert refused.returncode != 0 and "GH006" in refused.stderr

    worktree = tmp_path / "ledger1"
    pulled = ledger_script("pull", "--worktree", str(worktree), cwd=run)
    assert pulled.returncode == 0, pulled.stderr
    # Seeded from the folder that used to live on main; nothing else of main.
    assert (worktree / "20261101-lama.json").exists()
    assert not (worktree / "pelicanconf.py").exists()
    (worktree / "20261128-baru.json").write_text(
        json.dumps({"article": "20261128-baru", "platforms": {"facebook": {"state": "done"}}})
    )
    pushed = ledger_script("push", "--worktree", str(worktree), "--message", "run 1", cwd=run)
    assert pushed.returncode == 0, pushed.stderr
    assert "facebook" in on_branch(origin, "20261128-baru.json")
    assert on_branch(origin, ".gitignore") == ".syndicate-lock\n*.tmp\n"
    # main is untouched.
    assert git("ls-tree", "-r", "--name-only", "main", cwd=origin).stdout.count("baru") == 0

    # The next run (a fresh clone, as on a CI runner) gets the ledger back.
    again = clone(origin, tmp_path / "run2")
    worktree2 = tmp_path / "ledger2"
    assert ledger_script("pull", "--worktree", str(worktree2), cwd=again).returncode == 0
    assert json.loads((worktree2 / "20261128-baru.json").read_text())["platforms"]
    assert ledger_script("push", "--worktree", str(worktree2), cwd=again).stdout.strip() == (
        "ledger unchanged"
    )


def test_two_runs_racing_both_land_and_a_shared_file_is_merged(origin, tmp_path):
    a, b = clone(origin, tmp_path / "a"), clone(origin, tmp_path / "b")
    wa, wb = tmp_path / "la", tmp_path / "lb"
    assert ledger_script("pull", "--worktree", str(wa), cwd=a).returncode == 0
    assert ledger_script("push", "--worktree", str(wa), cwd=a).returncode == 0  # creates it
    assert ledger_script("pull", "--worktree", str(wb), cwd=b).returncode == 0
    common = {"article": "20261128-sama", "url": "https://x/"}
    (wa / "20261128-sama.json").write_text(
        json.dumps(common | {"platforms": {"x": {"state": "done", "post_id": "1"}}})
    )
    (wa / "20261128-a.json").write_text(json.dumps({"article": "20261128-a", "platforms": {}}))
    (wb / "20261128-sama.json").write_text(
        json.dumps(common | {"platforms": {"facebook": {"state": "done", "post_id": "2"}}})
    )
    (wb / "20261128-b.json").write_text(json.dumps({"article": "20261128-b", "platforms": {}}))
    assert ledger_script("push", "--worktree", str(wa), cwd=a).returncode == 0
    late = ledger_script("push", "--worktree", str(wb), cwd=b)
    assert late.returncode == 0, late.stderr
    assert "rejected" in late.stderr  # it had to rebase
    merged = json.loads(on_branch(origin, "20261128-sama.json"))
    assert set(merged["platforms"]) == {"x", "facebook"}
    assert on_branch(origin, "20261128-a.json") and on_branch(origin, "20261128-b.json")


def test_merge_keeps_a_done_entry_over_a_later_failure():
    done = {"platforms": {"x": {"state": "done", "updated": "2026-11-28T01:00:00+00:00"}}}
    failed = {"platforms": {"x": {"state": "failed", "updated": "2026-11-28T02:00:00+00:00"}}}
    assert merge_records(done, failed)["platforms"]["x"]["state"] == "done"
    assert merge_records(failed, done)["platforms"]["x"]["state"] == "done"


def test_pause_and_resume_are_a_visible_file_on_the_branch(origin, tmp_path):
    run = clone(origin, tmp_path / "run")
    worktree = tmp_path / "ledger"
    assert ledger_script("pull", "--worktree", str(worktree), cwd=run).returncode == 0
    paused = ledger_script(
        "pause", "--worktree", str(worktree), "--note", "dijeda oleh @admin: uji", cwd=run
    )
    assert paused.returncode == 0, paused.stderr
    assert on_branch(origin, "PAUSED") == "dijeda oleh @admin: uji\n"
    assert ledger_script("resume", "--worktree", str(worktree), cwd=run).returncode == 0
    assert on_branch(origin, "PAUSED") is None


def past(days: float) -> datetime:
    return (datetime.now() - timedelta(days=days)).replace(microsecond=0).astimezone()


def test_sixty_articles_four_runs_with_main_refusing_the_ledger_no_duplicates(
    origin, tmp_path, cli, sandbox, live_site, make_env
):
    """Each run starts from a fresh clone. Runs 1-3 keep the ledger on main the
    old way (refused, so every next run starts without a ledger); run 4 uses
    the ledger branch. Followers must see each article once per platform."""
    articles = [
        live_site.article(f"berita-{n:02}", date=past(6 - n * 0.09), gallery=0) for n in range(60)
    ]
    manifest = live_site.manifest(tmp_path, articles)
    for number in range(1, 5):
        run = clone(origin, tmp_path / f"run{number}")
        if number < 4:
            ledger = run / "syndicate" / "ledger-data"
        else:
            ledger = tmp_path / "ledger-branch"
            assert ledger_script("pull", "--worktree", str(ledger), cwd=run).returncode == 0
        env = make_env(sandbox, manifest, ledger)
        rc, out = cli("publish", env=env, cwd=run)
        assert rc == 0, out
        if number < 4:
            git("add", "-A", cwd=run)
            git("commit", "--quiet", "-m", f"ledger run {number}", cwd=run)
            refused = git("push", "origin", "HEAD:main", cwd=run, check=False)
            assert refused.returncode != 0 and "GH006" in refused.stderr
        else:
            pushed = ledger_script("push", "--worktree", str(ledger), cwd=run)
            assert pushed.returncode == 0, pushed.stderr
    counts: Counter = Counter()
    for platform, posts in sandbox.posts().items():
        for post in posts:
            blob = json.dumps(post, ensure_ascii=False)
            for article in articles:
                if article["url"] in blob:
                    counts[(article["id"], platform)] += 1
    assert len(counts) == 60 * 3  # facebook, instagram, x (no videos)
    assert max(counts.values()) == 1, [k for k, v in counts.items() if v > 1]
    landed = git("ls-tree", "--name-only", BRANCH, cwd=origin).stdout.split()
    assert sum(name.startswith("2") and name.endswith(".json") for name in landed) >= 60
