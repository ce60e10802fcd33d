"""Plumbing shared by the Facebook and Instagram halves of the Graph API:
the ``fields`` parameter and cursor paging.

Paging: https://developers.facebook.com/docs/graph-api/results
"""

from __future__ import annotations

import base64
from typing import Any

from bkd_sandbox.messages import Request, Response


def fields_param(raw: str | None, default: list[str]) -> list[str]:
    """Top-level names of a Graph ``fields`` parameter; nested ``{...}`` is ignored."""
    if not raw:
        return default
    depth, names, current = 0, [], ""
    for char in raw:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            names.append(current.strip())
            current = ""
        elif depth == 0:
            current += char
    names.append(current.strip())
    return [name.split(".")[0] for name in names if name]


def paged(request: Request, items: list[dict]) -> Response:
    """Cursor paging as Graph does it: ``data`` plus ``paging.cursors``."""
    try:
        limit = max(1, min(100, int(request.query.get("limit", "25"))))
    except ValueError:
        limit = 25
    start = 0
    if after := request.query.get("after"):
        try:
            start = int(base64.urlsafe_b64decode(after.encode()).decode())
        except (ValueError, UnicodeDecodeError):
            start = 0
    page = items[start : start + limit]
    payload: dict[str, Any] = {"data": page}
    if page:
        cursor = lambda i: base64.urlsafe_b64encode(str(i).encode()).decode()  # noqa: E731
        payload["paging"] = {
            "cursors": {"before": cursor(start), "after": cursor(start + len(page))}
        }
        if start + limit < len(items):
            payload["paging"]["next"] = (
                f"{request.path}?limit={limit}&after={cursor(start + len(page))}"
                + (f"&fields={request.query['fields']}" if "fields" in request.query else "")
            )
    return Response.json(200, payload)
