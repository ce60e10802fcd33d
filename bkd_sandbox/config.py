"""Sandbox accounts, credentials, limits and timings.

Every value has a documented default (docs/sandbox.md) so that a
newcomer can start the sandbox with no file at all. A JSON config file may
override any field; unknown keys are refused so a typo does not silently fall
back to a default.

The credentials here are *sandbox* credentials: fake, public, and useless
against the real platforms.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any


@dataclass
class FacebookAccount:
    page_id: str = "104512345678901"
    name: str = "BKD Provinsi NTT"
    username: str = "BkdProvNtt"
    access_token: str = "sandbox-page-token"
    # Graph limits are rolling: this many calls per window, then codes 4/17/32/613.
    calls_per_window: int = 4800
    window_seconds: int = 3600
    rate_limit_code: int = 32
    # Permissions granted to the Page token (and to Instagram, which uses it),
    # as GET /debug_token reports them in "scopes". Posting checks them: a
    # missing pages_manage_posts answers (#200), instagram_content_publish (#10).
    scopes: list = field(
        default_factory=lambda: [
            "pages_show_list",
            "pages_read_engagement",
            "pages_manage_posts",
            "instagram_basic",
            "instagram_content_publish",
            # Read by `syndicate listen` and `syndicate report` (bkd_sandbox/listening.py).
            "pages_read_user_content",
            "read_insights",
            "instagram_manage_comments",
            "instagram_manage_insights",
        ]
    )
    # Whether the Instagram professional account is linked to the Page
    # (GET /{page-id}?fields=instagram_business_account).
    instagram_linked: bool = True


@dataclass
class InstagramAccount:
    ig_user_id: str = "17841400000000001"
    username: str = "bkdprovinsintt"
    # Content publishing on Instagram runs on the Page's (user) access token.
    access_token: str = "sandbox-page-token"
    # https://developers.facebook.com/docs/instagram-platform/content-publishing/
    # ("100 API-published posts within a 24-hour moving period").
    publishing_limit: int = 100
    publishing_window_seconds: int = 86400
    # How long a container stays IN_PROGRESS before it reports FINISHED.
    container_processing_seconds: float = 2.0
    image_fetch_timeout_seconds: float = 10.0
    max_image_bytes: int = 8 * 1024 * 1024


@dataclass
class XAccount:
    user_id: str = "1267834509876543210"
    username: str = "Bkdprovinsintt"
    name: str = "BKD Provinsi NTT"
    consumer_key: str = "sandbox-x-consumer-key"
    consumer_secret: str = "sandbox-x-consumer-secret"
    access_token: str = "sandbox-x-access-token"
    access_token_secret: str = "sandbox-x-access-token-secret"
    # App-only token, accepted on the read endpoints.
    bearer_token: str = "sandbox-x-bearer-token"
    # Checking the HMAC needs the secrets above; turn off to accept any signature.
    verify_signature: bool = True
    # The host the sandbox stands in for: a signature over https://<api_host>/2/...
    # is valid, one over api.twitter.com is not (OAuth 1.0a signs the host).
    api_host: str = "api.x.com"
    # The app's permission as X reports it in the x-access-level header:
    # "read", "read-write" or "read-write-directmessages". With "read", writes
    # answer 403 oauth1-permissions.
    access_level: str = "read-write"
    # Pay-per-use account without credits: every call answers 402.
    credits_depleted: bool = False
    # A plan without read access to timelines: reads answer 403 client-forbidden.
    reads_forbidden: bool = False
    # POST /2/tweets: 100 requests per 15 minutes per user (X API v2 rate limits page).
    tweets_per_window: int = 100
    media_uploads_per_window: int = 500
    reads_per_window: int = 900
    window_seconds: int = 900
    max_weighted_length: int = 280


@dataclass
class YouTubeAccount:
    channel_id: str = "UCbkdprovntt0000000000000"
    title: str = "Badan Kepegawaian Daerah Provinsi NTT"
    client_id: str = "sandbox-client-id.apps.googleusercontent.com"
    client_secret: str = "sandbox-client-secret"
    refresh_token: str = "sandbox-refresh-token"
    access_token_lifetime_seconds: int = 3599
    # Scopes the refresh token was granted; the token response reports them in
    # "scope", and a refresh asking for more answers invalid_scope.
    granted_scopes: str = (
        "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube"
    )
    # Units per day and per method, as in the YouTube Data API quota calculator.
    daily_quota_units: int = 10000
    cost_videos_insert: int = 1600
    cost_thumbnails_set: int = 50
    cost_list: int = 1
    quota_window_seconds: int = 86400
    # How long a new video reports uploadStatus "uploaded" (processingStatus
    # "processing") before it turns "processed"/"succeeded".
    processing_seconds: float = 1.0
    # Resumable sessions are valid for about a week, then answer 404.
    upload_session_seconds: int = 7 * 86400


@dataclass
class SandboxConfig:
    facebook: FacebookAccount = field(default_factory=FacebookAccount)
    instagram: InstagramAccount = field(default_factory=InstagramAccount)
    x: XAccount = field(default_factory=XAccount)
    youtube: YouTubeAccount = field(default_factory=YouTubeAccount)
    graph_version: str = "v25.0"
    # How long the "timeout" fault holds a connection before closing it.
    fault_hold_seconds: float = 30.0
    # Idle or stalled connections are closed after this long, as real servers do.
    read_timeout_seconds: float = 60.0
    # The Graph API accepts access_token in the query string; the project never
    # does that, so the sandbox counts it as a violation, and refuses it if set.
    reject_token_in_url: bool = False

    @classmethod
    def load(cls, path: str | Path) -> SandboxConfig:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SandboxConfig:
        return _build(cls, data, "config")

    def engine_env(self) -> dict[str, str]:
        """The SYNDICATE_* ids and secrets that point `syndicate publish` at this
        sandbox's accounts (the base URL is added by the caller)."""
        return {
            "SYNDICATE_GRAPH_VERSION": self.graph_version,
            "SYNDICATE_FACEBOOK_PAGE_ID": self.facebook.page_id,
            "SYNDICATE_INSTAGRAM_USER_ID": self.instagram.ig_user_id,
            "SYNDICATE_X_USER_ID": self.x.user_id,
            "SYNDICATE_YOUTUBE_CHANNEL_ID": self.youtube.channel_id,
            "SYNDICATE_FACEBOOK_PAGE_TOKEN": self.facebook.access_token,
            "SYNDICATE_INSTAGRAM_TOKEN": self.instagram.access_token,
            "SYNDICATE_X_CONSUMER_KEY": self.x.consumer_key,
            "SYNDICATE_X_CONSUMER_SECRET": self.x.consumer_secret,
            "SYNDICATE_X_ACCESS_TOKEN": self.x.access_token,
            "SYNDICATE_X_ACCESS_TOKEN_SECRET": self.x.access_token_secret,
            "SYNDICATE_YOUTUBE_CLIENT_ID": self.youtube.client_id,
            "SYNDICATE_YOUTUBE_CLIENT_SECRET": self.youtube.client_secret,
            "SYNDICATE_YOUTUBE_REFRESH_TOKEN": self.youtube.refresh_token,
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _build(kind: type, data: dict[str, Any], where: str):
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
    known = {f.name: f for f in fields(kind)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ValueError(f"{where}: unknown keys {', '.join(unknown)}")
    values = {}
    for name, value in data.items():
        default = getattr(kind(), name)
        if is_dataclass(default):
            values[name] = _build(type(default), value, f"{where}.{name}")
        else:
            values[name] = value
    return kind(**values)
