"""Fetch and inspect images the way Instagram's media crawler does.

Instagram downloads ``image_url`` itself, so a URL that works in the author's
browser but not from outside (or a PNG, or a too-tall photo) only fails at
publish time. The sandbox really fetches the URL and applies the documented
rules, so the engine meets those failures in tests.

Rules: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#image-specifications
(JPEG only, at most 8 MB, aspect ratio between 4:5 and 1.91:1).
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MIN_RATIO = 4 / 5
MAX_RATIO = 1.91


@dataclass
class ImageInfo:
    format: str
    width: int
    height: int
    size: int
    content_type: str

    @property
    def ratio(self) -> float:
        return self.width / self.height


class ImageRejected(Exception):
    """The image breaks a platform rule; ``reason`` names which one."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# No proxies: the sandbox fetches from loopback test servers, and an
# environment proxy must not intercept those requests.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str, *, timeout: float, max_bytes: int) -> bytes:
    if not url.lower().startswith(("http://", "https://")):
        raise ImageRejected("unreachable", f"unsupported URL scheme in {url!r}")
    request = urllib.request.Request(
        url, headers={"User-Agent": "facebookexternalhit/1.1 (sandbox)"}
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ImageRejected("too_large", f"image is {declared} bytes, over {max_bytes}")
            data = response.read(max_bytes + 1)
    except ImageRejected:
        raise
    except urllib.error.HTTPError as error:
        raise ImageRejected("unreachable", f"HTTP {error.code} fetching the image") from None
    except TimeoutError:
        raise ImageRejected("timeout", "timed out fetching the image") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ImageRejected("unreachable", f"could not fetch the image: {error}") from None
    if len(data) > max_bytes:
        raise ImageRejected("too_large", f"image is over {max_bytes} bytes")
    return data


def inspect(data: bytes, content_type: str = "") -> ImageInfo:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format or ""
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        raise ImageRejected("not_image", "the data is not an image") from None
    return ImageInfo(image_format, width, height, len(data), content_type)


def check_instagram_image(url: str, *, timeout: float, max_bytes: int) -> ImageInfo:
    info = inspect(fetch(url, timeout=timeout, max_bytes=max_bytes))
    if info.format != "JPEG":
        raise ImageRejected("not_jpeg", f"image format {info.format or 'unknown'} is not JPEG")
    # A little tolerance, as Instagram rounds 1080x1350 and 1080x566 to the limits.
    if not (MIN_RATIO - 0.001 <= info.ratio <= MAX_RATIO + 0.001):
        raise ImageRejected(
            "aspect_ratio", f"aspect ratio {info.width}:{info.height} is outside 4:5..1.91:1"
        )
    return info
