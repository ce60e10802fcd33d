"""Responses (and the real clients' requests) checked against the platforms'
machine-readable descriptions: the YouTube discovery document bundled with
google-api-python-client, and a subset of X's OpenAPI document kept in
fixtures/x_openapi_subset.json.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import pytest
import requests
import tweepy
from googleapiclient.http import MediaFileUpload

from bkd_sandbox.schema_check import SchemaChecker
from bkd_sandbox.testing import jpeg_bytes, make_tweepy_client, make_x_session

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def discovery() -> SchemaChecker:
    document = json.loads(
        resources.files("googleapiclient")
        .joinpath("discovery_cache/documents/youtube.v3.json")
        .read_text(encoding="utf-8")
    )
    return SchemaChecker.for_discovery(document)


@pytest.fixture(scope="module")
def openapi() -> SchemaChecker:
    return SchemaChecker.for_openapi(json.loads((FIXTURES / "x_openapi_subset.json").read_text()))


def test_the_checker_can_fail(discovery, openapi):
    assert discovery.errors({"kind": "youtube#video", "id": 5}, "Video")
    assert discovery.errors({"kind": "youtube#video", "colour": "red"}, "Video")
    assert openapi.errors({"data": {"id": "12a", "text": "x"}}, "TweetCreateResponse")
    assert openapi.errors({"title": "x"}, "Problem")  # type is required
    assert openapi.errors({"text": "x", "poll": {"options": ["a"]}}, "TweetCreateRequest")


def test_youtube_responses_match_the_discovery_document(sandbox, youtube, discovery, tmp_path):
    video_path = tmp_path / "v.mp4"
    video_path.write_bytes(os.urandom(300 * 1024))
    poster = tmp_path / "p.jpg"
    poster.write_bytes(jpeg_bytes(640, 360))
    request = youtube.videos().insert(
        part="snippet,status",
        body={
            "snippet": {"title": "Judul", "description": "Isi", "tags": ["a"]},
            "status": {"privacyStatus": "public"},
        },
        media_body=MediaFileUpload(
            str(video_path), mimetype="video/mp4", resumable=True, chunksize=256 * 1024
        ),
    )
    video = None
    while video is None:
        _, video = request.next_chunk()
    assert discovery.errors(video, "Video") == []

    thumbnails = (
        youtube.thumbnails()
        .set(videoId=video["id"], media_body=MediaFileUpload(str(poster), mimetype="image/jpeg"))
        .execute()
    )
    assert discovery.errors(thumbnails, "ThumbnailSetResponse") == []

    listings = {
        "VideoListResponse": youtube.videos().list(part="snippet,status", id=video["id"]),
        "SearchListResponse": youtube.search().list(part="snippet", forMine=True, type="video"),
        "ChannelListResponse": youtube.channels().list(part="snippet,contentDetails", mine=True),
    }
    uploads = listings["ChannelListResponse"].execute()["items"][0]["contentDetails"][
        "relatedPlaylists"
    ]["uploads"]
    listings["PlaylistItemListResponse"] = youtube.playlistItems().list(
        part="snippet,contentDetails", playlistId=uploads
    )
    for schema, call in listings.items():
        result = call.execute()
        assert result["items"], schema
        assert discovery.errors(result, schema) == [], schema


def test_youtube_error_bodies_have_the_google_shape(sandbox):
    response = requests.get(
        f"{sandbox.youtube_url}youtube/v3/videos",
        params={"part": "id", "id": "x"},
        headers={"Authorization": "Bearer nope"},
    )
    error = response.json()["error"]
    assert set(error) == {"code", "message", "errors", "status"}
    assert set(error["errors"][0]) >= {"message", "domain", "reason"}


def test_x_responses_match_the_openapi_document(sandbox, x_client, openapi):
    session, auth = make_x_session(sandbox)
    upload = session.post(
        "https://api.x.com/2/media/upload",
        files={"media": ("p.jpg", jpeg_bytes(400, 300), "image/jpeg")},
        data={"media_category": "tweet_image"},
        auth=auth,
    ).json()
    # The document's MediaUploadResponse requires "meta" but defines none (see fixture).
    media_schema = openapi.schemas["MediaUploadResponse"]["properties"]["data"]
    assert openapi.errors(upload["data"], media_schema) == []
    metadata = session.post(
        "https://api.x.com/2/media/metadata",
        json={"id": upload["data"]["id"], "metadata": {"alt_text": {"text": "Poster"}}},
        auth=auth,
    ).json()
    assert openapi.errors(metadata, "MetadataCreateResponse") == []

    x_client.return_type = requests.Response
    created = x_client.create_tweet(
        text="Baca https://bkd.nttprov.go.id/berita/a.html", media_ids=[upload["data"]["id"]]
    ).json()
    assert openapi.errors(created, "TweetCreateResponse") == []

    me = x_client.get_me(user_auth=True).json()
    assert openapi.errors(me, "Get2UsersMeResponse") == []
    timeline = x_client.get_users_tweets(
        me["data"]["id"],
        user_auth=True,
        max_results=5,
        tweet_fields=["created_at", "author_id", "entities", "attachments"],
    ).json()
    assert openapi.errors(timeline, "Get2UsersIdTweetsResponse") == []
    url_entity = timeline["data"][0]["entities"]["urls"][0]
    assert openapi.errors(url_entity, "UrlEntity") == []


def test_x_error_bodies_are_problem_objects(sandbox, x_client, openapi):
    x_client.create_tweet(text="dup")
    with pytest.raises(tweepy.Forbidden) as duplicate:
        x_client.create_tweet(text="dup")
    assert openapi.errors(duplicate.value.response.json(), "Problem") == []

    with pytest.raises(tweepy.Unauthorized) as unauthorized:
        make_tweepy_client(sandbox, consumer_secret="wrong").create_tweet(text="x")
    assert openapi.errors(unauthorized.value.response.json(), "Problem") == []

    with pytest.raises(tweepy.BadRequest) as too_long:
        x_client.create_tweet(text="a" * 300)
    body = too_long.value.response.json()
    assert body["type"] == "https://api.twitter.com/2/problems/invalid-request"
    assert "too long" in body["errors"][0]["message"]


def test_requests_the_real_clients_send_match_the_schemas(sandbox, x_client, openapi):
    session, auth = make_x_session(sandbox)
    media_id = session.post(
        "https://api.x.com/2/media/upload",
        files={"media": ("p.jpg", jpeg_bytes(400, 300), "image/jpeg")},
        data={"media_category": "tweet_image"},
        auth=auth,
    ).json()["data"]["id"]
    x_client.create_tweet(text="Dengan media", media_ids=[media_id])
    [upload, tweet] = sandbox.requests("x")
    assert upload["path"] == "/2/media/upload"
    assert upload["body"]["media_category"] == "tweet_image"
    assert upload["body"]["_files"]["media"] > 0
    assert tweet["path"] == "/2/tweets"
    assert openapi.errors(tweet["body"], "TweetCreateRequest") == []
    assert tweet["body"] == {"text": "Dengan media", "media": {"media_ids": [media_id]}}
