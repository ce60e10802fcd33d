"""Open, clean and encode photos with Pillow.

Runs inside worker processes, so nothing here logs or touches Pelican: problems
come back as `Note`s (severity, code, details) and the build reports them in
Bahasa Indonesia with the article's file name.

Privacy: every image written here is a fresh encode of pixels only. The camera
orientation is applied first (ImageOps.exif_transpose), colours are converted to
sRGB, then `info` is emptied so no EXIF (GPS, serial, owner), XMP, IPTC,
comment or ICC profile can be carried into the output by Pillow's encoders.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass, field
from typing import cast

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Major brands of HEIF files from phones (iPhone: heic/mif1). AVIF shares the
# container, so a file that lists "avif" among its brands is not refused here.
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}

ENCODERS = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
WHITE = (255, 255, 255)
# Only JPEG can be decoded at a reduced scale (`draft`: 1/2, 1/4 or 1/8 in
# the DCT), so only a JPEG may be as large as MEDIA_MAX_PIXELS. Any other
# format is decoded in full: 50 MP of 8-bit RGBA is 200 MB per copy, and a
# few copies (alpha flattening, colour conversion, the first resize) stay
# well under bench/peak_rss.py's 1 GB per worker.
MAX_PIXELS_FULL_DECODE = 50_000_000


class PhotoError(Exception):
    """A file that cannot become a web photo; `code` selects the author message."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class Opened:
    image: Image.Image
    # Size of the photo as the camera meant it (after orientation), before any
    # draft reduction: what the author's file really is.
    width: int
    height: int
    notes: list = field(default_factory=list)


def is_heif(path: str) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(64)
    if head[4:8] != b"ftyp":
        return False
    brands = {head[i : i + 4] for i in range(8, min(len(head), 40), 4)}
    if b"avif" in brands or b"avis" in brands:
        return False
    return head[8:12] in HEIF_BRANDS or bool(brands & {b"heic", b"heix"})


def _oriented_size(im: Image.Image) -> tuple[int, int]:
    try:
        orientation = im.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block must not stop the photo
        orientation = 1
    w, h = im.size
    return (h, w) if orientation in (5, 6, 7, 8) else (w, h)


def _is_srgb(profile_bytes: bytes) -> bool:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes))
        description = ImageCms.getProfileDescription(profile) or ""
    except (OSError, ImageCms.PyCMSError):
        return True  # unreadable profile: treat the pixels as sRGB
    return "srgb" in description.lower().replace(" ", "")


def _to_srgb(im: Image.Image, icc: bytes | None, output_mode: str) -> Image.Image:
    if icc and not (output_mode == "RGB" and im.mode == "RGB" and _is_srgb(icc)):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                im, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
            )
            # Without inPlace, Pillow always returns the new image.
            assert converted is not None
            return converted
        except (OSError, ValueError, ImageCms.PyCMSError):
            pass  # fall back to Pillow's plain conversion below
    return im if im.mode == output_mode else im.convert(output_mode)


def open_photo(  # noqa: C901 - every refusal and warning about one photo, in decoding order
    path: str,
    *,
    need: int = 1440,
    warn_pixels: int = 40_000_000,
    max_pixels: int = 250_000_000,
    min_width: int = 600,
) -> Opened:
    """Read a photo as upright sRGB RGB pixels with no metadata attached.

    JPEGs are decoded at a reduced scale (`draft`) when that still leaves at
    least `need` pixels on each side: a 50 MP photo then costs about as much
    as a 3 MP one, in time and memory."""
    if not os.path.isfile(path):
        raise PhotoError("missing")
    if is_heif(path):
        raise PhotoError("heic")
    # Our own limit is the rule; Pillow's bomb check (2x MAX_IMAGE_PIXELS) is a backstop.
    Image.MAX_IMAGE_PIXELS = max_pixels
    notes = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im: Image.Image = Image.open(path)
            # Before anything reads EXIF: Pillow's PNG getexif() decodes the
            # whole image to look for an eXIf chunk after the pixels.
            width, height = im.size
            if width * height > max_pixels:
                raise PhotoError("too-large", f"{width}×{height}")
            if im.format != "JPEG" and width * height > MAX_PIXELS_FULL_DECODE:
                raise PhotoError(
                    "too-large",
                    f"{width}×{height} piksel {im.format or ''}; selain JPEG paling besar "
                    f"{MAX_PIXELS_FULL_DECODE // 1_000_000} MP",
                )
            width, height = _oriented_size(im)
            if im.format == "JPEG" and im.mode in ("RGB", "L", "CMYK"):
                im.draft(None, (need, need))
            icc = im.info.get("icc_profile")
            mode = im.mode
            try:
                # In place: an upright photo is not copied (50 MP RGBA = 200 MB).
                ImageOps.exif_transpose(im, in_place=True)
            except (SyntaxError, ValueError, KeyError, TypeError):
                im.load()  # a broken EXIF block: keep the pixels as stored
            im.load()
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("too-large") from None
    except UnidentifiedImageError:
        raise PhotoError("unreadable") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError("corrupt", str(exc)[:120]) from None

    if width * height > warn_pixels:
        notes.append(("warning", "huge", {"width": width, "height": height}))

    if mode == "CMYK":
        notes.append(("warning", "cmyk", {}))
        im = _to_srgb(im, icc, "RGB")
    elif im.mode in ("RGBA", "LA", "PA", "P") or (im.mode == "RGB" and "transparency" in im.info):
        # One full-size copy at a time: the decoded file is dropped as soon
        # as its RGBA form exists, and the alpha band is used in place.
        rgba = im if im.mode == "RGBA" else im.convert("RGBA")
        del im
        if icc:
            rgba = _to_srgb(rgba, icc, "RGBA")
        # An RGBA image has four bands, each (min, max): the alpha band is the last.
        bands = cast("tuple[tuple[int, int], ...]", rgba.getextrema())
        if bands[3][0] < 255:
            notes.append(("warning", "alpha", {}))
        im = Image.new("RGB", rgba.size, WHITE)
        im.paste(rgba, mask=rgba)
        del rgba
    else:
        if im.mode in ("I;16", "I;16B", "I;16L", "I"):
            im = im.point(lambda v: v / 256).convert("L")
        im = _to_srgb(im, icc, "RGB")

    if width < min_width:
        notes.append(("warning", "small", {"width": width, "min": min_width}))
    im.info = {}
    return Opened(im, width, height, notes)


def responsive_widths(source_width: int, widths: list[int]) -> list[int]:
    """The standard widths the photo can fill, never enlarging it. A photo
    between two steps also gets its own width, unless that is within 20% of
    the step below (not worth a file)."""
    fitting = [w for w in sorted(widths) if w <= source_width]
    if not fitting or (source_width < max(widths) and source_width > fitting[-1] * 1.2):
        fitting.append(source_width)
    return fitting


def resize_to_width(im: Image.Image, width: int) -> Image.Image:
    if width == im.width:
        out = im.copy()
    else:
        height = max(1, round(im.height * width / im.width))
        out = im.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    out.info = {}
    return out


def encode(im: Image.Image, fmt: str, quality: int, *, avif_speed: int = 7) -> bytes:
    """Pixels only: no exif/icc/xmp/comment arguments, and `info` is empty."""
    im.info = {}
    buf = io.BytesIO()
    if fmt == "jpeg":
        im.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
    elif fmt == "webp":
        im.save(buf, "WEBP", quality=quality, method=4)
    elif fmt == "avif":
        # One thread: the build already runs one worker process per core.
        im.save(buf, "AVIF", quality=quality, speed=avif_speed, max_threads=1)
    else:
        raise ValueError(f"unknown format {fmt}")
    return buf.getvalue()


def encode_within(
    im: Image.Image, fmt: str, quality: int, budget: int | None, *, avif_speed: int = 7
) -> tuple[bytes, int]:
    """Encode; if a budget applies and is exceeded, step the quality down."""
    data = encode(im, fmt, quality, avif_speed=avif_speed)
    while budget and len(data) > budget and quality > 30:
        quality -= 8
        data = encode(im, fmt, quality, avif_speed=avif_speed)
    return data, quality


def crop_box(size: tuple[int, int], target: tuple[int, int], focus: tuple[float, float]):
    """The largest box of the target's aspect ratio inside `size`, centred on
    the focal point as far as the edges allow."""
    w, h = size
    tw, th = target
    ratio = tw / th
    cw: float
    ch: float
    if w / h > ratio:
        cw, ch = h * ratio, h
    else:
        cw, ch = w, w / ratio
    fx, fy = focus
    left = min(max(fx * w - cw / 2, 0), w - cw)
    top = min(max(fy * h - ch / 2, 0), h - ch)
    return (left, top, left + cw, top + ch)


def social_crop(im: Image.Image, target: tuple[int, int], focus: tuple[float, float]):
    box = crop_box(im.size, target, focus)
    out = im.resize(target, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    out.info = {}
    return out


def encode_social_jpeg(im: Image.Image, quality: int) -> bytes:
    """Baseline sRGB JPEG, the format every platform (Instagram included) takes."""
    im = im if im.mode == "RGB" else im.convert("RGB")
    im.info = {}
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, optimize=True, progressive=False)
    return buf.getvalue()
