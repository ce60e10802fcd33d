"""The orchestrator: manifest − ledger = work; post each item once.

It knows no platform detail: composing is ``composer``, talking is an
``Adapter``, remembering is the ``Ledger``. Exactly-once rests on three rules:
``pending`` is written before any request and ``done`` right after; an item
with an earlier unfinished attempt is first looked for on the platform
(reconciled) before it is posted again; and one run at a time (``LedgerLock``).
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import requests

from syndicate.composer import Post, compose, skip_reason
from syndicate.contract import Action, LedgerState, Manifest, ManifestArticle, Outcome
from syndicate.errors import (
    AccountError,
    Duplicate,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
    redact,
)
from syndicate.ledger import Ledger, iso, now
from syndicate.policy import RetryPolicy
from syndicate.redact import clip, register_env
from syndicate.settings import PLATFORM_LABELS, PLATFORMS, SECRETS, Settings

# Test hook for the fault-injection suite: "point:n" kills the process (os._exit)
# the n-th time it reaches ``point``: after-pending (ledger written, request not
# sent) or after-request (post made, ``done`` not written).
CRASH_ENV = "SYNDICATE_TEST_CRASH"


@dataclass
class Item:
    article: ManifestArticle
    platform: str
    action: Action
    reason: str = ""
    post: Post | None = None
    entry: dict | None = None


@dataclass
class RunResult:
    counts: Counter = field(default_factory=Counter)
    by_platform: dict[str, Counter] = field(default_factory=dict)
    auth_errors: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def add(self, platform: str, outcome: str) -> None:
        self.counts[outcome] += 1
        self.by_platform.setdefault(platform, Counter())[outcome] += 1


class CrashHook:
    def __init__(self, spec: str | None) -> None:
        self.point, self.at, self.seen = None, 0, 0
        if spec:
            point, _, count = spec.partition(":")
            self.point, self.at = point, int(count or 1)

    def __call__(self, point: str) -> None:
        if point == self.point:
            self.seen += 1
            if self.seen == self.at:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(137)


class Engine:
    def __init__(
        self,
        manifest: Manifest,
        settings: Settings,
        ledger: Ledger,
        *,
        env=None,
        adapter_factory=None,
        out=print,
        sleep=time.sleep,
    ) -> None:
        self.manifest = manifest
        self.settings = settings
        self.ledger = ledger
        self.env = os.environ if env is None else env
        self.out = out
        self.sleep = sleep
        self.policy = RetryPolicy(
            settings.retry_attempts, settings.retry_base_seconds, settings.retry_max_seconds
        )
        if adapter_factory is None:
            from syndicate.adapters import adapter_for

            adapter_factory = adapter_for
        self.adapter_factory = adapter_factory
        self.crash = CrashHook(self.env.get(CRASH_ENV))
        self._adapters: dict = {}
        self._secrets = [self.env.get(n, "") for names in SECRETS.values() for n in names]
        register_env(self.env)

    # --- planning (no network) --------------------------------------------

    def since(self) -> date | None:
        return date.fromisoformat(str(self.settings.since)[:10]) if self.settings.since else None

    def initialised(self) -> bool:
        return bool(self.settings.since) or self.ledger.baseline() is not None

    def plan(
        self, *, only_platform: str | None = None, only_article: str | None = None
    ) -> list[Item]:
        self.ledger.load_all()
        since = self.since()
        started = self.initialised()
        moment = now()
        items = []
        articles = sorted(self.manifest.articles, key=lambda a: (a.date, a.id))
        for article in articles:
            if only_article and article.id != only_article:
                continue
            for platform in PLATFORMS:
                if only_platform and platform != only_platform:
                    continue
                items.append(self._decide(article, platform, since, started, moment))
        return items

    def _decide(self, article, platform, since, started, moment) -> Item:
        entry = self.ledger.entry(article.id, platform) or {}
        state = entry.get("state")
        if state == LedgerState.DONE:
            return Item(article, platform, Action.DONE, entry.get("url", ""), entry=entry)
        if state == LedgerState.SKIPPED:
            return Item(article, platform, Action.SKIP, entry.get("reason", ""), entry=entry)
        if article.withdrawn is not None and not state:
            withdrawn = "artikel ditarik (Status: ditarik): tidak dibagikan"
            return Item(article, platform, Action.SKIP, withdrawn, None, entry)
        # Composing (twitter-text counting) is left for preview and publish:
        # planning 2,000 articles only needs to know whether a platform applies.
        post = None
        reason = skip_reason(article, platform, self.settings)
        if reason:
            return Item(article, platform, Action.SKIP, reason, None, entry)
        if since and article.date.date() < since:
            reason = f"terbit sebelum SYNDICATE_SINCE={since.isoformat()}"
            return Item(article, platform, Action.SKIP, reason, post, entry)
        if self._too_old(article, moment) and not (entry or {}).get("admin_retry"):
            reason = (
                f"terbit lebih dari {self.settings.max_age_days} hari lalu "
                "(SYNDICATE_MAX_AGE_DAYS): tidak dikirim otomatis; kirim dengan "
                f"`syndicate retry --article {article.id} --platform {platform}`"
            )
            return Item(article, platform, Action.SKIP, reason, post, entry)
        if not started:
            reason = "belum ada baseline: jalankan `syndicate baseline` atau atur SYNDICATE_SINCE"
            return Item(article, platform, Action.BLOCKED, reason, post, entry)
        if state == LedgerState.FAILED:
            if not entry.get("retryable", True):
                return Item(article, platform, Action.FAILED, entry.get("error", ""), post, entry)
            next_try = entry.get("next_try")
            if next_try and datetime.fromisoformat(next_try) > moment:
                reason = f"ditunda sampai {next_try}: {entry.get('error', '')}"
                return Item(article, platform, Action.DEFER, reason, post, entry)
            return Item(
                article,
                platform,
                Action.RECONCILE,
                "percobaan sebelumnya belum tuntas",
                post,
                entry,
            )
        if state == LedgerState.PENDING:
            reason = "percobaan sebelumnya terputus: cek platform dulu"
            return Item(article, platform, Action.RECONCILE, reason, post, entry)
        if self.settings.paused:
            return Item(article, platform, Action.DEFER, "dijeda (SYNDICATE_PAUSED)", post, entry)
        return Item(article, platform, Action.POST, "", post, entry)

    def _too_old(self, article, moment) -> bool:
        """The flood guard: it holds even when the ledger was lost or never pushed."""
        published = article.date if article.date.tzinfo else article.date.astimezone()
        return published < moment - timedelta(days=self.settings.max_age_days)

    # --- adapters ---------------------------------------------------------

    def adapter(self, platform: str):
        if platform not in self._adapters:
            self._adapters[platform] = self.adapter_factory(
                platform, self.settings, env=self.env, base_dir=self.manifest.base_dir
            )
        return self._adapters[platform]

    def safe(self, text: str) -> str:
        return redact(str(text), self._secrets)

    # --- publishing -------------------------------------------------------

    def publish(self, items: list[Item]) -> RunResult:  # noqa: C901 - the run loop: each way a platform is held back is one visible branch
        result = RunResult()
        work = [item for item in items if item.action in (Action.POST, Action.RECONCILE)]
        for item in items:
            if item.action in (Action.DEFER, Action.FAILED, Action.BLOCKED):
                result.add(
                    item.platform,
                    Outcome.DEFERRED if item.action == Action.DEFER else Outcome(item.action),
                )
        blocked: dict[str, str] = {}
        checked: set[str] = set()
        live: dict[str, str | None] = {}
        total = len(work)
        for index, item in enumerate(work, 1):
            platform, article = item.platform, item.article
            prefix = f"[{index}/{total}] {PLATFORM_LABELS[platform]:<9} {article.id}"
            if platform in blocked:
                result.add(platform, Outcome.DEFERRED)
                self.out(f"{prefix}: ditunda ({blocked[platform]})")
                continue
            adapter = self.adapter(platform)
            if platform not in checked:
                checked.add(platform)
                try:
                    adapter.check_credentials()
                    adapter.check_limits()
                except AccountError as exc:
                    blocked[platform] = "kredensial"
                    result.auth_errors[platform] = self.safe(exc.message)
                    result.add(platform, Outcome.AUTH)
                    self.out(f"{prefix}: GAGAL KREDENSIAL: {self.safe(exc.message)}")
                    continue
                except (RateLimited, TransientError) as exc:
                    blocked[platform] = self.safe(exc.message)
                    result.add(platform, Outcome.DEFERRED)
                    self.out(f"{prefix}: ditunda ({self.safe(exc.message)})")
                    continue
            if self.settings.check_live:
                if article.id not in live:
                    live[article.id] = self.check_live(article.url)
                if live[article.id]:
                    result.add(platform, Outcome.DEFERRED)
                    self.out(f"{prefix}: ditunda, {live[article.id]}")
                    continue
            if item.post is None:
                item.post = compose(article, platform, self.settings)
            if item.post.action == Action.SKIP:
                result.add(platform, Outcome.SKIPPED)
                self.out(f"{prefix}: dilewati, {item.post.reason}")
                continue
            outcome, detail = self.process(item, adapter)
            result.add(platform, outcome)
            self.out(f"{prefix}: {outcome} {detail}".rstrip())
            if outcome == Outcome.AUTH:
                blocked[platform] = "kredensial"
                result.auth_errors[platform] = detail
            elif outcome == Outcome.RATE_LIMITED:
                blocked[platform] = "batas kuota/laju platform"
            elif outcome == Outcome.FAILED:
                result.failures.append(f"{platform} {article.id}: {detail}")
        return result

    def check_live(self, url: str) -> str | None:
        """None when the article answers 200, else why it is not live yet."""
        try:
            response = requests.get(url, timeout=min(10.0, self.settings.http_timeout), stream=True)
            response.close()
        except requests.RequestException as exc:
            return f"halaman belum bisa dibuka ({type(exc).__name__})"
        if response.status_code != 200:
            return f"halaman belum tayang (HTTP {response.status_code})"
        return None

    def process(self, item: Item, adapter) -> tuple[str, str]:
        article, platform, post = item.article, item.platform, item.post
        entry = item.entry or {}
        attempts = int(entry.get("attempts", 0))
        # A clear refusal from an adapter whose creating request is its last
        # step posted nothing: only an uncertain failure needs a look.
        needs_check = entry.get("state") == LedgerState.PENDING or (
            entry.get("state") == LedgerState.FAILED and entry.get("uncertain", True)
        )
        # A brand-new item is still compared with this run's listing of recent
        # posts, read once per platform: a ledger commit that never landed
        # (cancelled workflow, failed push) must not turn into a second post.
        cheap_check = not needs_check and self.settings.reconcile_new
        refusals_final = adapter.refusals_are_final
        for attempt in range(1, self.policy.attempts + 1):
            if needs_check or cheap_check:
                try:
                    found = adapter.find_existing(post, fresh=not cheap_check)
                except AccountError as exc:
                    return Outcome.AUTH, self.safe(exc.message)
                except PlatformError as exc:
                    if cheap_check:
                        # Posting never depends on reading the timeline: the
                        # ledger says this item was never tried, so post it.
                        self.out(
                            f"  catatan {platform}: daftar post tidak terbaca "
                            f"({self.safe(exc.message)}); diputuskan dari ledger saja"
                        )
                        cheap_check = False
                        found = None
                    else:
                        # Unknown whether the last attempt posted: do not risk a duplicate.
                        self._fail(article, platform, attempts, exc, retryable=True, delay=0)
                        return Outcome.DEFERRED, f"rekonsiliasi gagal: {self.safe(exc.message)}"
                if found:
                    self._done(article, platform, attempts, found, reconciled=True)
                    return Outcome.RECONCILED, found.url
                cheap_check = False
            attempts += 1
            self.ledger.set(
                article.id,
                platform,
                article.url,
                state=LedgerState.PENDING,
                attempts=attempts,
                started=iso(now()),
                error=None,
                next_try=None,
            )
            self.crash("after-pending")
            self._offer_upload_session(adapter, article, platform)
            try:
                published = adapter.publish(post)
            except Duplicate as exc:
                needs_check = True
                if attempt == self.policy.attempts:
                    self._fail(article, platform, attempts, exc, retryable=True, delay=0)
                    return Outcome.DEFERRED, self.safe(exc.message)
                continue
            except TransientError as exc:
                needs_check = True
                if attempt == self.policy.attempts:
                    self._fail(article, platform, attempts, exc, retryable=True, delay=0)
                    return Outcome.DEFERRED, self.safe(exc.message)
                self.sleep(
                    min(self.policy.delay(attempt, exc.retry_after), self.policy.max_seconds)
                )
                continue
            except RateLimited as exc:
                self._fail(
                    article,
                    platform,
                    attempts,
                    exc,
                    retryable=True,
                    delay=exc.retry_after or 0,
                    uncertain=not refusals_final,
                )
                return Outcome.RATE_LIMITED, self.safe(exc.message)
            except AccountError as exc:
                # The account needs the admin; the article itself is fine.
                self._fail(
                    article,
                    platform,
                    attempts,
                    exc,
                    retryable=True,
                    delay=0,
                    uncertain=not refusals_final,
                )
                return Outcome.AUTH, self.safe(exc.message)
            except PermanentError as exc:
                self._fail(
                    article,
                    platform,
                    attempts,
                    exc,
                    retryable=False,
                    delay=0,
                    uncertain=not refusals_final,
                )
                return Outcome.FAILED, self.safe(exc.message)
            self.crash("after-request")
            # published.extra: what the platform said about the post (e.g. YouTube's uploadStatus).
            self._done(article, platform, attempts, published, **published.extra)
            extra = adapter.after_done(post, published)
            if extra:
                self._done(article, platform, attempts, published, **published.extra, **extra)
            return Outcome.POSTED, published.url
        return Outcome.DEFERRED, ""

    def _offer_upload_session(self, adapter, article, platform) -> None:
        """Let the adapter resume an upload session an earlier run left in the ledger."""
        entry = self.ledger.entry(article.id, platform) or {}
        adapter.resume_session = entry.get("upload_session")
        adapter.save_session = lambda session: self.ledger.annotate(
            article.id, platform, upload_session=session
        )

    def _done(self, article, platform, attempts, published, reconciled=False, **extra) -> None:
        self.ledger.set(
            article.id,
            platform,
            article.url,
            state=LedgerState.DONE,
            post_id=published.post_id,
            url=published.url,
            attempts=attempts,
            posted=iso(now()),
            reconciled=True if reconciled else None,
            error=None,
            next_try=None,
            retryable=None,
            **extra,
        )

    def _fail(
        self, article, platform, attempts, exc, *, retryable: bool, delay: float, uncertain=True
    ) -> None:
        next_try = iso(now() + timedelta(seconds=delay)) if delay else None
        self.ledger.set(
            article.id,
            platform,
            article.url,
            state=LedgerState.FAILED,
            attempts=attempts,
            error=clip(self.safe(exc.message), 500),
            retryable=retryable,
            next_try=next_try,
            uncertain=uncertain,
        )

    # --- corrections and withdrawals (syndicate/followups.py) -----------------

    def plan_followups(
        self,
        *,
        only_platform: str | None = None,
        only_article: str | None = None,
        withdrawals: dict | None = None,
    ):
        from syndicate.followups import plan_followups

        self.ledger.load_all()
        return plan_followups(
            self.manifest.articles,
            self.ledger,
            max_age_days=self.settings.max_age_days,
            paused=self.settings.paused,
            only_article=only_article,
            only_platform=only_platform,
            withdrawals=withdrawals,
        )

    def publish_followups(self, items, result: RunResult | None = None) -> RunResult:
        from syndicate.followups import FollowUpRunner

        result = result or RunResult()
        FollowUpRunner(self).run(items, result, self.out)
        return result

    # --- baseline ---------------------------------------------------------

    def baseline(self) -> int:
        self.ledger.load_all()
        marked = 0
        for article in self.manifest.articles:
            for platform in PLATFORMS:
                if self.ledger.entry(article.id, platform):
                    continue
                if skip_reason(article, platform, self.settings):
                    continue
                self.ledger.set(
                    article.id,
                    platform,
                    article.url,
                    state=LedgerState.SKIPPED,
                    reason="baseline: sudah terbit sebelum syndication dimulai",
                )
                marked += 1
        self.ledger.write_baseline(len(self.manifest.articles))
        return marked
