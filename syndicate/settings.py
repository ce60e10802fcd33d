"""Engine settings: defaults, the manifest's copy of pelicanconf, then the environment.

All non-secret configuration lives in ``pelicanconf.py``/``publishconf.py`` as
``SYNDICATE_*`` names; the Pelican plugin copies them into the manifest, so the
``syndicate`` command sees exactly what the build saw. The environment may
override any of them (the kill switch, sandbox base URLs in tests and ``make
serve``). Secrets are read from the environment only, by ``secret()``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from syndicate.contract import DEFAULT_LEDGER_DIR, DEFAULT_MANIFEST, HANDLES, LABELS, PLATFORMS

PLATFORM_LABELS = LABELS

# Environment variables holding secrets, per platform. Named in docs/admin.md.
SECRETS: dict[str, tuple[str, ...]] = {
    "facebook": ("SYNDICATE_FACEBOOK_PAGE_TOKEN",),
    "instagram": ("SYNDICATE_INSTAGRAM_TOKEN",),
    "x": (
        "SYNDICATE_X_CONSUMER_KEY",
        "SYNDICATE_X_CONSUMER_SECRET",
        "SYNDICATE_X_ACCESS_TOKEN",
        "SYNDICATE_X_ACCESS_TOKEN_SECRET",
    ),
    "youtube": (
        "SYNDICATE_YOUTUBE_CLIENT_ID",
        "SYNDICATE_YOUTUBE_CLIENT_SECRET",
        "SYNDICATE_YOUTUBE_REFRESH_TOKEN",
    ),
}


@dataclass
class Settings:
    # Which platforms the engine posts to at all (an article narrows it further).
    platforms: tuple[str, ...] = PLATFORMS
    # Kill switch: nothing is posted while true.
    paused: bool = False
    # Only articles dated on or after this ISO date are eligible (None: after `baseline`).
    since: str | None = None
    # Both relative to the repository root (syndicate.contract.repo_root).
    ledger_dir: str = DEFAULT_LEDGER_DIR
    # Written by the build beside output/, never inside it (output/ is deployed).
    manifest: str = DEFAULT_MANIFEST
    # Public ids of the accounts (not secrets).
    facebook_page_id: str = ""
    instagram_user_id: str = ""
    x_user_id: str = ""
    # Public handles (no "@"), for permalinks and the admin's messages.
    facebook_handle: str = HANDLES["facebook"]
    instagram_handle: str = HANDLES["instagram"]
    x_handle: str = HANDLES["x"]
    # The agency's channel; `syndicate doctor` checks the refresh token belongs to it.
    youtube_channel_id: str = ""
    # API hosts and versions: the only difference between the sandbox and the real thing.
    graph_base_url: str = "https://graph.facebook.com"
    graph_version: str = "v25.0"
    x_base_url: str = "https://api.x.com"
    youtube_base_url: str = "https://www.googleapis.com/"
    google_token_url: str = "https://oauth2.googleapis.com/token"
    youtube_privacy: str = "public"
    youtube_category_id: str = "25"  # News & Politics
    # Composer choices.
    x_link_in_text: bool = True
    facebook_link_in_text: bool = False
    max_hashtags_x: int = 3
    max_hashtags_instagram: int = 15
    # Network behaviour.
    http_timeout: float = 30.0
    retry_attempts: int = 3
    retry_base_seconds: float = 2.0
    retry_max_seconds: float = 60.0
    # Before posting, the article URL must answer 200.
    check_live: bool = True
    ig_poll_interval: float = 1.0
    ig_poll_timeout: float = 60.0
    # Resumable upload chunk: a multiple of 256 KiB (googleapiclient and the
    # protocol require it); bigger chunks mean fewer requests, more to resend.
    youtube_chunk_bytes: int = 8 * 1024 * 1024
    # 5xx and connection errors retried inside one upload session, with backoff.
    youtube_upload_retries: int = 6
    # After the upload, how long to wait for processing to say processed,
    # rejected or failed; "uploaded" (still processing) after that counts as done.
    youtube_status_wait: float = 60.0
    # Flood guard, whatever the ledger says: an article published more than
    # this many days ago is never posted unless the admin runs `syndicate retry`
    # for it. Reconciliation pages back through each account's posts this far.
    max_age_days: int = 7
    # Page size when reconciliation reads an account's posts.
    reconcile_depth: int = 50
    # Also compare new items with the recent posts (one listing per platform and run).
    reconcile_new: bool = True
    # Listening (`syndicate listen`, docs/listening.md). X is left out by
    # default: every post read is billed.
    listen_platforms: tuple[str, ...] = ("facebook", "instagram", "youtube")
    # Posts older than this are no longer polled for comments.
    listen_days: int = 30
    listen_page_size: int = 50
    # Commenters' names and words: outside git (".cache/" is ignored). Relative
    # to the repository root.
    listen_dir: str = ".cache/listen"
    # Cursors and per-comment flags without personal data; empty: listen_dir.
    listen_state_dir: str = ""
    # Commenters' names and words are deleted from listen_dir this many days
    # after the comment (UU 27/2022: no longer than needed; docs/listening.md).
    listen_retention_days: int = 30
    # Public holidays (ISO dates, comma-separated) that are not working days.
    listen_holidays: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(
        cls, from_manifest: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
    ) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        known = {f.name: f for f in fields(cls) if f.name != "extra"}
        for key, value in (from_manifest or {}).items():
            name = key.lower().removeprefix("syndicate_")
            if name in known:
                values[name] = value
        for name in known:
            raw = env.get("SYNDICATE_" + name.upper())
            if raw is not None and raw != "":
                values[name] = raw
        # One variable points every client at the sandbox (tests, `make serve`).
        sandbox = env.get("SYNDICATE_SANDBOX_URL")
        if sandbox:
            base = sandbox.rstrip("/")
            values.setdefault("graph_base_url", base + "/graph")
            values["graph_base_url"] = base + "/graph"
            values["x_base_url"] = base + "/x"
            values["youtube_base_url"] = base + "/youtube/"
            values["google_token_url"] = base + "/oauth2/token"
        settings = cls()
        for name, value in values.items():
            setattr(settings, name, _coerce(getattr(cls(), name), value, name))
        return settings

    @property
    def graph_url(self) -> str:
        return f"{self.graph_base_url.rstrip('/')}/{self.graph_version}"

    def listen_path(self, root: Path | None = None) -> Path:
        path = Path(self.listen_dir)
        return path if path.is_absolute() or root is None else root / path

    def listen_state_path(self, root: Path | None = None) -> Path:
        if not self.listen_state_dir:
            return self.listen_path(root)
        path = Path(self.listen_state_dir)
        return path if path.is_absolute() or root is None else root / path

    def ledger_path(self, root: Path | None = None) -> Path:
        path = Path(self.ledger_dir)
        return path if path.is_absolute() or root is None else root / path


def exported_settings() -> tuple[str, ...]:
    """The pelicanconf names the build copies into the manifest: every engine
    setting, derived from the fields above so a new one cannot be forgotten."""
    return tuple("SYNDICATE_" + f.name.upper() for f in fields(Settings) if f.name != "extra")


EXPORTED_SETTINGS = exported_settings()


def _coerce(default: Any, value: Any, name: str) -> Any:
    if isinstance(default, bool):
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "ya", "on")
        return bool(value)
    if isinstance(default, tuple):
        given = value.split(",") if isinstance(value, str) else list(value)
        items = tuple(i.strip().lower() for i in given if i.strip())
        unknown = [i for i in items if i not in PLATFORMS]
        if unknown:
            raise ValueError(f"SYNDICATE_{name.upper()}: unknown platform(s) {', '.join(unknown)}")
        return items
    if isinstance(default, float):
        return float(value)
    if isinstance(default, int):
        return int(value)
    if value is None:
        return None
    return str(value)


def secret(name: str, env: Mapping[str, str] | None = None) -> str:
    """A secret from the environment; empty when unset. Never log the result."""
    env = os.environ if env is None else env
    return env.get(name, "").strip()


def missing_secrets(platform: str, env: Mapping[str, str] | None = None) -> list[str]:
    return [name for name in SECRETS[platform] if not secret(name, env)]
