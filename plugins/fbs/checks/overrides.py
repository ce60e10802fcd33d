"""FBS-7.override-length: a per-platform text (XText, InstagramText,
FacebookText) that its platform would cut.

The syndication composer never drops the article link: it cuts the text
before it. So a too-long override reaches followers cut mid-sentence; the
author is told here, with the count as the platform makes it: X weighs every
URL as 23 and emoji/CJK as 2 (twitter-text, the same library the composer and
the sandbox use); Instagram and Facebook count characters. The limits come
from syndicate.contract, as the composer's do, so the gate and the posts
cannot disagree.
"""

from __future__ import annotations

import re

from syndicate.composer import weighted_length
from syndicate.contract import LIMITS, Platform

from ..findings import ERROR

URL = re.compile(r"https?://\S+", re.IGNORECASE)
# What the composer adds when the override has no link of its own.
X_LINK_ROOM = 24  # " " + a URL, which X counts as 23
INSTAGRAM_LINK_ROOM = 100  # "\n\nSelengkapnya: <url> (tautan di bio)"

# front-matter key (lower case, as parsed) -> (label, limit, room for the link, unit)
FIELDS = {
    "xtext": ("XText", Platform.X.label, LIMITS[Platform.X].text, X_LINK_ROOM),
    "instagramtext": (
        "InstagramText",
        Platform.INSTAGRAM.label,
        LIMITS[Platform.INSTAGRAM].text,
        INSTAGRAM_LINK_ROOM,
    ),
    "facebooktext": ("FacebookText", Platform.FACEBOOK.label, LIMITS[Platform.FACEBOOK].text, 0),
}


def check(doc, ctx) -> None:
    for key, (name, platform, limit, link_room) in FIELDS.items():
        text = doc.field(key)
        if not text:
            continue
        has_link = bool(URL.search(text))
        room = limit if has_link else limit - link_room
        size = weighted_length(text) if key == "xtext" else len(text)
        if size <= room:
            continue
        unit = "karakter berbobot (URL = 23, emoji/CJK = 2)" if key == "xtext" else "karakter"
        link_note = (
            ""
            if has_link or not link_room
            else f", karena tautan artikel ditambahkan otomatis (±{link_room} {unit.split()[0]})"
        )
        doc.finding(
            doc.line_of(key),
            "FBS-7.override-length",
            ERROR,
            f"{name} terlalu panjang untuk {platform}: {size} {unit}, batasnya {room}"
            f"{link_note}. Teks akan dipotong sebelum tautan artikel.",
            f"Persingkat {name} paling sedikit {size - room} {unit.split()[0]}, "
            "atau hapus baris ini agar judul dan ringkasan dipakai.",
        )
