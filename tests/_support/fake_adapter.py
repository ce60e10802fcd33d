"""A fake platform with scripted faults, for fast engine unit tests.

The pattern is bridgy's ``FakeSource``: a test double that implements the
real adapter interface (``syndicate/adapters/base.py``), so the engine drives
it through the same ``publish`` / ``find_existing`` / ``check_limits`` path as
a real platform, but nothing leaves the process. The slow, end-to-end proof
(real CLI, real HTTP, ``os._exit`` and SIGKILL) stays in
tests/syndicate/test_fault_injection.py; these tests pin the engine's rules
one scripted fault at a time, in milliseconds.

``FakePlatform`` is the platform's side and outlives a run (its timeline is
what followers would see); ``FakeAdapter`` is the client an ``Engine`` makes
through ``adapter_factory``. A new ``Engine`` over the same ledger folder and
the same ``FakePlatform`` is a new process after a crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from syndicate.adapters.base import Adapter, Published
from syndicate.composer import Post
from syndicate.contract import LABELS
from syndicate.errors import (
    AuthError,
    Duplicate,
    PermanentError,
    RateLimited,
    TransientError,
)
from syndicate.settings import Settings

# What one publish request can meet, in the order the platform sees it.
FAULTS = (
    "transient",  # refused with a 5xx before anything is stored
    "rate-limited",  # refused: quota or rate limit
    "auth",  # refused: token rejected
    "permanent",  # refused for good (bad media, too long)
    "duplicate",  # refused: "already posted" (Graph 506, X 187)
    "dropped",  # stored, then the connection drops before the answer
    "crash-before",  # the process dies after `pending`, before the request
    "crash-after",  # stored, then the process dies before `done`
)


class SimulatedCrash(BaseException):
    """The process died here. Not an ``Exception``, so nothing in the engine
    catches it, as with ``os._exit`` in the fault-injection suite."""


class FakePlatform:
    """One platform's timeline plus a script of faults, one per publish request."""

    def __init__(
        self,
        platform: str = "facebook",
        *,
        faults: Iterable[str | None] = (),
        listing_faults: Iterable[str | None] = (),
        refusals_are_final: bool = False,
        refuses_duplicates: bool = False,
    ) -> None:
        unknown = {f for f in (*faults, *listing_faults) if f and f not in FAULTS}
        if unknown:
            raise ValueError(f"unknown fault(s): {sorted(unknown)}")
        self.platform = platform
        self.faults = list(faults)
        self.listing_faults = list(listing_faults)
        self.refusals_are_final = refusals_are_final
        # Off by default: a fake that refused every repost would hide an engine
        # that posts twice, and the exactly-once assertions could never fail.
        self.refuses_duplicates = refuses_duplicates
        self.timeline: list[tuple[Post, Published]] = []
        self.requests = 0

    # The AdapterFactory signature (syndicate/adapters/base.py); the fake needs
    # neither an environment nor a base folder.
    def factory(
        self,
        platform: str,
        settings: Settings,
        *,
        env=None,  # noqa: ARG002
        base_dir=None,  # noqa: ARG002
    ) -> FakeAdapter:
        """``Engine(adapter_factory=...)``: the fake answers for its platform only."""
        if platform != self.platform:
            raise AssertionError(f"engine asked for {platform}, fake is {self.platform}")
        return FakeAdapter(self, settings)

    def posts_for(self, url: str) -> list[Published]:
        return [published for post, published in self.timeline if post.url == url]

    def create(self, post: Post) -> Published:
        self.requests += 1
        fault = self.faults.pop(0) if self.faults else None
        if fault == "crash-before":
            raise SimulatedCrash(fault)
        if fault == "transient":
            raise TransientError("HTTP 503 (fake)")
        if fault == "rate-limited":
            raise RateLimited("batas laju (fake)", retry_after=60)
        if fault == "auth":
            raise AuthError("token ditolak (fake)")
        if fault == "permanent":
            raise PermanentError("media ditolak (fake)")
        if fault == "duplicate" or (self.refuses_duplicates and self.posts_for(post.url)):
            raise Duplicate("konten yang sama sudah diposting (fake)")
        number = len(self.timeline) + 1
        published = Published(f"{self.platform}-{number}", f"https://fake.test/p/{number}")
        self.timeline.append((post, published))
        if fault == "dropped":
            raise TransientError("koneksi terputus sebelum jawaban (fake)")
        if fault == "crash-after":
            raise SimulatedCrash(fault)
        return published

    def listing(self) -> list[tuple[list[str], Published]]:
        fault = self.listing_faults.pop(0) if self.listing_faults else None
        if fault:
            raise TransientError(f"daftar post tidak terbaca: {fault} (fake)")
        return [
            ([post.text, post.link or post.url], published) for post, published in self.timeline
        ]


class FakeAdapter(Adapter):
    """The client side: one request per post, no credentials, no network."""

    def __init__(self, remote: FakePlatform, settings: Settings) -> None:
        super().__init__(settings, env={}, base_dir=Path.cwd())
        self.remote = remote
        self.platform = remote.platform
        self.label = LABELS[remote.platform]
        self.refusals_are_final = remote.refusals_are_final

    def check_credentials(self) -> None:
        """The fake needs no secrets."""

    def _run(self, post: Post, call) -> Published:
        request = {"method": "POST", "url": f"fake://{self.platform}/posts", "text": post.text}
        return call("create", request, lambda: self.remote.create(post))

    def recent_posts(self) -> list[tuple[list[str], Published]]:
        return self.remote.listing()
