"""The composer, table-driven: each platform's rules on awkward articles."""

from __future__ import annotations

from datetime import datetime

import pytest

from syndicate.composer import (
    HASHTAG_RE,
    compose,
    hashtag,
    truncate_words,
    utf8_length,
    weighted_length,
)
from syndicate.contract import ManifestArticle, ManifestGalleryItem, ManifestImage, ManifestVideo
from syndicate.settings import Settings

URL = "https://bkd.nttprov.go.id/2026/11/bimtek-siasn-operator-sekolah-manggarai/"
LONG_TITLE = (
    "Bimbingan Teknis Sistem Informasi Aparatur Sipil Negara bagi Operator Kepegawaian "
    "Sekolah Menengah Atas, Sekolah Menengah Kejuruan dan Sekolah Luar Biasa Negeri di "
    "Kabupaten Manggarai, Manggarai Barat dan Manggarai Timur Tahun Anggaran 2026 "
    "beserta Evaluasi Pelaksanaan Layanan Kepegawaian Jemput Bola di Pulau Flores"
)
MANY_TAGS = tuple(f"topik kepegawaian {i}" for i in range(45))


def article(**overrides) -> ManifestArticle:
    data = {
        "id": "20261108-bimtek",
        "url": URL,
        "title": "Bimtek SIASN bagi Operator Sekolah di Ruteng",
        "date": datetime(2026, 11, 8, 9),
        "summary": "Operator kepegawaian sekolah di Manggarai Raya berlatih SIASN.",
        "tags": ("SIASN", "pelatihan", "pengembangan kompetensi"),
        "platforms": ("facebook", "instagram", "x", "youtube"),
        "og_image": ManifestImage("https://bkd.nttprov.go.id/og.jpg", "Peserta bimtek"),
        "instagram_image": ManifestImage("https://bkd.nttprov.go.id/ig.jpg", "Peserta bimtek"),
    }
    data.update(overrides)
    return ManifestArticle(**data)


SETTINGS = Settings()


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Halo dunia", 20, "Halo dunia"),
        ("satu dua tiga empat", 12, "satu dua…"),
        ("satu, dua tiga", 6, "satu…"),
        ("Supercalifragilistic", 6, "Super…"),
        (f"{URL} adalah tautan", 30, ""),
        (f"Baca {URL} sekarang juga", 80, f"Baca {URL}…"),
        (f"Baca {URL} sekarang", 40, "Baca…"),
        ("", 5, ""),
    ],
)
def test_truncate_words_table(text, limit, expected):
    assert truncate_words(text, limit) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("pengembangan kompetensi", "#PengembanganKompetensi"),
        ("SIASN", "#SIASN"),
        ("pelayanan-publik", "#PelayananPublik"),
        ("Ruteng 2026", "#Ruteng2026"),
        ("!!!", ""),
    ],
)
def test_hashtag_table(tag, expected):
    assert hashtag(tag) == expected


X_CASES = [
    ("short", {}, True),
    ("long indonesian title", {"title": LONG_TITLE}, True),
    ("emoji title", {"title": "🎉🎉 Selamat 🇮🇩 kepada ASN berprestasi 😀 " * 12}, True),
    ("url in title", {"title": f"Cek {URL} dan https://siasn.bkn.go.id/ " + LONG_TITLE}, True),
    ("many tags", {"tags": MANY_TAGS}, True),
    ("override", {"overrides": {"x": "Teks khusus X 🎉 " * 30}}, True),
    ("cjk", {"title": "公务员培训" * 80}, True),
]


@pytest.mark.parametrize(("name", "changes", "with_url"), X_CASES, ids=[c[0] for c in X_CASES])
def test_x_within_280_weighted_and_url_whole(name, changes, with_url):
    post = compose(article(**changes), "x", SETTINGS)
    assert post.action == "post"
    assert weighted_length(post.text) <= 280
    assert URL in post.text.split()  # present, uncut, as its own token
    assert len(post.media) == 1 and post.media[0].alt == "Peserta bimtek"


def test_x_adds_hashtags_only_if_they_fit():
    short = compose(article(), "x", SETTINGS)
    assert "#SIASN" in short.text
    full = compose(article(title=LONG_TITLE), "x", SETTINGS)
    assert weighted_length(full.text) <= 280
    assert full.text.count("#") <= SETTINGS.max_hashtags_x


def test_x_link_in_text_can_be_switched_off():
    settings = Settings(x_link_in_text=False)
    post = compose(article(), "x", settings)
    assert URL not in post.text


INSTAGRAM_CASES = [
    ("short", {}),
    ("long summary", {"summary": "Kalimat panjang tentang kepegawaian. " * 200}),
    ("many tags", {"tags": MANY_TAGS}),
    (
        "override with 40 hashtags",
        {"overrides": {"instagram": " ".join(f"#t{i}" for i in range(40))}},
    ),
    ("emoji", {"title": "😀" * 3000}),
]


@pytest.mark.parametrize(("name", "changes"), INSTAGRAM_CASES, ids=[c[0] for c in INSTAGRAM_CASES])
def test_instagram_caption_limits_and_link_as_text(name, changes):
    post = compose(article(**changes), "instagram", SETTINGS)
    assert post.action == "post"
    assert len(post.text) <= 2200
    assert len(HASHTAG_RE.findall(post.text)) <= 30
    assert f"{URL} (tautan di bio)" in post.text


def test_instagram_without_image_is_skipped_with_reason():
    post = compose(article(instagram_image=None), "instagram", SETTINGS)
    assert post.action == "skip" and "gambar" in post.reason


def test_instagram_gallery_becomes_carousel_of_at_most_10():
    gallery = tuple(
        ManifestGalleryItem(
            f"https://bkd.nttprov.go.id/g{i}.jpg",
            f"https://bkd.nttprov.go.id/g{i}-ig.jpg",
            alt=f"Foto {i}",
        )
        for i in range(14)
    )
    post = compose(article(gallery=gallery), "instagram", SETTINGS)
    assert post.options["kind"] == "carousel" and len(post.media) == 10
    assert post.media[3].alt == "Foto 3"


def test_facebook_link_post_and_gallery_multi_photo():
    link = compose(article(), "facebook", SETTINGS)
    assert link.options["kind"] == "link" and link.link == URL and URL not in link.text
    gallery = tuple(
        ManifestGalleryItem(f"https://bkd.nttprov.go.id/g{i}.jpg", alt="x") for i in range(3)
    )
    photos = compose(article(gallery=gallery), "facebook", SETTINGS)
    assert photos.options["kind"] == "photos" and len(photos.media) == 3
    assert URL in photos.text  # no link preview on multi-photo posts
    custom = compose(article(overrides={"facebook": "Teks khusus"}), "facebook", SETTINGS)
    assert custom.text.startswith("Teks khusus")


YOUTUBE_CASES = [
    ("short", {}),
    ("long title", {"title": LONG_TITLE}),
    ("angle brackets", {"title": "<b>Judul</b> > 100", "summary": "a < b > c"}),
    ("huge summary", {"summary": "Ringkasan kegiatan ✨ panjang. " * 400}),
    ("many tags", {"tags": MANY_TAGS * 3}),
]


@pytest.mark.parametrize(("name", "changes"), YOUTUBE_CASES, ids=[c[0] for c in YOUTUBE_CASES])
def test_youtube_title_description_tags_limits(name, changes):
    video = ManifestVideo("content/videos/bimtek.mp4", poster_url="https://bkd.nttprov.go.id/p.jpg")
    post = compose(article(video=video, **changes), "youtube", Settings(youtube_privacy="unlisted"))
    assert post.action == "post"
    assert 0 < len(post.title) <= 100
    assert utf8_length(post.text) <= 5000
    assert not set("<>") & set(post.title + post.text)
    assert URL in post.text
    assert sum(len(t) + (2 if " " in t else 0) for t in post.tags) + len(post.tags) - 1 <= 500
    assert post.options["privacy"] == "unlisted"
    assert [m.kind for m in post.media] == ["video", "thumbnail"]


def test_youtube_only_for_articles_with_a_video():
    post = compose(article(), "youtube", SETTINGS)
    assert post.action == "skip" and "VideoFile" in post.reason


def test_front_matter_choice_and_settings_narrow_platforms():
    only_x = article(platforms=("x",))
    assert compose(only_x, "facebook", SETTINGS).action == "skip"
    assert compose(only_x, "x", SETTINGS).action == "post"
    assert compose(article(), "x", Settings(platforms=("facebook",))).action == "skip"


@pytest.mark.parametrize(
    "text",
    [
        "Halo ASN NTT",
        f"Jadwal kenaikan pangkat {URL} #ASN",
        "Seleksi PPPK – tahap II “resmi” dibuka",
        "Kupang ☀️ cerah, ayo ke kantor 😀",
        "公务员 training",
        "Satu… dua",
        f"{URL} {URL}",
        "",
    ],
)
def test_weighted_length_fast_path_agrees_with_twitter_text(text):
    from twitter_text import parse_tweet

    assert weighted_length(text) == parse_tweet(text).weightedLength
