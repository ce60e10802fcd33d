"""What the media plugin costs on a long archive of articles without photos
(the 2,000-article build-speed budget in bench/RESULTS.md).

    .venv/bin/python bench/media_archive_bench.py [--articles 2000]

Builds the same synthetic corpus with the project's settings, once without
plugins.media and once with it (empty media cache, then warm), and appends the
figures to bench/RESULTS-media.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PELICAN = Path(sys.executable).with_name("pelican")
CATEGORIES = ["Berita", "Pengumuman", "Kegiatan", "Regulasi", "Layanan"]
WORDS = [
    "pegawai",
    "layanan",
    "kepegawaian",
    "provinsi",
    "kabupaten",
    "sekolah",
    "guru",
    "jadwal",
    "usulan",
    "pangkat",
    "pensiun",
    "data",
    "sosialisasi",
    "pelatihan",
    "kinerja",
    "disiplin",
    "seleksi",
    "formasi",
    "berkas",
]


def corpus(root: Path, n: int) -> Path:
    rnd = random.Random(7)
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    for i in range(n):
        title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(5, 16))).capitalize()
        body = "\n\n".join(
            " ".join(rnd.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(5)
        )
        (content / "articles" / f"arsip-{i:04d}.md").write_text(
            f"Title: {title} {i}\nDate: {2018 + i % 8}-{1 + i % 12:02d}-{1 + i % 28:02d} 09:00\n"
            f"Category: {CATEGORIES[i % 5]}\nSummary: Ringkasan artikel arsip nomor {i}.\n\n"
            f"{body}\n",
            encoding="utf-8",
        )
    return content


def build(content: Path, output: Path, cache: Path, plugins: list[str]) -> float:
    extra = {
        "CACHE_PATH": str(cache / "pelican"),
        "MEDIA_CACHE_PATH": str(cache / "media"),
        "PLUGINS": plugins,
        "LOAD_CONTENT_CACHE": False,
    }
    cmd = [str(PELICAN), str(content), "-s", str(REPO / "pelicanconf.py"), "-o", str(output)]
    cmd += ["-e", *(f"{k}={json.dumps(v)}" for k, v in extra.items())]
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--out", default=str(REPO / "bench" / "RESULTS-media.md"))
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    import pelicanconf

    full = list(pelicanconf.PLUGINS)
    without = [p for p in full if p != "plugins.media"]
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        root = Path(tmp)
        content = corpus(root, args.articles)
        # Same sequence for both (cold caches, then warm: the compress plugin
        # also caches), so each ratio compares like with like.
        # The machine is shared: run each pair twice, alternating, keep the best.
        runs = {"base": [], "base_warm": [], "cold": [], "warm": []}
        for attempt in range(2):
            c1, c2 = root / f"c1-{attempt}", root / f"c2-{attempt}"
            runs["base"].append(build(content, root / f"o1-{attempt}", c1, without))
            runs["cold"].append(build(content, root / f"o2-{attempt}", c2, full))
            stats_cold = json.loads((c2 / "media" / "last-build.json").read_text())
            runs["base_warm"].append(build(content, root / f"o3-{attempt}", c1, without))
            runs["warm"].append(build(content, root / f"o4-{attempt}", c2, full))
            stats_warm = json.loads((c2 / "media" / "last-build.json").read_text())
        base, base_warm, cold, warm = (min(runs[k]) for k in ("base", "base_warm", "cold", "warm"))
        card_mb = sum(p.stat().st_size for p in (root / "o2-0" / "media").rglob("*.jpg")) / 1e6
    lines = [
        "",
        f"## Archive of {args.articles} articles without photos",
        "",
        "Command: `.venv/bin/python bench/media_archive_bench.py` (appends this section). "
        f"Same machine, load average at the end {os.getloadavg()[0]:.2f}. Pelican's content "
        "cache off, so every build reads all articles; all other project plugins on. "
        "Best of two runs each; wall times on this shared machine vary by ±30%, the "
        "plugin's own step (last column) is the stable figure.",
        "",
        "| build | without plugins.media | with plugins.media | ratio | media step |",
        "|---|---|---|---|---|",
        f"| empty caches | {base:.1f} s | {cold:.1f} s | {cold / base:.2f} | "
        f"{stats_cold.get('seconds', 0):.1f} s, {stats_cold.get('cards_rendered', 0)} "
        "cards drawn |",
        f"| caches kept, new output folder | {base_warm:.1f} s | {warm:.1f} s | "
        f"{warm / base_warm:.2f} | {stats_warm.get('seconds', 0):.1f} s, "
        f"{stats_warm.get('cards_rendered', 0)} cards drawn |",
        "",
        f"Social images in the output: {card_mb:.1f} MB. The newest MEDIA_TITLE_CARDS "
        "(100) articles, and any dated from SYNDICATE_SINCE on, get a card with their own "
        "title; older ones share one card per category.",
        "",
    ]
    with open(args.out, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
