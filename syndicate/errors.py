"""How a platform call can end, other than with a post.

An expected refusal is data the engine acts on; the classes say which action.
Messages never contain a secret: adapters build them from the platform's error
text, which the ``redact`` helper scrubs once more before they are stored.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


class PlatformError(Exception):
    """Base class. ``message`` is safe to show and store."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class TransientError(PlatformError):
    """5xx, timeouts, Graph is_transient/1/2: retry with backoff, then defer."""

    # True when the request may have reached the platform (timeout after
    # sending, connection dropped before the answer): reconcile before retrying.
    ambiguous = True


class RateLimited(PlatformError):
    """429, Graph 4/17/32/613, quotaExceeded, Instagram publishing limit: defer the platform."""


class AccountError(PlatformError):
    """The account or app needs the admin, not a retry: the token is rejected, a
    permission or scope is missing, the app is read-only, credits ran out.

    The engine pauses the platform for the rest of the run, leaves the articles
    retryable, and exits non-zero with ``message``, which names the fix."""

    def __init__(self, message: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.secrets = secrets


class AuthError(AccountError):
    """Token rejected or expired: name the secret to renew."""


class PermanentError(PlatformError):
    """The platform refused this post for good (bad media, too long...): mark failed."""


class Duplicate(PlatformError):
    """The platform says this content was already posted: reconcile."""


class NotLive(PlatformError):
    """The article URL does not answer 200 yet: defer."""


def redact(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """Remove every credential the process holds (``syndicate.redact``) and ``secrets``."""
    from syndicate.redact import redact as _redact

    return _redact(text, secrets)


PACIFIC = ZoneInfo("America/Los_Angeles")


def seconds_until_pacific_midnight(moment: datetime | None = None) -> float:
    """YouTube Data API quota resets at midnight Pacific Time
    (https://developers.google.com/youtube/v3/getting-started#quota); a few
    minutes' margin keeps the next try after the reset."""
    moment = moment or datetime.now(UTC)
    local = moment.astimezone(PACIFIC)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0, 5), tzinfo=PACIFIC)
    return (midnight - local).total_seconds()
