"""Shared fixtures: a sandbox per test, an image host standing in for the live
site, and the real clients pointed at the sandbox by base URL alone.

The helpers live in ``bkd_sandbox.testing`` so that the engine's tests
can import them (tests run with ``--import-mode=importlib``, where conftest
modules are not importable).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import tweepy

from bkd_sandbox.testing import (
    ImageHost,
    SandboxHandle,
    fast_config,
    make_tweepy_client,
    make_youtube,
    running_sandbox,
)


@pytest.fixture
def sandbox() -> Iterator[SandboxHandle]:
    with running_sandbox(fast_config()) as handle:
        yield handle


@pytest.fixture(scope="session")
def image_host() -> Iterator[ImageHost]:
    host = ImageHost()
    yield host
    host.close()


@pytest.fixture
def x_client(sandbox: SandboxHandle) -> tweepy.Client:
    return make_tweepy_client(sandbox)


@pytest.fixture
def youtube(sandbox: SandboxHandle):
    return make_youtube(sandbox)
