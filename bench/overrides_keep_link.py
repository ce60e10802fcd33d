"""Overrides keep the link: compose 3,000 posts whose XText/InstagramText/
FacebookText overrides carry the article URL (at the start, middle or end,
with emoji, CJK, hashtags and very long text), and count posts that lost the
URL or exceed their platform's limit.

    .venv/bin/python bench/overrides_keep_link.py            # this tree
    .venv/bin/python bench/overrides_keep_link.py --rev main # a git revision's composer

tests/syndicate/test_overrides_keep_link.py runs the same corpus and asserts 0/0.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from syndicate.contract import ManifestArticle, ManifestImage  # noqa: E402
from syndicate.settings import Settings  # noqa: E402

WORDS = [
    "Badan",
    "Kepegawaian",
    "Daerah",
    "Provinsi",
    "NTT",
    "menggelar",
    "bimbingan",
    "teknis",
    "SIASN",
    "bagi",
    "operator",
    "sekolah",
    "di",
    "Kupang",
    "Ende",
    "Maumere",
    "Labuan",
    "Bajo",
    "Waingapu",
    "Atambua",
    "Kalabahi",
    "Rote",
    "Sabu",
    "pelayanan",
    "publik",
    "ASN",
    "PPPK",
    "seleksi",
    "kompetensi",
    "manajerial",
    "sosial",
    "kultural",
]
SPICE = ["🇮🇩", "👏", "📢", "東京", "ASN&PPPK", "<b>", "#PelayananPublik", "—", "“kutipan”"]
PLATFORM_FIELD = {"x": "x", "instagram": "instagram", "facebook": "facebook"}
LIMITS = {"x": 280, "instagram": 2200, "facebook": 63206}


def override_text(rng: random.Random, url: str, platform: str) -> str:
    size = rng.choice(
        {
            "x": (5, 30, 45, 60, 90),
            "instagram": (50, 300, 380, 420, 900),
            # Over 63,206 characters is rare on a Page: one in 40 here.
            "facebook": (50, 300, 500, 2000) * 10 + (11000,),
        }[platform]
    )
    # A third of the texts carry emoji, CJK, markup-like and entity-like words
    # (they take twitter-text's slow path, so not all of them).
    spice = 0.08 if rng.random() < 0.33 else 0.0
    words = [rng.choice(WORDS) if rng.random() >= spice else rng.choice(SPICE) for _ in range(size)]
    where = rng.choice(("start", "middle", "end", "end", "twice"))
    if where == "start":
        words.insert(0, url)
    elif where == "middle":
        words.insert(len(words) // 2, url)
    elif where == "end":
        words.append(url)
    else:
        words.insert(len(words) // 3, url)
        words.append(url)
    joiner = rng.choice((" ", " ", "\n"))
    return joiner.join(words)


def corpus(count: int = 3000, seed: int = 13):
    rng = random.Random(seed)
    for number in range(count):
        platform = ("x", "instagram", "facebook")[number % 3]
        slug = f"artikel-{number}-" + "-".join(rng.sample(WORDS, 3)).lower()
        url = f"https://bkd.nttprov.go.id/2026/11/{slug}/"
        article = ManifestArticle(
            id=f"20261101-{number}",
            url=url,
            title=" ".join(rng.sample(WORDS, 8)),
            date=datetime(2026, 11, 1, 9),
            summary=" ".join(rng.sample(WORDS, 12)),
            tags=tuple(rng.sample(WORDS, 5)),
            platforms=("facebook", "instagram", "x"),
            overrides={PLATFORM_FIELD[platform]: override_text(rng, url, platform)},
            og_image=ManifestImage("https://bkd.nttprov.go.id/og.jpg", "Foto"),
            instagram_image=ManifestImage("https://bkd.nttprov.go.id/ig.jpg", "Foto"),
        )
        yield platform, article


def measure(composer_module, count: int = 3000) -> dict:
    settings = Settings()
    missing, over, total = 0, 0, 0
    for platform, article in corpus(count):
        post = composer_module.compose(article, platform, settings)
        total += 1
        if article.url not in post.text:
            missing += 1
        size = composer_module.weighted_length(post.text) if platform == "x" else len(post.text)
        if size > LIMITS[platform]:
            over += 1
        if platform == "instagram" and len(composer_module.HASHTAG_RE.findall(post.text)) > 30:
            over += 1
    return {"posts": total, "missing_url": missing, "over_limit": over}


def composer_at(rev: str):
    source = subprocess.run(
        ["git", "show", f"{rev}:syndicate/composer.py"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "composer_at_rev.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("composer_at_rev", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="measure the composer of this git revision instead")
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args()
    if args.rev:
        module = composer_at(args.rev)
    else:
        from syndicate import composer as module
    print(measure(module, args.count))


if __name__ == "__main__":
    main()
