"""Graph API: the Facebook Page and Instagram content-publishing endpoints.

Shapes follow the Graph API reference:
- Page feed: https://developers.facebook.com/docs/graph-api/reference/page/feed/
- Page photos: https://developers.facebook.com/docs/graph-api/reference/page/photos/
- Multi-photo posts: https://developers.facebook.com/docs/pages-api/posts (attached_media)
- Post fields: https://developers.facebook.com/docs/graph-api/reference/post/
- Instagram publishing: https://developers.facebook.com/docs/instagram-platform/content-publishing/
- IG container: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
- Publishing limit: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
"""

from __future__ import annotations

import base64
import json
import re
import time
from typing import TYPE_CHECKING, Any

from syndicate.sandbox import images
from syndicate.sandbox.auth import graph_token
from syndicate.sandbox.errors import (
    graph_error,
    graph_expired_token,
    graph_invalid_parameter,
    graph_invalid_token,
    graph_missing_token,
    graph_rate_limited,
    graph_unsupported,
)
from syndicate.sandbox.messages import Request, Response
from syndicate.sandbox.router import Router
from syndicate.sandbox.state import now_iso

if TYPE_CHECKING:
    from syndicate.sandbox.server import Sandbox

PREFIX = r"/graph/v\d+\.\d+"
MAX_CAPTION = 2200
MAX_HASHTAGS = 30
HASHTAG = re.compile(r"(?<!\w)#\w+")

# Instagram rejections, by reason, as (HTTP status, code, subcode, message, user title).
# From the Instagram error-code reference (cited in errors.py). Confirmed from the
# page while building this: 9004/2207052, -2/2207003, 36000/2207004, 9/2207042.
# Taken from memory of the same table and not re-checked (the copy at hand was cut
# off): 36001/2207005, 36003/2207009, 100/2207010, 9007/2207027, 24/2207008,
# 100/2207028. Check them against the live page before relying on a subcode.
IG_REJECTIONS = {
    "unreachable": (400, 9004, 2207052, "Media download has failed.", "Media download has failed."),
    "timeout": (400, -2, 2207003, "It takes too long to download the media.", "Timeout"),
    "too_large": (400, 36000, 2207004, "The image size is too large.", "Image size too large"),
    "not_image": (400, 36001, 2207005, "The image format is not supported.", "Unsupported format"),
    "not_jpeg": (400, 36001, 2207005, "The image format is not supported.", "Unsupported format"),
    "aspect_ratio": (
        400,
        36003,
        2207009,
        "The submitted image with aspect ratio cannot be published. "
        "Please submit an image with a valid aspect ratio.",
        "Invalid aspect ratio",
    ),
    "caption": (
        400,
        100,
        2207010,
        "The caption is too long or has too many hashtags.",
        "Caption invalid",
    ),
}


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


class GraphApi:
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

    def _params(self, request: Request) -> dict[str, str]:
        params = dict(request.query)
        params.pop("access_token", None)
        if request.method == "POST":
            params.update(request.form())
        params.pop("access_token", None)
        return params

    # --- Facebook Page ---------------------------------------------------

    def create_feed_post(self, request: Request) -> Response:
        page_id = request.params["node"]
        if page_id != self.config.facebook.page_id:
            return graph_unsupported("POST", page_id)
        if denied := self._auth(request, "facebook"):
            return denied
        params = self._params(request)
        message = params.get("message", "")
        link = params.get("link", "")
        attached = _attached_media(params)
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
            if _is_duplicate(data["posts"]["facebook"], message, link):
                # Code 506: the Page already has this exact status.
                return graph_error(400, 506, "Duplicate status message")
            post = self._new_post(request, message=message, link=link, photos=photos)
            for photo in photos:
                photo["post_id"] = post["id"]
            data["posts"]["facebook"].append(post)
        return Response.json(200, {"id": post["id"]})

    def create_photo(self, request: Request) -> Response:
        page_id = request.params["node"]
        if page_id != self.config.facebook.page_id:
            return graph_unsupported("POST", page_id)
        if denied := self._auth(request, "facebook"):
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
                return graph_error(400, 324, "(#324) Requires upload file", subcode=2069019)
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
        page_id = request.params["node"]
        if page_id != self.config.facebook.page_id:
            return graph_unsupported("GET", page_id)
        if denied := self._auth(request, "facebook"):
            return denied
        with self.state.lock:
            posts = list(reversed(self.state.data["posts"]["facebook"]))
        fields = _fields(request.query.get("fields"), ["created_time", "message", "id"])
        return _paged(request, [self._post_fields(post, fields) for post in posts])

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
                out["attachments"] = {"data": [_attachment(post)]}
        out.setdefault("id", post["id"])
        return out

    # --- Instagram -------------------------------------------------------

    def create_container(self, request: Request) -> Response:
        ig_id = request.params["node"]
        ig = self.config.instagram
        if ig_id != ig.ig_user_id:
            return graph_unsupported("POST", ig_id)
        if denied := self._auth(request, "instagram"):
            return denied
        params = self._params(request)
        caption = params.get("caption", "")
        media_type = params.get("media_type", "IMAGE").upper()
        is_item = params.get("is_carousel_item", "false").lower() in ("true", "1")
        if len(caption) > MAX_CAPTION or len(HASHTAG.findall(caption)) > MAX_HASHTAGS:
            return _ig_rejection("caption")
        container: dict[str, Any] = {
            "id": self.state.numeric_id(17),
            "owner": ig_id,
            "caption": caption,
            "alt_text": params.get("alt_text", ""),
            "is_carousel_item": is_item,
            "created_at": time.time(),
            "published_media_id": None,
        }
        if media_type == "CAROUSEL":
            children = [c.strip() for c in params.get("children", "").split(",") if c.strip()]
            if not 2 <= len(children) <= 10:
                return graph_error(
                    400,
                    100,
                    "(#100) Carousel must have between 2 and 10 children",
                    subcode=2207028,
                    user_title="Carousel validation failed",
                )
            with self.state.lock:
                containers = self.state.data["ig_containers"]
                for child in children:
                    item = containers.get(child)
                    if item is None or item["owner"] != ig_id or not item["is_carousel_item"]:
                        return graph_error(
                            400,
                            100,
                            f"(#100) Child {child} is not a carousel item container",
                            subcode=2207028,
                            user_title="Carousel validation failed",
                        )
                child_images = [containers[c]["image_url"] for c in children]
            container.update(
                media_type="CAROUSEL",
                children=children,
                image_url=child_images[0],
                images=child_images,
            )
        elif media_type == "IMAGE":
            image_url = params.get("image_url", "")
            if not image_url:
                return graph_invalid_parameter("The parameter image_url is required.")
            try:
                info = images.check_instagram_image(
                    image_url, timeout=ig.image_fetch_timeout_seconds, max_bytes=ig.max_image_bytes
                )
            except images.ImageRejected as rejected:
                return _ig_rejection(rejected.reason, rejected.detail)
            container.update(
                media_type="IMAGE",
                image_url=image_url,
                images=[image_url],
                width=info.width,
                height=info.height,
            )
        else:
            # The project publishes photos only; video and reels are not emulated.
            return graph_error(
                400,
                100,
                f"(#100) The media type {media_type} is not supported by the sandbox",
                subcode=2207023,
                user_title="Unknown media type",
            )
        # Instagram processes media after answering; a container can still end
        # in ERROR, which only polling status_code reveals.
        container["error"] = request.fault_mode == "container_error"
        with self.state.transaction() as data:
            data["ig_containers"][container["id"]] = container
        return Response.json(200, {"id": container["id"]})

    def _container_status(self, container: dict) -> str:
        if container["published_media_id"]:
            return "PUBLISHED"
        age = time.time() - container["created_at"]
        if age > 24 * 3600:
            return "EXPIRED"
        if age < self.config.instagram.container_processing_seconds:
            return "IN_PROGRESS"
        if container.get("error"):
            return "ERROR"
        return "FINISHED"

    def publish_container(self, request: Request) -> Response:
        ig_id = request.params["node"]
        ig = self.config.instagram
        if ig_id != ig.ig_user_id:
            return graph_unsupported("POST", ig_id)
        if denied := self._auth(request, "instagram"):
            return denied
        creation_id = self._params(request).get("creation_id", "")
        with self.state.transaction() as data:
            container = data["ig_containers"].get(creation_id)
            if container is None or container["owner"] != ig_id or container["is_carousel_item"]:
                return graph_error(
                    400,
                    24,
                    "The requested resource does not exist",
                    subcode=2207008,
                    user_title="Media builder not found",
                )
            status = self._container_status(container)
            if status == "IN_PROGRESS":
                return graph_error(
                    400,
                    9007,
                    "Media ID is not available",
                    subcode=2207027,
                    user_title="Media not ready",
                    user_msg="The media is not ready for publishing, please wait for a moment",
                )
            if status == "PUBLISHED":
                # Not in the reference; chosen so that publishing one container twice
                # can never make a second post, which is what the real API does.
                return graph_error(
                    400,
                    9007,
                    "Media ID is not available: the container was already published",
                    subcode=2207008,
                    user_title="Media already published",
                )
            if status == "ERROR":
                return graph_error(
                    400,
                    -1,
                    "unknown upload error",
                    subcode=2207053,
                    user_title="Upload failed",
                    user_msg="Generate a new container and use it to try again.",
                )
            if status == "EXPIRED":
                return graph_error(
                    400,
                    -2,
                    "The media you are trying to access has expired. Please try to upload again.",
                    subcode=2207020,
                )
            usage = self._publish_usage(data)
            if usage >= ig.publishing_limit:
                return graph_error(
                    400,
                    9,
                    "Application request limit reached",
                    subcode=2207042,
                    user_title="Content publishing limit reached",
                    user_msg="You reached maximum number of posts that is allowed to be "
                    "published by Content Publishing API.",
                )
            media_id = self.state.numeric_id(17)
            shortcode = self.state.token(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", 11
            )
            container["published_media_id"] = media_id
            media = {
                "id": media_id,
                "platform": "instagram",
                "caption": container["caption"],
                "alt_text": container["alt_text"],
                "media_type": "CAROUSEL_ALBUM"
                if container["media_type"] == "CAROUSEL"
                else "IMAGE",
                "media_url": container["image_url"],
                "images": container["images"],
                "children": container.get("children", []),
                "container_id": container["id"],
                "shortcode": shortcode,
                "username": ig.username,
                "timestamp": now_iso(),
                "created_at": time.time(),
                "permalink": f"{self.sandbox.base_url(request)}/#instagram-{media_id}",
            }
            data["posts"]["instagram"].append(media)
        return Response.json(200, {"id": media_id})

    def _publish_usage(self, data: dict) -> int:
        since = time.time() - self.config.instagram.publishing_window_seconds
        return sum(1 for post in data["posts"]["instagram"] if post["created_at"] >= since)

    def publishing_limit(self, request: Request) -> Response:
        ig_id = request.params["node"]
        ig = self.config.instagram
        if ig_id != ig.ig_user_id:
            return graph_unsupported("GET", ig_id)
        if denied := self._auth(request, "instagram"):
            return denied
        with self.state.lock:
            usage = self._publish_usage(self.state.data)
        fields = _fields(request.query.get("fields"), ["quota_usage"])
        entry: dict[str, Any] = {}
        if "config" in fields:
            entry["config"] = {
                "quota_total": ig.publishing_limit,
                "quota_duration": ig.publishing_window_seconds,
            }
        if "quota_usage" in fields:
            entry["quota_usage"] = usage
        return Response.json(200, {"data": [entry]})

    def list_media(self, request: Request) -> Response:
        ig_id = request.params["node"]
        if ig_id != self.config.instagram.ig_user_id:
            return graph_unsupported("GET", ig_id)
        if denied := self._auth(request, "instagram"):
            return denied
        with self.state.lock:
            posts = list(reversed(self.state.data["posts"]["instagram"]))
        fields = _fields(request.query.get("fields"), ["id"])
        return _paged(request, [_media_fields(post, fields) for post in posts])

    # --- GET /{id} -------------------------------------------------------

    def get_object(self, request: Request) -> Response:
        node = request.params["node"]
        platform = request.platform or self.platform_of(request)
        if denied := self._auth(request, platform):
            return denied
        with self.state.lock:
            data = self.state.data
            if node == self.config.facebook.page_id:
                fields = _fields(request.query.get("fields"), ["name", "id"])
                page = {
                    "id": node,
                    "name": self.config.facebook.name,
                    "username": self.config.facebook.username,
                }
                return Response.json(200, {k: page[k] for k in fields if k in page} | {"id": node})
            if node == self.config.instagram.ig_user_id:
                user = {
                    "id": node,
                    "username": self.config.instagram.username,
                    "media_count": len(data["posts"]["instagram"]),
                }
                fields = _fields(request.query.get("fields"), ["id"])
                return Response.json(200, {k: user[k] for k in fields if k in user} | {"id": node})
            for post in data["posts"]["facebook"]:
                if post["id"] == node:
                    fields = _fields(request.query.get("fields"), ["created_time", "message", "id"])
                    return Response.json(200, self._post_fields(post, fields))
            if node in data["fb_photos"]:
                photo = data["fb_photos"][node]
                return Response.json(200, {"id": node, "created_time": photo["created_time"]})
            container = data["ig_containers"].get(node)
            if container is not None:
                status = self._container_status(container)
                fields = _fields(request.query.get("fields"), ["id"])
                out: dict[str, Any] = {}
                if "status_code" in fields:
                    out["status_code"] = status
                if "status" in fields:
                    out["status"] = _container_status_text(status)
                out["id"] = node
                return Response.json(200, out)
            for media in data["posts"]["instagram"]:
                if media["id"] == node:
                    fields = _fields(request.query.get("fields"), ["id"])
                    return Response.json(200, _media_fields(media, fields))
        return graph_unsupported("GET", node)


def _fields(raw: str | None, default: list[str]) -> list[str]:
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


def _paged(request: Request, items: list[dict]) -> Response:
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


def _attached_media(params: dict[str, str]) -> list[str] | None:
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


def _is_duplicate(posts: list[dict], message: str, link: str) -> bool:
    return bool(message) and any(p["message"] == message and p["link"] == link for p in posts[-50:])


def _attachment(post: dict) -> dict:
    if post["link"]:
        return {
            "type": "share",
            "media_type": "link",
            "url": post["link"],
            "unshimmed_url": post["link"],
        }
    kind = "album" if len(post["images"]) > 1 else "photo"
    return {"type": kind, "media_type": kind, "media": {"image": {"src": post["images"][0]}}}


def _media_fields(media: dict, fields: list[str]) -> dict:
    out: dict[str, Any] = {}
    for name in fields:
        if name in (
            "id",
            "caption",
            "media_type",
            "media_url",
            "permalink",
            "timestamp",
            "username",
            "shortcode",
            "alt_text",
        ):
            out[name] = media.get(name)
    out["id"] = media["id"]
    return out


def _container_status_text(status: str) -> str:
    return {
        "IN_PROGRESS": "In Progress: Media is still being processed.",
        "FINISHED": "Finished: Media has been uploaded and it is ready to be published.",
        "PUBLISHED": "Published: Media has been published.",
        "EXPIRED": "Expired: The container was not published within 24 hours.",
        "ERROR": "Error: Media upload failed (2207053). Create a new container.",
    }.get(status, status)


def _ig_rejection(reason: str, detail: str = "") -> Response:
    status, code, subcode, message, title = IG_REJECTIONS[reason]
    return graph_error(
        status,
        code,
        message,
        subcode=subcode,
        user_title=title,
        user_msg=detail or message,
        is_transient=reason in ("unreachable", "timeout"),
    )
