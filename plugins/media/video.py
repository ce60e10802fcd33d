"""`Video:` (a YouTube video) and `VideoFile:` (a local file the syndication
step uploads to YouTube)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtu.be",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
}
VIDEO_EXTENSIONS = {".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi", ".mpg", ".mpeg", ".3gp"}


def youtube_id(value: str | None) -> str | None:
    """The 11-character id from a bare id or any usual YouTube address
    (watch?v=, youtu.be/, /embed/, /shorts/, /live/, youtube-nocookie);
    None if it is not one."""
    if not value:
        return None
    value = value.strip().strip("<>")
    if VIDEO_ID.match(value):
        return value
    if "://" not in value:
        value = "https://" + value
    url = urlparse(value)
    host = (url.hostname or "").lower()
    if host not in YOUTUBE_HOSTS:
        return None
    if host == "youtu.be":
        candidate = url.path.strip("/").split("/")[0]
    else:
        query = parse_qs(url.query)
        if "v" in query:
            candidate = query["v"][0]
        else:
            parts = [p for p in url.path.split("/") if p]
            candidate = (
                parts[1] if len(parts) >= 2 and parts[0] in ("embed", "shorts", "live", "v") else ""
            )
    return candidate if VIDEO_ID.match(candidate or "") else None


def uploaded_video_id(settings, article_id: str) -> str | None:
    """The id the syndication step recorded after uploading this article's
    VideoFile. MEDIA_UPLOADED_VIDEOS is a mapping {article_id: id} or a
    callable article_id -> id | None (e.g. a ledger lookup)."""
    source = settings.get("MEDIA_UPLOADED_VIDEOS") or {}
    found = source(article_id) if callable(source) else source.get(article_id)
    return found if found and VIDEO_ID.match(found) else None


def resolve_video_file(value: str, *, content_path: str, extra_paths: list[str]) -> Path | None:
    """VideoFile paths are relative to the repository root or to content/, or
    to one of MEDIA_VIDEO_PATHS (a folder outside git for large files)."""
    candidate = Path(value)
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    content = Path(content_path)
    roots = [content.parent, Path.cwd(), content, *(Path(p) for p in extra_paths)]
    for root in roots:
        path = root / candidate
        if path.is_file():
            return path.resolve()
        # A bare file name inside an external video folder.
        path = root / candidate.name
        if root in roots[3:] and path.is_file():
            return path.resolve()
    return None
