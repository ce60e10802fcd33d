"""Corrections and withdrawals carried to the posts already made, exactly once.

A change note (``ChangeNote:``) is a correction followers must hear about; a
note-less edit (a typo) is not. ``Status: withdrawn`` is a withdrawal. Either
becomes one follow-up per platform the article went to, keyed in the ledger by
(article, platform, change id) (``syndicate.contract.LedgerRecord.followups``)
and run with the posts' discipline: ``pending`` before the request, ``done``
right after, and an unfinished attempt is first looked for on the platform
(``Adapter.followup_exists``) before it is tried again.

What each platform gets (why: docs/corrections.md):

| | correction | withdrawal |
|---|---|---|
| Facebook | the post's message is edited | the post is deleted |
| Instagram | a comment (captions cannot be edited) | a comment (media cannot be deleted) |
| X | a reply (no edit endpoint) | the post is deleted |
| YouTube | the description is edited | the video is made private |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from plugins.indonesian_dates import nama_bulan
from syndicate.composer import truncate_words, weighted_length
from syndicate.contract import (
    WITHDRAWAL_CHANGE_ID,
    Action,
    FollowUpAction,
    FollowUpKind,
    LedgerState,
    ManifestArticle,
    Outcome,
    Platform,
)
from syndicate.errors import (
    AccountError,
    Duplicate,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
)
from syndicate.ledger import iso, now
from syndicate.redact import clip

ACTIONS: dict[FollowUpKind, dict[str, FollowUpAction]] = {
    FollowUpKind.CORRECTION: {
        Platform.FACEBOOK: FollowUpAction.EDIT,
        Platform.INSTAGRAM: FollowUpAction.COMMENT,
        Platform.X: FollowUpAction.REPLY,
        Platform.YOUTUBE: FollowUpAction.EDIT,
    },
    FollowUpKind.WITHDRAWAL: {
        Platform.FACEBOOK: FollowUpAction.DELETE,
        Platform.INSTAGRAM: FollowUpAction.COMMENT,
        Platform.X: FollowUpAction.DELETE,
        Platform.YOUTUBE: FollowUpAction.PRIVATE,
    },
}

# What the APIs cannot do, for the admin's checklist (docs/corrections.md).
MANUAL_STEPS: dict[FollowUpKind, dict[str, str]] = {
    FollowUpKind.CORRECTION: {
        Platform.INSTAGRAM: (
            "keterangan (caption) tidak bisa diubah lewat API; koreksi dikirim sebagai "
            "komentar. Bila perlu, ubah keterangannya di aplikasi Instagram: {url}"
        ),
        Platform.X: (
            "X tidak punya endpoint untuk mengubah post; koreksi dikirim sebagai balasan. "
            "Bila perlu, sematkan balasannya di profil: {url}"
        ),
    },
    FollowUpKind.WITHDRAWAL: {
        Platform.INSTAGRAM: (
            "Instagram tidak mengizinkan menghapus post lewat API; pemberitahuan penarikan "
            "dikirim sebagai komentar. Arsipkan atau hapus post di aplikasi Instagram: {url}"
        ),
        Platform.YOUTUBE: (
            "video dijadikan privat, tidak dihapus. Hapus di YouTube Studio bila memang "
            "perlu: https://studio.youtube.com/video/{post_id}/edit"
        ),
        Platform.FACEBOOK: (
            "post dihapus; salinan yang sudah dibagikan ulang orang lain tidak ikut terhapus. "
            "Periksa dan beri tanggapan di Meta Business Suite: "
            "https://business.facebook.com/latest/content_calendar"
        ),
        Platform.X: (
            "post dihapus; kutipan (quote) oleh akun lain tetap ada. Periksa mention di "
            "https://x.com/notifications/mentions"
        ),
    },
}


def tanggal(moment: datetime) -> str:
    """ "25 November 2026", with the site's month names (Babel's CLDR data)."""
    return f"{moment.day} {nama_bulan(moment.month)} {moment.year}"


@dataclass(frozen=True)
class FollowUpPost:
    """One follow-up as the adapter sees it: what to do to which post, and the text."""

    platform: str
    kind: FollowUpKind
    action: FollowUpAction
    change_id: str
    target: str  # the post id the ledger recorded
    target_url: str
    article_url: str
    note: str
    text: str  # the line added (edit), or the comment/reply; "" for delete/private


def compose_followup(
    article: ManifestArticle,
    platform: str,
    kind: FollowUpKind,
    change_id: str,
    date: datetime,
    note: str,
    post_entry: dict,
) -> FollowUpPost:
    action = ACTIONS[kind][platform]
    if kind == FollowUpKind.CORRECTION:
        line = f"Diperbarui {tanggal(date)}: {note}"
    else:
        line = f"Artikel ini ditarik pada {tanggal(date)}: {note}"
    text = ""
    if action == FollowUpAction.REPLY:
        limit = Platform.X.limits.text - 24  # the link counts 23, plus a space
        text = f"{truncate_words(line, limit, weighted_length)} {article.url}"
    elif action == FollowUpAction.COMMENT:
        text = f"{line} {article.url}"
    elif action == FollowUpAction.EDIT:
        text = line.replace("<", "‹").replace(">", "›")
    return FollowUpPost(
        platform=platform,
        kind=kind,
        action=action,
        change_id=change_id,
        target=str(post_entry.get("post_id", "")),
        target_url=str(post_entry.get("url", "")),
        article_url=article.url,
        note=note,
        text=text,
    )


@dataclass
class FollowUpItem:
    article: ManifestArticle
    post: FollowUpPost
    action: Action
    reason: str = ""
    entry: dict | None = None

    @property
    def platform(self) -> str:
        return self.post.platform


def plan_followups(
    articles: list[ManifestArticle],
    ledger,
    *,
    max_age_days: int,
    paused: bool,
    moment: datetime | None = None,
    only_article: str | None = None,
    only_platform: str | None = None,
    withdrawals: dict[str, tuple[datetime, str]] | None = None,
) -> list[FollowUpItem]:
    """Every follow-up due, from the manifest's history and the ledger.

    ``withdrawals`` lets ``syndicate withdraw`` withdraw an article the
    manifest does not mark yet: {article id: (date, note)}."""
    moment = moment or now()
    items: list[FollowUpItem] = []
    for article in articles:
        if only_article and article.id != only_article:
            continue
        record = ledger.record(article.id) or {}
        withdrawal = (withdrawals or {}).get(article.id)
        if withdrawal is None and article.withdrawn is not None:
            withdrawal = (article.withdrawn.date, article.withdrawn.note)
        for platform, post_entry in sorted((record.get("platforms") or {}).items()):
            if only_platform and platform != only_platform:
                continue
            if post_entry.get("state") != LedgerState.DONE or not post_entry.get("post_id"):
                continue  # never posted: nothing to follow up
            if withdrawal is not None:
                date, note = withdrawal
                post = compose_followup(
                    article,
                    platform,
                    FollowUpKind.WITHDRAWAL,
                    WITHDRAWAL_CHANGE_ID,
                    date,
                    note,
                    post_entry,
                )
                items.append(_decide(article, post, record, paused, moment, max_age_days, None))
                continue  # correcting a withdrawn post is moot
            posted = _parse(post_entry.get("posted"))
            for change in article.changes:
                if posted is not None and _aware(change.date) <= posted:
                    continue  # the post already carried the corrected text
                post = compose_followup(
                    article,
                    platform,
                    FollowUpKind.CORRECTION,
                    change.id,
                    change.date,
                    change.note,
                    post_entry,
                )
                items.append(
                    _decide(article, post, record, paused, moment, max_age_days, change.date)
                )
    return items


def _decide(article, post, record, paused, moment, max_age_days, change_date) -> FollowUpItem:
    entry = ((record.get("followups") or {}).get(post.change_id) or {}).get(post.platform) or {}
    state = entry.get("state")
    if state == LedgerState.DONE:
        return FollowUpItem(article, post, Action.DONE, entry.get("url", ""), entry)
    if state == LedgerState.SKIPPED:
        return FollowUpItem(article, post, Action.SKIP, entry.get("reason", ""), entry)
    if (
        not state
        and change_date is not None
        and _aware(change_date) < moment - timedelta(days=max_age_days)
    ):
        reason = f"catatan lebih dari {max_age_days} hari lalu (SYNDICATE_MAX_AGE_DAYS)"
        return FollowUpItem(article, post, Action.SKIP, reason, entry)
    if state == LedgerState.FAILED:
        if not entry.get("retryable", True):
            return FollowUpItem(article, post, Action.FAILED, entry.get("error", ""), entry)
        next_try = _parse(entry.get("next_try"))
        if next_try and next_try > moment:
            return FollowUpItem(article, post, Action.DEFER, f"ditunda sampai {next_try}", entry)
        return FollowUpItem(article, post, Action.RECONCILE, "percobaan belum tuntas", entry)
    if state == LedgerState.PENDING:
        return FollowUpItem(article, post, Action.RECONCILE, "percobaan terputus", entry)
    if paused:
        return FollowUpItem(article, post, Action.DEFER, "dijeda (SYNDICATE_PAUSED)", entry)
    return FollowUpItem(article, post, Action.POST, "", entry)


def _parse(value) -> datetime | None:
    if not value:
        return None
    try:
        return _aware(datetime.fromisoformat(str(value)))
    except ValueError:
        return None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.astimezone()


class FollowUpRunner:
    """Runs planned follow-ups through the engine's adapters, ledger and crash hook."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.ledger = engine.ledger

    def run(self, items: list[FollowUpItem], result, out: Callable[[str], None]) -> None:
        work = [i for i in items if i.action in (Action.POST, Action.RECONCILE)]
        for item in items:
            if item.action in (Action.DEFER, Action.FAILED):
                held = Outcome.DEFERRED if item.action == Action.DEFER else Outcome.FAILED
                result.add(item.platform, held)
        blocked: dict[str, str] = {}
        for index, item in enumerate(work, 1):
            post = item.post
            label = "koreksi" if post.kind == FollowUpKind.CORRECTION else "penarikan"
            prefix = (
                f"[{label} {index}/{len(work)}] {Platform(post.platform).label:<9} "
                f"{item.article.id} {post.change_id}"
            )
            if post.platform in blocked:
                result.add(post.platform, Outcome.DEFERRED)
                out(f"{prefix}: ditunda ({blocked[post.platform]})")
                continue
            adapter = self.engine.adapter(post.platform)
            outcome, detail = self.process(item, adapter)
            result.add(post.platform, outcome)
            out(f"{prefix}: {outcome} {post.action} {detail}".rstrip())
            if outcome == Outcome.AUTH:
                blocked[post.platform] = "kredensial"
                result.auth_errors[post.platform] = detail
            elif outcome == Outcome.RATE_LIMITED:
                blocked[post.platform] = "batas kuota/laju platform"
            elif outcome == Outcome.FAILED:
                result.failures.append(f"{post.platform} {item.article.id} {post.change_id}")

    def process(self, item: FollowUpItem, adapter) -> tuple[str, str]:
        post, article = item.post, item.article
        entry = item.entry or {}
        attempts = int(entry.get("attempts", 0))
        needs_check = entry.get("state") == LedgerState.PENDING or (
            entry.get("state") == LedgerState.FAILED and entry.get("uncertain", True)
        )
        safe = self.engine.safe
        policy = self.engine.policy
        for attempt in range(1, policy.attempts + 1):
            if needs_check:
                try:
                    found = adapter.followup_exists(post)
                except AccountError as exc:
                    return Outcome.AUTH, safe(exc.message)
                except PlatformError as exc:
                    # Unknown whether the last attempt landed: never risk a second one.
                    self._fail(article, post, attempts, exc, retryable=True)
                    return Outcome.DEFERRED, f"rekonsiliasi gagal: {safe(exc.message)}"
                if found is not None:
                    self._done(article, post, attempts, found, reconciled=True)
                    return Outcome.RECONCILED, found.url
            attempts += 1
            self._record(
                article,
                post,
                LedgerState.PENDING,
                attempts=attempts,
                started=iso(now()),
                error=None,
                next_try=None,
            )
            self.engine.crash("after-pending")
            try:
                done = adapter.perform_followup(post)
            except (Duplicate, TransientError) as exc:
                needs_check = True
                if attempt == policy.attempts:
                    self._fail(article, post, attempts, exc, retryable=True)
                    return Outcome.DEFERRED, safe(exc.message)
                self.engine.sleep(
                    min(
                        policy.delay(attempt, getattr(exc, "retry_after", None)), policy.max_seconds
                    )
                )
                continue
            except RateLimited as exc:
                self._fail(article, post, attempts, exc, retryable=True, delay=exc.retry_after)
                return Outcome.RATE_LIMITED, safe(exc.message)
            except AccountError as exc:
                self._fail(article, post, attempts, exc, retryable=True)
                return Outcome.AUTH, safe(exc.message)
            except PermanentError as exc:
                self._fail(article, post, attempts, exc, retryable=False)
                return Outcome.FAILED, safe(exc.message)
            self.engine.crash("after-request")
            self._done(article, post, attempts, done)
            return Outcome.POSTED, done.url
        return Outcome.DEFERRED, ""

    def _record(self, article, post, state: LedgerState, **fields) -> None:
        """One ledger write for this follow-up: who it is, then what changed."""
        self.ledger.set_followup(
            article.id,
            post.change_id,
            post.platform,
            article.url,
            state=state,
            kind=post.kind,
            action=post.action,
            target=post.target,
            note=post.note,
            **fields,
        )

    def _done(self, article, post, attempts, published, reconciled=False) -> None:
        self._record(
            article,
            post,
            LedgerState.DONE,
            result_id=published.post_id if published.post_id != post.target else None,
            url=published.url or None,
            attempts=attempts,
            done=iso(now()),
            reconciled=True if reconciled else None,
            error=None,
            next_try=None,
            retryable=None,
            uncertain=None,
        )

    def _fail(self, article, post, attempts, exc, *, retryable: bool, delay=None) -> None:
        self._record(
            article,
            post,
            LedgerState.FAILED,
            attempts=attempts,
            error=clip(self.engine.safe(exc.message), 500),
            retryable=retryable,
            next_try=iso(now() + timedelta(seconds=delay)) if delay else None,
            uncertain=True,
        )


def manual_checklist(article_id: str, ledger) -> list[str]:
    """What the admin still has to do by hand for this article's follow-ups,
    with direct links (the APIs cannot do it)."""
    record = ledger.record(article_id) or {}
    lines = []
    for change_id, per_platform in sorted((record.get("followups") or {}).items()):
        for platform, entry in sorted(per_platform.items()):
            steps = MANUAL_STEPS.get(FollowUpKind(entry["kind"]), {})
            if platform not in steps:
                continue
            post = (record.get("platforms") or {}).get(platform) or {}
            # The reply or comment made, else the post itself.
            url = entry.get("url") or post.get("url", "")
            text = steps[platform].format(url=url, post_id=post.get("post_id", ""))
            lines.append(f"[ ] {Platform(platform).label} ({change_id}): {text}")
    return lines
