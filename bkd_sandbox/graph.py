"""Graph API: routes and what the Facebook and Instagram halves share (one
host, one id space, one token check, ``GET /{id}`` for every object).

Errors: https://developers.facebook.com/docs/graph-api/guides/error-handling
The endpoints themselves are in facebook.py and instagram.py.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from bkd_sandbox.auth import graph_token
from bkd_sandbox.errors import (
    graph_error,
    graph_expired_token,
    graph_invalid_token,
    graph_missing_token,
    graph_rate_limited,
    graph_unsupported,
)
from bkd_sandbox.facebook import FacebookEndpoints
from bkd_sandbox.graph_common import fields_param
from bkd_sandbox.instagram import InstagramEndpoints, container_status_text, media_fields
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.router import Router

if TYPE_CHECKING:
    from bkd_sandbox.server import Sandbox

PREFIX = r"/graph/v\d+\.\d+"


def register(router: Router, sandbox: Sandbox) -> None:
    api = GraphApi(sandbox)
    node = r"/(?P<node>[0-9_]+)"
    router.add("POST", PREFIX + node + r"/feed", api.create_feed_post, api.platform_of, PREFIX)
    router.add("GET", PREFIX + node + r"/feed", api.list_feed, api.platform_of, PREFIX)
    router.add("POST", PREFIX + node + r"/photos", api.create_photo, api.platform_of, PREFIX)
    router.add("POST", PREFIX + node + r"/media", api.create_container, api.platform_of, PREFIX)
    router.add("GET", PREFIX + node + r"/media", api.list_media, api.platform_of, PREFIX)
    router.add(
        "POST", PREFIX + node + r"/media_publish", api.publish_container, api.platform_of, PREFIX
    )
    router.add(
        "GET",
        PREFIX + node + r"/content_publishing_limit",
        api.publishing_limit,
        api.platform_of,
        PREFIX,
    )
    router.add("GET", PREFIX + node, api.get_object, api.platform_of, PREFIX)
    router.add("GET", PREFIX + r"/debug_token", api.debug_token, "facebook", PREFIX)


class GraphApi(FacebookEndpoints, InstagramEndpoints):
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.config = sandbox.config
        self.state = sandbox.state

    # --- routing helpers -------------------------------------------------

    def platform_of(self, request: Request) -> str:
        node = request.params.get("node", "")
        if node == self.config.instagram.ig_user_id:
            return "instagram"
        if node == self.config.facebook.page_id or "_" in node:
            return "facebook"
        with self.state.lock:
            data = self.state.data
            if node in data["ig_containers"] or any(
                p["id"] == node for p in data["posts"]["instagram"]
            ):
                return "instagram"
        return "facebook"

    def _auth(self, request: Request, platform: str) -> Response | None:
        token, _where = graph_token(request)
        if not token:
            return graph_missing_token()
        account = self.config.facebook if platform == "facebook" else self.config.instagram
        if token != account.access_token:
            return graph_invalid_token()
        if self.state.is_expired(platform):
            return graph_expired_token()
        if platform == "facebook":
            allowed, _remaining, reset_at = self.state.take_window(
                "facebook:calls", account.calls_per_window, account.window_seconds
            )
            if not allowed:
                return graph_rate_limited(
                    account.rate_limit_code, max(1, reset_at - int(time.time()))
                )
        return None

    def _own_edge(self, request: Request, platform: str) -> Response | None:
        """The common start of every Page/IG-user edge: the node must be the
        sandbox's own account (else Graph's "unsupported request"), then auth,
        then, for writes, the permission that posting needs."""
        node = request.params["node"]
        own = (
            self.config.facebook.page_id
            if platform == "facebook"
            else self.config.instagram.ig_user_id
        )
        if node != own:
            return graph_unsupported(request.method, node)
        if denied := self._auth(request, platform):
            return denied
        if request.method == "POST":
            return self._missing_permission(platform)
        return None

    def _missing_permission(self, platform: str) -> Response | None:
        # Codes 200 and 10 are the "permission denied" family of the Graph error
        # table (developers.facebook.com/docs/graph-api/guides/error-handling);
        # the messages are the ones Graph sends for Page posts and IG publishing.
        scopes = set(self.config.facebook.scopes)
        page_posting = {"pages_manage_posts", "pages_read_engagement"}
        ig_publishing = {"instagram_basic", "instagram_content_publish"}
        if platform == "facebook" and not page_posting <= scopes:
            return graph_error(
                403,
                200,
                "(#200) If posting to a page, requires both pages_read_engagement and "
                "pages_manage_posts as an admin with sufficient administrative permission",
            )
        if platform == "instagram" and not ig_publishing <= scopes:
            return graph_error(
                403, 10, "(#10) Application does not have permission for this action"
            )
        return None

    # --- GET /debug_token --------------------------------------------------

    def debug_token(self, request: Request) -> Response:
        """Metadata of ``input_token``: validity, type, the Page, scopes.
        https://developers.facebook.com/docs/graph-api/reference/debug_token"""
        if denied := self._auth(request, "facebook"):
            if self.state.is_expired("facebook"):
                return self._debug_expired()
            return denied
        page = self.config.facebook
        if request.query.get("input_token") != page.access_token:
            return graph_invalid_token()
        now = int(time.time())
        return Response.json(
            200,
            {
                "data": {
                    "app_id": "1234567890123456",
                    "type": "PAGE",
                    "application": "BKD NTT Sindikasi",
                    "data_access_expires_at": now + 90 * 86400,
                    "expires_at": 0,
                    "is_valid": True,
                    "issued_at": now - 86400,
                    "profile_id": page.page_id,
                    "scopes": list(page.scopes),
                    "granular_scopes": [
                        {"scope": scope, "target_ids": [page.page_id]}
                        for scope in page.scopes
                        if scope.startswith("pages_")
                    ],
                    "user_id": "100000000000001",
                }
            },
        )

    def _debug_expired(self) -> Response:
        now = int(time.time())
        return Response.json(
            200,
            {
                "data": {
                    "app_id": "1234567890123456",
                    "type": "PAGE",
                    "is_valid": False,
                    "expires_at": now - 3600,
                    "error": {
                        "code": 190,
                        "subcode": 463,
                        "message": "Error validating access token: Session has expired.",
                    },
                    "scopes": [],
                }
            },
        )

    def _params(self, request: Request) -> dict[str, str]:
        params = dict(request.query)
        params.pop("access_token", None)
        if request.method == "POST":
            params.update(request.form())
        params.pop("access_token", None)
        return params

    # --- GET /{id} -------------------------------------------------------

    def get_object(self, request: Request) -> Response:
        node = request.params["node"]
        platform = request.platform or self.platform_of(request)
        if denied := self._auth(request, platform):
            return denied
        with self.state.lock:
            data = self.state.data
            if node == self.config.facebook.page_id:
                fields = fields_param(request.query.get("fields"), ["name", "id"])
                page = {
                    "id": node,
                    "name": self.config.facebook.name,
                    "username": self.config.facebook.username,
                }
                # Graph leaves the field out when no IG account is linked.
                if self.config.facebook.instagram_linked:
                    page["instagram_business_account"] = {"id": self.config.instagram.ig_user_id}
                return Response.json(200, {k: page[k] for k in fields if k in page} | {"id": node})
            if node == self.config.instagram.ig_user_id:
                user = {
                    "id": node,
                    "username": self.config.instagram.username,
                    "media_count": len(data["posts"]["instagram"]),
                }
                fields = fields_param(request.query.get("fields"), ["id"])
                return Response.json(200, {k: user[k] for k in fields if k in user} | {"id": node})
            for post in data["posts"]["facebook"]:
                if post["id"] == node:
                    fields = fields_param(
                        request.query.get("fields"), ["created_time", "message", "id"]
                    )
                    return Response.json(200, self._post_fields(post, fields))
            if node in data["fb_photos"]:
                photo = data["fb_photos"][node]
                return Response.json(200, {"id": node, "created_time": photo["created_time"]})
            container = data["ig_containers"].get(node)
            if container is not None:
                status = self._container_status(container)
                fields = fields_param(request.query.get("fields"), ["id"])
                out: dict[str, Any] = {}
                if "status_code" in fields:
                    out["status_code"] = status
                if "status" in fields:
                    out["status"] = container_status_text(status)
                out["id"] = node
                return Response.json(200, out)
            for media in data["posts"]["instagram"]:
                if media["id"] == node:
                    fields = fields_param(request.query.get("fields"), ["id"])
                    return Response.json(200, media_fields(media, fields))
        return graph_unsupported("GET", node)
