"""Error bodies in each platform's documented shape.

Sources:
- Graph API: https://developers.facebook.com/docs/graph-api/guides/error-handling
  and rate limits https://developers.facebook.com/docs/graph-api/overview/rate-limiting
- Instagram: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
- X API v2: https://docs.x.com/x-api/fundamentals/response-codes-and-errors
  (RFC 7807 problem objects: title, detail, type, status)
- Google APIs: https://cloud.google.com/apis/design/errors and the YouTube Data
  API errors page https://developers.google.com/youtube/v3/docs/errors
- Google OAuth token endpoint: https://developers.google.com/identity/protocols/oauth2/web-server#offline
"""

from __future__ import annotations

import secrets
import time

from bkd_sandbox.messages import Response


def fbtrace_id() -> str:
    return "A" + secrets.token_urlsafe(15)[:20]


def graph_error(
    status: int,
    code: int,
    message: str,
    *,
    subcode: int | None = None,
    error_type: str = "OAuthException",
    is_transient: bool = False,
    user_title: str | None = None,
    user_msg: str | None = None,
    headers: list[tuple[str, str]] | None = None,
) -> Response:
    error: dict = {"message": message, "type": error_type, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["is_transient"] = is_transient
    if user_title:
        error["error_user_title"] = user_title
    if user_msg:
        error["error_user_msg"] = user_msg
    error["fbtrace_id"] = fbtrace_id()
    # Graph also names the error in this header, which SDKs read before the body.
    extra = [("WWW-Authenticate", f'OAuth "Facebook Platform" "invalid_token" "{message}"')]
    return Response.json(status, {"error": error}, (extra if code == 190 else []) + (headers or []))


def graph_invalid_token() -> Response:
    return graph_error(400, 190, "Invalid OAuth access token - Cannot parse access token")


def graph_expired_token() -> Response:
    return graph_error(
        400,
        190,
        "Error validating access token: Session has expired on Friday, 27-Nov-26 "
        "23:00:00 PST. The current time is Saturday, 28-Nov-26 00:00:00 PST.",
        subcode=463,
    )


def graph_missing_token() -> Response:
    return graph_error(
        400,
        2500,
        "An active access token must be used to query information about the current user.",
    )


GRAPH_RATE_LIMIT_MESSAGES = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    32: "(#32) Page request limit reached",
    613: "(#613) Calls to this api have exceeded the rate limit.",
}


def graph_rate_limited(code: int, regain_seconds: int) -> Response:
    # Graph rate-limit errors are HTTP 400 with the code in the body; the usage
    # headers tell a client how long to back off (in minutes).
    minutes = max(1, (regain_seconds + 59) // 60)
    usage = (
        '{"call_count":100,"total_cputime":100,"total_time":100,'
        f'"estimated_time_to_regain_access":{minutes}}}'
    )
    header = "X-Page-Usage" if code == 32 else "X-App-Usage"
    return graph_error(
        400,
        code,
        GRAPH_RATE_LIMIT_MESSAGES.get(code, GRAPH_RATE_LIMIT_MESSAGES[4]),
        is_transient=True,
        headers=[(header, usage)],
    )


def graph_server_error(status: int) -> Response:
    if status == 503:
        return graph_error(503, 2, "Service temporarily unavailable", is_transient=True)
    return graph_error(
        status, 1, "An unknown error occurred", is_transient=True, error_type="OAuthException"
    )


def graph_unsupported(method: str, node: str) -> Response:
    return graph_error(
        400,
        100,
        f"Unsupported {method.lower()} request. Object with ID '{node}' does not exist, "
        "cannot be loaded due to missing permissions, or does not support this operation.",
        subcode=33,
        error_type="GraphMethodException",
    )


def graph_invalid_parameter(message: str, *, subcode: int | None = None) -> Response:
    return graph_error(400, 100, f"(#100) {message}", subcode=subcode)


def x_problem(
    status: int, title: str, detail: str, *, problem_type: str = "about:blank", **extra
) -> Response:
    payload = {"title": title, "detail": detail, "type": problem_type, "status": status}
    payload.update(extra)
    response = Response.json(status, payload)
    # X sends RFC 7807 problems with their own media type.
    response.headers = [("Content-Type", "application/problem+json")]
    return response


def x_unauthorized() -> Response:
    # The body X sends for a missing or bad OAuth 1.0a signature, as in its
    # OpenAPI "Problem" schema: {"title","type":"about:blank","status","detail"}.
    return x_problem(401, "Unauthorized", "Unauthorized")


def x_oauth1_permissions() -> Response:
    """A write by an app whose permission is Read only.

    Body as X sends it (reported verbatim in plhery/node-twitter-api-v2#493);
    the fix is the app's "User authentication settings" set to Read and write,
    then new access tokens. https://docs.x.com/fundamentals/developer-apps#app-permissions
    """
    return x_problem(
        403,
        "Forbidden",
        "Your client app is not configured with the appropriate oauth1 app "
        "permissions for this endpoint.",
        problem_type="https://api.twitter.com/2/problems/oauth1-permissions",
    )


def x_credits_depleted() -> Response:
    """Pay-per-use account out of credits (HTTP 402; body as reported by X users,
    koala73/worldmonitor#7156)."""
    return x_problem(
        402,
        "Payment Required",
        "credits depleted",
        problem_type="https://api.x.com/2/problems/credits-depleted",
    )


def x_client_forbidden() -> Response:
    """A plan or project without access to the endpoint (X "client-forbidden" problem,
    https://docs.x.com/x-api/fundamentals/response-codes-and-errors)."""
    return x_problem(
        403,
        "Client Forbidden",
        "When authenticating requests to the Twitter API v2 endpoints, you must use keys "
        "and tokens from a Twitter developer App that is attached to a Project.",
        problem_type="https://api.twitter.com/2/problems/client-forbidden",
        reason="client-not-enrolled",
    )


def x_rate_limited(limit: int, reset_epoch: int) -> Response:
    response = x_problem(429, "Too Many Requests", "Too Many Requests")
    response.headers += x_rate_headers(limit, 0, reset_epoch)
    return response


def x_rate_headers(limit: int, remaining: int, reset_epoch: int) -> list[tuple[str, str]]:
    return [
        ("x-rate-limit-limit", str(limit)),
        ("x-rate-limit-remaining", str(remaining)),
        ("x-rate-limit-reset", str(reset_epoch)),
    ]


def x_server_error(status: int) -> Response:
    title = "Service Unavailable" if status == 503 else "Internal Server Error"
    return x_problem(status, title, title)


def x_invalid_request(message: str, parameter: str, value: str) -> Response:
    return Response.json(
        400,
        {
            "errors": [{"parameters": {parameter: [value]}, "message": message}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        },
    )


def google_error(
    status: int,
    message: str,
    reason: str,
    *,
    domain: str = "global",
    status_name: str = "",
    **location,
) -> Response:
    item = {"message": message, "domain": domain, "reason": reason}
    item.update(location)
    names = {
        400: "INVALID_ARGUMENT",
        401: "UNAUTHENTICATED",
        403: "PERMISSION_DENIED",
        404: "NOT_FOUND",
        429: "RESOURCE_EXHAUSTED",
        500: "INTERNAL",
        503: "UNAVAILABLE",
    }
    payload = {
        "error": {
            "code": status,
            "message": message,
            "errors": [item],
            "status": status_name or names.get(status, "UNKNOWN"),
        }
    }
    return Response.json(status, payload)


def google_unauthorized() -> Response:
    response = google_error(
        401,
        "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
        "authError",
        location="Authorization",
        locationType="header",
    )
    response.headers.append(("WWW-Authenticate", 'Bearer realm="https://accounts.google.com/"'))
    return response


def youtube_quota_exceeded() -> Response:
    return google_error(
        403,
        "The request cannot be completed because you have exceeded your "
        '<a href="/youtube/v3/getting-started#quota">quota</a>.',
        "quotaExceeded",
        domain="youtube.quota",
    )


def youtube_rate_limited(retry_after: int) -> Response:
    response = google_error(
        429, "The request was rate limited.", "rateLimitExceeded", domain="youtube.quota"
    )
    response.headers.append(("Retry-After", str(retry_after)))
    return response


def google_server_error(status: int) -> Response:
    if status == 503:
        return google_error(503, "The service is currently unavailable.", "backendError")
    return google_error(500, "Backend Error", "backendError")


def oauth_error(status: int, error: str, description: str) -> Response:
    return Response.json(status, {"error": error, "error_description": description})


def retry_after_epoch(seconds: int) -> int:
    return int(time.time()) + seconds
