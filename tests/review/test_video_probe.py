"""The review package's video facts, read from a real file by ffprobe and
ffmpeg, and what the Kepala reads when the checking machine has neither."""

from __future__ import annotations

from PIL import Image

from review.package import _video_lines
from review.previews import _size_text, poster_frame, probe_video
from tests._support.video import require_ffmpeg, tiny_video


def test_duration_and_resolution_come_from_the_file(tmp_path):
    video = tiny_video(tmp_path / "rapat.mp4", seconds=3, width=320, height=240)
    assert probe_video(video) == {"duration": "0:03 menit", "resolution": "320×240"}
    long = tiny_video(tmp_path / "panjang.mp4", seconds=65, width=160, height=90, rate=1)
    assert probe_video(long) == {"duration": "1:05 menit", "resolution": "160×90"}


def test_poster_frame_is_a_small_jpeg(tmp_path):
    video = tiny_video(tmp_path / "rapat.mp4", seconds=3, width=320, height=240)
    target = tmp_path / "out" / "video-frame.jpg"
    assert poster_frame(video, target)
    with Image.open(target) as picture:
        assert picture.format == "JPEG" and picture.size == (640, 480)


def test_a_file_that_is_not_a_video_is_said_so(tmp_path):
    require_ffmpeg()  # ffprobe reads the file and says it is no video
    fake = tmp_path / "bukan.mp4"
    fake.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4000)
    assert probe_video(fake) == {"note": "berkas tidak terbaca sebagai video oleh ffprobe"}
    assert not poster_frame(fake, tmp_path / "frame.jpg")


def test_without_ffprobe_the_package_says_why_in_indonesian(tmp_path, monkeypatch):
    video = tmp_path / "rapat.mp4"
    video.write_bytes(b"\x00" * 2_500_000)
    monkeypatch.setenv("PATH", str(tmp_path / "kosong"))
    info = probe_video(video)
    assert set(info) == {"note"}
    assert "ffprobe tidak terpasang" in info["note"]
    assert "apt-get install ffmpeg" in info["note"]
    assert not poster_frame(video, tmp_path / "frame.jpg")
    lines = _video_lines(
        {"file": "content/videos/rapat.mp4", "size_text": _size_text(2_500_000), **info},
        lambda path: path,
    )
    text = "\n".join(lines)
    assert "- Berkas: `content/videos/rapat.mp4` (2,5 MB)" in text
    assert "- Catatan: durasi dan resolusi tidak dibaca karena ffprobe tidak terpasang" in text
    assert "Durasi" not in text and "Resolusi" not in text
