"""Fixtures for the FBS gate: a throw-away content folder with a valid
article, photos made with Pillow, and a runner over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from plugins.fbs.config import Config
from plugins.fbs.runner import Context, run

REPO = Path(__file__).resolve().parents[2]

BASE_FIELDS = {
    "Title": "Sosialisasi Disiplin PNS di Kabupaten Alor",
    "Date": "2026-11-20 09:00",
    "Category": "Kegiatan",
    "Tags": "PNS, disiplin, Alor",
    "Summary": "BKD Provinsi NTT menggelar sosialisasi disiplin PNS bagi pegawai "
    "di Kabupaten Alor pada Jumat pagi.",
    "Image": "images/alor.jpg",
    "ImageAlt": "Peserta sosialisasi disiplin PNS mendengarkan narasumber di aula",
    "ImageCredit": "Foto: Humas BKD NTT",
}
BASE_BODY = (
    "Badan Kepegawaian Daerah Provinsi NTT menggelar sosialisasi disiplin pegawai di "
    "Kalabahi. Kegiatan ini diikuti oleh pegawai dari sekolah dan kantor di Kabupaten Alor.\n"
)


def make_photo(path: Path, size=(1620, 1080), *, gps=False, serial=False, mode="RGB", fmt=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    colour = {"RGB": (200, 120, 40), "RGBA": (200, 120, 40, 0), "CMYK": (0, 60, 90, 10)}[mode]
    img = Image.new(mode, size, colour)
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "S", 2: (10.0, 9.0, 30.0), 3: "E", 4: (123.0, 35.0, 0.0)}
    if serial:
        exif[0x8769] = {0xA431: "SN1234567"}
    kwargs = {"exif": exif.tobytes()} if (gps or serial) else {}
    img.save(path, fmt, **kwargs)
    return path


def render_article(fields: dict | None = None, body: str | None = None, drop=()) -> str:
    merged = {**BASE_FIELDS, **(fields or {})}
    lines = [f"{k}: {v}" for k, v in merged.items() if k not in drop and v is not None]
    return "\n".join(lines) + "\n\n" + (BASE_BODY if body is None else body)


class Site:
    """A content folder inside a git-less repository root."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        (self.content / "articles").mkdir(parents=True)
        shutil.copy(REPO / "content" / "taxonomy.toml", self.content / "taxonomy.toml")
        make_photo(self.content / "images" / "alor.jpg")

    def article(self, name="artikel.md", fields=None, body=None, drop=(), raw=None) -> Path:
        path = self.content / "articles" / name
        if raw is not None:
            path.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
        else:
            path.write_text(render_article(fields, body, drop), encoding="utf-8")
        return path

    def check(self, *paths, spelling=False, repo_checks=False, **config):
        ctx = Context(Config(spelling=spelling, **config), repo_root=self.root)
        return run(list(paths) or [self.content], ctx, repo_checks=repo_checks)


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "repo")


@pytest.fixture
def photo():
    """make_photo(path, size=..., gps=..., serial=..., mode=...)."""
    return make_photo
