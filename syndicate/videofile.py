"""Is this file really a video? The one check, used by the build and by YouTube.

The media plugin runs it on `VideoFile:` at build time (the author gets the
message in the build log and from FBS) and the YouTube adapter runs it again
before any byte is sent (the file may have changed, or come from an LFS-less
checkout in CI). Both go through ``video_file_problem``.

A checkout without ``git lfs pull`` leaves a ~130-byte text pointer where the
video should be; uploading it opens a quota-charged session for a "video" that
YouTube then rejects. So the adapter refuses both an LFS pointer and any file
whose first bytes are not a container YouTube accepts
(https://support.google.com/youtube/troubleshooter/2888402: MOV, MPEG-1/2,
MP4, MPG, AVI, WMV, MPEG-PS, FLV, 3GPP, WebM, ...).

The signatures are the containers' own magic numbers:
- ISO base media (MP4, MOV, 3GP, M4V): a box ``ftyp`` (or ``moov``/``mdat``/
  ``free``/``wide``/``skip`` in old QuickTime files) at offset 4;
- Matroska/WebM: EBML header ``1A 45 DF A3``;
- AVI: ``RIFF....AVI ``; FLV: ``FLV\\x01``; ASF/WMV: its 16-byte GUID;
- MPEG program stream: pack header ``00 00 01 BA``; MPEG-1 video ``00 00 01 B3``;
- MPEG transport stream: sync byte ``0x47`` every 188 bytes.
LFS pointers: https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md
("version https://git-lfs.github.com/spec/v1" on the first line).
"""

from __future__ import annotations

from pathlib import Path

LFS_PREFIXES = (
    b"version https://git-lfs.github.com/spec/",
    b"version https://hawser.github.com/spec/",
)
# The spec caps a pointer at 1024 bytes; reading a little more is enough to tell.
LFS_MAX_BYTES = 1024
ISO_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")
# Still images in the same ISO container (HEIC, AVIF): a phone photo is not a video.
IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
ASF_GUID = bytes.fromhex("3026B2758E66CF11A6D900AA0062CE6C")


def lfs_pointer(path: str | Path) -> bool:
    """True when the file is a Git LFS pointer instead of the real content."""
    path = Path(path)
    try:
        if path.stat().st_size > LFS_MAX_BYTES:
            return False
        head = path.read_bytes()[:LFS_MAX_BYTES]
    except OSError:
        return False
    return head.startswith(LFS_PREFIXES)


def video_container(path: str | Path) -> str | None:
    """The container name when the file starts like a video, else None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(188 * 2 + 1)
    except OSError:
        return None
    if len(head) >= 8 and head[4:8] in ISO_BOXES:
        if head[4:8] == b"ftyp" and head[8:12] in IMAGE_BRANDS:
            return None
        return "mp4/mov"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska/webm"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    if head.startswith(b"FLV\x01"):
        return "flv"
    if head.startswith(ASF_GUID):
        return "asf/wmv"
    if head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")):
        return "mpeg"
    if len(head) > 376 and head[0] == head[188] == head[376] == 0x47:
        return "mpeg-ts"
    return None


def is_video_container(path: str | Path) -> bool:
    return video_container(path) is not None


def video_file_problem(path: str | Path) -> str | None:
    """None for a real video container; else the problem's code, shared by the
    build's message table and the adapter: "video-missing" (unreadable),
    "video-lfs" (a Git LFS pointer whose content was never fetched) or
    "video-not-video" (by its magic bytes, never by the file name)."""
    try:
        with open(path, "rb"):
            pass
    except (OSError, ValueError):
        return "video-missing"
    if lfs_pointer(path):
        return "video-lfs"
    if video_container(path) is None:
        return "video-not-video"
    return None
