"""`Video:` (a YouTube video) and `VideoFile:` (a local file the syndication
step uploads to YouTube)."""

from __future__ import annotations

import os
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


LFS_POINTER = b"version https://git-lfs.github.com/spec/v1"
# ISO base media brands of still images (HEIC/AVIF share the container).
IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
# Old QuickTime files may start with another top-level atom than `ftyp`.
QUICKTIME_ATOMS = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"}
EBML = b"\x1a\x45\xdf\xa3"  # WebM and Matroska


def video_file_problem(path: str | Path) -> str | None:
    """None for a real video container; else "video-lfs" (a Git LFS pointer
    whose content was never fetched), "video-not-video" (by its magic bytes)
    or "video-missing". Checked on the bytes, never on the file name."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except (OSError, ValueError):
        return "video-missing"
    if head.startswith(LFS_POINTER):
        return "video-lfs"
    if head.startswith(EBML):
        return None
    if len(head) >= 12 and head[4:8] in QUICKTIME_ATOMS:
        if head[4:8] == b"ftyp" and head[8:12] in IMAGE_BRANDS:
            return "video-not-video"
        return None
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return None
    return "video-not-video"


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
