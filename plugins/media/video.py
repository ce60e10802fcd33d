"""`Video:` (a YouTube video) and `VideoFile:` (a local file the syndication
step uploads to YouTube)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from syndicate import videofile

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


# One rule set for the build and the YouTube adapter (FLV, WMV, MPEG and TS
# accepted; HEIC/AVIF stills and LFS pointers refused): syndicate.videofile.
video_file_problem = videofile.video_file_problem


def check_video_file(path: str | Path, value: str | None = None) -> tuple[str, str] | None:
    """For anything about to upload a VideoFile (the build, the YouTube
    adapter): None when it is a real video; else (code, message for the
    author in Bahasa Indonesia, with how to fix it)."""
    code = video_file_problem(path)
    if code is None:
        return None
    from .messages import render

    _, text, hint = render(code, str(value or path), None)
    return code, f"{text} Cara memperbaiki: {hint}"


def locate_video_file(
    value: str, *, content_path: str, extra_paths: list[str], repo_root: str | None = None
) -> tuple[Path | None, str | None]:
    """(file, None) or (None, code). VideoFile paths are relative to content/,
    to the repository root (then they must still lie in content/) or to one
    of MEDIA_VIDEO_PATHS (a folder outside git for large files), or a bare
    file name inside such a folder. The file must be a regular file inside
    content/ or a MEDIA_VIDEO_PATHS folder, reached without symlinks, and a
    real video container (video_file_problem)."""
    from plugins.bkd_content.sources import confine

    content = Path(os.path.abspath(content_path))
    videos = [Path(os.path.abspath(p)) for p in extra_paths]
    allowed = [content, *videos]
    candidate = Path(value.strip())
    if candidate.is_absolute():
        tries = [candidate]
    else:
        repo = Path(os.path.abspath(repo_root or os.getcwd()))
        tries = [content / candidate, repo / candidate, *(v / candidate for v in videos)]
        tries += [v / candidate.name for v in videos]
    refused = None
    for path in tries:
        found, reason = confine(path, allowed)
        if found is not None:
            problem = video_file_problem(found)
            return (found, None) if problem is None else (None, problem)
        if reason != "missing" and os.path.lexists(path):
            refused = refused or "video-outside"
    return None, refused or "video-missing"


def resolve_video_file(value: str, *, content_path: str, extra_paths: list[str]) -> Path | None:
    """The checked video file of a `VideoFile:` value, or None."""
    found, _ = locate_video_file(value, content_path=content_path, extra_paths=extra_paths)
    return found
