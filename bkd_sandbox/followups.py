"""What happens to a post after it is made: edits, comments, replies, deletions.

Corrections and withdrawals (``syndicate`` follow-ups) use these endpoints;
each follows the platform's reference, recorded in docs/corrections.md:

- Facebook Page post update, ``POST /{page-post-id}`` with ``message``
  (answers ``{"success": true}``), and ``DELETE /{page-post-id}``
  (https://developers.facebook.com/docs/pages-api/posts, "Update a post",
  "Delete a post"). A deleted post's id answers Graph's code 100, subcode 33.
- Instagram media: ``POST /{ig-media-id}`` updates only ``comment_enabled``
  (IG Media reference, "Updating"); a caption cannot be changed and the
  media cannot be deleted through the API. ``POST /{ig-media-id}/comments``
  with ``message`` makes a comment as the account, ``GET`` lists them
  (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments);
  the comments are kept with everyone else's, which ``bkd_sandbox/listening.py``
  lists.
- X: ``POST /2/tweets`` with ``reply.in_reply_to_tweet_id`` (handled in x.py),
  ``DELETE /2/tweets/:id`` answering ``{"data": {"deleted": true}}``
  (X API v2 "Manage Posts"; tweepy ``Client.delete_tweet``).
- YouTube ``videos.update`` (``PUT /youtube/v3/videos?part=...``): the parts
  named replace every mutable property they hold; ``snippet`` needs ``title``
  and ``categoryId``; 50 quota units
  (https://developers.google.com/youtube/v3/docs/videos/update).

Every change is also written to ``state["changes"]``, which the viewer shows
and ``GET /_sandbox/followups`` returns to tests.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from bkd_sandbox.errors import (
    google_error,
    graph_error,
    graph_invalid_parameter,
    graph_unsupported,
)
from bkd_sandbox.graph import PREFIX as GRAPH
from bkd_sandbox.graph import GraphApi
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.router import Router
from bkd_sandbox.state import empty_state, now_iso
from bkd_sandbox.x import PREFIX as X_PREFIX
from bkd_sandbox.x import XApi
from bkd_sandbox.youtube import API as YT_API
from bkd_sandbox.youtube import API_PREFIX as YT_PREFIX
from bkd_sandbox.youtube import MAX_DESCRIPTION_BYTES, MAX_TITLE, YouTubeApi

if TYPE_CHECKING:
    from bkd_sandbox.server import Sandbox

# videos.update: the properties of each part a caller may set (videos resource).
MUTABLE = {
    "snippet": ("title", "description", "tags", "categoryId", "defaultLanguage"),
    "status": (
        "privacyStatus",
        "embeddable",
        "license",
        "publicStatsViewable",
        "publishAt",
        "selfDeclaredMadeForKids",
    ),
}
PRIVACY = ("public", "private", "unlisted")


def register(router: Router, sandbox: Sandbox) -> None:
    api = FollowUpApi(sandbox)
    node = r"/(?P<node>[0-9_]+)"
    graph = api.graph
    router.add("POST", GRAPH + node + r"/comments", api.create_comment, graph.platform_of, GRAPH)
    router.add("POST", GRAPH + node, api.update_object, graph.platform_of, GRAPH)
    router.add("DELETE", GRAPH + node, api.delete_object, graph.platform_of, GRAPH)
    router.add(
        "DELETE",
        r"/x/2/tweets/(?P<tweet_id>\d+)",
        api.x.account_gate(api.delete_tweet, write=True),
        "x",
        X_PREFIX,
    )
    router.add("PUT", YT_API + r"/videos", api.update_video, "youtube", YT_PREFIX)
    router.add("GET", r"/_sandbox/followups", api.dump, "")
    # Tests of follow-ups start each seeded schedule from the same posts.
    router.add("GET", r"/_sandbox/state", api.save_state, "")
    router.add("PUT", r"/_sandbox/state", api.load_state, "")


class FollowUpApi:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.state = sandbox.state
        self.graph = GraphApi(sandbox)
        self.x = XApi(sandbox)
        self.youtube = YouTubeApi(sandbox)

    def _log(self, data: dict, platform: str, kind: str, target: str, **detail: Any) -> None:
        data.setdefault("changes", []).append(
            {"platform": platform, "kind": kind, "target": target, "time": time.time(), **detail}
        )

    # --- Graph: Facebook post update/delete, Instagram comments ------------

    def update_object(self, request: Request) -> Response:
        node = request.params["node"]
        platform = request.platform
        if denied := self.graph._auth(request, platform):
            return denied
        if denied := self.graph._missing_permission(platform):
            return denied
        params = self.graph._params(request)
        with self.state.transaction() as data:
            if platform == "facebook":
                post = _find(data["posts"]["facebook"], node)
                if post is None:
                    return graph_unsupported("POST", node)
                if "message" not in params:
                    return graph_invalid_parameter("Nothing to update: give message")
                before = post["message"]
                post["message"] = params["message"]
                post["updated_time"] = now_iso()
                self._log(data, "facebook", "edit", node, before=before, after=post["message"])
                return Response.json(200, {"success": True})
            media = _find(data["posts"]["instagram"], node)
            if media is None:
                return graph_unsupported("POST", node)
            unsupported = sorted(set(params) - {"comment_enabled"})
            if unsupported:
                # IG Media "Updating" takes comment_enabled only: captions are final.
                return graph_invalid_parameter(
                    f"Param {unsupported[0]} is not supported on IG Media updates"
                )
            media["comment_enabled"] = params.get("comment_enabled", "true") == "true"
            return Response.json(200, {"success": True})

    def delete_object(self, request: Request) -> Response:
        node = request.params["node"]
        platform = request.platform
        if denied := self.graph._auth(request, platform):
            return denied
        if platform != "facebook":
            # IG Media has no Deleting operation in the Graph API reference.
            return graph_unsupported("DELETE", node)
        if denied := self.graph._missing_permission("facebook"):
            return denied
        with self.state.transaction() as data:
            post = _find(data["posts"]["facebook"], node)
            if post is None:
                return graph_unsupported("DELETE", node)
            data["posts"]["facebook"].remove(post)
            data.setdefault("deleted", []).append(post)
            self._log(data, "facebook", "delete", node, before=post["message"])
        return Response.json(200, {"success": True})

    def create_comment(self, request: Request) -> Response:
        node = request.params["node"]
        if request.platform != "instagram":
            return graph_unsupported("POST", f"{node}/comments")
        if denied := self.graph._auth(request, "instagram"):
            return denied
        if denied := self.graph._missing_permission("instagram"):
            return denied
        message = self.graph._params(request).get("message", "")
        if not message:
            return graph_invalid_parameter("The parameter message is required")
        if len(message) > 2200:
            return graph_invalid_parameter("Comment is too long")
        comment_id = "178" + self.state.numeric_id(14)
        with self.state.transaction() as data:
            media = _find(data["posts"]["instagram"], node)
            if media is None:
                return graph_unsupported("POST", f"{node}/comments")
            if media.get("comment_enabled") is False:
                return graph_error(400, 100, "(#100) Comments are disabled for this media")
            # The account's own comment, in the store GET /{ig-media-id}/comments
            # lists from (bkd_sandbox/listening.py).
            data.setdefault("comments", []).append(
                {
                    "platform": "instagram",
                    "id": comment_id,
                    "post_id": node,
                    "parent_id": None,
                    "text": message,
                    "own": True,
                    "author": self.sandbox.config.instagram.username,
                    "author_id": self.sandbox.config.instagram.ig_user_id,
                    "created_at": time.time(),
                    "deleted": False,
                }
            )
            self._log(data, "instagram", "comment", node, after=message, result=comment_id)
        return Response.json(200, {"id": comment_id})

    # --- X: delete ------------------------------------------------------------

    def delete_tweet(self, request: Request) -> Response:
        tweet_id = request.params["tweet_id"]
        with self.state.transaction() as data:
            tweet = _find(data["posts"]["x"], tweet_id)
            if tweet is None:
                # X answers a second delete of the same post with deleted: false.
                return Response.json(200, {"data": {"deleted": False}})
            data["posts"]["x"].remove(tweet)
            data.setdefault("deleted", []).append(tweet)
            self._log(data, "x", "delete", tweet_id, before=tweet["text"])
        return Response.json(200, {"data": {"deleted": True}})

    # --- YouTube: videos.update -------------------------------------------

    def update_video(self, request: Request) -> Response:
        if denied := self.youtube._check(request, 50):
            return denied
        part = request.query.get("part", "")
        parts = [p.strip() for p in part.split(",") if p.strip()]
        if not parts or any(p not in MUTABLE for p in parts):
            return google_error(400, f"Unsupported part {part!r}", "unexpectedPart")
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return google_error(400, "Parse Error", "parseError")
        video_id = body.get("id", "")
        with self.state.transaction() as data:
            video = _find(data["posts"]["youtube"], video_id)
            if video is None:
                return google_error(
                    404, "Video not found.", "videoNotFound", domain="youtube.video"
                )
            if "snippet" in parts:
                snippet = body.get("snippet") or {}
                if not snippet.get("title") or not snippet.get("categoryId"):
                    return google_error(
                        400,
                        "The request metadata must specify a title and categoryId.",
                        "invalidVideoMetadata",
                        domain="youtube.video",
                    )
                description = snippet.get("description", "")
                if (
                    len(snippet["title"]) > MAX_TITLE
                    or len(description.encode()) > MAX_DESCRIPTION_BYTES
                    or "<" in description
                    or ">" in description
                ):
                    return google_error(
                        400,
                        "Invalid video description or title.",
                        "invalidDescription",
                        domain="youtube.video",
                    )
                before = video["snippet"]["description"]
                for key in MUTABLE["snippet"]:
                    # The part replaces every mutable property: one left out is cleared.
                    if key in snippet:
                        video["snippet"][key] = snippet[key]
                    elif key != "categoryId":
                        video["snippet"].pop(key, None)
                video["snippet"]["localized"] = {
                    "title": video["snippet"]["title"],
                    "description": video["snippet"].get("description", ""),
                }
                self._log(
                    data,
                    "youtube",
                    "edit",
                    video_id,
                    before=before,
                    after=video["snippet"].get("description", ""),
                )
            if "status" in parts:
                status = body.get("status") or {}
                privacy = status.get("privacyStatus")
                if privacy not in PRIVACY:
                    return google_error(400, "Invalid privacy status.", "invalidPrivacyStatus")
                before = video["status"]["privacyStatus"]
                for key in MUTABLE["status"]:
                    if key in status:
                        video["status"][key] = status[key]
                self._log(data, "youtube", "privacy", video_id, before=before, after=privacy)
            resource = self.youtube._video_resource(video, ",".join(parts))
        return Response.json(200, resource)

    # --- for tests and the viewer -----------------------------------------

    def dump(self, request: Request) -> Response:
        snapshot = self.state.snapshot()
        ig_comments: dict[str, list[dict]] = {}
        for comment in snapshot.get("comments", []):
            if comment["platform"] == "instagram" and comment["own"] and not comment["deleted"]:
                ig_comments.setdefault(comment["post_id"], []).append(
                    {"id": comment["id"], "text": comment["text"]}
                )
        return Response.json(
            200,
            {
                "changes": snapshot.get("changes", []),
                "ig_comments": ig_comments,
                "deleted": [
                    {"platform": p.get("platform"), "id": p["id"]}
                    for p in snapshot.get("deleted", [])
                ],
            },
        )

    def save_state(self, request: Request) -> Response:
        return Response.json(200, self.state.snapshot())

    def load_state(self, request: Request) -> Response:
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return Response.json(400, {"error": "state must be JSON"})
        with self.state.transaction() as current:
            current.clear()
            current.update(empty_state())
            current.update(data)
        self.sandbox.faults.clear()
        return Response.json(200, {"loaded": True})


def _find(items: list[dict], item_id: str) -> dict | None:
    return next((item for item in items if item["id"] == item_id), None)
