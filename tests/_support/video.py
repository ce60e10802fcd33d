"""A tiny real video for the tests that read one (ffprobe, a poster frame).

Made with ffmpeg's own test pattern, so no video file is committed. ffmpeg is
in .ci/run: in CI a missing ffmpeg fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def require_ffmpeg() -> str:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None or shutil.which("ffprobe") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ffmpeg is required in CI (.ci/run installs it)", pytrace=False)
        pytest.skip("ffmpeg is not installed (apt-get install ffmpeg)")
    return ffmpeg


def tiny_video(
    path: Path, *, seconds: int = 3, width: int = 320, height: int = 240, rate: int = 10
) -> Path:
    """An H.264 MP4 of `seconds` at `rate` frames per second (a few kB)."""
    ffmpeg = require_ffmpeg()
    path.parent.mkdir(parents=True, exist_ok=True)
    source = f"testsrc=duration={seconds}:size={width}x{height}:rate={rate}"
    encode = ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast"]
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", source, *encode, str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return path
