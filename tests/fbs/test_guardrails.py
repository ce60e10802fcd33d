"""FBS-9: CODEOWNERS, publish workflows and committed tokens.

Token-shaped strings are assembled at run time so that this file itself
never contains one (the repository scan of `fbs check` would flag it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from plugins.fbs.checks.guardrails import check_codeowners, check_workflow, scan_tokens
from plugins.fbs.cli import main

REPO = Path(__file__).resolve().parents[2]


def fake(prefix: str, body: str, n: int) -> str:
    return prefix + (body * n)


TOKENS = [
    ("facebook", fake("EA" + "A", "Zx9kQ2", 8)),
    ("google access", fake("ya" + "29.", "a0Ab-C_d", 6)),
    ("google refresh", fake("1/" + "/0", "gHjK-lm_N", 5)),
    ("google api key", "AI" + "za" + "Sy" + "D3f9_k2L-mN8pQ4rS6tU1vW7xY0zA5bC9e"),
    ("x bearer", "A" * 21 + "MLheAAAAAAAA0" + "%2B" + fake("uSeid", "Kq", 12)),
    ("x access token", "1234567890-" + "aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kL9n"),
]
NOT_TOKENS = [
    ("short EAA", "EAA" + "Bw12"),
    ("word starting EAA", "EAAsy dijalankan"),
    ("A run without percent", "A" * 40 + "B" * 40),
    ("commit hash after date", "20261128-" + "0123456789abcdef0123456789abcdef01234567"),
    ("ya29 in prose", "ya29. lalu"),
]


@pytest.mark.parametrize("name,token", TOKENS, ids=[t[0] for t in TOKENS])
def test_token_shapes_fire(tmp_path, name, token):
    path = tmp_path / "catatan.py"
    path.write_text(f'PAGE_TOKEN = "{token}"\n', encoding="utf-8")
    (finding,) = scan_tokens(path, "catatan.py")
    assert finding.rule == "FBS-9.token"
    assert token not in finding.message  # never print a secret


@pytest.mark.parametrize("name,text", NOT_TOKENS, ids=[t[0] for t in NOT_TOKENS])
def test_token_near_misses(tmp_path, name, text):
    path = tmp_path / "catatan.md"
    path.write_text(text + "\n", encoding="utf-8")
    assert scan_tokens(path, "catatan.md") == []


CODEOWNERS = [
    ("missing", None, True),
    ("no content rule", "*.py @bkdntt/admin\n", True),
    ("content to someone else", "/content/ @bkdntt/admin\n", True),
    ("later rule overrides", "/content/ @bkdntt/kepala\n/content/articles/ @someone\n", True),
    ("content to kepala", "* @bkdntt/admin\n/content/ @bkdntt/kepala\n", False),
    ("catch-all with kepala", "* @bkdntt/kepala @bkdntt/admin\n", False),
    ("unanchored content dir", "content/ @BKDNTT/Kepala\n", False),
]


@pytest.mark.parametrize("name,text,fires", CODEOWNERS, ids=[c[0] for c in CODEOWNERS])
def test_codeowners(tmp_path, name, text, fires):
    if text is not None:
        (tmp_path / ".github").mkdir()
        (tmp_path / ".github" / "CODEOWNERS").write_text(text)
    findings = check_codeowners(tmp_path, "@bkdntt/kepala", "content")
    assert bool(findings) is fires
    assert all(f.rule == "FBS-9.codeowners" for f in findings)


GUARDED_JOBS = """
jobs:
  build:
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps: [{run: make publish}]
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps: [{run: echo deploy}]
"""
PLAIN_JOBS = """
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps: [{run: make publish}]
"""
WORKFLOWS = [
    ("push to any branch", "publish.yml", "on: push\n" + PLAIN_JOBS, True),
    (
        "push to all branches",
        "deploy.yml",
        "on:\n  push:\n    branches: ['**']\n" + PLAIN_JOBS,
        True,
    ),
    ("publish on pull request", "publish.yml", "on: [push, pull_request]\n" + PLAIN_JOBS, True),
    (
        "unguarded manual run",
        "publish.yml",
        "on:\n  push:\n    branches: [main]\n  workflow_dispatch:\n" + PLAIN_JOBS,
        True,
    ),
    (
        "secrets on pull_request_target",
        "check.yml",
        "on: pull_request_target\njobs:\n  a:\n    runs-on: x\n"
        "    env:\n      T: ${{ secrets.FB }}\n",
        True,
    ),
    ("push to main", "publish.yml", "on:\n  push:\n    branches: [main]\n" + PLAIN_JOBS, False),
    (
        "guarded manual run",
        "publish.yml",
        "on:\n  push:\n    branches: [main]\n  workflow_dispatch:\n"
        "  schedule:\n    - cron: '7 * * * *'\n" + GUARDED_JOBS,
        False,
    ),
    ("not a publish workflow", "fbs.yml", "on: pull_request\n" + PLAIN_JOBS, False),
]


@pytest.mark.parametrize("name,filename,text,fires", WORKFLOWS, ids=[w[0] for w in WORKFLOWS])
def test_publish_workflows(tmp_path, name, filename, text, fires):
    path = tmp_path / filename
    path.write_text(text)
    findings = check_workflow(path, filename)
    assert bool(findings) is fires, findings
    assert all(f.rule == "FBS-9.publish-branch" for f in findings)


def test_repository_scan_runs_with_any_paths(tmp_path, capsys):
    """Guard rails are checked even when only one article is given."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "syndicate.env").write_text("FB_TOKEN=" + TOKENS[0][1] + "\n")
    article = tmp_path / "content" / "articles" / "a.md"
    article.write_text("Title: Judul\n\nIsi.\n")
    code = main(
        ["check", str(article), "--repo", str(tmp_path), "--format", "json", "--no-spelling"]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert '"FBS-9.token"' in out and '"FBS-9.codeowners"' in out
    assert TOKENS[0][1] not in out


def test_this_repository_passes_its_own_guard_rails(capsys):
    code = main(["check", "--repo-only", "--repo", str(REPO), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0, out
