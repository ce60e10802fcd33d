"""The pre-upload check: real video containers pass, LFS pointers and others do not."""

from __future__ import annotations

import pytest

from syndicate.videofile import is_video_container, lfs_pointer, video_container

TS_PACKET = b"\x47" + b"\x00" * 187


@pytest.mark.parametrize(
    ("head", "container"),
    [
        (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "mp4/mov"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "mp4/mov"),
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x00mdat", "mp4/mov"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01", "matroska/webm"),
        (b"RIFF\x00\x10\x00\x00AVI LIST", "avi"),
        (b"FLV\x01\x05\x00\x00\x00\x09", "flv"),
        (bytes.fromhex("3026B2758E66CF11A6D900AA0062CE6C") + b"\x00" * 8, "asf/wmv"),
        (b"\x00\x00\x01\xba\x44\x00\x04\x00", "mpeg"),
        (TS_PACKET * 3, "mpeg-ts"),
        (b"<!doctype html><title>404</title>", None),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", None),  # a JPEG poster, not the video
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", None),  # a phone photo (HEIC)
        (b"", None),
    ],
)
def test_containers(tmp_path, head, container):
    path = tmp_path / "video.bin"
    path.write_bytes(head + b"\x00" * 64)
    assert video_container(path) == container
    assert is_video_container(path) is (container is not None)


def test_lfs_pointer(tmp_path):
    pointer = tmp_path / "apel.mp4"
    pointer.write_text(
        "version https://git-lfs.github.com/spec/v1\n"
        "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
        "size 12345678\n"
    )
    assert lfs_pointer(pointer) and not is_video_container(pointer)
    real = tmp_path / "real.mp4"
    real.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"version https://git-lfs" * 100)
    assert not lfs_pointer(real)
    assert not lfs_pointer(tmp_path / "missing.mp4")


@pytest.mark.parametrize(
    ("head", "problem"),
    [
        (b"FLV\x01\x05\x00\x00\x00\x09", None),
        (bytes.fromhex("3026B2758E66CF11A6D900AA0062CE6C") + b"\x00" * 8, None),
        (TS_PACKET * 3, None),
        (b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00", "video-not-video"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 9\n", "video-lfs"),
    ],
)
def test_build_and_adapter_share_one_rule(tmp_path, head, problem):
    """The media plugin's VideoFile check and the YouTube adapter's pre-upload
    check are the same function, so a file the build accepts is uploaded."""
    from plugins.media.video import check_video_file
    from syndicate.adapters.youtube import UPLOAD_REFUSALS
    from syndicate.videofile import video_file_problem

    path = tmp_path / "klip.bin"
    path.write_bytes(head)
    assert video_file_problem(path) == problem
    checked = check_video_file(path, "videos/klip.bin")
    assert (checked is None) is (problem is None)
    if problem:
        assert checked[0] == problem and "Cara memperbaiki:" in checked[1]
        assert str(path) in UPLOAD_REFUSALS[problem].format(path=path)
    assert video_file_problem(tmp_path / "absent.mp4") == "video-missing"
