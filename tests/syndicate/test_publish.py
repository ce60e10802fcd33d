"""The real CLI against the sandbox over HTTP: posting, idempotence, plan/preview, guards."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta

PLATFORMS = ("facebook", "instagram", "x", "youtube")


def past(days: float) -> datetime:
    return (datetime.now() - timedelta(days=days)).astimezone()


def posts_by_article(sandbox, articles) -> dict[tuple[str, str], int]:
    """How many posts on each platform carry each article URL."""
    everything = sandbox.posts()
    counts: Counter = Counter()
    for platform in PLATFORMS:
        for post in everything.get(platform, []):
            blob = json.dumps(post, ensure_ascii=False)
            for article in articles:
                if article["url"] in blob:
                    counts[(article["id"], platform)] += 1
    return counts


def test_publish_posts_each_article_once_on_each_platform(
    cli, sandbox, live_site, workdir, make_env
):
    rich = live_site.article("bimtek-siasn", gallery=3, video=True)
    plain = live_site.article("jadwal-layanan")
    manifest = live_site.manifest(workdir, [rich, plain])
    env = make_env(sandbox, manifest, workdir / "ledger")

    rc, out = cli("publish", env=env)
    assert rc == 0, out
    counts = posts_by_article(sandbox, [rich, plain])
    assert counts == {
        (rich["id"], "facebook"): 1,
        (rich["id"], "instagram"): 1,
        (rich["id"], "x"): 1,
        (rich["id"], "youtube"): 1,
        (plain["id"], "facebook"): 1,
        (plain["id"], "instagram"): 1,
        (plain["id"], "x"): 1,
    }
    posts = sandbox.posts()
    carousel = [p for p in posts["instagram"] if rich["url"] in p["text"]][0]
    assert carousel["media_type"] == "CAROUSEL_ALBUM"
    assert "tautan di bio" in carousel["text"]
    fb_rich = [p for p in posts["facebook"] if rich["url"] in p["text"]][0]
    assert len(fb_rich["images"]) == 3
    assert "platform" in out and "posted" in out  # summary table

    # A second run posts nothing new.
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert posts_by_article(sandbox, [rich, plain]) == counts

    ledger = json.loads((workdir / "ledger" / f"{rich['id']}.json").read_text())
    assert {p: e["state"] for p, e in ledger["platforms"].items()} == dict.fromkeys(
        PLATFORMS, "done"
    )
    video_id = ledger["platforms"]["youtube"]["post_id"]
    assert ledger["platforms"]["youtube"]["url"].endswith(video_id)
    assert ledger["platforms"]["youtube"].get("thumbnail") == "set"

    rc, out = cli("status", env=env)
    assert rc == 0 and "youtube" in out


def test_preview_json_shape_and_no_network_writes(cli, sandbox, live_site, workdir, make_env):
    article = live_site.article("preview-saja", gallery=0, video=False, instagram=False)
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger")
    rc, out = cli("preview", "--json", env=env)
    assert rc == 0, out
    rows = json.loads(out)
    assert {row["platform"] for row in rows} == set(PLATFORMS)
    for row in rows:
        assert {"article", "url", "platform", "action", "reason", "text", "media"} <= set(row)
    by = {row["platform"]: row for row in rows}
    assert by["x"]["action"] == "post" and article["url"] in by["x"]["text"]
    assert by["instagram"]["action"] == "skip" and "gambar" in by["instagram"]["reason"]
    assert by["youtube"]["action"] == "skip"
    assert by["x"]["requests"][-1]["step"] == "create_tweet"
    assert sandbox.posts()["x"] == [] and sandbox.posts()["facebook"] == []
    assert list((workdir / "ledger").glob("*.json")) == []


def test_first_run_without_baseline_refuses_and_baseline_prevents_flood(
    cli, sandbox, live_site, workdir, make_env
):
    old = live_site.article("arsip-lama")
    manifest = live_site.manifest(workdir, [old])
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_SINCE="")
    rc, out = cli("publish", env=env)
    assert rc == 2 and "baseline" in out
    rc, out = cli("baseline", env=env)
    assert rc == 0, out
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert sandbox.posts()["facebook"] == [] and sandbox.posts()["x"] == []

    new = live_site.article("artikel-baru")
    manifest = live_site.manifest(workdir, [old, new])
    rc, out = cli("plan", env=env)
    assert "POST" in out and "arsip-lama" not in out.split("artikel-baru")[0].split("POST")[-1]
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert posts_by_article(sandbox, [old, new]) == {
        (new["id"], "facebook"): 1,
        (new["id"], "instagram"): 1,
        (new["id"], "x"): 1,
    }


def test_since_bounds_what_is_eligible(cli, sandbox, live_site, workdir, make_env):
    old = live_site.article("sebelum", date=past(5))
    new = live_site.article("sesudah", date=past(1))
    manifest = live_site.manifest(workdir, [old, new])
    since = past(3).date().isoformat()
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_SINCE=since)
    rc, out = cli("plan", env=env)
    assert "SYNDICATE_SINCE" in out
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert set(a for a, _ in posts_by_article(sandbox, [old, new])) == {new["id"]}


def test_kill_switch_pauses_everything(cli, sandbox, live_site, workdir, make_env):
    manifest = live_site.manifest(workdir, [live_site.article("dijeda")])
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_PAUSED="1")
    rc, out = cli("publish", env=env)
    assert rc == 0 and "DIJEDA" in out
    assert all(not posts for posts in sandbox.posts().values() if isinstance(posts, list))


def test_article_not_live_is_deferred(cli, sandbox, live_site, workdir, make_env):
    article = live_site.article("belum-tayang", live=False)
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert "HTTP 404" in out
    assert posts_by_article(sandbox, [article]) == {}
    assert list((workdir / "ledger").glob("*.json")) == []


def test_expired_token_stops_that_platform_only_and_names_the_secret(
    cli, sandbox, live_site, workdir, make_env
):
    article = live_site.article("token-kedaluwarsa")
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger")
    sandbox.expire_token("facebook")
    rc, out = cli("publish", env=env)
    assert rc == 3, out
    assert "SYNDICATE_FACEBOOK_PAGE_TOKEN" in out
    counts = posts_by_article(sandbox, [article])
    assert counts == {(article["id"], "instagram"): 1, (article["id"], "x"): 1}
    sandbox.expire_token("facebook", False)
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert posts_by_article(sandbox, [article])[(article["id"], "facebook")] == 1


def test_missing_credentials_exit_3(cli, sandbox, live_site, workdir, make_env):
    manifest = live_site.manifest(workdir, [live_site.article("tanpa-kunci")])
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_X_ACCESS_TOKEN="")
    rc, out = cli("publish", env=env)
    assert rc == 3 and "SYNDICATE_X_ACCESS_TOKEN" in out


def test_second_concurrent_publish_refuses(cli, sandbox, live_site, workdir, make_env):
    from syndicate.ledger import LedgerLock

    manifest = live_site.manifest(workdir, [live_site.article("kunci")])
    env = make_env(sandbox, manifest, workdir / "ledger")
    with LedgerLock(workdir / "ledger"):
        result = cli.console("publish", env=env)
    assert result.returncode == 5, result.stdout + result.stderr
    assert "only one publish runs at a time" in result.stderr
    assert sandbox.posts()["x"] == []


def test_exit_code_2_without_manifest(cli, sandbox, workdir, make_env):
    env = make_env(sandbox, workdir / "nope.json", workdir / "ledger")
    rc, out = cli("plan", env=env)
    assert rc == 2 and "make build" in out


def test_permanent_refusal_exit_4_then_retry_after_fix(cli, sandbox, live_site, workdir, make_env):
    import io

    from PIL import Image

    def jpeg(width, height):
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), (90, 90, 90)).save(buffer, "JPEG")
        return buffer.getvalue()

    article = live_site.article("rasio-salah")
    bad = live_site.root / "images" / "rasio-salah-ig.jpg"
    bad.write_bytes(jpeg(400, 1200))  # 1:3, outside Instagram's 4:5 to 1.91:1
    article["instagram_image"]["url"] = f"{live_site.url}/images/rasio-salah-ig.jpg"
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 4, out
    assert "GAGAL" in out
    rc, out = cli("status", env=env)
    assert "permanen" in out and "instagram" in out
    # A permanent failure is not retried by itself, and keeps the run red...
    rc, out = cli("publish", env=env)
    assert (
        rc == 4 and posts_by_article(sandbox, [article]).get((article["id"], "instagram")) is None
    )
    # ...until the admin fixes the cause and queues it again.
    bad.write_bytes(jpeg(1080, 1350))
    rc, out = cli("retry", "--platform", "instagram", env=env)
    assert rc == 0, out
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert posts_by_article(sandbox, [article])[(article["id"], "instagram")] == 1


def test_rate_limit_defers_only_that_platform(cli, sandbox, live_site, workdir, make_env):
    article = live_site.article("batas-laju")
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger")
    sandbox.arm("x", "rate_limit", "/2/tweets", count=5, retry_after=0)
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    counts = posts_by_article(sandbox, [article])
    assert (article["id"], "x") not in counts
    assert counts[(article["id"], "facebook")] == 1 and counts[(article["id"], "instagram")] == 1
    sandbox._call("DELETE", "/_sandbox/faults")
    rc, out = cli("publish", env=env)
    assert rc == 0 and posts_by_article(sandbox, [article])[(article["id"], "x")] == 1


def test_lost_ledger_does_not_repost(cli, sandbox, live_site, workdir, make_env):
    """A ledger commit that never landed (cancelled job, failed push): the next
    run finds the posts on the platforms instead of posting them again."""
    import shutil

    article = live_site.article("ledger-hilang", gallery=2, video=True)
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    before = posts_by_article(sandbox, [article])
    assert len(before) == 4
    shutil.rmtree(workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert out.count(": reconciled ") == 4
    assert posts_by_article(sandbox, [article]) == before
    record = json.loads((workdir / "ledger" / f"{article['id']}.json").read_text())
    assert all(entry["state"] == "done" for entry in record["platforms"].values())
