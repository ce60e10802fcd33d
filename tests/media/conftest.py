"""Fixtures for the media pipeline: generated photos with known metadata, and
small real Pelican sites built from them."""

from __future__ import annotations

import io
import json
import locale
import random
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw, ImageFilter

REPO = Path(__file__).resolve().parents[2]

# Values planted in the test photos; none may appear in anything published.
SECRETS = {
    "serial": "SN-RAHASIA-4711",
    "owner": "Budi Pemilik Kamera",
    "artist": "Fotografer Rahasia",
    "comment": "komentar-rahasia-kamera",
    "xmp": "xmp-rahasia-lokasi",
}
# Media builds need neither search, compression nor the FBS build warnings
# (tests/fbs covers those); the FBS lines would also interleave with the
# media messages these tests read.
FAST_SETTINGS = {
    "SEARCH_PAGEFIND": False,
    "COMPRESS_ENABLED": False,
    "MEDIA_WORKERS": 1,
    "FBS_ENABLED": False,
}


def photo_pixels(size, seed=1) -> Image.Image:
    """A photo-like picture: smooth colour fields, shapes and grain, so the
    encoders face realistic detail (flat test images compress unrealistically)."""
    rnd = random.Random(seed)
    w, h = size
    small = Image.frombytes("RGB", (8, 6), bytes(rnd.randrange(256) for _ in range(8 * 6 * 3)))
    im = small.resize(size, Image.BICUBIC)
    draw = ImageDraw.Draw(im)
    for _ in range(60):
        x, y = rnd.randrange(w), rnd.randrange(h)
        r = rnd.randrange(max(4, w // 40), max(5, w // 6))
        draw.ellipse((x, y, x + r, y + r * 0.7), fill=tuple(rnd.randrange(256) for _ in range(3)))
    im = im.filter(ImageFilter.GaussianBlur(1.5))
    noise = Image.effect_noise(size, 30).convert("RGB")
    return Image.blend(im, noise, 0.12)


def camera_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KameraKu"  # Make
    exif[0x0110] = "Model X100"  # Model
    exif[0x013B] = SECRETS["artist"]  # Artist
    if orientation:
        exif[0x0112] = orientation
    sub = exif.get_ifd(0x8769)
    sub[0xA431] = SECRETS["serial"]  # BodySerialNumber
    sub[0xA430] = SECRETS["owner"]  # CameraOwnerName
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (10.0, 9.0, 36.0)  # Kupang
    gps[3] = "E"
    gps[4] = (123.0, 35.0, 24.0)
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def write_camera_jpeg(path: Path, size=(2400, 1600), *, orientation=None, seed=1) -> Path:
    """A JPEG as a phone writes it: GPS, serial, owner, comment, XMP, ICC."""
    im = photo_pixels(size, seed)
    # Left third pure red: after orientation 6 (rotate 90° clockwise for
    # display) the red band must be at the top of the published image.
    ImageDraw.Draw(im).rectangle((0, 0, size[0] // 3, size[1]), fill=(255, 0, 0))
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(
        path,
        "JPEG",
        quality=92,
        exif=camera_exif(orientation).tobytes(),
        comment=SECRETS["comment"].encode(),
        xmp=f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{SECRETS["xmp"]}</x:xmpmeta>'.encode(),
        icc_profile=srgb_profile(),
    )
    return path


def write_plain_jpeg(path: Path, size, seed=2, **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    photo_pixels(size, seed).save(path, "JPEG", quality=90, **kw)
    return path


def article(title, *, category="Kegiatan", date="2026-10-01 09:00", extra="", body="Isi."):
    return (
        f"Title: {title}\nDate: {date}\nCategory: {category}\n"
        f"Summary: Ringkasan artikel uji untuk pipeline media.\n{extra}\n{body}\n"
    )


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def media_stats(output: Path) -> dict:
    return json.loads((output.parent / "media" / "last-build.json").read_text())


def run_in_process(content: Path, output: Path, extra: dict | None = None):
    """Build with Pelican in this process and return the published articles,
    so tests can read the attributes the plugin sets on them."""
    from pelican import Pelican, signals
    from pelican.generators import ArticlesGenerator
    from pelican.settings import read_settings

    captured = {}

    def capture(generators):
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                captured["articles"] = generator.articles

    signals.all_generators_finalized.connect(capture)
    # Pelican applies LOCALE ("C") process-wide; put the session's back so
    # other tests keep decoding files as UTF-8.
    saved_locale = locale.setlocale(locale.LC_ALL)
    try:
        override = {
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(output.parent / "pelican-cache"),
            **FAST_SETTINGS,
            **(extra or {}),
        }
        settings = read_settings(str(REPO / "pelicanconf.py"), override=override)
        Pelican(settings).run()
    finally:
        signals.all_generators_finalized.disconnect(capture)
        locale.setlocale(locale.LC_ALL, saved_locale)
    return {a.source_path.rsplit("/", 1)[-1][:-3]: a for a in captured["articles"]}


@pytest.fixture(scope="session")
def mt():
    """The helpers above, for test modules (importlib mode has no sibling imports)."""
    return sys.modules[__name__]
