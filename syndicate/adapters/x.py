"""X: a post with one image and its alt text (tweepy 4.17 plus the v2 media upload).

- POST /2/tweets through ``tweepy.Client.create_tweet``
- POST /2/media/upload and /2/media/metadata directly, signed with tweepy's
  OAuth 1.0a handler (tweepy has only the deprecated v1.1 upload)
- GET /2/users/{id}/tweets for reconciliation (``entities.urls[].expanded_url``,
  since X rewrites links to t.co)

tweepy always builds ``https://api.twitter.com`` URLs; a transport adapter
mounted on its session sends them to ``SYNDICATE_X_BASE_URL`` instead (the
sandbox), after the OAuth signature over the real URL has been computed.
"""

from __future__ import annotations

import logging

import requests
import tweepy
from requests.adapters import HTTPAdapter

from syndicate.adapters.base import Adapter, Published
from syndicate.composer import Post
from syndicate.errors import AuthError, Duplicate, PermanentError, RateLimited, TransientError

REAL_HOSTS = ("https://api.twitter.com", "https://api.x.com", "https://upload.twitter.com")
UPLOAD_URL = "https://api.x.com/2/media/upload"
METADATA_URL = "https://api.x.com/2/media/metadata"
KEYS = (
    "SYNDICATE_X_CONSUMER_KEY",
    "SYNDICATE_X_CONSUMER_SECRET",
    "SYNDICATE_X_ACCESS_TOKEN",
    "SYNDICATE_X_ACCESS_TOKEN_SECRET",
)

# tweepy and oauthlib log request headers (OAuth tokens) at DEBUG: never let them.
for _name in ("tweepy", "requests_oauthlib", "oauthlib"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class RedirectingAdapter(HTTPAdapter):
    """Sends requests for the real X hosts to ``base`` and applies a default timeout."""

    def __init__(self, base: str, timeout: float) -> None:
        super().__init__()
        self.base = base.rstrip("/")
        self.timeout = timeout

    def send(self, request, **kwargs):
        for host in REAL_HOSTS:
            if request.url.startswith(host + "/"):
                request.url = self.base + request.url[len(host) :]
                break
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


class XAdapter(Adapter):
    platform = "x"
    label = "X"

    def __init__(self, settings, **kwargs) -> None:
        super().__init__(settings, **kwargs)
        self._client: tweepy.Client | None = None
        self._user_id = settings.x_user_id

    @property
    def client(self) -> tweepy.Client:
        if self._client is None:
            key, secret, token, token_secret = (self.secret(name) for name in KEYS)
            client = tweepy.Client(
                consumer_key=key,
                consumer_secret=secret,
                access_token=token,
                access_token_secret=token_secret,
            )
            mount = RedirectingAdapter(self.settings.x_base_url, self.settings.http_timeout)
            for host in REAL_HOSTS:
                client.session.mount(host + "/", mount)
            self._client = client
        return self._client

    def _auth(self):
        return tweepy.OAuth1UserHandler(*(self.secret(name) for name in KEYS)).apply_auth()

    def _run(self, post: Post, call) -> Published:
        media_ids = []
        for image in post.media[:1]:
            media_id = call(
                "upload_media",
                {
                    "method": "POST",
                    "url": UPLOAD_URL,
                    "files": {"media": image.url},
                    "data": {"media_category": "tweet_image"},
                },
                lambda image=image: self._upload(image.url),
            )
            if image.alt:
                call(
                    "alt_text",
                    {
                        "method": "POST",
                        "url": METADATA_URL,
                        "json": {"id": media_id, "metadata": {"alt_text": {"text": image.alt}}},
                    },
                    lambda media_id=media_id, image=image: self._direct(
                        "POST",
                        METADATA_URL,
                        json={"id": media_id, "metadata": {"alt_text": {"text": image.alt}}},
                    ),
                )
            media_ids.append(str(media_id))
        tweet = {"text": post.text}
        if media_ids:
            tweet["media_ids"] = media_ids
        tweet_id = call(
            "create_tweet",
            {"method": "POST", "url": "https://api.x.com/2/tweets", "json": tweet},
            lambda: self._create(tweet),
        )
        return Published(str(tweet_id), f"https://x.com/{self._handle()}/status/{tweet_id}")

    def _handle(self) -> str:
        return "Bkdprovinsintt"

    def _upload(self, url: str) -> str:
        data = self.fetch_public(url)
        body = self._direct(
            "POST",
            UPLOAD_URL,
            files={"media": ("image.jpg", data, "image/jpeg")},
            data={"media_category": "tweet_image"},
        )
        return str(body["data"]["id"])

    def _direct(self, method: str, url: str, **kwargs) -> dict:
        try:
            response = self.client.session.request(method, url, auth=self._auth(), **kwargs)
        except requests.RequestException as exc:
            raise TransientError(
                f"X: {url.rsplit('/2/', 1)[-1]} gagal: {type(exc).__name__}"
            ) from None
        if response.status_code < 300:
            try:
                return response.json()
            except ValueError:
                return {}
        raise self._error_from(response.status_code, response.text, response.headers)

    def _create(self, tweet: dict) -> str:
        try:
            response = self.client.create_tweet(user_auth=True, **tweet)
        except tweepy.TweepyException as exc:
            raise self._map(exc) from None
        except requests.RequestException as exc:
            raise TransientError(f"X: create_tweet gagal: {type(exc).__name__}") from None
        return str(response.data["id"])

    def _map(self, exc: Exception) -> Exception:
        if isinstance(exc, tweepy.HTTPException):
            response = exc.response
            return self._error_from(response.status_code, response.text, response.headers)
        return TransientError(f"X: {type(exc).__name__}")

    def _error_from(self, status: int, text: str, headers) -> Exception:
        detail = self.safe(" ".join((text or "").split())[:300])
        if status == 401:
            return AuthError(
                f"X: kredensial ditolak (401). Perbarui {', '.join(KEYS)} di portal developer X",
                KEYS,
            )
        if status == 429:
            reset = headers.get("x-rate-limit-reset")
            wait = None
            if reset:
                import time

                wait = max(0.0, float(reset) - time.time())
            return RateLimited(f"X: batas permintaan tercapai (429) {detail}", retry_after=wait)
        if status == 403 and "duplicate content" in (text or "").lower():
            return Duplicate("X: konten duplikat (403)")
        if status >= 500:
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

    def recent_posts(self) -> list[tuple[list[str], Published]]:
        try:
            response = self.client.get_users_tweets(
                self.user_id(),
                user_auth=True,
                max_results=min(100, max(5, self.settings.reconcile_depth)),
                tweet_fields=["entities", "created_at"],
            )
        except tweepy.TweepyException as exc:
            raise self._map(exc) from None
        except requests.RequestException as exc:
            raise TransientError(f"X: daftar post gagal: {type(exc).__name__}") from None
        out = []
        for tweet in response.data or []:
            data = tweet.data if hasattr(tweet, "data") else tweet
            # X rewrites links to t.co: the article URL is in expanded_url.
            urls = [
                u.get("expanded_url") or "" for u in (data.get("entities") or {}).get("urls", [])
            ]
            tweet_id = str(data["id"])
            published = Published(tweet_id, f"https://x.com/{self._handle()}/status/{tweet_id}")
            out.append(([data.get("text") or "", *urls], published))
        return out
