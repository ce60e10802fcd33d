"""FBS-7.override-length: XText/InstagramText/FacebookText that the platform
would cut, counted as the platform counts (X: twitter-text weights)."""

from __future__ import annotations

import pytest

RULE = "FBS-7.override-length"
LINK = "https://bkd.nttprov.go.id/2026/11/seleksi-pppk/"
WORDS = "Seleksi PPPK guru tahap dua dibuka untuk pelamar dari 22 kabupaten kota "


def findings(site, fields):
    result = site.check(site.article(fields=fields))
    return [f for f in result.active if f.rule == RULE]


@pytest.mark.parametrize(
    "fields",
    [
        {"XText": (WORDS * 5)[:281]},
        # 129 emoji weigh 258: over 256 once the article link (23 + space) is added.
        {"XText": "📢" * 129},
        {"XText": f"{LINK} " + "kata " * 60},
        {"InstagramText": (WORDS * 40)[:2150]},
        {"FacebookText": "kata " * 12700},
    ],
    ids=["x-281-chars", "x-emoji-weight", "x-with-link", "instagram-no-room-for-link", "facebook"],
)
def test_too_long_override_is_reported_with_count_and_line(site, fields):
    [finding] = findings(site, fields)
    name = next(iter(fields))
    path = site.content / "articles" / "artikel.md"
    assert path.read_text().splitlines()[finding.line - 1].startswith(f"{name}:")
    assert f"{name} terlalu panjang" in finding.message
    assert "batasnya" in finding.message and "Persingkat" in finding.hint


@pytest.mark.parametrize(
    "fields",
    [
        {"XText": (WORDS * 5)[:250]},
        # The URL weighs 23 however long it is; with its own link no room is kept.
        {"XText": f"{(WORDS * 5)[:240]} {LINK}{'x' * 60}"},
        {"XText": "📢" * 128},
        {"InstagramText": f"{(WORDS * 40)[:2150]} {LINK}"},
        {"FacebookText": "kata " * 1000},
    ],
    ids=["x-250", "x-long-url-counts-23", "x-emoji-256", "instagram-own-link", "facebook-ok"],
)
def test_override_that_fits_is_not_reported(site, fields):
    assert findings(site, fields) == []


def test_x_count_is_the_weighted_count(site):
    [finding] = findings(site, {"XText": "東京" * 70})
    assert "280 karakter berbobot" in finding.message
