"""X: a post with one image and its alt text (tweepy 4.17 plus the v2 media upload).

- POST /2/tweets through ``tweepy.Client.create_tweet``
- POST /2/media/upload and /2/media/metadata directly, signed with tweepy's
  OAuth 1.0a handler (tweepy has only the deprecated v1.1 upload)
- GET /2/users/{id}/tweets for reconciliation (``entities.urls[].expanded_url``,
  since X rewrites links to t.co), paged with ``pagination_token``
- Corrections: X has no edit endpoint for the API, so a reply, POST /2/tweets
  with ``reply.in_reply_to_tweet_id`` (``create_tweet(in_reply_to_tweet_id=)``);
  withdrawals: DELETE /2/tweets/:id (``Client.delete_tweet``), reconciled by
  GET /2/tweets/:id answering a "Not Found Error" (docs/corrections.md)

One host, ``SYNDICATE_X_BASE_URL`` (``https://api.x.com``), for posts and
uploads. tweepy 4.17 hard-codes ``host = "https://api.twitter.com"`` in
``BaseClient.request`` (tweepy/client.py) and hands ``host + route`` to
``self.session.request`` with an OAuth1 ``auth``; requests signs the URL in
``prepare_request``, before the transport. ``syndicate.transport.BaseUrlSession``
rewrites the host in ``request()``, so the signature covers exactly the URL that is sent. (A
transport adapter that rewrites after signing sends a request signed for
another host, which X answers with 401.)

Every call is an ``XRequest`` (data) sent by one performer, ``XAdapter.send``:
a preview shows the request, a publish sends that same request, signed with
tweepy's OAuth 1.0a handler over the rebasing session. ``create_tweet``'s
body is the one ``tweepy.Client.create_tweet`` builds (tweepy/client.py:
``{"text": ..., "media": {"media_ids": [...]}}``), sent as JSON to /2/tweets.

Errors are mapped by tweepy's exception types, raised for every call
(``raise_for_response`` is tweepy's own status mapping): ``Unauthorized``
(401), ``Forbidden`` (403: duplicate content, or an app without write
permission), ``TooManyRequests`` (429), ``TwitterServerError``
(5xx) and ``HTTPException`` with status 402 (pay-per-use credits depleted).
"""

from __future__ import annotations

import html
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
import tweepy

from syndicate.adapters.base import Adapter, Published
from syndicate.composer import Post
from syndicate.contract import FollowUpAction
from syndicate.errors import (
    AccountError,
    AuthError,
    Duplicate,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
)
from syndicate.redact import clip
from syndicate.transport import BaseUrlSession

# The host tweepy.Client builds its URLs with (tweepy/client.py, BaseClient.request).
KEYS = (
    "SYNDICATE_X_CONSUMER_KEY",
    "SYNDICATE_X_CONSUMER_SECRET",
    "SYNDICATE_X_ACCESS_TOKEN",
    "SYNDICATE_X_ACCESS_TOKEN_SECRET",
)
# A t.co link, as X puts in returned text for every URL and for attached media.
TCO = re.compile(r"https?://t\.co/\w+")

# tweepy and oauthlib log request headers (OAuth tokens) at DEBUG: never let them.
for _name in ("tweepy", "requests_oauthlib", "oauthlib"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class ReadUnavailable(PlatformError):
    """The timeline cannot be read (plan without reads, 429, monthly cap).

    Posting does not depend on it: the engine falls back to the ledger."""


class XClient(tweepy.Client):
    """tweepy.Client talking to one configured host (``api.x.com``)."""

    def __init__(self, *args, base_url: str = "https://api.x.com", timeout: float = 30.0, **kw):
        super().__init__(*args, **kw)
        # Rebased before signing: the signature covers exactly the URL sent.
        self.session = BaseUrlSession(base_url, timeout)


def normalize_text(text: str) -> str:
    """Text as comparable across X's rewriting: entities unescaped, t.co links
    dropped, whitespace collapsed; URLs are compared separately."""
    text = TCO.sub(" ", html.unescape(text or ""))
    text = re.sub(r"https?://\S+", " ", text)
    return " ".join(text.split())


def raise_for_response(response: requests.Response) -> None:
    """tweepy's own status-to-exception mapping (tweepy/client.py), for direct calls."""
    status = response.status_code
    if 200 <= status < 300:
        return
    for code, cls in (
        (400, tweepy.BadRequest),
        (401, tweepy.Unauthorized),
        (403, tweepy.Forbidden),
        (404, tweepy.NotFound),
        (429, tweepy.TooManyRequests),
    ):
        if status == code:
            raise cls(response)
    if status >= 500:
        raise tweepy.TwitterServerError(response)
    raise tweepy.HTTPException(response)


def _problem_type(response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("type") or "") if isinstance(body, dict) else ""


@dataclass(frozen=True)
class XRequest:
    """One X call, as data: a preview shows it, a publish sends it."""

    method: str
    route: str  # "/2/tweets", on SYNDICATE_X_BASE_URL
    json: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    # The public address of a file sent as the multipart field "media".
    upload: str | None = None

    def describe(self, base: str) -> dict[str, Any]:
        out: dict[str, Any] = {"method": self.method, "url": base + self.route}
        if self.upload is not None:
            out["files"] = {"media": self.upload}
        if self.data is not None:
            out["data"] = self.data
        if self.json is not None:
            out["json"] = self.json
        return out


class XAdapter(Adapter):
    platform = "x"
    label = "X"
    # create_tweet is the last step; uploads before it post nothing.
    refusals_are_final = True

    def __init__(self, settings, **kwargs) -> None:
        super().__init__(settings, **kwargs)
        self._client: XClient | None = None
        self._user_id = settings.x_user_id

    @property
    def base(self) -> str:
        return self.settings.x_base_url.rstrip("/")

    @property
    def client(self) -> XClient:
        if self._client is None:
            key, secret, token, token_secret = (self.secret(name) for name in KEYS)
            self._client = XClient(
                consumer_key=key,
                consumer_secret=secret,
                access_token=token,
                access_token_secret=token_secret,
                base_url=self.base,
                timeout=self.settings.http_timeout,
            )
        return self._client

    def _auth(self):
        return tweepy.OAuth1UserHandler(*(self.secret(name) for name in KEYS)).apply_auth()

    def _run(self, post: Post, call) -> Published:
        media_ids = []
        for image in post.media[:1]:
            upload = XRequest(
                "POST", "/2/media/upload", data={"media_category": "tweet_image"}, upload=image.url
            )
            media_id = self.step(call, "upload_media", upload)
            if image.alt:
                body = {"id": media_id, "metadata": {"alt_text": {"text": image.alt}}}
                self.step(call, "alt_text", XRequest("POST", "/2/media/metadata", json=body))
            media_ids.append(str(media_id))
        tweet: dict[str, Any] = {"text": post.text}
        if media_ids:
            tweet["media"] = {"media_ids": media_ids}
        tweet_id = self.step(call, "create_tweet", XRequest("POST", "/2/tweets", json=tweet))
        return Published(str(tweet_id), f"https://x.com/{self._handle()}/status/{tweet_id}")

    def step(self, call, step: str, request: XRequest) -> Any:
        """The one performer of the X family: ``call`` gets the request's
        description and a function that sends that same request and returns
        the new object's id (``data.id``)."""

        def perform() -> str:
            return str(self.send(request)["data"]["id"])

        return call(step, request.describe(self.base), perform)

    def _followup(self, followup, call) -> Published:
        target = followup.target
        if followup.action == FollowUpAction.DELETE:
            delete = XRequest("DELETE", f"/2/tweets/{target}")
            # Already gone (404) is fine: the withdrawal's goal holds.
            call(
                "delete_tweet",
                delete.describe(self.base),
                lambda: self.send(delete, gone_ok=True),
            )
            return Published(target, "")
        # The body tweepy's create_tweet builds for in_reply_to_tweet_id (tweepy/client.py).
        body = {"text": followup.text, "reply": {"in_reply_to_tweet_id": target}}
        reply_id = self.step(call, "reply", XRequest("POST", "/2/tweets", json=body))
        return Published(str(reply_id), f"https://x.com/{self._handle()}/status/{reply_id}")

    def followup_exists(self, followup) -> Published | None:
        if followup.action == FollowUpAction.DELETE:
            try:
                response = self.client.get_tweet(followup.target, user_auth=True)
            except tweepy.NotFound:
                return Published(followup.target, "")
            except tweepy.TweepyException as exc:
                raise self._map(exc) from None
            except requests.RequestException as exc:
                raise TransientError(f"X: get_tweet gagal: {type(exc).__name__}") from None
            # X answers 200 with a "Not Found Error" and no data for a deleted post.
            return Published(followup.target, "") if response.data is None else None
        # A reply carries the article link too: match it by its text only, so
        # the original post is never taken for the reply.
        wanted = normalize_text(followup.text)
        for texts, published in self.recent_posts():
            if wanted and normalize_text(texts[0]) == wanted:
                return published
        return None

    def _handle(self) -> str:
        return self.settings.x_handle

    def send(self, request: XRequest, *, gone_ok: bool = False) -> dict:
        """Send one XRequest, signed (OAuth 1.0a user context), and map its
        errors; with ``gone_ok`` a 404 (the object is already gone) is no error."""
        files = None
        if request.upload is not None:
            files = {"media": ("image.jpg", self.fetch_public(request.upload), "image/jpeg")}
        try:
            response = self.client.session.request(
                request.method,
                self.base + request.route,
                json=request.json,
                data=request.data,
                files=files,
                auth=self._auth(),
            )
            if gone_ok and response.status_code == 404:
                return {}
            raise_for_response(response)
        except tweepy.TweepyException as exc:
            raise self._map(exc) from None
        except requests.RequestException as exc:
            raise TransientError(
                f"X: {request.route.removeprefix('/2/')} gagal: {type(exc).__name__}"
            ) from None
        try:
            return response.json()
        except ValueError:
            return {}

    def _map(self, exc: Exception) -> PlatformError:
        """One of the engine's classes for a tweepy exception, chosen by its type."""
        if not isinstance(exc, tweepy.HTTPException):
            return TransientError(f"X: {type(exc).__name__}")
        response = exc.response
        status = response.status_code
        # Redact before cutting: a secret echoed in the body must not keep its prefix.
        detail = clip(" ".join((response.text or "").split()), 300)
        detail = self.safe(detail)
        if isinstance(exc, tweepy.Unauthorized):
            return AuthError(
                "X: kredensial ditolak (401). Periksa keempat kunci "
                f"({', '.join(KEYS)}) di portal developer X; jika aplikasinya baru diubah, "
                "buat ulang Access Token dan Secret lalu simpan di secrets",
                KEYS,
            )
        if isinstance(exc, tweepy.TooManyRequests):
            if "usage-capped" in _problem_type(response):
                return RateLimited(f"X: kuota bulanan paket habis (429) {detail}")
            wait = None
            if response.headers.get("x-rate-limit-reset"):
                wait = max(0.0, float(response.headers["x-rate-limit-reset"]) - time.time())
            return RateLimited(f"X: batas permintaan tercapai (429) {detail}", retry_after=wait)
        if isinstance(exc, tweepy.Forbidden):
            messages = " ".join(exc.api_messages).lower()
            if "duplicate content" in messages:
                return Duplicate("X: konten duplikat (403)")
            kind = _problem_type(response)
            if kind.endswith("/oauth1-permissions"):
                return AccountError(
                    "X: aplikasi hanya punya izin baca (403). Di portal developer X buka "
                    "aplikasi > User authentication settings, pilih 'Read and write', lalu "
                    "buat ulang Access Token dan Secret dan simpan sebagai "
                    "SYNDICATE_X_ACCESS_TOKEN/SYNDICATE_X_ACCESS_TOKEN_SECRET",
                    KEYS[2:],
                )
            if kind.endswith("/client-forbidden"):
                return AccountError(
                    "X: paket atau Project aplikasi tidak mengizinkan endpoint ini (403). "
                    "Pastikan aplikasi terpasang pada Project dengan paket yang aktif di "
                    "portal developer X"
                )
            return PermanentError(f"X: ditolak (403) {detail}")
        if status == 402:
            return AccountError(
                "X: kredit akun habis (402). Isi ulang kredit atau ubah paket di "
                "portal developer X (Billing), lalu jalankan `syndicate retry --platform x`"
            )
        if isinstance(exc, tweepy.TwitterServerError):
            return TransientError(f"X: HTTP {status} {detail}")
        return PermanentError(f"X: HTTP {status} {detail}")

    def user_id(self) -> str:
        if not self._user_id:
            try:
                me = self.client.get_me(user_auth=True)
            except tweepy.TweepyException as exc:
                raise self._map(exc) from None
            except requests.RequestException as exc:
                raise TransientError(f"X: users/me gagal: {type(exc).__name__}") from None
            self._user_id = str(me.data["id"])
        return self._user_id

    def recent_posts(
        self, *, window_days: float | None = None
    ) -> list[tuple[list[str], Published]]:
        """The account's posts, newest first, paged until they are older than
        ``window_days`` (default: ``reconcile_depth`` posts, one page or more).

        Read failures raise ``ReadUnavailable`` (or ``AccountError`` for bad
        credentials): the engine then decides from the ledger alone."""
        window = window_days if window_days is not None else self._window_days()
        cutoff = datetime.now(UTC) - timedelta(days=window) if window else None
        out: list[tuple[list[str], Published]] = []
        token = None
        while True:
            try:
                response = self.client.get_users_tweets(
                    self.user_id(),
                    user_auth=True,
                    max_results=100 if cutoff else min(100, max(5, self.settings.reconcile_depth)),
                    tweet_fields=["entities", "created_at"],
                    pagination_token=token,
                )
            except tweepy.HTTPException as exc:
                mapped = self._map(exc)
                # A 403 on a read is the plan, not the posting permission.
                if isinstance(mapped, AccountError) and not isinstance(exc, tweepy.Forbidden):
                    raise mapped from None
                raise ReadUnavailable(
                    f"X: daftar post tidak bisa dibaca: {mapped.message}"
                ) from None
            except tweepy.TweepyException as exc:
                raise ReadUnavailable(f"X: daftar post gagal: {type(exc).__name__}") from None
            except requests.RequestException as exc:
                raise ReadUnavailable(f"X: daftar post gagal: {type(exc).__name__}") from None
            oldest = None
            for tweet in response.data or []:
                data = tweet.data if hasattr(tweet, "data") else tweet
                # X rewrites links to t.co: the article URL is in expanded_url.
                urls = [
                    u.get("expanded_url") or ""
                    for u in (data.get("entities") or {}).get("urls", [])
                ]
                tweet_id = str(data["id"])
                published = Published(tweet_id, f"https://x.com/{self._handle()}/status/{tweet_id}")
                out.append(([data.get("text") or "", *urls], published))
                if data.get("created_at"):
                    oldest = datetime.fromisoformat(str(data["created_at"]).replace("Z", "+00:00"))
            token = (response.meta or {}).get("next_token")
            if not token or cutoff is None or oldest is None or oldest < cutoff:
                return out

    def _window_days(self) -> float | None:
        value = getattr(self.settings, "max_age_days", None)
        return float(value) if value else None

    def find_existing(self, post: Post, *, fresh: bool = True) -> Published | None:
        """Match by article URL (``expanded_url``) or by text as X returns it:
        entities unescaped and t.co links dropped, since X escapes ``&<>`` and
        appends a t.co link for media."""
        if fresh or self._recent is None:
            self._recent = self.recent_posts()
        wanted = normalize_text(post.text)
        for texts, published in self._recent:
            text, *urls = texts
            if any(post.url and post.url in url for url in urls):
                return published
            if wanted and normalize_text(text) == wanted:
                return published
        return None
