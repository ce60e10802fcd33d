"""The preview is literally what is sent: for the Graph family, the list of
requests a preview shows equals the requests a publish puts on the wire."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import requests

from syndicate.adapters import adapter_for
from syndicate.composer import Media, Post
from syndicate.settings import Settings

URL = "https://bkd.nttprov.go.id/2026/10/a/"


class RecordingSession(requests.Session):
    """Answers every Graph call with an id, a finished container and a permalink."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[dict] = []

    def request(self, method, url, data=None, params=None, **kwargs):
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
