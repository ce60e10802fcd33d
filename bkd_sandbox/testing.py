"""Start a sandbox inside the test process, on a free loopback port.

    with running_sandbox() as sandbox:
        requests.post(f"{sandbox.url}/graph/v25.0/{page_id}/feed", ...)

The engine's tests reuse this through the ``sandbox`` fixture in
tests/sandbox/conftest.py. Timings are short by default so that suites stay
fast: containers finish after 0.2 s, the timeout fault holds for 2 s and
stalled connections are closed after 5 s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests
import tweepy
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build, build_from_document
from PIL import Image

from bkd_sandbox.config import SandboxConfig
from bkd_sandbox.server import RunningSandbox, Sandbox
from bkd_sandbox.state import SandboxState
from syndicate.transport import rebase_session, youtube_discovery

_no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fast_config(**overrides: Any) -> SandboxConfig:
    """Defaults with short timings, for tests."""
    config = SandboxConfig()
    config.instagram.container_processing_seconds = 0.2
    config.instagram.image_fetch_timeout_seconds = 2.0
    config.fault_hold_seconds = 2.0
    config.read_timeout_seconds = 5.0
    for key, value in overrides.items():
        target = config
        *path, name = key.split("__")
        for part in path:
            target = getattr(target, part)
        if not hasattr(target, name):
            raise AttributeError(f"no config field {key}")
        setattr(target, name, value)
    return config


class SandboxHandle:
    """A running sandbox plus helpers for tests: URLs, posts, faults."""

    def __init__(self, running: RunningSandbox) -> None:
        self.running = running
        self.sandbox: Sandbox = running.sandbox
        self.config: SandboxConfig = running.sandbox.config
        self.url = running.url

    # Base URLs, one per client setting.
    @property
    def graph_url(self) -> str:
        return f"{self.url}/graph/{self.config.graph_version}"

    @property
    def x_url(self) -> str:
        return f"{self.url}/x"

    @property
    def youtube_url(self) -> str:
        return f"{self.url}/youtube/"

    @property
    def token_uri(self) -> str:
        return f"{self.url}/oauth2/token"

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with _no_proxy.open(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def posts(self, platform: str | None = None) -> Any:
        everything = self._call("GET", "/_sandbox/posts")
        return everything[platform] if platform else everything

    def requests(self, platform: str | None = None) -> list[dict]:
        """The bodies clients sent (secrets removed), oldest first."""
        entries = self._call("GET", "/_sandbox/requests")["requests"]
        return [e for e in entries if platform is None or e["platform"] == platform]

    def upload_sessions(self) -> dict[str, list[str]]:
        """YouTube video uploads as the sandbox saw them: the sessions opened
        (one entry per ``POST ...?uploadType=resumable``) and the distinct
        ``upload_id`` values that chunks were sent to."""
        entries = [e for e in self.requests("youtube") if e["path"] == "/upload/youtube/v3/videos"]
        opened = [e["method"] for e in entries if e["method"] == "POST"]
        used: list[str] = []
        for entry in entries:
            upload_id = entry["query"].get("upload_id", "")
            if entry["method"] == "PUT" and upload_id not in used:
                used.append(upload_id)
        return {"opened": opened, "chunk_sessions": used}

    def followups(self) -> dict:
        """Edits, comments, deletions and privacy changes made to posts
        (bkd_sandbox/followups.py), plus Instagram comments per media."""
        return self._call("GET", "/_sandbox/followups")

    def save_state(self) -> dict:
        return self._call("GET", "/_sandbox/state")

    def load_state(self, state: dict) -> None:
        """Start again from a saved state (posts, ids, counters); faults are cleared."""
        self._call("PUT", "/_sandbox/state", state)

    def violations(self) -> dict:
        return self._call("GET", "/_sandbox/violations")

    def arm(self, platform: str, mode: str, endpoint: str = "*", **options: Any) -> dict:
        spec = {"platform": platform, "mode": mode, "endpoint": endpoint} | options
        return self._call("POST", "/_sandbox/faults", spec)["armed"][0]

    def faults(self) -> list[dict]:
        """Armed faults with how often each fired (``hits``) and is left (``remaining``)."""
        return self._call("GET", "/_sandbox/faults")["faults"]

    def clear_faults(self) -> None:
        self._call("DELETE", "/_sandbox/faults")

    def expire_token(self, platform: str, expired: bool = True) -> None:
        self._call("POST", "/_sandbox/expire-token", {"platform": platform, "expired": expired})

    def reset(self) -> None:
        self._call("POST", "/_sandbox/reset", {})

    def comment(self, platform: str, post_id: str, text: str, **options: Any) -> str:
        """Seed a comment (``author``, ``parent_id``, ``own``, ``age_hours``); its id."""
        body = {"platform": platform, "post_id": post_id, "text": text} | options
        return self._call("POST", "/_sandbox/comments", body)["id"]

    def delete_comment(self, comment_id: str) -> None:
        self._call("DELETE", f"/_sandbox/comments/{comment_id}")

    def metrics(self, post_id: str, **values: int) -> None:
        self._call("POST", "/_sandbox/metrics", {"post_id": post_id, "metrics": values})


@contextlib.contextmanager
def running_sandbox(
    config: SandboxConfig | None = None,
    *,
    state_path: str | Path | None = None,
    reset: bool = False,
    host: str = "127.0.0.1",
    port: int = 0,
) -> Iterator[SandboxHandle]:
    config = config or fast_config()
    # A private copy: tests may change limits without affecting each other.
    config = dataclasses.replace(config)
    running = RunningSandbox(
        Sandbox(config, SandboxState(state_path, reset=reset)), host, port
    ).start()
    try:
        yield SandboxHandle(running)
    finally:
        running.stop()


# --- the real clients, pointed at a sandbox ------------------------------


def jpeg_bytes(width: int, height: int, *, padding: int = 0, fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, fmt)
    # Bytes after the JPEG end marker are ignored by decoders: a cheap way to
    # make a file over Instagram's 8 MB limit without encoding a huge image.
    return buffer.getvalue() + b"\0" * padding


IMAGES = {
    "/square.jpg": ("image/jpeg", lambda: jpeg_bytes(1080, 1080)),
    "/portrait.jpg": ("image/jpeg", lambda: jpeg_bytes(1080, 1350)),
    "/landscape.jpg": ("image/jpeg", lambda: jpeg_bytes(1080, 566)),
    "/tall.jpg": ("image/jpeg", lambda: jpeg_bytes(1080, 1920)),
    "/wide.jpg": ("image/jpeg", lambda: jpeg_bytes(1920, 800)),
    "/photo.png": ("image/png", lambda: jpeg_bytes(1080, 1080, fmt="PNG")),
    "/huge.jpg": ("image/jpeg", lambda: jpeg_bytes(1080, 1080, padding=8 * 1024 * 1024 + 1)),
    "/not-an-image.jpg": ("image/jpeg", lambda: b"<html>not an image</html>"),
    "/slow.jpg": ("image/jpeg", lambda: jpeg_bytes(1080, 1080)),
}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A fetcher that gives up (the download-timeout test) is expected here.
        pass


class ImageHost:
    """A tiny public web server standing in for the live site's images."""

    def __init__(self) -> None:
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                host.hits.append(self.path)
                if self.path == "/slow.jpg":
                    # Slower than any fetch timeout a test sets.
                    time.sleep(1.5)
                found = IMAGES.get(self.path)
                if found is None:
                    self.send_error(404)
                    return
                content_type, make = found
                body = make()
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.hits: list[str] = []
        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def make_tweepy_client(handle: SandboxHandle, **overrides) -> tweepy.Client:
    """tweepy.Client sending to, and signing for, the sandbox's X base URL
    (the adapter's XClient; plain tweepy.Client signs for api.twitter.com)."""
    from syndicate.adapters.x import XClient

    account = handle.config.x
    credentials = {
        "consumer_key": account.consumer_key,
        "consumer_secret": account.consumer_secret,
        "access_token": account.access_token,
        "access_token_secret": account.access_token_secret,
    } | overrides
    return XClient(**credentials, base_url=handle.x_url)


def make_x_session(handle: SandboxHandle, **overrides) -> tuple[requests.Session, object]:
    """A requests session and tweepy's OAuth 1.0a auth, for POST /2/media/upload."""
    account = handle.config.x
    credentials = {
        "consumer_key": account.consumer_key,
        "consumer_secret": account.consumer_secret,
        "access_token": account.access_token,
        "access_token_secret": account.access_token_secret,
    } | overrides
    auth = tweepy.OAuth1UserHandler(**credentials).apply_auth()
    session = requests.Session()
    rebase_session(session, handle.x_url)
    return session, auth


def youtube_credentials(handle: SandboxHandle, **overrides) -> Credentials:
    account = handle.config.youtube
    values = {
        "token": None,
        "refresh_token": account.refresh_token,
        "token_uri": handle.token_uri,
        "client_id": account.client_id,
        "client_secret": account.client_secret,
    } | overrides
    return Credentials(**values)


def make_youtube(handle: SandboxHandle, credentials: Credentials | None = None):
    """The YouTube client with the discovery rootUrl moved to the sandbox."""
    return build_from_document(
        youtube_discovery(handle.youtube_url),
        credentials=credentials or youtube_credentials(handle),
    )


def make_youtube_with_endpoint(handle: SandboxHandle, credentials: Credentials | None = None):
    """The YouTube client built the usual way, with only api_endpoint changed."""
    return build(
        "youtube",
        "v3",
        credentials=credentials or youtube_credentials(handle),
        client_options={"api_endpoint": handle.youtube_url},
        static_discovery=True,
    )


def graph_headers(handle: SandboxHandle, token: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token or handle.config.facebook.access_token}"}
