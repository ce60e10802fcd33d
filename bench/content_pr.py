"""A content-only pull request on a year's archive: the steps of fbs.yml, timed.

    .venv/bin/python bench/content_pr.py [--photos 1000] [--keep DIR]

Makes a git repository with the sample content plus a synthetic archive of
`--photos` real JPEG photos (four per article, as a gallery), builds it once to
warm the media cache as CI restores it (untimed), then adds one new article
with one 12 MP photo and times, in one run, what the content workflow runs
after `make setup` (package downloads excluded):

1. `fbs check` of the changed files;
2. `make check-content`: the production build (--fatal errors, future dates
   rendered) with the warm media cache, then the site checks;
3. `python -m review build`: the review package.

The budget (issue: content checks that answer in minutes) is 90 s for all of
them. Appends the figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SAMPLE = REPO / "tests" / "fixtures" / "site-content"
CATEGORIES = ["Berita", "Pengumuman", "Kegiatan", "Regulasi", "Layanan"]
CPU: dict[str, float] = {}  # CPU seconds (user + system) of each step's processes
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}


def photo(path: Path, size: tuple[int, int], seed: int, quality: int = 85) -> None:
    """A real JPEG with the texture of a photo (gradient, shapes, sensor noise)."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(size[0] // 20, size[0] // 4)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    noise = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, noise, 0.18)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality)


def article(slug: str, date: datetime, category: str, images: list[str], n: int) -> str:  # noqa: ARG001 - the file name carries the slug
    gallery = "\n    ".join(
        f"{img} | Suasana kegiatan pelayanan kepegawaian bagian {i + 1} | Foto: Tim Humas BKD NTT"
        for i, img in enumerate(images)
    )
    return (
        f"Title: Kegiatan Pelayanan Kepegawaian di Daerah Nomor {n}\n"
        f"Date: {date:%Y-%m-%d %H:%M}\n"
        f"Category: {category}\n"
        "Tags: layanan, ASN\n"
        "Summary: Tim BKD Provinsi NTT melayani ASN secara langsung di kabupaten, "
        "mulai dari pemutakhiran data hingga konsultasi pensiun.\n"
        "Author: Tim Humas BKD NTT\n"
        f"Image: {images[0]}\n"
        "ImageAlt: Suasana kegiatan pelayanan kepegawaian di aula kantor\n"
        "ImageCredit: Foto: Tim Humas BKD NTT\n"
        f"Gallery: {gallery}\n"
        "Syndicate: tidak\n\n"
        "BKD Provinsi Nusa Tenggara Timur menggelar layanan kepegawaian bagi ASN lingkup "
        "Pemerintah Provinsi NTT. Peserta memperbarui data di MyASN dan berkonsultasi "
        "tentang kenaikan pangkat serta pensiun.\n"
    )


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, env=ENV, check=True, capture_output=True, text=True
    ).stdout.strip()


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, command: list[str], cwd: Path, results: dict, env=None) -> None:
    start, cpu = time.perf_counter(), cpu_of_children()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env or ENV)
    results[label] = round(time.perf_counter() - start, 1)
    CPU[label] = round(cpu_of_children() - cpu, 1)
    if result.returncode != 0:
        raise SystemExit(f"{label} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="work here and keep it (warm cache reused)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-content-pr-"))
    repo = work / "repo"
    content = repo / "content"
    build = [str(BIN / "pelican"), "content", "-s", str(REPO / "publishconf.py")]
    build += ["--fatal", "errors", "-o", "build/review/site", "-e", "WITH_FUTURE_DATES=true"]
    build += ['SYNDICATE_MANIFEST="manifest.json"', f'SYNDICATE_ROOT="{repo}"']
    build += [f'CACHE_PATH="{repo / ".cache" / "pelican"}"']
    setup = {}
    if not (repo / ".git").exists():
        # A media cache left by an interrupted run is kept: its entries are
        # keyed by content, and the photos are the same (seeded).
        for leftover in repo.glob("*") if repo.exists() else []:
            if leftover.name != ".cache":
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        shutil.copytree(SAMPLE, content)
        # The repository guard rails (FBS-9) read these, as in the real repository.
        shutil.copytree(REPO / ".github", repo / ".github")
        start = time.perf_counter()
        day = datetime(2025, 1, 6, 9, 0)
        for n in range(args.photos // 4):
            images = []
            for k in range(4):
                name = f"images/arsip/{n:04d}-{k}.jpg"
                photo(content / name, (640, 427), n * 4 + k, 80)
                images.append(name)
            text = article(f"arsip-{n:04d}", day + timedelta(days=n), CATEGORIES[n % 5], images, n)
            (content / "articles" / f"arsip-{n:04d}.md").write_text(text, encoding="utf-8")
        setup["generate archive"] = round(time.perf_counter() - start, 1)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "archive")
        start = time.perf_counter()
        result = subprocess.run(build, cwd=repo, capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
        setup["cold build (warms the media cache, untimed in CI)"] = round(
            time.perf_counter() - start, 1
        )
    else:
        git(repo, "reset", "-q", "--hard", "main")
        git(repo, "clean", "-qfdx", "content")
    # As in the real repository: build output and caches are not repository
    # files (the FBS guard rails list files through git).
    shutil.copyfile(REPO / ".gitignore", repo / ".gitignore")
    base = git(repo, "rev-parse", "main")
    git(repo, "checkout", "-q", "-B", "pr")
    photo(content / "images" / "baru-12mp.jpg", (4000, 3000), 99, 90)
    new = content / "articles" / "layanan-baru-di-lembata.md"
    new.write_text(
        article("baru", datetime(2026, 11, 27, 9), "Kegiatan", ["images/baru-12mp.jpg"], 9999)
        .replace("Syndicate: tidak\n", "")
        .replace("Kegiatan Pelayanan Kepegawaian di Daerah Nomor 9999", "Layanan Baru di Lembata"),
        encoding="utf-8",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "artikel baru")
    photos = len(list((content / "images").rglob("*.jpg")))
    megapixels = Image.open(content / "images" / "baru-12mp.jpg").size

    results: dict[str, float] = {}
    changed = ["content/articles/layanan-baru-di-lembata.md", "content/images/baru-12mp.jpg"]
    timed("fbs check (changed files)", [str(BIN / "fbs"), "check", *changed], repo, results)
    timed("production build, warm media cache", build, repo, results)
    check = [str(BIN / "python"), "-m", "review", "check-site", "--content", "content"]
    check += ["--site", "build/review/site", "--manifest", "build/review/manifest.json"]
    env = {**ENV, "PYTHONPATH": str(REPO)}
    timed("site checks", check, repo, results, env)
    package = [str(BIN / "python"), "-m", "review", "build", "--base", base]
    package += ["--manifest", "build/review/manifest.json", "--site", "build/review/site"]
    package += ["--out", "build/review/package"]
    timed("review package", package, repo, results, env)
    total = round(sum(results.values()), 1)
    total_cpu = round(sum(CPU.values()), 1)
    load = os.getloadavg()[0]

    lines = [
        "",
        "## Content-only pull request (bench/content_pr.py)",
        "",
        f"{datetime.now():%Y-%m-%d}: one new article with one {megapixels[0]}×{megapixels[1]} "
        f"photo on an archive of {photos} photos ({photos // 4} gallery articles plus the "
        "sample content), media cache warm as CI restores it. Steps of fbs.yml after "
        "`make setup`, measured in one run on this shared 2-core machine "
        f"(load average {load:.1f} at the end: other jobs ran at the same time, so the "
        "CPU seconds of the steps' own processes are given too):",
        "",
        "| step | wall seconds | CPU seconds |",
        "|---|---:|---:|",
        *[f"| {k} | {v} | {CPU[k]} |" for k, v in results.items()],
        f"| **total** (budget 90) | **{total}** | **{total_cpu}** |",
        "",
        *[f"Setup, not in the total: {k} {v} s." for k, v in setup.items()],
        "",
    ]
    print("\n".join(lines))
    with open(REPO / "bench" / "RESULTS.md", "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    print(json.dumps(results))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if total <= 90 else 1


if __name__ == "__main__":
    sys.exit(main())
