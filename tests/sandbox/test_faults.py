"""Every fault mode, seen through the real clients."""

from __future__ import annotations

import http.client
import os
import time

import pytest
import requests
import tweepy
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaFileUpload

from bkd_sandbox.testing import fast_config, graph_headers, make_youtube, running_sandbox

CHUNK = 256 * 1024


def feed(sandbox) -> str:
    return f"{sandbox.graph_url}/{sandbox.config.facebook.page_id}/feed"


def post_feed(sandbox, message="Berita", **kwargs) -> requests.Response:
    return requests.post(
        feed(sandbox), data={"message": message}, headers=graph_headers(sandbox), **kwargs
    )


def test_http_500_on_graph_is_transient_code_1_for_count_calls(sandbox):
    sandbox.arm("facebook", "http_500", "/*/feed", count=2, method="POST")
    for _ in range(2):
        response = post_feed(sandbox)
        assert response.status_code == 500
        error = response.json()["error"]
        assert error["is_transient"] is True and error["code"] == 1
    assert sandbox.posts("facebook") == []
    assert post_feed(sandbox).status_code == 200  # the fault is used up
    assert len(sandbox.posts("facebook")) == 1


def test_http_503_on_x_raises_server_error(sandbox, x_client):
    sandbox.arm("x", "503", "/2/tweets")
    with pytest.raises(tweepy.TwitterServerError) as raised:
        x_client.create_tweet(text="coba")
    assert raised.value.response.status_code == 503
    assert sandbox.posts("x") == []


def test_rate_limit_on_x_carries_reset(sandbox, x_client):
    sandbox.arm("x", "429", "/2/tweets", retry_after=120)
    with pytest.raises(tweepy.TooManyRequests) as raised:
        x_client.create_tweet(text="coba")
    assert abs(raised.value.reset_time - (time.time() + 120)) < 5
    assert raised.value.response.headers["x-rate-limit-remaining"] == "0"


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_rate_limit_on_graph_uses_the_armed_code(sandbox, code):
    sandbox.arm("facebook", "rate_limit", "*", code=code)
    response = post_feed(sandbox)
    error = response.json()["error"]
    assert error["code"] == code
    assert sandbox.posts("facebook") == []


def test_quota_faults_on_instagram_and_youtube(sandbox, image_host, tmp_path):
    sandbox.arm("instagram", "quota", "*/media_publish")
    ig = f"{sandbox.graph_url}/{sandbox.config.instagram.ig_user_id}"
    headers = graph_headers(sandbox, sandbox.config.instagram.access_token)
    response = requests.post(f"{ig}/media_publish", data={"creation_id": "1"}, headers=headers)
    assert response.json()["error"]["error_subcode"] == 2207042

    sandbox.arm("youtube", "quota", "/youtube/v3/*")
    youtube = make_youtube(sandbox)
    with pytest.raises(HttpError) as raised:
        youtube.videos().list(part="id", id="x").execute()
    assert raised.value.resp.status == 403
    assert raised.value.error_details[0]["reason"] == "quotaExceeded"

    sandbox.arm("youtube", "429", "/youtube/v3/*")
    with pytest.raises(HttpError) as raised:
        youtube.videos().list(part="id", id="x").execute()
    assert raised.value.resp.status == 429


def test_timeout_holds_the_connection_without_answer(sandbox):
    sandbox.arm("facebook", "timeout", "/*/feed")
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        post_feed(sandbox, timeout=0.3)
    assert time.monotonic() - started < 1.5
    assert sandbox.posts("facebook") == []  # a timeout fault is never processed


def test_timeout_on_x_through_tweepy(sandbox, x_client):
    sandbox.arm("x", "timeout", "/2/tweets")
    x_client.session.request = _with_timeout(x_client.session.request, 0.3)
    with pytest.raises(requests.exceptions.Timeout):
        x_client.create_tweet(text="coba")


def _with_timeout(request, seconds):
    def wrapped(*args, **kwargs):
        kwargs.setdefault("timeout", seconds)
        return request(*args, **kwargs)

    return wrapped


def test_reset_before_the_request_is_read(sandbox, x_client):
    sandbox.arm("x", "reset", "/2/tweets")
    with pytest.raises(requests.exceptions.ConnectionError) as raised:
        x_client.create_tweet(text="reset")
    assert "reset" in str(raised.value).lower() or "aborted" in str(raised.value).lower()
    assert sandbox.posts("x") == []
    x_client.create_tweet(text="reset")  # the same text is not a duplicate: nothing was stored
    assert len(sandbox.posts("x")) == 1


def test_reset_on_graph(sandbox):
    sandbox.arm("facebook", "reset", "/*/feed")
    with pytest.raises(requests.exceptions.ConnectionError):
        post_feed(sandbox)
    assert sandbox.posts("facebook") == []


def test_accept_then_drop_stores_the_post_but_the_client_sees_an_error(sandbox, x_client):
    sandbox.arm("x", "accept_then_drop", "/2/tweets")
    with pytest.raises(requests.exceptions.ConnectionError):
        x_client.create_tweet(text="Pengumuman kelulusan")
    [stored] = sandbox.posts("x")
    assert stored["text"] == "Pengumuman kelulusan"
    # A naive retry is exactly how duplicates happen; X refuses the repeat.
    with pytest.raises(tweepy.Forbidden):
        x_client.create_tweet(text="Pengumuman kelulusan")


def test_accept_then_drop_on_graph_feed(sandbox):
    sandbox.arm("facebook", "drop", "/*/feed", method="POST")
    with pytest.raises(requests.exceptions.ConnectionError):
        post_feed(sandbox, message="Hilang jawabannya")
    [stored] = sandbox.posts("facebook")
    assert stored["text"] == "Hilang jawabannya"


def test_accept_then_drop_on_instagram_publish(sandbox, image_host):
    ig = f"{sandbox.graph_url}/{sandbox.config.instagram.ig_user_id}"
    headers = graph_headers(sandbox, sandbox.config.instagram.access_token)
    container = requests.post(
        f"{ig}/media", data={"image_url": image_host.url + "/square.jpg"}, headers=headers
    ).json()["id"]
    time.sleep(sandbox.config.instagram.container_processing_seconds + 0.05)
    sandbox.arm("instagram", "accept_then_drop", "*/media_publish")
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(f"{ig}/media_publish", data={"creation_id": container}, headers=headers)
    assert len(sandbox.posts("instagram")) == 1
    status = requests.get(
        f"{sandbox.graph_url}/{container}", params={"fields": "status_code"}, headers=headers
    ).json()
    assert status["status_code"] == "PUBLISHED"  # what a reconciler can check


def _video(tmp_path) -> str:
    path = tmp_path / "v.mp4"
    path.write_bytes(os.urandom(CHUNK * 2 + 10))
    return str(path)


def _insert(youtube, path):
    request = youtube.videos().insert(
        part="snippet,status",
        body={"snippet": {"title": "Video"}, "status": {"privacyStatus": "private"}},
        media_body=MediaFileUpload(path, mimetype="video/mp4", resumable=True, chunksize=CHUNK),
    )
    request._sleep = lambda seconds: None  # no real back-off in tests
    return request


def test_youtube_chunk_503_then_resume(sandbox, tmp_path):
    # googleapiclient's own num_retries re-sends an already consumed stream slice
    # for chunked uploads (the body comes out empty), so the caller retries
    # next_chunk() itself; the upload resumes at the last acknowledged byte.
    youtube = make_youtube(sandbox)
    request = _insert(youtube, _video(tmp_path))
    sandbox.arm("youtube", "http_503", "/upload/youtube/v3/videos", method="PUT")
    response, errors = None, []
    while response is None:
        try:
            _status, response = request.next_chunk()
        except HttpError as error:
            errors.append(error.resp.status)
    assert errors == [503]
    assert response["snippet"]["title"] == "Video"
    [stored] = sandbox.posts("youtube")
    assert stored["size"] == CHUNK * 2 + 10


def test_youtube_final_chunk_accept_then_drop_stores_the_video(tmp_path):
    # httplib2 re-sends once after a dropped connection, with an exhausted body;
    # a short read timeout lets the sandbox give up on that quickly.
    with running_sandbox(fast_config(read_timeout_seconds=0.5)) as sandbox:
        youtube = make_youtube(sandbox)
        request = _insert(youtube, _video(tmp_path))
        request.next_chunk()
        request.next_chunk()
        sandbox.arm("youtube", "accept_then_drop", "/upload/youtube/v3/videos", method="PUT")
        with pytest.raises(http.client.RemoteDisconnected):
            request.next_chunk()
        assert len(sandbox.posts("youtube")) == 1


def test_faults_match_platform_endpoint_and_method_only(sandbox, x_client):
    sandbox.arm("x", "http_500", "/2/media/upload")
    sandbox.arm("facebook", "http_500", "*", method="GET")
    x_client.create_tweet(text="tidak terkena")
    assert post_feed(sandbox).status_code == 200
    assert requests.get(feed(sandbox), headers=graph_headers(sandbox)).status_code == 500
    faults = requests.get(f"{sandbox.url}/_sandbox/faults").json()["faults"]
    assert [(f["platform"], f["remaining"]) for f in faults] == [("x", 1), ("facebook", 0)]


def test_wildcard_platform_and_clearing(sandbox, x_client):
    sandbox.arm("*", "http_503", "*", count=5)
    assert post_feed(sandbox).status_code == 503
    requests.delete(f"{sandbox.url}/_sandbox/faults").raise_for_status()
    assert post_feed(sandbox).status_code == 200


@pytest.mark.parametrize(
    "spec",
    [
        {"platform": "x", "mode": "explode"},
        {"platform": "myspace", "mode": "http_500"},
        {"platform": "x", "mode": "http_500", "count": 0},
        {"platform": "facebook", "mode": "rate_limit", "code": 5},
    ],
)
def test_bad_fault_specs_are_refused(sandbox, spec):
    response = requests.post(f"{sandbox.url}/_sandbox/faults", json=spec)
    assert response.status_code == 400
    assert requests.get(f"{sandbox.url}/_sandbox/faults").json()["faults"] == []


def test_several_faults_in_one_call(sandbox):
    response = requests.post(
        f"{sandbox.url}/_sandbox/faults",
        json=[{"platform": "facebook", "mode": "500"}, {"platform": "facebook", "mode": "503"}],
    )
    assert response.status_code == 201
    assert [post_feed(sandbox).status_code for _ in range(3)] == [500, 503, 200]


def test_google_token_endpoint_fault_is_retried_by_google_auth(sandbox, tmp_path):
    sandbox.arm("google_oauth", "http_503", "/oauth2/token")
    youtube = make_youtube(sandbox)
    assert youtube.videos().list(part="id", id="x").execute()["items"] == []
    [fault] = requests.get(f"{sandbox.url}/_sandbox/faults").json()["faults"]
    assert fault["hits"] == 1  # google-auth retried the refresh after the 503


def test_instagram_container_error_is_seen_by_polling(sandbox, image_host):
    ig = f"{sandbox.graph_url}/{sandbox.config.instagram.ig_user_id}"
    headers = graph_headers(sandbox, sandbox.config.instagram.access_token)
    sandbox.arm("instagram", "container_error", "*/media", method="POST")
    container = requests.post(
        f"{ig}/media", data={"image_url": image_host.url + "/square.jpg"}, headers=headers
    )
    assert container.status_code == 200  # accepted; the failure comes later
    time.sleep(sandbox.config.instagram.container_processing_seconds + 0.05)
    status = requests.get(
        f"{sandbox.graph_url}/{container.json()['id']}",
        params={"fields": "status_code,status"},
        headers=headers,
    ).json()
    assert status["status_code"] == "ERROR"
    refused = requests.post(
        f"{ig}/media_publish", data={"creation_id": container.json()["id"]}, headers=headers
    )
    assert refused.json()["error"]["error_subcode"] == 2207053
    assert sandbox.posts("instagram") == []
