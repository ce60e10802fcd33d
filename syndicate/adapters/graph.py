"""Graph API calls shared by the Facebook and Instagram adapters (requests).

The token goes in the ``Authorization`` header, never in the URL. Error bodies
``{"error": {"message", "type", "code", "error_subcode", "is_transient"}}`` map to
the engine's error classes:
https://developers.facebook.com/docs/graph-api/guides/error-handling/
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from syndicate.errors import (
    AuthError,
    Duplicate,
    PermanentError,
    RateLimited,
    TransientError,
)

RATE_LIMIT_CODES = {4, 17, 32, 613}
TRANSIENT_CODES = {1, 2}
PERMISSION_CODES = {10} | set(range(200, 300))


@dataclass(frozen=True)
class GraphRequest:
    """One Graph call, as data: a preview shows it, a publish sends it."""

    method: str
    path: str
    data: dict[str, Any] | None = None
    params: dict[str, Any] | None = None

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"method": self.method, "path": "/" + self.path.lstrip("/")}
        if self.data is not None:
            out["data"] = self.data
        if self.params is not None:
            out["params"] = self.params
        return out


def _new_id(body: dict[str, Any]) -> str:
    return body["id"]


class GraphClient:
    def __init__(self, adapter, token_env: str) -> None:
        self.adapter = adapter
        self.token_env = token_env

    def step(
        self,
        call,
        step: str,
        request: GraphRequest,
        perform: Callable[[GraphRequest], Any] | None = None,
    ) -> Any:
        """The one performer of the Graph family: ``call`` gets the request's
        description and a function that sends that same request (by default
        ``send`` and the new object's id; ``perform`` for polling or a fallback)."""
        run = perform or (lambda req: _new_id(self.send(req)))
        return call(step, request.describe(), lambda: run(request))

    def send(self, request: GraphRequest) -> dict[str, Any]:
        return self.request(request.method, request.path, request.data, request.params)

    def request(
        self, method: str, path: str, data: dict | None = None, params: dict | None = None
    ) -> dict[str, Any]:
        settings = self.adapter.settings
        url = f"{settings.graph_url}/{path.lstrip('/')}"
        headers = {"Authorization": f"Bearer {self.adapter.secret(self.token_env)}"}
        try:
            response = self.adapter.http.request(
                method,
                url,
                data=data,
                params=params,
                headers=headers,
                timeout=settings.http_timeout,
            )
        except requests.RequestException as exc:
            raise TransientError(
                f"{self.adapter.label}: {method} /{path.split('?')[0]} gagal: {type(exc).__name__}"
            ) from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code < 400 and "error" not in body:
            return body
        raise self.error(response, body, method, path)

    def error(self, response, body: dict, method: str, path: str) -> Exception:
        label = self.adapter.label
        info = body.get("error") if isinstance(body, dict) else None
        if not isinstance(info, dict):
            if response.status_code >= 500 or response.status_code == 429:
                return TransientError(f"{label}: HTTP {response.status_code} pada {method} {path}")
            return PermanentError(f"{label}: HTTP {response.status_code} pada {method} {path}")
        code = info.get("code")
        subcode = info.get("error_subcode")
        text = self.adapter.safe(
            f"{label}: {info.get('message', 'error')} (code {code}"
            + (f", subcode {subcode}" if subcode else "")
            + ")"
        )
        retry_after = _retry_after(response)
        if code == 190 or (code == 102):
            return AuthError(
                f"{text}. Token ditolak atau kedaluwarsa: perbarui {self.token_env}",
                (self.token_env,),
            )
        if code in PERMISSION_CODES:
            return AuthError(
                f"{text}. Token kurang izin: buat ulang {self.token_env} dengan izin yang "
                "disebut README",
                (self.token_env,),
            )
        if code in RATE_LIMIT_CODES or code == 9 or subcode == 2207042 or code == 368:
            return RateLimited(text, retry_after=retry_after)
        if code == 506:
            return Duplicate(text)
        if info.get("is_transient") or code in TRANSIENT_CODES or response.status_code >= 500:
            return TransientError(text, retry_after=retry_after)
        if subcode == 2207027:  # Instagram media not ready yet
            return TransientError(text)
        return PermanentError(text)


def _retry_after(response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value else None
    except ValueError:
        return None
