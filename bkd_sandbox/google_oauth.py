"""Google's OAuth 2.0 token endpoint, for the refresh-token grant only.

The engine holds a long-lived refresh token and exchanges it here for an
access token, exactly as ``google.oauth2.credentials.Credentials.refresh``
does against https://oauth2.googleapis.com/token
(https://developers.google.com/identity/protocols/oauth2/web-server#offline).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from bkd_sandbox.errors import oauth_error
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.router import Router

if TYPE_CHECKING:
    from bkd_sandbox.server import Sandbox

SCOPES = "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube"
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def register(router: Router, sandbox: Sandbox) -> None:
    router.add("POST", r"/oauth2/token", lambda request: exchange(sandbox, request), "google_oauth")


def exchange(sandbox: Sandbox, request: Request) -> Response:
    account = sandbox.config.youtube
    form = request.form()
    if form.get("grant_type") != "refresh_token":
        return oauth_error(
            400, "unsupported_grant_type", "Invalid grant_type: " + form.get("grant_type", "")
        )
    if (
        form.get("client_id") != account.client_id
        or form.get("client_secret") != account.client_secret
    ):
        return oauth_error(401, "invalid_client", "The OAuth client was not found.")
    if form.get("refresh_token") != account.refresh_token or sandbox.state.is_expired("youtube"):
        return oauth_error(400, "invalid_grant", "Token has been expired or revoked.")
    granted = set(account.granted_scopes.split())
    # google-auth sends the credentials' scopes with a refresh; asking for a
    # scope the user never granted is refused (RFC 6749 section 6: the scope
    # must not exceed the original grant; Google answers invalid_scope).
    requested = set(form.get("scope", "").split())
    if requested - granted:
        return oauth_error(400, "invalid_scope", "Bad Request")
    token = "ya29.sandbox-" + sandbox.state.token(TOKEN_ALPHABET, 40)
    with sandbox.state.transaction() as data:
        now = time.time()
        # Forget lapsed tokens so the state file does not grow without bound.
        data["google_tokens"] = {t: exp for t, exp in data["google_tokens"].items() if exp > now}
        data["google_tokens"][token] = now + account.access_token_lifetime_seconds
    return Response.json(
        200,
        {
            "access_token": token,
            "expires_in": account.access_token_lifetime_seconds,
            "scope": " ".join(sorted(requested or granted)),
            "token_type": "Bearer",
        },
    )


def access_token_valid(sandbox: Sandbox, token: str | None) -> bool:
    if not token or sandbox.state.is_expired("youtube"):
        return False
    with sandbox.state.lock:
        expires = sandbox.state.data["google_tokens"].get(token)
    return expires is not None and expires > time.time()
