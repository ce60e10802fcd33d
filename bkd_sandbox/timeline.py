"""One shape for the posts of all four accounts, for the viewer and the JSON.

Each platform stores its own fields; followers see text, image, link and time,
so that is what this module extracts. Any configured secret that somehow got
into a post's text is masked here, so neither the page nor the JSON can show it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bkd_sandbox.server import Sandbox


def _secrets(sandbox: Sandbox) -> list[str]:
    config = sandbox.config
    values = [
        config.facebook.access_token,
        config.instagram.access_token,
        config.x.consumer_secret,
        config.x.access_token,
        config.x.access_token_secret,
        config.x.bearer_token,
        config.youtube.client_secret,
        config.youtube.refresh_token,
    ]
    with sandbox.state.lock:
        values += list(sandbox.state.data["google_tokens"])
    return [value for value in values if value and len(value) >= 8]


def _mask(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, "[REDACTED]")
        return value
    if isinstance(value, list):
        return [_mask(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _mask(item, secrets) for key, item in value.items()}
    return value


def _time(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def public_posts(sandbox: Sandbox) -> dict[str, list[dict[str, Any]]]:
    """Every post, oldest first per platform, in the common viewer shape."""
    snapshot = sandbox.state.snapshot()["posts"]
    out: dict[str, list[dict[str, Any]]] = {}
    for post in snapshot["facebook"]:
        out.setdefault("facebook", []).append(
            {
                "id": post["id"],
                "text": post["message"],
                "link": post["link"],
                "images": post["images"],
                "time": _time(post["created_at"]),
                "permalink": post["permalink_url"],
            }
        )
    for post in snapshot["instagram"]:
        out.setdefault("instagram", []).append(
            {
                "id": post["id"],
                "text": post["caption"],
                "link": "",
                "images": post["images"],
                "alt_text": post["alt_text"],
                "media_type": post["media_type"],
                "container_id": post["container_id"],
                "time": _time(post["created_at"]),
                "permalink": post["permalink"],
            }
        )
    for post in snapshot["x"]:
        out.setdefault("x", []).append(
            {
                "id": post["id"],
                "text": post["text"],
                "link": post["urls"][0]["expanded_url"] if post["urls"] else "",
                "images": post["images"],
                "alt_texts": post["alt_texts"],
                "media_ids": post["media_ids"],
                "time": _time(post["created_at"]),
                "permalink": post["permalink"],
            }
        )
    for post in snapshot["youtube"]:
        snippet = post["snippet"]
        out.setdefault("youtube", []).append(
            {
                "id": post["id"],
                "text": snippet["title"],
                "description": snippet["description"],
                "link": f"https://www.youtube.com/watch?v={post['id']}",
                "images": [snippet["thumbnails"]["default"]["url"]]
                if post["thumbnail_set"]
                else [],
                "privacy_status": post["status"]["privacyStatus"],
                "tags": snippet.get("tags", []),
                "size": post["size"],
                "chunks": post["chunks"],
                "time": _time(post["created_at"]),
                "permalink": post["permalink"],
            }
        )
    for platform in ("facebook", "instagram", "x", "youtube"):
        out.setdefault(platform, [])
    return _mask(out, _secrets(sandbox))
