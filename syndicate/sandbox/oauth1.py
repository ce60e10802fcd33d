"""OAuth 1.0a request checks for X user-context endpoints.

X rejects a request whose ``Authorization: OAuth ...`` header is missing,
names another app or user, or carries a wrong HMAC-SHA1 signature. The
signature base string follows RFC 5849 section 3.4.1: method, base URL, and the
sorted, percent-encoded oauth, query and form-body parameters.

The client signs the real host's URL (tweepy builds ``https://api.twitter.com``
URLs and a transport adapter rewrites them to the sandbox), so the check
accepts a signature over the real hosts or over the URL the sandbox received.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from urllib.parse import parse_qsl, quote, unquote

from syndicate.sandbox.messages import Request

REAL_HOSTS = ("https://api.twitter.com", "https://api.x.com", "https://upload.twitter.com")
_PARAM = re.compile(r'\s*([A-Za-z0-9_]+)="([^"]*)"\s*,?')


def parse_header(header: str) -> dict[str, str] | None:
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "oauth":
        return None
    params = {name: unquote(value) for name, value in _PARAM.findall(rest)}
    return params or None


def _encode(value: str) -> str:
    return quote(value, safe="~-._")


def signature_base_string(method: str, base_url: str, params: list[tuple[str, str]]) -> str:
    normalized = "&".join(
        f"{k}={v}" for k, v in sorted((_encode(k), _encode(v)) for k, v in params)
    )
    return "&".join([method.upper(), _encode(base_url), _encode(normalized)])


def sign(base_string: str, consumer_secret: str, token_secret: str) -> str:
    key = f"{_encode(consumer_secret)}&{_encode(token_secret)}".encode()
    digest = hmac.new(key, base_string.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def verify(
    request: Request,
    oauth: dict[str, str],
    *,
    consumer_secret: str,
    token_secret: str,
    family_prefix: str,
) -> bool:
    params = [(k, v) for k, v in oauth.items() if k not in ("oauth_signature", "realm")]
    params += list(request.query.items())
    if request.content_type == "application/x-www-form-urlencoded":
        params += parse_qsl(request.body.decode("utf-8"), keep_blank_values=True)
    route_path = (
        request.path[len(family_prefix) :]
        if request.path.startswith(family_prefix)
        else request.path
    )
    host = request.headers.get("Host") or ""
    candidates = [real + route_path for real in REAL_HOSTS] + [f"http://{host}{request.path}"]
    given = oauth.get("oauth_signature", "")
    for base_url in candidates:
        expected = sign(
            signature_base_string(request.method, base_url, params), consumer_secret, token_secret
        )
        if hmac.compare_digest(expected, given):
            return True
    return False
