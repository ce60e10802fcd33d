"""YouTube endpoints driven with google-api-python-client and google-auth."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import requests
from google.auth.exceptions import RefreshError
from google.auth.transport.requests import Request as GoogleAuthRequest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaFileUpload

from bkd_sandbox.testing import (
    fast_config,
    jpeg_bytes,
    make_youtube,
    make_youtube_with_endpoint,
    running_sandbox,
    youtube_credentials,
)

CHUNK = 256 * 1024  # googleapiclient requires multiples of 256 KiB


@pytest.fixture(scope="module")
def video_file(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("media") / "kegiatan.mp4"
    path.write_bytes(os.urandom(CHUNK * 2 + 1000))  # three chunks
    return str(path)


@pytest.fixture(scope="module")
def poster_file(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("media") / "poster.jpg"
    path.write_bytes(jpeg_bytes(1280, 720))
    return str(path)


def insert_request(
    youtube,
    video_file,
    *,
    title="Apel Kesadaran Nasional",
    description="Tautan",
    resumable=True,
    **snippet,
):
    body = {
        "snippet": {
            "title": title,
            "description": description,
            "tags": ["BKD", "NTT"],
            "categoryId": "25",
        }
        | snippet,
        "status": {"privacyStatus": "unlisted", "selfDeclaredMadeForKids": False},
    }
    media = MediaFileUpload(
        video_file, mimetype="video/mp4", resumable=resumable, chunksize=CHUNK if resumable else -1
    )
    return youtube.videos().insert(part="snippet,status", body=body, media_body=media)


def upload(request, progress=None):
    response = None
    while response is None:
        status, response = request.next_chunk()
        if status is not None and progress is not None:
            progress.append(status.resumable_progress)
    return response


def test_resumable_upload_in_chunks_then_thumbnail(sandbox, youtube, video_file, poster_file):
    progress = []
    video = upload(insert_request(youtube, video_file), progress)
    assert progress == [CHUNK, CHUNK * 2]  # two 308 answers with Range, then 200
    assert video["kind"] == "youtube#video"
    assert len(video["id"]) == 11
    assert video["snippet"]["title"] == "Apel Kesadaran Nasional"
    assert video["snippet"]["tags"] == ["BKD", "NTT"]
    assert video["status"]["privacyStatus"] == "unlisted"
    assert video["status"]["uploadStatus"] == "uploaded"

    [stored] = sandbox.posts("youtube")
    assert stored["size"] == os.path.getsize(video_file)
    assert stored["chunks"] == 3

    result = (
        youtube.thumbnails()
        .set(videoId=video["id"], media_body=MediaFileUpload(poster_file, mimetype="image/jpeg"))
        .execute()
    )
    assert result["kind"] == "youtube#thumbnailSetResponse"
    thumbnail_url = result["items"][0]["default"]["url"]
    assert requests.get(thumbnail_url).content == Path(poster_file).read_bytes()
    assert sandbox.posts("youtube")[0]["images"] == [thumbnail_url]


def test_resumable_thumbnail_upload(sandbox, youtube, video_file, poster_file):
    video = upload(insert_request(youtube, video_file))
    request = youtube.thumbnails().set(
        videoId=video["id"],
        media_body=MediaFileUpload(poster_file, mimetype="image/jpeg", resumable=True),
    )
    result = upload(request)
    assert result["items"][0]["high"]["width"] == 480


def test_thumbnail_for_unknown_video_is_404(youtube, poster_file):
    with pytest.raises(HttpError) as raised:
        youtube.thumbnails().set(
            videoId="doesNotExist", media_body=MediaFileUpload(poster_file, mimetype="image/jpeg")
        ).execute()
    assert raised.value.resp.status == 404
    assert raised.value.error_details[0]["reason"] == "videoNotFound"


def test_multipart_upload(sandbox, youtube, video_file):
    video = insert_request(youtube, video_file, resumable=False).execute()
    assert video["snippet"]["title"] == "Apel Kesadaran Nasional"
    assert sandbox.posts("youtube")[0]["size"] == os.path.getsize(video_file)


def test_refresh_token_is_exchanged_at_the_sandbox(sandbox, video_file):
    credentials = youtube_credentials(sandbox)
    youtube = make_youtube(sandbox, credentials)
    upload(insert_request(youtube, video_file))
    assert credentials.token.startswith("ya29.sandbox-")
    assert credentials.expiry is not None


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"refresh_token": "revoked"}, "invalid_grant"),
        ({"client_secret": "wrong"}, "invalid_client"),
    ],
)
def test_bad_refresh_token_or_client(sandbox, video_file, overrides, error):
    youtube = make_youtube(sandbox, youtube_credentials(sandbox, **overrides))
    with pytest.raises(RefreshError) as raised:
        upload(insert_request(youtube, video_file))
    assert error in str(raised.value)
    assert sandbox.posts("youtube") == []


def test_revoked_grant_after_token_was_issued(sandbox, video_file):
    credentials = youtube_credentials(sandbox)
    youtube = make_youtube(sandbox, credentials)
    upload(insert_request(youtube, video_file))
    sandbox.expire_token("youtube")
    # The access token is now refused (401); the client refreshes and gets invalid_grant.
    with pytest.raises(RefreshError) as raised:
        youtube.videos().list(part="id", id="x").execute()
    assert "invalid_grant" in str(raised.value)


def test_bad_access_token_is_401(sandbox):
    response = requests.get(
        f"{sandbox.youtube_url}youtube/v3/videos",
        params={"part": "id", "id": "x"},
        headers={"Authorization": "Bearer ya29.forged"},
    )
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["status"] == "UNAUTHENTICATED"
    assert error["errors"][0]["reason"] == "authError"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("title", "J" * 101, "invalidTitle"),
        ("title", "", "invalidTitle"),
        ("title", "Rapat <penting>", "invalidTitle"),
        ("description", "é" * 2501, "invalidDescription"),  # 2501 characters, 5002 bytes
        ("description", "a > b", "invalidDescription"),
    ],
    ids=["title-101", "title-empty", "title-angle", "description-5002-bytes", "description-angle"],
)
def test_metadata_rules(sandbox, youtube, video_file, field, value, reason):
    with pytest.raises(HttpError) as raised:
        upload(insert_request(youtube, video_file, **{field: value}))
    assert raised.value.resp.status == 400
    assert raised.value.error_details[0]["reason"] == reason
    assert sandbox.posts("youtube") == []


def test_metadata_at_the_limits_is_accepted(sandbox, youtube, video_file):
    video = upload(insert_request(youtube, video_file, title="J" * 100, description="é" * 2500))
    assert len(video["snippet"]["description"].encode()) == 5000


def test_quota_exceeded_is_403_and_costs_are_counted(video_file):
    with running_sandbox(fast_config(youtube__daily_quota_units=2000)) as sandbox:
        youtube = make_youtube(sandbox)
        upload(insert_request(youtube, video_file))  # 1600 units
        with pytest.raises(HttpError) as raised:
            upload(insert_request(youtube, video_file, title="Kedua"))
        assert raised.value.resp.status == 403
        assert raised.value.error_details[0]["reason"] == "quotaExceeded"
        body = json.loads(raised.value.content)
        assert body["error"]["errors"][0]["domain"] == "youtube.quota"
        # Cheap calls still fit in the remaining 400 units.
        assert youtube.videos().list(part="id", id="x").execute()["items"] == []
        assert len(sandbox.posts("youtube")) == 1


def test_listings_for_reconciliation(sandbox, youtube, video_file):
    video = upload(
        insert_request(youtube, video_file, description="https://bkd.nttprov.go.id/v.html")
    )
    channel = youtube.channels().list(part="contentDetails", mine=True).execute()["items"][0]
    uploads = channel["contentDetails"]["relatedPlaylists"]["uploads"]
    items = (
        youtube.playlistItems()
        .list(part="snippet,contentDetails", playlistId=uploads, maxResults=50)
        .execute()["items"]
    )
    assert [i["contentDetails"]["videoId"] for i in items] == [video["id"]]
    assert "https://bkd.nttprov.go.id/v.html" in items[0]["snippet"]["description"]

    found = (
        youtube.search()
        .list(part="snippet", forMine=True, type="video", q="bkd.nttprov.go.id/v.html")
        .execute()
    )
    assert [i["id"]["videoId"] for i in found["items"]] == [video["id"]]

    listed = youtube.videos().list(part="snippet,status", id=video["id"]).execute()
    assert listed["items"][0]["status"]["privacyStatus"] == "unlisted"


def test_client_built_with_api_endpoint_reaches_the_api(sandbox, youtube, video_file):
    video = upload(insert_request(youtube, video_file))
    other = make_youtube_with_endpoint(sandbox)
    listed = other.videos().list(part="snippet", id=video["id"]).execute()
    assert listed["items"][0]["id"] == video["id"]


def test_resumable_protocol_status_query_and_resume(sandbox):
    """The raw protocol, as a client resuming after a crash uses it."""
    credentials = youtube_credentials(sandbox)
    credentials.refresh(GoogleAuthRequest())
    auth = {"Authorization": f"Bearer {credentials.token}"}
    start = requests.post(
        f"{sandbox.url}/upload/youtube/v3/videos",
        params={"uploadType": "resumable", "part": "snippet,status"},
        json={"snippet": {"title": "Lanjut"}, "status": {"privacyStatus": "private"}},
        headers=auth | {"X-Upload-Content-Type": "video/mp4", "X-Upload-Content-Length": "1000"},
    )
    assert start.status_code == 200
    session = start.headers["Location"]
    assert "upload_id=" in session

    first = requests.put(
        session, data=b"a" * 400, headers=auth | {"Content-Range": "bytes 0-399/1000"}
    )
    assert (first.status_code, first.headers["Range"]) == (308, "bytes=0-399")
    # After a crash the client asks where the server is ...
    status = requests.put(session, headers=auth | {"Content-Range": "bytes */1000"})
    assert (status.status_code, status.headers["Range"]) == (308, "bytes=0-399")
    # ... and a chunk from the wrong offset is not appended.
    wrong = requests.put(
        session, data=b"b" * 100, headers=auth | {"Content-Range": "bytes 500-599/1000"}
    )
    assert (wrong.status_code, wrong.headers["Range"]) == (308, "bytes=0-399")
    done = requests.put(
        session, data=b"c" * 600, headers=auth | {"Content-Range": "bytes 400-999/1000"}
    )
    assert done.status_code == 200
    assert done.json()["snippet"]["title"] == "Lanjut"
    assert sandbox.posts("youtube")[0]["size"] == 1000

    # A finished session answers a status query with the video it created,
    # so a client that crashed after the last chunk learns the id, not a 404.
    again = requests.put(session, headers=auth | {"Content-Range": "bytes */1000"})
    assert again.status_code == 200
    assert again.json()["id"] == done.json()["id"]
    assert len(sandbox.posts("youtube")) == 1

    unknown = requests.put(
        session.replace("upload_id=", "upload_id=x"),
        headers=auth | {"Content-Range": "bytes */1000"},
    )
    assert unknown.status_code == 404


def test_expired_session_answers_404():
    with running_sandbox(fast_config(youtube__upload_session_seconds=-1)) as sandbox:
        credentials = youtube_credentials(sandbox)
        credentials.refresh(GoogleAuthRequest())
        auth = {"Authorization": f"Bearer {credentials.token}"}
        start = requests.post(
            f"{sandbox.url}/upload/youtube/v3/videos",
            params={"uploadType": "resumable", "part": "snippet,status"},
            json={"snippet": {"title": "Basi"}},
            headers=auth | {"X-Upload-Content-Length": "10"},
        )
        status = requests.put(
            start.headers["Location"], headers=auth | {"Content-Range": "bytes */10"}
        )
        assert status.status_code == 404
        assert status.json()["error"]["errors"][0]["reason"] == "notFound"


def test_intermediate_chunks_answer_308_with_range_and_no_location(sandbox, youtube, video_file):
    upload(insert_request(youtube, video_file))
    credentials = youtube_credentials(sandbox)
    credentials.refresh(GoogleAuthRequest())
    auth = {"Authorization": f"Bearer {credentials.token}"}
    start = requests.post(
        f"{sandbox.url}/upload/youtube/v3/videos",
        params={"uploadType": "resumable", "part": "snippet"},
        json={"snippet": {"title": "Potongan"}},
        headers=auth | {"X-Upload-Content-Length": str(CHUNK * 2)},
    )
    chunk = requests.put(
        start.headers["Location"],
        data=b"v" * CHUNK,
        headers=auth | {"Content-Range": f"bytes 0-{CHUNK - 1}/{CHUNK * 2}"},
        allow_redirects=False,
    )
    assert chunk.status_code == 308
    assert chunk.headers["Range"] == f"bytes=0-{CHUNK - 1}"
    assert "Location" not in chunk.headers


def test_503_on_a_middle_chunk_is_resumed_in_the_same_session(sandbox, youtube, video_file):
    sandbox.arm(
        "youtube", "503", "/upload/youtube/v3/videos", method="PUT", after=1
    )  # the second chunk
    request = insert_request(youtube, video_file)
    response, errors = None, []
    while response is None:
        try:
            _status, response = request.next_chunk()
        except HttpError as exc:
            errors.append(exc.resp.status)
    assert errors == [503]
    assert response["id"]
    sessions = sandbox.upload_sessions()
    assert len(sessions["opened"]) == 1 and len(sessions["chunk_sessions"]) == 1
    # googleapiclient asked where the session stood before sending on.
    ranges = [e.get("content_range") for e in sandbox.requests("youtube") if e["method"] == "PUT"]
    size = os.path.getsize(video_file)
    assert ranges == [
        f"bytes 0-{CHUNK - 1}/{size}",
        f"bytes {CHUNK}-{2 * CHUNK - 1}/{size}",  # answered 503
        f"bytes */{size}",  # where does the session stand? 308 Range bytes=0-{CHUNK - 1}
        f"bytes {CHUNK}-{2 * CHUNK - 1}/{size}",
        f"bytes {2 * CHUNK}-{size - 1}/{size}",
    ]
    assert sandbox.posts("youtube")[0]["size"] == os.path.getsize(video_file)


@pytest.mark.parametrize(
    ("fault", "upload_status", "reason_field", "reason", "processing"),
    [
        (None, "processed", None, None, "succeeded"),
        ("upload_rejected", "rejected", "rejectionReason", "duplicate", "terminated"),
        ("upload_failed", "failed", "failureReason", "codec", "failed"),
    ],
)
def test_upload_status_after_processing(
    youtube_fast_processing, video_file, fault, upload_status, reason_field, reason, processing
):
    sandbox, youtube = youtube_fast_processing
    if fault:
        sandbox.arm("youtube", fault, "/upload/youtube/v3/videos", method="POST")
    video = upload(insert_request(youtube, video_file))
    assert video["status"]["uploadStatus"] == "uploaded"
    first = youtube.videos().list(part="status,processingDetails", id=video["id"]).execute()
    assert first["items"][0]["processingDetails"]["processingStatus"] == "processing"
    time.sleep(sandbox.config.youtube.processing_seconds + 0.05)
    later = youtube.videos().list(part="status,processingDetails", id=video["id"]).execute()
    item = later["items"][0]
    assert item["status"]["uploadStatus"] == upload_status
    assert item["processingDetails"]["processingStatus"] == processing
    if reason_field:
        assert item["status"][reason_field] == reason


@pytest.fixture
def youtube_fast_processing():
    with running_sandbox(fast_config(youtube__processing_seconds=0.3)) as sandbox:
        yield sandbox, make_youtube(sandbox)


def test_playlist_items_page_with_page_tokens(tmp_path):
    with running_sandbox(fast_config(youtube__daily_quota_units=10**6)) as sandbox:
        _page_through_uploads(sandbox, make_youtube(sandbox), tmp_path)


def _page_through_uploads(sandbox, youtube, tmp_path):
    small = tmp_path / "kecil.mp4"
    small.write_bytes(b"\x00" * 100)
    ids = [upload(insert_request(youtube, str(small), title=f"Video {n}"))["id"] for n in range(7)]
    channel = youtube.channels().list(part="contentDetails", mine=True).execute()
    uploads = channel["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"]
    seen, token = [], None
    while True:
        page = (
            youtube.playlistItems()
            .list(part="snippet", playlistId=uploads, maxResults=3, pageToken=token)
            .execute()
        )
        seen += [i["snippet"]["resourceId"]["videoId"] for i in page["items"]]
        token = page.get("nextPageToken")
        if not token:
            break
    assert seen == list(reversed(ids))


def test_a_plain_httplib2_transport_fails_on_the_first_308(sandbox, video_file):
    """Why the adapter uses googleapiclient's build_http(): httplib2 on its own
    takes "308 Resume Incomplete" for a redirect and wants a Location."""
    import google_auth_httplib2
    import httplib2
    from googleapiclient.discovery import build_from_document
    from googleapiclient.http import build_http

    from syndicate.transport import youtube_discovery

    credentials = youtube_credentials(sandbox)
    document = youtube_discovery(sandbox.youtube_url)
    plain = build_from_document(
        document, http=google_auth_httplib2.AuthorizedHttp(credentials, http=httplib2.Http())
    )
    with pytest.raises(httplib2.RedirectMissingLocation):
        upload(insert_request(plain, video_file))
    proper = build_from_document(
        document, http=google_auth_httplib2.AuthorizedHttp(credentials, http=build_http())
    )
    assert upload(insert_request(proper, video_file))["id"]
