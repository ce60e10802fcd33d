"""How a platform call can end, other than with a post.

An expected refusal is data the engine acts on; the classes say which action.
Messages never contain a secret: adapters build them from the platform's error
text, which the ``redact`` helper scrubs once more before they are stored.
"""

from __future__ import annotations

import re


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


class AuthError(PlatformError):
    """Token rejected or expired: stop this platform for the run; name the secret to renew."""

    def __init__(self, message: str, secrets: tuple[str, ...]) -> None:
        super().__init__(message)
        self.secrets = secrets


class PermanentError(PlatformError):
    """The platform refused this post for good (bad media, too long...): mark failed."""


class Duplicate(PlatformError):
    """The platform says this content was already posted: reconcile."""


class NotLive(PlatformError):
    """The article URL does not answer 200 yet: defer."""


_TOKENISH = re.compile(
    r"(?i)(access_token|refresh_token|client_secret|oauth_[a-z_]+|token|secret|signature)"
    r"([\"']?\s*[:=]\s*[\"']?)([^\s\"'&,]+)"
)


def redact(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """Remove known secret values and anything that looks like key=secret."""
    for value in secrets:
        if value and len(value) >= 4:
            text = text.replace(value, "[disembunyikan]")
    return _TOKENISH.sub(lambda m: f"{m.group(1)}{m.group(2)}[disembunyikan]", text)
