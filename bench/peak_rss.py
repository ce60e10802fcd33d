"""Peak memory of a production build with the worst photo the site accepts.

Builds, each in a fresh `pelican` process with publishconf.py and
--fatal errors (as `make publish`), a one-article site whose lead photo is:

- a small phone photo (the baseline);
- a 200 MP JPEG (decoded at 1/8 scale through Pillow's draft mode);
- a 49.9 MP 16-bit RGBA PNG, the largest non-JPEG accepted (decoded in full);
- a 225 MP 16-bit PNG of 1.8 MB, which must be refused before decoding.

The peak resident set size is read with resource.getrusage(RUSAGE_CHILDREN)
after each build: ru_maxrss is the largest of the build process and the
media worker processes it waited for. Each build runs in its own wrapper
process so one build's peak cannot hide another's. Goal: every accepted
photo under 1 GB. Writes the "Peak memory" section of bench/RESULTS.md.

    .venv/bin/python bench/peak_rss.py
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from machine import cpu_model  # noqa: E402
from results_md import replace_section  # noqa: E402

GOAL_MB = 1024
ARTICLE = """Title: Uji Memori Pembangunan Situs
Date: 2026-11-02 08:00
Category: Berita
Tags: layanan
Summary: Artikel uji untuk mengukur memori puncak pembangunan situs produksi.
Image: images/{name}
ImageAlt: Foto uji
ImageCredit: Humas BKD NTT

Isi artikel.
"""

# Run inside a child: measures one build and prints its peak in KiB.
# Also samples /proc every 20 ms for the sum over the whole process tree
# (the build and its workers at the same moment).
MEASURE = """
import resource, subprocess, sys, time
sys.path.insert(0, "bench")  # the child runs in the repository (cwd=REPO)
from build_speed import tree_rss_kib as tree_rss

proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
tree = 0
import threading
out = []
reader = threading.Thread(target=lambda: out.append(proc.stdout.read()))
reader.start()
while proc.poll() is None:
    tree = max(tree, tree_rss(proc.pid))
    time.sleep(0.02)
reader.join()
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(peak, tree, proc.returncode, sep=" ")
sys.stderr.write(out[0].decode(errors="replace")[-4000:])
"""


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def write_png(path: Path, width: int, height: int, *, color_type: int, depth: int) -> None:
    """A PNG written row by row (never whole in memory), with some texture
    so the decoder does real work."""
    channels = {0: 1, 2: 3, 6: 4}[color_type]
    row_bytes = width * channels * depth // 8
    pattern = bytes((i * 37) & 0xFF for i in range(4096))
    row = (pattern * (row_bytes // len(pattern) + 1))[:row_bytes]
    compressor = zlib.compressobj(6)
    parts = [compressor.compress(b"\x00" + row[y % 97 :] + row[: y % 97]) for y in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def write_jpeg(path: Path, width: int, height: int) -> None:
    from PIL import Image

    tile = Image.effect_noise((512, 512), 60).convert("RGB")
    im = Image.new("RGB", (width, height))
    for x in range(0, width, 512):
        for y in range(0, height, 512):
            im.paste(tile, (x, y))
    im.save(path, "JPEG", quality=80)


CASES = [
    ("phone photo 12 MP (baseline)", "foto.jpg", lambda p: write_jpeg(p, 4000, 3000)),
    ("JPEG 200 MP (draft decode)", "jpeg-200mp.jpg", lambda p: write_jpeg(p, 16330, 12250)),
    (
        "PNG 49.9 MP RGBA 16-bit (largest non-JPEG accepted)",
        "png-50mp.png",
        lambda p: write_png(p, 8640, 5770, color_type=6, depth=16),
    ),
    (
        "two PNGs 49.9 MP RGBA 16-bit (two workers, one large decode at a time)",
        "two-png-50mp.png",
        lambda p: write_png(p, 8640, 5770, color_type=6, depth=16),
    ),
    (
        "PNG 225 MP 16-bit grey, 1.8 MB (refused)",
        "png-225mp.png",
        lambda p: write_png(p, 15000, 15000, color_type=0, depth=16),
    ),
]


def measure(site: Path, name: str, extra: Path | None) -> tuple[int, int, int, float]:
    content = site / "content"
    out = site / f"output-{name}"
    (content / "articles" / "uji.md").write_text(ARTICLE.format(name=name), encoding="utf-8")
    second = content / "articles" / "uji-2.md"
    second.unlink(missing_ok=True)
    if extra:
        second.write_text(ARTICLE.format(name=extra.name), encoding="utf-8")
    command = [str(REPO / ".venv" / "bin" / "pelican"), str(content), "-s"]
    command += [str(REPO / "publishconf.py"), "-o", str(out), "--fatal", "errors", "-e"]
    command += [
        f'CACHE_PATH="{site / ("cache-" + name)}"',
        "SEARCH_PAGEFIND=false",
        "COMPRESS_ENABLED=false",
    ]
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=REPO
    )
    seconds = time.perf_counter() - started
    peak_kib, tree_kib, code = (int(v) for v in result.stdout.split())
    return peak_kib, tree_kib, code, seconds


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory(prefix="peak-rss-") as tmp:
        site = Path(tmp)
        (site / "content" / "articles").mkdir(parents=True)
        (site / "content" / "pages").mkdir()
        (site / "content" / "images").mkdir()
        (site / "content" / "taxonomy.toml").write_bytes(
            (REPO / "content" / "taxonomy.toml").read_bytes()
        )
        for label, name, make in CASES:
            path = site / "content" / "images" / name
            make(path)
            extra = None
            if name.startswith("two-"):
                # A second article with its own copy: both photos in the two workers at once.
                extra = site / "content" / "images" / ("b-" + name)
                extra.write_bytes(path.read_bytes() + b"\0")
            peak_kib, tree_kib, code, seconds = measure(site, name, extra)
            size = path.stat().st_size
            path.unlink()
            if extra:
                extra.unlink()
            rows.append((label, size, peak_kib, tree_kib, code, seconds))
            print(
                f"{label}: {peak_kib / 1024:.0f} MB peak process, {tree_kib / 1024:.0f} MB "
                f"tree, exit {code}, {seconds:.1f} s"
            )
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {cpu_model()} "
        f"({os.cpu_count()} cores visible, shared), Python {sys.version.split()[0]}. "
        "One article, publishconf.py with --fatal errors, MEDIA_WORKERS as configured (2); "
        "peak RSS = getrusage(RUSAGE_CHILDREN).ru_maxrss of the build and its media workers.",
        "",
        "| lead photo | file size | peak RSS, largest process | peak RSS, whole tree "
        "| vs baseline (tree) | build exit | time |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    base = rows[0][3]
    for label, size, peak_kib, tree_kib, code, seconds in rows:
        lines.append(
            f"| {label} | {size / 1e6:.1f} MB | {peak_kib / 1024:.0f} MB | "
            f"{tree_kib / 1024:.0f} MB | {tree_kib / base:.2f}× | {code} | {seconds:.1f} s |"
        )
    accepted = [r for r in rows if r[4] == 0]
    worst = max(r[3] for r in accepted) / 1024
    lines += [
        "",
        "The whole-tree figure samples /proc every 20 ms (sum of the build and its "
        "workers at one moment); ru_maxrss is exact but per process.",
        "",
        f"Goal: under {GOAL_MB} MB for the whole build. Worst accepted: {worst:.0f} MB "
        f"({'met' if worst < GOAL_MB else 'NOT met'}). The refused PNG fails the build "
        "(exit 1) with a GALAT naming the article and line, before any pixel is decoded.",
        "",
        "Reproduce: `.venv/bin/python bench/peak_rss.py`.",
    ]
    replace_section(
        REPO / "bench" / "RESULTS.md", "Peak memory of a production build", "\n".join(lines)
    )
    (REPO / "bench" / "peak_rss.json").write_text(
        json.dumps(
            [
                dict(
                    zip(
                        ("case", "bytes", "peak_kib", "tree_kib", "exit", "seconds"), r, strict=True
                    )
                )
                for r in rows
            ],
            indent=1,
        )
        + "\n"
    )
    return 0 if worst < GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
