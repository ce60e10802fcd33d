"""Point the real clients at another host (the sandbox) by base URL alone.

tweepy 4.17 hard-codes ``https://api.twitter.com`` inside ``Client.request``,
so the base URL cannot be passed in. Mounting ``RebaseAdapter`` on the client's
``requests`` session rewrites each URL just before it is sent, after OAuth 1.0a
has signed it for the real host; the sandbox accepts signatures over the real
host. With the real base URL the adapter is a no-op, so production code can
always mount it.

googleapiclient keeps the media-upload URL on the discovery document's host
even when ``client_options={"api_endpoint": ...}`` is given (it swaps the host
but not the scheme or path prefix). ``youtube_discovery_for`` returns the
bundled discovery document with ``rootUrl`` moved to the given base, for
``googleapiclient.discovery.build_from_document``; then API calls and uploads
both go to the base URL.
"""

from __future__ import annotations

import json
from importlib import resources

import requests
from requests.adapters import HTTPAdapter

X_REAL_HOSTS = ("https://api.twitter.com", "https://api.x.com", "https://upload.twitter.com")


class RebaseAdapter(HTTPAdapter):
    """Send requests for ``real_base`` to ``new_base`` instead."""

    def __init__(self, real_base: str, new_base: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.real_base = real_base.rstrip("/")
        self.new_base = new_base.rstrip("/")

    def send(self, request: requests.PreparedRequest, *args, **kwargs) -> requests.Response:
        if request.url and request.url.startswith(self.real_base):
            request.url = self.new_base + request.url[len(self.real_base) :]
        return super().send(request, *args, **kwargs)


def rebase_session(session: requests.Session, new_base: str, real_bases=X_REAL_HOSTS) -> None:
    """Route a session's calls to X's real hosts to ``new_base`` (e.g. sandbox ``/x``)."""
    for real_base in real_bases:
        if real_base.rstrip("/") != new_base.rstrip("/"):
            session.mount(real_base, RebaseAdapter(real_base, new_base))


def youtube_discovery_for(base_url: str) -> str:
    """The bundled YouTube v3 discovery document, with its root at ``base_url``."""
    document = json.loads(
        resources.files("googleapiclient")
        .joinpath("discovery_cache/documents/youtube.v3.json")
        .read_text(encoding="utf-8")
    )
    document["rootUrl"] = base_url.rstrip("/") + "/"
    document["baseUrl"] = document["rootUrl"] + document.get("servicePath", "")
    return json.dumps(document)
