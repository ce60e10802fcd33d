"""No credential leaves the process: the sandbox echoes every credential a
request carried (Authorization header, query, body) in 401 and 500 errors on
all four platforms and on Google's token endpoint, and stdout/stderr, the
ledger files and `syndicate status` stay clean, including the access token
minted from the YouTube refresh token at run time."""

from __future__ import annotations

import pytest

SECRET_NAMES = (
    "SYNDICATE_FACEBOOK_PAGE_TOKEN",
    "SYNDICATE_INSTAGRAM_TOKEN",
    "SYNDICATE_X_CONSUMER_KEY",
    "SYNDICATE_X_CONSUMER_SECRET",
    "SYNDICATE_X_ACCESS_TOKEN",
    "SYNDICATE_X_ACCESS_TOKEN_SECRET",
    "SYNDICATE_YOUTUBE_CLIENT_ID",
    "SYNDICATE_YOUTUBE_CLIENT_SECRET",
    "SYNDICATE_YOUTUBE_REFRESH_TOKEN",
)


def everything_written(cli, env, workdir, out: str) -> str:
    _rc_status, status = cli("status", env=env)
    _rc_json, status_json = cli("status", "--json", env=env)
    ledger = "".join(
        path.read_text(encoding="utf-8") for path in sorted((workdir / "ledger").glob("*.json"))
    )
    return "\n".join((out, status, status_json, ledger))


@pytest.mark.parametrize("status", [401, 500])
@pytest.mark.parametrize("platform", ["facebook", "instagram", "x", "youtube", "google_oauth"])
def test_echoed_credentials_never_reach_output_ledger_or_status(
    cli, sandbox, live_site, workdir, make_env, platform, status
):
    article = live_site.article(f"gema-{platform}-{status}", video=True)
    manifest = live_site.manifest(workdir, [article])
    env = make_env(sandbox, manifest, workdir / "ledger")
    sandbox.arm(platform, f"echo_{status}", "*", count=50)
    rc, out = cli("publish", env=env)
    assert rc in (0, 3), out
    minted = list(sandbox.sandbox.state.data["google_tokens"])
    secrets = [env[name] for name in SECRET_NAMES] + minted
    if platform == "youtube":
        assert minted, "the engine refreshed the Google token, so one was minted"
    written = everything_written(cli, env, workdir, out)
    leaked = [value for value in secrets if value and value in written]
    assert leaked == [], written
    assert [f for f in sandbox.faults() if f["hits"]], "the fault fired"
    if status == 500 and platform in ("facebook", "instagram", "x"):
        # The echoed text reached the output and the ledger, masked.
        assert "[disembunyikan]" in written


def test_minted_google_token_is_registered_and_masked(sandbox):
    """The credentials the YouTube adapter builds register each token they mint."""
    import google.auth.transport.requests

    from syndicate.redact import known, redact, redacting_google_credentials

    account = sandbox.config.youtube
    credentials = redacting_google_credentials()(
        None,
        refresh_token=account.refresh_token,
        client_id=account.client_id,
        client_secret=account.client_secret,
        token_uri=sandbox.token_uri,
    )
    credentials.refresh(google.auth.transport.requests.Request())
    assert credentials.token.startswith("ya29.")
    assert credentials.token in known()
    assert credentials.token not in redact(f"HttpError 401: token={credentials.token}x")


def test_redaction_happens_before_truncation():
    from syndicate.redact import clip, forget_all, register

    forget_all()
    secret = "S3cr3t-" + "k" * 40
    register(secret)
    text = "x" * 280 + secret + " tail"
    clipped = clip(text, 300)
    assert secret[:20] not in clipped and "S3cr3t" not in clipped
    forget_all()


def test_x_error_detail_is_redacted_before_it_is_cut(sandbox):
    """X's error text is cut to 300 characters; a secret straddling the cut
    must not keep its prefix."""
    import requests as http
    import tweepy

    from syndicate.adapters.x import XAdapter
    from syndicate.redact import register
    from syndicate.settings import Settings

    secret = "straddling-secret-" + "z" * 30
    register(secret)
    response = http.Response()
    response.status_code = 400
    response._content = ("e" * 290 + secret).encode()
    response.headers["content-type"] = "text/plain"
    settings = Settings.load({}, env={})
    error = XAdapter(settings, env={})._map(tweepy.BadRequest(response))
    assert "straddling" not in error.message
