"""Nothing outside content/ reaches the site, and one bad article never stops it.

One production build (publishconf.py, --fatal errors, as `make publish`) of
the hostile corpus in tests/security/hostile_paths/, plus what git cannot
carry: canary files outside content/, symlinks, a hard link, a camera photo
saved as .jfif and a 50+ MP PNG. The build must report every bad file with
its line, fail without a traceback, and still leave nothing from outside
content/ in output/.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).with_name("hostile_paths") / "content"

CANARY = "KENARI-RAHASIA-7f3a9c"
ENV_CANARY = "KENARI-LINGKUNGAN-51be02"
FAST = {
    "SEARCH_PAGEFIND": False,
    "COMPRESS_ENABLED": False,
    "MEDIA_WORKERS": 1,
    "FBS_ENABLED": False,
}


def write_camera_jpeg(path: Path, size, description: str = "") -> Path:
    """A phone photo: GPS position, camera serial number, owner."""
    exif = Image.Exif()
    exif[0x010F] = "KameraKu"
    if description:
        exif[0x010E] = description
    sub = exif.get_ifd(0x8769)
    sub[0xA431] = "SN-RAHASIA-4711"
    sub[0xA430] = "Budi Pemilik Kamera"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (10.0, 9.0, 36.0), "E", (123.0, 35.0, 24.0)
    im = Image.effect_noise(size, 40).convert("RGB")
    im.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def write_big_png(path: Path, width: int, height: int) -> None:
    """A grey PNG of width×height pixels that is tiny on disk: the rows are
    compressed as a stream, never held in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x80" * width
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def make_hostile_site(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(CORPUS, content)
    # Canaries outside content/.
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(
        f"[http]\n\textraheader = AUTHORIZATION: basic {CANARY}\n"
    )
    (root / "rahasia-di-luar.pdf").write_text(f"%PDF-1.4 {CANARY}\n")
    (root / "rahasia-di-luar.txt").write_text(f"{CANARY}\n")
    write_camera_jpeg(root / "foto-rahasia.jpg", (900, 600), CANARY)
    outside_dir = root / "folder-rahasia"
    outside_dir.mkdir()
    (outside_dir / "catatan.txt").write_text(f"{CANARY}\n")
    (root / "artikel-luar.md").write_text(
        "Title: Artikel dari luar\nDate: 2026-11-01\nCategory: Berita\n\n" + CANARY + "\n"
    )
    # Symbolic links and a hard link inside content/.
    os.symlink(root / "foto-rahasia.jpg", content / "images" / "tautan.jpg")
    os.symlink(outside_dir, content / "extra" / "folder-tautan")
    os.symlink(root / "artikel-luar.md", content / "articles" / "tautan.md")
    os.link(root / "rahasia-di-luar.pdf", content / "extra" / "hardlink.pdf")
    # A file name that is not UTF-8 (git carries any bytes).
    name = os.fsencode(content / "articles") + b"/berkas-\xff.md"
    with open(name, "wb") as fh:
        fh.write((CORPUS / "articles" / "sehat.md").read_bytes().replace(b"sehat", b"nama"))
    # A phone photo with GPS, saved under a rarer photo suffix.
    write_camera_jpeg(content / "images" / "kamera.jfif", (1200, 800))
    # 51 MP of 8-bit grey: a few hundred kilobytes on disk.
    write_big_png(content / "images" / "png-raksasa.png", 7200, 7100)
    return content


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, pelican_build):
    root = tmp_path_factory.mktemp("hostile")
    content = make_hostile_site(root)
    out = root / "output"
    result = pelican_build(
        content,
        out,
        settings="publishconf.py",
        fatal=True,
        extra=FAST,
        env={"BKD_TEST_SECRET": ENV_CANARY},
    )
    log = result.stdout + result.stderr
    (root / "build.log").write_text(log)
    return {"root": root, "content": content, "output": out, "result": result, "log": log}


def flat(log: str) -> str:
    """The log without Rich's line wrapping, one message per line."""
    return " ".join(log.split())


def block_of(hostile, source: str) -> str:
    """Everything logged from the first mention of `source` on."""
    text = flat(hostile["log"])
    header = f"{source}:"
    assert header in text, f"{source} is not named in the build log"
    return text[text.index(header) :]


# (file as named in the log, line, part of the message)
REPORTED = [
    ("articles/attach-dotgit.md", 7, "menunjuk ke luar folder content/"),
    ("articles/attach-proc.md", 7, "menunjuk ke luar folder content/"),
    ("articles/static-outside.md", 7, "menunjuk ke luar folder content/"),
    ("articles/filename-outside.md", 7, "menunjuk ke luar folder content/"),
    ("articles/static-encoded.md", 7, "menunjuk ke luar folder content/"),
    ("articles/static-types.md", 7, "jenis '.html' yang tidak diterbitkan"),
    ("articles/image-outside.md", 6, "berada di luar folder content/"),
    ("articles/gallery-outside.md", 6, "berada di luar folder content/"),
    ("articles/inline-image-outside.md", 9, "berada di luar folder content/"),
    ("articles/symlink-image.md", 6, "tautan simbolis (symlink)"),
    ("articles/videofile-git.md", 6, "di luar folder video"),
    ("articles/videofile-passwd.md", 6, "di luar folder video"),
    ("articles/videofile-lfs.md", 6, "penunjuk Git LFS"),
    ("articles/videofile-not-video.md", 6, "bukan video MP4, MOV, WebM atau MKV"),
    ("articles/slug-dotdot.md", 5, "Slug '../..' tidak sah"),
    ("articles/kembar-b.md", 5, "alamat yang sama dengan"),
    ("pages/bentrok-arsip.md", 2, "alamat yang sama dengan"),
    ("articles/too-many-tags.md", 4, "Terlalu banyak tag (12, paling banyak 10)"),
    ("articles/long-title.md", 1, "Judul terlalu panjang"),
    ("articles/png-raksasa.md", 6, "terlalu besar untuk diproses"),
    ("articles/ekstensi-lain.markdown", 1, "tidak diterima di folder artikel/halaman"),
    ("articles/HURUF-BESAR.MD", 1, "tidak diterima di folder artikel/halaman"),
    ("articles/halaman.html", 1, "tidak diterima di folder artikel/halaman"),
    ("articles/tautan.md", 1, "tautan simbolis (symlink)"),
    ("articles/berkas-\\udcff.md", 1, "bukan teks UTF-8 yang sah"),
    ("extra/folder-tautan", 1, "tautan simbolis (symlink)"),
    ("images/tautan.jpg", 1, "tautan simbolis (symlink)"),
    ("extra/hardlink.pdf", 1, "hard link"),
    ("extra/serangan.html", 1, "Jenis berkas '.html' tidak diterbitkan"),
    ("extra/serangan.js", 1, "Jenis berkas '.js' tidak diterbitkan"),
    ("extra/tidak-dikenal.xyz", 1, "Jenis berkas '.xyz' tidak diterbitkan"),
    ("images/serangan.svg", 1, "Jenis berkas '.svg' tidak diterbitkan"),
    ("extra/menyamar.pdf", 1, "Isi berkas ini bukan '.pdf' seperti namanya"),
]


@pytest.mark.parametrize(("source", "line", "message"), REPORTED, ids=[r[0] for r in REPORTED])
def test_every_bad_file_is_reported_with_line_in_one_run(hostile, source, line, message):
    block = block_of(hostile, source)
    found = re.search(rf"baris {line}: GALAT: [^\n]*?{re.escape(message)}", block[:1500])
    assert found, block[:1500]
    assert "Cara memperbaiki:" in block[:1500]


def test_publish_fails_after_reporting_without_traceback(hostile):
    assert hostile["result"].returncode == 1
    log = hostile["log"]
    assert "Traceback" not in log
    assert "RuntimeError" not in log
    assert "Situs TIDAK diterbitkan" in flat(log)


def test_no_canary_from_outside_content_in_output(hostile):
    out = hostile["output"]
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files, "the build wrote nothing"
    for path in files:
        data = path.read_bytes()
        assert CANARY.encode() not in data, path
        assert ENV_CANARY.encode() not in data, path
    # Nor a file copied under another name.
    names = {p.name for p in files}
    assert not names & {"config", "environ", "catatan.txt", "hardlink.pdf", "tautan.jpg"}


def test_refused_types_are_not_copied(hostile):
    out = hostile["output"]
    for path in out.rglob("*"):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(("theme/", "admin/")):
            continue  # the theme's and the web editor's own assets (plugins/editor)
        assert path.suffix.lower() not in {".svg", ".js", ".xyz", ".jfif", ".png", ".mp4"}, rel
        if path.suffix == ".html":
            assert path.name == "index.html" or rel == "404.html", rel
    assert (out / "extra" / "jadwal.pdf").is_file()
    assert not (out / "extra" / "menyamar.pdf").exists()
    assert (out / "robots.txt").is_file()


def test_no_camera_metadata_in_any_published_image(hostile):
    out = hostile["output"]
    images = [p for p in out.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".webp"}]
    published = [p for p in images if p.name.startswith("kamera-")]
    assert published, "the .jfif photo went through the media pipeline"
    for path in images:
        with Image.open(path) as im:
            exif = im.getexif()
            assert not exif.get_ifd(0x8825), path  # GPS
            assert not exif.get_ifd(0x8769), path  # camera serial, owner
        assert b"SN-RAHASIA" not in path.read_bytes(), path


def test_good_and_fixable_articles_are_still_published(hostile):
    out = hostile["output"]
    assert (out / "2026/11/sehat/index.html").is_file()
    assert (out / "2026/11/bom-notepad/index.html").is_file()
    page = (out / "2026/11/control-characters/index.html").read_text(encoding="utf-8")
    assert "baris kedua dari Word" in page
    assert "\x0b" not in page and "\x0c" not in page
    block = block_of(hostile, "articles/control-characters.md")
    assert "baris 7: PERINGATAN: Ada karakter kendali tak terlihat (U+000B)" in block
    assert "baris 9: PERINGATAN: Ada karakter kendali tak terlihat (U+000C)" in block
    # Of two articles with one address, the first is published.
    twin = (out / "2026/11/alamat-kembar/index.html").read_text(encoding="utf-8")
    assert "Isi pertama." in twin
    assert (out / "arsip/index.html").is_file()


def test_the_gate_reports_what_the_build_refuses(hostile):
    content = hostile["content"]
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("fbs")),
            "check",
            "--no-repo",
            "--no-spelling",
            "--format",
            "text",
            str(content),
        ],
        cwd=hostile["root"],
        capture_output=True,
        text=True,
    )
    report = flat(result.stdout)
    assert result.returncode == 1
    for source, message in [
        ("ekstensi-lain.markdown", "tidak diterima di folder artikel/halaman"),
        ("HURUF-BESAR.MD", "tidak diterima di folder artikel/halaman"),
        ("halaman.html", "tidak diterima di folder artikel/halaman"),
        ("tautan.md", "tautan simbolis"),
        ("slug-dotdot.md", "Slug '../..' tidak sah"),
        ("too-many-tags.md", "Terlalu banyak tag"),
        ("long-title.md", "Judul terlalu panjang"),
        ("control-characters.md", "karakter kendali"),
    ]:
        assert source in report, source
        assert message in report[report.index(source) :], source
    # The BOM article reads the same as in the build: no front-matter error.
    bom = report[report.index("bom-notepad.md") :] if "bom-notepad.md" in report else ""
    assert "bukan kolom keterangan yang sah" not in bom[:400]
