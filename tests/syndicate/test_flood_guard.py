"""The flood guard and reconciliation in depth, independent of the ledger.

- An article published longer ago than SYNDICATE_MAX_AGE_DAYS is never posted,
  whatever the ledger says, unless the admin asks with `syndicate retry`.
- With the ledger lost, reconciliation finds earlier posts on every page of
  each account's listing inside that window, not only on the newest page.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime, timedelta

PLATFORMS = ("facebook", "instagram", "x", "youtube")


def past(days: float) -> datetime:
    return (datetime.now() - timedelta(days=days)).replace(microsecond=0).astimezone()


def posts_by_article(sandbox, articles) -> Counter:
    counts: Counter = Counter()
    for platform, posts in sandbox.posts().items():
        for post in posts:
            blob = json.dumps(post, ensure_ascii=False)
            for article in articles:
                if article["url"] in blob:
                    counts[(article["id"], platform)] += 1
    return counts


def test_an_old_article_is_not_posted_without_an_explicit_retry(
    cli, sandbox, live_site, workdir, make_env
):
    old = live_site.article("sudah-basi", date=past(8))
    fresh = live_site.article("masih-segar", date=past(6))
    env = make_env(sandbox, live_site.manifest(workdir, [old, fresh]), workdir / "ledger")
    rc, out = cli("plan", env=env)
    assert "SYNDICATE_MAX_AGE_DAYS" in out and "syndicate retry --article" in out
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    counts = posts_by_article(sandbox, [old, fresh])
    assert {a for a, _ in counts} == {fresh["id"]}

    # The admin sends it on one platform, on purpose.
    rc, out = cli("retry", "--article", old["id"], "--platform", "facebook", env=env)
    assert rc == 0 and "1 posting" in out, out
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    counts = posts_by_article(sandbox, [old, fresh])
    assert counts[(old["id"], "facebook")] == 1
    assert not any(counts[(old["id"], p)] for p in ("instagram", "x"))
    # Done is done: the retry is not repeated.
    rc, out = cli("publish", env=env)
    assert posts_by_article(sandbox, [old])[(old["id"], "facebook")] == 1


def test_the_window_is_configurable(cli, sandbox, live_site, workdir, make_env):
    article = live_site.article("tiga-hari", date=past(3))
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_MAX_AGE_DAYS="2")
    rc, out = cli("publish", env=env)
    assert rc == 0 and posts_by_article(sandbox, [article]) == Counter(), out


def test_reconciliation_pages_back_through_the_window_when_the_ledger_is_lost(
    cli, sandbox, live_site, workdir, make_env
):
    articles = [
        live_site.article(f"halaman-{n:02}", date=past(5 - n * 0.1), gallery=0) for n in range(12)
    ]
    manifest = live_site.manifest(workdir, articles)
    # Pages of 5 posts: the oldest articles sit on the third page of each listing.
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_RECONCILE_DEPTH="5")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    first = posts_by_article(sandbox, articles)
    assert set(first.values()) == {1} and len(first) == 12 * 3
    shutil.rmtree(workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert posts_by_article(sandbox, articles) == first  # 0 duplicates
    graph_pages = [
        e
        for e in sandbox.requests()
        if e["method"] == "GET" and e["path"].endswith(("/feed", "/media"))
    ]
    assert any("after" in e["query"] for e in graph_pages)


def test_an_admin_retry_outlives_a_transient_failure(cli, sandbox, live_site, workdir, make_env):
    old = live_site.article("basi-tapi-diminta", date=past(9))
    env = make_env(sandbox, live_site.manifest(workdir, [old]), workdir / "ledger")
    rc, out = cli("retry", "--article", old["id"], "--platform", "facebook", env=env)
    assert rc == 0, out
    sandbox.arm("facebook", "503", "*/feed", method="POST", count=10)
    rc, out = cli("publish", env=env)
    assert rc == 0 and posts_by_article(sandbox, [old]) == Counter(), out
    entry = json.loads((workdir / "ledger" / f"{old['id']}.json").read_text())
    assert entry["platforms"]["facebook"]["state"] == "failed"
    assert entry["platforms"]["facebook"]["admin_retry"]
    sandbox.clear_faults()
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert posts_by_article(sandbox, [old]) == Counter({(old["id"], "facebook"): 1})
