"""FBS-9.token: no account token is ever committed, wherever it hides.

A token is looked for in every file, in each of these readings:
  - the text as written, and in the normal form of normalize.py;
  - with wrapped lines joined (a token broken over two lines);
  - URL-decoded (`%3DEAA…`);
  - inside base64 runs of plausible length, decoded;
  - in the text metadata of photos and documents: EXIF, XMP, PNG text
    chunks, JPEG comments (through Pillow) and the PDF Info dictionary.
Large or binary files are read in overlapping chunks, never skipped.
Messages show only the first characters of what was found.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
from pathlib import Path
from urllib.parse import unquote

from ..findings import ERROR, Finding
from ..masking import mask
from ..normalize import Mapped, identity, normalize, rewrite

NOT_ALNUM_BEFORE = r"(?<![A-Za-z0-9])"
# Shapes of the secrets this project handles (never the secrets themselves).
# A token may follow `_` or any punctuation (TOKEN_EAA…), so the left edge is
# "no letter or digit", not a word boundary.
TOKEN_PATTERNS = [
    ("token Facebook/Instagram", re.compile(NOT_ALNUM_BEFORE + r"EAA[A-Za-z0-9]{30,}")),
    ("token akses Google", re.compile(NOT_ALNUM_BEFORE + r"ya29\.[0-9A-Za-z_\-]{20,}")),
    ("refresh token Google", re.compile(r"(?<![\w/])1//0[0-9A-Za-z_\-]{30,}")),
    ("kunci API Google", re.compile(NOT_ALNUM_BEFORE + r"AIza[0-9A-Za-z_\-]{35}")),
    ("client secret Google", re.compile(NOT_ALNUM_BEFORE + r"GOCSPX-[0-9A-Za-z_\-]{20,}")),
    ("bearer token X", re.compile(r"A{20,}[A-Za-z0-9]*%[0-9A-F]{2}[A-Za-z0-9%]{20,}")),
    (
        "access token X",
        re.compile(
            r"(?<![\w-])\d{6,20}-(?=[a-z0-9]*[A-Z])(?=[A-Z0-9]*[a-z])[A-Za-z0-9]{40}(?![A-Za-z0-9])"
        ),
    ),
]
TOKEN_PREFILTER = re.compile(r"EAA|ya29\.|1//0|AIza|GOCSPX-|AAAAAAAAAAAAAAAAAAAA|\d{6}-")
# The same test, fast: literal searches run in C, and an X access token's
# dash followed by 40 letters and digits is found from the literal dash.
TOKEN_LITERALS = ("EAA", "ya29.", "1//0", "AIza", "GOCSPX-", "AAAAAAAAAAAAAAAAAAAA")
X_TOKEN_TAIL = re.compile(r"-[A-Za-z0-9]{40}")


def may_hold_token(text: str) -> bool:
    return any(lit in text for lit in TOKEN_LITERALS) or bool(X_TOKEN_TAIL.search(text))


WRAP = re.compile(r"[ \t]*\r?\n[ \t>]*")
PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# Base64 of a token is at least 40 characters; much longer runs are images
# and fonts embedded as data, and are not decoded.
# Base64 wrapped over several lines (MIME-style, 76 columns or fewer).
BASE64_BLOCK = re.compile(r"(?m)(?:^[ \t>]*[A-Za-z0-9+/]{16,}={0,2}[ \t]*\r?\n){2,}")
BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{40,8192}={0,2}")

CHUNK = 1 << 20
OVERLAP = 4096
TEXT_LIMIT = 5_000_000  # above this a text file is also read in chunks
# Office documents are zip archives of XML: their text and properties
# (docProps/core.xml) are compressed, so a byte scan cannot see a token there.
ZIPPED_DOCUMENTS = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub"}
ZIP_READ_LIMIT = 20_000_000
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic"}
PDF_INFO = re.compile(
    rb"/(Title|Author|Subject|Keywords|Creator|Producer)\s*"
    rb"(\((?:\\.|[^\\)]){0,4000}\)|<[0-9A-Fa-f\s]{0,8000}>)"
)


def _message(label: str, value: str, where: str = "") -> str:
    return (
        f"Ada yang tampak seperti {label} ('{mask(value, 4, 0)}'){where}. Token akun yang "
        "ter-commit dapat dipakai siapa saja untuk memposting atas nama BKD."
    )


HINT = (
    "Hapus dari berkas, lalu minta admin SEGERA mencabut token itu dan membuat yang baru "
    "(token lama tetap ada di riwayat git). Token hanya disimpan sebagai secret di "
    "Environment GitHub, tidak pernah di berkas."
)


def _matches(text: str):
    if not may_hold_token(text):
        return
    for label, pattern in TOKEN_PATTERNS:
        for m in pattern.finditer(text):
            yield label, m


def _decoded_base64(run: str) -> str | None:
    padded = run + "=" * (-len(run) % 4)
    try:
        if "-" in run or "_" in run:
            data = base64.urlsafe_b64decode(padded)
        else:
            data = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not data:
        return None
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in data)
    if printable / len(data) < 0.9:
        return None
    return data.decode("latin-1")


def text_views(text: str, binary: bool = False) -> list[tuple[Mapped, str]]:
    """(reading, how it was read) pairs; every reading maps back to `text`.
    A binary file (read as Latin-1) gets no normal form: its bytes are not
    characters anyone reads."""
    views = [(identity(text), "")]
    if binary:
        # Photos and fonts: '%' and line breaks there are bytes, not text.
        return views
    if not text.isascii() or "&" in text:
        normal = normalize(text)
        if normal.anchors:
            views.append((normal, ""))
    if "\n" in text and may_hold_token(text.replace("\n", "")):
        views.append((rewrite(text, WRAP, lambda _m: ""), " (terpecah di beberapa baris)"))
    if "%" in text:
        decoded = rewrite(text, PERCENT_RUN, lambda m: unquote(m.group(), errors="replace"))
        if decoded.anchors:
            views.append((decoded, " (dalam bentuk URL-encoded)"))
    return views


def scan_text(text: str, shown: str, line_base: int = 0, binary: bool = False) -> list[Finding]:
    """Findings of one text; `line_base` is added to line numbers (chunks)."""
    found: dict[tuple[int, str], Finding] = {}

    def add(offset: int, label: str, value: str, where: str) -> None:
        line = line_base + text.count("\n", 0, offset) + 1
        if (line, label) not in found:
            found[(line, label)] = Finding(
                shown, line, "FBS-9.token", ERROR, _message(label, value, where), HINT
            )

    for view, where in text_views(text, binary):
        for label, m in _matches(view.text):
            add(view.source(m.start()), label, m.group(), where)
    runs = [] if binary else [(m.start(), m.group()) for m in BASE64_RUN.finditer(text)]
    if not binary and "\n" in text:
        runs += [(m.start(), re.sub(r"[\s>]", "", m.group())) for m in BASE64_BLOCK.finditer(text)]
    for start, run in runs:
        decoded = _decoded_base64(run)
        if decoded:
            for label, hit in _matches(unquote(decoded)):
                add(start, label, hit.group(), " (tersembunyi dalam base64)")
    return list(found.values())


def _chunks(path: Path):
    """(text, line number before it) of overlapping 1 MB pieces, as Latin-1
    (byte for byte: tokens are ASCII, and a UTF-8 text's lines stay right)."""
    lines_before = 0
    with path.open("rb") as f:
        carry = b""
        while True:
            data = f.read(CHUNK)
            if not data:
                if carry:
                    yield carry.decode("latin-1"), lines_before
                return
            piece = carry + data
            yield piece.decode("latin-1"), lines_before
            keep = piece[-OVERLAP:]
            lines_before += piece[: len(piece) - len(keep)].count(b"\n")
            carry = keep


def metadata_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) of the text metadata of a photo or a PDF."""
    suffix = path.suffix.lower()
    out = []
    if suffix in IMAGE_SUFFIXES:
        try:
            from PIL import Image

            with Image.open(path) as img:
                for key, value in (img.info or {}).items():
                    if isinstance(value, (str, bytes)) and key not in ("icc_profile", "exif"):
                        out.append((f"metadata {key}", _as_text(value)))
                exif = img.getexif()
                items = list(exif.items())
                for ifd in (0x8769, 0x8825, 0xA005):
                    with contextlib.suppress(KeyError, ValueError, TypeError):
                        items += list(exif.get_ifd(ifd).items())
                for tag, value in items:
                    if isinstance(value, (str, bytes)):
                        out.append((f"EXIF {tag:#06x}", _as_text(value)))
        except Exception:  # noqa: BLE001 - an unreadable photo is reported by FBS-7 checks
            pass
    elif suffix in ZIPPED_DOCUMENTS:
        out += _zipped_texts(path)
    elif suffix == ".pdf":
        try:
            with path.open("rb") as f:
                data = f.read(TEXT_LIMIT)
        except OSError:
            return out
        for m in PDF_INFO.finditer(data):
            out.append((f"PDF /{m.group(1).decode()}", _pdf_string(m.group(2))))
    return out


def _zipped_texts(path: Path) -> list[tuple[str, str]]:
    import zipfile

    out, budget = [], ZIP_READ_LIMIT
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.endswith((".xml", ".rels", ".txt")):
                    continue
                if info.file_size > budget:
                    break  # a zip bomb is not read to the end
                budget -= info.file_size
                with archive.open(info) as member:
                    data = member.read(info.file_size + 1)
                out.append((f"isi {info.filename}", data.decode("utf-8", "replace")))
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        pass
    return out


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    for prefix in (b"ASCII\0\0\0", b"UNICODE\0"):
        if value.startswith(prefix):
            body = value[len(prefix) :]
            return body.decode("utf-16-be" if prefix.startswith(b"U") else "latin-1", "replace")
    return value.decode("utf-8", "replace")


def _pdf_string(raw: bytes) -> str:
    if raw.startswith(b"<"):
        try:
            data = binascii.unhexlify(re.sub(rb"\s", b"", raw[1:-1]))
        except binascii.Error:
            return ""
    else:
        data = re.sub(
            rb"\\([nrtbf()\\]|[0-7]{1,3})",
            lambda m: (
                bytes([int(m.group(1), 8) & 0xFF])
                if m.group(1)[:1].isdigit()
                else {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(
                    m.group(1), m.group(1)
                )
            ),
            raw[1:-1],
        )
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    return data.decode("latin-1")


def scan_tokens(path: Path, shown: str) -> list[Finding]:
    try:
        size = path.stat().st_size
    except OSError:
        return []
    findings: list[Finding] = []
    try:
        with path.open("rb") as f:
            head = f.read(8192)
        binary = b"\0" in head
        if size <= TEXT_LIMIT and not binary:
            text = path.read_bytes().decode("utf-8", "replace")
            findings += scan_text(text, shown)
        else:
            seen = set()
            for text, lines_before in _chunks(path):
                for finding in scan_text(text, shown, lines_before, binary):
                    if (finding.line, finding.message) not in seen:
                        seen.add((finding.line, finding.message))
                        findings.append(finding)
    except OSError:
        return findings
    for label, m in _matches(shown):
        findings.append(
            Finding(
                shown,
                1,
                "FBS-9.token",
                ERROR,
                _message(label, m.group(), " di nama berkas ini"),
                HINT + " Ganti juga nama berkasnya.",
            )
        )
    already = {(f.message.split("'")[1]) for f in findings if "'" in f.message}
    for where, text in metadata_texts(path):
        for label, m in _matches(text):
            if mask(m.group(), 4, 0) in already:
                continue  # stored as plain text too, so the scan above found it
            findings.append(
                Finding(
                    shown,
                    1,
                    "FBS-9.token",
                    ERROR,
                    _message(label, m.group(), f" di {where} berkas ini"),
                    HINT + " Hapus metadata berkas (misalnya: exiftool -all= berkas).",
                )
            )
    return findings
