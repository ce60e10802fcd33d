"""X done right, through the real CLI: account-level errors pause X for the run
and leave the articles retryable; posting does not depend on reading the
timeline; duplicate detection survives X's rewriting of the text."""

from __future__ import annotations

import contextlib
import json
from collections import Counter


def x_posts_for(sandbox, article) -> int:
    return sum(1 for post in sandbox.posts("x") if article["url"] in json.dumps(post))


@contextlib.contextmanager
def x_account(sandbox, **changes):
    account = sandbox.config.x
    before = {name: getattr(account, name) for name in changes}
    for name, value in changes.items():
        setattr(account, name, value)
    try:
        yield
    finally:
        for name, value in before.items():
            setattr(account, name, value)


def ledger_entry(workdir, article, platform="x") -> dict | None:
    path = workdir / "ledger" / f"{article['id']}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["platforms"].get(platform)


def still_retryable(entry) -> bool:
    """Never tried (no entry) or failed but queued for the next run."""
    return entry is None or (entry["state"] == "failed" and entry["retryable"] is True)


def test_credits_depleted_pauses_x_for_the_run_and_keeps_articles_retryable(
    cli, sandbox, live_site, workdir, make_env
):
    articles = [live_site.article(f"kredit-habis-{n}", instagram=False) for n in range(3)]
    manifest = live_site.manifest(workdir, articles)
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_PLATFORMS="facebook,x")
    with x_account(sandbox, credits_depleted=True):
        rc, out = cli("publish", env=env)
    assert rc == 3, out
    assert "kredit akun habis (402)" in out
    # One refused request, then X is paused: no request per article.
    attempts = [r for r in sandbox.requests("x") if r.get("path", "").endswith("/2/tweets")]
    assert len(attempts) <= 1
    assert out.count("ditunda (kredensial)") == 2
    assert sum(x_posts_for(sandbox, a) for a in articles) == 0
    assert all(still_retryable(ledger_entry(workdir, a)) for a in articles)
    # Facebook is not held back by X's account.
    assert Counter(p["link"] for p in sandbox.posts("facebook")) == {a["url"]: 1 for a in articles}
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert [x_posts_for(sandbox, a) for a in articles] == [1, 1, 1]


def test_read_only_app_names_the_fix_and_is_not_a_duplicate(
    cli, sandbox, live_site, workdir, make_env
):
    article = live_site.article("aplikasi-baca-saja", instagram=False)
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_PLATFORMS="x")
    with x_account(sandbox, access_level="read"):
        rc, out = cli("publish", env=env)
    assert rc == 3, out
    assert "Read and write" in out and "SYNDICATE_X_ACCESS_TOKEN" in out
    entry = ledger_entry(workdir, article)
    assert entry["state"] == "failed" and entry["retryable"] is True
    assert "duplikat" not in entry["error"] and "Read and write" in entry["error"]


def test_posting_does_not_depend_on_timeline_reads(cli, sandbox, live_site, workdir, make_env):
    article = live_site.article("tanpa-akses-baca", instagram=False)
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_PLATFORMS="x")
    with x_account(sandbox, reads_forbidden=True):
        rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert "daftar post tidak terbaca" in out and "ledger" in out
    assert x_posts_for(sandbox, article) == 1
    assert ledger_entry(workdir, article)["state"] == "done"


def test_lost_ledger_finds_own_post_without_link_despite_escaping_and_media_link(
    cli, sandbox, live_site, workdir, make_env
):
    """Without the link in the text, only the text identifies the post; X returns
    it with &amp; and a t.co media link appended."""
    import shutil

    article = live_site.article(
        "rapat-bkd-bpsdm", title="Rapat BKD & BPSDM: <Kupang> > Ende", instagram=False
    )
    manifest = live_site.manifest(workdir, [article])
    env = make_env(
        sandbox,
        manifest,
        workdir / "ledger",
        SYNDICATE_PLATFORMS="x",
        SYNDICATE_X_LINK_IN_TEXT="false",
    )
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    [post] = sandbox.posts("x")
    assert post["media_ids"], "the post carries an image, so X appends a media link"
    shutil.rmtree(workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert ": reconciled " in out
    assert len(sandbox.posts("x")) == 1


def test_reconciliation_pages_the_timeline_within_the_window(sandbox):
    """More than one page (100 posts) of the account's posts is read when a
    window is given: a lost ledger is matched beyond the last page."""
    from bkd_sandbox.testing import make_tweepy_client
    from syndicate.adapters.x import XAdapter
    from syndicate.settings import Settings

    client = make_tweepy_client(sandbox)
    with x_account(sandbox, tweets_per_window=1000):
        for number in range(130):
            client.create_tweet(text=f"Arsip nomor {number} https://bkd.nttprov.go.id/a/{number}/")
    env = {**sandbox.config.engine_env(), "SYNDICATE_SANDBOX_URL": sandbox.url}
    adapter = XAdapter(Settings.load({}, env=env), env=env)
    recent = adapter.recent_posts(window_days=30)
    assert len(recent) == 130
    assert any(
        "https://bkd.nttprov.go.id/a/0/" in urls
        for _text, *urls in [texts for texts, _published in recent]
    )
    # Without a window, one page of reconcile_depth posts, as before.
    assert len(adapter.recent_posts(window_days=0)) == Settings().reconcile_depth


def test_refused_post_is_retried_without_timeline_reads(cli, sandbox, live_site, workdir, make_env):
    """A clear refusal (read-only app) posted nothing, so the next run posts
    even when the plan refuses timeline reads; it does not wait for a read."""
    article = live_site.article("ditolak-lalu-diulang", instagram=False)
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_PLATFORMS="x")
    with x_account(sandbox, reads_forbidden=True):
        with x_account(sandbox, access_level="read"):
            rc, out = cli("publish", env=env)
        assert rc == 3, out
        assert ledger_entry(workdir, article)["uncertain"] is False
        rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert x_posts_for(sandbox, article) == 1
