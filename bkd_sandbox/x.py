"""X API v2: create a post, upload media, list a user's posts.

Shapes from the X API v2 reference and its OpenAPI document
(https://api.x.com/2/openapi.json, mirrored in tests/sandbox/fixtures):
- POST /2/tweets: https://docs.x.com/x-api/posts/create-post
- POST /2/media/upload: https://docs.x.com/x-api/media/media-upload
- POST /2/media/metadata: https://docs.x.com/x-api/media/create-media-metadata
- GET /2/users/{id}/tweets: https://docs.x.com/x-api/users/get-posts
- Rate-limit headers: https://docs.x.com/x-api/fundamentals/rate-limits
Tweet length is counted the way X counts it, with twitter-text weights
(https://github.com/twitter/twitter-text): every URL is 23, emoji and CJK 2.

The text X returns is not the text sent (Post object ``text``,
https://docs.x.com/x-api/fundamentals/data-dictionary#tweet): ``&``, ``<`` and
``>`` come back as ``&amp;``, ``&lt;`` and ``&gt;``; every URL becomes a t.co
link; and a post with media ends with one more t.co link pointing to the media
(``pic.x.com/...``). Each OAuth 1.0a response carries ``x-access-level``
(read, read-write, read-write-directmessages), which ``syndicate doctor`` reads;
https://docs.x.com/fundamentals/developer-apps#app-permissions.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from twitter_text import extract_urls_with_indices, parse_tweet

from bkd_sandbox import images, oauth1
from bkd_sandbox.auth import bearer_token
from bkd_sandbox.errors import (
    x_client_forbidden,
    x_credits_depleted,
    x_invalid_request,
    x_oauth1_permissions,
    x_problem,
    x_rate_headers,
    x_rate_limited,
    x_unauthorized,
)
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.router import Router
from bkd_sandbox.state import iso_z

if TYPE_CHECKING:
    from bkd_sandbox.server import Sandbox

PREFIX = "/x"
MAX_IMAGE_BYTES = 5 * 1024 * 1024
# How far an OAuth 1.0a timestamp may be from the server clock.
OAUTH_MAX_SKEW_SECONDS = 300
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def register(router: Router, sandbox: Sandbox) -> None:
    api = XApi(sandbox)
    for method, pattern, handler in (
        ("POST", r"/x/2/tweets", api.create_tweet),
        ("POST", r"/x/2/media/upload", api.upload_media),
        ("POST", r"/x/2/media/metadata", api.media_metadata),
        ("GET", r"/x/2/users/me", api.me),
        ("GET", r"/x/2/users/(?P<user_id>\d+)/tweets", api.user_tweets),
        ("GET", r"/x/2/tweets/(?P<tweet_id>\d+)", api.get_tweet),
    ):
        router.add(method, pattern, api.account_gate(handler, write=method == "POST"), "x", PREFIX)


def read_page_size(request: Request) -> int | Response:
    """`max_results` of X's timeline and mention reads: 5 to 100, default 10;
    anything else is X's invalid-request error."""
    try:
        max_results = int(request.query.get("max_results", "10"))
    except ValueError:
        max_results = 0
    if not 5 <= max_results <= 100:
        return x_invalid_request(
            f"The `max_results` query parameter value [{request.query.get('max_results')}] "
            "is not between 5 and 100",
            "max_results",
            request.query.get("max_results", ""),
        )
    return max_results


class XApi:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.account = sandbox.config.x
        self.state = sandbox.state
        self._nonces: dict[str, float] = {}
        self._nonce_lock = threading.Lock()

    def account_gate(self, handler, *, write: bool):
        """Account-wide answers that come before any endpoint logic: the app's
        access level (403 on writes by a read-only app), credits (402), a plan
        without reads (403), and the x-access-level header on OAuth 1.0a calls."""

        def gated(request: Request) -> Response:
            oauth = oauth1.parse_header(request.headers.get("Authorization") or "")
            if oauth is not None:
                if denied := self._authenticate(request, user_context=True):
                    return denied
            elif write:
                return x_unauthorized()
            account = self.account
            if account.credits_depleted:
                response = x_credits_depleted()
            elif write and account.access_level == "read":
                response = x_oauth1_permissions()
            elif not write and account.reads_forbidden and request.route_path != "/2/users/me":
                response = x_client_forbidden()
            else:
                request.x_authenticated = oauth is not None
                response = handler(request)
            if oauth is not None and response.status != 401:
                response.headers.append(("x-access-level", account.access_level))
            return response

        return gated

    def _authenticate(self, request: Request, *, user_context: bool) -> Response | None:
        if getattr(request, "x_authenticated", False):
            return None
        account = self.account
        oauth = oauth1.parse_header(request.headers.get("Authorization") or "")
        if oauth is None:
            if not user_context and bearer_token(request) == account.bearer_token:
                return None
            return x_unauthorized()
        required = (
            "oauth_consumer_key",
            "oauth_token",
            "oauth_signature",
            "oauth_signature_method",
            "oauth_timestamp",
            "oauth_nonce",
        )
        if any(not oauth.get(name) for name in required):
            return x_unauthorized()
        if (
            oauth["oauth_consumer_key"] != account.consumer_key
            or oauth["oauth_token"] != account.access_token
        ):
            return x_unauthorized()
        if oauth["oauth_signature_method"] != "HMAC-SHA1":
            return x_unauthorized()
        if self.state.is_expired("x"):
            return x_unauthorized()
        if account.verify_signature and not oauth1.verify(
            request,
            oauth,
            consumer_secret=account.consumer_secret,
            token_secret=account.access_token_secret,
            api_host=account.api_host,
            family_prefix=PREFIX,
        ):
            return x_unauthorized()
        # RFC 5849 3.3: a stale timestamp or a reused nonce is a replay.
        try:
            skew = abs(time.time() - int(oauth["oauth_timestamp"]))
        except ValueError:
            return x_unauthorized()
        if skew > OAUTH_MAX_SKEW_SECONDS:
            return x_unauthorized()
        with self._nonce_lock:
            now = time.time()
            self._nonces = {
                n: t for n, t in self._nonces.items() if now - t < 2 * OAUTH_MAX_SKEW_SECONDS
            }
            if oauth["oauth_nonce"] in self._nonces:
                return x_unauthorized()
            self._nonces[oauth["oauth_nonce"]] = now
        return None

    def _rate(self, name: str, limit: int) -> tuple[Response | None, list[tuple[str, str]]]:
        allowed, remaining, reset_at = self.state.take_window(
            f"x:{name}", limit, self.account.window_seconds
        )
        if not allowed:
            return x_rate_limited(limit, reset_at), []
        return None, x_rate_headers(limit, remaining, reset_at)

    def create_tweet(self, request: Request) -> Response:
        if denied := self._authenticate(request, user_context=True):
            return denied
        limited, headers = self._rate("tweets", self.account.tweets_per_window)
        if limited:
            return limited
        try:
            body = request.json() or {}
        except ValueError:
            return x_problem(
                400,
                "Invalid Request",
                "The request body is not valid JSON.",
                problem_type="https://api.twitter.com/2/problems/invalid-request",
            )
        text = body.get("text", "")
        media_ids = [str(m) for m in (body.get("media") or {}).get("media_ids", [])]
        if not isinstance(text, str):
            return x_invalid_request("text must be a string", "text", str(text))
        if not text and not media_ids:
            return x_invalid_request("Post text or media is required.", "text", text)
        parsed = parse_tweet(text)
        if parsed.weightedLength > self.account.max_weighted_length:
            response = x_invalid_request(
                "Your Tweet text is too long. For more information on how X determines text "
                "length see https://github.com/twitter/twitter-text.",
                "text",
                text,
            )
            response.headers += headers
            return response
        reply_to = str((body.get("reply") or {}).get("in_reply_to_tweet_id") or "")
        with self.state.transaction() as data:
            known = any(t["id"] == reply_to for t in data["posts"]["x"]) or any(
                c["id"] == reply_to and c["platform"] == "x" and not c.get("deleted")
                for c in data.get("comments", [])
            )
            if reply_to and not known:
                # A reply to a deleted or unknown post (X API v2 POST /2/tweets, reply object).
                response = x_invalid_request(
                    "The Tweet you are replying to is deleted or not visible to you.",
                    "reply.in_reply_to_tweet_id",
                    reply_to,
                )
                response.headers += headers
                return response
            for media_id in media_ids:
                if media_id not in data["x_media"]:
                    response = x_invalid_request(
                        "Your media IDs are invalid.", "media.media_ids", media_id
                    )
                    response.headers += headers
                    return response
            if text and any(tweet["text"] == text for tweet in data["posts"]["x"]):
                # tweepy turns this into Forbidden("403 Forbidden\nYou are not allowed
                # to create a Tweet with duplicate content."), with empty api_codes.
                response = x_problem(
                    403,
                    "Forbidden",
                    "You are not allowed to create a Tweet with duplicate content.",
                )
                response.headers += headers
                return response
            tweet_id = self.state.snowflake()
            tweet = {
                "id": tweet_id,
                "platform": "x",
                "text": text,
                "shortened_text": "",
                "urls": [],
                "media_ids": media_ids,
                "images": [data["x_media"][m].get("ref", "") for m in media_ids],
                "alt_texts": [data["x_media"][m].get("alt_text", "") for m in media_ids],
                "author_id": self.account.user_id,
                "created_at": time.time(),
                "created_at_iso": iso_z(),
                "permalink": f"{self.sandbox.base_url(request)}/#x-{tweet_id}",
                "in_reply_to": reply_to,
            }
            tweet["shortened_text"], tweet["urls"] = self._shorten(text)
            if media_ids:
                self._append_media_link(tweet)
            data["posts"]["x"].append(tweet)
        # TweetCreateResponse in X's OpenAPI document: id and text only.
        return Response.json(
            201, {"data": {"id": tweet_id, "text": tweet["shortened_text"]}}, headers
        )

    def _tco(self) -> str:
        return "https://t.co/" + self.state.token(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 10
        )

    def _append_media_link(self, tweet: dict) -> None:
        """X ends the text of a post with media with a t.co link to the media."""
        short = self._tco()
        start = len(tweet["shortened_text"]) + 1
        tweet["shortened_text"] += " " + short
        tweet["urls"].append(
            {
                "start": start,
                "end": start + len(short),
                "url": short,
                "expanded_url": f"https://x.com/{self.account.username}/status/"
                f"{tweet['id']}/photo/1",
                "display_url": f"pic.x.com/{short.rsplit('/', 1)[-1]}",
                "media_key": f"3_{tweet['media_ids'][0]}",
            }
        )

    def _shorten(self, text: str) -> tuple[str, list[dict[str, Any]]]:
        """Replace each URL by a t.co link and escape &, <, > as X does; describe
        the links in entities (indices into the returned text)."""
        out, urls, last = [], [], 0
        for found in extract_urls_with_indices(text):
            start, end = found["indices"]
            short = self._tco()
            expanded = found["url"] if "://" in found["url"] else "http://" + found["url"]
            out.append(_escape(text[last:start]))
            new_start = sum(len(part) for part in out)
            out.append(short)
            urls.append(
                {
                    "start": new_start,
                    "end": new_start + len(short),
                    "url": short,
                    "expanded_url": expanded,
                    "display_url": found["url"].split("://", 1)[-1][:26],
                }
            )
            last = end
        out.append(_escape(text[last:]))
        return "".join(out), urls

    def upload_media(self, request: Request) -> Response:
        if denied := self._authenticate(request, user_context=True):
            return denied
        limited, headers = self._rate("media", self.account.media_uploads_per_window)
        if limited:
            return limited
        upload = request.files().get("media")
        form = request.form()
        if upload is None:
            return x_invalid_request("The media field is required.", "media", "")
        category = form.get("media_category", "tweet_image")
        if len(upload.data) > MAX_IMAGE_BYTES:
            return x_invalid_request("Image file size must be <= 5242880 bytes", "media", "")
        try:
            info = images.inspect(upload.data)
        except images.ImageRejected:
            return x_invalid_request("media type unrecognized.", "media", upload.filename or "")
        if info.format not in IMAGE_TYPES:
            return x_invalid_request("media type unrecognized.", "media", upload.filename or "")
        media_id = self.state.snowflake()
        with self.state.transaction() as data:
            data["x_media"][media_id] = {
                "id": media_id,
                "category": category,
                "size": len(upload.data),
                "width": info.width,
                "height": info.height,
                "ref": f"upload:{upload.filename or 'media'} {info.width}x{info.height}",
                "alt_text": "",
                "created_at": time.time(),
            }
        payload = {
            "data": {
                "id": media_id,
                "media_key": f"3_{media_id}",
                "size": len(upload.data),
                "expires_after_secs": 86400,
            }
        }
        return Response.json(200, payload, headers)

    def media_metadata(self, request: Request) -> Response:
        if denied := self._authenticate(request, user_context=True):
            return denied
        try:
            body = request.json() or {}
        except ValueError:
            body = {}
        media_id = str(body.get("id", ""))
        alt = ((body.get("metadata") or {}).get("alt_text") or {}).get("text", "")
        if len(alt) > 1000:
            return x_invalid_request(
                "alt_text.text must be at most 1000 characters", "alt_text", alt
            )
        with self.state.transaction() as data:
            media = data["x_media"].get(media_id)
            if media is None:
                return x_invalid_request("Your media IDs are invalid.", "id", media_id)
            media["alt_text"] = alt
        return Response.json(
            200, {"data": {"id": media_id, "associated_metadata": {"alt_text": {"text": alt}}}}
        )

    def me(self, request: Request) -> Response:
        if denied := self._authenticate(request, user_context=True):
            return denied
        limited, headers = self._rate("reads", self.account.reads_per_window)
        if limited:
            return limited
        account = self.account
        return Response.json(
            200,
            {"data": {"id": account.user_id, "name": account.name, "username": account.username}},
            headers,
        )

    def user_tweets(self, request: Request) -> Response:
        if denied := self._authenticate(request, user_context=False):
            return denied
        limited, headers = self._rate("reads", self.account.reads_per_window)
        if limited:
            return limited
        max_results = read_page_size(request)
        if isinstance(max_results, Response):
            return max_results
        fields = set(filter(None, request.query.get("tweet.fields", "").split(",")))
        with self.state.lock:
            tweets = [
                t
                for t in reversed(self.state.data["posts"]["x"])
                if t["author_id"] == request.params["user_id"]
            ]
        # The account's replies under its posts (seeded for listening) are in
        # its timeline too, newest first like everything there.
        replies = own_replies(self.state, request.params["user_id"])
        if replies:
            tweets = sorted(tweets + replies, key=lambda t: int(t["id"]), reverse=True)
        if since := request.query.get("since_id", ""):
            tweets = [t for t in tweets if since.isdigit() and int(t["id"]) > int(since)]
        start = (
            int(request.query.get("pagination_token", "0") or 0)
            if request.query.get("pagination_token", "0").isdigit()
            else 0
        )
        page = tweets[start : start + max_results]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"], meta["oldest_id"] = page[0]["id"], page[-1]["id"]
        if start + max_results < len(tweets):
            meta["next_token"] = str(start + max_results)
        payload: dict[str, Any] = {"meta": meta}
        if page:
            payload["data"] = [self._tweet_object(t, fields) for t in page]
        return Response.json(200, payload, headers)

    def get_tweet(self, request: Request) -> Response:
        if denied := self._authenticate(request, user_context=False):
            return denied
        fields = set(filter(None, request.query.get("tweet.fields", "").split(",")))
        with self.state.lock:
            for tweet in self.state.data["posts"]["x"]:
                if tweet["id"] == request.params["tweet_id"]:
                    return Response.json(200, {"data": self._tweet_object(tweet, fields)})
        tweet_id = request.params["tweet_id"]
        return Response.json(
            200,
            {
                "errors": [
                    {
                        "value": tweet_id,
                        "detail": f"Could not find tweet with id: [{tweet_id}].",
                        "title": "Not Found Error",
                        "resource_type": "tweet",
                        "parameter": "id",
                        "resource_id": tweet_id,
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                ]
            },
        )

    def _tweet_object(self, tweet: dict, fields: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": tweet["id"],
            "text": tweet["shortened_text"],
            "edit_history_tweet_ids": [tweet["id"]],
        }
        if "created_at" in fields:
            out["created_at"] = tweet["created_at_iso"]
        if "author_id" in fields:
            out["author_id"] = tweet["author_id"]
        if "entities" in fields and tweet["urls"]:
            out["entities"] = {"urls": tweet["urls"]}
        if "conversation_id" in fields:
            out["conversation_id"] = tweet.get("conversation_id") or tweet["id"]
        if "referenced_tweets" in fields and tweet.get("in_reply_to"):
            out["referenced_tweets"] = [{"type": "replied_to", "id": tweet["in_reply_to"]}]
        if "attachments" in fields and tweet["media_ids"]:
            out["attachments"] = {"media_keys": [f"3_{m}" for m in tweet["media_ids"]]}
        return out


def _escape(text: str) -> str:
    """X's escaping of returned text: only &, < and > (quotes stay as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def own_replies(state, user_id: str) -> list[dict]:
    """The account's own seeded replies (bkd_sandbox/listening.py) as timeline posts."""
    with state.lock:
        comments = [
            c
            for c in state.data.get("comments", [])
            if c["platform"] == "x" and c["own"] and not c["deleted"] and c["author_id"] == user_id
        ]
    return [
        {
            "id": c["id"],
            "shortened_text": c["text"],
            "author_id": c["author_id"],
            "created_at_iso": iso_z(c["created_at"]),
            "urls": [],
            "media_ids": [],
            "conversation_id": c["post_id"],
            "in_reply_to": c["parent_id"] or c["post_id"],
        }
        for c in comments
    ]
