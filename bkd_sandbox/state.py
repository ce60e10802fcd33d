"""What the sandbox remembers: posts, containers, uploads, tokens, counters.

One lock guards everything, because the server is threaded and a post plus its
counter must change together. With a state path, every change is written to a
temporary file and renamed over the old one, so a crash never leaves a
half-written file (the same rule the ledger follows).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PLATFORMS = ("facebook", "instagram", "x", "youtube")


def empty_state() -> dict[str, Any]:
    return {
        "posts": {platform: [] for platform in PLATFORMS},
        "fb_photos": {},
        "ig_containers": {},
        "x_media": {},
        "yt_uploads": {},
        "yt_thumbnails": {},
        "google_tokens": {},
        "windows": {},
        "violations": [],
        "expired": [],
        # Comments, replies and mentions on the accounts' posts, and per-post
        # metrics (bkd_sandbox/listening.py).
        "comments": [],
        "metrics": {},
        # Follow-ups (bkd_sandbox/followups.py): removed posts and a log of changes;
        # the account's own comments go to "comments" above.
        "deleted": [],
        "changes": [],
    }


class SandboxState:
    def __init__(self, path: str | Path | None = None, *, reset: bool = False) -> None:
        self.path = Path(path) if path else None
        self.lock = threading.RLock()
        self._random = random.Random()
        self.data = empty_state()
        if self.path and self.path.exists() and not reset:
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                raise ValueError(
                    f"state file {self.path} is not valid JSON ({error}); start with --reset"
                ) from None
            # Keys added in later versions get their empty default.
            self.data.update(loaded)
        elif self.path and reset:
            self._save()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[dict[str, Any]]:
        with self.lock:
            yield self.data
            self._save()

    def reset(self) -> None:
        with self.lock:
            self.data = empty_state()
            self._save()

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return json.loads(json.dumps(self.data))

    def _save(self) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".sandbox-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.data, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    # --- identifiers in the platforms' own formats -------------------------

    def numeric_id(self, digits: int) -> str:
        """A random decimal id of the given length, like Graph and X ids."""
        with self.lock:
            first = self._random.randint(1, 9)
            rest = "".join(str(self._random.randint(0, 9)) for _ in range(digits - 1))
            return f"{first}{rest}"

    def snowflake(self) -> str:
        """An X-style snowflake: milliseconds since the Twitter epoch, shifted."""
        with self.lock:
            millis = int(time.time() * 1000) - 1288834974657
            return str((millis << 22) | self._random.getrandbits(22))

    def token(self, alphabet: str, length: int) -> str:
        with self.lock:
            return "".join(self._random.choice(alphabet) for _ in range(length))

    # --- rolling counters used by rate limits and quotas --------------------

    def take_window(self, key: str, limit: int, window_seconds: float) -> tuple[bool, int, int]:
        """Count one call in a fixed window; return (allowed, remaining, reset_epoch)."""
        now = time.time()
        with self.transaction() as data:
            window = data["windows"].get(key)
            if not window or now >= window["start"] + window_seconds:
                window = {"start": now, "count": 0}
                data["windows"][key] = window
            reset_at = int(window["start"] + window_seconds)
            if window["count"] >= limit:
                return False, 0, reset_at
            window["count"] += 1
            return True, limit - window["count"], reset_at

    def window_usage(self, key: str, window_seconds: float) -> tuple[int, int]:
        now = time.time()
        with self.lock:
            window = self.data["windows"].get(key)
            if not window or now >= window["start"] + window_seconds:
                return 0, int(now + window_seconds)
            return window["count"], int(window["start"] + window_seconds)

    def add_violation(self, kind: str, platform: str, method: str, path: str) -> None:
        with self.transaction() as data:
            data["violations"].append(
                {
                    "kind": kind,
                    "platform": platform,
                    "method": method,
                    "path": path,
                    "time": now_iso(),
                }
            )

    def is_expired(self, platform: str) -> bool:
        with self.lock:
            return platform in self.data["expired"]


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "+0000"


def iso_z(timestamp: float | None = None) -> str:
    """ISO 8601 with milliseconds and Z, as X and YouTube print times."""
    timestamp = time.time() if timestamp is None else timestamp
    millis = int((timestamp % 1) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(timestamp)) + f".{millis:03d}Z"
