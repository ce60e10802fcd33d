"""Build-speed benchmark: this project's Pelican build against vanilla Pelican.

In one run, on one deterministic synthetic corpus of N Indonesian articles, it
measures:

- vanilla Pelican (same version, default theme `notmyidea`, no plugins, its
  default feeds);
- this project's full cold build as it is published (`make publish`'s
  publishconf.py: every plugin that shapes the site, i.e. search index,
  feeds, SEO, media, syndication manifest, compression; empty cache, empty
  output). This is the build the budget is about;
- the same cold build with the development settings (`make build`,
  pelicanconf.py), which also logs the FBS findings of every article (the
  merge gate has already checked them; publishconf.py leaves this out);
- this project's rebuild with nothing changed (development settings, warm
  cache), and after one article changed;
- peak memory (max RSS of each build, its subprocesses included).

Budgets: cold build <= 1.5 x vanilla; no-change rebuild <= 0.6 x
the cold build with the same (development) settings. Results go to
bench/build_speed.json and the "## Build speed" section of bench/RESULTS.md.

    .venv/bin/python bench/build_speed.py                 # N=2000, 3 repeats
    .venv/bin/python bench/build_speed.py -n 200 --repeat 1 --no-write
    .venv/bin/python bench/build_speed.py --profile       # + where a cold build's time goes

The corpus comes from bench/corpus.py (`generate(n, dest, seed)`) when that
module exists; otherwise from the small generator below.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))
from machine import cpu_model  # noqa: E402
from results_md import replace_section  # noqa: E402

CATEGORIES = ["Berita", "Pengumuman", "Kegiatan", "Regulasi", "Layanan"]
TAGS = [
    "ASN", "PNS", "PPPK", "CPNS", "kenaikan pangkat", "pensiun", "mutasi", "disiplin", "cuti",
    "gaji", "seleksi", "formasi", "SIASN", "MyASN", "Taspen", "pelatihan", "sosialisasi",
    "guru", "tenaga kesehatan", "Kupang", "Sumba Timur", "Alor", "Manggarai", "Belu",
    "layanan", "jadwal", "penghargaan", "SKP", "netralitas", "peraturan",
]  # fmt: skip
PLACES = ["Kupang", "Alor", "Sumba Timur", "Manggarai", "Belu", "Rote Ndao", "Ende", "Sikka"]
WORDS = (  # noqa: SIM905 - prose is easier to edit as prose
    "pegawai kepegawaian aparatur sipil negara pemerintah provinsi layanan berkas usulan "
    "jadwal seleksi formasi pensiun mutasi pangkat jabatan fungsional pelatihan kompetensi "
    "disiplin cuti tunjangan gaji kinerja sasaran evaluasi sosialisasi kegiatan peserta "
    "kabupaten kota daerah kantor badan bidang kepala sekretariat data pembaruan aplikasi "
    "dokumen verifikasi persyaratan ketentuan peraturan pelaksanaan penetapan pengumuman "
    "informasi masyarakat guru sekolah tenaga kesehatan rumah sakit pelayanan publik"
).split()


def minimal_corpus(n: int, dest: Path, seed: int) -> None:
    """N articles in the project's front-matter format, reproducible from seed."""
    rng = random.Random(seed)
    articles = dest / "articles"
    images = dest / "images"
    articles.mkdir(parents=True)
    images.mkdir()
    pool = sorted((ROOT / "content" / "images").glob("*.jpg"))[:4]
    for image in pool:
        shutil.copy2(image, images / image.name)
    start = dt.datetime(2020, 1, 6, 8, 0)
    for i in range(n):
        place = rng.choice(PLACES)
        topic = " ".join(rng.sample(WORDS, 3))
        title = f"{topic.capitalize()} di {place} ({i + 1})"
        date = start + dt.timedelta(hours=19 * i + rng.randrange(0, 8))
        tags = ", ".join(sorted(rng.sample(TAGS, 3)))
        paragraphs = []
        for _ in range(rng.randint(4, 8)):
            sentence_count = rng.randint(3, 6)
            sentences = []
            for _ in range(sentence_count):
                words = rng.choices(WORDS, k=rng.randint(8, 16))
                sentences.append(" ".join(words).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        body = "\n\n".join([*paragraphs[:2], "## Rincian", *paragraphs[2:]])
        front = [
            f"Title: {title}",
            f"Date: {date:%Y-%m-%d %H:%M}",
            f"Category: {rng.choice(CATEGORIES)}",
            f"Tags: {tags}",
            f"Summary: Ringkasan {topic} untuk ASN di {place}.",
            "Author: Tim Humas BKD NTT",
        ]
        if pool and i % 3 == 0:
            image = pool[i % len(pool)].name
            front += [
                f"Image: images/{image}",
                f"ImageAlt: Ilustrasi kegiatan {topic} di {place}",
                "ImageCredit: Ilustrasi: BKD NTT (CC0)",
            ]
        text = "\n".join(front) + "\n\n" + body + "\n"
        (articles / f"artikel-{i + 1:05d}.md").write_text(text, encoding="utf-8")


def make_corpus(n: int, dest: Path, seed: int) -> str:
    try:
        from corpus import generate  # bench/corpus.py, beside this script on sys.path
    except ImportError:  # a checkout from before bench/corpus.py existed
        minimal_corpus(n, dest, seed)
        return "bench/build_speed.py minimal_corpus()"
    generate(n, dest, seed)
    return "bench/corpus.py generate()"


VANILLA_CONF = """\
# Vanilla Pelican: default theme (notmyidea), no plugins, default feeds.
AUTHOR = "Bench"
SITENAME = "Vanilla"
SITEURL = ""
TIMEZONE = "Asia/Makassar"
DEFAULT_LANG = "id"
ARTICLE_PATHS = ["articles"]
STATIC_PATHS = ["images"]
PLUGINS = []
DEFAULT_PAGINATION = 10
# Same URL source as the project: synthetic titles repeat, file names do not.
SLUGIFY_SOURCE = "basename"
"""


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall time (s), CPU time (user+system s) and peak RSS (KiB), each counting the
    process and the children it waited for (Pagefind, image encoders)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output[-4000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def pelican(
    content: Path, output: Path, settings: Path, cache: Path | None, extra: tuple = ()
) -> list[str]:
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings)]
    command += ["-o", str(output), "-q"]
    if cache is not None or extra:
        command += ["-e", *([f'CACHE_PATH="{cache}"'] if cache else []), *extra]
    return command


# Cold builds with one part switched off, to show what each part costs.
ABLATIONS = {
    "cold_without_compress": ("COMPRESS_ENABLED=false",),
    "cold_without_pagefind": ("SEARCH_PAGEFIND=false",),
}


def run_benchmark(n: int, seed: int, repeat: int, work: Path) -> dict:
    content = work / "content"
    source = make_corpus(n, content, seed)
    vanilla_conf = work / "vanillaconf.py"
    vanilla_conf.write_text(VANILLA_CONF, encoding="utf-8")
    project_conf = ROOT / "pelicanconf.py"
    publish_conf = ROOT / "publishconf.py"
    changed = sorted((content / "articles").glob("*.md"))[n // 2]
    original = changed.read_text(encoding="utf-8")

    rows: dict[str, list[tuple[float, float, int]]] = {
        "vanilla": [],
        "cold": [],
        "cold_dev": [],
        "nochange": [],
        "onechange": [],
        **{name: [] for name in ABLATIONS},
    }
    for round_no in range(repeat):
        # Alternate the order so a warming disk cache does not favour one side.
        out_v = work / "out-vanilla"
        out_p = work / "out-project"
        # plugins.media keeps its derivatives beside CACHE_PATH (cache/media):
        # removing the whole folder makes the cold build really cold.
        cache_p = work / "cache" / "pelican"
        out_pub, cache_pub = work / "out-publish", work / "cache-publish" / "pelican"
        for path in (out_v, out_p, out_pub, work / "cache", cache_pub.parent):
            shutil.rmtree(path, ignore_errors=True)
        steps = ["vanilla", "cold", "cold_dev"]
        if round_no % 2:
            steps.reverse()
        for step in steps:
            if step == "vanilla":
                rows["vanilla"].append(timed(pelican(content, out_v, vanilla_conf, None), work))
            elif step == "cold":
                command = pelican(content, out_pub, publish_conf, cache_pub)
                rows["cold"].append(timed(command, ROOT))
            else:
                command = pelican(content, out_p, project_conf, cache_p)
                rows["cold_dev"].append(timed(command, ROOT))
        rows["nochange"].append(timed(pelican(content, out_p, project_conf, cache_p), ROOT))
        changed.write_text(original + f"\nPembaruan ke-{round_no + 1}.\n", encoding="utf-8")
        rows["onechange"].append(timed(pelican(content, out_p, project_conf, cache_p), ROOT))
        changed.write_text(original, encoding="utf-8")
        for name, extra in ABLATIONS.items():
            out_a, cache_a = work / f"out-{name}", work / f"cache-{name}" / "pelican"
            for path in (out_a, cache_a.parent):
                shutil.rmtree(path, ignore_errors=True)
            command = pelican(content, out_a, publish_conf, cache_a, extra)
            rows[name].append(timed(command, ROOT))
        print(f"round {round_no + 1}/{repeat}: " + ", ".join(
            f"{k} {v[-1][0]:.2f}s" for k, v in rows.items()
        ), flush=True)  # fmt: skip

    # On a shared machine other jobs only ever add time, so the fastest round is
    # the best estimate of the build's own cost; the median is kept for reference.
    def best(key, column=0):
        return min(row[column] for row in rows[key])

    def median(key):
        return statistics.median(row[0] for row in rows[key])

    def peak(key):
        return max(row[2] for row in rows[key])

    pages = sum(1 for _ in (work / "out-publish").rglob("*.html"))
    result = {
        "articles": n,
        "seed": seed,
        "repeat": repeat,
        "corpus": source,
        "html_pages_written": pages,
        "seconds_best": {k: round(best(k), 3) for k in rows},
        "seconds_median": {k: round(median(k), 3) for k in rows},
        "cpu_seconds_best": {k: round(best(k, 1), 3) for k in rows},
        "seconds_all": {k: [round(row[0], 3) for row in v] for k, v in rows.items()},
        "cpu_seconds_all": {k: [round(row[1], 3) for row in v] for k, v in rows.items()},
        "peak_rss_mib": {k: round(peak(k) / 1024, 1) for k in rows},
    }
    result["ratios"] = {
        "cold_vs_vanilla": round(best("cold") / best("vanilla"), 3),
        "cold_dev_vs_vanilla": round(best("cold_dev") / best("vanilla"), 3),
        "nochange_vs_cold": round(best("nochange") / best("cold_dev"), 3),
        "onechange_vs_cold": round(best("onechange") / best("cold_dev"), 3),
    }
    result["cpu_ratios"] = {
        "cold_vs_vanilla": round(best("cold", 1) / best("vanilla", 1), 3),
        "cold_dev_vs_vanilla": round(best("cold_dev", 1) / best("vanilla", 1), 3),
        "nochange_vs_cold": round(best("nochange", 1) / best("cold_dev", 1), 3),
        "onechange_vs_cold": round(best("onechange", 1) / best("cold_dev", 1), 3),
    }
    result["budgets"] = {
        "cold_vs_vanilla<=1.5": result["ratios"]["cold_vs_vanilla"] <= 1.5,
        "nochange_vs_cold<=0.6": result["ratios"]["nochange_vs_cold"] <= 0.6,
    }
    return result


def profile_cold_build(work: Path, top: int = 25) -> str:
    """cProfile of one cold project build: what dominates the time."""
    out = work / "out-profile"
    cache = work / "cache-profile" / "pelican"
    for path in (out, cache.parent):
        shutil.rmtree(path, ignore_errors=True)
    stats_file = work / "cold.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "pelican"]
    command += pelican(work / "content", out, ROOT / "publishconf.py", cache)[3:]
    timed(command, ROOT)
    stream = __import__("io").StringIO()
    stats = pstats.Stats(str(stats_file), stream=stream)
    stats.sort_stats("cumulative").print_stats(top)
    return stream.getvalue(), summarize_profile(stats)


def summarize_profile(stats: pstats.Stats) -> str:
    """Where a cold build's time goes: Pelican's phases and each plugin's largest handler."""
    phases = {
        "generate_context": "Pelican: read and parse content (plugin readers included)",
        "generate_output": "Pelican: render and write pages (template filters included)",
    }
    found: dict[str, float] = {}
    plugins: dict[str, tuple[float, str]] = {}
    total = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        total = max(total, cumulative)
        if filename.endswith("pelican/generators.py") and name in phases:
            found[name] = found.get(name, 0.0) + cumulative
        marker = f"{ROOT.name}/plugins/"
        if marker in filename:
            plugin = filename.split(marker, 1)[1].split("/", 1)[0]
            if cumulative > plugins.get(plugin, (0.0, ""))[0]:
                plugins[plugin] = (cumulative, name)
    lines = [
        "",
        f"Profile of one cold build (cProfile, {total:.1f} s with profiling overhead; "
        "a plugin's row is its largest handler, which may overlap Pelican's phases; "
        "work in subprocesses (compress's workers, Pagefind, "
        "image encoders) is only seen where the main process waits for it):",
        "",
        "| part | seconds |",
        "|---|---:|",
    ]
    for key, label in phases.items():
        lines.append(f"| {label} | {found.get(key, 0.0):.2f} |")
    for plugin, (seconds, name) in sorted(plugins.items(), key=lambda i: -i[1][0]):
        lines.append(f"| plugins.{plugin} (`{name}`) | {seconds:.2f} |")
    return "\n".join(lines) + "\n"


def machine() -> dict:
    import pelican

    return {
        "cpu": cpu_model(),
        "cores_visible": os.cpu_count(),
        "python": platform.python_version(),
        "pelican": pelican.__version__,
        "os": platform.platform(),
    }


def markdown_section(result: dict, command: str) -> str:
    w, c, med = result["seconds_best"], result["cpu_seconds_best"], result["seconds_median"]
    r, cr = result["ratios"], result["cpu_ratios"]
    r_cold, c_cold = r["cold_vs_vanilla"], cr["cold_vs_vanilla"]
    r_dev, c_dev = r["cold_dev_vs_vanilla"], cr["cold_dev_vs_vanilla"]
    r_no, c_no = r["nochange_vs_cold"], cr["nochange_vs_cold"]
    r_one, c_one = r["onechange_vs_cold"], cr["onechange_vs_cold"]
    m = result["peak_rss_mib"]
    ok = {True: "within budget", False: "**over budget**"}
    cold_ok = ok[result["budgets"]["cold_vs_vanilla<=1.5"]]
    no_ok = ok[result["budgets"]["nochange_vs_cold<=0.6"]]
    mach = result["machine"]
    rows = [
        ("vanilla Pelican (notmyidea, no plugins)", "vanilla"),
        (
            "project, cold, as published (publishconf.py: search, feeds, SEO, media, compression)",
            "cold",
        ),
        ("project, cold, development (pelicanconf.py: the above + FBS warnings)", "cold_dev"),
        ("project, development rebuild, nothing changed", "nochange"),
        ("project, development rebuild, one article changed", "onechange"),
        ("(ablation) project cold without plugins.compress", "cold_without_compress"),
        ("(ablation) project cold without Pagefind indexing", "cold_without_pagefind"),
    ]
    table = "\n".join(
        f"| {label} | {w[k]:.2f} | {med[k]:.2f} | {c[k]:.2f} | {m[k]} |" for label, k in rows
    )
    profile = result.get("profile_summary", "")
    return f"""Measured {result["date"]} on {mach["cpu"]} ({mach["cores_visible"]} cores visible,
shared with other jobs: load average {result.get("load_average", "?")} at the start),
Python {mach["python"]}, Pelican {mach["pelican"]}. Corpus: {result["articles"]} synthetic
Indonesian articles, seed {result["seed"]} ({result["corpus"]}); the project build wrote
{result["html_pages_written"]} HTML pages. {result["repeat"]} rounds, each from an empty
output and cache, vanilla and the cold builds alternating in order. Ratios use the
fastest round (other jobs on the machine only ever add time); medians and CPU time are
shown for reference.

| build | wall s (best) | wall s (median) | CPU s (best) | peak RSS MiB |
|---|---:|---:|---:|---:|
{table}

| ratio | wall | CPU | budget | |
|---|---:|---:|---:|---|
| cold (as published) / vanilla | {r_cold:.2f} | {c_cold:.2f} | ≤ 1.5 | {cold_ok} |
| cold (development) / vanilla | {r_dev:.2f} | {c_dev:.2f} | | |
| no-change rebuild / cold (development) | {r_no:.2f} | {c_no:.2f} | ≤ 0.6 | {no_ok} |
| one-change rebuild / cold (development) | {r_one:.2f} | {c_one:.2f} | | |
{profile}
Reproduce: `{command}` (raw figures: `bench/build_speed.json`).
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep the corpus and outputs here")
    parser.add_argument("--profile", action="store_true", help="also cProfile a cold build")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bkd-bench-"))
    if work.exists() and any(work.iterdir()):
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        result = run_benchmark(args.articles, args.seed, args.repeat, work)
        result["machine"] = machine()
        result["load_average"] = load
        result["date"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        command = "make setup && .venv/bin/python bench/build_speed.py"
        if args.articles != 2000 or args.repeat != 3:
            command += f" -n {args.articles} --repeat {args.repeat}"
        if args.profile:
            result["profile_top"], result["profile_summary"] = profile_cold_build(work)
            print(result["profile_top"])
            print(result["profile_summary"])
        print(json.dumps({k: result[k] for k in ("seconds_best", "ratios", "cpu_ratios")}))
        if not args.no_write:
            (BENCH / "build_speed.json").write_text(
                json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            replace_section(BENCH / "RESULTS.md", "Build speed", markdown_section(result, command))
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all(result["budgets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
