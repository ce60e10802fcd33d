"""After a post: the sandbox's edits, comments, replies, deletions and privacy
changes follow the platforms' references (bkd_sandbox/followups.py, docs/corrections.md)."""

from __future__ import annotations

import pytest
import requests
import tweepy
from googleapiclient.errors import HttpError

from bkd_sandbox.testing import graph_headers
from tests.sandbox.test_instagram import create_container, headers, ig, wait_finished
from tests.sandbox.test_youtube import insert_request, upload, video_file  # noqa: F401 - fixture


def fb_post(sandbox, message="Jadwal seleksi 3 Desember") -> str:
    response = requests.post(
        f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/feed",
        data={"message": message, "link": "https://bkd.nttprov.go.id/a/"},
        headers=graph_headers(sandbox),
    )
    return response.json()["id"]


def test_facebook_post_is_edited_then_deleted(sandbox):
    post_id = fb_post(sandbox)
    url = f"{sandbox.graph_url}/{post_id}"
    edited = requests.post(
        url, data={"message": "Jadwal seleksi 5 Desember"}, headers=graph_headers(sandbox)
    )
    assert edited.json() == {"success": True}
    read = requests.get(url, params={"fields": "message"}, headers=graph_headers(sandbox)).json()
    assert read["message"] == "Jadwal seleksi 5 Desember"

    assert requests.delete(url, headers=graph_headers(sandbox)).json() == {"success": True}
    for gone in (
        requests.get(url, params={"fields": "id"}, headers=graph_headers(sandbox)),
        requests.delete(url, headers=graph_headers(sandbox)),
    ):
        assert gone.status_code == 400
        assert (gone.json()["error"]["code"], gone.json()["error"]["error_subcode"]) == (100, 33)
    kinds = [c["kind"] for c in sandbox.followups()["changes"]]
    assert kinds == ["edit", "delete"]


def test_instagram_caption_is_final_and_media_cannot_be_deleted_but_comments_work(
    sandbox, image_host
):
    container = create_container(
        sandbox, image_url=image_host.url + "/portrait.jpg", caption="Jadwal 3 Desember"
    ).json()["id"]
    wait_finished(sandbox, container)
    media_id = requests.post(
        ig(sandbox, "media_publish"), data={"creation_id": container}, headers=headers(sandbox)
    ).json()["id"]
    url = f"{sandbox.graph_url}/{media_id}"

    caption = requests.post(url, data={"caption": "Jadwal 5 Desember"}, headers=headers(sandbox))
    assert caption.status_code == 400 and caption.json()["error"]["code"] == 100
    assert requests.post(url, data={"comment_enabled": "true"}, headers=headers(sandbox)).ok
    deleted = requests.delete(url, headers=headers(sandbox))
    assert deleted.status_code == 400 and deleted.json()["error"]["code"] == 100

    made = requests.post(
        f"{url}/comments", data={"message": "Diperbarui: 5 Desember"}, headers=headers(sandbox)
    )
    comment_id = made.json()["id"]
    listed = requests.get(
        f"{url}/comments",
        params={"fields": "id,text,username,timestamp"},
        headers=headers(sandbox),
    ).json()["data"]
    assert [(c["id"], c["text"], c["username"]) for c in listed] == [
        (comment_id, "Diperbarui: 5 Desember", sandbox.config.instagram.username)
    ]


def test_x_reply_needs_an_existing_post_and_delete_answers_deleted(sandbox, x_client):
    original = x_client.create_tweet(text="Jadwal seleksi 3 Desember", user_auth=True).data["id"]
    reply = x_client.create_tweet(
        text="Diperbarui: 5 Desember", in_reply_to_tweet_id=original, user_auth=True
    ).data["id"]
    assert [p["id"] for p in sandbox.posts("x")] == [original, reply]
    with pytest.raises(tweepy.BadRequest):
        x_client.create_tweet(text="Balasan", in_reply_to_tweet_id="1", user_auth=True)

    assert x_client.delete_tweet(original, user_auth=True).data == {"deleted": True}
    assert x_client.delete_tweet(original, user_auth=True).data == {"deleted": False}
    gone = x_client.get_tweet(original, user_auth=True)
    assert gone.data is None and gone.errors[0]["title"] == "Not Found Error"


def test_youtube_update_replaces_the_part_and_needs_title_and_category(
    sandbox,
    youtube,
    video_file,  # noqa: F811 - the fixture imported above
):
    video = upload(insert_request(youtube, video_file))
    snippet = {"title": video["snippet"]["title"], "description": "Catatan baru"}
    with pytest.raises(HttpError) as refused:
        youtube.videos().update(
            part="snippet", body={"id": video["id"], "snippet": snippet}
        ).execute()
    assert refused.value.resp.status == 400
    updated = (
        youtube.videos()
        .update(
            part="snippet",
            body={"id": video["id"], "snippet": {**snippet, "categoryId": "25"}},
        )
        .execute()
    )
    assert updated["snippet"]["description"] == "Catatan baru"
    assert "tags" not in updated["snippet"]  # left out of the part: cleared
    private = (
        youtube.videos()
        .update(part="status", body={"id": video["id"], "status": {"privacyStatus": "private"}})
        .execute()
    )
    assert private["status"]["privacyStatus"] == "private"
    assert sandbox.posts("youtube")[0]["privacy_status"] == "private"
