"""Overrides keep the link: 3,000 generated posts whose overrides carry the
article URL (bench/overrides_keep_link.py) lose none of them and stay within
every platform's limit; plus a table of the awkward shapes."""

from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path

import pytest

from syndicate.composer import compose, weighted_length
from syndicate.contract import ManifestArticle, ManifestImage
from syndicate.settings import Settings

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location(
    "bench_overrides", REPO / "bench" / "overrides_keep_link.py"
)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

URL = "https://bkd.nttprov.go.id/2026/11/seleksi-pppk-tahap-dua/"


def test_three_thousand_overrides_keep_the_url_within_limits():
    from syndicate import composer

    assert bench.measure(composer, 3000) == {"posts": 3000, "missing_url": 0, "over_limit": 0}


def article(platform: str, text: str) -> ManifestArticle:
    return ManifestArticle(
        id="20261101-pppk",
        url=URL,
        title="Seleksi PPPK tahap dua",
        date=datetime(2026, 11, 1, 9),
        summary="Ringkasan.",
        tags=("PPPK", "seleksi"),
        platforms=("facebook", "instagram", "x"),
        overrides={platform: text},
        og_image=ManifestImage("https://bkd.nttprov.go.id/og.jpg", "Foto"),
        instagram_image=ManifestImage("https://bkd.nttprov.go.id/ig.jpg", "Foto"),
    )


@pytest.mark.parametrize(
    ("platform", "text", "limit"),
    [
        ("x", f"{URL} " + "kata " * 80, 280),
        ("x", "kata " * 40 + f"{URL} " + "kata " * 40, 280),
        ("x", "📢 " * 150 + URL, 280),
        ("instagram", "kata " * 500 + URL, 2200),
        ("instagram", f"{URL}\n" + "kalimat panjang " * 200, 2200),
        ("facebook", "kata " * 14000 + URL, 63206),
    ],
    ids=["x-url-first", "x-url-middle", "x-emoji", "ig-url-last", "ig-url-first", "fb-huge"],
)
def test_long_override_is_cut_before_the_link(platform, text, limit):
    post = compose(article(platform, text), platform, Settings())
    assert URL in post.text
    size = weighted_length(post.text) if platform == "x" else len(post.text)
    assert size <= limit
    assert post.text.count(URL) == 1


def test_override_that_fits_is_left_as_written():
    text = f"Seleksi PPPK: cek jadwal di {URL} sebelum Jumat"
    post = compose(article("x", text), "x", Settings())
    assert post.text.startswith(text)
