"""OAuth 1.0a request checks for X user-context endpoints.

X rejects a request whose ``Authorization: OAuth ...`` header is missing,
names another app or user, or carries a wrong HMAC-SHA1 signature. The
signature covers the exact request: method, scheme, host, path and every
query, form-body and oauth parameter (RFC 5849 section 3.4.1). The base string
is built here with oauthlib's own functions (``collect_parameters``,
``normalize_parameters``, ``base_string_uri``, ``signature_base_string``,
``sign_hmac_sha1_with_client``), not re-implemented.

Which URL did the sandbox "receive"? Two honest answers, and only these two:

- the URL as it reached the socket: ``http://<Host header><path>``, for a
  client configured with the sandbox's base URL (``SYNDICATE_SANDBOX_URL``);
- the URL of the host the sandbox impersonates (``XAccount.api_host``,
  ``api.x.com``) plus the path inside the ``/x`` family, for a client whose
  transport rewrites ``https://api.x.com`` to the sandbox after signing.

A request signed for any other host (``api.twitter.com``, which tweepy's
``Client`` hard-codes) is refused with X's 401, as X refuses it.
"""

from __future__ import annotations

import hmac
import re
from types import SimpleNamespace
from urllib.parse import unquote

from oauthlib.oauth1.rfc5849 import signature as rfc5849

from bkd_sandbox.messages import Request

_PARAM = re.compile(r'\s*([A-Za-z0-9_]+)="([^"]*)"\s*,?')


def parse_header(header: str) -> dict[str, str] | None:
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "oauth":
        return None
    params = {name: unquote(value) for name, value in _PARAM.findall(rest)}
    return params or None


def signed_urls(request: Request, *, api_host: str, family_prefix: str) -> list[str]:
    """The URLs a valid signature may cover (see the module docstring)."""
    route_path = (
        request.path[len(family_prefix) :]
        if request.path.startswith(family_prefix)
        else request.path
    )
    urls = [f"https://{api_host}{route_path}"]
    host = request.headers.get("Host") or ""
    if host:
        urls.append(f"http://{host}{request.path}")
    return urls


def base_string(request: Request, url: str) -> str:
    """RFC 5849 3.4.1 signature base string of ``request`` as if sent to ``url``."""
    body = None
    # Only an urlencoded body is signed (3.4.1.3.1); JSON and multipart are not.
    if request.content_type == "application/x-www-form-urlencoded":
        body = request.body.decode("utf-8")
    params = rfc5849.collect_parameters(
        uri_query=request.raw_query,
        body=body,
        headers={"Authorization": request.headers.get("Authorization") or ""},
        exclude_oauth_signature=True,
        with_realm=False,
    )
    normalized = rfc5849.normalize_parameters(params)
    return rfc5849.signature_base_string(request.method, rfc5849.base_string_uri(url), normalized)


def verify(
    request: Request,
    oauth: dict[str, str],
    *,
    consumer_secret: str,
    token_secret: str,
    api_host: str,
    family_prefix: str,
) -> bool:
    given = oauth.get("oauth_signature", "")
    keys = SimpleNamespace(client_secret=consumer_secret, resource_owner_secret=token_secret)
    for url in signed_urls(request, api_host=api_host, family_prefix=family_prefix):
        expected = rfc5849.sign_hmac_sha1_with_client(base_string(request, url), keys)
        if hmac.compare_digest(expected, given):
            return True
    return False
