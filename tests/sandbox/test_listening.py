"""The sandbox's read side for `syndicate listen` and `syndicate report`:
comments, replies, mentions and metrics in the platforms' shapes, paged,
with deleted comments, permissions and rate limits."""

from __future__ import annotations

import pytest
import requests
import tweepy
from googleapiclient.errors import HttpError

from bkd_sandbox.testing import graph_headers


def fb_post(sandbox) -> str:
    response = requests.post(
        f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/feed",
        data={"message": "Jadwal layanan", "link": "https://bkd.nttprov.go.id/jadwal/"},
        headers=graph_headers(sandbox),
        timeout=10,
    )
    return response.json()["id"]


def video(sandbox, video_id: str = "dQw4w9WgXcQ") -> str:
    with sandbox.sandbox.state.transaction() as data:
        data["posts"]["youtube"].append({"id": video_id, "platform": "youtube"})
    return video_id


def test_graph_comments_page_with_cursors_and_skip_deleted_without_shifting(sandbox):
    post = fb_post(sandbox)
    ids = [
        sandbox.comment("facebook", post, f"Komentar {i}", author=f"Warga {i}") for i in range(7)
    ]
    reply = sandbox.comment("facebook", post, "Balasan", parent_id=ids[0])
    headers = graph_headers(sandbox)
    url = f"{sandbox.graph_url}/{post}/comments"
    first = requests.get(url, params={"limit": "3"}, headers=headers, timeout=10).json()
    assert [c["message"] for c in first["data"]] == ["Komentar 0", "Komentar 1", "Komentar 2"]
    assert set(first["data"][0]) == {"id", "message", "created_time", "from", "permalink_url"}
    assert first["data"][0]["created_time"].endswith("+0000")
    assert "next" in first["paging"] and "after" in first["paging"]["cursors"]
    sandbox.delete_comment(ids[3])
    after = first["paging"]["cursors"]["after"]
    second = requests.get(
        url, params={"limit": "3", "after": after}, headers=headers, timeout=10
    ).json()
    assert [c["message"] for c in second["data"]] == ["Komentar 4", "Komentar 5"]
    stream = requests.get(
        url, params={"filter": "stream", "limit": "100"}, headers=headers, timeout=10
    ).json()["data"]
    assert [c["id"] for c in stream if "parent" in c] == [reply]
    assert {c["id"] for c in stream} == (set(ids) - {ids[3]}) | {reply}


def test_instagram_comments_replies_and_insights(sandbox):
    with sandbox.sandbox.state.transaction() as data:
        data["posts"]["instagram"].append({"id": "17900000000000001", "platform": "instagram"})
    media = "17900000000000001"
    top = sandbox.comment("instagram", media, "Apakah berlaku untuk PPPK?", author="warga.ntt")
    sandbox.comment("instagram", media, "Ya, berlaku.", own=True, parent_id=top)
    headers = graph_headers(sandbox, sandbox.config.instagram.access_token)
    comments = requests.get(f"{sandbox.graph_url}/{media}/comments", headers=headers, timeout=10)
    [item] = comments.json()["data"]
    assert item["username"] == "warga.ntt" and item["text"].startswith("Apakah")
    replies = requests.get(f"{sandbox.graph_url}/{top}/replies", headers=headers, timeout=10)
    [answer] = replies.json()["data"]
    assert answer["username"] == sandbox.config.instagram.username
    assert answer["parent_id"] == top
    sandbox.metrics(media, reach=300, views=700)
    insights = requests.get(
        f"{sandbox.graph_url}/{media}/insights",
        params={"metric": "reach,views"},
        headers=headers,
        timeout=10,
    ).json()["data"]
    assert [(m["name"], m["period"], m["values"][0]["value"]) for m in insights] == [
        ("reach", "lifetime", 300),
        ("views", "lifetime", 700),
    ]
    bad = requests.get(
        f"{sandbox.graph_url}/{media}/insights",
        params={"metric": "impressions"},
        headers=headers,
        timeout=10,
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == 100


def test_reading_comments_needs_the_permission_and_counts_against_the_rate_limit(sandbox):
    post = fb_post(sandbox)
    sandbox.config.facebook.scopes.remove("pages_read_user_content")
    denied = requests.get(
        f"{sandbox.graph_url}/{post}/comments", headers=graph_headers(sandbox), timeout=10
    )
    assert denied.status_code == 403 and denied.json()["error"]["code"] == 10
    sandbox.config.facebook.scopes.append("pages_read_user_content")
    sandbox.arm("facebook", "rate_limit", f"/{post}/comments", code=32)
    limited = requests.get(
        f"{sandbox.graph_url}/{post}/comments", headers=graph_headers(sandbox), timeout=10
    )
    assert limited.json()["error"]["code"] == 32


def test_youtube_comment_threads_page_with_tokens_and_know_their_video(sandbox, youtube):
    video_id = video(sandbox)
    for i in range(5):
        sandbox.comment("youtube", video_id, f"Komentar {i}", author=f"Penonton {i}")
    first = (
        youtube.commentThreads()
        .list(part="snippet,replies", videoId=video_id, maxResults=2)
        .execute()
    )
    assert first["kind"] == "youtube#commentThreadListResponse"
    snippet = first["items"][0]["snippet"]["topLevelComment"]["snippet"]
    assert snippet["textOriginal"] == "Komentar 4"  # newest first
    assert snippet["authorChannelId"]["value"].startswith("UC")
    seen = [t["id"] for t in first["items"]]
    token = first["nextPageToken"]
    while token:
        page = (
            youtube.commentThreads()
            .list(part="snippet", videoId=video_id, maxResults=2, pageToken=token)
            .execute()
        )
        seen += [t["id"] for t in page["items"]]
        token = page.get("nextPageToken")
    assert len(seen) == len(set(seen)) == 5
    with pytest.raises(HttpError) as missing:
        youtube.commentThreads().list(part="snippet", videoId="nope").execute()
    assert missing.value.resp.status == 404


def test_x_mentions_since_id_and_public_metrics(sandbox, x_client):
    tweet = x_client.create_tweet(text="Pengumuman seleksi").data["id"]
    mentions = [sandbox.comment("x", tweet, f"Tanya {i}", author=f"Warga {i}") for i in range(6)]
    user = sandbox.config.x.user_id
    first = x_client.get_users_mentions(
        user,
        user_auth=True,
        max_results=5,
        tweet_fields=["conversation_id"],
        expansions=["author_id"],
    )
    assert [t.id for t in first.data] == [int(m) for m in reversed(mentions[1:])]
    assert {t.conversation_id for t in first.data} == {int(tweet)}
    assert {u.name for u in first.includes["users"]} == {f"Warga {i}" for i in range(1, 6)}
    rest = x_client.get_users_mentions(
        user, user_auth=True, max_results=5, pagination_token=first.meta["next_token"]
    )
    assert [t.id for t in rest.data] == [int(mentions[0])]
    newer = x_client.get_users_mentions(user, user_auth=True, max_results=5, since_id=mentions[-1])
    assert newer.data is None and newer.meta["result_count"] == 0
    with pytest.raises(tweepy.BadRequest):
        x_client.get_users_mentions(user, user_auth=True, max_results=500)
    sandbox.metrics(tweet, impression_count=900, like_count=7)
    looked_up = x_client.get_tweets([tweet], tweet_fields=["public_metrics"], user_auth=True)
    metrics = looked_up.data[0].public_metrics
    assert metrics["impression_count"] == 900 and metrics["like_count"] == 7
