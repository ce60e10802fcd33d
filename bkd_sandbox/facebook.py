"""Graph API, Facebook Page: link, photo and multi-photo posts, the feed.

- Page feed: https://developers.facebook.com/docs/graph-api/reference/page/feed/
- Page photos: https://developers.facebook.com/docs/graph-api/reference/page/photos/
- Multi-photo posts: https://developers.facebook.com/docs/pages-api/posts (attached_media)
- Post fields: https://developers.facebook.com/docs/graph-api/reference/post/
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from bkd_sandbox import images
from bkd_sandbox.errors import graph_error, graph_invalid_parameter
from bkd_sandbox.graph_common import fields_param, paged
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.state import now_iso


class FacebookEndpoints:
    """Mixed into ``GraphApi``, which provides config, state, _auth and _params."""

    def create_feed_post(self, request: Request) -> Response:
        if denied := self._own_edge(request, "facebook"):
            return denied
        params = self._params(request)
        message = params.get("message", "")
        link = params.get("link", "")
        attached = attached_media(params)
        if attached is None:
            return graph_invalid_parameter('Invalid attached_media: expected {"media_fbid": id}')
        if not (message or link or attached):
            return graph_invalid_parameter(
                "The post is empty. Give message, link or attached_media."
            )
        if link and not re.match(r"https?://", link):
            return graph_invalid_parameter("Param link must be a valid URL")
        with self.state.transaction() as data:
            photos = []
            for fbid in attached:
                photo = data["fb_photos"].get(fbid)
                if photo is None or photo.get("post_id"):
                    return graph_invalid_parameter(
                        f"Invalid media_fbid {fbid}: not an unpublished photo of this Page"
                    )
                photos.append(photo)
            if is_duplicate(data["posts"]["facebook"], message, link):
                # Code 506 "Duplicate Post" in the Graph error table
                # (developers.facebook.com/docs/graph-api/guides/error-handling);
                # message as Graph words it, e.g. facebook-csharp-sdk#119.
                return graph_error(400, 506, "(#506) Duplicate status message")
            post = self._new_post(request, message=message, link=link, photos=photos)
            for photo in photos:
                photo["post_id"] = post["id"]
            data["posts"]["facebook"].append(post)
        return Response.json(200, {"id": post["id"]})

    def create_photo(self, request: Request) -> Response:
        if denied := self._own_edge(request, "facebook"):
            return denied
        params = self._params(request)
        upload = request.files().get("source")
        url = params.get("url", "")
        if not url and upload is None:
            return graph_invalid_parameter("Requires one of the params: url, source")
        if upload is not None:
            try:
                info = images.inspect(upload.data)
            except images.ImageRejected:
                # Real answers carry no subcode (facebookarchive/php-graph-sdk#412, #923).
                return graph_error(400, 324, "(#324) Requires upload file")
            image_ref = f"upload:{info.width}x{info.height}"
        else:
            try:
                images.inspect(
                    images.fetch(
                        url,
                        timeout=self.config.instagram.image_fetch_timeout_seconds,
                        max_bytes=10 * 1024 * 1024,
                    )
                )
            except images.ImageRejected as rejected:
                return graph_error(
                    400, 324, f"(#324) Missing or invalid image file: {rejected.detail}"
                )
            image_ref = url
        published = params.get("published", "true").lower() not in ("false", "0")
        caption = params.get("caption", params.get("message", ""))
        photo_id = self.state.numeric_id(16)
        with self.state.transaction() as data:
            photo = {
                "id": photo_id,
                "url": image_ref,
                "caption": caption,
                "created_time": now_iso(),
            }
            data["fb_photos"][photo_id] = photo
            if not published:
                return Response.json(200, {"id": photo_id})
            post = self._new_post(request, message=caption, link="", photos=[photo])
            photo["post_id"] = post["id"]
            data["posts"]["facebook"].append(post)
        return Response.json(200, {"id": photo_id, "post_id": post["id"]})

    def _new_post(self, request: Request, *, message: str, link: str, photos: list[dict]) -> dict:
        page_id = self.config.facebook.page_id
        story_id = self.state.numeric_id(16)
        post_id = f"{page_id}_{story_id}"
        return {
            "id": post_id,
            "platform": "facebook",
            "message": message,
            "link": link,
            "images": [photo["url"] for photo in photos],
            "photo_ids": [photo["id"] for photo in photos],
            "created_time": now_iso(),
            "created_at": time.time(),
            "permalink_url": f"{self.sandbox.base_url(request)}/#facebook-{post_id}",
        }

    def list_feed(self, request: Request) -> Response:
        if denied := self._own_edge(request, "facebook"):
            return denied
        with self.state.lock:
            posts = list(reversed(self.state.data["posts"]["facebook"]))
        fields = fields_param(request.query.get("fields"), ["created_time", "message", "id"])
        return paged(request, [self._post_fields(post, fields) for post in posts])

    def _post_fields(self, post: dict, fields: list[str]) -> dict:
        out: dict[str, Any] = {}
        for name in fields:
            if name == "id":
                out["id"] = post["id"]
            elif name == "message" and post["message"]:
                out["message"] = post["message"]
            elif name == "created_time":
                out["created_time"] = post["created_time"]
            elif name == "permalink_url":
                out["permalink_url"] = post["permalink_url"]
            elif name == "full_picture" and post["images"]:
                out["full_picture"] = post["images"][0]
            elif name == "attachments" and (post["link"] or post["images"]):
                out["attachments"] = {"data": [attachment(post)]}
        out.setdefault("id", post["id"])
        return out


def attached_media(params: dict[str, str]) -> list[str] | None:
    """The media_fbid values of attached_media[0..n], or None if malformed."""
    ids = []
    keys = sorted(
        (key for key in params if key.startswith("attached_media")),
        key=lambda k: int(re.sub(r"\D", "", k) or 0),
    )
    for key in keys:
        value = params[key]
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return None
        entries = parsed if isinstance(parsed, list) else [parsed]
        for entry in entries:
            if not isinstance(entry, dict) or "media_fbid" not in entry:
                return None
            ids.append(str(entry["media_fbid"]))
    return ids


def is_duplicate(posts: list[dict], message: str, link: str) -> bool:
    return bool(message) and any(p["message"] == message and p["link"] == link for p in posts[-50:])


def attachment(post: dict) -> dict:
    if post["link"]:
        return {
            "type": "share",
            "media_type": "link",
            "url": post["link"],
            "unshimmed_url": post["link"],
        }
    kind = "album" if len(post["images"]) > 1 else "photo"
    return {"type": kind, "media_type": kind, "media": {"image": {"src": post["images"][0]}}}
