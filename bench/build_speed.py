"""Build-speed benchmark: the builds people run, against vanilla Pelican, in one run.

On one deterministic synthetic corpus of N Indonesian articles written like
real drafts (bench/corpus.py --drafts: about two FBS findings per article),
kept in a git repository whose `main` holds them all (a fresh clone of the
site: the findings are the backlog, not the author's new work), it measures:

- vanilla Pelican (same version, default theme `notmyidea`, no plugins);
- `make build` as an author runs it: pelicanconf.py, no `-q`, its log going
  to a terminal (a pseudo-terminal, so Pelican's rich logger draws what it
  draws for a person), from an empty output and cache ("dev cold");
- `make publish`'s build: publishconf.py with `--fatal errors`, with search,
  minified pages, .gz/.br twins and every image format ("production");
- the development rebuild with nothing changed, with one article changed
  (a sentence added, as an author saves it), and with one article's title
  changed (shown on listing pages, so every page renders; not budgeted).

Vanilla and the project's cold builds alternate, their order reversed every
round. Each cold build is run two ways, because deleting a populated output/
just before a build slows the creation of new files on ext4: into a folder
that never existed ("fresh", as on a fresh clone) and into one deleted just
before ("rm", as after `make clean`). Figures are medians over the rounds
with CPU time (user + system of the build and every process it waited for);
the fastest round is an extra column.

Also measured: peak memory of the production build of a 4,000-article
corpus (`--peak`), the save-to-refresh time of `make serve` (`--serve`), and
with `--ablations` the cold builds with one part switched off, to show what
holds a budget back.

    nice .venv/bin/python bench/build_speed.py                  # N=2000, 3 rounds, all parts
    .venv/bin/python bench/build_speed.py -n 200 --repeat 1 --no-write --no-peak --no-serve

Results go to bench/build_speed.json and the "## Build speed" section of
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import platform
import pty
import re
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))
from corpus import generate  # noqa: E402
from machine import cpu_model  # noqa: E402
from results_md import replace_section  # noqa: E402

PELICAN = [sys.executable, "-m", "pelican"]

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

# Cold builds with one part switched off (--ablations): what each part costs.
ABLATIONS = {
    "dev_without_fbs": ("dev", ("FBS_ENABLED=false",)),
    "dev_without_pagefind": ("dev", ("SEARCH_PAGEFIND=false",)),
    "prod_without_compress": ("prod", ("COMPRESS_ENABLED=false",)),
    "prod_without_pagefind": ("prod", ("SEARCH_PAGEFIND=false",)),
    "prod_one_image_format": ("prod", ('MEDIA_FORMATS=["jpeg"]',)),
}


class Run:
    """One timed build: wall and CPU seconds, peak RSS of its largest process."""

    def __init__(self, wall: float, cpu: float, maxrss_kib: int, log: str):
        self.wall, self.cpu, self.maxrss_kib, self.log = wall, cpu, maxrss_kib, log


def run_in_terminal(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run a command with a pseudo-terminal (120x40) as its stdout and stderr,
    as an author's shell gives it one; keep its output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color", **(env or {})}
    environment.pop("COLUMNS", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=environment
    )
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the terminal's last writer has gone
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    reader.join(timeout=10)
    os.close(master)
    log = b"".join(chunks).decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({code}):\n{log[-4000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, log)


def git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    subprocess.run(["git", "-C", str(folder), *identity, *args], check=True, capture_output=True)


def make_corpus(n: int, dest: Path, seed: int) -> None:
    """The corpus as a clone of the site sees it: everything committed on main."""
    generate(n, dest, seed, drafts=True)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "corpus")


class Bench:
    def __init__(self, work: Path, content: Path):
        self.work = work
        self.content = content
        self.vanilla_conf = work / "vanillaconf.py"
        self.vanilla_conf.write_text(VANILLA_CONF, encoding="utf-8")
        self.serial = 0

    def folders(self, name: str) -> tuple[Path, Path]:
        """A new output and cache folder, never used before."""
        self.serial += 1
        base = self.work / "runs" / f"{self.serial:03d}-{name}"
        return base / "output", base / "cache" / "pelican"

    def command(self, kind: str, out: Path, cache: Path, extra: tuple = ()) -> tuple[list, Path]:
        if kind == "vanilla":
            command = [*PELICAN, str(self.content), "-s", str(self.vanilla_conf), "-o", str(out)]
            return command, self.work
        settings = "pelicanconf.py" if kind == "dev" else "publishconf.py"
        command = [*PELICAN, str(self.content), "-s", str(ROOT / settings), "-o", str(out)]
        if kind == "prod":
            command += ["--fatal", "errors"]
        # plugins.media keeps its derivatives beside CACHE_PATH (cache/media):
        # a new cache folder makes the build really cold.
        command += ["-e", f'CACHE_PATH="{cache}"', *extra]
        return command, ROOT

    def build(self, kind: str, out: Path, cache: Path, extra: tuple = ()) -> Run:
        command, cwd = self.command(kind, out, cache, extra)
        return run_in_terminal(command, cwd)

    def cold(
        self, kind: str, how: str, extra: tuple = (), populated: Path | None = None
    ) -> tuple[Run, Path, Path]:
        out, cache = self.folders(f"{kind}-{how}")
        if how == "rm" and populated is not None:
            # An output this round populated, deleted just before the timed build.
            out.parent.mkdir(parents=True, exist_ok=True)
            populated.rename(out)
            shutil.rmtree(out)
        return self.build(kind, out, cache, extra), out, cache

    def tidy(self) -> None:
        """Remove this round's folders, then let the disk settle before the next."""
        shutil.rmtree(self.work / "runs", ignore_errors=True)
        os.sync()
        time.sleep(2)


def median(values):
    return statistics.median(values)


def run_rounds(n: int, seed: int, repeat: int, work: Path, ablations: bool) -> dict:
    content = work / "content"
    make_corpus(n, content, seed)
    bench = Bench(work, content)
    changed = sorted((content / "articles").glob("*.md"))[n // 2]
    original = changed.read_text(encoding="utf-8")
    rows: dict[str, list[Run]] = {}

    def add(name: str, run: Run) -> None:
        rows.setdefault(name, []).append(run)

    logs: dict[str, str] = {}
    for round_no in range(repeat):
        populated: dict[str, Path] = {}
        for how in ("fresh", "rm"):
            kinds = ["vanilla", "dev", "prod"]
            if (round_no + (how == "rm")) % 2:
                kinds.reverse()
            for kind in kinds:
                run, out, cache = bench.cold(kind, how, populated=populated.get(kind))
                populated[kind] = out
                add(f"{kind}_cold_{how}", run)
                if kind == "dev" and how == "fresh":
                    logs.setdefault("dev_cold", run.log)
                    add("dev_nochange", nochange := bench.build("dev", out, cache))
                    logs.setdefault("dev_nochange", nochange.log)
                    changed.write_text(
                        original + f"\nPembaruan ke-{round_no + 1} dan  catatan.\n",
                        encoding="utf-8",
                    )
                    add("dev_onechange", one := bench.build("dev", out, cache))
                    logs.setdefault("dev_onechange", one.log)
                    # A title shows on listing pages too: the whole site renders.
                    changed.write_text(
                        re.sub(
                            r"^Title: ",
                            f"Title: Revisi {round_no + 1}: ",
                            original,
                            count=1,
                            flags=re.M,
                        ),
                        encoding="utf-8",
                    )
                    add("dev_onetitle", bench.build("dev", out, cache))
                    changed.write_text(original, encoding="utf-8")
        if ablations and round_no == 0:
            for name, (kind, extra) in ABLATIONS.items():
                add(name, bench.cold(kind, "fresh", extra)[0])
        bench.tidy()
        print(
            f"round {round_no + 1}/{repeat}: "
            + ", ".join(f"{k} {v[-1].wall:.1f}s" for k, v in rows.items()),
            flush=True,
        )
    result = {
        "articles": n,
        "seed": seed,
        "repeat": repeat,
        "corpus": "bench/corpus.py generate(drafts=True), committed on main",
        "wall_median": {k: round(median([r.wall for r in v]), 2) for k, v in rows.items()},
        "cpu_median": {k: round(median([r.cpu for r in v]), 2) for k, v in rows.items()},
        "wall_best": {k: round(min(r.wall for r in v), 2) for k, v in rows.items()},
        "wall_all": {k: [round(r.wall, 2) for r in v] for k, v in rows.items()},
        "cpu_all": {k: [round(r.cpu, 2) for r in v] for k, v in rows.items()},
        "largest_process_rss_mib": {
            k: round(max(r.maxrss_kib for r in v) / 1024, 1) for k, v in rows.items()
        },
        "log_lines": {k: v.count("\n") for k, v in logs.items()},
        "fbs_findings_in_corpus": fbs_count(content),
    }
    return result


def fbs_count(content: Path) -> dict:
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "fbs"), "check", "--no-repo", "--format", "json",
         str(content)], capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        findings = json.loads(done.stdout)
    except ValueError:
        return {}
    errors = sum(1 for f in findings if f.get("severity") == "error")
    return {"findings": len(findings), "errors": errors}


def tree_rss_kib(root: int) -> int:
    """Sum of VmRSS over `root` and its descendants at this moment."""
    parents = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                parents[int(pid)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            pass
    total = 0
    for pid in parents:
        p = pid
        while p in parents and p != root:
            p = parents[p]
        if p == root:
            total += status_kib(pid, "VmRSS")
    return total


def peak_production(n: int, seed: int, work: Path) -> dict:
    """The production build of an n-article corpus: peak RSS of its largest
    process (exact, getrusage) and of the whole tree (sampled every 20 ms)."""
    content = work / f"content-{n}"
    generate(n, content, seed, drafts=True)
    bench = Bench(work, content)
    out, cache = bench.folders(f"peak-{n}")
    command, cwd = bench.command("prod", out, cache)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)
    reader.start()
    tree = pelican = 0
    while True:  # wait4, not poll(): its rusage is this build's alone
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        tree = max(tree, tree_rss_kib(process.pid))
        pelican = max(pelican, status_kib(process.pid, "VmHWM"))  # Pelican's own peak
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(b"".join(output).decode(errors="replace")[-4000:])
    largest = usage.ru_maxrss
    bench.tidy()
    shutil.rmtree(content, ignore_errors=True)
    return {
        "articles": n,
        "wall_s": round(wall, 1),
        "tree_peak_mib": round(tree / 1024, 1),
        "largest_process_peak_mib": round(largest / 1024, 1),
        "pelican_process_peak_mib": round(pelican / 1024, 1),
    }


def status_kib(pid: int, field: str) -> int:
    """One kB field of /proc/<pid>/status (0 once the process has gone)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def article_url(path: Path) -> str:
    date = re.search(r"^Date: (\d{4})-(\d{2})", path.read_text(encoding="utf-8"), re.M)
    return f"{date.group(1)}/{date.group(2)}/{path.stem}/"


def serve_refresh(work: Path, content: Path, edits: int, port: int = 8911) -> dict:
    """`make serve` on the corpus: after its own first build, an article is
    saved with a new sentence; measured is the time until the server answers
    the article's URL with that sentence (save-to-refresh), and until the
    rebuild has finished."""
    bench = Bench(work, content)
    out, cache = bench.folders("serve")
    bench.build("dev", out, cache)  # `make serve` runs `make build` first
    log_path = work / "serve.log"
    command = [*PELICAN, str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(out)]
    command += ["--autoreload", "--listen", "--bind", "127.0.0.1", "--port", str(port)]
    command += ["-e", f'CACHE_PATH="{cache}"']
    env = {**os.environ, "COLUMNS": "200"}
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,
        )  # fmt: skip
    targets = sorted((content / "articles").glob("*.md"))
    saves, rebuilds = [], []
    try:
        done = wait_for_log(log_path, "Done: Processed", 1, timeout=600)
        for i in range(edits):
            path = targets[(i + 1) * len(targets) // (edits + 1)]
            url = f"http://127.0.0.1:{port}/{article_url(path)}"
            marker = f"penanda{i}x{int(time.time())}"
            original = path.read_text(encoding="utf-8")
            # Pelican starts watching again only after a rebuild has finished:
            # a save in between would go unnoticed.
            time.sleep(2)
            started = time.perf_counter()
            path.write_text(original + f"\nKalimat {marker}.\n", encoding="utf-8")
            while marker not in fetch(url):
                if time.perf_counter() - started > 300:
                    raise RuntimeError(f"{url} never showed {marker}")
                time.sleep(0.05)
            saves.append(time.perf_counter() - started)
            done = wait_for_log(log_path, "Done: Processed", done + 1, timeout=300)
            rebuilds.append(time.perf_counter() - started)
            time.sleep(2)
            path.write_text(original, encoding="utf-8")
            done = wait_for_log(log_path, "Done: Processed", done + 1, timeout=300)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        bench.tidy()
    return {
        "edits": edits,
        "save_to_refresh_s": [round(s, 2) for s in saves],
        "save_to_refresh_median_s": round(median(saves), 2),
        "rebuild_done_median_s": round(median(rebuilds), 2),
    }


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for_log(path: Path, text: str, count: int, timeout: float) -> int:
    started = time.perf_counter()
    while True:
        found = path.read_text(encoding="utf-8", errors="replace").count(text)
        if found >= count:
            return found
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"{text!r} seen {found} times, not {count}: {path}")
        time.sleep(0.05)


def machine() -> dict:
    import pelican

    return {
        "cpu": cpu_model(),
        "cores_visible": os.cpu_count(),
        "python": platform.python_version(),
        "pelican": pelican.__version__,
    }


def judge(result: dict) -> dict:
    w = result["wall_median"]
    ratios = {
        "dev_cold_vs_vanilla": w["dev_cold_fresh"] / w["vanilla_cold_fresh"],
        "dev_cold_vs_vanilla_rm": w["dev_cold_rm"] / w["vanilla_cold_rm"],
        "nochange_vs_dev_cold": w["dev_nochange"] / w["dev_cold_fresh"],
        "onechange_vs_dev_cold": w["dev_onechange"] / w["dev_cold_fresh"],
        "prod_vs_vanilla": w["prod_cold_fresh"] / w["vanilla_cold_fresh"],
        "prod_vs_vanilla_rm": w["prod_cold_rm"] / w["vanilla_cold_rm"],
    }
    c = result["cpu_median"]
    cpu = {
        "dev_cold_vs_vanilla": c["dev_cold_fresh"] / c["vanilla_cold_fresh"],
        "nochange_vs_dev_cold": c["dev_nochange"] / c["dev_cold_fresh"],
        "onechange_vs_dev_cold": c["dev_onechange"] / c["dev_cold_fresh"],
        "prod_vs_vanilla": c["prod_cold_fresh"] / c["vanilla_cold_fresh"],
    }
    result["ratios"] = {k: round(v, 2) for k, v in ratios.items()}
    result["cpu_ratios"] = {k: round(v, 2) for k, v in cpu.items()}
    budgets = {
        "dev_cold_vs_vanilla": 1.6,
        "nochange_vs_dev_cold": 0.25,
        "onechange_vs_dev_cold": 0.35,
        "prod_vs_vanilla": 1.8,
    }
    result["budgets"] = {k: ratios[k] <= limit for k, limit in budgets.items()}
    if "peak" in result:
        result["budgets"]["peak_4000_mib<=400"] = result["peak"]["tree_peak_mib"] <= 400
    return result


LABELS = [
    ("vanilla_cold_fresh", "vanilla Pelican, cold, fresh output folder"),
    ("vanilla_cold_rm", "vanilla Pelican, cold, output deleted just before"),
    ("dev_cold_fresh", "`make build` (pelicanconf.py), cold, fresh output folder"),
    ("dev_cold_rm", "`make build`, cold, output deleted just before"),
    ("dev_nochange", "`make build` again, nothing changed"),
    ("dev_onechange", "`make build` again, one article changed"),
    ("dev_onetitle", "`make build` again, one article's title changed (not budgeted)"),
    ("prod_cold_fresh", "production (publishconf.py, --fatal errors), fresh output folder"),
    ("prod_cold_rm", "production, output deleted just before"),
    ("dev_without_fbs", "(ablation) dev cold without FBS"),
    ("dev_without_pagefind", "(ablation) dev cold without Pagefind"),
    ("prod_without_compress", "(ablation) production without plugins.compress"),
    ("prod_without_pagefind", "(ablation) production without Pagefind"),
    ("prod_one_image_format", "(ablation) production with JPEG derivatives only"),
]


def markdown_section(result: dict, command: str) -> str:
    mach, w, c, best = result["machine"], result["wall_median"], result["cpu_median"], None
    best = result["wall_best"]
    rss = result["largest_process_rss_mib"]
    rows = "\n".join(
        f"| {label} | {w[k]:.2f} | {c[k]:.2f} | {best[k]:.2f} | {rss[k]} |"
        for k, label in LABELS
        if k in w
    )
    r, cr, ok = result["ratios"], result["cpu_ratios"], result["budgets"]

    def verdict(key):
        return "within budget" if ok[key] else "**over budget**"

    ratio_rows = [
        ("`make build` cold / vanilla cold", "dev_cold_vs_vanilla", "≤ 1.6"),
        ("no-change rebuild / `make build` cold", "nochange_vs_dev_cold", "≤ 0.25"),
        ("one-article rebuild / `make build` cold", "onechange_vs_dev_cold", "≤ 0.35"),
        ("production cold / vanilla cold", "prod_vs_vanilla", "≤ 1.8"),
    ]
    ratios = "\n".join(
        f"| {label} | {r[k]:.2f} | {cr[k]:.2f} | {limit} | {verdict(k)} |"
        for label, k, limit in ratio_rows
    )
    extra = (
        f"| `make build` cold / vanilla, both deleted just before | "
        f"{r['dev_cold_vs_vanilla_rm']:.2f} | | | |\n"
        f"| production / vanilla, both deleted just before | {r['prod_vs_vanilla_rm']:.2f} | | | |"
    )
    text = f"""Measured {result["date"]} on {mach["cpu"]} ({mach["cores_visible"]} cores visible,
shared with other agents; the bench ran under `nice`; load average
{result["load_start"]} at the start, {result["load_end"]} at the end),
Python {mach["python"]}, Pelican {mach["pelican"]}. Corpus: {result["articles"]} synthetic
Indonesian articles written like drafts, seed {result["seed"]} ({result["corpus"]}):
{result["fbs_findings_in_corpus"].get("findings", "?")} FBS findings
({result["fbs_findings_in_corpus"].get("errors", "?")} errors) that `make check` reports.
{result["repeat"]} rounds; vanilla and the project's cold builds alternate, their order
reversed every round. Every build logs to a pseudo-terminal, as in an author's shell
(no `-q`). Medians; CPU = user + system of the build and the processes it waited for.

| build | wall s (median) | CPU s (median) | wall s (best) | largest process MiB |
|---|---:|---:|---:|---:|
{rows}

| ratio (medians) | wall | CPU | budget | |
|---|---:|---:|---:|---|
{ratios}
{extra}
"""
    if "peak" in result:
        p = result["peak"]
        verdict_peak = verdict("peak_4000_mib<=400")
        text += f"""
Peak memory of the production build at {p["articles"]} articles ({p["wall_s"]} s):
whole process tree {p["tree_peak_mib"]} MiB (sum of VmRSS sampled every 20 ms),
largest single process {p["largest_process_peak_mib"]} MiB (getrusage: Pagefind's
index service), Pelican's own process {p.get("pelican_process_peak_mib", "?")} MiB.
Budget ≤ 400 MB, judged on the whole tree: {verdict_peak}.
"""
    if "serve" in result:
        s = result["serve"]
        text += f"""
`make serve` on the same corpus, save-to-refresh (an article saved with a new sentence
until the development server answers its URL with it), {s["edits"]} saves:
median {s["save_to_refresh_median_s"]} s (each: {s["save_to_refresh_s"]}); the rebuild
itself had finished after {s["rebuild_done_median_s"]} s (median).
"""
    lines = result.get("log_lines", {})
    if lines:
        text += (
            f"\nBuild log length in lines (pseudo-terminal, 120 columns): cold "
            f"{lines.get('dev_cold', '?')}, no-change {lines.get('dev_nochange', '?')}, "
            f"one article changed {lines.get('dev_onechange', '?')}.\n"
        )
    return text + f"\nReproduce: `{command}` (raw figures: `bench/build_speed.json`).\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep the corpus and outputs here")
    parser.add_argument("--ablations", action="store_true", help="also the ablation builds")
    parser.add_argument("--no-peak", action="store_true", help="skip the 4,000-article peak")
    parser.add_argument("--peak-articles", type=int, default=4000)
    parser.add_argument("--no-serve", action="store_true", help="skip make serve's refresh")
    parser.add_argument("--serve-edits", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bkd-bench-"))
    if work.exists() and any(work.iterdir()):
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    load_start = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        result = run_rounds(args.articles, args.seed, args.repeat, work, args.ablations)
        if not args.no_serve:
            result["serve"] = serve_refresh(work, work / "content", args.serve_edits)
            print("serve:", result["serve"], flush=True)
        if not args.no_peak:
            result["peak"] = peak_production(args.peak_articles, args.seed, work)
            print("peak:", result["peak"], flush=True)
        result["machine"] = machine()
        result["load_start"] = load_start
        result["load_end"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        result["date"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        judge(result)
        command = "make setup && nice .venv/bin/python bench/build_speed.py"
        if args.articles != 2000 or args.repeat != 3:
            command += f" -n {args.articles} --repeat {args.repeat}"
        if args.ablations:
            command += " --ablations"
        print(json.dumps({k: result[k] for k in ("wall_median", "ratios", "budgets")}, indent=1))
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
