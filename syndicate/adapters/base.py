"""The declared interface every platform adapter implements.

``PlatformAdapter`` (a Protocol) is what the engine relies on; ``Adapter`` (an
ABC) is the base the four real adapters and test fakes derive from, and must
implement ``_run`` and ``recent_posts``. ``base_dir``, the root that the
manifest's paths (video file, poster) are relative to, is passed in.

``preview(post)`` and ``publish(post)`` run the same private ``_run(post, call)``:
every network step goes through ``call(step, request_description, perform)``.
In a preview ``call`` records the description and returns a placeholder; in a
publish it performs the request. So what a preview shows is what is sent.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import requests

from syndicate.composer import Post
from syndicate.contract import repo_root
from syndicate.errors import AuthError, PermanentError, TransientError, redact
from syndicate.settings import SECRETS, Settings, missing_secrets, secret

USER_AGENT = "bkd-ntt-syndicate/0.1 (+https://bkd.nttprov.go.id)"


@dataclass
class Published:
    post_id: str
    url: str
    extra: dict = field(default_factory=dict)


@runtime_checkable
class PlatformAdapter(Protocol):
    """What the engine calls on an adapter, in the order of one item."""

    platform: str
    label: str
    refusals_are_final: bool
    resume_session: dict | None
    save_session: Callable[[dict | None], None]

    def check_credentials(self) -> None: ...
    def check_limits(self) -> None: ...
    def preview(self, post: Post) -> list[dict[str, Any]]: ...
    def publish(self, post: Post) -> Published: ...
    def find_existing(self, post: Post, *, fresh: bool = True) -> Published | None: ...
    def after_done(self, post: Post, published: Published) -> dict: ...
    def perform_followup(self, followup: Any) -> Published: ...
    def followup_exists(self, followup: Any) -> Published | None: ...


class AdapterFactory(Protocol):
    """``Engine(adapter_factory=...)``: ``syndicate.adapters.adapter_for`` or a test fake."""

    def __call__(
        self,
        platform: str,
        settings: Settings,
        *,
        env: Mapping[str, str] | None = None,
        base_dir: Path | None = None,
    ) -> PlatformAdapter: ...


class Adapter(ABC):
    platform = ""
    label = ""
    # True when the request that creates the post is the last one that can
    # fail: a clear refusal (not a timeout) then proves nothing was posted,
    # and the engine may post again without first reading the timeline.
    refusals_are_final = False

    def __init__(
        self,
        settings: Settings,
        *,
        env: Mapping[str, str] | None = None,
        http: requests.Session | None = None,
        base_dir: Path | None = None,
    ) -> None:
        self.settings = settings
        self.env = os.environ if env is None else env
        # The manifest's paths are relative to it (syndicate.contract.repo_root).
        self.base_dir = Path(base_dir) if base_dir is not None else repo_root()
        self.http = http or requests.Session()
        self.http.headers.setdefault("User-Agent", USER_AGENT)
        self._recent: list[tuple[list[str], Published]] | None = None
        # Set by the engine around publish() for uploads that outlive a process
        # (YouTube resumable sessions): what the ledger kept from an earlier
        # attempt, and how to record a new session (None forgets it).
        self.resume_session: dict | None = None
        self.save_session: Callable[[dict | None], None] = lambda _session: None

    # --- credentials -----------------------------------------------------

    def secret(self, name: str) -> str:
        return secret(name, self.env)

    def secret_values(self) -> list[str]:
        return [self.secret(name) for name in SECRETS[self.platform] if self.secret(name)]

    def check_credentials(self) -> None:
        missing = missing_secrets(self.platform, self.env)
        if missing:
            raise AuthError(
                f"{self.label}: kredensial belum diisi: {', '.join(missing)} (lihat docs/admin.md)",
                tuple(missing),
            )

    def safe(self, text: str) -> str:
        return redact(str(text), self.secret_values())

    # --- the interface ---------------------------------------------------

    def preview(self, post: Post) -> list[dict[str, Any]]:
        steps: list[dict[str, Any]] = []

        def record(step: str, request: dict[str, Any], perform: Callable[[], Any]) -> Any:  # noqa: ARG001 - the `call` signature; a preview never performs
            steps.append({"step": step, **request})
            return _Placeholder(step)

        self._run(post, record)
        return steps

    def publish(self, post: Post) -> Published:
        return self._run(post, lambda _step, _request, perform: perform())

    @abstractmethod
    def _run(self, post: Post, call) -> Published:
        """Every network step of one post, each through ``call`` (module docstring)."""

    def check_limits(self) -> None:
        """Raise RateLimited when the platform's quota is used up (read at run time).
        Platforms without a readable quota have nothing to check."""
        return None

    @abstractmethod
    def recent_posts(self) -> list[tuple[list[str], Published]]:
        """The account's posts back to ``reconcile_horizon()``: (texts and links, post).

        Implementations page through the platform's own listing until a page
        reaches posts older than the horizon, not just the newest page.
        """

    # A bound on paging, so a huge account cannot eat the run's quota.
    max_reconcile_pages = 40

    def reconcile_horizon(self) -> datetime:
        """No article still inside the flood-guard window was posted before this."""
        return datetime.now(UTC) - timedelta(days=self.settings.max_age_days + 1)

    def find_existing(self, post: Post, *, fresh: bool = True) -> Published | None:
        """Look for a recent post carrying the article URL (reconciliation).

        ``fresh=False`` reuses this run's listing: enough to catch a post whose
        ledger entry was lost (the listing is read once per platform and run);
        after an ambiguous failure the engine always asks for a fresh one.
        """
        if fresh or self._recent is None:
            self._recent = self.recent_posts()
        for texts, published in self._recent:
            if any(post.url in text for text in texts) or (post.text and post.text in texts):
                return published
        return None

    # --- follow-ups: corrections and withdrawals (syndicate/followups.py) ---

    def preview_followup(self, followup) -> list[dict[str, Any]]:
        """The requests ``perform_followup`` would send, as ``preview`` does for posts."""
        steps: list[dict[str, Any]] = []

        def record(step: str, request: dict[str, Any], perform: Callable[[], Any]) -> Any:  # noqa: ARG001 - the `call` signature; a preview never performs
            steps.append({"step": step, **request})
            return _Placeholder(step)

        self._followup(followup, record)
        return steps

    def perform_followup(self, followup) -> Published:
        """Apply one follow-up; ``Published`` names the comment or reply made
        (or the post itself, for an edit, a deletion or a privacy change)."""
        return self._followup(followup, lambda _step, _request, perform: perform())

    def _followup(self, followup, call) -> Published:  # noqa: ARG002 - the platforms' override
        raise PermanentError(
            f"{self.label}: tindak lanjut '{followup.action}' tidak didukung platform ini"
        )

    def followup_exists(self, followup) -> Published | None:  # noqa: ARG002 - the platforms' override
        """Reconciliation: has this follow-up already reached the platform? None
        when it has not (or cannot be told): the engine then tries it again."""
        return None

    def after_done(self, post: Post, published: Published) -> dict:  # noqa: ARG002 - a hook; the default does nothing
        """Follow-up work once the post is recorded (e.g. a thumbnail); best effort."""
        return {}

    # --- shared helpers --------------------------------------------------

    def fetch_public(self, url: str) -> bytes:
        """Download a public file of the site (an image), never with credentials."""
        try:
            response = requests.get(
                url, timeout=self.settings.http_timeout, headers={"User-Agent": USER_AGENT}
            )
        except requests.RequestException as exc:
            raise TransientError(f"tidak bisa mengunduh {url}: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise TransientError(f"tidak bisa mengunduh {url}: HTTP {response.status_code}")
        return response.content


class _Placeholder(str):
    """What a preview step "returns": a readable stand-in for an id."""

    def __new__(cls, step: str):
        return super().__new__(cls, f"<{step}>")
