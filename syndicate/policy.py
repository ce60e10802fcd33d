"""Retry policy: exponential backoff with full jitter, bounded per run."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass
class RetryPolicy:
    attempts: int = 3
    base_seconds: float = 2.0
    max_seconds: float = 60.0
    # A server-announced wait longer than this defers to the next run instead.
    max_inline_wait: float = 30.0

    def delay(self, attempt: int, retry_after: float | None = None, rng=random) -> float:
        """Seconds to wait before attempt number ``attempt + 1`` (attempt counts from 1)."""
        if retry_after is not None:
            return max(0.0, float(retry_after))
        ceiling = min(self.max_seconds, self.base_seconds * (2 ** (attempt - 1)))
        return rng.uniform(ceiling / 2, ceiling)

    def next_run_delay(self, failures: int) -> float:
        """When a deferred item becomes due again, in seconds (grows with failures)."""
        return min(6 * 3600.0, 300.0 * (2 ** max(0, failures - 1)))
