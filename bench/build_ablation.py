"""Where a cold build's time goes: the same 2,000-article corpus built cold with
plugin groups switched off, best of two runs each. Complements build_speed.py
(which holds the budgets); prints a Markdown table.

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
from corpus import generate  # noqa: E402

CORE = ["plugins.bkd_content", "plugins.indonesian_dates", "plugins.feeds", "plugins.seo"]
VARIANTS = [
    ("all plugins (the project's cold build)", {}),
    ("without plugins.fbs", {"FBS_ENABLED": False}),
    ("without fbs, media, syndication", {"PLUGINS": [*CORE, "plugins.search", "plugins.compress"]}),
    ("content model, dates, feeds, SEO only", {"PLUGINS": CORE, "SEARCH_PAGEFIND": False}),
]


def cold_build(corpus: Path, work: Path, extra: dict) -> float:
    out, cache = work / "out", work / "cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    settings = {"CACHE_PATH": str(cache), "MEDIA_CACHE_PATH": str(cache / "media"), **extra}
    command = [str(Path(sys.executable).with_name("pelican")), str(corpus), "-q"]
    command += ["-s", str(ROOT / "pelicanconf.py"), "-o", str(out), "-e"]
    command += [f"{key}={json.dumps(value)}" for key, value in settings.items()]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate(args.articles, work / "corpus", seed=2026)
        print("| cold build | seconds (best of 2) |\n|---|---:|")
        for label, extra in VARIANTS:
            best = min(cold_build(work / "corpus", work, extra) for _ in range(2))
            print(f"| {label} | {best:.2f} |", flush=True)


if __name__ == "__main__":
    main()
