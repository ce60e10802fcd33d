"""Small pure functions of the media pipeline, as tables of (input, expected)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from plugins.media import imaging, markup, plan, video


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Qm7hT2vLx9A", "Qm7hT2vLx9A"),
        ("https://www.youtube.com/watch?v=Qm7hT2vLx9A", "Qm7hT2vLx9A"),
        ("https://www.youtube.com/watch?feature=share&v=Qm7hT2vLx9A&t=30", "Qm7hT2vLx9A"),
        ("youtube.com/watch?v=Qm7hT2vLx9A", "Qm7hT2vLx9A"),
        ("https://youtu.be/Qm7hT2vLx9A?si=abc", "Qm7hT2vLx9A"),
        ("https://m.youtube.com/watch?v=Qm7hT2vLx9A", "Qm7hT2vLx9A"),
        ("https://www.youtube.com/shorts/Qm7hT2vLx9A", "Qm7hT2vLx9A"),
        ("https://www.youtube.com/live/Qm7hT2vLx9A", "Qm7hT2vLx9A"),
        ("https://www.youtube-nocookie.com/embed/Qm7hT2vLx9A", "Qm7hT2vLx9A"),
        ("<https://youtu.be/Qm7hT2vLx9A>", "Qm7hT2vLx9A"),
        ("https://vimeo.com/12345", None),
        ("https://www.youtube.com/channel/UCabc", None),
        ("https://evil.example/watch?v=Qm7hT2vLx9A", None),
        ("Qm7hT2vLx9", None),
        ("", None),
    ],
)
def test_youtube_id(value, expected):
    assert video.youtube_id(value) == expected


def test_uploaded_video_hook_accepts_mapping_or_callable():
    assert video.uploaded_video_id({"MEDIA_UPLOADED_VIDEOS": {"a": "Qm7hT2vLx9A"}}, "a")
    assert video.uploaded_video_id({"MEDIA_UPLOADED_VIDEOS": {"a": "bad id"}}, "a") is None
    lookup = {"b": "Qm7hT2vLx9A"}.get
    assert video.uploaded_video_id({"MEDIA_UPLOADED_VIDEOS": lookup}, "b") == "Qm7hT2vLx9A"
    assert video.uploaded_video_id({"MEDIA_UPLOADED_VIDEOS": lookup}, "c") is None
    assert video.uploaded_video_id({}, "a") is None


@pytest.mark.parametrize(
    "value, expected, ok",
    [
        (None, (0.5, 0.5), True),
        ("0.5, 0.3", (0.5, 0.3), True),
        ("0.25 0.75", (0.25, 0.75), True),
        ("50%, 30%", (0.5, 0.3), True),
        ("1, 0", (1.0, 0.0), True),
        ("0,5, 0,3", (0.5, 0.5), False),
        ("1.2, 0.3", (0.5, 0.5), False),
        ("tengah", (0.5, 0.5), False),
    ],
)
def test_parse_focus(value, expected, ok):
    assert plan.parse_focus(value) == (expected, ok)


@pytest.mark.parametrize(
    "source, expected",
    [
        (4000, [360, 720, 1080, 1440]),
        (1440, [360, 720, 1080, 1440]),
        (1200, [360, 720, 1080]),
        (900, [360, 720, 900]),
        (500, [360, 500]),
        (300, [300]),
    ],
)
def test_responsive_widths_never_enlarge(source, expected):
    assert imaging.responsive_widths(source, [360, 720, 1080, 1440]) == expected


@pytest.mark.parametrize(
    "size, target, focus, expected",
    [
        ((3000, 2000), (1080, 1080), (0.5, 0.5), (500, 0, 2500, 2000)),
        ((3000, 2000), (1080, 1080), (0.0, 0.5), (0, 0, 2000, 2000)),
        ((3000, 2000), (1080, 1080), (0.9, 0.5), (1000, 0, 3000, 2000)),
        ((2000, 3000), (1200, 630), (0.5, 0.2), (0, 75, 2000, 1125)),
    ],
)
def test_crop_box_follows_the_focal_point(size, target, focus, expected):
    box = tuple(round(v) for v in imaging.crop_box(size, target, focus))
    assert box == expected


def test_heif_is_recognised_but_avif_is_not_mistaken_for_it(tmp_path):
    heic = tmp_path / "a.heic"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 16)
    assert imaging.is_heif(str(heic))
    avif = tmp_path / "a.avif"
    Image.new("RGB", (16, 16), "red").save(avif, "AVIF")
    assert not imaging.is_heif(str(avif))
    jpeg = tmp_path / "a.jpg"
    Image.new("RGB", (16, 16), "red").save(jpeg, "JPEG")
    assert not imaging.is_heif(str(jpeg))


def test_encoders_write_no_metadata_even_when_the_image_carries_it():
    im = Image.new("RGB", (64, 48), "blue")
    im.info.update({"comment": b"rahasia", "icc_profile": b"x" * 10, "exif": b"Exif\x00\x00"})
    for fmt in ("jpeg", "webp", "avif"):
        data = imaging.encode(im, fmt, 70)
        assert b"rahasia" not in data and b"Exif\x00\x00" not in data, fmt
        with Image.open(io.BytesIO(data)) as out:
            assert not out.info.get("icc_profile") and not out.getexif(), fmt


def test_budget_lowers_quality_until_it_fits():
    noisy = Image.effect_noise((720, 480), 20).convert("RGB")
    data, quality = imaging.encode_within(noisy, "jpeg", 90, 60_000)
    assert len(data) <= 60_000 and quality < 90
    assert imaging.encode_within(noisy, "jpeg", 90, None)[1] == 90


def test_rewrite_keeps_other_images_and_attributes():
    html = '<p><img alt="a" src="x.jpg" title="t"> <img src="y.svg"/></p>'
    out = markup.rewrite_images(html, lambda a: "<picture/>" if a["src"] == "x.jpg" else None)
    assert out == '<p><picture/> <img src="y.svg"/></p>'
    assert markup.find_images(html)[0] == {"alt": "a", "src": "x.jpg", "title": "t"}
