"""Secrets never leak: not in output, logs, the ledger, error messages or URLs.

The sandbox is configured with recognisable fake credentials; the CLI runs with
debug logging through successes, faults and rejected tokens; everything it
wrote is scanned for the credentials (and for their tails, in case of cutting).
"""

from __future__ import annotations

import json

from bkd_sandbox.testing import fast_config, running_sandbox

FAKE = {
    "facebook__access_token": "FAKEFBTOKEN-5f1b2e9c-page-secret",
    "instagram__access_token": "FAKEFBTOKEN-5f1b2e9c-page-secret",
    "x__consumer_key": "FAKEXCONSUMERKEY-8d7a",
    "x__consumer_secret": "FAKEXCONSUMERSECRET-41c2b3",
    "x__access_token": "FAKEXACCESSTOKEN-77aa-1267834509876543210",
    "x__access_token_secret": "FAKEXTOKENSECRET-9e0f",
    "youtube__client_secret": "FAKEGOOGLECLIENTSECRET-c0ffee",
    "youtube__refresh_token": "FAKEGOOGLEREFRESH-1//0gdeadbeef",
}


def leaks(text: str) -> list[str]:
    found = []
    for value in set(FAKE.values()):
        if value in text or value[-12:] in text or value[:14] in text:
            found.append(value)
    return found


def test_no_secret_in_any_output_log_ledger_or_url(cli, live_site, tmp_path, make_env):
    config = fast_config(
        instagram__container_processing_seconds=0.02,
        fault_hold_seconds=0.6,
        reject_token_in_url=True,
        **FAKE,
    )
    with running_sandbox(config) as sandbox:
        articles = [
            live_site.article("rahasia-aman", gallery=2, video=True),
            live_site.article("rahasia-biasa"),
        ]
        manifest = live_site.manifest(tmp_path, articles)
        env = make_env(sandbox, manifest, tmp_path / "ledger")
        outputs = []

        # Rejected and expired credentials produce error messages: scan them too.
        for platform in ("facebook", "x", "youtube"):
            sandbox.expire_token(platform)
        outputs.append(cli("-v", "publish", env=env)[1])
        wrong = {**env, "SYNDICATE_FACEBOOK_PAGE_TOKEN": FAKE["facebook__access_token"] + "x"}
        outputs.append(cli("-v", "publish", env=wrong)[1])
        for platform in ("facebook", "x", "youtube"):
            sandbox.expire_token(platform, False)
        # Faults everywhere, then a kill between request and ledger write.
        for platform in ("facebook", "instagram", "x", "youtube"):
            sandbox.arm(platform, "http_500", count=1)
            sandbox.arm(platform, "accept_then_drop", count=1)
        crash = {**env, "SYNDICATE_TEST_CRASH": "after-request:2"}
        outputs.append(cli("-v", "publish", env=crash)[1])
        rc, out = cli("-v", "publish", env=env)
        outputs.append(out)
        assert rc == 0, out
        for command in (
            ["plan"],
            ["preview", "--json"],
            ["preview"],
            ["status"],
            ["status", "--json"],
        ):
            outputs.append(cli("-v", *command, env=env)[1])
        console = cli.console("-v", "status", env=env)
        outputs += [console.stdout, console.stderr]

        violations = sandbox.violations()
        posts = json.dumps(sandbox.posts())

    assert violations["count"] == 0, violations
    ledger_text = "\n".join(p.read_text() for p in (tmp_path / "ledger").glob("*.json"))
    assert "done" in ledger_text
    everything = "\n".join(outputs) + ledger_text + posts
    assert "Traceback" not in everything
    assert leaks(everything) == []
    assert leaks(everything + FAKE["x__consumer_secret"][-12:])  # the scan can fail
    # The secrets were really in use (the runs authenticated with them).
    assert "posted" in "\n".join(outputs)
    assert "SYNDICATE_FACEBOOK_PAGE_TOKEN" in everything  # the auth errors were reported
    assert "SYNDICATE_YOUTUBE_REFRESH_TOKEN" in everything


def test_redact_scrubs_known_values_and_key_value_pairs():
    from syndicate.errors import redact

    text = 'failed: access_token=abc123secret&x=1 {"client_secret": "zzz"} FAKEVALUE9'
    out = redact(text, ["FAKEVALUE9"])
    assert "abc123secret" not in out and "zzz" not in out and "FAKEVALUE9" not in out
