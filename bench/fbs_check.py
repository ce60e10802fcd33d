"""Benchmark of the FBS gate. Budget: `fbs check` over 2,000 bench
corpus articles in at most 10 s.

    .venv/bin/python bench/fbs_check.py                 # fbs check, 2,000 articles
    .venv/bin/python bench/fbs_check.py --pelican 500   # also build-time plugin cost

The command is run as authors and CI run it: the installed `fbs` script in a
fresh process, spelling (Hunspell) and repository guard rails included.
`--pelican N` builds N corpus articles with the site's plugins, without and
with plugins.fbs (content cache off, fresh output each time), to show what
the plugin adds to `make build`. Results are recorded in bench/RESULTS-fbs.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from bench.corpus import generate  # noqa: E402
from bench.machine import cpu_model  # noqa: E402


def timed(
    command: list[str], runs: int, env=None
) -> tuple[list[float], subprocess.CompletedProcess]:
    times, last = [], None
    for _ in range(runs):
        start = time.perf_counter()
        last = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
    return times, last


def machine() -> str:
    python = platform.python_version()
    return f"{cpu_model()}, {os.cpu_count()} CPU, Python {python}, {platform.system()}"


def bench_check(corpus: Path, runs: int) -> dict:
    times, last = timed([str(BIN / "fbs"), "check", str(corpus), "--format", "json"], runs)
    findings = json.loads(last.stdout)
    return {
        "runs_s": [round(t, 2) for t in times],
        "median_s": round(statistics.median(times), 2),
        "exit": last.returncode,
        "findings": len(findings),
    }


def bench_pelican(n: int, runs: int, tmp: Path) -> dict:
    import pelicanconf  # the repository root is on sys.path (above)

    corpus = tmp / f"pelican-{n}"
    generate(n, corpus, seed=1)
    plugins = [p for p in pelicanconf.PLUGINS if p != "plugins.fbs"]
    env = {**os.environ, "LANG": "C", "LC_ALL": "C"}
    result = {}
    vanilla = [
        'THEME="notmyidea"',
        'DIRECT_TEMPLATES=["index", "categories", "tags", "authors", "archives"]',
    ]
    configs = (
        ("vanilla_pelican", [], vanilla),
        ("site_without_fbs", plugins, []),
        ("site_with_fbs", [*plugins, "plugins.fbs"], []),
    )
    for label, plugin_list, overrides in configs:
        times = []
        for i in range(runs):
            out = tmp / f"out-{label}-{i}"
            command = [
                str(BIN / "pelican"), str(corpus), "-s", str(REPO / "pelicanconf.py"),
                "-o", str(out), "-q",
                "-e", f"PLUGINS={json.dumps(plugin_list)}", "LOAD_CONTENT_CACHE=false",
                "CACHE_CONTENT=false", f"CACHE_PATH={json.dumps(str(tmp / 'cache'))}",
                *overrides,
            ]  # fmt: skip
            t, proc = timed(command, 1, env)
            if proc.returncode != 0:
                raise SystemExit(proc.stdout + proc.stderr)
            times += t
        result[label] = round(statistics.median(times), 2)
    added = result["site_with_fbs"] - result["site_without_fbs"]
    result["fbs_added_s"] = round(added, 2)
    result["fbs_added_vs_vanilla"] = round(added / result["vanilla_pelican"], 2)
    result["with_fbs_vs_without"] = round(result["site_with_fbs"] / result["site_without_fbs"], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pelican", type=int, default=0, help="also time N-article builds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fbs-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        generate(args.articles, corpus, seed=1)
        report = {"machine": machine(), "articles": args.articles}
        report["fbs_check"] = bench_check(corpus, args.runs)
        if args.pelican:
            report["pelican_articles"] = args.pelican
            report["pelican_build_s"] = bench_pelican(args.pelican, args.runs, tmp)
    print(json.dumps(report, indent=2))
    median = report["fbs_check"]["median_s"]
    print(f"fbs check: {median} s (anggaran 10 s: {'OK' if median <= 10 else 'LEWAT'})")


if __name__ == "__main__":
    main()
