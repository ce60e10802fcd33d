"""`syndicate listen`: gather new comments, replies and mentions on the agency's
own posts, once each, for the admin's daily digest (syndicate/digest.py).

Which posts: the ledger's ``done`` entries (post ids) made in the last
``SYNDICATE_LISTEN_DAYS`` days. Which platforms: ``SYNDICATE_LISTEN_PLATFORMS``
(default Facebook, Instagram and YouTube; X only when listed, because X
charges every post read, see docs/listening.md).

How each platform is read, and its cursor (kept in the state file,
syndicate/listen_store.py: ids and times only):

- Facebook: ``GET /{post-id}/comments`` with ``filter=stream`` (replies too,
  each carrying ``parent``) and ``order=reverse_chronological``, paged with
  the ``after`` cursor in the Authorization-header request, never by following
  ``paging.next`` (it carries the token). Paging stops at the first comment
  older than the newest one seen in an earlier run (the cursor per post).
  https://developers.facebook.com/docs/graph-api/reference/object/comments
- Instagram: ``GET /{ig-media-id}/comments`` (oldest first) resumed from the
  Graph ``after`` cursor stored per media, and ``GET /{ig-comment-id}/replies``
  for each new comment and for open questions (to see the agency's answer).
  https://developers.facebook.com/docs/instagram-api/guides/comment-moderation
- YouTube: ``commentThreads.list(part="snippet,replies", videoId=...,
  order="time", pageToken=...)`` (newest thread first) until a page reaches
  the newest thread seen before; open questions are re-read with
  ``commentThreads.list(id=...)``.
  https://developers.google.com/youtube/v3/docs/commentThreads/list
- X: ``GET /2/users/{id}/mentions`` (tweepy ``Client.get_users_mentions``)
  with ``since_id`` = the newest mention seen; a reply to one of our posts
  mentions the account, so replies come with it; ``conversation_id`` links a
  reply to the post (and so to the article). The account's own replies come
  from its timeline (``GET /2/users/{id}/tweets``, ``referenced_tweets``
  ``replied_to``), read from its own ``since_id``.
  https://docs.x.com/x-api/posts/timelines/introduction

A platform that fails (rate limit, outage, token) keeps its cursors where the
last complete post left them; the others carry on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from syndicate.contract import LedgerState
from syndicate.digest import classify, mark_answered
from syndicate.errors import AuthError, PlatformError
from syndicate.ledger import Ledger, iso, now
from syndicate.listen_store import Heard, ListenStore
from syndicate.settings import Settings

log = logging.getLogger(__name__)

# A bound per post and run, so one viral post cannot eat the quota.
MAX_PAGES = 20
# X's pay-per-use price for one post read: https://docs.x.com/x-api/getting-started/pricing
# (read 2026-11-29: "Posts: Read $0.005 per resource").
X_PRICE_PER_POST_READ_USD = 0.005


@dataclass
class ListenResult:
    new: dict[str, int] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    account_problems: dict[str, str] = field(default_factory=dict)
    x_reads: int = 0


def posts_to_watch(ledger: Ledger, platform: str, days: int) -> list[tuple[str, str]]:
    """(article id, post id) of the ledger's done posts on ``platform`` of the last ``days``."""
    horizon = iso(now() - timedelta(days=days))
    out = []
    ledger.load_all()
    for article_id, entry_platform, entry in ledger.entries():
        if entry_platform != platform or entry.get("state") != LedgerState.DONE:
            continue
        if not entry.get("post_id"):
            continue
        if (entry.get("posted_at") or entry.get("updated") or "") < horizon:
            continue
        out.append((article_id, str(entry["post_id"])))
    return out


def graph_time(stamp: str) -> str:
    """Graph's ``2026-11-28T10:00:00+0000`` as ISO 8601 UTC."""
    return iso(datetime.fromisoformat(stamp.replace("Z", "+00:00")))


class Listener:
    def __init__(
        self,
        settings: Settings,
        ledger: Ledger,
        store: ListenStore,
        *,
        env: Mapping[str, str] | None = None,
        out=print,
    ) -> None:
        from syndicate.adapters import adapter_for

        self.settings = settings
        self.ledger = ledger
        self.store = store
        self.out = out
        self.adapters = {p: adapter_for(p, settings, env=env) for p in settings.listen_platforms}
        self.heard_at = iso(now())

    def run(self) -> ListenResult:
        result = ListenResult()
        for platform in self.settings.listen_platforms:
            adapter = self.adapters[platform]
            posts = posts_to_watch(self.ledger, platform, self.settings.listen_days)
            before = len(self.store.items)
            try:
                adapter.check_credentials()
                getattr(self, f"_listen_{platform}")(adapter, posts, result)
            except AuthError as exc:
                result.account_problems[platform] = exc.message
            except PlatformError as exc:
                result.problems[platform] = exc.message
            result.new[platform] = len(self.store.items) - before
        mark_answered(self.store.items)
        retention = timedelta(days=self.settings.listen_retention_days)
        self.store.forget_older_than(iso(now() - retention))
        self.store.save()
        return result

    def _keep(self, item: Heard, article: str) -> bool:
        """Record a comment once; False when it was already known."""
        if self.store.knows(item.platform, item.id):
            return False
        meta: dict[str, Any] = {"article": article, "heard_at": self.heard_at}
        if not item.own:
            meta.update(classify(item.text))
        self.store.add(item, meta)
        return True

    # --- Facebook ----------------------------------------------------------------

    def _listen_facebook(self, adapter, posts, result: ListenResult) -> None:  # noqa: ARG002 - one signature for every platform
        cursors = self.store.cursors.setdefault("facebook", {})
        page_id = self.settings.facebook_page_id
        for article, post_id in posts:
            newest_before = cursors.get(post_id, "")
            newest = newest_before
            for comment in self._graph_pages(
                adapter.graph,
                f"{post_id}/comments",
                {
                    "filter": "stream",
                    "order": "reverse_chronological",
                    "fields": "id,message,created_time,from,parent,permalink_url",
                    "limit": str(self.settings.listen_page_size),
                },
                # Newest first: the first comment seen in an earlier run, or
                # anything older than the newest one then, ends the walk.
                stop=lambda c, n=newest_before: (
                    bool(n)
                    and (self.store.knows("facebook", c["id"]) or graph_time(c["created_time"]) < n)
                ),
            ):
                created = graph_time(comment["created_time"])
                newest = max(newest, created)
                parent = (comment.get("parent") or {}).get("id", "")
                author = comment.get("from") or {}
                self._keep(
                    Heard(
                        "facebook",
                        comment["id"],
                        post_id,
                        created,
                        author=author.get("name", ""),
                        text=comment.get("message", ""),
                        own=bool(page_id) and author.get("id") == page_id,
                        thread_id=parent or comment["id"],
                        parent_id=parent,
                        permalink=comment.get("permalink_url", ""),
                    ),
                    article,
                )
            if newest:
                cursors[post_id] = newest

    def _graph_pages(self, graph, path: str, params: dict, *, stop=None) -> Iterator[dict]:
        """Items of a Graph edge, page by page with the ``after`` cursor, until
        ``stop(item)`` says the rest was seen before."""
        query = dict(params)
        for _page in range(MAX_PAGES):
            body = graph.request("GET", path, params=query)
            for item in body.get("data") or []:
                if stop is not None and stop(item):
                    return
                yield item
            paging = body.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                return
            query = {**params, "after": after}

    # --- Instagram ---------------------------------------------------------------

    IG_FIELDS = "id,text,timestamp,username,from,parent_id"

    def _listen_instagram(self, adapter, posts, result: ListenResult) -> None:  # noqa: ARG002
        cursors = self.store.cursors.setdefault("instagram", {})
        graph = adapter.graph
        for article, media_id in posts:
            params = {"fields": self.IG_FIELDS, "limit": str(self.settings.listen_page_size)}
            after = cursors.get(media_id, "")
            query = {**params, "after": after} if after else dict(params)
            for _page in range(MAX_PAGES):
                body = graph.request("GET", f"{media_id}/comments", params=query)
                data = body.get("data") or []
                for comment in data:
                    if self._keep(self._ig_heard(comment, media_id, ""), article):
                        self._ig_replies(graph, comment["id"], media_id, article)
                paging = body.get("paging") or {}
                page_after = (paging.get("cursors") or {}).get("after")
                if data and page_after:
                    cursors[media_id] = page_after
                if not paging.get("next") or not page_after:
                    break
                query = {**params, "after": page_after}
        # The agency's answer to an older question comes as a reply to it.
        for item in self._open_questions("instagram"):
            self._ig_replies(graph, item["id"], item["post_id"], item.get("article", ""))

    def _ig_replies(self, graph, comment_id: str, media_id: str, article: str) -> None:
        for reply in self._graph_pages(
            graph,
            f"{comment_id}/replies",
            {"fields": self.IG_FIELDS, "limit": str(self.settings.listen_page_size)},
        ):
            self._keep(self._ig_heard(reply, media_id, comment_id), article)

    def _ig_heard(self, comment: dict, media_id: str, parent: str) -> Heard:
        username = comment.get("username") or (comment.get("from") or {}).get("username", "")
        return Heard(
            "instagram",
            comment["id"],
            media_id,
            graph_time(comment["timestamp"]),
            author=username,
            text=comment.get("text", ""),
            own=username.lower() == self.settings.instagram_handle.lower(),
            thread_id=parent or comment["id"],
            parent_id=parent,
        )

    def _open_questions(self, platform: str) -> list[dict]:
        horizon = iso(now() - timedelta(days=self.settings.listen_days))
        return [
            item
            for item in self.store.items.values()
            if item["platform"] == platform
            and item.get("question")
            and not item.get("answered_at")
            and not item.get("parent_id")
            and item.get("created", "") >= horizon
        ]

    # --- YouTube -----------------------------------------------------------------

    def _listen_youtube(self, adapter, posts, result: ListenResult) -> None:  # noqa: ARG002
        cursors = self.store.cursors.setdefault("youtube", {})
        service = adapter.service
        for article, video_id in posts:
            newest_before = cursors.get(video_id, "")
            newest = newest_before
            token = None
            for _page in range(MAX_PAGES):
                listing = adapter._execute(
                    service.commentThreads().list(
                        part="snippet,replies",
                        videoId=video_id,
                        maxResults=min(100, self.settings.listen_page_size),
                        order="time",
                        textFormat="plainText",
                        pageToken=token,
                    ),
                    "commentThreads.list",
                )
                reached_old = False
                for thread in listing.get("items") or []:
                    top = thread["snippet"]["topLevelComment"]
                    created = iso(_yt_time(top["snippet"]["publishedAt"]))
                    reached_old = reached_old or (bool(newest_before) and created < newest_before)
                    newest = max(newest, created)
                    self._keep_thread(thread, video_id, article)
                token = listing.get("nextPageToken")
                if not token or reached_old:
                    break
            if newest:
                cursors[video_id] = newest
        open_threads = [item["id"] for item in self._open_questions("youtube")]
        for start in range(0, len(open_threads), 50):
            listing = adapter._execute(
                service.commentThreads().list(
                    part="snippet,replies",
                    id=",".join(open_threads[start : start + 50]),
                    textFormat="plainText",
                ),
                "commentThreads.list",
            )
            for thread in listing.get("items") or []:
                article = (self.store.items.get(f"youtube:{thread['id']}") or {}).get("article", "")
                self._keep_thread(thread, thread["snippet"]["videoId"], article)

    def _keep_thread(self, thread: dict, video_id: str, article: str) -> None:
        top = thread["snippet"]["topLevelComment"]
        self._keep(self._yt_heard(top, video_id, ""), article)
        for reply in (thread.get("replies") or {}).get("comments") or []:
            self._keep(self._yt_heard(reply, video_id, top["id"]), article)

    def _yt_heard(self, comment: dict, video_id: str, parent: str) -> Heard:
        snippet = comment["snippet"]
        channel = (snippet.get("authorChannelId") or {}).get("value", "")
        own = bool(self.settings.youtube_channel_id) and channel == self.settings.youtube_channel_id
        return Heard(
            "youtube",
            comment["id"],
            video_id,
            iso(_yt_time(snippet["publishedAt"])),
            author=snippet.get("authorDisplayName", ""),
            text=snippet.get("textOriginal") or snippet.get("textDisplay", ""),
            own=own,
            thread_id=parent or comment["id"],
            parent_id=parent,
            permalink=f"https://www.youtube.com/watch?v={video_id}&lc={comment['id']}",
        )

    # --- X -----------------------------------------------------------------------

    def _listen_x(self, adapter, posts, result: ListenResult) -> None:
        import requests
        import tweepy

        from syndicate.errors import TransientError

        articles = {post_id: article for article, post_id in posts}
        cursor = self.store.cursors.setdefault("x", {})
        since = cursor.get("since_id")
        token = None
        newest = since
        for _page in range(MAX_PAGES):
            try:
                response = adapter.client.get_users_mentions(
                    adapter.user_id(),
                    user_auth=True,
                    since_id=since,
                    max_results=100,
                    pagination_token=token,
                    tweet_fields=["created_at", "author_id", "conversation_id"],
                    expansions=["author_id"],
                )
            except tweepy.TweepyException as exc:
                raise adapter._map(exc) from None
            except requests.RequestException as exc:
                raise TransientError(f"X: mentions gagal: {type(exc).__name__}") from None
            users = {str(u.id): u for u in (response.includes or {}).get("users", [])}
            for tweet in response.data or []:
                data = tweet.data
                result.x_reads += 1
                author = users.get(str(data.get("author_id")))
                conversation = str(data.get("conversation_id") or "")
                tweet_id = str(data["id"])
                newest = tweet_id if not newest or int(tweet_id) > int(newest) else newest
                self._keep(
                    Heard(
                        "x",
                        tweet_id,
                        conversation,
                        iso(_yt_time(str(data.get("created_at")))),
                        author=f"{author.name} (@{author.username})" if author else "",
                        text=data.get("text", ""),
                        permalink=f"https://x.com/i/web/status/{tweet_id}",
                    ),
                    articles.get(conversation, ""),
                )
            token = (response.meta or {}).get("next_token")
            if not token:
                break
        if newest:
            cursor["since_id"] = newest
        self._x_own_replies(adapter, cursor, result)

    def _x_own_replies(self, adapter, cursor: dict, result: ListenResult) -> None:
        """The account's own replies (its timeline since the last run), so an X
        question counts as answered like on the other platforms. The first run
        looks back ``listen_days`` only; each post read is billed."""
        import requests
        import tweepy

        from syndicate.errors import TransientError

        since = cursor.get("own_since_id")
        start = None if since else now() - timedelta(days=self.settings.listen_days)
        newest = since
        token = None
        for _page in range(MAX_PAGES):
            try:
                response = adapter.client.get_users_tweets(
                    adapter.user_id(),
                    user_auth=True,
                    since_id=since,
                    start_time=start,
                    max_results=100,
                    pagination_token=token,
                    tweet_fields=["created_at", "conversation_id", "referenced_tweets"],
                )
            except tweepy.TweepyException as exc:
                raise adapter._map(exc) from None
            except requests.RequestException as exc:
                raise TransientError(f"X: timeline gagal: {type(exc).__name__}") from None
            for tweet in response.data or []:
                data = tweet.data
                result.x_reads += 1
                tweet_id = str(data["id"])
                newest = tweet_id if not newest or int(tweet_id) > int(newest) else newest
                replied_to = next(
                    (
                        str(ref["id"])
                        for ref in data.get("referenced_tweets") or ()
                        if ref.get("type") == "replied_to"
                    ),
                    "",
                )
                if not replied_to:
                    continue  # one of our own posts, not an answer
                self._keep(
                    Heard(
                        "x",
                        tweet_id,
                        str(data.get("conversation_id") or ""),
                        iso(_yt_time(str(data.get("created_at")))),
                        author="",
                        text="",
                        own=True,
                        thread_id=replied_to,
                        parent_id=replied_to,
                    ),
                    "",
                )
            token = (response.meta or {}).get("next_token")
            if not token:
                break
        if newest:
            cursor["own_since_id"] = newest


def _yt_time(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
