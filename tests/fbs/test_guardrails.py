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


GOOD_CODEOWNERS = (
    "* @bkdntt/admin\n/Makefile @bkdntt/admin\n/plugins/ @bkdntt/admin\n"
    "/syndicate/ @bkdntt/admin\n/content/ @bkdntt/kepala\n"
    "/content/taxonomy.toml @bkdntt/admin\n/plugins/fbs/lexicon/ @bkdntt/admin\n"
    "/.github/ @bkdntt/admin\n"
)
CODEOWNERS = [
    ("missing", None, {"(missing)"}),
    ("no content rule", "*.py @bkdntt/admin\n", {"content/articles/contoh-artikel.md"}),
    ("content to someone else", "* @bkdntt/admin\n/content/ @bkdntt/admin\n", {"content"}),
    (
        "later rule overrides",
        GOOD_CODEOWNERS + "/content/articles/ @someone\n",
        {"content/articles/contoh-artikel.md"},
    ),
    ("the repository's own layout", GOOD_CODEOWNERS, set()),
    (
        "two teams on .github: either approves alone",
        GOOD_CODEOWNERS + "/.github/ @bkdntt/admin @bkdntt/kepala\n",
        {".github/workflows/publish.yml", ".github/CODEOWNERS"},
    ),
    (
        "kepala may approve the lexicon",
        GOOD_CODEOWNERS + "/plugins/fbs/lexicon/ @bkdntt/kepala @bkdntt/admin\n",
        {"plugins/fbs/lexicon/kasar.txt"},
    ),
    (
        "taxonomy left to kepala",
        GOOD_CODEOWNERS.replace("/content/taxonomy.toml @bkdntt/admin\n", ""),
        {"content/taxonomy.toml"},
    ),
    (
        "catch-all with both teams",
        "* @bkdntt/kepala @bkdntt/admin\n",
        {"Makefile", "plugins/fbs/runner.py", "syndicate/engine.py", "content/articles"},
    ),
    ("unanchored content dir", GOOD_CODEOWNERS.replace("/content/ ", "content/ "), set()),
]


@pytest.mark.parametrize("name,text,flagged", CODEOWNERS, ids=[c[0] for c in CODEOWNERS])
def test_codeowners(tmp_path, name, text, flagged):
    if text is not None:
        (tmp_path / ".github").mkdir()
        (tmp_path / ".github" / "CODEOWNERS").write_text(text)
    findings = check_codeowners(tmp_path, "@bkdntt/kepala", "content")
    assert all(f.rule == "FBS-9.codeowners" for f in findings)
    assert bool(findings) is bool(flagged), findings
    messages = " ".join(f.message for f in findings)
    for what in flagged - {"(missing)", "content"}:
        assert what in messages


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
SECRET_JOB = """
jobs:
  post:
    runs-on: ubuntu-latest
    steps:
      - run: curl -d "t=$T" https://example.invalid
        env:
          T: ${{ secrets.ANY_SECRET }}
"""


def secret_job(condition: str) -> str:
    return SECRET_JOB.replace("  post:\n", f"  post:\n    if: {condition}\n")


PAGE_TOKEN_JOB = """
jobs:
  syndicate:
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - run: syndicate publish
        env:
          SYNDICATE_X_ACCESS_TOKEN: ${{ secrets.SYNDICATE_X_ACCESS_TOKEN }}
"""
MAIN_PUSH = "on:\n  push:\n    branches: [main]\n"
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
        MAIN_PUSH + "  workflow_dispatch:\n" + PLAIN_JOBS,
        True,
    ),
    (
        "secrets on pull_request_target",
        "check.yml",
        "on: pull_request_target\njobs:\n  a:\n    runs-on: x\n"
        "    env:\n      T: ${{ secrets.FB }}\n",
        True,
    ),
    ("push to main", "publish.yml", MAIN_PUSH + PLAIN_JOBS, False),
    (
        "guarded manual run",
        "publish.yml",
        MAIN_PUSH + "  workflow_dispatch:\n  schedule:\n    - cron: '7 * * * *'\n" + GUARDED_JOBS,
        False,
    ),
    ("not a publish workflow", "fbs.yml", "on: pull_request\n" + PLAIN_JOBS, False),
    # Any workflow that reads secrets, whatever its name.
    ("secrets on push to any branch", "lint.yml", "on: push\n" + SECRET_JOB, True),
    (
        "secrets on push to all branches, quoted",
        "lint.yml",
        'on:\n  push:\n    branches: ["**"]\n' + SECRET_JOB,
        True,
    ),
    (
        "secrets on push with a glob",
        "lint.yml",
        "on:\n  push:\n    branches: [main, 'release/*']\n" + SECRET_JOB,
        True,
    ),
    (
        "secrets on branches-ignore",
        "lint.yml",
        "on:\n  push:\n    branches-ignore: [gh-pages]\n" + SECRET_JOB,
        True,
    ),
    (
        "secrets on tag push",
        "lint.yml",
        "on:\n  push:\n    tags: ['v*']\n" + SECRET_JOB,
        True,
    ),
    (
        "secrets on main push plus tags",
        "lint.yml",
        "on:\n  push:\n    branches: [main]\n    tags: ['v*']\n" + SECRET_JOB,
        True,
    ),
    ("secrets on paths-only push", "x.yml", "on:\n  push:\n    paths: [a]\n" + SECRET_JOB, True),
    ("secrets on main push", "lint.yml", MAIN_PUSH + SECRET_JOB, False),
    (
        "secrets on schedule",
        "x.yml",
        "on:\n  schedule:\n    - cron: '1 1 * * *'\n" + SECRET_JOB,
        False,
    ),
    ("secrets on pull_request", "x.yml", "on: pull_request\n" + SECRET_JOB, True),
    (
        "GITHUB_TOKEN is not a secret here",
        "x.yml",
        "on: push\n" + SECRET_JOB.replace("secrets.ANY_SECRET", "secrets.GITHUB_TOKEN"),
        False,
    ),
    (
        "secrets: inherit",
        "x.yml",
        "on: push\njobs:\n  call:\n    uses: ./.github/workflows/a.yml\n    secrets: inherit\n",
        True,
    ),
    (
        "pages deploy from any branch, whatever the name",
        "site.yml",
        "on: push\npermissions:\n  pages: write\n  id-token: write\n" + PLAIN_JOBS,
        True,
    ),
    (
        "environment job from any branch",
        "x.yml",
        "on: push\n" + PLAIN_JOBS.replace("    runs-on:", "    environment: prod\n    runs-on:"),
        True,
    ),
    (
        "read-only workflow on push",
        "ci.yml",
        "on: push\npermissions:\n  contents: read\n" + PLAIN_JOBS,
        False,
    ),
    # `if:` guards: only the exact test on the ref counts.
    ("if ref main", "x.yml", "on: push\n" + secret_job("github.ref == 'refs/heads/main'"), False),
    (
        "if ref main in ${{ }}, && event",
        "x.yml",
        "on: push\n"
        + secret_job("${{ github.ref == 'refs/heads/main' && github.event_name == 'push' }}"),
        False,
    ),
    (
        "if || true",
        "x.yml",
        "on: push\n" + secret_job("github.ref == 'refs/heads/main' || true"),
        True,
    ),
    (
        "if || other branch",
        "x.yml",
        "on: push\n"
        + secret_job("github.ref == 'refs/heads/main' || github.ref == 'refs/heads/x'"),
        True,
    ),
    ("if !=", "x.yml", "on: push\n" + secret_job("github.ref != 'refs/heads/dev'"), True),
    ("if contains", "x.yml", "on: push\n" + secret_job("contains(github.ref, 'main')"), True),
    ("if ref_name", "x.yml", "on: push\n" + secret_job("github.ref_name == 'main'"), True),
    ("if always()", "x.yml", "on: push\n" + secret_job("always()"), True),
    (
        "if failure() && ref main",
        "x.yml",
        "on: push\n" + secret_job("failure() && github.ref == 'refs/heads/main'"),
        False,
    ),
    (
        "if always() && a function of the ref",
        "x.yml",
        "on: push\n" + secret_job("always() && contains(github.ref, 'main')"),
        True,
    ),
    (
        "if failure() || ref main",
        "x.yml",
        "on: push\n" + secret_job("failure() || github.ref == 'refs/heads/main'"),
        True,
    ),
    ("if mentions main in a string", "x.yml", "on: push\n" + secret_job("'refs/heads/main'"), True),
    (
        "guard through needs, but always()",
        "x.yml",
        "on: push\njobs:\n  gate:\n    if: github.ref == 'refs/heads/main'\n    runs-on: x\n"
        "    steps: [{run: 'true'}]\n"
        + SECRET_JOB.replace("jobs:\n", "").replace(
            "  post:\n", "  post:\n    needs: gate\n    if: always()\n"
        ),
        True,
    ),
    (
        "pull_request_target guarded by ref (ref is the base branch there)",
        "x.yml",
        "on: pull_request_target\n" + secret_job("github.ref == 'refs/heads/main'"),
        True,
    ),
]


@pytest.mark.parametrize("name,filename,text,fires", WORKFLOWS, ids=[w[0] for w in WORKFLOWS])
def test_publish_workflows(tmp_path, name, filename, text, fires):
    path = tmp_path / filename
    path.write_text(text)
    findings = check_workflow(path, filename)
    assert bool(findings) is fires, findings
    assert all(f.rule == "FBS-9.publish-branch" for f in findings)


def test_on_is_read_as_a_yaml_key_not_a_boolean(tmp_path):
    """PyYAML reads the bare key `on` as True; the triggers must still be seen."""
    path = tmp_path / "x.yml"
    path.write_text("'on': push\n" + SECRET_JOB)
    assert check_workflow(path, "x.yml")
    path.write_text("true: push\n" + SECRET_JOB)
    assert check_workflow(path, "x.yml")


@pytest.mark.parametrize(
    "environment,fires",
    [
        ("", True),
        ("    environment: media-sosial\n", False),
        ("    environment:\n      name: media-sosial\n", False),
    ],
)
def test_page_tokens_need_an_environment(tmp_path, environment, fires):
    path = tmp_path / "publish.yml"
    text = MAIN_PUSH + PAGE_TOKEN_JOB.replace("    runs-on:", environment + "    runs-on:")
    path.write_text(text)
    findings = check_workflow(path, "publish.yml")
    assert [f.rule for f in findings] == (["FBS-9.environment"] if fires else [])
    if fires:
        assert findings[0].line == 6  # the job's line


def test_this_repository_keeps_page_tokens_in_an_environment():
    import yaml

    data = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text())
    jobs = [j for j in data["jobs"].values() if "SYNDICATE_" in repr(j)]
    assert jobs and all(j.get("environment") == "media-sosial" for j in jobs)


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
