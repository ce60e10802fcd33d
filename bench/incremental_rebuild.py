"""Development rebuilds with and without plugins.incremental, alternating in one run.

On the synthetic draft corpus of bench/build_speed.py (N articles, git repo
with everything committed on main), two sites are built cold from the same
content: A with INCREMENTAL_RENDER off (every page rendered, as before), B
with it on (pelicanconf.py's default), sharing one media cache filled
before the timings (photo encoding is the same in both). Each round then
rebuilds both, in alternating order:

- no change: nothing edited since each site's last build;
- one article: a sentence added to (or removed from) one article's body, as
  an author saves it; A and B both see that one change.

Figures are wall and CPU seconds (user + system of the build and all its
children) per build, medians over the rounds; the ratio columns divide by the
median cold development build of B, the budget's reference (issue 19:
no-change <= 0.25x, one article <= 0.35x). Pelican's log goes to a file: the
FBS backlog line and its per-file lines cost the same in A and B.

    nice .venv/bin/python bench/incremental_rebuild.py -n 2000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from build_speed import make_corpus  # noqa: E402

MARK = " Kalimat tambahan untuk uji pembangunan ulang."


def build(
    content: Path, work: Path, name: str, on: bool, media: Path | None
) -> tuple[float, float]:
    out, cache = work / name / "output", work / name / "cache" / "pelican"
    command = [
        sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"),
        "-o", str(out), "-e", f'CACHE_PATH="{cache}"',
        f"INCREMENTAL_RENDER={'true' if on else 'false'}",
    ]  # fmt: skip
    if media is not None:
        command.append(f'MEDIA_CACHE_PATH="{media}"')
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(work / f"{name}.log", "a", encoding="utf-8") as log:
        subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def last_build(work: Path, name: str) -> dict:
    record = work / name / "cache" / "pelican" / "incremental.json"
    return json.loads(record.read_text())["last_build"] if record.exists() else {}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-incremental"))
    parser.add_argument(
        "--media-cache", type=Path, help="a media cache of this corpus (else a warm-up build)"
    )
    args = parser.parse_args(argv)
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    content = work / "content"
    make_corpus(args.n, content, 2026)
    article = sorted((content / "articles").rglob("*.md"))[args.n // 2]
    text = article.read_text(encoding="utf-8")
    runs: dict[str, list[tuple[float, float]]] = {}

    def add(key: str, run: tuple[float, float]) -> None:
        runs.setdefault(key, []).append(run)
        print(f"{key:22s} wall {run[0]:6.2f} s  cpu {run[1]:6.2f} s", flush=True)

    media = args.media_cache
    if media is None:
        # Photos encoded once, outside the timings: both sites share them.
        media = work / "media"
        build(content, work, "warm-up", False, media)
        shutil.rmtree(work / "warm-up")
    for name, on in (("A", False), ("B", True)):
        add(f"cold {name}", build(content, work, name, on, media))
    for i in range(args.rounds):
        order = [("A", False), ("B", True)] if i % 2 == 0 else [("B", True), ("A", False)]
        for name, on in order:
            add(f"no change {name}", build(content, work, name, on, media))
        print("  B:", last_build(work, "B"), flush=True)
        text = text.replace(MARK, "") if MARK in text else text.rstrip("\n") + MARK + "\n"
        article.write_text(text, encoding="utf-8")
        for name, on in order:
            add(f"one article {name}", build(content, work, name, on, media))
        print("  B:", last_build(work, "B"), flush=True)
    medians = {
        key: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for key, v in runs.items()
    }
    cold = medians["cold B"]
    print(f"\nmedians over {args.rounds} rounds, N={args.n}, load {os.getloadavg()}")
    print("| build | wall s | CPU s | wall / cold B | CPU / cold B |")
    print("|---|---|---|---|---|")
    for key, (wall, cpu) in medians.items():
        print(f"| {key} | {wall:.2f} | {cpu:.2f} | {wall / cold[0]:.2f} | {cpu / cold[1]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
