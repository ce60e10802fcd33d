"""The read side the listening and the monthly report use: comments, replies,
mentions and per-post metrics, on the four platforms' documented payloads.

- Facebook: ``GET /{post-id}/comments`` (``filter=stream`` lists replies too,
  each with ``parent``), cursor paging as every Graph edge:
  https://developers.facebook.com/docs/graph-api/reference/object/comments
  https://developers.facebook.com/docs/graph-api/results
- Instagram: ``GET /{ig-media-id}/comments`` (``id``, ``text``, ``timestamp``,
  ``username``, ``from``) and ``GET /{ig-comment-id}/replies``:
  https://developers.facebook.com/docs/instagram-api/guides/comment-moderation
- Post metrics: ``GET /{post-id}/insights?metric=...`` (Facebook Page post
  insights) and ``GET /{ig-media-id}/insights?metric=...`` (Instagram media
  insights), both answering ``{"data": [{"name", "period", "values":
  [{"value"}], "title", "description", "id"}]}``:
  https://developers.facebook.com/docs/graph-api/reference/insights
  https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
- YouTube: ``commentThreads.list`` by ``videoId`` with ``pageToken``
  (``snippet.topLevelComment``, ``snippet.totalReplyCount``,
  ``replies.comments``): https://developers.google.com/youtube/v3/docs/commentThreads
  and ``videos.list`` ``part=statistics`` (youtube.py).
- X: ``GET /2/users/{id}/mentions`` (``since_id``, ``pagination_token``,
  ``expansions=author_id``) and ``GET /2/tweets?ids=`` with ``public_metrics``:
  https://docs.x.com/x-api/posts/timelines/introduction

Deleted comments are left out of every listing, as the platforms do; a
listing's cursor is a position in the full list, so a comment deleted between
two pages shifts nothing. Rate limits and faults are the sandbox's own: the
Graph call window, the YouTube quota and the X read window apply, and
``/_sandbox/faults`` arms any fault on these paths.

Tests and the ``make serve`` demo seed comments and metrics through
``POST /_sandbox/comments`` and ``POST /_sandbox/metrics``.
"""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING, Any

from bkd_sandbox.errors import google_error, graph_error, graph_unsupported, x_invalid_request
from bkd_sandbox.graph import GraphApi
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.router import Router
from bkd_sandbox.state import iso_z
from bkd_sandbox.x import XApi, read_page_size
from bkd_sandbox.youtube import YouTubeApi, etag

if TYPE_CHECKING:
    from bkd_sandbox.server import Sandbox

GRAPH = r"/graph/v\d+\.\d+"
NODE = r"/(?P<node>[0-9_]+)"
# Metric names the sandbox answers; others get Graph's "invalid metric" (#100).
FACEBOOK_METRICS = ("post_total_media_view_unique", "post_media_view", "post_clicks")
INSTAGRAM_METRICS = ("reach", "views", "total_interactions", "likes", "comments", "saved")
READ_SCOPES = {
    "facebook": {"pages_read_engagement", "pages_read_user_content"},
    "instagram": {"instagram_basic", "instagram_manage_comments"},
}
INSIGHT_SCOPES = {"facebook": {"read_insights"}, "instagram": {"instagram_manage_insights"}}


def graph_time(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + "+0000"


def register(router: Router, sandbox: Sandbox) -> None:
    api = ListeningApi(sandbox)
    graph_platform = api.graph_platform
    router.add("GET", GRAPH + NODE + r"/comments", api.graph_comments, graph_platform, GRAPH)
    router.add("GET", GRAPH + NODE + r"/replies", api.ig_replies, "instagram", GRAPH)
    router.add("GET", GRAPH + NODE + r"/insights", api.insights, graph_platform, GRAPH)
    router.add(
        "GET", r"/youtube/youtube/v3/commentThreads", api.comment_threads, "youtube", r"/youtube"
    )
    x = api.x
    router.add(
        "GET",
        r"/x/2/users/(?P<user_id>\d+)/mentions",
        x.account_gate(api.mentions, write=False),
        "x",
        "/x",
    )
    router.add("GET", r"/x/2/tweets", x.account_gate(api.tweets_lookup, write=False), "x", "/x")
    router.add("POST", r"/_sandbox/comments", api.seed_comment, "")
    router.add("DELETE", r"/_sandbox/comments/(?P<comment_id>[\w.-]+)", api.delete_comment, "")
    router.add("POST", r"/_sandbox/metrics", api.seed_metrics, "")


class ListeningApi:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.state = sandbox.state
        self.config = sandbox.config
        self.graph = GraphApi(sandbox)
        self.x = XApi(sandbox)
        self.youtube = YouTubeApi(sandbox)

    # --- seeding (tests, make serve) ---------------------------------------

    def seed_comment(self, request: Request) -> Response:
        """``{"platform", "post_id", "text", "author", "parent_id"?, "own"?,
        "age_hours"?}``: one comment (or reply) on one of the account's posts.
        ``own`` makes it the account's own reply."""
        try:
            body = request.json() or {}
        except ValueError:
            return Response.json(400, {"error": "body must be JSON"})
        platform = body.get("platform")
        if platform not in ("facebook", "instagram", "x", "youtube"):
            return Response.json(400, {"error": "platform must be facebook/instagram/x/youtube"})
        if not body.get("post_id") or not isinstance(body.get("text"), str):
            return Response.json(400, {"error": "post_id and text are required"})
        created = time.time() - float(body.get("age_hours") or 0) * 3600
        own = bool(body.get("own"))
        comment = {
            "platform": platform,
            "id": self._new_id(platform, body),
            "post_id": str(body["post_id"]),
            "parent_id": str(body["parent_id"]) if body.get("parent_id") else None,
            "text": body["text"],
            "own": own,
            "author": body.get("author") or "Warga",
            "author_id": self._author_id(platform, own, body.get("author") or "Warga"),
            "created_at": created,
            "deleted": False,
        }
        with self.state.transaction() as data:
            data.setdefault("comments", []).append(comment)
        return Response.json(201, {"id": comment["id"]})

    def _new_id(self, platform: str, body: dict) -> str:
        if body.get("id"):
            return str(body["id"])
        if platform == "facebook":
            return f"{body['post_id'].split('_')[-1]}_{self.state.numeric_id(16)}"
        if platform == "instagram":
            return "178" + self.state.numeric_id(14)
        if platform == "x":
            # Snowflakes grow with time; two in one millisecond must too.
            with self.state.lock:
                known = [
                    int(c["id"])
                    for c in self.state.data.get("comments", [])
                    if c["platform"] == "x"
                ]
                known += [int(t["id"]) for t in self.state.data["posts"]["x"]]
            return str(max([int(self.state.snowflake()), *(k + 1 for k in known)]))
        return "Ug" + self.state.token("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 24)

    def _author_id(self, platform: str, own: bool, author: str) -> str:
        if own:
            return {
                "facebook": self.config.facebook.page_id,
                "instagram": self.config.instagram.ig_user_id,
                "x": self.config.x.user_id,
                "youtube": self.config.youtube.channel_id,
            }[platform]
        digest = str(abs(hash(author)) % 10**15).rjust(15, "1")
        return "UC" + digest if platform == "youtube" else digest

    def delete_comment(self, request: Request) -> Response:
        with self.state.transaction() as data:
            for comment in data.get("comments", []):
                if comment["id"] == request.params["comment_id"]:
                    comment["deleted"] = True
                    return Response.json(200, {"deleted": comment["id"]})
        return Response.json(404, {"error": "no such comment"})

    def seed_metrics(self, request: Request) -> Response:
        """``{"post_id": ..., "metrics": {name: number}}``: what insights, videos.list
        statistics and public_metrics answer for that post."""
        try:
            body = request.json() or {}
        except ValueError:
            return Response.json(400, {"error": "body must be JSON"})
        if not body.get("post_id") or not isinstance(body.get("metrics"), dict):
            return Response.json(400, {"error": "post_id and metrics are required"})
        with self.state.transaction() as data:
            data.setdefault("metrics", {}).setdefault(str(body["post_id"]), {}).update(
                body["metrics"]
            )
        return Response.json(200, {"post_id": body["post_id"]})

    # --- shared --------------------------------------------------------------

    def _comments(self, platform: str, **match: Any) -> list[dict]:
        """Comments oldest first, deleted ones included: listings page over this
        full list and leave the deleted out of each page, as the platforms do."""
        with self.state.lock:
            every = list(self.state.data.get("comments", []))
        out = []
        for comment in every:
            if comment["platform"] != platform:
                continue
            if all(comment.get(k) == v for k, v in match.items()):
                out.append(comment)
        return sorted(out, key=lambda c: c["created_at"])

    def _metrics(self, post_id: str) -> dict:
        with self.state.lock:
            return dict(self.state.data.get("metrics", {}).get(post_id, {}))

    def graph_platform(self, request: Request) -> str:
        node = request.params.get("node", "")
        if "_" in node:
            return "facebook"
        with self.state.lock:
            if any(p["id"] == node for p in self.state.data["posts"]["instagram"]):
                return "instagram"
            for comment in self.state.data.get("comments", []):
                if comment["id"] == node:
                    return comment["platform"]
        return self.graph.platform_of(request)

    def _graph_gate(self, request: Request, platform: str, scopes: set[str]) -> Response | None:
        if denied := self.graph._auth(request, platform):
            return denied
        if not scopes <= set(self.config.facebook.scopes):
            # Code 10: "permission denied" family of the Graph error table.
            missing = ", ".join(sorted(scopes - set(self.config.facebook.scopes)))
            return graph_error(403, 10, f"(#10) This endpoint requires the permission(s) {missing}")
        return None

    def _known_post(self, platform: str, node: str) -> bool:
        with self.state.lock:
            return any(p["id"] == node for p in self.state.data["posts"][platform]) or any(
                c["id"] == node and c["platform"] == platform
                for c in self.state.data.get("comments", [])
            )

    # --- Graph: comments, replies, insights -----------------------------------

    def graph_comments(self, request: Request) -> Response:
        node = request.params["node"]
        platform = request.platform
        if denied := self._graph_gate(request, platform, READ_SCOPES[platform]):
            return denied
        if not self._known_post(platform, node):
            return graph_unsupported("GET", node)
        if platform == "facebook":
            everything = self._comments("facebook", post_id=node)
            if request.query.get("filter") != "stream":
                # The default "toplevel" filter: replies only under their comment.
                everything = [c for c in everything if not c["parent_id"]]
            if request.query.get("order") == "reverse_chronological":
                everything.reverse()
            return graph_page(request, everything, self._facebook_comment)
        comments = [c for c in self._comments("instagram", post_id=node) if not c["parent_id"]]
        return graph_page(request, comments, self._instagram_comment)

    def ig_replies(self, request: Request) -> Response:
        node = request.params["node"]
        if denied := self._graph_gate(request, "instagram", READ_SCOPES["instagram"]):
            return denied
        replies = self._comments("instagram", parent_id=node)
        return graph_page(request, replies, self._instagram_comment)

    def _facebook_comment(self, comment: dict) -> dict:
        out: dict[str, Any] = {
            "id": comment["id"],
            "message": comment["text"],
            "created_time": graph_time(comment["created_at"]),
            "from": {"id": comment["author_id"], "name": comment["author"]},
            "permalink_url": f"https://www.facebook.com/{comment['post_id']}?comment_id="
            + comment["id"],
        }
        if comment["parent_id"]:
            out["parent"] = {"id": comment["parent_id"]}
        return out

    def _instagram_comment(self, comment: dict) -> dict:
        username = self.config.instagram.username if comment["own"] else comment["author"]
        out: dict[str, Any] = {
            "id": comment["id"],
            "text": comment["text"],
            "timestamp": graph_time(comment["created_at"]),
            "username": username,
            "from": {"id": comment["author_id"], "username": username},
        }
        if comment["parent_id"]:
            out["parent_id"] = comment["parent_id"]
        return out

    def insights(self, request: Request) -> Response:
        node = request.params["node"]
        platform = request.platform
        if denied := self._graph_gate(request, platform, INSIGHT_SCOPES[platform]):
            return denied
        if not self._known_post(platform, node):
            return graph_unsupported("GET", node)
        names = [m for m in request.query.get("metric", "").split(",") if m]
        known = FACEBOOK_METRICS if platform == "facebook" else INSTAGRAM_METRICS
        if not names:
            return graph_error(
                400,
                100,
                "(#100) The value must be a valid insights metric",
                subcode=1504028,
            )
        unknown = [m for m in names if m not in known]
        if unknown:
            return graph_error(
                400, 100, f"(#100) The value must be a valid insights metric: {unknown[0]}"
            )
        values = self._metrics(node)
        data = [
            {
                "name": name,
                "period": "lifetime",
                "values": [{"value": int(values.get(name, 0))}],
                "title": name.replace("_", " ").title(),
                "description": f"Lifetime {name.replace('_', ' ')}",
                "id": f"{node}/insights/{name}/lifetime",
            }
            for name in names
        ]
        return Response.json(200, {"data": data})

    # --- YouTube: commentThreads.list -----------------------------------------

    def comment_threads(self, request: Request) -> Response:
        if denied := self.youtube._check(request, 1):
            return denied
        video_id = request.query.get("videoId", "")
        thread_ids = [i for i in request.query.get("id", "").split(",") if i]
        if thread_ids:
            return self._threads_by_id(request, thread_ids)
        if not video_id:
            return google_error(
                400,
                "No filter selected. Expected one of: allThreadsRelatedToChannelId, id, videoId",
                "missingRequiredParameter",
            )
        with self.state.lock:
            known = any(v.get("id") == video_id for v in self.state.data["posts"]["youtube"])
        if not known:
            return google_error(
                404,
                "The video identified by the videoId parameter could not be found.",
                "videoNotFound",
                domain="youtube.commentThread",
                location="videoId",
                locationType="parameter",
            )
        try:
            count = max(1, min(100, int(request.query.get("maxResults", "20"))))
        except ValueError:
            count = 20
        comments = self._comments("youtube", post_id=video_id)
        top = [c for c in comments if not c["parent_id"]]
        # Newest first is the API's default order ("time").
        top.sort(key=lambda c: c["created_at"], reverse=True)
        start = _decode(request.query.get("pageToken", ""))
        page = top[start : start + count]
        parts = {p.strip() for p in request.query.get("part", "snippet").split(",")}
        items = [self._thread(c, comments, parts) for c in page if not c["deleted"]]
        payload: dict[str, Any] = {"kind": "youtube#commentThreadListResponse"}
        if start + count < len(top):
            payload["nextPageToken"] = _encode(start + count)
        payload["pageInfo"] = {"totalResults": len(page), "resultsPerPage": count}
        payload["items"] = items
        payload["etag"] = etag(payload)
        return Response.json(200, payload)

    def _threads_by_id(self, request: Request, thread_ids: list[str]) -> Response:
        """commentThreads.list ``id=``: those threads with their replies now."""
        parts = {p.strip() for p in request.query.get("part", "snippet").split(",")}
        comments = self._comments("youtube")
        items = []
        for comment in comments:
            if comment["id"] not in thread_ids or comment["deleted"]:
                continue
            items.append(self._thread(comment, comments, parts))
        payload: dict[str, Any] = {"kind": "youtube#commentThreadListResponse"}
        payload["pageInfo"] = {"totalResults": len(items), "resultsPerPage": len(items)}
        payload["items"] = items
        payload["etag"] = etag(payload)
        return Response.json(200, payload)

    def _thread(self, comment: dict, comments: list[dict], parts: set[str]) -> dict:
        video_id = comment["post_id"]
        replies = [c for c in comments if c["parent_id"] == comment["id"] and not c["deleted"]]
        thread: dict[str, Any] = {
            "kind": "youtube#commentThread",
            "id": comment["id"],
            "snippet": {
                "channelId": self.config.youtube.channel_id,
                "videoId": video_id,
                "topLevelComment": self._yt_comment(comment, video_id),
                "canReply": True,
                "totalReplyCount": len(replies),
                "isPublic": True,
            },
        }
        if "replies" in parts and replies:
            thread["replies"] = {"comments": [self._yt_comment(r, video_id) for r in replies]}
        thread["etag"] = etag(thread)
        return thread

    def _yt_comment(self, comment: dict, video_id: str) -> dict:
        name = self.config.youtube.title if comment["own"] else comment["author"]
        snippet: dict[str, Any] = {
            "channelId": self.config.youtube.channel_id,
            "videoId": video_id,
            "textDisplay": comment["text"],
            "textOriginal": comment["text"],
            "authorDisplayName": name,
            "authorChannelId": {"value": comment["author_id"]},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": 0,
            "publishedAt": iso_z(comment["created_at"]),
            "updatedAt": iso_z(comment["created_at"]),
        }
        if comment["parent_id"]:
            snippet["parentId"] = comment["parent_id"]
        resource = {"kind": "youtube#comment", "id": comment["id"], "snippet": snippet}
        resource["etag"] = etag(resource)
        return resource

    # --- X: mentions and tweet lookup -------------------------------------------

    def mentions(self, request: Request) -> Response:
        if denied := self.x._authenticate(request, user_context=False):
            return denied
        limited, headers = self.x._rate("reads", self.config.x.reads_per_window)
        if limited:
            return limited
        max_results = read_page_size(request)
        if isinstance(max_results, Response):
            return max_results
        since = int(request.query.get("since_id") or 0)
        mentions = [c for c in self._comments("x") if not c["own"] and int(c["id"]) > since]
        mentions.sort(key=lambda c: int(c["id"]), reverse=True)
        start = _decode(request.query.get("pagination_token", ""))
        page = [c for c in mentions[start : start + max_results] if not c["deleted"]]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"], meta["oldest_id"] = page[0]["id"], page[-1]["id"]
        if start + max_results < len(mentions):
            meta["next_token"] = _encode(start + max_results)
        payload: dict[str, Any] = {"meta": meta}
        fields = set(filter(None, request.query.get("tweet.fields", "").split(",")))
        if page:
            payload["data"] = [self._mention(c, fields) for c in page]
            if "author_id" in request.query.get("expansions", ""):
                users = {c["author_id"]: c["author"] for c in page}
                payload["includes"] = {
                    "users": [
                        {"id": uid, "name": name, "username": name.replace(" ", "_")[:15]}
                        for uid, name in users.items()
                    ]
                }
        return Response.json(200, payload, headers)

    def _mention(self, comment: dict, fields: set[str]) -> dict:
        out: dict[str, Any] = {
            "id": comment["id"],
            "text": f"@{self.config.x.username} {comment['text']}",
            "edit_history_tweet_ids": [comment["id"]],
        }
        if "created_at" in fields:
            out["created_at"] = iso_z(comment["created_at"])
        if "author_id" in fields:
            out["author_id"] = comment["author_id"]
        if "conversation_id" in fields:
            out["conversation_id"] = comment["post_id"]
        if "referenced_tweets" in fields:
            out["referenced_tweets"] = [
                {"type": "replied_to", "id": comment["parent_id"] or comment["post_id"]}
            ]
        return out

    def tweets_lookup(self, request: Request) -> Response:
        if denied := self.x._authenticate(request, user_context=False):
            return denied
        limited, headers = self.x._rate("reads", self.config.x.reads_per_window)
        if limited:
            return limited
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 100:
            return x_invalid_request(
                "The `ids` query parameter value must list 1 to 100 ids", "ids", ""
            )
        fields = set(filter(None, request.query.get("tweet.fields", "").split(",")))
        with self.state.lock:
            posts = {t["id"]: t for t in self.state.data["posts"]["x"]}
        data, errors = [], []
        for tweet_id in ids:
            tweet = posts.get(tweet_id)
            if tweet is None:
                errors.append(
                    {
                        "value": tweet_id,
                        "detail": f"Could not find tweet with ids: [{tweet_id}].",
                        "title": "Not Found Error",
                        "resource_type": "tweet",
                        "parameter": "ids",
                        "resource_id": tweet_id,
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                )
                continue
            out: dict[str, Any] = {
                "id": tweet_id,
                "text": tweet["shortened_text"],
                "edit_history_tweet_ids": [tweet_id],
            }
            if "public_metrics" in fields:
                metrics = self._metrics(tweet_id)
                out["public_metrics"] = {
                    name: int(metrics.get(name, 0))
                    for name in (
                        "retweet_count",
                        "reply_count",
                        "like_count",
                        "quote_count",
                        "bookmark_count",
                        "impression_count",
                    )
                }
            data.append(out)
        payload: dict[str, Any] = {}
        if data:
            payload["data"] = data
        if errors:
            payload["errors"] = errors
        return Response.json(200, payload, headers)


def graph_page(request: Request, items: list[dict], render) -> Response:
    """Graph cursor paging (``data``, ``paging.cursors``, ``paging.next`` when
    more): https://developers.facebook.com/docs/graph-api/results"""
    try:
        limit = max(1, min(100, int(request.query.get("limit", "25"))))
    except ValueError:
        limit = 25
    start = _decode(request.query.get("after", ""))
    page = items[start : start + limit]
    payload: dict[str, Any] = {"data": [render(item) for item in page if not item["deleted"]]}
    if page:
        payload["paging"] = {
            "cursors": {"before": _encode(start), "after": _encode(start + len(page))}
        }
        if start + limit < len(items):
            payload["paging"]["next"] = f"{request.path}?limit={limit}&after=" + _encode(
                start + len(page)
            )
    return Response.json(200, payload)


def _encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"pos:{position}".encode()).decode()


def _decode(token: str) -> int:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
        return max(0, int(text.removeprefix("pos:")))
    except (ValueError, UnicodeDecodeError):
        return 0
