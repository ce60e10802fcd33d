"""YouTube Data API v3: resumable upload, thumbnails, and the listings used to
reconcile a crashed run.

Shapes follow the discovery document shipped with google-api-python-client
(googleapiclient/discovery_cache/documents/youtube.v3.json), which the tests
validate every response against, and these pages:
- Resumable uploads: https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
- videos.insert and its errors: https://developers.google.com/youtube/v3/docs/videos/insert
- thumbnails.set: https://developers.google.com/youtube/v3/docs/thumbnails/set
- Quota costs: https://developers.google.com/youtube/v3/determine_quota_cost
- Video status and processing: https://developers.google.com/youtube/v3/docs/videos
  (status.uploadStatus, status.failureReason, status.rejectionReason,
  processingDetails.processingStatus; the enums are in the discovery document)

The resumable protocol as the sandbox speaks it (docs/sandbox-fidelity.md):
- ``POST ...?uploadType=resumable`` answers 200 with the session URI in
  ``Location``;
- each intermediate chunk answers ``308 Resume Incomplete`` with ``Range:
  bytes=0-N`` and no ``Location`` (httplib2 treats a 308 with no Location as a
  broken redirect unless 308 is removed from its redirect codes, which
  googleapiclient's ``build_http()`` does);
- ``PUT`` with ``Content-Range: bytes */TOTAL`` asks where the session stands:
  308 with the ``Range`` received so far, or 200 with the video once complete;
- a session unknown or older than ``upload_session_seconds`` answers 404.

Uploads are served both at ``/youtube/upload/...`` (when the discovery rootUrl
is replaced by the sandbox URL) and at ``/upload/...`` (googleapiclient keeps
``/upload`` at the host root when only ``api_endpoint`` is overridden).
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import json
import re
import time
from typing import TYPE_CHECKING, Any

from bkd_sandbox import images
from bkd_sandbox.auth import bearer_token
from bkd_sandbox.errors import google_error, google_unauthorized, youtube_quota_exceeded
from bkd_sandbox.google_oauth import access_token_valid
from bkd_sandbox.messages import Request, Response
from bkd_sandbox.router import Router
from bkd_sandbox.state import iso_z

if TYPE_CHECKING:
    from bkd_sandbox.server import Sandbox

API = r"/youtube/youtube/v3"
UPLOAD = r"(?:/youtube)?/upload/youtube/v3"
API_PREFIX = r"/youtube"
UPLOAD_PREFIX = r"(?:/youtube)?(?=/upload/)"
MAX_TITLE = 100
MAX_DESCRIPTION_BYTES = 5000
MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024
ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def register(router: Router, sandbox: Sandbox) -> None:
    api = YouTubeApi(sandbox)
    router.add("POST", UPLOAD + r"/videos", api.start_or_simple_upload, "youtube", UPLOAD_PREFIX)
    router.add("PUT", UPLOAD + r"/videos", api.put_chunk, "youtube", UPLOAD_PREFIX)
    router.add(
        "POST", UPLOAD + r"/thumbnails/set", api.start_or_simple_upload, "youtube", UPLOAD_PREFIX
    )
    router.add("PUT", UPLOAD + r"/thumbnails/set", api.put_chunk, "youtube", UPLOAD_PREFIX)
    router.add("GET", API + r"/videos", api.list_videos, "youtube", API_PREFIX)
    router.add("GET", API + r"/search", api.search, "youtube", API_PREFIX)
    router.add("GET", API + r"/channels", api.list_channels, "youtube", API_PREFIX)
    router.add("GET", API + r"/playlistItems", api.list_playlist_items, "youtube", API_PREFIX)
    router.add("GET", r"/_sandbox/thumbnails/(?P<video_id>[\w-]+)/\w+\.jpg", api.thumbnail, "")


def etag(payload: Any) -> str:
    return hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:27]


class YouTubeApi:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.account = sandbox.config.youtube
        self.state = sandbox.state
        # Thumbnail bytes, for the viewer; kept in memory only (videos are not kept).
        self.thumbnails: dict[str, bytes] = {}
        self.buffers: dict[str, bytearray] = {}

    # --- auth and quota --------------------------------------------------

    def _check(self, request: Request, cost: int) -> Response | None:
        if not access_token_valid(self.sandbox, bearer_token(request)):
            return google_unauthorized()
        allowed, _remaining, _reset = self.state.take_window(
            "youtube:quota", self.account.daily_quota_units, self.account.quota_window_seconds
        )
        if not allowed:
            return youtube_quota_exceeded()
        if cost > 1:
            with self.state.transaction() as data:
                window = data["windows"]["youtube:quota"]
                if window["count"] - 1 + cost > self.account.daily_quota_units:
                    window["count"] -= 1
                    return youtube_quota_exceeded()
                window["count"] += cost - 1
        return None

    # --- uploads ---------------------------------------------------------

    def start_or_simple_upload(self, request: Request) -> Response:
        kind = "thumbnail" if request.path.endswith("/thumbnails/set") else "video"
        upload_type = request.query.get("uploadType", "")
        cost = (
            self.account.cost_videos_insert if kind == "video" else self.account.cost_thumbnails_set
        )
        if denied := self._check(request, cost):
            return denied
        if kind == "thumbnail":
            problem = self._thumbnail_target(request)
            if problem:
                return problem
        if upload_type == "resumable":
            metadata = {}
            if request.body:
                try:
                    metadata = json.loads(request.body)
                except ValueError:
                    return google_error(400, "Parse Error", "parseError")
            if kind == "video" and (problem := self._check_metadata(metadata)):
                return problem
            upload_id = "ADPycd" + self.state.token(ID_ALPHABET, 60)
            total = request.headers.get("X-Upload-Content-Length")
            with self.state.transaction() as data:
                data["yt_uploads"][upload_id] = {
                    "started_at": time.time(),
                    "outcome": _outcome(request),
                    "kind": kind,
                    "metadata": metadata,
                    "part": request.query.get("part", "snippet"),
                    "video_id": request.query.get("videoId"),
                    "content_type": request.headers.get("X-Upload-Content-Type", ""),
                    "total": int(total) if total and total.isdigit() else None,
                    "received": 0,
                    "upload_id": upload_id,
                }
            location = (
                f"{self.sandbox.base_url(request)}{request.path}?uploadType=resumable"
                f"&upload_id={upload_id}"
                + (f"&part={request.query['part']}" if "part" in request.query else "")
                + (f"&videoId={request.query['videoId']}" if "videoId" in request.query else "")
            )
            return Response(200, b"", [("Location", location), ("X-GUploader-UploadID", upload_id)])
        if upload_type == "multipart":
            metadata, media = _split_multipart_related(request)
            if metadata is None:
                return google_error(400, "Media type or multipart body is invalid", "badContent")
            if kind == "video" and (problem := self._check_metadata(metadata)):
                return problem
            return self._finish(
                request,
                kind,
                metadata,
                media,
                request.query.get("videoId"),
                session={"outcome": _outcome(request), "chunks": 1},
            )
        # uploadType=media: the body is the media itself.
        return self._finish(request, kind, {}, request.body, request.query.get("videoId"))

    def put_chunk(self, request: Request) -> Response:
        upload_id = request.query.get("upload_id", "")
        with self.state.lock:
            session = self.state.data["yt_uploads"].get(upload_id)
        lifetime = self.account.upload_session_seconds
        if session is None or time.time() - session.get("started_at", 0) > lifetime:
            return google_error(404, "Upload session not found or expired.", "notFound")
        if not access_token_valid(self.sandbox, bearer_token(request)):
            return google_unauthorized()
        if session.get("completed"):
            # A finished session answers every later PUT (a status query or a
            # resent last chunk) with the resource it created.
            return self._completed(session)
        content_range = request.headers.get("Content-Range", "")
        status_query = re.fullmatch(r"bytes \*/(\d+|\*)", content_range.strip())
        chunk = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+|\*)", content_range.strip())
        if not content_range:
            chunk_start, total = 0, len(request.body)
        elif status_query:
            return self._incomplete(session, upload_id)
        elif chunk:
            chunk_start = int(chunk.group(1))
            total = None if chunk.group(3) == "*" else int(chunk.group(3))
        else:
            return google_error(400, "Invalid Content-Range header", "badRequest")
        with self.state.transaction() as data:
            session = data["yt_uploads"][upload_id]
            if chunk_start != session["received"]:
                # The client must resume where the server says it is.
                return self._incomplete(session, upload_id)
            session["received"] += len(request.body)
            if session["kind"] == "thumbnail":
                self.buffers.setdefault(upload_id, bytearray()).extend(request.body)
            if total is not None:
                session["total"] = total
            session.setdefault("chunks", 0)
            session["chunks"] += 1
            done = session["total"] is not None and session["received"] >= session["total"]
        if not done:
            return self._incomplete(session, upload_id)
        with self.state.transaction() as data:
            session = dict(data["yt_uploads"][upload_id])
        response = self._finish(
            request,
            session["kind"],
            session["metadata"],
            None,
            session["video_id"],
            session=session,
        )
        with self.state.transaction() as data:
            if response.status == 200:
                data["yt_uploads"][upload_id]["completed"] = True
                data["yt_uploads"][upload_id]["result"] = json.loads(response.body)
            else:
                data["yt_uploads"].pop(upload_id, None)
        return response

    def _completed(self, session: dict) -> Response:
        result = session["result"]
        if session["kind"] == "video":
            with self.state.lock:
                video = next(
                    (v for v in self.state.data["posts"]["youtube"] if v["id"] == result["id"]),
                    None,
                )
            if video is not None:
                return Response.json(200, self._video_resource(video, session["part"]))
        return Response.json(200, result)

    def _incomplete(self, session: dict, upload_id: str) -> Response:
        headers = [("X-GUploader-UploadID", upload_id)]
        if session["received"]:
            headers.append(("Range", f"bytes=0-{session['received'] - 1}"))
        # 308 "Resume Incomplete": googleapiclient reads Range to pick the next offset.
        return Response(308, b"", headers)

    def _thumbnail_target(self, request: Request) -> Response | None:
        video_id = request.query.get("videoId", "")
        with self.state.lock:
            known = any(v["id"] == video_id for v in self.state.data["posts"]["youtube"])
        if not known:
            return google_error(
                404,
                "The video that you are trying to update cannot be found.",
                "videoNotFound",
                domain="youtube.thumbnail",
                location="videoId",
                locationType="parameter",
            )
        return None

    def _check_metadata(self, metadata: dict) -> Response | None:
        snippet = metadata.get("snippet") or {}
        title = snippet.get("title", "")
        description = snippet.get("description", "")
        if not title or len(title) > MAX_TITLE or "<" in title or ">" in title:
            return google_error(
                400,
                "The request metadata specifies an invalid or empty video title.",
                "invalidTitle",
                domain="youtube.video",
                location="body.snippet.title",
                locationType="other",
            )
        if (
            len(description.encode("utf-8")) > MAX_DESCRIPTION_BYTES
            or "<" in description
            or ">" in description
        ):
            return google_error(
                400,
                "The request metadata specifies an invalid video description.",
                "invalidDescription",
                domain="youtube.video",
                location="body.snippet.description",
                locationType="other",
            )
        tags = snippet.get("tags") or []
        if sum(len(t) + (2 if " " in t else 0) for t in tags) + max(0, len(tags) - 1) > 500:
            return google_error(
                400,
                "The request metadata specifies invalid video keywords.",
                "invalidTags",
                domain="youtube.video",
                location="body.snippet.tags",
                locationType="other",
            )
        privacy = (metadata.get("status") or {}).get("privacyStatus", "public")
        if privacy not in ("public", "private", "unlisted"):
            return google_error(
                400,
                "The request metadata specifies an invalid privacy status.",
                "invalidVideoMetadata",
                domain="youtube.video",
            )
        return None

    def _finish(
        self,
        request: Request,
        kind: str,
        metadata: dict,
        media: bytes | None,
        video_id: str | None,
        *,
        session: dict | None = None,
    ) -> Response:
        size = len(media) if media is not None else (session or {}).get("received", 0)
        if size == 0:
            return google_error(
                400, "A media body is required.", "mediaBodyRequired", domain="youtube.video"
            )
        if kind == "thumbnail":
            if media is None and session is not None:
                media = bytes(self.buffers.pop(session.get("upload_id", ""), b""))
            return self._set_thumbnail(request, video_id or "", media, size)
        return self._store_video(request, metadata, size, session)

    def _set_thumbnail(
        self, request: Request, video_id: str, media: bytes | None, size: int
    ) -> Response:
        if size > MAX_THUMBNAIL_BYTES:
            return google_error(
                413,
                "The thumbnail image file is too large.",
                "mediaBodyTooLarge",
                domain="youtube.thumbnail",
            )
        if media is not None:
            try:
                info = images.inspect(media)
            except images.ImageRejected:
                return google_error(
                    400,
                    "The thumbnail image is invalid.",
                    "invalidImage",
                    domain="youtube.thumbnail",
                )
            if info.format not in ("JPEG", "PNG"):
                return google_error(
                    400,
                    "The thumbnail image format is not supported.",
                    "invalidImage",
                    domain="youtube.thumbnail",
                )
        base = f"{self.sandbox.base_url(request)}/_sandbox/thumbnails/{video_id}"
        sizes = {"default": (120, 90), "medium": (320, 180), "high": (480, 360)}
        item = {
            name: {"url": f"{base}/{name}.jpg", "width": w, "height": h}
            for name, (w, h) in sizes.items()
        }
        with self.state.transaction() as data:
            for video in data["posts"]["youtube"]:
                if video["id"] == video_id:
                    video["thumbnail_set"] = True
                    video["snippet"]["thumbnails"] = item
        if media:
            self.thumbnails[video_id] = media
        payload = {"kind": "youtube#thumbnailSetResponse", "items": [item]}
        payload["etag"] = etag(payload)
        return Response.json(200, payload)

    def _store_video(
        self, request: Request, metadata: dict, size: int, session: dict | None
    ) -> Response:
        snippet_in = metadata.get("snippet") or {}
        status_in = metadata.get("status") or {}
        video_id = self.state.token(ID_ALPHABET, 11)
        snippet = {
            "publishedAt": iso_z().replace(".000Z", "Z"),
            "channelId": self.account.channel_id,
            "title": snippet_in.get("title", ""),
            "description": snippet_in.get("description", ""),
            "thumbnails": {
                "default": {
                    "url": f"https://i.ytimg.com/vi/{video_id}/default.jpg",
                    "width": 120,
                    "height": 90,
                }
            },
            "channelTitle": self.account.title,
            "categoryId": str(snippet_in.get("categoryId", "22")),
            "liveBroadcastContent": "none",
            "localized": {
                "title": snippet_in.get("title", ""),
                "description": snippet_in.get("description", ""),
            },
        }
        if snippet_in.get("tags"):
            snippet["tags"] = list(snippet_in["tags"])
        status = {
            # Turns processed (or rejected/failed) after processing_seconds: _current_status.
            "uploadStatus": "uploaded",
            "privacyStatus": status_in.get("privacyStatus", "public"),
            "license": "youtube",
            "embeddable": bool(status_in.get("embeddable", True)),
            "publicStatsViewable": True,
            "selfDeclaredMadeForKids": bool(status_in.get("selfDeclaredMadeForKids", False)),
        }
        video = {
            "id": video_id,
            "platform": "youtube",
            "snippet": snippet,
            "status": status,
            "size": size,
            "chunks": (session or {}).get("chunks", 1),
            "created_at": time.time(),
            "permalink": f"{self.sandbox.base_url(request)}/#youtube-{video_id}",
            "thumbnail_set": False,
            # What processing will end in: processed, rejected or failed (faults).
            "outcome": (session or {}).get("outcome") or "processed",
        }
        with self.state.transaction() as data:
            data["posts"]["youtube"].append(video)
        return Response.json(200, self._video_resource(video, "snippet,status"))

    def _video_resource(self, video: dict, part: str) -> dict:
        parts = {p.strip() for p in part.split(",")}
        resource: dict[str, Any] = {"kind": "youtube#video", "id": video["id"]}
        if "snippet" in parts:
            resource["snippet"] = video["snippet"]
        status, processing = self._current_status(video)
        if "status" in parts:
            resource["status"] = status
        if "processingDetails" in parts:
            resource["processingDetails"] = processing
        if "statistics" in parts:
            # Counts are strings in the videos resource (docs/videos#statistics).
            with self.state.lock:
                seeded = self.state.data.get("metrics", {}).get(video["id"], {})
            resource["statistics"] = {
                name: str(int(seeded.get(name, 0)))
                for name in ("viewCount", "likeCount", "favoriteCount", "commentCount")
            }
        resource["etag"] = etag(resource)
        return resource

    def _current_status(self, video: dict) -> tuple[dict, dict]:
        """status and processingDetails as they stand now.

        A video reports uploadStatus "uploaded" while YouTube processes it,
        then "processed", or "rejected"/"failed" with the reason; the upload
        response itself always says "uploaded" (videos resource, status part).
        """
        status = dict(video["status"])
        outcome = video.get("outcome", "processed")
        if time.time() - video["created_at"] < self.account.processing_seconds:
            parts_total = 1000
            return status, {
                "processingStatus": "processing",
                "processingProgress": {
                    "partsTotal": str(parts_total),
                    "partsProcessed": str(parts_total // 2),
                    "timeLeftMs": str(int(self.account.processing_seconds * 500)),
                },
            }
        status["uploadStatus"] = outcome
        if outcome == "rejected":
            status["rejectionReason"] = "duplicate"
            return status, {"processingStatus": "terminated"}
        if outcome == "failed":
            status["failureReason"] = "codec"
            return status, {
                "processingStatus": "failed",
                "processingFailureReason": "transcodeFailed",
            }
        return status, {"processingStatus": "succeeded"}

    def thumbnail(self, request: Request) -> Response:
        data = self.thumbnails.get(request.params["video_id"])
        if data is None:
            return Response.json(404, {"error": "no thumbnail"})
        return Response(200, data, [("Content-Type", "image/jpeg")])

    # --- listings --------------------------------------------------------

    def _videos(self) -> list[dict]:
        with self.state.lock:
            return list(reversed(self.state.data["posts"]["youtube"]))

    def list_videos(self, request: Request) -> Response:
        if denied := self._check(request, self.account.cost_list):
            return denied
        ids = set(filter(None, request.query.get("id", "").split(",")))
        part = request.query.get("part", "snippet")
        items = [self._video_resource(v, part) for v in self._videos() if v["id"] in ids]
        return _list_response("youtube#videoListResponse", items)

    def search(self, request: Request) -> Response:
        # search.list costs 100 units: the engine should prefer playlistItems.
        if denied := self._check(request, 100):
            return denied
        if (
            request.query.get("forMine", "").lower() != "true"
            or request.query.get("type") != "video"
        ):
            return google_error(
                400,
                "The sandbox supports search with forMine=true&type=video only.",
                "invalidSearchFilter",
                domain="youtube.search",
            )
        query = request.query.get("q", "").lower()
        items = []
        for video in self._videos():
            text = (video["snippet"]["title"] + " " + video["snippet"]["description"]).lower()
            if query and query not in text:
                continue
            item = {
                "kind": "youtube#searchResult",
                "id": {"kind": "youtube#video", "videoId": video["id"]},
                "snippet": {
                    k: video["snippet"][k]
                    for k in (
                        "publishedAt",
                        "channelId",
                        "title",
                        "description",
                        "thumbnails",
                        "channelTitle",
                        "liveBroadcastContent",
                    )
                },
            }
            item["etag"] = etag(item)
            items.append(item)
        return _list_response("youtube#searchListResponse", _limit(request, items), search=True)

    def list_channels(self, request: Request) -> Response:
        if denied := self._check(request, self.account.cost_list):
            return denied
        if (
            request.query.get("mine", "").lower() != "true"
            and request.query.get("id") != self.account.channel_id
        ):
            return _list_response("youtube#channelListResponse", [])
        channel: dict[str, Any] = {"kind": "youtube#channel", "id": self.account.channel_id}
        parts = set(request.query.get("part", "id").split(","))
        if "snippet" in parts:
            channel["snippet"] = {
                "title": self.account.title,
                "description": "",
                "publishedAt": "2020-01-01T00:00:00Z",
            }
        if "contentDetails" in parts:
            channel["contentDetails"] = {
                "relatedPlaylists": {"likes": "", "uploads": self._uploads_playlist()}
            }
        channel["etag"] = etag(channel)
        return _list_response("youtube#channelListResponse", [channel])

    def _uploads_playlist(self) -> str:
        return "UU" + self.account.channel_id[2:]

    def list_playlist_items(self, request: Request) -> Response:
        if denied := self._check(request, self.account.cost_list):
            return denied
        if request.query.get("playlistId") != self._uploads_playlist():
            return google_error(
                404,
                "The playlist identified with the request's playlistId parameter cannot be found.",
                "playlistNotFound",
                domain="youtube.playlistItem",
                location="playlistId",
                locationType="parameter",
            )
        parts = set(request.query.get("part", "snippet").split(","))
        items = []
        for position, video in enumerate(self._videos()):
            item: dict[str, Any] = {"kind": "youtube#playlistItem", "id": "UExp" + video["id"]}
            if "snippet" in parts:
                item["snippet"] = {
                    "publishedAt": video["snippet"]["publishedAt"],
                    "channelId": self.account.channel_id,
                    "title": video["snippet"]["title"],
                    "description": video["snippet"]["description"],
                    "thumbnails": video["snippet"]["thumbnails"],
                    "channelTitle": self.account.title,
                    "playlistId": self._uploads_playlist(),
                    "position": position,
                    "resourceId": {"kind": "youtube#video", "videoId": video["id"]},
                }
            if "contentDetails" in parts:
                item["contentDetails"] = {
                    "videoId": video["id"],
                    "videoPublishedAt": video["snippet"]["publishedAt"],
                }
            item["etag"] = etag(item)
            items.append(item)
        page, next_token = _page(request, items)
        return _list_response(
            "youtube#playlistItemListResponse", page, total=len(items), next_page_token=next_token
        )


def _limit(request: Request, items: list) -> list:
    try:
        count = max(0, min(50, int(request.query.get("maxResults", "5"))))
    except ValueError:
        count = 5
    return items[:count]


def _page(request: Request, items: list) -> tuple[list, str | None]:
    """One page of ``items`` and the ``nextPageToken`` for the rest, if any.

    playlistItems.list pages with ``pageToken``/``nextPageToken`` (at most 50
    per page, default 5); the token is opaque to the client.
    """
    try:
        count = max(0, min(50, int(request.query.get("maxResults", "5"))))
    except ValueError:
        count = 5
    start = 0
    token = request.query.get("pageToken", "")
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("CA"))
        except (ValueError, UnicodeDecodeError):
            start = 0
    end = start + count
    next_token = (
        base64.urlsafe_b64encode(f"CA{end}".encode()).decode() if end < len(items) else None
    )
    return items[start:end], next_token


def _outcome(request: Request) -> str:
    return {"upload_rejected": "rejected", "upload_failed": "failed"}.get(
        request.fault_mode, "processed"
    )


def _list_response(
    kind: str,
    items: list[dict],
    *,
    search: bool = False,
    total: int | None = None,
    next_page_token: str | None = None,
) -> Response:
    payload: dict[str, Any] = {"kind": kind}
    if next_page_token:
        payload["nextPageToken"] = next_page_token
    payload["pageInfo"] = {
        "totalResults": len(items) if total is None else total,
        "resultsPerPage": len(items),
    }
    payload["items"] = items
    if search:
        payload["regionCode"] = "ID"
    payload["etag"] = etag(payload)
    return Response.json(200, payload)


def _split_multipart_related(request: Request) -> tuple[dict | None, bytes]:
    """Metadata and media of an ``uploadType=multipart`` body."""
    head = f"Content-Type: {request.headers.get('Content-Type')}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.body)
    if not message.is_multipart():
        return None, b""
    parts = list(message.iter_parts())
    if len(parts) != 2:
        return None, b""
    try:
        metadata = json.loads(parts[0].get_payload(decode=True) or b"{}")
    except ValueError:
        return None, b""
    return metadata, parts[1].get_payload(decode=True) or b""
