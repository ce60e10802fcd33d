"""What counts as content, and which files an article may name.

One definition for the build (Pelican's readers and static generator) and the
FBS gate (`fbs check`), so the gate checks exactly what the build reads:

- content is a file ending in exactly `.md` under `articles/` or `pages/` of
  the content folder; every other file there is refused (`.markdown`, `.html`,
  `.MD`, ...), by both;
- names starting with a dot (editor and OS droppings) are ignored by both;
- nothing under content/ may be a symbolic link, and every file an article
  names must resolve to a regular file inside content/ (videos: or inside a
  MEDIA_VIDEO_PATHS folder);
- static folders publish only file types people download (documents) and
  the few types site furniture needs (robots.txt, favicon); photos go through
  the media pipeline, which re-encodes them without metadata.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ARTICLE_DIRS = ("articles",)
PAGE_DIRS = ("pages",)
CONTENT_DIRS = ARTICLE_DIRS + PAGE_DIRS
CONTENT_SUFFIX = ".md"

# Files an author may publish as they are, from a static folder or by {static}
# / {attach} links: documents readers download. No HTML, SVG, JS, XML or
# unknown types: served from the site's own origin, they could run script.
DOCUMENT_SUFFIXES = frozenset(
    {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".txt", ".csv"}
)
# Site furniture kept in content/extra/ (EXTRA_PATH_METADATA), published as is.
FURNITURE_SUFFIXES = frozenset({".ico"})
STATIC_SUFFIXES = DOCUMENT_SUFFIXES | FURNITURE_SUFFIXES

# Every suffix a camera, phone or image editor writes. These never reach the
# output as they are: the media pipeline re-encodes the pixels (no EXIF/GPS),
# or the file is refused.
# Below this width a photo looks blurred on any phone: the gate (FBS-7.image-size)
# and the media step (MEDIA_MIN_WIDTH) use the same number.
MIN_PHOTO_WIDTH = 600

PHOTO_SUFFIXES = frozenset(
    {
        ".jpg",
        ".jpeg",
        ".jpe",
        ".jfif",
        ".pjpeg",
        ".pjp",
        ".png",
        ".apng",
        ".gif",
        ".webp",
        ".tif",
        ".tiff",
        ".bmp",
        ".dib",
        ".heic",
        ".heif",
        ".avif",
        ".jxl",
        ".jp2",
        ".j2k",
        ".dng",
        ".cr2",
        ".nef",
        ".arw",
    }
)


# What a published document must start with: a file whose bytes are HTML
# but whose name says .pdf is refused, whatever a server or browser would
# make of it.
DOCUMENT_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".odp": (b"PK\x03\x04",),
    ".ico": (b"\x00\x00\x01\x00",),
}


def content_matches_type(path: Path) -> bool:
    """False when a document's first bytes do not match its suffix."""
    magic = DOCUMENT_MAGIC.get(path.suffix.lower())
    if not magic:
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return head.startswith(magic)


@dataclass(frozen=True)
class Refused:
    path: Path
    message: str
    hint: str
    # The FBS rule the gate files it under (the build logs the same message).
    rule: str = "FBS-7.frontmatter"


def is_hidden(name: str) -> bool:
    return name.startswith(".")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


# confine() runs for every photo, attachment and link of every article (some
# 5,000 times a build at 2,000 articles): on absolute, normalised strings,
# with os.path instead of pathlib, it costs a fifth of what it did. The
# checks and their order are unchanged.
def _inside_str(path: str, root: str) -> bool:
    """`path` is `root` or below it, component-wise (as PurePath.relative_to:
    "/a/bc" is not inside "/a/b"); both absolute and normalised."""
    return path == root or path.startswith(root if root.endswith("/") else root + "/")


def _symlink_below_str(path: str, root: str) -> str | None:
    rel = path[len(root) :].strip("/")
    current = root.rstrip("/")
    for part in rel.split("/") if rel else ():
        current = f"{current}/{part}"
        if os.path.islink(current):
            return current
    return None


# realpath() of a content root: the same few folders for thousands of
# confine() calls in a build. Dropped at the start of every build
# (forget_real_roots), so a root re-pointed between `make serve` rebuilds is
# resolved again.
_REAL_ROOTS: dict[str, str] = {}


def _real_root(root: str) -> str:
    real = _REAL_ROOTS.get(root)
    if real is None:
        if len(_REAL_ROOTS) > 32:
            _REAL_ROOTS.clear()
        real = _REAL_ROOTS[root] = os.path.realpath(root)
    return real


def forget_real_roots() -> None:
    """Start of a build: a content root may point elsewhere now."""
    _REAL_ROOTS.clear()


def symlink_below(path: Path, root: Path) -> Path | None:
    """The first component of `path` below `root` that is a symbolic link."""
    raw, base = os.path.abspath(path), os.path.abspath(root)
    if not _inside_str(raw, base):
        return None
    link = _symlink_below_str(raw, base)
    return Path(link) if link is not None else None


def confine(path: Path | str, roots: Sequence[Path | str]) -> tuple[Path | None, str | None]:
    """(resolved path, None) when `path` is a regular file inside one of
    `roots` with no symbolic link on the way; else (None, reason), reason one
    of "outside", "symlink", "hardlink", "not-file" or "missing"."""
    try:
        raw = os.path.abspath(path)
        roots_abs = [os.path.abspath(r) for r in roots]
    except ValueError:  # a NUL character in the path
        return None, "missing"
    root = next((r for r in roots_abs if _inside_str(raw, r)), None)
    if root is None:
        return None, "outside"
    if not os.path.lexists(raw):
        return None, "missing"
    if _symlink_below_str(raw, root) is not None:
        return None, "symlink"
    st = os.lstat(raw)
    if not stat.S_ISREG(st.st_mode):
        return None, "not-file"
    # git never checks out hard links; one in content/ was made by hand and
    # may share its inode with a file anywhere on the machine.
    if st.st_nlink > 1:
        return None, "hardlink"
    resolved = os.path.realpath(raw)
    if not _inside_str(resolved, _real_root(root)):
        return None, "outside"
    return Path(resolved), None


def content_kind(path: Path, content_root: Path) -> str | None:
    """'article', 'page' or None from the first folder below the content root."""
    raw, root = os.path.abspath(path), os.path.abspath(content_root)
    if not _inside_str(raw, root):
        return None
    rel = raw[len(root) :].strip("/")
    parts = rel.split("/", 1) if rel else []
    if len(parts) < 2:
        return None
    if parts[0] in ARTICLE_DIRS:
        return "article"
    if parts[0] in PAGE_DIRS:
        return "page"
    return None


def is_content_file(path: Path, content_root: Path) -> bool:
    return (
        content_kind(path, content_root) is not None
        and path.name.endswith(CONTENT_SUFFIX)
        and not is_hidden(path.name)
    )


def printable(path: Path | str) -> str:
    """A path for a message, even when its name is not valid UTF-8."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def refusal(path: Path, content_root: Path) -> Refused | None:
    """Why a file under articles/ or pages/ cannot be content, or None."""
    if content_kind(path, content_root) is None or is_hidden(path.name):
        return None
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        return Refused(
            path,
            "Nama berkas ini bukan teks UTF-8 yang sah (ada byte yang tidak terbaca).",
            "Ganti nama berkas dengan huruf kecil, angka dan tanda hubung saja, misalnya "
            "'jadwal-kenaikan-pangkat.md'.",
        )
    link = symlink_below(path, content_root)
    if link is not None:
        return Refused(
            path,
            "Berkas ini adalah tautan simbolis (symlink) atau berada di folder symlink; "
            "situs tidak membaca symlink.",
            "Salin berkas aslinya ke dalam content/ (jangan membuat symlink).",
            rule="FBS-7.symlink",
        )
    if path.name.endswith(CONTENT_SUFFIX):
        return None
    return Refused(
        path,
        f"Jenis berkas '{path.suffix or path.name}' tidak diterima di folder artikel/halaman: "
        "hanya berkas Markdown berakhiran '.md' (huruf kecil) yang dibaca.",
        "Ganti nama berkas menjadi 'nama-artikel.md' (huruf kecil, berakhiran .md), atau "
        "pindahkan berkas ini keluar dari content/articles dan content/pages.",
    )


# The two walks below run at the start of every build over all of content/.
# os.scandir's entries know whether they are links without a system call
# (d_type), where os.walk plus Path.is_symlink() made a Path and an lstat()
# per entry; the order of what they yield is os.walk's, unchanged.


def _scan(folder: str) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:  # as os.walk: an unreadable folder is skipped
        return []


def _is_dir(entry: os.DirEntry) -> bool:
    """As os.walk sorts an entry: a folder, or a link to one."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def walk(folder: Path):
    """Every non-hidden file below `folder` (hidden folders skipped), without
    following symbolic links to folders; a symlinked folder is yielded as an
    entry so it can be refused."""
    entries = _scan(os.fspath(folder))
    dirs = sorted((e for e in entries if _is_dir(e)), key=lambda e: e.name)
    files = sorted(e.name for e in entries if not _is_dir(e))
    keep = []
    for entry in dirs:
        if is_hidden(entry.name):
            continue
        if _is_link(entry):
            yield Path(folder) / entry.name
        else:
            keep.append(entry)
    for name in files:
        if not is_hidden(name):
            yield Path(folder) / name
    for entry in keep:
        yield from walk(Path(folder) / entry.name)


def _symlinks_below(folder: str, found: list[Path]) -> None:
    entries = _scan(folder)
    for entry in sorted(entries, key=lambda e: e.name):
        if _is_link(entry):
            found.append(Path(folder) / entry.name)
    for entry in entries:
        if _is_dir(entry) and not _is_link(entry):
            _symlinks_below(os.path.join(folder, entry.name), found)


def symlinks(content_root: Path) -> list[Path]:
    """Every symbolic link below the content folder (links are not followed)."""
    found: list[Path] = []
    _symlinks_below(os.fspath(content_root), found)
    return found


def discover(content_root: Path) -> tuple[list[Path], list[Refused]]:
    """The Markdown files the build reads, and the files under articles/ and
    pages/ that it refuses."""
    content, refused = [], []
    for name in CONTENT_DIRS:
        folder = content_root / name
        if not folder.is_dir():
            continue
        for path in walk(folder):
            problem = refusal(path, content_root)
            if problem is not None:
                refused.append(problem)
            elif is_content_file(path, content_root):
                content.append(path)
    return content, refused


# ------------------------------------------------------------------- control characters
# C0 controls except tab, LF and CR; DEL; C1 controls; the non-characters
# U+FFFE/U+FFFF; lone surrogates (only possible after a lossy decode). Word
# writes U+000B for Shift+Enter and U+000C for a page break; XML 1.0 (feeds,
# sitemap) cannot carry either, and lxml refuses to build such a feed.
_CONTROL = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]
_CONTROL += ["\x7f", *(chr(c) for c in range(0x80, 0xA0)), "\ufffe", "\uffff"]
_CONTROL += [chr(c) for c in range(0xD800, 0xE000)]
CONTROL_CHARS = frozenset(_CONTROL)
_STRIP_TABLE = {ord(c): None for c in CONTROL_CHARS}


def control_characters(text: str) -> list[tuple[int, str]]:
    """(line, 'U+000B') of every control character, one entry per line."""
    found: list[tuple[int, str]] = []
    if not CONTROL_CHARS.intersection(text):
        return found
    for number, line in enumerate(text.split("\n"), 1):
        bad = sorted({c for c in line if c in CONTROL_CHARS})
        if bad:
            found.append((number, ", ".join(f"U+{ord(c):04X}" for c in bad)))
    return found


def strip_control_characters(text: str) -> str:
    return text.translate(_STRIP_TABLE)


def read_source_text(data: bytes) -> str:
    """Text of a content file as both the gate and the build see it: UTF-8
    with one leading BOM removed (Notepad writes one). Raises
    UnicodeDecodeError for other encodings."""
    return data.decode("utf-8").removeprefix("\ufeff")
