"""Graph API, Instagram content publishing: containers, publish, limit, media.

- Publishing: https://developers.facebook.com/docs/instagram-platform/content-publishing/
- IG container: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
- Publishing limit: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
"""

from __future__ import annotations

import re
import time
from typing import Any

from bkd_sandbox import images
from bkd_sandbox.errors import graph_error, graph_invalid_parameter
from bkd_sandbox.graph_common import fields_param, paged
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.state import now_iso

MAX_CAPTION = 2200
MAX_HASHTAGS = 30
HASHTAG = re.compile(r"(?<!\w)#\w+")


# Instagram rejections, by reason, as (HTTP status, code, subcode, message, user title).
# Every pair checked against the Instagram error-code table,
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
# (updated Jun 2, 2026): 9004/2207052, -2/2207003, 36000/2207004, 36001/2207005,
# 36003/2207009, 36004/2207010 (caption; it was 100 here before), 9/2207042,
# 24/2207008, 9007/2207027, 100/2207023, 100/2207028, -1/2207053, -2/2207020.
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
        36004,
        2207010,
        "The caption is too long or has too many hashtags.",
        "Caption invalid",
    ),
}


class InstagramEndpoints:
    """Mixed into ``GraphApi``, which provides config, state, _auth and _params."""

    def create_container(self, request: Request) -> Response:
        if denied := self._own_edge(request, "instagram"):
            return denied
        ig_id = request.params["node"]
        ig = self.config.instagram
        params = self._params(request)
        caption = params.get("caption", "")
        media_type = params.get("media_type", "IMAGE").upper()
        is_item = params.get("is_carousel_item", "false").lower() in ("true", "1")
        if len(caption) > MAX_CAPTION or len(HASHTAG.findall(caption)) > MAX_HASHTAGS:
            return ig_rejection("caption")
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
                return ig_rejection(rejected.reason, rejected.detail)
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
        if denied := self._own_edge(request, "instagram"):
            return denied
        ig_id = request.params["node"]
        ig = self.config.instagram
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
        if denied := self._own_edge(request, "instagram"):
            return denied
        ig = self.config.instagram
        with self.state.lock:
            usage = self._publish_usage(self.state.data)
        fields = fields_param(request.query.get("fields"), ["quota_usage"])
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
        if denied := self._own_edge(request, "instagram"):
            return denied
        with self.state.lock:
            posts = list(reversed(self.state.data["posts"]["instagram"]))
        fields = fields_param(request.query.get("fields"), ["id"])
        return paged(request, [media_fields(post, fields) for post in posts])


def media_fields(media: dict, fields: list[str]) -> dict:
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


def container_status_text(status: str) -> str:
    return {
        "IN_PROGRESS": "In Progress: Media is still being processed.",
        "FINISHED": "Finished: Media has been uploaded and it is ready to be published.",
        "PUBLISHED": "Published: Media has been published.",
        "EXPIRED": "Expired: The container was not published within 24 hours.",
        "ERROR": "Error: Media upload failed (2207053). Create a new container.",
    }.get(status, status)


def ig_rejection(reason: str, detail: str = "") -> Response:
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
