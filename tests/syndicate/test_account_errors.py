"""Errors by whose problem they are, through the real CLI: Graph permission
errors and Google's invalid_scope pause the platform and name the fix, the
articles stay queued; YouTube's quota waits for midnight Pacific Time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo


def entry(workdir, article, platform):
    path = workdir / "ledger" / f"{article['id']}.json"
    return json.loads(path.read_text())["platforms"].get(platform) if path.exists() else None


def test_graph_permission_error_pauses_facebook_and_keeps_articles_queued(
    cli, sandbox, live_site, workdir, make_env
):
    articles = [live_site.article(f"izin-kurang-{n}", instagram=False) for n in range(2)]
    manifest = live_site.manifest(workdir, articles)
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_PLATFORMS="facebook,x")
    before = list(sandbox.config.facebook.scopes)
    sandbox.config.facebook.scopes = ["pages_show_list", "pages_read_engagement"]
    try:
        rc, out = cli("publish", env=env)
    finally:
        sandbox.config.facebook.scopes = before
    assert rc == 3, out
    assert "AKUN facebook PERLU DIPERBAIKI" in out and "izin" in out
    assert "ditunda (kredensial)" in out  # the second article did not try again
    assert sandbox.posts("facebook") == []
    assert len(sandbox.posts("x")) == 2
    first = entry(workdir, articles[0], "facebook")
    assert first["state"] == "failed" and first["retryable"] is True
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert len(sandbox.posts("facebook")) == 2


def test_google_invalid_scope_is_an_account_error(cli, sandbox, live_site, workdir, make_env):
    article = live_site.article("scope-kurang", video=True, instagram=False)
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_PLATFORMS="youtube")
    before = sandbox.config.youtube.granted_scopes
    sandbox.config.youtube.granted_scopes = "https://www.googleapis.com/auth/youtube.readonly"
    try:
        rc, out = cli("publish", env=env)
    finally:
        sandbox.config.youtube.granted_scopes = before
    assert rc == 3, out
    assert "invalid_scope" in out and "youtube.upload" in out


def test_youtube_quota_waits_until_after_midnight_pacific(
    cli, sandbox, live_site, workdir, make_env
):
    article = live_site.article("kuota-habis", video=True, instagram=False)
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_PLATFORMS="youtube")
    sandbox.arm("youtube", "quota", "*", count=20)
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    next_try = datetime.fromisoformat(entry(workdir, article, "youtube")["next_try"])
    pacific = next_try.astimezone(ZoneInfo("America/Los_Angeles"))
    # Just after the next Pacific midnight: 00:05 local, within the coming day.
    assert (pacific.hour, pacific.minute) == (0, 5)
    assert timedelta(0) < next_try - datetime.now(UTC) <= timedelta(hours=24, minutes=5)
