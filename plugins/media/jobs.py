"""Work done in worker processes, and the content-addressed cache it fills.

Cache layout under MEDIA_CACHE_PATH:

    photos/<key>/meta.json, w360.avif, w360.webp, w360.jpg, ...
        key = sha256(file bytes) + hash of the derivative parameters
    crops/<key>.jpg   social crops (Open Graph, Instagram, video poster)
        key = hash of (file digest, size, focal point, quality, version)
    cards/<key>.jpg   generated cards, key = hash of everything drawn on them

Entries are written to a temporary name and renamed, so an interrupted build
never leaves a half-written entry that a later build would trust. Nothing
depends on mtimes: a fresh clone with the cache folder restored hits the cache.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from . import cards, imaging

# Bump when derivative or crop processing changes in a way parameters do not show.
PHOTO_VERSION = 1
CROP_VERSION = 1


def file_digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def params_digest(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    # mkstemp makes 0600 files; published images must be readable by the web server.
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)


@dataclass
class CropSpec:
    kind: str  # "og" | "ig" | "square" | "poster" | "thumb"
    size: tuple[int, int]
    focus: tuple[float, float]
    key: str = ""
    # Social crops are one baseline JPEG. A card thumbnail is encoded in every
    # web format (JPEG last: its presence means the entry is complete), each
    # stepped down in quality until it fits `budget` bytes.
    formats: tuple[str, ...] = ("jpeg",)
    budget: int | None = None


@dataclass
class PhotoJob:
    source: str
    digest: str
    params: dict
    photo_dir: str  # cache folder of the derivatives (may already exist)
    crops: list[CropSpec] = field(default_factory=list)
    crop_dir: str = ""
    need_derivatives: bool = True


def crop_key(digest: str, spec: CropSpec, quality) -> str:
    payload = (
        f"{CROP_VERSION}|{digest}|{spec.size}|{spec.focus[0]:.4f},{spec.focus[1]:.4f}|{quality}"
    )
    if spec.formats != ("jpeg",) or spec.budget is not None:
        payload += f"|{','.join(spec.formats)}|{spec.budget}"
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


# A non-JPEG photo above this is decoded in full (hundreds of MB); only one
# such photo is processed at a time across all workers, so two of them can
# never add up (bench/peak_rss.py).
LARGE_FULL_DECODE_PIXELS = 20_000_000


@contextlib.contextmanager
def _large_photo_turn(job: PhotoJob):
    """Hold a lock in the media cache while a large non-JPEG is processed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(job.source)
        with im:
            large = im.format != "JPEG" and im.size[0] * im.size[1] > LARGE_FULL_DECODE_PIXELS
    except Exception:  # noqa: BLE001 - open_photo reports what is wrong with the file
        large = False
    if not large:
        yield
        return
    lock_path = Path(job.photo_dir).parent / ".large-photo.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def run_photo_job(job: PhotoJob) -> dict:
    """Decode one source once and write every missing derivative and crop.
    Returns {"ok", "code", "detail", "meta"}; never raises for a bad photo."""
    with _large_photo_turn(job):
        return _run_photo_job(job)


def _run_photo_job(job: PhotoJob) -> dict:
    p = job.params
    try:
        opened = imaging.open_photo(
            job.source,
            need=max(max(p["widths"]), 1440),
            warn_pixels=p["warn_pixels"],
            max_pixels=p["max_pixels"],
            min_width=p["min_width"],
        )
    except imaging.PhotoError as exc:
        return {"ok": False, "code": exc.code, "detail": exc.detail}
    im = opened.image
    meta: dict[str, Any] | None = None
    if job.need_derivatives:
        meta = {
            "width": opened.width,
            "height": opened.height,
            "notes": opened.notes,
            "variants": [],
        }
        out = Path(job.photo_dir)
        files: dict[str, bytes] = {}
        # Largest first, each step resized from the one before: cheaper than
        # resampling the full photo four times, and no visible difference.
        base = im
        for width in sorted(imaging.responsive_widths(im.width, p["widths"]), reverse=True):
            resized = base = imaging.resize_to_width(base, width)
            for fmt in p["formats"]:
                budget = p["budget_bytes"] if width in p["budget_widths"] else None
                data, quality = imaging.encode_within(
                    resized, fmt, p["quality"][fmt], budget, avif_speed=p["avif_speed"]
                )
                name = f"w{width}.{imaging.EXTENSIONS[fmt]}"
                files[name] = data
                meta["variants"].append(
                    {
                        "format": fmt,
                        "width": resized.width,
                        "height": resized.height,
                        "file": name,
                        "bytes": len(data),
                        "quality": quality,
                    }
                )
        # Write into a temporary folder, then rename: all or nothing.
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=".tmp-"))
        os.chmod(tmp, 0o777 & ~_umask())
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.replace(tmp, out)
        except OSError:  # another build wrote the same entry meanwhile
            for child in tmp.iterdir():
                child.unlink()
            tmp.rmdir()
    for spec in job.crops:
        crop = imaging.social_crop(im, spec.size, spec.focus)
        if spec.kind != "thumb":
            data = imaging.encode_social_jpeg(crop, p["social_quality"])
            _atomic_write(Path(job.crop_dir) / f"{spec.key}.jpg", data)
            continue
        for fmt in spec.formats:
            data, _quality = imaging.encode_within(
                crop, fmt, p["quality"][fmt], spec.budget, avif_speed=p["avif_speed"]
            )
            _atomic_write(Path(job.crop_dir) / f"{spec.key}.{imaging.EXTENSIONS[fmt]}", data)
    return {"ok": True, "meta": meta}


@dataclass
class CardJob:
    kind: str
    fields: dict
    fonts: tuple[str, str]
    quality: int
    target: str


def run_card_job(job: CardJob) -> str:
    im = cards.render_card(
        job.kind, **job.fields, font_bold=job.fonts[0], font_regular=job.fonts[1]
    )
    _atomic_write(Path(job.target), imaging.encode_social_jpeg(im, job.quality))
    return job.target


def run_card_batch(batch: list[CardJob]) -> int:
    for job in batch:
        run_card_job(job)
    return len(batch)
