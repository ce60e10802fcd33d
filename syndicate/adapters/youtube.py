"""YouTube: resumable video upload, then the thumbnail (google-api-python-client).

- videos.insert with MediaFileUpload(resumable=True) and next_chunk()
  https://developers.google.com/youtube/v3/docs/videos/insert
- thumbnails.set https://developers.google.com/youtube/v3/docs/thumbnails/set
- Reconciliation: channels.list(mine) → uploads playlist → playlistItems.list,
  whose snippets carry the full description (with the article link).
Credentials: a refresh token exchanged at ``SYNDICATE_GOOGLE_TOKEN_URL``.
The discovery document ships with the library, so building the client is offline.
"""

from __future__ import annotations

import json
import logging
import socket
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

import google_auth_httplib2
import httplib2
from google.auth.exceptions import RefreshError, TransportError
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError, ResumableUploadError
from googleapiclient.http import MediaFileUpload

from syndicate.adapters.base import Adapter, Published
from syndicate.composer import Post
from syndicate.errors import (
    AuthError,
    PermanentError,
    RateLimited,
    TransientError,
    seconds_until_pacific_midnight,
)
from syndicate.redact import redacting_google_credentials

SECRET_NAMES = (
    "SYNDICATE_YOUTUBE_CLIENT_ID",
    "SYNDICATE_YOUTUBE_CLIENT_SECRET",
    "SYNDICATE_YOUTUBE_REFRESH_TOKEN",
)
SCOPES = [
    "https://www.googleapis.com/auth/youtube.upload",
    "https://www.googleapis.com/auth/youtube",
]
NETWORK_ERRORS = (OSError, socket.timeout, httplib2.HttpLib2Error, TransportError, ConnectionError)

logging.getLogger("googleapiclient.discovery_cache").setLevel(logging.ERROR)


class YouTubeAdapter(Adapter):
    platform = "youtube"
    label = "YouTube"

    def __init__(self, settings, **kwargs) -> None:
        super().__init__(settings, **kwargs)
        self._service = None
        self.base_dir = Path.cwd()

    @property
    def service(self):
        if self._service is None:
            # Registers every access token it mints with the redactor: an echoed
            # token must never reach a log or the ledger.
            credentials = redacting_google_credentials()(
                None,
                refresh_token=self.secret("SYNDICATE_YOUTUBE_REFRESH_TOKEN"),
                client_id=self.secret("SYNDICATE_YOUTUBE_CLIENT_ID"),
                client_secret=self.secret("SYNDICATE_YOUTUBE_CLIENT_SECRET"),
                token_uri=self.settings.google_token_url,
                scopes=SCOPES,
            )
            http = google_auth_httplib2.AuthorizedHttp(
                credentials, http=httplib2.Http(timeout=self.settings.http_timeout)
            )
            document = _discovery(self.settings.youtube_base_url)
            self._service = build_from_document(document, http=http)
        return self._service

    def _execute(self, request, what: str):
        try:
            return request.execute(num_retries=0)
        except Exception as exc:  # noqa: BLE001 (mapped to the engine's classes)
            raise self._map(exc, what) from None

    def _map(self, exc: Exception, what: str) -> Exception:
        if isinstance(exc, RefreshError) and not _grant_rejected(exc):
            return TransientError(f"YouTube: token Google tidak bisa diperbarui ({what})")
        if isinstance(exc, RefreshError):
            kind = next((k for k in GRANT_ERRORS if k in str(exc)), "invalid_grant")
            return AuthError(
                f"YouTube: token Google ditolak ({kind}). {GRANT_ERRORS[kind]}",
                SECRET_NAMES,
            )
        if isinstance(exc, HttpError | ResumableUploadError):
            status = int(getattr(exc.resp, "status", 0) or 0)
            reason = ""
            try:
                reason = exc.error_details[0].get("reason", "") if exc.error_details else ""
            except (AttributeError, IndexError, TypeError):
                reason = ""
            text = self.safe(f"YouTube: {what}: HTTP {status} {reason or ''}".strip())
            if status == 401:
                return AuthError(f"{text}. Perbarui SYNDICATE_YOUTUBE_REFRESH_TOKEN", SECRET_NAMES)
            if reason in ("quotaExceeded", "dailyLimitExceeded", "uploadLimitExceeded"):
                # The quota resets at midnight Pacific Time, not 24 h later.
                return RateLimited(
                    text + ": kuota harian habis, dicoba lagi setelah tengah malam waktu Pasifik",
                    retry_after=seconds_until_pacific_midnight(),
                )
            if status == 429 or reason in ("rateLimitExceeded", "userRateLimitExceeded"):
                return RateLimited(text)
            if status >= 500:
                return TransientError(text)
            return PermanentError(text)
        if isinstance(exc, NETWORK_ERRORS):
            return TransientError(f"YouTube: {what} gagal: {type(exc).__name__}")
        return TransientError(f"YouTube: {what} gagal: {type(exc).__name__}")

    def _body(self, post: Post) -> dict:
        return {
            "snippet": {
                "title": post.title,
                "description": post.text,
                "tags": post.tags,
                "categoryId": post.options.get("category", "25"),
                "defaultLanguage": "id",
            },
            "status": {
                "privacyStatus": post.options.get("privacy", "public"),
                "selfDeclaredMadeForKids": False,
            },
        }

    def _video_path(self, post: Post) -> Path:
        video = next(m for m in post.media if m.kind == "video")
        path = Path(video.path)
        return path if path.is_absolute() else self.base_dir / path

    def _run(self, post: Post, call) -> Published:
        path = self._video_path(post)
        body = self._body(post)
        video_id = call(
            "upload_video",
            {
                "method": "POST",
                "path": "/upload/youtube/v3/videos?uploadType=resumable",
                "part": "snippet,status",
                "body": body,
                "file": str(path),
            },
            lambda: self._upload(path, body),
        )
        return Published(str(video_id), f"https://www.youtube.com/watch?v={video_id}")

    def _upload(self, path: Path, body: dict) -> str:
        if not path.is_file():
            raise PermanentError(f"YouTube: berkas video {path} tidak ada")
        media = MediaFileUpload(
            str(path),
            mimetype="video/mp4",
            chunksize=self.settings.youtube_chunk_bytes,
            resumable=True,
        )
        request = self.service.videos().insert(part="snippet,status", body=body, media_body=media)
        response = None
        try:
            while response is None:
                _status, response = request.next_chunk(num_retries=0)
        except Exception as exc:  # noqa: BLE001
            raise self._map(exc, "unggah video") from None
        return response["id"]

    def after_done(self, post: Post, published: Published) -> dict:
        thumb = next((m for m in post.media if m.kind == "thumbnail"), None)
        if thumb is None:
            return {}
        try:
            if thumb.path and (self.base_dir / thumb.path).is_file():
                source = self.base_dir / thumb.path
                self._set_thumbnail(published.post_id, source)
            elif thumb.url:
                with tempfile.NamedTemporaryFile(suffix=".jpg") as handle:
                    handle.write(self.fetch_public(thumb.url))
                    handle.flush()
                    self._set_thumbnail(published.post_id, Path(handle.name))
            return {"thumbnail": "set"}
        except Exception as exc:  # noqa: BLE001 (the video is up; a thumbnail can be redone)
            return {"thumbnail": "failed", "thumbnail_error": self.safe(str(exc))[:200]}

    def _set_thumbnail(self, video_id: str, path: Path) -> None:
        media = MediaFileUpload(str(path), mimetype="image/jpeg", resumable=False)
        self._execute(
            self.service.thumbnails().set(videoId=video_id, media_body=media), "thumbnail"
        )

    def recent_posts(self) -> list[tuple[list[str], Published]]:
        channels = self._execute(
            self.service.channels().list(part="contentDetails", mine=True), "channels.list"
        )
        items = channels.get("items") or []
        if not items:
            return []
        uploads = items[0]["contentDetails"]["relatedPlaylists"]["uploads"]
        listing = self._execute(
            self.service.playlistItems().list(
                part="snippet",
                playlistId=uploads,
                maxResults=min(50, self.settings.reconcile_depth),
            ),
            "playlistItems.list",
        )
        out = []
        for item in listing.get("items") or []:
            snippet = item.get("snippet") or {}
            video_id = (snippet.get("resourceId") or {}).get("videoId") or item.get("id")
            published = Published(video_id, f"https://www.youtube.com/watch?v={video_id}")
            out.append(([snippet.get("description") or ""], published))
        return out


@cache
def _discovery(base_url: str) -> str:
    """The bundled YouTube discovery document with its root at ``base_url``.

    ``client_options={"api_endpoint": ...}`` moves API calls but leaves media
    uploads on www.googleapis.com; moving ``rootUrl`` moves both. Offline.
    """
    document = json.loads(
        resources.files("googleapiclient")
        .joinpath("discovery_cache/documents/youtube.v3.json")
        .read_text(encoding="utf-8")
    )
    document["rootUrl"] = base_url.rstrip("/") + "/"
    document["baseUrl"] = document["rootUrl"] + document.get("servicePath", "")
    return json.dumps(document)


# Token-endpoint errors that need the admin (RFC 6749 section 5.2), with the fix.
GRANT_ERRORS = {
    "invalid_grant": "Refresh token kedaluwarsa atau dicabut: buat ulang "
    "SYNDICATE_YOUTUBE_REFRESH_TOKEN (README, 'Syndication (admin)')",
    "invalid_scope": "Refresh token tidak punya scope youtube.upload dan youtube: buat ulang "
    "SYNDICATE_YOUTUBE_REFRESH_TOKEN dengan kedua scope itu",
    "unauthorized_client": "OAuth client tidak boleh memakai refresh token ini: periksa "
    "SYNDICATE_YOUTUBE_CLIENT_ID/SECRET (harus client yang membuat token)",
    "invalid_client": "OAuth client tidak dikenal: periksa SYNDICATE_YOUTUBE_CLIENT_ID "
    "dan SYNDICATE_YOUTUBE_CLIENT_SECRET",
}


def _grant_rejected(exc: Exception) -> bool:
    """These token-endpoint errors mean the admin must act; anything else is passing."""
    return any(kind in str(exc) for kind in GRANT_ERRORS)
