"""Facebook Page: link post, or multi-photo post for galleries (Graph API).

- Link post: POST /{page-id}/feed message, link
  https://developers.facebook.com/docs/graph-api/reference/page/feed/
- Multi-photo: POST /{page-id}/photos published=false, then /feed attached_media
  https://developers.facebook.com/docs/pages-api/posts
- Permalink: GET /{post-id}?fields=permalink_url
- Correction: GET /{post-id}?fields=message, then POST /{post-id} message
  (the old text plus the note); withdrawal: DELETE /{post-id}
  https://developers.facebook.com/docs/pages-api/posts ("Update", "Delete")
"""

from __future__ import annotations

import json

from syndicate.adapters.base import Adapter, Published
from syndicate.adapters.graph import GraphClient, GraphRequest
from syndicate.adapters.paging import graph_posts_since
from syndicate.composer import Post
from syndicate.contract import FollowUpAction
from syndicate.errors import AuthError, PermanentError

TOKEN_ENV = "SYNDICATE_FACEBOOK_PAGE_TOKEN"


class FacebookAdapter(Adapter):
    platform = "facebook"
    label = "Facebook"
    # The feed/photo post is the last step that can fail (the permalink
    # lookup after it never raises).
    refusals_are_final = True

    def __init__(self, settings, **kwargs) -> None:
        super().__init__(settings, **kwargs)
        self.graph = GraphClient(self, TOKEN_ENV)

    @property
    def page_id(self) -> str:
        return self.settings.facebook_page_id or "{page-id}"

    def check_credentials(self) -> None:
        super().check_credentials()
        if not self.settings.facebook_page_id:
            raise AuthError("Facebook: SYNDICATE_FACEBOOK_PAGE_ID belum diatur", ())

    def _run(self, post: Post, call) -> Published:
        page = self.page_id
        data: dict[str, str | None] = {"message": post.text}
        if post.options.get("kind") == "photos":
            for index, image in enumerate(post.media):
                upload = GraphRequest(
                    "POST",
                    f"{page}/photos",
                    {"url": image.url, "published": "false", "alt_text_custom": image.alt},
                )
                photo = self.graph.step(call, "upload_photo", upload)
                data[f"attached_media[{index}]"] = json.dumps({"media_fbid": str(photo)})
        else:
            data["link"] = post.link
        post_id = self.graph.step(call, "create_post", GraphRequest("POST", f"{page}/feed", data))
        permalink = self.graph.step(
            call,
            "permalink",
            GraphRequest("GET", str(post_id), params={"fields": "permalink_url"}),
            self._permalink,
        )
        return Published(str(post_id), str(permalink))

    def _followup(self, followup, call) -> Published:
        target = followup.target
        if followup.action == FollowUpAction.DELETE:
            self.graph.step(call, "delete_post", GraphRequest("DELETE", target), self.graph.send)
            return Published(target, "")
        read = GraphRequest("GET", target, params={"fields": "message"})
        current = self.graph.step(call, "read_message", read, self._message)
        if followup.text in str(current):
            return Published(target, followup.target_url)
        message = f"{current}\n\n{followup.text}".strip()
        edit = GraphRequest("POST", target, {"message": message})
        self.graph.step(call, "edit_post", edit, self.graph.send)
        return Published(target, followup.target_url)

    def _message(self, request: GraphRequest) -> str:
        return str(self.graph.send(request).get("message") or "")

    def followup_exists(self, followup) -> Published | None:
        target = followup.target
        if followup.action == FollowUpAction.DELETE:
            try:
                self.graph.request("GET", target, params={"fields": "id"})
            except PermanentError:
                # Graph's code 100/33: the object does not exist (any more).
                return Published(target, "")
            return None
        message = self._message(GraphRequest("GET", target, params={"fields": "message"}))
        return Published(target, followup.target_url) if followup.text in message else None

    def _permalink(self, request: GraphRequest) -> str:
        try:
            return self.graph.send(request).get("permalink_url") or _fallback(request.path)
        except Exception:  # noqa: BLE001 (the post exists; a missing permalink is cosmetic)
            return _fallback(request.path)

    def recent_posts(self) -> list[tuple[list[str], Published]]:
        # Paged back to the flood-guard window (adapters/paging.py).
        items = graph_posts_since(
            self.graph,
            f"{self.page_id}/feed",
            {
                "fields": "id,message,created_time,permalink_url,attachments{url,unshimmed_url}",
                "limit": str(self.settings.reconcile_depth),
            },
            time_field="created_time",
            horizon=self.reconcile_horizon(),
            max_pages=self.max_reconcile_pages,
        )
        out = []
        for item in items:
            links = [
                a.get("unshimmed_url") or a.get("url") or ""
                for a in (item.get("attachments") or {}).get("data", [])
            ]
            published = Published(item["id"], item.get("permalink_url") or _fallback(item["id"]))
            out.append(([item.get("message") or "", *links], published))
        return out


def _fallback(post_id: str) -> str:
    return f"https://www.facebook.com/{post_id}"
