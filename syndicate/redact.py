"""Every credential the process holds, and the one function that removes them.

A secret is not only what the environment holds: an access token minted from
the Google refresh token at run time is as good as the refresh token for an
hour, and platforms echo tokens back in error bodies. So the values live in one
registry, fed by the settings (``register_env``) and by whoever mints a token
(``register``; the YouTube credentials below do it on every refresh), and every
place that logs, prints, stores an error in the ledger or renders ``syndicate
status`` passes its text through ``redact``. Shapes that are credentials
whatever their value (``Authorization:`` headers, ``access_token=``, OAuth 1.0a
parameters, Google ``ya29.`` tokens) are masked too, for values never seen.

Redact first, then cut: ``clip`` never lets a secret straddle the cut.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Mapping

MASK = "[disembunyikan]"
# Shorter values are not masked by value (they would eat ordinary words);
# the patterns below still catch them in credential positions.
MIN_LENGTH = 6

_lock = threading.Lock()
_values: set[str] = set()

_PATTERNS = (
    # Authorization / Proxy-Authorization headers, any scheme, quoted or not.
    re.compile(
        r"(?i)\b((?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?)"
        r"((?:bearer|oauth|basic|token)\s+)?([^\s\"',;]+)"
    ),
    # key=value and "key": "value" for the names that carry credentials.
    re.compile(
        r"(?i)\b(access_token|refresh_token|id_token|client_secret|input_token|"
        r"oauth_[a-z_]*(?:token|signature|secret|key|nonce)|code|token|secret|signature|password)"
        r"([\"']?\s*[:=]\s*[\"']?)([^\s\"'&,;}<>]+)"
    ),
    # Google OAuth access tokens and Meta tokens by their shape.
    re.compile(r"()()\b(ya29\.[A-Za-z0-9_\-.]{10,}|EAA[A-Za-z0-9]{20,})"),
)


def register(value: str | None) -> None:
    """Remember a credential (a configured secret or a token minted at run time)."""
    if value and len(value.strip()) >= MIN_LENGTH:
        with _lock:
            _values.add(value.strip())


def register_env(env: Mapping[str, str], names: Iterable[str] | None = None) -> None:
    """Register every configured secret (``settings.SECRETS`` when ``names`` is None)."""
    if names is None:
        from syndicate.settings import SECRETS

        names = [name for group in SECRETS.values() for name in group]
    for name in names:
        register(env.get(name, ""))


def known() -> list[str]:
    with _lock:
        return sorted(_values, key=len, reverse=True)


def forget_all() -> None:
    """For tests: start from an empty registry."""
    with _lock:
        _values.clear()


def redact(text: object, extra: Iterable[str] = ()) -> str:
    """``text`` with every known credential and credential-shaped value masked."""
    out = str(text)
    values = sorted({*known(), *(v for v in extra if v and len(v) >= 4)}, key=len, reverse=True)
    for value in values:
        if value in out:
            out = out.replace(value, MASK)
    for pattern in _PATTERNS:
        out = pattern.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}{MASK}", out)
    return out


def clip(text: object, limit: int) -> str:
    """Redact, then shorten to ``limit`` characters."""
    safe = redact(text)
    return safe if len(safe) <= limit else safe[: max(0, limit - 1)] + "…"


class RedactingFilter(logging.Filter):
    """Masks credentials in every log record that passes a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 (a bad format string must not leak its args)
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install_logging_filter() -> None:
    """Attach the filter to the root logger's handlers (after ``basicConfig``)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def redacting_google_credentials():
    """google.oauth2 Credentials that register each access token they mint."""
    from google.oauth2.credentials import Credentials

    class RedactingCredentials(Credentials):
        def refresh(self, request) -> None:
            try:
                super().refresh(request)
            finally:
                register(self.token)

    return RedactingCredentials
