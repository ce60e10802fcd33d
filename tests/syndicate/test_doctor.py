"""`syndicate doctor` against the sandbox: every check passes on a healthy
account, and each way an account can be wrong shows as ✗ with its fix."""

from __future__ import annotations

import contextlib

import pytest


@contextlib.contextmanager
def changed(target, **changes):
    before = {name: getattr(target, name) for name in changes}
    for name, value in changes.items():
        setattr(target, name, value)
    try:
        yield
    finally:
        for name, value in before.items():
            setattr(target, name, value)


@pytest.fixture
def doctor(cli, sandbox, live_site, workdir, make_env):
    manifest = live_site.manifest(workdir, [])

    def run(**extra):
        env = make_env(sandbox, manifest, workdir / "ledger", **extra)
        return cli("doctor", env=env)

    return run


def test_healthy_accounts_all_pass_and_nothing_is_posted(doctor, sandbox):
    rc, out = doctor()
    assert rc == 0, out
    assert "✗" not in out
    assert out.count("✓") == 11  # Facebook 2, Instagram 4, X 2, YouTube 3
    assert "siap untuk posting pertama" in out
    assert sandbox.posts() == {"facebook": [], "instagram": [], "x": [], "youtube": []}
    # The secrets never appear, not even the minted Google access token.
    for value in sandbox.config.engine_env().values():
        if "token" in value or "secret" in value:
            assert value not in out


def test_page_token_without_posting_permission(doctor, sandbox):
    scopes = [s for s in sandbox.config.facebook.scopes if s != "pages_manage_posts"]
    with changed(sandbox.config.facebook, scopes=scopes):
        rc, out = doctor(SYNDICATE_PLATFORMS="facebook")
    assert rc == 3, out
    assert "✗ izin posting" in out and "kurang izin: pages_manage_posts" in out
    assert "SYNDICATE_FACEBOOK_PAGE_TOKEN" in out


def test_expired_page_token(doctor, sandbox):
    sandbox.expire_token("facebook")
    try:
        rc, out = doctor(SYNDICATE_PLATFORMS="facebook")
    finally:
        sandbox.expire_token("facebook", False)
    assert rc == 3, out
    assert "✗ token berfungsi" in out and "expired" in out.lower()


def test_instagram_not_linked_to_page(doctor, sandbox):
    with changed(sandbox.config.facebook, instagram_linked=False):
        rc, out = doctor(SYNDICATE_PLATFORMS="instagram")
    assert rc == 3, out
    assert "✗ akun tertaut ke Page" in out and "tidak ada akun Instagram" in out
    assert "Meta Business Suite" in out


def test_instagram_publishing_limit_used_up(doctor, sandbox):
    with changed(sandbox.config.instagram, publishing_limit=0):
        rc, out = doctor(SYNDICATE_PLATFORMS="instagram")
    assert rc == 3, out
    assert "✗ batas publikasi" in out and "0 dari 0" in out


def test_x_read_only_app(doctor, sandbox):
    with changed(sandbox.config.x, access_level="read"):
        rc, out = doctor(SYNDICATE_PLATFORMS="x")
    assert rc == 3, out
    assert "✓ kunci berfungsi" in out
    assert "✗ izin tulis aplikasi" in out and "x-access-level: read" in out
    assert "Read and write" in out


def test_x_wrong_keys(doctor):
    rc, out = doctor(SYNDICATE_PLATFORMS="x", SYNDICATE_X_ACCESS_TOKEN_SECRET="salah-sekali")
    assert rc == 3, out
    assert "✗ kunci berfungsi" in out and "HTTP 401" in out
    assert "salah-sekali" not in out


def test_youtube_wrong_channel(doctor):
    rc, out = doctor(SYNDICATE_PLATFORMS="youtube", SYNDICATE_YOUTUBE_CHANNEL_ID="UCbukankanalbkd")
    assert rc == 3, out
    assert "✓ refresh token berlaku" in out
    assert "✗ kanal milik BKD" in out and "bukan UCbukankanalbkd" in out


def test_youtube_token_without_upload_scope(doctor, sandbox):
    with changed(
        sandbox.config.youtube, granted_scopes="https://www.googleapis.com/auth/youtube.readonly"
    ):
        rc, out = doctor(SYNDICATE_PLATFORMS="youtube")
    assert rc == 3, out
    assert "✗ scope" in out and "youtube.upload" in out


def test_youtube_revoked_refresh_token(doctor, sandbox):
    sandbox.expire_token("youtube")
    try:
        rc, out = doctor(SYNDICATE_PLATFORMS="youtube")
    finally:
        sandbox.expire_token("youtube", False)
    assert rc == 3, out
    assert "✗ refresh token berlaku" in out and "invalid_grant" in out


def test_missing_secret_is_named(doctor):
    rc, out = doctor(SYNDICATE_PLATFORMS="x", SYNDICATE_X_CONSUMER_KEY="")
    assert rc == 3, out
    assert "✗ kredensial terisi" in out and "SYNDICATE_X_CONSUMER_KEY" in out
