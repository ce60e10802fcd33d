"""The editor's sign-in service (editor_auth) against an HTTP fake of GitHub's
documented OAuth web flow: /login/oauth/authorize redirects back with a code
and the state, /login/oauth/access_token exchanges a code once
(https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps)."""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
import requests

import editor_auth

CLIENT_ID = "Iv1.bkdntt"
CLIENT_SECRET = "rahasia-uji"
ORIGIN = "https://bkd.nttprov.go.id"


class FakeGitHub(BaseHTTPRequestHandler):
    codes: ClassVar[dict[str, str]] = {}  # code -> token, each usable once
    exchanges: ClassVar[list[dict]] = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        assert url.path == "/login/oauth/authorize"
        assert query["client_id"] == CLIENT_ID
        code = f"code-{len(self.codes)}"
        self.codes[code] = f"gho_token{len(self.codes)}"
        # The author approved: GitHub sends them back with the code and state.
        back = (
            query["redirect_uri"]
            + "?"
            + urllib.parse.urlencode({"code": code, "state": query["state"]})
        )
        self.send_response(302)
        self.send_header("Location", back)
        self.end_headers()

    def do_POST(self):  # noqa: N802
        assert self.path == "/login/oauth/access_token"
        length = int(self.headers["Content-Length"])
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        self.exchanges.append({**form, "accept": self.headers.get("Accept")})
        if form.get("client_secret") != CLIENT_SECRET or form.get("code") not in self.codes:
            data = {"error": "bad_verification_code", "error_description": "The code is wrong."}
        else:
            data = {"access_token": self.codes.pop(form["code"]), "token_type": "bearer"}
        body = json.dumps(data).encode()
        self.send_response(200)  # GitHub answers errors with 200 too
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)


def start(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def services():
    FakeGitHub.codes = {}
    FakeGitHub.exchanges = []
    github = ThreadingHTTPServer(("127.0.0.1", 0), FakeGitHub)
    github_url = start(github)
    auth = editor_auth.make_server(
        editor_auth.Settings(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            site_origin=ORIGIN,
            callback_url="http://127.0.0.1:1/placeholder",
            github_url=github_url,
        ),
        port=0,
    )
    auth_url = start(auth)
    # The callback is this service's own /callback (nginx maps /editor-auth/ to it).
    settings = auth.RequestHandlerClass.settings
    auth.RequestHandlerClass.settings = editor_auth.Settings(
        **{**settings.__dict__, "callback_url": auth_url + "/editor-auth/callback"}
    )
    yield auth_url, github_url
    auth.shutdown()
    github.shutdown()


def posted_message(page: str) -> tuple[str, str]:
    origin = json.loads(re.search(r"var origin=(\"[^\"]*\")", page).group(1))
    message = json.loads(re.search(r"message=(\".*?[^\\]\");", page).group(1))
    return origin, message


def test_sign_in_hands_the_token_to_the_site_origin_only(services):
    auth_url, github_url = services
    session = requests.Session()
    first = session.get(
        auth_url + "/editor-auth/auth?provider=github&site_id=bkd&scope=public_repo",
        allow_redirects=False,
    )
    assert first.status_code == 302
    target = urllib.parse.urlsplit(first.headers["Location"])
    assert (
        f"{target.scheme}://{target.netloc}{target.path}" == github_url + "/login/oauth/authorize"
    )
    query = dict(urllib.parse.parse_qsl(target.query))
    assert query["client_id"] == CLIENT_ID and query["scope"] == "public_repo"
    assert query["redirect_uri"] == auth_url + "/editor-auth/callback"
    assert "client_secret" not in first.headers["Location"]

    final = session.get(first.headers["Location"])  # GitHub, then back to /callback
    assert final.status_code == 200
    origin, message = posted_message(final.text)
    assert origin == ORIGIN
    assert message == 'authorization:github:success:{"token": "gho_token0", "provider": "github"}'
    assert "postMessage(message,origin)" in final.text and '"*"' not in final.text
    (exchange,) = FakeGitHub.exchanges
    assert exchange["client_secret"] == CLIENT_SECRET
    assert exchange["accept"] == "application/json"
    assert final.headers["Cache-Control"] == "no-store"


def test_a_callback_without_the_matching_state_is_refused(services):
    auth_url, _ = services
    session = requests.Session()
    session.get(auth_url + "/editor-auth/auth?provider=github", allow_redirects=False)
    forged = session.get(auth_url + "/editor-auth/callback?code=code-0&state=forged")
    assert forged.status_code == 400
    assert "Sesi masuk kedaluwarsa" in forged.text
    assert FakeGitHub.exchanges == []


def test_a_code_github_refuses_is_reported_to_the_editor(services):
    auth_url, _ = services
    session = requests.Session()
    first = session.get(auth_url + "/editor-auth/auth?provider=github", allow_redirects=False)
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(first.headers["Location"]).query))[
        "state"
    ]
    answer = session.get(auth_url + f"/editor-auth/callback?code=used-code&state={state}")
    assert answer.status_code == 502
    _, message = posted_message(answer.text)
    assert message.startswith("authorization:github:error:")
    assert "bad_verification_code" in message


def test_scopes_beyond_repository_access_are_refused(services):
    auth_url, _ = services
    answer = requests.get(
        auth_url + "/editor-auth/auth?provider=github&scope=admin:org", allow_redirects=False
    )
    assert answer.status_code == 400


def test_settings_come_from_the_environment_and_missing_ones_are_named():
    with pytest.raises(editor_auth.ConfigError, match="EDITOR_AUTH_CLIENT_SECRET"):
        editor_auth.Settings.from_env({"EDITOR_AUTH_CLIENT_ID": "x"})
    settings = editor_auth.Settings.from_env(
        {
            "EDITOR_AUTH_CLIENT_ID": "a",
            "EDITOR_AUTH_CLIENT_SECRET": "b",
            "EDITOR_AUTH_SITE_ORIGIN": "https://bkd.nttprov.go.id/",
            "EDITOR_AUTH_CALLBACK_URL": "https://bkd.nttprov.go.id/editor-auth/callback",
        }
    )
    assert settings.site_origin == ORIGIN and settings.github_url == "https://github.com"
    with pytest.raises(editor_auth.ConfigError, match="not an origin"):
        editor_auth.Settings.from_env(
            {
                "EDITOR_AUTH_CLIENT_ID": "a",
                "EDITOR_AUTH_CLIENT_SECRET": "b",
                "EDITOR_AUTH_SITE_ORIGIN": "https://bkd.nttprov.go.id/admin/",
                "EDITOR_AUTH_CALLBACK_URL": "x",
            }
        )
