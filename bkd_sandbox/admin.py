"""The sandbox's own endpoints under ``/_sandbox/``: posts, faults, reset.

These are for tests and for people, never for the engine's production code
paths. Nothing here returns a token.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bkd_sandbox.faults import MODES
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.router import Router
from bkd_sandbox.timeline import public_posts

if TYPE_CHECKING:
    from bkd_sandbox.server import Sandbox

EXPIRABLE = ("facebook", "instagram", "x", "youtube")


def register(router: Router, sandbox: Sandbox) -> None:
    def posts(request: Request) -> Response:
        everything = public_posts(sandbox)
        platform = request.query.get("platform")
        if platform:
            return Response.json(200, {platform: everything.get(platform, [])})
        return Response.json(200, everything)

    def violations(request: Request) -> Response:
        with sandbox.state.lock:
            items = list(sandbox.state.data["violations"])
        return Response.json(200, {"count": len(items), "items": items})

    def list_faults(request: Request) -> Response:
        return Response.json(200, {"faults": sandbox.faults.list(), "modes": MODES})

    def arm_faults(request: Request) -> Response:
        try:
            body = request.json()
        except ValueError:
            return Response.json(400, {"error": "body must be JSON"})
        specs = body if isinstance(body, list) else [body]
        armed = []
        try:
            for spec in specs:
                if not isinstance(spec, dict):
                    raise ValueError("each fault must be an object")
                armed.append(
                    sandbox.faults.arm(
                        platform=str(spec.get("platform", "")),
                        mode=str(spec.get("mode", "")),
                        endpoint=str(spec.get("endpoint", "*")),
                        count=int(spec.get("count", 1)),
                        method=str(spec.get("method", "*")),
                        retry_after=int(spec.get("retry_after", 60)),
                        code=spec.get("code"),
                        after=int(spec.get("after", 0)),
                    )
                )
        except (TypeError, ValueError) as error:
            return Response.json(400, {"error": str(error)})
        return Response.json(201, {"armed": [fault.__dict__ for fault in armed]})

    def clear_faults(request: Request) -> Response:
        sandbox.faults.clear()
        return Response.json(200, {"faults": []})

    def reset(request: Request) -> Response:
        sandbox.faults.clear()
        sandbox.journal.clear()
        sandbox.state.reset()
        return Response.json(200, {"reset": True})

    def expire_token(request: Request) -> Response:
        try:
            body: dict[str, Any] = request.json() or {}
        except ValueError:
            body = {}
        platform = body.get("platform")
        if platform not in EXPIRABLE:
            return Response.json(400, {"error": f"platform must be one of {', '.join(EXPIRABLE)}"})
        expired = bool(body.get("expired", True))
        with sandbox.state.transaction() as data:
            current = set(data["expired"])
            current.add(platform) if expired else current.discard(platform)
            data["expired"] = sorted(current)
        return Response.json(200, {"expired": sorted(current)})

    def journal(request: Request) -> Response:
        entries = list(sandbox.journal)
        platform = request.query.get("platform")
        if platform:
            entries = [entry for entry in entries if entry["platform"] == platform]
        return Response.json(200, {"requests": entries})

    def health(request: Request) -> Response:
        return Response.json(200, {"ok": True})

    def public_config(request: Request) -> Response:
        config = sandbox.config
        return Response.json(
            200,
            {
                "graph_version": config.graph_version,
                "facebook": {
                    "page_id": config.facebook.page_id,
                    "username": config.facebook.username,
                },
                "instagram": {
                    "ig_user_id": config.instagram.ig_user_id,
                    "username": config.instagram.username,
                    "publishing_limit": config.instagram.publishing_limit,
                },
                "x": {"user_id": config.x.user_id, "username": config.x.username},
                "youtube": {
                    "channel_id": config.youtube.channel_id,
                    "daily_quota_units": config.youtube.daily_quota_units,
                },
            },
        )

    def usage(request: Request) -> Response:
        with sandbox.state.lock:
            windows = json.loads(json.dumps(sandbox.state.data["windows"]))
        return Response.json(200, {"windows": windows})

    router.add("GET", r"/_sandbox/posts", posts, "")
    router.add("GET", r"/_sandbox/violations", violations, "")
    router.add("GET", r"/_sandbox/faults", list_faults, "")
    router.add("POST", r"/_sandbox/faults", arm_faults, "")
    router.add("DELETE", r"/_sandbox/faults", clear_faults, "")
    router.add("POST", r"/_sandbox/reset", reset, "")
    router.add("POST", r"/_sandbox/expire-token", expire_token, "")
    router.add("GET", r"/_sandbox/requests", journal, "")
    router.add("GET", r"/_sandbox/health", health, "")
    router.add("GET", r"/_sandbox/config", public_config, "")
    router.add("GET", r"/_sandbox/usage", usage, "")
