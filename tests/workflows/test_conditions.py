"""The workflows' conditions: required check names, the content-only path, and
the fork path of the review comment (no fork code with write permissions)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads `on` as true
    return data


def evaluate(expression: str, context: dict) -> bool:
    """The subset of GitHub's expression syntax the workflows' `if:` use here:
    dotted context names, 'string' literals, ==, !=, && and ||."""
    expression = expression.strip()
    if expression.startswith("${{"):
        expression = expression[3:-2]

    def lookup(name: str):
        value = context
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    python = re.sub(r"'([^']*)'", lambda m: repr(m.group(1)), expression)
    python = re.sub(
        r"(?<!['\w])([a-z_]+(?:\.[a-z_\-]+)+)",
        lambda m: f"lookup({m.group(1)!r})",
        python,
    )
    python = python.replace("&&", " and ").replace("||", " or ")
    return bool(eval(python, {"lookup": lookup}))  # only the fixed workflow text


def steps_named(job: dict, words: str) -> list[dict]:
    return [s for s in job["steps"] if words in (s.get("name") or s.get("uses") or "")]


def run_event(head_repo: str, event="pull_request", conclusion="failure") -> dict:
    return {
        "steps": {"pr": {"outputs": {"number": "7"}}},
        "github": {
            "ref": "refs/heads/main",  # workflow_run: always the default branch
            "repository": "bkd-ntt/portal",
            "event": {
                "workflow_run": {
                    "event": event,
                    "conclusion": conclusion,
                    "head_repository": {"full_name": head_repo},
                }
            },
        },
    }


def test_checks_that_run_fork_code_have_no_write_access_and_no_secrets():
    fbs = load("fbs.yml")
    assert set(fbs["on"]) == {"pull_request"}  # never pull_request_target
    assert fbs["permissions"] == {"contents": "read"}
    assert "secrets." not in (WORKFLOWS / "fbs.yml").read_text()
    assert fbs["jobs"]["fbs"]["name"] == "FBS check"  # the required check name


def test_comment_workflow_runs_trusted_code_on_the_fbs_run():
    fbs, comment = load("fbs.yml"), load("review-comment.yml")
    trigger = comment["on"]["workflow_run"]
    assert trigger == {"workflows": [fbs["name"]], "types": ["completed"]}
    job = comment["jobs"]["comment"]
    for step in job["steps"]:
        if step.get("uses", "").startswith("actions/checkout"):
            # The default branch: no ref or repository that could name the fork's code.
            assert not {"ref", "repository"} & set(step.get("with") or {}), step
        if step.get("uses", "").startswith("actions/download-artifact"):
            assert step["with"]["path"].startswith("${{ runner.temp }}")
    text = (WORKFLOWS / "review-comment.yml").read_text()
    assert "workflow_run.head_sha" in text and "--expect-sha" in text
    assert "head_branch" not in text  # an attacker-chosen name never reaches a shell


def test_fork_pull_requests_get_the_comment_but_no_preview_deploy():
    job = load("review-comment.yml")["jobs"]["comment"]
    deploy = [
        s for s in job["steps"] if "situs" in str(s.get("with", {})) or "rsync" in s.get("run", "")
    ]
    assert len(deploy) == 2
    fork, same = run_event("penulis/portal"), run_event("bkd-ntt/portal")
    assert evaluate(job["if"], fork) and evaluate(job["if"], same)
    for step in deploy:
        assert not evaluate(step["if"], fork)
        assert evaluate(step["if"], same)
    # A failed FBS run still gets its package (it shows the errors); a push does not.
    assert not evaluate(job["if"], run_event("bkd-ntt/portal", event="push"))
    # A run cancelled by a newer push has no package: every step after the
    # download waits for the pull request number, which needs the package.
    download = next(s for s in job["steps"] if s.get("id") == "download")
    assert download["continue-on-error"] is True
    after = job["steps"][job["steps"].index(download) + 1 :]
    assert after[0]["if"] == "steps.download.outcome == 'success'"
    assert all("steps.pr.outputs.number != ''" in s["if"] for s in after[1:])
    no_package = run_event("bkd-ntt/portal")
    no_package["steps"] = {"pr": {"outputs": {"number": ""}}}
    assert not any(evaluate(s["if"], no_package) for s in after[1:])


def test_comment_job_passes_the_fbs_guard_rails():
    from plugins.fbs.checks.guardrails import check_workflow

    path = WORKFLOWS / "review-comment.yml"
    assert check_workflow(path, ".github/workflows/review-comment.yml") == []


def test_developer_suite_is_skipped_for_content_only_pull_requests():
    ci = load("ci.yml")
    test = ci["jobs"]["test"]
    assert test["needs"] == "changes" and "name" not in test  # the check is called `test`
    assert evaluate(test["if"], {"needs": {"changes": {"outputs": {"code": "true"}}}})
    assert not evaluate(test["if"], {"needs": {"changes": {"outputs": {"code": "false"}}}})
    # No workflow-level `paths:`: a workflow skipped that way leaves the check pending.
    assert not ci["on"]["pull_request"]


def test_every_workflow_that_builds_restores_the_same_media_cache():
    keys = set()
    for name in ("ci.yml", "fbs.yml", "publish.yml"):
        text = (WORKFLOWS / name).read_text()
        found = re.findall(r"key: (site-.+)", text)
        assert found, name
        keys.update(found)
    assert keys == {"site-${{ hashFiles('requirements.lock') }}-${{ hashFiles('content/**') }}"}


def test_changes_filter_on_a_real_repository(tmp_path):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@example.invalid",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@example.invalid",
    }

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
        ).stdout.strip()

    def code(base: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "review.changes", base],
            cwd=tmp_path,
            env={**env, "PYTHONPATH": str(REPO)},
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "base.html").write_text("a")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    (tmp_path / "content" / "articles" / "baru.md").write_text("Title: x\n")
    (tmp_path / "content" / "images").mkdir()
    (tmp_path / "content" / "images" / "foto.jpg").write_bytes(b"\xff\xd8")
    git("add", "-A")
    git("commit", "-qm", "article")
    assert code(base) == "code=false"
    (tmp_path / "theme" / "base.html").write_text("b")
    git("commit", "-qam", "theme")
    assert code(base) == "code=true"


def test_a_failed_build_or_deploy_opens_the_alert_issue():
    publish = load("publish.yml")
    job = publish["jobs"]["alert-site"]
    assert set(job["needs"]) == {"build", "deploy"}
    assert job["if"].startswith("failure()")
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    (step,) = steps_named(job, "Tell the admin team")
    assert "syndicate.alert failed --stage" in step["run"]
    # Team and assignees are set once, for this job and the syndicate job alike.
    assert {"SYNDICATE_ALERT_TEAM", "SYNDICATE_ALERT_ASSIGNEES"} <= set(publish["env"])
