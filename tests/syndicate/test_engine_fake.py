"""Exactly once, one scripted fault at a time: the engine against a fake platform.

Fast unit tier (tests/_support/fake_adapter.py, bridgy's FakeSource pattern).
The same rules are proven end to end, with the real CLI, the sandbox over
HTTP and real process kills, in test_fault_injection.py.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from syndicate.contract import Manifest, ManifestArticle
from syndicate.engine import Engine
from syndicate.ledger import Ledger
from syndicate.settings import Settings
from tests._support.fake_adapter import FAULTS, FakePlatform, SimulatedCrash

PLATFORM = "facebook"


def article(n: int = 1) -> ManifestArticle:
    return ManifestArticle(
        id=f"20261120-artikel-{n}",
        url=f"https://bkd.example/2026/11/artikel-{n}/",
        title=f"Artikel uji {n}",
        # Recent: older articles meet the flood guard (SYNDICATE_MAX_AGE_DAYS).
        date=(datetime.now() - timedelta(hours=1, minutes=n)).astimezone(),
        summary="Ringkasan artikel uji.",
        tags=("ASN",),
        platforms=(PLATFORM,),
    )


def settings(**changes) -> Settings:
    values = {
        "platforms": (PLATFORM,),
        "since": "2026-01-01",
        "check_live": False,
        "retry_attempts": 3,
        "retry_base_seconds": 0.0,
        **changes,
    }
    return Settings(**values)


def run(remote: FakePlatform, ledger_dir, articles, **changes):
    """One `syndicate publish` process: a fresh engine and ledger over the same folder."""
    manifest = Manifest("https://bkd.example/", list(articles), {}, ledger_dir)
    engine = Engine(
        manifest,
        settings(**changes),
        Ledger(ledger_dir),
        env={},
        adapter_factory=remote.factory,
        out=lambda _line: None,
        sleep=lambda _seconds: None,
    )
    return engine.publish(engine.plan())


def state(ledger_dir, item: ManifestArticle) -> dict:
    ledger = Ledger(ledger_dir)
    ledger.load_all()
    return ledger.entry(item.id, PLATFORM) or {}


def test_answer_dropped_after_the_post_is_reconciled_not_posted_again(tmp_path):
    remote, item = FakePlatform(faults=["dropped"]), article()
    result = run(remote, tmp_path, [item])
    assert result.counts == {"reconciled": 1}
    assert len(remote.posts_for(item.url)) == 1
    entry = state(tmp_path, item)
    assert (entry["state"], entry["post_id"], entry["reconciled"]) == ("done", "facebook-1", True)


def test_crash_between_pending_and_request_posts_once_on_the_next_run(tmp_path):
    remote, item = FakePlatform(faults=["crash-before"]), article()
    with pytest.raises(SimulatedCrash):
        run(remote, tmp_path, [item])
    assert state(tmp_path, item)["state"] == "pending"
    assert remote.timeline == []
    assert run(remote, tmp_path, [item]).counts == {"posted": 1}
    assert len(remote.posts_for(item.url)) == 1


def test_crash_between_request_and_done_is_reconciled_on_the_next_run(tmp_path):
    remote, item = FakePlatform(faults=["crash-after"]), article()
    with pytest.raises(SimulatedCrash):
        run(remote, tmp_path, [item])
    assert state(tmp_path, item)["state"] == "pending"
    assert run(remote, tmp_path, [item]).counts == {"reconciled": 1}
    assert len(remote.posts_for(item.url)) == 1
    assert remote.requests == 1


def test_duplicate_refusal_after_a_lost_ledger_reconciles_the_existing_post(tmp_path):
    remote, item = FakePlatform(refuses_duplicates=True), article()
    assert run(remote, tmp_path, [item]).counts == {"posted": 1}
    # The ledger commit never landed (cancelled workflow) and the cheap listing
    # check is off: the platform's own "already posted" must still stop a repost.
    Ledger(tmp_path).path_of(item.id).unlink()
    result = run(remote, tmp_path, [item], reconcile_new=False)
    assert result.counts == {"reconciled": 1}
    assert len(remote.posts_for(item.url)) == 1
    assert remote.requests == 2


def test_lost_ledger_is_caught_by_the_listing_before_any_request(tmp_path):
    remote, item = FakePlatform(), article()
    run(remote, tmp_path, [item])
    Ledger(tmp_path).path_of(item.id).unlink()
    assert run(remote, tmp_path, [item]).counts == {"reconciled": 1}
    assert remote.requests == 1


def test_unreadable_listing_after_an_uncertain_failure_defers_instead_of_posting(tmp_path):
    # The first listing is the new item's cheap check; the second, after the
    # crash, is the one that must not be skipped.
    remote = FakePlatform(faults=["crash-after"], listing_faults=[None, "transient"])
    item = article()
    with pytest.raises(SimulatedCrash):
        run(remote, tmp_path, [item])
    assert run(remote, tmp_path, [item]).counts == {"deferred": 1}
    assert remote.requests == 1
    assert run(remote, tmp_path, [item]).counts == {"reconciled": 1}
    assert len(remote.posts_for(item.url)) == 1


def test_rate_limit_defers_the_rest_of_the_platform(tmp_path):
    remote, items = FakePlatform(faults=["rate-limited"]), [article(1), article(2)]
    result = run(remote, tmp_path, items)
    assert result.counts == {"rate-limited": 1, "deferred": 1}
    assert remote.requests == 1 and remote.timeline == []


def test_permanent_refusal_is_failed_and_not_retried(tmp_path):
    remote, item = FakePlatform(faults=["permanent"]), article()
    assert run(remote, tmp_path, [item]).counts == {"failed": 1}
    assert run(remote, tmp_path, [item]).counts == {"failed": 1}
    assert remote.requests == 1
    assert state(tmp_path, item)["retryable"] is False


def test_unknown_fault_names_are_rejected():
    with pytest.raises(ValueError, match="crash-during"):
        FakePlatform(faults=["crash-during"])


@pytest.mark.parametrize("seed", range(25))
def test_seeded_fault_schedule_posts_every_article_exactly_once(tmp_path, seed):
    rnd = random.Random(seed)
    items = [article(n) for n in range(1, 4)]
    faults = [rnd.choice([*FAULTS, None, None]) for _ in range(12)]
    faults = [f for f in faults if f not in ("auth", "permanent", "rate-limited")]
    listing = [rnd.choice(["transient", None, None, None]) for _ in range(12)]
    remote = FakePlatform(faults=faults, listing_faults=listing)
    for _ in range(30):
        try:
            run(remote, tmp_path, items)
        except SimulatedCrash:
            continue
        if all(state(tmp_path, item).get("state") == "done" for item in items):
            break
    for item in items:
        assert len(remote.posts_for(item.url)) == 1, (seed, faults)
        assert state(tmp_path, item)["state"] == "done", (seed, faults)
