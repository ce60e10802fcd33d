"""`syndicate report --month`: counts from the ledger (posts, corrections,
withdrawals) and the listening state (questions, answers, response time),
metrics from the sandbox through the real clients, and a page that passes
axe-core and the Nu Html Checker."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from syndicate import report
from tests._support import sitekit

MONTH = "2026-11"


def entry(state: str, updated: str, **fields) -> dict:
    return {"state": state, "updated": updated, **fields}


# The ledger as the corrections/withdrawals engine writes it (syndicate/contract.py,
# LedgerRecord.followups: change id -> platform -> entry with a kind).
LEDGER = {
    "20261103-jadwal": {
        "article": "20261103-jadwal",
        "platforms": {
            "facebook": entry("done", "2026-11-03T01:00:00+00:00", post_id="1_1"),
            "x": entry("done", "2026-11-03T01:00:00+00:00", post_id="11"),
            "instagram": entry("failed", "2026-11-03T01:00:00+00:00", error="x"),
        },
        "followups": {
            "c1-20261105": {
                "facebook": entry("done", "2026-11-05T02:00:00+00:00", kind="correction"),
                "x": entry("done", "2026-11-05T02:00:00+00:00", kind="correction"),
            },
            "c2-20261201": {
                "facebook": entry("done", "2026-12-01T02:00:00+00:00", kind="correction"),
            },
            "withdrawn": {
                "facebook": entry("done", "2026-11-20T02:00:00+00:00", kind="withdrawal"),
                "x": entry("pending", "2026-11-20T02:00:00+00:00", kind="withdrawal"),
            },
        },
    },
    "20261030-lama": {
        "article": "20261030-lama",
        "platforms": {"facebook": entry("done", "2026-10-30T01:00:00+00:00", post_id="1_0")},
    },
}


def heard(platform, created, *, question=False, answered_after_hours=None, own=False):
    item = {"platform": platform, "created": created, "question": question, "own": own}
    if answered_after_hours is not None:
        moment = datetime.fromisoformat(created) + timedelta(hours=answered_after_hours)
        item["answered_at"] = moment.isoformat()
    return item


ITEMS = {
    "facebook:1": heard(
        "facebook", "2026-11-04T00:00:00+00:00", question=True, answered_after_hours=2
    ),
    "facebook:2": heard(
        "facebook", "2026-11-04T00:00:00+00:00", question=True, answered_after_hours=10
    ),
    "facebook:3": heard(
        "facebook", "2026-11-04T00:00:00+00:00", question=True, answered_after_hours=30
    ),
    "facebook:4": heard("facebook", "2026-11-06T00:00:00+00:00", question=True),
    "facebook:5": heard("facebook", "2026-11-06T00:00:00+00:00"),
    "facebook:6": heard("facebook", "2026-11-04T02:00:00+00:00", own=True),
    "facebook:7": heard("facebook", "2026-10-31T00:00:00+00:00", question=True),
}


def test_counts_come_from_the_ledger_and_the_listening_state():
    rows = {row.platform: row for row in report.build_rows(LEDGER, ITEMS, MONTH)}
    facebook, x = rows["facebook"], rows["x"]
    assert [p for _a, p in facebook.posts] == ["1_1"]
    assert [p for _a, p in x.posts] == ["11"]
    assert rows["instagram"].posts == []
    assert (facebook.corrections, facebook.withdrawals) == (1, 1)
    assert (x.corrections, x.withdrawals) == (1, 0)  # a pending withdrawal is not done
    assert (facebook.comments, facebook.questions, facebook.answered) == (5, 4, 3)
    assert facebook.median_response_hours == 10
    assert rows["youtube"].median_response_hours is None


def test_a_ledger_without_followups_counts_zero():
    plain = {k: {kk: vv for kk, vv in v.items() if kk != "followups"} for k, v in LEDGER.items()}
    rows = report.build_rows(plain, {}, MONTH)
    assert all(row.corrections == row.withdrawals == 0 for row in rows)


def test_the_report_is_static_indonesian_and_shows_every_number():
    rows = report.build_rows(LEDGER, ITEMS, MONTH)
    page = report.render_report(rows, MONTH, generated="2026-12-01 08:00 UTC")
    assert '<html lang="id">' in page and "November 2026" in page
    assert "<script" not in page and "<svg" in page
    assert 'name="robots" content="noindex' in page
    assert "Median waktu menjawab: 10,0 jam" in page


def run_axe(browser, path: Path) -> list[dict]:
    from tests._support.axe import AXE_TAGS, RUN_AXE

    violations = []
    for viewport in ("mobile", "desktop"):
        context = browser.new_context(
            viewport=sitekit.VIEWPORTS[viewport], java_script_enabled=True
        )
        page = context.new_page()
        page.goto(path.as_uri())
        page.evaluate(sitekit.AXE_JS.read_text(encoding="utf-8"))
        violations += page.evaluate(RUN_AXE, AXE_TAGS)
        context.close()
    return violations


def run_vnu(path: Path) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        sitekit.unavailable("java not found: install default-jre-headless (see .ci/run)")
    result = subprocess.run(
        [
            java,
            "-Xss8m",
            "-jar",
            str(sitekit.VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            str(path),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        m for m in messages if m.get("type") in ("error", "warning") or m.get("subType") == "fatal"
    ]


def test_report_from_sandbox_data_passes_axe_and_the_nu_checker(
    cli, sandbox, live_site, workdir, make_env, browser
):
    try:
        sitekit.ensure_npm_tools()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        sitekit.unavailable(f"npm tools (axe-core, vnu-jar) unavailable: {error}")
    video = live_site.article("sosialisasi-manajemen-talenta", video=True)
    plain = live_site.article("jadwal-kenaikan-pangkat")
    manifest = live_site.manifest(workdir, [video, plain])
    month = datetime.now(UTC).strftime("%Y-%m")
    env = make_env(
        sandbox,
        manifest,
        workdir / "ledger",
        SYNDICATE_LISTEN_DIR=str(workdir / "listen"),
        BKD_TEST_NOW=datetime.now(UTC).isoformat(),
    )
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    posts = {}
    for path in (workdir / "ledger").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for platform, item in data["platforms"].items():
            posts[(data["article"], platform)] = item["post_id"]
    fb_post = posts[(plain["id"], "facebook")]
    sandbox.metrics(
        fb_post, post_total_media_view_unique=1200, post_media_view=3400, post_clicks=56
    )
    sandbox.metrics(posts[(plain["id"], "instagram")], reach=800, views=2100, total_interactions=90)
    sandbox.metrics(posts[(video["id"], "youtube")], viewCount=640, likeCount=31, commentCount=4)
    sandbox.metrics(
        posts[(plain["id"], "x")], impression_count=1500, like_count=12, retweet_count=3
    )
    question = sandbox.comment("facebook", fb_post, "Kapan usulan dibuka?")
    sandbox.comment("facebook", fb_post, "Mulai 1 Desember.", own=True, parent_id=question)
    rc, out = cli("listen", env=env)
    assert rc == 0, out

    target = workdir / "laporan.html"
    rc, out = cli("report", "--month", month, "--out", str(target), env=env)
    assert rc == 0, out
    page = target.read_text(encoding="utf-8")
    assert "1.200" in page and "3.400" in page  # Facebook reach and views
    assert "2.100" in page and "640" in page and "1.500" in page
    assert "metrik tidak tersedia" not in page

    violations = run_axe(browser, target)
    assert not violations, json.dumps(violations, indent=1, ensure_ascii=False)
    problems = run_vnu(target)
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
