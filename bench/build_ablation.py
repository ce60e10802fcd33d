"""Where a cold build's time goes: the same 2,000-article corpus built cold with
plugin groups switched off, best of two runs each, beside vanilla Pelican.
Complements build_speed.py (which holds the budgets); prints a Markdown table.

    .venv/bin/python bench/build_ablation.py [-n 2000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from build_speed import VANILLA_CONF  # noqa: E402
from corpus import generate  # noqa: E402

CORE = ["plugins.bkd_content", "plugins.indonesian_dates", "plugins.feeds", "plugins.seo"]
PUBLISH, DEVELOP = ROOT / "publishconf.py", ROOT / "pelicanconf.py"
VARIANTS = [
    ("development settings: as published + FBS warnings", DEVELOP, {}),
    ("as published (publishconf.py, the budgeted build)", PUBLISH, {}),
    ("as published, without plugins.compress", PUBLISH, {"COMPRESS_ENABLED": False}),
    ("as published, without Pagefind", PUBLISH, {"SEARCH_PAGEFIND": False}),
    ("as published, without media and syndication", PUBLISH, {
        "PLUGINS": [*CORE, "plugins.search", "plugins.compress"]
    }),
    ("content model, dates, feeds, SEO only", PUBLISH, {
        "PLUGINS": CORE, "SEARCH_PAGEFIND": False
    }),
]  # fmt: skip


def cold_build(corpus: Path, work: Path, conf: Path, extra: dict) -> float:
    out, cache = work / "out", work / "cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    settings = {"CACHE_PATH": str(cache), "MEDIA_CACHE_PATH": str(cache / "media"), **extra}
    command = [str(Path(sys.executable).with_name("pelican")), str(corpus), "-q"]
    command += ["-s", str(conf), "-o", str(out), "-e"]
    command += [f"{key}={json.dumps(value)}" for key, value in settings.items()]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def vanilla_build(corpus: Path, work: Path) -> float:
    conf = work / "vanillaconf.py"
    conf.write_text(VANILLA_CONF, encoding="utf-8")
    out = work / "out-vanilla"
    shutil.rmtree(out, ignore_errors=True)
    command = [str(Path(sys.executable).with_name("pelican")), str(corpus), "-q"]
    command += ["-s", str(conf), "-o", str(out)]
    start = time.perf_counter()
    subprocess.run(command, cwd=work, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate(args.articles, work / "corpus", seed=2026)
        corpus = work / "corpus"
        vanilla = min(vanilla_build(corpus, work) for _ in range(2))
        print("| cold build | seconds (best of 2) | / vanilla |\n|---|---:|---:|")
        print(f"| vanilla Pelican | {vanilla:.2f} | 1.00 |", flush=True)
        for label, conf, extra in VARIANTS:
            best = min(cold_build(corpus, work, conf, extra) for _ in range(2))
            print(f"| {label} | {best:.2f} | {best / vanilla:.2f} |", flush=True)


if __name__ == "__main__":
    main()
