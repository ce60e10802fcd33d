"""Syndication budgets (issue 6), measured and written to bench/RESULTS-syndicate.md.

1. ``syndicate plan`` on 2,000 published articles ≤ 3 s. The articles come from
   ``bench/corpus.py`` (generate(2000, dest, seed=1)); their front matter is
   turned into a manifest the way plugins.syndication does (without a Pelican
   build, which is not what this budget measures); half of them already have a
   ledger file. Timed as the admin runs it: the console script in a new process.
2. Engine overhead ≤ 50 ms per article and platform, with the platforms
   answering instantly: ``Engine.publish`` over instant in-memory adapters
   (compose, eligibility, ledger pending+done with fsync, progress output).
   For context it also publishes to the real sandbox over HTTP (real clients,
   sandbox in another process) and reports wall and CPU time per item.

    .venv/bin/python bench/syndicate_bench.py [--articles 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import corpus  # noqa: E402  (bench/corpus.py)

SYNDICATE = Path(sys.executable).with_name("syndicate")


def manifest_from_corpus(content: Path, site: str) -> list[dict]:
    articles = []
    for path in sorted((content / "articles").glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        meta = {}
        for line in head.splitlines():
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip()
        date = datetime.fromisoformat(meta["date"].replace(" ", "T")).astimezone()
        slug = path.stem
        url = f"{site}/{date:%Y/%m}/{slug}/"
        image = {"url": f"{site}/media/{slug}-og.jpg", "alt": meta.get("imagealt", "")}
        articles.append(
            {
                "id": f"{date:%Y%m%d}-{slug}",
                "url": url,
                "title": meta.get("title", slug),
                "summary": meta.get("summary", ""),
                "tags": [t.strip() for t in meta.get("tags", "").split(",") if t.strip()],
                "category": meta.get("category", ""),
                "date": date.isoformat(),
                "platforms": ["facebook", "instagram", "x", "youtube"],
                "overrides": {},
                "og_image": image,
                "instagram_image": {"url": f"{site}/media/{slug}-ig.jpg", "alt": image["alt"]},
                "gallery": [],
                "video": None,
            }
        )
    return articles


def write_manifest(path: Path, articles: list[dict], site: str) -> None:
    path.write_text(
        json.dumps(
            {"version": 1, "site_url": site, "settings": {}, "articles": articles},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


def bench_plan(n: int, runs: int, work: Path) -> dict:
    content = work / "corpus"
    corpus.generate(n, content, seed=1)
    articles = manifest_from_corpus(content, "https://bkd.nttprov.go.id")
    manifest = work / "manifest.json"
    write_manifest(manifest, articles, "https://bkd.nttprov.go.id")
    from syndicate.ledger import Ledger

    ledger = Ledger(work / "ledger")
    for article in articles[: n // 2]:
        for p in ("facebook", "instagram", "x"):
            ledger.set(article["id"], p, article["url"], state="done", post_id="1", url="https://x")
    env = {
        **os.environ,
        "SYNDICATE_MANIFEST": str(manifest),
        "SYNDICATE_LEDGER_DIR": str(work / "ledger"),
        "SYNDICATE_SINCE": "2000-01-01",
        "SYNDICATE_MAX_AGE_DAYS": "36500",  # the corpus's dates span years
    }
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [str(SYNDICATE), "plan"], env=env, capture_output=True, text=True, check=True
        )
        times.append(time.perf_counter() - start)
    last = out.stdout.strip().splitlines()[-1]
    return {"articles": len(articles), "times": times, "summary": last}


class InstantAdapter:
    """Answers at once; counts calls. Stands in for a platform with zero latency."""

    refusals_are_final = True
    resume_session = None

    def __init__(self, platform_name, settings, *, env=None, base_dir=None):
        self.platform = platform_name
        self.label = platform_name
        self.count = 0

    def save_session(self, session):
        pass

    def preview(self, post):
        return []

    def check_credentials(self):
        pass

    def check_limits(self):
        pass

    def publish(self, post):
        from syndicate.adapters.base import Published

        self.count += 1
        return Published(f"{self.platform}-{self.count}", f"https://example/{self.count}")

    def find_existing(self, post, fresh=True):
        return None

    def after_done(self, post, published):
        return {}


def bench_engine_instant(n: int, work: Path) -> dict:
    from syndicate.contract import Manifest
    from syndicate.engine import Engine
    from syndicate.ledger import Ledger
    from syndicate.settings import Settings

    content = work / "corpus-small"
    corpus.generate(n, content, seed=2)
    articles = manifest_from_corpus(content, "https://bkd.nttprov.go.id")
    manifest_path = work / "manifest-small.json"
    write_manifest(manifest_path, articles, "https://bkd.nttprov.go.id")
    manifest = Manifest.read(manifest_path)
    settings = Settings.load(
        {},
        env={
            "SYNDICATE_SINCE": "2000-01-01",
            "SYNDICATE_CHECK_LIVE": "0",
            "SYNDICATE_MAX_AGE_DAYS": "36500",
        },
    )
    engine = Engine(
        manifest,
        settings,
        Ledger(work / "ledger-instant"),
        adapter_factory=InstantAdapter,
        out=lambda line: None,
    )
    start, cpu = time.perf_counter(), time.process_time()
    result = engine.publish(engine.plan())
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    items = result.counts["posted"]
    return {"items": items, "wall_ms": wall * 1000 / items, "cpu_ms": cpu * 1000 / items}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_engine_sandbox(n: int, work: Path) -> dict:
    """Real clients, sandbox in another process, a local static site."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from PIL import Image

    site_root = work / "site"
    (site_root / "media").mkdir(parents=True)
    Image.new("RGB", (1080, 1350), (20, 90, 140)).save(site_root / "media" / "ig.jpg", "JPEG")
    Image.new("RGB", (1200, 630), (20, 90, 140)).save(site_root / "media" / "og.jpg", "JPEG")

    class Quiet(SimpleHTTPRequestHandler):
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site_root))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{httpd.server_address[1]}"
    articles = manifest_from_corpus(work / "corpus-small", site)[:n]
    for article in articles:
        article["og_image"]["url"] = f"{site}/media/og.jpg"
        article["instagram_image"]["url"] = f"{site}/media/ig.jpg"
        page = site_root / article["url"].removeprefix(site + "/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<!doctype html><title>ok</title>")
    manifest = work / "manifest-sandbox.json"
    write_manifest(manifest, articles, site)

    config = work / "sandbox.json"
    config.write_text(
        json.dumps(
            {"instagram": {"container_processing_seconds": 0}, "x": {"tweets_per_window": 100000}}
        )
    )
    port = free_port()
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "bkd_sandbox", "--port", str(port), "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        from bkd_sandbox.devserve import demo_env, wait_for

        assert wait_for(f"http://127.0.0.1:{port}/_sandbox/health", 20)
        env = {
            **os.environ,
            **demo_env(f"http://127.0.0.1:{port}", work / "ledger-sandbox", manifest),
            "SYNDICATE_IG_POLL_INTERVAL": "0.01",
        }
        code = (
            "import resource, sys, time; from syndicate import cli; t=time.perf_counter(); "
            "rc=cli.main(['publish']); w=time.perf_counter()-t; "
            "u=resource.getrusage(resource.RUSAGE_SELF); "
            "print('BENCH', w, u.ru_utime+u.ru_stime, file=sys.stderr); sys.exit(rc)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=work
        )
    finally:
        sandbox.terminate()
        sandbox.wait(10)
        httpd.shutdown()
    posted = len(re.findall(r": posted ", out.stdout))
    wall, cpu = map(float, re.search(r"BENCH (\S+) (\S+)", out.stderr).groups())
    return {
        "items": posted,
        "wall_ms": wall * 1000 / posted,
        "cpu_ms": cpu * 1000 / posted,
        "rc": out.returncode,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine-articles", type=int, default=200)
    parser.add_argument("--sandbox-articles", type=int, default=20)
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS-syndicate.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plan = bench_plan(args.articles, args.runs, work)
        instant = bench_engine_instant(args.engine_articles, work)
        real = bench_engine_sandbox(args.sandbox_articles, work)
    lines = [
        f"### {datetime.now():%Y-%m-%d %H:%M} · {platform.node()} · Python "
        f"{platform.python_version()} · {os.cpu_count()} CPUs",
        "",
        f"- `syndicate plan`, {plan['articles']} articles (half with ledger files), new process: "
        + ", ".join(f"{t:.2f} s" for t in plan["times"])
        + f" (median {statistics.median(plan['times']):.2f} s; budget 3 s). {plan['summary']}",
        f"- Engine overhead, instant platforms, {instant['items']} article×platform items: "
        f"{instant['wall_ms']:.2f} ms wall, {instant['cpu_ms']:.2f} ms CPU per item "
        "(budget 50 ms).",
        f"- Real clients against the sandbox (other process, over HTTP), {real['items']} items: "
        f"{real['wall_ms']:.1f} ms wall, {real['cpu_ms']:.1f} ms client-process CPU per item "
        f"(includes interpreter start-up and imports; exit {real['rc']}).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        results = REPO / "bench" / "RESULTS-syndicate.md"
        if not results.exists():
            results.write_text(HEADER, encoding="utf-8")
        with results.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0


HEADER = """# Syndication: benchmark results

Budgets (issue 6): engine overhead ≤ 50 ms per article and platform with the
platforms answering instantly; `syndicate plan` on 2,000 published articles ≤ 3 s.
Exactly-once soak: `bench/syndicate_soak.py` (results below the budgets).

Commands:

```sh
.venv/bin/python bench/syndicate_bench.py --write
.venv/bin/python bench/syndicate_soak.py --schedules 1000 --write
```

## Results

"""

if __name__ == "__main__":
    sys.exit(main())
