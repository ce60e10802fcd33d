"""The preview is literally what is sent: for each client family (Graph,
X, Google), the list of requests a preview shows equals the requests a
publish puts on the wire."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from googleapiclient.discovery import build_from_document
from googleapiclient.http import HttpMockSequence

from syndicate.adapters import adapter_for
from syndicate.composer import Media, Post
from syndicate.errors import PermanentError
from syndicate.settings import Settings
from syndicate.transport import youtube_discovery

URL = "https://bkd.nttprov.go.id/2026/10/a/"


class RecordingSession(requests.Session):
    """Answers every Graph call with an id, a finished container and a permalink."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[dict] = []

    def request(self, method, url, data=None, params=None, **kwargs):  # noqa: ARG002 - requests.Session.request
        path = urlsplit(url).path.split("/", 2)[2]  # drop "/v25.0"
        entry = {"method": method, "path": "/" + path}
        if data is not None:
            entry["data"] = data
        if params is not None:
            entry["params"] = params
        self.sent.append(entry)
        response = requests.Response()
        response.status_code = 200
        number = len(self.sent)
        body = {
            "id": f"id{number}",
            "status_code": "FINISHED",
            "permalink": "p",
            "permalink_url": "p",
        }
        response._content = json.dumps(body).encode()
        return response


def _photos(n: int) -> list[Media]:
    return [Media("image", url=f"https://bkd.nttprov.go.id/{i}.jpg", alt=f"a{i}") for i in range(n)]


@pytest.mark.parametrize(
    ("platform", "post"),
    [
        ("facebook", Post("facebook", "a", URL, text="Kabar", link=URL, options={"kind": "link"})),
        (
            "facebook",
            Post("facebook", "a", URL, text="Kabar", media=_photos(3), options={"kind": "photos"}),
        ),
        ("instagram", Post("instagram", "a", URL, text="Kabar", media=_photos(1))),
        ("instagram", Post("instagram", "a", URL, text="Kabar", media=_photos(3))),
    ],
)
def test_preview_equals_the_requests_sent(platform, post):
    env = {"SYNDICATE_FACEBOOK_PAGE_TOKEN": "t", "SYNDICATE_INSTAGRAM_TOKEN": "t"}
    settings = Settings.load(
        {"SYNDICATE_FACEBOOK_PAGE_ID": "123", "SYNDICATE_INSTAGRAM_USER_ID": "456"}, env={}
    )
    settings.ig_poll_interval = 0
    session = RecordingSession()
    adapter = adapter_for(platform, settings, env=env, http=session)
    preview = adapter.preview(post)
    adapter.publish(post)
    shown = [{k: v for k, v in step.items() if k != "step"} for step in preview]
    # A preview shows "<create_container>" where the publish had the new id;
    # the rest is identical, byte for byte.
    ids = {f"id{i}": f"<{step['step']}>" for i, step in enumerate(preview, 1)}

    def as_previewed(value):
        if isinstance(value, dict):
            return {k: as_previewed(v) for k, v in value.items()}
        if isinstance(value, str):
            for new, mark in sorted(ids.items(), key=lambda kv: -len(kv[0])):
                value = value.replace(new, mark)
        return value

    assert shown == [as_previewed(step) for step in session.sent]
    assert len(session.sent) == len(preview) >= 2


class RecordingXSession(requests.Session):
    """Answers every X call with a new id; records what the adapter sent."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[dict] = []

    def request(self, method, url, json=None, data=None, files=None, auth=None, **kwargs):  # noqa: ARG002 - requests.Session.request
        assert auth is not None  # every call is signed (OAuth 1.0a user context)
        entry: dict = {"method": method, "url": url}
        if files is not None:
            # The uploaded bytes name the public file they were fetched from.
            entry["files"] = {name: part[1].decode() for name, part in files.items()}
        if data is not None:
            entry["data"] = data
        if json is not None:
            entry["json"] = json
        self.sent.append(entry)
        response = requests.Response()
        response.status_code = 200
        response._content = b'{"data": {"id": "%d"}}' % (1000 + len(self.sent))
        return response


@pytest.mark.parametrize("alt", ["Foto rapat koordinasi", ""])
def test_x_preview_equals_the_requests_sent(alt):
    env = {
        name: "k"
        for name in (
            "SYNDICATE_X_CONSUMER_KEY",
            "SYNDICATE_X_CONSUMER_SECRET",
            "SYNDICATE_X_ACCESS_TOKEN",
            "SYNDICATE_X_ACCESS_TOKEN_SECRET",
        )
    }
    adapter = adapter_for("x", Settings.load({}, env={}), env=env)
    session = RecordingXSession()
    adapter.client.session = session
    adapter.fetch_public = lambda url: url.encode()
    image = Media("image", url="https://bkd.nttprov.go.id/media/rapat.jpg", alt=alt)
    post = Post("x", "a", URL, text="Kabar rapat " + URL, media=[image])
    preview = adapter.preview(post)
    published = adapter.publish(post)
    shown = [{k: v for k, v in step.items() if k != "step"} for step in preview]
    # The preview shows "<upload_media>" where the publish had the new id.
    ids = {str(1000 + i): f"<{step['step']}>" for i, step in enumerate(preview, 1)}
    as_previewed = json.loads(json.dumps(session.sent).replace('"1001"', f'"{ids["1001"]}"'))
    assert shown == as_previewed
    assert [step["step"] for step in preview] == (
        ["upload_media", "alt_text", "create_tweet"] if alt else ["upload_media", "create_tweet"]
    )
    assert session.sent[-1]["json"] == {"text": post.text, "media": {"media_ids": ["1001"]}}
    assert published.post_id == str(1000 + len(session.sent))


class RecordingGoogleHttp(HttpMockSequence):
    """googleapiclient's scripted transport, keeping each request it was given."""

    def __init__(self, responses) -> None:
        super().__init__(responses)
        self.sent: list[dict] = []

    def request(self, uri, method="GET", body=None, headers=None, **kwargs):
        url = urlsplit(uri)
        params = dict(parse_qsl(url.query))
        params.pop("alt", None)
        entry = {"method": method, "path": url.path, "params": params}
        if isinstance(body, str) and body.startswith("{"):
            entry["body"] = json.loads(body)
        elif body is not None:
            # A chunk comes as a stream slice of the file (googleapiclient's _StreamSlice).
            entry["bytes"] = body if isinstance(body, bytes) else body.read()
        self.sent.append(entry)
        return super().request(uri, method, body, headers, **kwargs)


def test_youtube_preview_equals_the_requests_sent(tmp_path):
    video = tmp_path / "rapat.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    settings = Settings.load({}, env={})
    settings.youtube_status_wait = 0
    adapter = adapter_for("youtube", settings, env={})
    session = "https://www.googleapis.com/upload/youtube/v3/videos?upload_id=s1"
    http = RecordingGoogleHttp(
        [
            ({"status": "200", "location": session}, b""),
            ({"status": "200"}, b'{"id": "vid1"}'),
            ({"status": "200"}, b'{"items": [{"status": {"uploadStatus": "processed"}}]}'),
        ]
    )
    adapter._service = build_from_document(youtube_discovery(settings.youtube_base_url), http=http)
    post = Post(
        "youtube",
        "a",
        URL,
        text="Deskripsi " + URL,
        title="Rapat koordinasi",
        media=[Media("video", path=str(video))],
        tags=["rapat"],
    )
    preview = adapter.preview(post)
    published = adapter.publish(post)
    assert published.post_id == "vid1"
    upload, status = preview
    opened, chunk, listed = http.sent
    # The upload: the request that opens the session is the one previewed, and
    # the bytes sent into it are the previewed file's.
    assert {k: upload[k] for k in ("method", "path", "params", "body")} == opened
    assert upload["file"] == str(video) and chunk["bytes"] == video.read_bytes()
    assert chunk["method"] == "PUT"
    # The status check, with the new id where the preview shows "<upload_video>".
    assert {k: v for k, v in status.items() if k != "step"} == {
        **listed,
        "params": {**listed["params"], "id": "<upload_video>"},
    }
    assert listed["params"]["id"] == "vid1"


def test_youtube_preview_of_a_missing_video_shows_the_refusal(tmp_path):
    adapter = adapter_for("youtube", Settings.load({}, env={}), env={}, base_dir=tmp_path)
    post = Post(
        "youtube", "a", URL, text="Deskripsi", title="Rapat", media=[Media("video", path="v.mp4")]
    )
    (step,) = adapter.preview(post)
    assert step["step"] == "upload_video" and step["file"] == str(tmp_path / "v.mp4")
    assert step["refused"] == f"YouTube: berkas video {tmp_path / 'v.mp4'} tidak ada"
    with pytest.raises(PermanentError) as refused:
        adapter.publish(post)
    assert refused.value.message == step["refused"]
