"""YouTube: resumable video upload, then the thumbnail (google-api-python-client).

- videos.insert with MediaFileUpload(resumable=True) and next_chunk()
  https://developers.google.com/youtube/v3/docs/videos/insert
- The transport is googleapiclient's own ``build_http()``: it removes 308 from
  httplib2's redirect codes, because the upload server answers every
  intermediate chunk "308 Resume Incomplete" with a ``Range`` and no
  ``Location``; a plain ``httplib2.Http`` raises RedirectMissingLocation there.
- A 5xx or a dropped connection is retried inside the same session: after an
  error ``next_chunk()`` first asks the server where it stands (``PUT`` with
  ``Content-Range: bytes */SIZE``) and sends on from its ``Range``
  (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol,
  "Resume an interrupted upload"). The session URI is kept in the ledger's
  pending entry, so a killed run resumes the same upload; sessions live about
  a week, so one older than six days is dropped and a new one opened. The
  ledger branch is public and a session URI may be enough to send bytes into
  the upload, so the URI is stored sealed (Fernet, key derived with HKDF from
  the OAuth client secret, which only the media-sosial environment holds).
- After the upload, videos.list(part=status,processingDetails): only
  uploadStatus "uploaded" (still processing) or "processed" is done; rejected
  or failed is recorded as failed with YouTube's reason.
- thumbnails.set https://developers.google.com/youtube/v3/docs/thumbnails/set
- Reconciliation: channels.list(mine) → uploads playlist → playlistItems.list,
  whose snippets carry the full description (with the article link).
- Corrections: videos.update(part=snippet) with the note put before the
  description; withdrawals: videos.update(part=status) privacyStatus=private.
  Each part replaces all its mutable properties, so the current part is read
  first (videos.list) and sent back whole with only the change
  https://developers.google.com/youtube/v3/docs/videos/update
- One performer for the Google family: each step is a googleapiclient
  ``HttpRequest`` built once; a preview shows ``describe(request)`` (its method,
  path, query, JSON body and the file it uploads), a publish executes that same
  object.
Credentials: a refresh token exchanged at ``SYNDICATE_GOOGLE_TOKEN_URL``.
The discovery document ships with the library, so building the client is offline.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import random
import socket
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import google_auth_httplib2
import httplib2
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from google.auth.exceptions import RefreshError, TransportError
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError, ResumableUploadError
from googleapiclient.http import HttpRequest, MediaFileUpload, build_http

from syndicate.adapters.base import Adapter, Published
from syndicate.composer import Post
from syndicate.contract import FollowUpAction
from syndicate.errors import (
    AuthError,
    PermanentError,
    PlatformError,
    RateLimited,
    TransientError,
    seconds_until_pacific_midnight,
)
from syndicate.redact import redacting_google_credentials
from syndicate.transport import youtube_discovery
from syndicate.videofile import video_file_problem

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
UPLOAD_PATH = "/upload/youtube/v3/videos"
CHUNK_UNIT = 256 * 1024  # the resumable protocol's chunk granularity
# Google keeps a resumable session about a week; leave a margin.
SESSION_MAX_AGE = timedelta(days=6)
DONE_STATUSES = ("uploaded", "processed")
MIMETYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".avi": "video/x-msvideo",
    ".3gp": "video/3gpp",
    ".mpg": "video/mpeg",
    ".mpeg": "video/mpeg",
}

# The admin's side of syndicate.videofile's codes (the author's side is in
# plugins/media/messages.py): what to run once the file is fixed.
UPLOAD_REFUSALS = {
    "video-missing": "YouTube: berkas video {path} tidak ada",
    "video-lfs": (
        "YouTube: {path} hanya penunjuk Git LFS, bukan videonya. Jalankan "
        "`git lfs pull` (di workflow: actions/checkout dengan `lfs: true`), lalu "
        "`syndicate retry`"
    ),
    "video-not-video": (
        "YouTube: {path} bukan berkas video (MP4, MOV, WebM, AVI, FLV, WMV, MPEG, ...). "
        "Ganti berkasnya, lalu `syndicate retry`"
    ),
}

logging.getLogger("googleapiclient.discovery_cache").setLevel(logging.ERROR)


class YouTubeAdapter(Adapter):
    platform = "youtube"
    label = "YouTube"

    def __init__(self, settings, **kwargs) -> None:
        super().__init__(settings, **kwargs)
        self._service = None

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
            transport = build_http()  # 308 is "resume incomplete", not a redirect
            transport.timeout = self.settings.http_timeout
            http = google_auth_httplib2.AuthorizedHttp(credentials, http=transport)
            document = youtube_discovery(self.settings.youtube_base_url)
            self._service = build_from_document(document, http=http)
        return self._service

    # --- follow-ups ----------------------------------------------------------

    SNIPPET_KEYS = ("title", "description", "tags", "categoryId", "defaultLanguage")
    STATUS_KEYS = (
        "privacyStatus",
        "embeddable",
        "license",
        "publicStatsViewable",
        "publishAt",
        "selfDeclaredMadeForKids",
    )

    def _video(self, video_id: str, part: str) -> dict | None:
        return self._first_item(self.service.videos().list(part=part, id=video_id))

    def _first_item(self, request: HttpRequest) -> dict | None:
        body = self._execute(request, "videos.list")
        items = body.get("items") or []
        return items[0] if items else None

    def _followup(self, followup, call) -> Published:
        target = followup.target
        private = followup.action == FollowUpAction.PRIVATE
        part = "status" if private else "snippet"
        read = self.service.videos().list(part=part, id=target)
        current = call(f"read_{part}", describe(read), lambda: self._first_item(read))
        if current is None:
            raise PermanentError(f"YouTube: video {target} tidak ditemukan")
        values = current.get(part) if isinstance(current, dict) else None
        values = dict(values or {})
        if private:
            values = {k: values[k] for k in self.STATUS_KEYS if k in values}
            values["privacyStatus"] = "private"
        else:
            values = {k: values[k] for k in self.SNIPPET_KEYS if k in values}
            description = str(values.get("description") or "")
            if followup.text in description:
                return Published(target, followup.target_url)
            values["description"] = _fit_description(f"{followup.text}\n\n{description}")
            values.setdefault("categoryId", self.settings.youtube_category_id)
        update = self.service.videos().update(part=part, body={"id": target, part: values})
        call("update_video", describe(update), lambda: self._execute(update, "videos.update"))
        return Published(target, followup.target_url)

    def followup_exists(self, followup) -> Published | None:
        video = self._video(followup.target, "snippet,status")
        if followup.action == FollowUpAction.PRIVATE:
            if video is None or (video.get("status") or {}).get("privacyStatus") == "private":
                return Published(followup.target, followup.target_url)
            return None
        description = str(((video or {}).get("snippet") or {}).get("description") or "")
        return (
            Published(followup.target, followup.target_url)
            if followup.text in description
            else None
        )

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
        if video.path is None:  # the composer always sets it for a video
            raise PermanentError("YouTube: post tanpa berkas video")
        path = Path(video.path)
        return path if path.is_absolute() else self.base_dir / path

    def _run(self, post: Post, call) -> Published:
        path = self._video_path(post)
        refusal = self._file_refusal(path)
        if refusal is not None:
            # Nothing can be sent: a preview shows why, a publish is refused
            # before any request.
            return call(
                "upload_video",
                {"method": "POST", "path": UPLOAD_PATH, "file": str(path), "refused": refusal},
                lambda: _refuse(refusal),
            )
        insert = self._insert_request(path, self._body(post))
        video_id = call("upload_video", describe(insert), lambda: self._upload(path, insert))
        status_request = self._status_request(str(video_id))
        status = call(
            "check_status",
            describe(status_request),
            lambda: self._upload_status(str(video_id)),
        )
        return Published(
            str(video_id),
            f"https://www.youtube.com/watch?v={video_id}",
            {"upload_status": str(status)},
        )

    def _insert_request(self, path: Path, body: dict) -> HttpRequest:
        media = MediaFileUpload(
            str(path),
            mimetype=MIMETYPES.get(path.suffix.lower(), "application/octet-stream"),
            chunksize=self.chunk_bytes,
            resumable=True,
        )
        return self.service.videos().insert(part="snippet,status", body=body, media_body=media)

    def _status_request(self, video_id: str) -> HttpRequest:
        return self.service.videos().list(part="status,processingDetails", id=video_id)

    @property
    def chunk_bytes(self) -> int:
        """The configured chunk size, rounded down to a multiple of 256 KiB."""
        return max(CHUNK_UNIT, int(self.settings.youtube_chunk_bytes) // CHUNK_UNIT * CHUNK_UNIT)

    def _file_refusal(self, path: Path) -> str | None:
        problem = video_file_problem(path) if path.is_file() else "video-missing"
        return UPLOAD_REFUSALS[problem].format(path=path) if problem is not None else None

    def _upload(self, path: Path, request: HttpRequest) -> str:
        size = path.stat().st_size
        fingerprint = _fingerprint(path)
        resuming = self._usable_session(fingerprint)
        if resuming:
            request.resumable_uri = resuming
            # In its error state next_chunk() first asks the server how much it
            # has (PUT, Content-Range: bytes */SIZE), then sends the rest.
            request._in_error_state = True
        saved = request.resumable_uri
        failures = 0
        restarted = False
        response = None
        while response is None:
            try:
                # num_retries=0 on purpose: the library's own retry resends the
                # same chunk blindly after a 5xx. Raising instead leaves the
                # request in its error state, so the next call asks the server
                # (bytes */SIZE) and sends on from the Range it really has.
                _status, response = request.next_chunk(num_retries=0)
            except Exception as exc:  # noqa: BLE001 (classified below)
                status = _http_status(exc)
                if request.resumable_uri and status in (404, 410) and not restarted:
                    # The session expired or is unknown: start a new upload, once.
                    restarted = True
                    request.resumable_uri = None
                    request.resumable_progress = 0
                    request._in_error_state = False
                    self.save_session(None)
                    saved = None
                    continue
                retryable = (status is not None and status >= 500) or (
                    status is None and isinstance(exc, NETWORK_ERRORS)
                )
                failures += 1
                if not retryable or failures > self.settings.youtube_upload_retries:
                    raise self._map(exc, "unggah video") from None
                self._backoff(failures)
                continue
            failures = 0
            if request.resumable_uri and request.resumable_uri != saved:
                saved = request.resumable_uri
                self.save_session(
                    {
                        "sealed_uri": seal(self.secret("SYNDICATE_YOUTUBE_CLIENT_SECRET"), saved),
                        "opened": _now_iso(),
                        "size": size,
                        "sha256": fingerprint,
                    }
                )
        # Finished: a later attempt (after a rejection, say) must not "resume"
        # into this video.
        if saved:
            self.save_session(None)
        return response["id"]

    def _usable_session(self, fingerprint: str) -> str | None:
        """The session URI an earlier attempt left, if it may still be resumed."""
        session = self.resume_session
        if not isinstance(session, dict) or not session.get("sealed_uri"):
            return None
        try:
            opened = datetime.fromisoformat(session["opened"])
            uri = unseal(self.secret("SYNDICATE_YOUTUBE_CLIENT_SECRET"), session["sealed_uri"])
        except (KeyError, TypeError, ValueError, InvalidToken):
            uri = None  # unreadable, or sealed with a client secret since renewed
        too_old = uri is not None and datetime.now(UTC) - opened > SESSION_MAX_AGE
        if uri is None or too_old or session.get("sha256") != fingerprint:
            self.save_session(None)
            return None
        return uri

    def _backoff(self, failures: int) -> None:
        """Randomized exponential backoff, as googleapiclient's own retries."""
        delay = min(
            self.settings.retry_max_seconds,
            self.settings.retry_base_seconds * 2 ** (failures - 1),
        )
        time.sleep(delay * (0.5 + random.random() / 2))

    def _upload_status(self, video_id: str) -> str:
        """Wait (bounded) for processing; raise PermanentError for rejected/failed."""
        deadline = time.monotonic() + max(0.0, self.settings.youtube_status_wait)
        interval = 0.5
        while True:
            try:
                listing = self._execute(self._status_request(video_id), "videos.list")
            except PlatformError:
                # The video is up; its status can be read another time, and a
                # retry must not upload it again (reconciliation finds it).
                return "unchecked"
            items = listing.get("items") or []
            if not items:
                return "unchecked"
            status = items[0].get("status") or {}
            upload_status = status.get("uploadStatus", "")
            if upload_status not in DONE_STATUSES:
                reason = status.get("rejectionReason") or status.get("failureReason") or "-"
                processing = (items[0].get("processingDetails") or {}).get(
                    "processingFailureReason"
                )
                raise PermanentError(
                    f"YouTube: video {video_id} berstatus {upload_status or 'tidak dikenal'} "
                    f"(alasan: {reason}"
                    + (f", pemrosesan: {processing}" if processing else "")
                    + "). Periksa di YouTube Studio; perbaiki videonya, lalu `syndicate retry`"
                )
            if upload_status == "processed" or time.monotonic() >= deadline:
                return upload_status
            time.sleep(min(interval, max(0.0, deadline - time.monotonic())))
            interval = min(interval * 2, 10.0)

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
        """The channel's uploads back to the reconciliation window (paged).

        Videos that YouTube rejected or failed to process are left out: they
        are not the article's video, and a retry must upload it again.
        """
        channels = self._execute(
            self.service.channels().list(part="contentDetails", mine=True), "channels.list"
        )
        items = channels.get("items") or []
        if not items:
            return []
        uploads = items[0]["contentDetails"]["relatedPlaylists"]["uploads"]
        horizon = self.reconcile_horizon()
        found: list[tuple[str, str]] = []
        token = None
        for _page in range(self.max_reconcile_pages):
            listing = self._execute(
                self.service.playlistItems().list(
                    part="snippet",
                    playlistId=uploads,
                    maxResults=min(50, max(1, self.settings.reconcile_depth)),
                    pageToken=token,
                ),
                "playlistItems.list",
            )
            older = False
            for item in listing.get("items") or []:
                snippet = item.get("snippet") or {}
                video_id = (snippet.get("resourceId") or {}).get("videoId") or item.get("id")
                found.append((video_id, snippet.get("description") or ""))
                older = older or _before(snippet.get("publishedAt"), horizon)
            token = listing.get("nextPageToken")
            if not token or older:
                break
        bad = self._unusable(video_id for video_id, _ in found)
        return [
            ([text], Published(video_id, f"https://www.youtube.com/watch?v={video_id}"))
            for video_id, text in found
            if video_id not in bad
        ]

    def _unusable(self, video_ids) -> set[str]:
        ids = list(dict.fromkeys(video_ids))
        bad: set[str] = set()
        for start in range(0, len(ids), 50):
            listing = self._execute(
                self.service.videos().list(part="status", id=",".join(ids[start : start + 50])),
                "videos.list",
            )
            for item in listing.get("items") or []:
                if (item.get("status") or {}).get("uploadStatus") in ("rejected", "failed"):
                    bad.add(item["id"])
        return bad


def _refuse(message: str) -> Published:
    raise PermanentError(message)


def describe(request: HttpRequest) -> dict[str, Any]:
    """A googleapiclient request as a preview shows it: what executing it sends
    (the host, sandbox or Google, is the base URL's; the upload's bytes are
    the file's)."""
    url = urlsplit(request.uri)
    out: dict[str, Any] = {"method": request.method, "path": url.path}
    params = dict(parse_qsl(url.query))
    params.pop("alt", None)  # googleapiclient's "alt=json" on every call
    if params:
        out["params"] = params
    if request.body:
        out["body"] = json.loads(request.body)
    upload = request.resumable
    if upload is not None:
        out["file"] = upload._filename
        out["mimetype"] = upload.mimetype()
        out["chunk_bytes"] = upload.chunksize()
    return out


def _fit_description(text: str) -> str:
    """At most 5,000 bytes and no angle brackets (videos resource, snippet.description)."""
    text = text.replace("<", "‹").replace(">", "›")
    raw = text.encode("utf-8")[:5000]
    return raw.decode("utf-8", "ignore")


def _fernet(client_secret: str) -> Fernet:
    key = HKDF(
        algorithm=SHA256(), length=32, salt=None, info=b"bkd-ntt syndicate youtube session"
    ).derive(client_secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def seal(client_secret: str, uri: str) -> str:
    """The session URI, encrypted for the public ledger."""
    return _fernet(client_secret).encrypt(uri.encode("utf-8")).decode("ascii")


def unseal(client_secret: str, token: str) -> str:
    return _fernet(client_secret).decrypt(token.encode("ascii")).decode("utf-8")


def _fingerprint(path: Path) -> str:
    """SHA-256 of the file: a session may only be resumed with the same bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _http_status(exc: Exception) -> int | None:
    if isinstance(exc, HttpError | ResumableUploadError):
        return int(getattr(exc.resp, "status", 0) or 0) or None
    return None


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _before(published_at: str | None, horizon: datetime | None) -> bool:
    if not published_at or horizon is None:
        return False
    try:
        return datetime.fromisoformat(published_at.replace("Z", "+00:00")) < horizon
    except ValueError:
        return False


# Token-endpoint errors that need the admin (RFC 6749 section 5.2), with the fix.
GRANT_ERRORS = {
    "invalid_grant": "Refresh token kedaluwarsa atau dicabut: buat ulang "
    "SYNDICATE_YOUTUBE_REFRESH_TOKEN (docs/admin.md)",
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
