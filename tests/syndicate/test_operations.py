"""Operating syndication from GitHub: the publish workflow's shape, the pause
switch, and the one alert issue for the admin team (with a stand-in `gh`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from syndicate.alert import LABEL, compose

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_dispatch_offers_the_admin_actions():
    inputs = workflow()[True]["workflow_dispatch"]["inputs"]  # YAML 1.1 reads `on` as true
    assert inputs["action"]["options"] == [
        "publish",
        "doctor",
        "retry",
        "withdraw",
        "pause",
        "resume",
    ]
    assert {"article", "platform"} <= set(inputs)


def test_secrets_only_in_the_main_only_environment_job():
    jobs = workflow()["jobs"]
    for name, job in jobs.items():
        # Every job runs for main only (alert-site: also only after a failure).
        assert job["if"].endswith("github.ref == 'refs/heads/main'"), name
        text = yaml.safe_dump(job)
        if "secrets." in text:
            assert job.get("environment") == "media-sosial", name
    assert "secrets." in yaml.safe_dump(jobs["syndicate"])
    # Never the old route: the ledger is not pushed to main.
    assert "HEAD:main" not in WORKFLOW.read_text(encoding="utf-8")


def test_paused_file_on_the_ledger_pauses_publish(cli, sandbox, live_site, workdir, make_env):
    article = live_site.article("jeda-lewat-berkas")
    env = make_env(sandbox, live_site.manifest(workdir, [article]), workdir / "ledger")
    (workdir / "ledger" / "PAUSED").write_text("octocat: banjir di Kupang\n")
    rc, out = cli("publish", env=env)
    assert rc == 0 and "DIJEDA" in out
    assert all(not posts for posts in sandbox.posts().values())
    rc, out = cli("status", env=env)
    assert "dijeda: YA" in out
    (workdir / "ledger" / "PAUSED").unlink()
    rc, out = cli("publish", env=env)
    assert rc == 0 and sandbox.posts()["facebook"], out


def test_alert_text_names_the_failure_and_the_fix_in_indonesian():
    log = (
        "[1/3] Facebook  20261128-a: GAGAL KREDENSIAL: Facebook: token ditolak\n"
        "KREDENSIAL facebook: perbarui SYNDICATE_FACEBOOK_PAGE_TOKEN\n"
        "baris lain yang tidak perlu\n"
    )
    title, body = compose(
        action="publish", exit_code=3, log=log, ledger_ok=True, run_url="https://r/1", team="@t"
    )
    assert title.startswith("Sindikasi gagal: ") and "kredensial" in title
    assert "media-sosial" in body and "action = doctor" in body
    assert "SYNDICATE_FACEBOOK_PAGE_TOKEN" in body and "baris lain" not in body
    assert body.startswith("@t") and "https://r/1" in body
    title, body = compose(
        action="publish", exit_code=0, log="", ledger_ok=False, run_url="", team="@t"
    )
    assert "ledger" in title and "syndication-ledger" in body


FAKE_GH = """#!{python}
import json, os, sys
state_path = os.environ["FAKE_GH_STATE"]
state = json.load(open(state_path)) if os.path.exists(state_path) else {{"issues": [], "calls": []}}
args = sys.argv[1:]
state["calls"].append(args)
out = ""
if args[:2] == ["issue", "list"]:
    out = json.dumps([{{"number": i["number"]}} for i in state["issues"] if i["open"]])
elif args[:2] == ["issue", "create"]:
    number = len(state["issues"]) + 1
    body = open(args[args.index("--body-file") + 1]).read()
    title = args[args.index("--title") + 1]
    assignees = [args[i + 1] for i, a in enumerate(args) if a == "--assignee"]
    state["issues"].append({{"number": number, "open": True, "title": title, "body": body,
                            "comments": [], "assignees": assignees}})
    out = f"https://github.com/o/r/issues/{{number}}"
elif args[:2] == ["issue", "comment"]:
    issue = state["issues"][int(args[2]) - 1]
    issue["comments"].append(open(args[args.index("--body-file") + 1]).read())
elif args[:2] == ["issue", "close"]:
    state["issues"][int(args[2]) - 1]["open"] = False
json.dump(state, open(state_path, "w"))
print(out)
"""


def test_one_issue_opened_updated_then_closed(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gh"
    fake.write_text(FAKE_GH.format(python=sys.executable))
    fake.chmod(0o755)
    log = tmp_path / "syndicate.log"
    log.write_text("GAGAL: youtube 20261128-a: video berstatus rejected (alasan: duplicate)\n")
    state = tmp_path / "gh.json"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "FAKE_GH_STATE": str(state),
        "SYNDICATE_ALERT_ASSIGNEES": "admin-bkd, @operator-bkd",
        "PYTHONPATH": str(REPO),
    }

    def alert(*args):
        return subprocess.run(
            [sys.executable, "-m", "syndicate.alert", *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    failed = ["failed", "--exit-code", "4", "--log", str(log), "--run-url", "https://r/1"]
    assert alert(*failed).startswith("opened")
    assert alert(*failed).startswith("updated #1")  # the second failure: same issue
    assert alert("recovered", "--run-url", "https://r/3").startswith("closed #1")
    assert alert("recovered").strip() == "no open alert"
    issues = json.loads(state.read_text())["issues"]
    assert len(issues) == 1 and not issues[0]["open"]
    assert issues[0]["assignees"] == ["admin-bkd", "operator-bkd"]
    assert "action = retry" in issues[0]["body"] and "duplicate" in issues[0]["body"]
    assert len(issues[0]["comments"]) == 1
    calls = json.loads(state.read_text())["calls"]
    assert calls[1][:3] == ["label", "create", LABEL]


def test_a_failed_site_build_or_deploy_is_an_alert_too():
    title, body = compose(
        action="publish",
        exit_code=None,
        log="",
        ledger_ok=True,
        run_url="https://r/2",
        team="@t",
        stage="build",
    )
    assert title.startswith("Penerbitan gagal: ") and "make publish" in title
    assert "berkas, baris" in body and "pull request" in body and "https://r/2" in body
    title, body = compose(
        action="publish",
        exit_code=None,
        log="",
        ledger_ok=True,
        run_url="",
        team="@t",
        stage="deploy",
    )
    assert "GitHub Pages" in title and "Settings → Pages" in body
