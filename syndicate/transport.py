"""Point the real clients at another host by base URL alone: the one place
that rewrites hosts, used by the adapters, the sandbox and the tests.

Every adapter has a base-URL setting, so the same code talks to the real API
or to the sandbox. Two clients need help to honour it:

- tweepy 4.17 hard-codes ``https://api.twitter.com`` inside ``Client.request``.
  ``BaseUrlSession`` rewrites that host to the configured one *before* tweepy's
  OAuth 1.0a signs the request, so the signature covers exactly the URL sent
  (X answers 401 otherwise). ``RebaseAdapter``/``rebase_session`` rewrite
  *after* signing: tests use it to send a request signed for the real host to
  the sandbox, which is how the sandbox proves it checks the host.
- googleapiclient keeps media uploads on the discovery document's host even
  with ``client_options={"api_endpoint": ...}``. ``youtube_discovery`` returns
  the bundled discovery document with ``rootUrl`` moved to the base URL, for
  ``build_from_document``; then API calls and uploads both go there. Offline.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import requests
from requests.adapters import HTTPAdapter

TWEEPY_HOST = "https://api.twitter.com"
X_REAL_HOSTS = (TWEEPY_HOST, "https://api.x.com", "https://upload.twitter.com")


def rebase_url(url: str, real_base: str, new_base: str) -> str:
    """``url`` moved from ``real_base`` to ``new_base``; other URLs unchanged."""
    real_base = real_base.rstrip("/")
    if url == real_base or url.startswith(real_base + "/") or url.startswith(real_base + "?"):
        return new_base.rstrip("/") + url[len(real_base) :]
    return url


class BaseUrlSession(requests.Session):
    """A session that sends tweepy's api.twitter.com URLs to ``base`` before
    they are signed, and applies a default timeout."""

    def __init__(self, base: str, timeout: float, real_base: str = TWEEPY_HOST) -> None:
        super().__init__()
        self.base = base.rstrip("/")
        self.real_base = real_base
        self.timeout = timeout

    def request(self, method, url, *args, **kwargs):
        if isinstance(url, str):
            url = rebase_url(url, self.real_base, self.base)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().request(method, url, *args, **kwargs)


class RebaseAdapter(HTTPAdapter):
    """Send already prepared (and signed) requests for ``real_base`` to ``new_base``."""

    def __init__(self, real_base: str, new_base: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.real_base = real_base.rstrip("/")
        self.new_base = new_base.rstrip("/")

    def send(self, request: requests.PreparedRequest, *args, **kwargs) -> requests.Response:
        if request.url:
            request.url = rebase_url(request.url, self.real_base, self.new_base)
        return super().send(request, *args, **kwargs)


def rebase_session(session: requests.Session, new_base: str, real_bases=X_REAL_HOSTS) -> None:
    """Route a session's calls to X's real hosts to ``new_base`` (e.g. sandbox ``/x``)."""
    for real_base in real_bases:
        if real_base.rstrip("/") != new_base.rstrip("/"):
            session.mount(real_base, RebaseAdapter(real_base, new_base))


@cache
def youtube_discovery(base_url: str) -> str:
    """The bundled YouTube v3 discovery document, with its root at ``base_url``."""
    document = json.loads(
        resources.files("googleapiclient")
        .joinpath("discovery_cache/documents/youtube.v3.json")
        .read_text(encoding="utf-8")
    )
    document["rootUrl"] = base_url.rstrip("/") + "/"
    document["baseUrl"] = document["rootUrl"] + document.get("servicePath", "")
    return json.dumps(document)
