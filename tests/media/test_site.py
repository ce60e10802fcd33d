"""A real Pelican build of a small site with camera photos, a gallery, a video
and an article without a photo: what readers, platforms and privacy need."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from lxml import html
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
DEV_SITEURL = "http://127.0.0.1:8000"
# Near the longest title an article may have (150 characters).
LONG_TITLE = (
    "Penyesuaian Jam Layanan Kepegawaian selama Bulan Ramadan bagi ASN di "
    "Lingkungan Pemerintah Provinsi Nusa Tenggara Timur dan Kabupaten/Kota se-NTT"
)
UPLOADED = {"20261005-videofile": "AbCdEfGhIj0"}


@pytest.fixture(scope="module")
def site(tmp_path_factory, mt):
    root = tmp_path_factory.mktemp("media-site")
    content = root / "content"
    images = content / "images"
    mt.write_camera_jpeg(images / "kamera-gps.jpg", (2400, 1600), orientation=6)
    mt.write_camera_jpeg(images / "isi.jpg", (1800, 1200), seed=3)
    mt.write_plain_jpeg(images / "galeri-1.jpg", (2000, 1333), seed=4)
    mt.write_plain_jpeg(images / "galeri-2.jpg", (1200, 1800), seed=5)
    mt.write_plain_jpeg(images / "galeri-3.jpg", (1600, 1067), seed=6)
    mt.write_plain_jpeg(images / "kecil.jpg", (900, 600), seed=7)
    (content / "extra").mkdir()
    Image.new("RGB", (180, 180), (11, 61, 107)).save(content / "extra" / "apple-touch-icon.png")
    (content / "videos").mkdir()
    (content / "videos" / "rekaman.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    arts = content / "articles"
    arts.mkdir()
    (content / "pages").mkdir()
    (arts / "foto-gps.md").write_text(
        mt.article(
            "Foto Kamera dengan Lokasi GPS",
            date="2026-10-02 09:00",
            extra="Image: images/kamera-gps.jpg\nImageAlt: Peserta berdiri di depan kantor\n"
            "ImageCredit: Foto: Humas BKD NTT\nImageFocus: 0.5, 0.2\n",
            body='Paragraf pembuka.\n\n![Suasana di aula](../images/isi.jpg "Aula")\n',
        )
    )
    (arts / "tanpa-foto.md").write_text(
        mt.article(LONG_TITLE, category="Pengumuman", date="2026-10-03 09:00")
    )
    (arts / "galeri.md").write_text(
        mt.article(
            "Galeri Kegiatan di Alor",
            date="2026-10-04 09:00",
            extra="Image: images/galeri-1.jpg\nImageAlt: Pantai Kalabahi\n"
            "ImageCredit: Foto: Humas BKD NTT\n"
            "Gallery: images/galeri-1.jpg | Peserta di tepi pantai | Foto: Humas BKD NTT\n"
            "    images/galeri-2.jpg | Narasumber menjelaskan materi | Foto: Yohanes\n"
            "    images/galeri-3.jpg\n",
        )
    )
    (arts / "videofile.md").write_text(
        mt.article(
            "Rekaman Sosialisasi Disiplin",
            date="2026-10-05 09:00",
            extra="VideoFile: videos/rekaman.mp4\n",
        )
    )
    (arts / "video.md").write_text(
        mt.article(
            "Video Bimtek SIASN",
            date="2026-10-06 09:00",
            extra="Video: https://youtu.be/Qm7hT2vLx9A\n",
        )
    )
    (arts / "kecil.md").write_text(
        mt.article(
            "Foto Kecil",
            date="2026-10-07 09:00",
            extra="Image: images/kecil.jpg\nImageAlt: Foto kecil\n",
        )
    )
    output = root / "output"
    articles = mt.run_in_process(content, output, {"MEDIA_UPLOADED_VIDEOS": UPLOADED})
    return {"root": root, "content": content, "output": output, "articles": articles}


def page(site, name) -> html.HtmlElement:
    article = site["articles"][name]
    return html.fromstring((site["output"] / article.save_as).read_text(encoding="utf-8"))


def local(site, url: str) -> Path:
    """The output file behind a root-relative or absolute site URL."""
    path = urlparse(url).path if url.startswith("http") else url
    return site["output"] / path.lstrip("/")


def srcset_urls(value: str) -> list[tuple[str, int]]:
    out = []
    for part in value.split(","):
        url, width = part.strip().rsplit(" ", 1)
        out.append((url, int(width[:-1])))
    return out


# ---------------------------------------------------------------- derivatives


def test_derivatives_at_each_width_and_format_never_enlarged(site):
    lead = site["articles"]["foto-gps"].lead_image
    # 2400x1600 stored with orientation 6: the photo is 1600x2400 upright.
    assert (lead.width, lead.height) == (1600, 2400)
    for fmt, pil_format in (("avif", "AVIF"), ("webp", "WEBP"), ("jpeg", "JPEG")):
        variants = lead.of(fmt)
        assert [v.width for v in variants] == [360, 720, 1080, 1440]
        for v in variants:
            with Image.open(site["output"] / v.path) as im:
                assert im.format == pil_format
                assert im.size == (v.width, v.height) == (v.width, round(v.width * 1.5))
    small = site["articles"]["kecil"].lead_image
    assert [v.width for v in small.of("webp")] == [360, 720, 900]
    assert max(v.width for v in small.variants) <= 900


def test_camera_orientation_is_applied(site):
    v = site["articles"]["foto-gps"].lead_image.of("jpeg")[0]
    with Image.open(site["output"] / v.path) as im:
        rgb = im.convert("RGB")
        top = rgb.getpixel((im.width // 2, 5))
        bottom = rgb.getpixel((im.width // 2, im.height - 5))
    assert top[0] > 200 and top[1] < 60 and top[2] < 60, top
    assert not (bottom[0] > 200 and bottom[1] < 60), bottom


def test_no_metadata_survives_in_any_published_image(site, mt):
    media = sorted((site["output"] / "media").rglob("*.*"))
    assert len(media) > 40
    for path in media:
        data = path.read_bytes()
        for secret in mt.SECRETS.values():
            assert secret.encode() not in data, (path, secret)
        assert b"Exif\x00\x00" not in data, path
        assert b"http://ns.adobe.com/xap" not in data, path
        assert b"ICC_PROFILE" not in data, path
        with Image.open(path) as im:
            assert not im.getexif(), path
            for key in ("exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp"):
                assert not im.info.get(key), (path, key)


def test_originals_are_not_published(site):
    originals = {p.read_bytes() for p in (site["content"] / "images").iterdir()}
    published = [p for p in site["output"].rglob("*") if p.is_file()]
    assert not (site["output"] / "images").exists()
    assert not [p for p in published if p.suffix == ".jpg" and p.read_bytes() in originals]
    # Not even from extra/: a photo there could carry GPS as well. Icons
    # belong to the theme (theme/static), which is published as it is.
    assert not (site["output"] / "extra" / "apple-touch-icon.png").exists()


# --------------------------------------------------------------------- markup


def test_lead_picture_is_responsive_sized_and_eager(site):
    doc = page(site, "foto-gps")
    (picture,) = doc.xpath("//figure[@class='lead']//picture")
    types = [s.get("type") for s in picture.xpath(".//source")]
    assert types == ["image/avif", "image/webp"]
    img = picture.xpath(".//img")[0]
    assert (img.get("width"), img.get("height")) == ("1440", "2160")
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    assert img.get("alt") == "Peserta berdiri di depan kantor"
    assert "44rem" in img.get("sizes")
    for element in [img, *picture.xpath(".//source")]:
        for url, _ in srcset_urls(element.get("srcset")):
            assert local(site, url).is_file(), url
    caption = doc.xpath("//figure[@class='lead']/figcaption")[0].text_content()
    assert "Foto: Humas BKD NTT" in caption


def test_markdown_body_image_becomes_a_lazy_picture(site):
    doc = page(site, "foto-gps")
    imgs = doc.xpath("//div[@class='prose']//img")
    assert len(imgs) == 1
    img = imgs[0]
    assert img.xpath("ancestor::picture")
    assert img.get("loading") == "lazy"
    assert img.get("alt") == "Suasana di aula" and img.get("title") == "Aula"
    assert "/images/" not in img.get("src") and local(site, img.get("src")).is_file()


def chosen(srcset: str, slot: int) -> str:
    """The candidate a browser takes for a slot in device pixels."""
    candidates = sorted(srcset_urls(srcset), key=lambda c: c[1])
    for url, width in candidates:
        if width >= slot:
            return url
    return candidates[-1][0]


def heaviest_at_360(site_output: Path, doc) -> int:
    # At 360 CSS px every `sizes` used resolves to calc(100vw - 2rem) = 328 px.
    heaviest = 0
    for element in doc.xpath("//picture//source | //picture//img"):
        for dpr in (1, 2):
            url = chosen(element.get("srcset"), 328 * dpr)
            heaviest = max(heaviest, (site_output / urlparse(url).path.lstrip("/")).stat().st_size)
    return heaviest


def test_largest_image_served_at_360px_is_within_60kb(site):
    for name in site["articles"]:
        assert heaviest_at_360(site["output"], page(site, name)) <= 60_000, name


def test_sample_site_images_at_360px_are_within_60kb(sample_site):
    pages = [p for p in sample_site.glob("20*/*/*/index.html")]
    assert pages
    with_pictures = 0
    for path in pages:
        doc = html.fromstring(path.read_text(encoding="utf-8"))
        if doc.xpath("//picture"):
            with_pictures += 1
        assert heaviest_at_360(sample_site, doc) <= 60_000, path
        for img in doc.xpath("//img"):
            assert "/images/" not in (img.get("src") or ""), path
    assert with_pictures >= 10


# --------------------------------------------------------------- social images


def jpeg_facts(path: Path):
    with Image.open(path) as im:
        return im.format, im.mode, im.size, im.info.get("icc_profile"), path.stat().st_size


def test_open_graph_and_instagram_images_meet_platform_rules(site):
    expected_ig = {
        "foto-gps": (1080, 1350),  # portrait photo keeps 4:5
        "galeri": (1080, 1080),  # landscape photo goes square
        "tanpa-foto": (1080, 1350),  # the card
        "video": (1080, 1350),
        "kecil": (1080, 1080),
    }
    for name, article in site["articles"].items():
        assert article.og_image_url.startswith(DEV_SITEURL + "/media/sosial/"), name
        assert article.og_image_url.endswith(f"{article.article_id}-og.jpg")
        assert (article.og_image_width, article.og_image_height) == (1200, 630)
        assert article.og_image_alt
        fmt, mode, size, icc, nbytes = jpeg_facts(site["output"] / article.og_image_path)
        assert (fmt, mode, size, icc) == ("JPEG", "RGB", (1200, 630), None)
        assert article.instagram_image_url == f"{DEV_SITEURL}/{article.instagram_image_path}"
        fmt, mode, size, icc, nbytes = jpeg_facts(site["output"] / article.instagram_image_path)
        assert (fmt, mode, icc) == ("JPEG", "RGB", None), name
        assert 0.8 <= size[0] / size[1] <= 1.91 and nbytes < 8 * 1024 * 1024
        if name in expected_ig:
            assert size == expected_ig[name], name
        doc = page(site, name)
        meta = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
        assert meta["og:image"] == article.og_image_url
        assert meta["og:image:width"] == "1200"


def test_article_without_photo_gets_a_branded_card(site):
    article = site["articles"]["tanpa-foto"]
    assert article.lead_picture is None and article.feed_enclosure is None
    assert "Pengumuman" in article.og_image_alt and "Sabtu, 3 Oktober 2026" in article.og_image_alt
    for path in (article.og_image_path, article.instagram_image_path):
        with Image.open(site["output"] / path) as im:
            rgb = im.convert("RGB").resize((im.width // 4, im.height // 4))
        pixels = list(rgb.get_flattened_data())
        blue = sum(1 for r, g, b in pixels if b > 90 and r < 60 and 45 < g < 110)
        white = sum(1 for r, g, b in pixels if min(r, g, b) > 225)
        yellow = sum(1 for r, g, b in pixels if r > 230 and g > 190 and b < 120)
        assert blue > len(pixels) * 0.4  # brand background
        assert white > len(pixels) * 0.01  # the title is drawn
        assert yellow > 0  # category label / band


def test_long_titles_wrap_inside_the_card():
    from plugins.media import cards

    fonts = [str(REPO / "theme/fonts" / name) for name in ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")]
    title = LONG_TITLE + " Termasuk https://bkd.nttprov.go.id/layanan/jemput-bola/kalabahi"
    for kind, layout in cards.LAYOUTS.items():
        width = layout.size[0] - 2 * layout.margin
        font, lines, _ = cards.fit_title(title, fonts[0], layout, width, layout.size[1] * 0.55)
        assert len(lines) > 1 and len(lines) <= layout.max_lines, kind
        assert all(font.getlength(line) <= width for line in lines), (kind, lines)
    short = cards.wrap("Jadwal Kenaikan Pangkat", cards._font(fonts[0], 64), 1072)
    assert short == ["Jadwal Kenaikan Pangkat"]


# -------------------------------------------------------------------- gallery


def test_gallery_data_for_carousels_and_the_accessible_list(site, caplog):
    article = site["articles"]["galeri"]
    items = article.gallery_items
    assert [i["alt"] for i in items] == [
        "Peserta di tepi pantai",
        "Narasumber menjelaskan materi",
        "",
    ]
    assert [i["credit"] for i in items] == ["Foto: Humas BKD NTT", "Foto: Yohanes", ""]
    for item in items:
        assert item["url"].startswith(DEV_SITEURL) and item["url"].endswith(".jpg")
        with Image.open(local(site, item["url"])) as im:
            assert im.size == (item["width"], item["height"]) and im.format == "JPEG"
        fmt, mode, size, icc, _nbytes = jpeg_facts(local(site, item["instagram_url"]))
        assert (fmt, mode, size, icc) == ("JPEG", "RGB", (1080, 1080), None)
    doc = page(site, "galeri")
    (section,) = doc.xpath("//section[@class='gallery']")
    assert section.get("aria-labelledby") == "galeri-judul"
    figures = section.xpath("./ul[@class='gallery-list']/li/figure")
    assert len(figures) == 3
    caption = figures[1].xpath("./figcaption")[0].text_content()
    assert "Narasumber menjelaskan materi" in caption and "Foto: Yohanes" in caption
    assert all(img.get("loading") == "lazy" for img in section.xpath(".//img"))
    lead_caption = doc.xpath("//figure[@class='lead']/figcaption")[0].text_content()
    assert lead_caption == "Foto: Humas BKD NTT"


# ---------------------------------------------------------------------- video

THIRD_PARTY = re.compile(r"youtube|ytimg|googlevideo|google\.com|doubleclick", re.IGNORECASE)


def test_video_facade_requests_nothing_from_youtube_before_a_click(site):
    article = site["articles"]["video"]
    assert article.video_id == "Qm7hT2vLx9A"
    doc = page(site, "video")
    (link,) = doc.xpath("//a[@class='video-facade']")
    assert link.get("href") == "https://www.youtube.com/watch?v=Qm7hT2vLx9A"
    assert link.get("data-video-id") == "Qm7hT2vLx9A"
    assert "Putar video" in link.text_content()
    assert not doc.xpath("//iframe|//embed|//object|//video|//audio")
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in ("src", "srcset", "poster", "data", "background"):
            assert not THIRD_PARTY.search(element.get(attr) or ""), (element.tag, attr)
        if element.tag == "link":
            assert not THIRD_PARTY.search(element.get("href") or "")
    scripts = [s.get("src") for s in doc.xpath("//script[@src]")]
    # The fingerprinted name (plugins/webserver): theme/static/js/video-facade.js.
    assert len(scripts) == 1 and re.fullmatch(
        r"/theme/js/video-facade\.[0-9a-f]{10}\.js", scripts[0]
    )
    poster = link.xpath(".//img")[0]
    assert poster.get("src").startswith("/media/") and local(site, poster.get("src")).is_file()
    with Image.open(site["output"] / article.video_poster_path) as im:
        assert im.size == (1280, 720) and im.format == "JPEG"
    assert article.video_poster_url.startswith(DEV_SITEURL + "/media/")
    js = (site["output"] / scripts[0].lstrip("/")).read_text()
    assert "https://www.youtube-nocookie.com/embed/" in js
    # Pages without a video load no script at all.
    assert not page(site, "tanpa-foto").xpath("//script[@src]")


def test_uploaded_video_id_comes_from_the_hook(site):
    article = site["articles"]["videofile"]
    assert article.video_file == "videos/rekaman.mp4"
    assert Path(article.video_file_path).name == "rekaman.mp4"
    assert article.video_id == UPLOADED["20261005-videofile"]
    assert page(site, "videofile").xpath("//a[@data-video-id='AbCdEfGhIj0']")
    with Image.open(site["output"] / article.video_poster_path) as im:
        assert im.size == (1280, 720)
    assert site["articles"]["tanpa-foto"].video_id is None


def test_feed_enclosure_is_a_web_jpeg(site):
    article = site["articles"]["foto-gps"]
    url, length, mime = article.feed_enclosure
    assert mime == "image/jpeg" and url.startswith(DEV_SITEURL)
    assert local(site, url).stat().st_size == int(length)
    rss = (site["output"] / "feeds/semua.rss.xml").read_text(encoding="utf-8")
    assert f'url="{url}"' in rss and f'length="{length}"' in rss


def test_missing_gallery_caption_is_reported(tmp_path, mt, caplog):
    content = tmp_path / "content"
    mt.write_plain_jpeg(content / "images" / "a.jpg", (1200, 800))
    (content / "articles").mkdir()
    (content / "articles" / "g.md").write_text(
        mt.article("Galeri", extra="Gallery: images/a.jpg\n    images/tidak-ada.jpg | Hilang\n")
    )
    with caplog.at_level(logging.WARNING):
        articles = mt.run_in_process(content, tmp_path / "output")
    text = caplog.text
    assert "g.md" in text and "baris 5" in text and "tidak memiliki keterangan" in text
    assert "baris 6" in text and "images/tidak-ada.jpg' tidak ditemukan" in text
    assert len(articles["g"].gallery_items) == 1


def test_old_archive_articles_share_one_card_per_category(tmp_path, mt):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    for day, name in ((1, "lama-1"), (2, "lama-2"), (3, "baru")):
        (content / "articles" / f"{name}.md").write_text(
            mt.article(f"Artikel {name}", category="Berita", date=f"2026-10-0{day} 09:00")
        )
    articles = mt.run_in_process(content, tmp_path / "output", {"MEDIA_TITLE_CARDS": 1})
    new, old1, old2 = articles["baru"], articles["lama-1"], articles["lama-2"]
    assert new.og_image_url.endswith(f"{new.article_id}-og.jpg")
    assert old1.og_image_url == old2.og_image_url
    assert old1.og_image_url.endswith("/media/sosial/kategori-berita-og.jpg")
    assert old1.instagram_image_url.endswith("/media/sosial/kategori-berita-ig.jpg")
    assert old1.og_image_alt == "Berita · BKD Provinsi NTT"
    with Image.open(tmp_path / "output" / old1.og_image_path) as im:
        assert im.size == (1200, 630)
