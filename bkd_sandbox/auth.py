"""Who is calling: token extraction and checks shared by the API families."""

from __future__ import annotations

from bkd_sandbox.messages import Request


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer|OAuth <token>`` header, if any."""
    header = request.headers.get("Authorization") or ""
    scheme, _, value = header.partition(" ")
    value = value.strip()
    # "OAuth oauth_consumer_key=..., oauth_signature=..." is an OAuth 1.0a
    # signature (X), not a Graph token sent with the "OAuth" scheme.
    if scheme.lower() == "oauth" and "oauth_" in value:
        return None
    if scheme.lower() in ("bearer", "oauth") and value:
        return value
    return None


def graph_token(request: Request) -> tuple[str | None, str]:
    """The Graph access token and where it came from: header, body or query.

    Graph accepts all three; the server counts the query form as a violation.
    """
    token = bearer_token(request)
    if token:
        return token, "header"
    form = request.form() if request.method in ("POST", "PUT", "DELETE") else {}
    if form.get("access_token"):
        return form["access_token"], "body"
    if request.query.get("access_token"):
        return request.query["access_token"], "query"
    return None, ""
