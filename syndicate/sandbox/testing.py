"""Start a sandbox inside the test process, on a free loopback port.

    with running_sandbox() as sandbox:
        requests.post(f"{sandbox.url}/graph/v25.0/{page_id}/feed", ...)

The engine's tests reuse this through the ``sandbox`` fixture in
tests/sandbox/conftest.py. Timings are short by default so that suites stay
fast: containers finish after 0.2 s and the timeout fault holds for 2 s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from syndicate.sandbox.config import SandboxConfig
from syndicate.sandbox.server import RunningSandbox, Sandbox
from syndicate.sandbox.state import SandboxState

_no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fast_config(**overrides: Any) -> SandboxConfig:
    """Defaults with short timings, for tests."""
    config = SandboxConfig()
    config.instagram.container_processing_seconds = 0.2
    config.instagram.image_fetch_timeout_seconds = 2.0
    config.fault_hold_seconds = 2.0
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

    def violations(self) -> dict:
        return self._call("GET", "/_sandbox/violations")

    def arm(self, platform: str, mode: str, endpoint: str = "*", **options: Any) -> dict:
        spec = {"platform": platform, "mode": mode, "endpoint": endpoint} | options
        return self._call("POST", "/_sandbox/faults", spec)["armed"][0]

    def expire_token(self, platform: str, expired: bool = True) -> None:
        self._call("POST", "/_sandbox/expire-token", {"platform": platform, "expired": expired})

    def reset(self) -> None:
        self._call("POST", "/_sandbox/reset", {})


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
