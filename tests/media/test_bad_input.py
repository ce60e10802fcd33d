"""Every bad photo an author can bring: a clear Indonesian message naming the
article and the file, with a hint; never a crash. Unusable photos are errors,
so `make publish` (pelican --fatal errors) fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html
from PIL import Image

# name: (image file, severity, text the author must read, hint fragment)
CASES = {
    "rusak": ("rusak.jpg", "GALAT", "rusak atau terpotong", "Salin ulang foto"),
    "bukan-gambar": ("catatan.jpg", "GALAT", "bukan gambar yang dapat dibaca", "JPEG"),
    "cmyk": ("cetak-cmyk.jpg", "PERINGATAN", "memakai warna CMYK", "RGB"),
    "transparan": ("logo-transparan.png", "PERINGATAN", "bagian transparan", "latar"),
    "iphone": ("IMG_0001.HEIC", "GALAT", "berformat HEIC/HEIF", "Paling Kompatibel"),
    "raksasa": ("drone-50mp.jpg", "PERINGATAN", "sangat besar (8200×6150 piksel, 50 MP)", "4000"),
    "hilang": ("tidak-ada.jpg", "GALAT", "tidak ditemukan", "Mungkin maksud Anda 'images/Ada.jpg'"),
    "kecil": ("kecil.jpg", "PERINGATAN", "hanya 500 piksel lebarnya (minimal 600)", "1200"),
}


def make_images(images: Path, mt) -> None:
    images.mkdir(parents=True)
    good = mt.write_plain_jpeg(images / "utuh.jpg", (1600, 1000)).read_bytes()
    (images / "rusak.jpg").write_bytes(good[: len(good) // 3])  # upload cut short
    (images / "catatan.jpg").write_text("ini bukan foto\n")
    cmyk = mt.photo_pixels((1400, 900), 9).convert("CMYK")
    cmyk.save(images / "cetak-cmyk.jpg", "JPEG", quality=90)
    rgba = mt.photo_pixels((1200, 800), 10).convert("RGBA")
    rgba.paste((0, 0, 0, 0), (0, 0, 300, 800))  # left quarter fully transparent
    rgba.save(images / "logo-transparan.png")
    # The start of an iPhone HEIC: an ISO-BMFF `ftyp` box with the heic brand.
    (images / "IMG_0001.HEIC").write_bytes(
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 2048
    )
    # 50 MP from a drone; smooth pixels keep the file small, the size is what matters.
    big = Image.linear_gradient("L").resize((8200, 6150)).convert("RGB")
    big.save(images / "drone-50mp.jpg", "JPEG", quality=80)
    mt.write_plain_jpeg(images / "kecil.jpg", (500, 340))
    mt.write_plain_jpeg(images / "Ada.jpg", (1200, 800))


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory, mt, pelican_build):
    root = tmp_path_factory.mktemp("media-bad")
    content = root / "content"
    make_images(content / "images", mt)
    (content / "articles").mkdir()
    (content / "pages").mkdir()
    for index, (name, (image, *_)) in enumerate(CASES.items(), 1):
        image_line = f"Image: images/{image}\nImageAlt: Foto uji {name}\n"
        (content / "articles" / f"{name}.md").write_text(
            mt.article(f"Uji {name}", date=f"2026-09-{index:02d} 09:00", extra=image_line)
        )
    (content / "articles" / "fokus.md").write_text(
        mt.article(
            "Uji fokus",
            date="2026-09-20 09:00",
            extra="Image: images/utuh.jpg\nImageAlt: Utuh\nImageFocus: tengah atas\n"
            "Video: https://vimeo.com/12345\nVideoFile: video/tidak-ada.mp4\n",
            body="![Dari luar](https://contoh.example/foto.jpg)\n",
        )
    )
    result = pelican_build(content, root / "output", extra=mt.FAST_SETTINGS)
    return {"root": root, "content": content, "output": root / "output", "result": result}


def test_bad_photos_do_not_crash_the_build(bad_site):
    result = bad_site["result"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for name in [*CASES, "fokus"]:
        assert list(bad_site["output"].glob(f"2026/09/{name}/index.html")), name


@pytest.mark.parametrize("name", CASES)
def test_each_bad_photo_gets_a_message_naming_article_file_and_fix(bad_site, name):
    image, severity, text, hint = CASES[name]
    log = bad_site["result"].stdout + bad_site["result"].stderr
    # Pelican's log may wrap; compare on collapsed whitespace.
    flat = " ".join(log.split())
    block = flat[flat.index(f"articles/{name}.md") :][:700]
    assert f"baris 5: {severity}:" in block
    assert f"'images/{image}'" in block
    assert text in block
    assert "Cara memperbaiki:" in block and hint in block


def test_other_mistakes_are_reported(bad_site):
    flat = " ".join((bad_site["result"].stdout + bad_site["result"].stderr).split())
    block = flat[flat.index("articles/fokus.md") :]
    assert "ImageFocus 'tengah atas' tidak dapat dibaca" in block
    assert "Video 'https://vimeo.com/12345' bukan alamat atau id video YouTube" in block
    assert "Berkas video 'video/tidak-ada.mp4' tidak ditemukan" in block
    assert "'https://contoh.example/foto.jpg' dimuat dari situs lain" in flat


def derivative(output: Path, stem: str, width: int, ext: str = "jpg") -> Path:
    (found,) = output.glob(f"media/{stem}-*-{width}.{ext}")
    return found


def test_fixable_photos_are_still_published(bad_site):
    out = bad_site["output"]
    with Image.open(derivative(out, "cetak-cmyk", 720)) as im:
        assert im.mode == "RGB"
    with Image.open(derivative(out, "logo-transparan", 360)) as im:
        assert im.mode == "RGB"
        assert im.convert("RGB").getpixel((10, 100)) == (255, 255, 255)
    # 50 MP: processed through a reduced decode, capped at the largest width.
    widths = sorted(int(p.stem.rsplit("-", 1)[1]) for p in out.glob("media/drone-50mp-*.webp"))
    assert widths == [360, 720, 1080, 1440]
    # Too small: used, never enlarged.
    widths = sorted(int(p.stem.rsplit("-", 1)[1]) for p in out.glob("media/kecil-*.webp"))
    assert widths == [360, 500]


def test_unusable_photo_falls_back_to_the_card(bad_site):
    for name in ("rusak", "iphone", "hilang", "bukan-gambar"):
        (path,) = bad_site["output"].glob(f"2026/09/{name}/index.html")
        doc = html.fromstring(path.read_text(encoding="utf-8"))
        assert not doc.xpath("//figure[@class='lead']"), name
        og = doc.xpath("//meta[@property='og:image']")[0].get("content")
        assert og.endswith(f"-{name}-og.jpg"), og
        local = bad_site["output"] / og.split("/", 3)[3]
        with Image.open(local) as im:
            assert im.size == (1200, 630)
    assert not list(bad_site["output"].rglob("*.HEIC"))


def test_publish_fails_on_unusable_photos(bad_site, pelican_build, mt, tmp_path):
    """`make publish` runs pelican --fatal errors: an unusable photo stops it."""
    content = tmp_path / "content"
    shutil.copytree(bad_site["content"], content)
    for name in CASES:
        if CASES[name][1] == "GALAT":
            continue
        (content / "articles" / f"{name}.md").unlink()
    result = pelican_build(content, tmp_path / "output", extra=mt.FAST_SETTINGS, fatal=True)
    assert result.returncode != 0
    assert "GALAT" in result.stdout + result.stderr


def test_warnings_alone_do_not_fail_publish(bad_site, pelican_build, mt, tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    shutil.copytree(bad_site["content"] / "images", content / "images")
    for name in ("cmyk", "transparan", "kecil"):
        shutil.copy(bad_site["content"] / "articles" / f"{name}.md", content / "articles")
    result = pelican_build(content, tmp_path / "output", extra=mt.FAST_SETTINGS, fatal=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PERINGATAN" in result.stdout + result.stderr
