"""Instagram: container, wait until FINISHED, publish; carousel for galleries.

https://developers.facebook.com/docs/instagram-platform/content-publishing/
- POST /{ig-user-id}/media image_url, caption, alt_text (or is_carousel_item /
  media_type=CAROUSEL with children)
- GET /{container-id}?fields=status_code until FINISHED
- POST /{ig-user-id}/media_publish creation_id
- GET /{media-id}?fields=permalink
- GET /{ig-user-id}/content_publishing_limit?fields=config,quota_usage
- Corrections and withdrawals: POST /{ig-media-id}/comments message; the API
  cannot edit a caption or delete media (docs/corrections.md); reconciled by
  GET /{ig-media-id}/comments (own username, same text)
"""

from __future__ import annotations

import time

from syndicate.adapters.base import Adapter, Published
from syndicate.adapters.graph import GraphClient, GraphRequest
from syndicate.adapters.paging import graph_posts_since
from syndicate.composer import Post
from syndicate.errors import AuthError, PermanentError, RateLimited, TransientError

TOKEN_ENV = "SYNDICATE_INSTAGRAM_TOKEN"


class InstagramAdapter(Adapter):
    platform = "instagram"
    label = "Instagram"

    def __init__(self, settings, **kwargs) -> None:
        super().__init__(settings, **kwargs)
        self.graph = GraphClient(self, TOKEN_ENV)

    @property
    def user_id(self) -> str:
        return self.settings.instagram_user_id or "{ig-user-id}"

    def check_credentials(self) -> None:
        super().check_credentials()
        if not self.settings.instagram_user_id:
            raise AuthError("Instagram: SYNDICATE_INSTAGRAM_USER_ID belum diatur", ())

    def check_limits(self) -> None:
        body = self.graph.request(
            "GET",
            f"{self.user_id}/content_publishing_limit",
            params={"fields": "config,quota_usage"},
        )
        for entry in body.get("data", []):
            total = (entry.get("config") or {}).get("quota_total")
            usage = entry.get("quota_usage", 0)
            if total is not None and usage >= total:
                raise RateLimited(
                    f"Instagram: batas publikasi {usage}/{total} dalam 24 jam tercapai"
                )

    def _run(self, post: Post, call) -> Published:
        ig = self.user_id
        if len(post.media) > 1:
            children = []
            for image in post.media:
                data = {"image_url": image.url, "is_carousel_item": "true", "alt_text": image.alt}
                child = self.graph.step(
                    call, "create_child_container", GraphRequest("POST", f"{ig}/media", data)
                )
                children.append(str(child))
            for child in children:
                self.graph.step(call, "wait_child", _status(child), self._wait)
            data = {"media_type": "CAROUSEL", "children": ",".join(children), "caption": post.text}
        else:
            image = post.media[0]
            data = {"image_url": image.url, "caption": post.text, "alt_text": image.alt}
        container = self.graph.step(
            call, "create_container", GraphRequest("POST", f"{ig}/media", data)
        )
        self.graph.step(call, "wait_container", _status(str(container)), self._wait)
        media_id = self.graph.step(
            call,
            "publish",
            GraphRequest("POST", f"{ig}/media_publish", {"creation_id": container}),
        )
        permalink = self.graph.step(
            call,
            "permalink",
            GraphRequest("GET", str(media_id), params={"fields": "permalink"}),
            self._permalink,
        )
        return Published(str(media_id), str(permalink))

    def _followup(self, followup, call) -> Published:
        comment = GraphRequest("POST", f"{followup.target}/comments", {"message": followup.text})
        comment_id = self.graph.step(call, "comment", comment)
        return Published(str(comment_id), followup.target_url)

    def followup_exists(self, followup) -> Published | None:
        items = graph_posts_since(
            self.graph,
            f"{followup.target}/comments",
            {"fields": "id,text,username,timestamp", "limit": "50"},
            time_field="timestamp",
            horizon=self.reconcile_horizon(),
            max_pages=self.max_reconcile_pages,
        )
        wanted = " ".join(followup.text.split())
        for item in items:
            own = (item.get("username") or "").lower() == self.settings.instagram_handle.lower()
            if own and " ".join((item.get("text") or "").split()) == wanted:
                return Published(str(item["id"]), followup.target_url)
        return None

    def _wait(self, request: GraphRequest) -> None:
        """Polls the container until it is ready (the same GET, repeated)."""
        container = request.path
        deadline = time.monotonic() + self.settings.ig_poll_timeout
        while True:
            code = self.graph.send(request).get("status_code")
            if code in ("FINISHED", "PUBLISHED"):
                return
            if code in ("ERROR", "EXPIRED"):
                raise PermanentError(f"Instagram: container {container} berstatus {code}")
            if time.monotonic() > deadline:
                raise TransientError(f"Instagram: container {container} belum selesai ({code})")
            time.sleep(self.settings.ig_poll_interval)

    def _permalink(self, request: GraphRequest) -> str:
        try:
            return self.graph.send(request).get("permalink") or self._profile()
        except Exception:  # noqa: BLE001 (the post exists; the permalink is cosmetic)
            return self._profile()

    def _profile(self) -> str:
        return f"https://www.instagram.com/{self.settings.instagram_handle}/"

    def recent_posts(self) -> list[tuple[list[str], Published]]:
        # Paged back to the flood-guard window: a post older than the newest
        # page must still be found, or a lost ledger means a second post.
        items = graph_posts_since(
            self.graph,
            f"{self.user_id}/media",
            {
                "fields": "id,caption,permalink,timestamp",
                "limit": str(self.settings.reconcile_depth),
            },
            time_field="timestamp",
            horizon=self.reconcile_horizon(),
            max_pages=self.max_reconcile_pages,
        )
        return [
            ([item.get("caption") or ""], Published(item["id"], item.get("permalink") or ""))
            for item in items
        ]


def _status(container: str) -> GraphRequest:
    return GraphRequest("GET", container, params={"fields": "status_code"})
