"""The first search query on a slow phone connection: bytes and time.

    .venv/bin/python bench/search_transfer.py            # writes bench/search_transfer.md
    .venv/bin/python bench/search_transfer.py --rounds 3 --n 2000

Builds the synthetic corpus (bench/corpus.py, 2,000 articles, seed 2026) with
the project's settings and Pagefind, serves it from loopback as a static host
with precompressed files would (tests/_support/sitekit), and opens /cari/ in
Debian's Chromium with DevTools network throttling (CDP
Network.emulateNetworkConditions: 400 kbit/s down and up, 300 ms latency).
Once the page has loaded, it types a query and submits it like a reader; what
is measured is everything fetched from the submit until the result count is
on screen: the bytes on the wire (the server's own count of body bytes sent,
so requests from Pagefind's web worker are counted too) and the time.

Variants differ only in the search script (served in place of the built one
through Playwright's route interception), so they share one build and one
index: "before" is the script as it was (Pagefind's defaults: its web worker,
20 result fragments, everything loaded on submit); "after" is
theme/static/js/search.js (noWorker, 10 fragments, loading starts when the
search box gets the focus). Rounds alternate the variants; each round uses a fresh browser
context, so nothing comes from the cache.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from tests._support import sitekit  # noqa: E402

RESULT_MD = ROOT / "bench" / "search_transfer.md"
RESULT_JSON = ROOT / "bench" / "search_transfer.json"
BEFORE_COMMIT = "354dc3e"  # the search script before the degradation work
KBIT = 400
LATENCY_MS = 300
QUERIES = ["kenaikan pangkat", "pensiun"]
# A reader typing on a phone: about seven characters a second.
TYPING_DELAY_MS = 150


class CountingHandler(sitekit.PrecompressedHandler):
    """The test host, counting the body bytes it sends per path."""

    sent: list  # shared list of (monotonic time, path, bytes)

    def _send_file(self, path, content_type, encoding, status=200):
        handle = super()._send_file(path, content_type, encoding, status)
        size = os.fstat(handle.fileno()).st_size
        self.sent.append((time.monotonic(), self.path.split("?", 1)[0], size))
        return handle


def serve(root: Path, sent: list):
    handler = functools.partial(CountingHandler, directory=str(root))
    CountingHandler.sent = sent
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def build(n: int, seed: int, work: Path) -> Path:
    content = work / "content"
    corpus.generate(n, content, seed)
    out = work / "output"
    command = [
        sys.executable,
        str(ROOT / "tests" / "tools" / "pelican_at.py"),
        "2030-01-01T00:00:00+08:00",
        str(content),
        "-s",
        str(ROOT / "pelicanconf.py"),
        "-o",
        str(out),
        "-e",
        f'CACHE_PATH="{work / "cache"}"',
        f'MEDIA_CACHE_PATH="{work / "media"}"',
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return out


def script_variants() -> dict[str, bytes]:
    before = subprocess.run(
        ["git", "show", f"{BEFORE_COMMIT}:theme/static/js/search.js"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    after = (ROOT / "theme" / "static" / "js" / "search.js").read_bytes()
    return {"before": before, "after": after}


def first_query(browser, base_url: str, script: bytes, query: str, sent: list) -> dict:
    context = browser.new_context(viewport=sitekit.VIEWPORTS["mobile"], base_url=base_url)
    try:
        page = context.new_page()
        page.route(
            "**/theme/js/search*.js",
            lambda route: route.fulfill(body=script, content_type="text/javascript"),
        )
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": LATENCY_MS,
                "downloadThroughput": KBIT * 1000 / 8,
                "uploadThroughput": KBIT * 1000 / 8,
            },
        )
        page.goto("/cari/", wait_until="networkidle")
        mark = len(sent)
        box = page.get_by_role("searchbox")
        box.click()
        box.press_sequentially(query, delay=TYPING_DELAY_MS)
        started = time.monotonic()
        page.get_by_role("search").get_by_role("button").click()
        page.get_by_role("status").filter(has_text="hasil").wait_for(timeout=120_000)
        seconds = time.monotonic() - started
        page.wait_for_load_state("networkidle")
        files = [(t, p, size) for t, p, size in sent[mark:] if p.startswith("/pagefind/")]
        return {
            "seconds": round(seconds, 2),
            "bytes": sum(size for _t, _p, size in files),
            "requests": len(files),
            "files": sorted({p for _t, p, _s in files}),
            "bytes_by_kind": bytes_by_kind(files),
            "status": page.get_by_role("status").inner_text(),
        }
    finally:
        context.close()


def kind_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else name


def bytes_by_kind(files: list) -> dict[str, int]:
    out: dict[str, int] = {}
    for _t, path, size in files:
        out[kind_of(path)] = out.get(kind_of(path), 0) + size
    return dict(sorted(out.items(), key=lambda item: -item[1]))


def kinds(files: list[str]) -> str:
    counts: dict[str, int] = {}
    for path in files:
        name = path.rsplit("/", 1)[-1]
        kind = name.rsplit(".", 1)[-1] if "." in name else name
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        work = Path(tmp)
        started = time.monotonic()
        site = build(args.n, args.seed, work)
        build_s = time.monotonic() - started
        pages = sum(1 for _ in (site / "pagefind" / "fragment").iterdir())
        scripts = script_variants()
        sent: list = []
        httpd = serve(site, sent)
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        runs: dict = {q: {v: [] for v in scripts} for q in QUERIES}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=sitekit.CHROMIUM, args=sitekit.CHROMIUM_ARGS
                )
                for round_no in range(args.rounds):
                    order = list(scripts) if round_no % 2 == 0 else list(reversed(scripts))
                    for query in QUERIES:
                        for variant in order:
                            result = first_query(browser, base, scripts[variant], query, sent)
                            runs[query][variant].append(result)
                            print(query, variant, result["seconds"], result["bytes"], flush=True)
                browser.close()
        finally:
            httpd.shutdown()
    record = {
        "measured": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "articles": args.n,
        "seed": args.seed,
        "indexed_pages": pages,
        "build_seconds": round(build_s, 1),
        "throttle": {"kbit_s": KBIT, "latency_ms": LATENCY_MS},
        "runs": runs,
    }
    RESULT_JSON.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    write_markdown(record)


def write_markdown(record: dict) -> None:
    lines = [
        "# Search: the first query at 400 kbit/s",
        "",
        f"Measured {record['measured']} by `bench/search_transfer.py` on the shared 2-core "
        f"machine. Corpus: {record['articles']} synthetic articles (bench/corpus.py, seed "
        f"{record['seed']}), {record['indexed_pages']} pages in the Pagefind index. Chromium "
        f"DevTools throttling {record['throttle']['kbit_s']} kbit/s down and up, "
        f"{record['throttle']['latency_ms']} ms latency; a fresh context per run (empty "
        "cache); the /cari/ page loaded first, then the reader clicks the search box, types "
        f"the query ({TYPING_DELAY_MS} ms a key) and presses Cari. Bytes: every Pagefind file the "
        "server sent after the page had loaded (as sent: compressed where the file is); time: "
        "from pressing Cari until the result count is on screen. Median of the rounds; bytes "
        "do not vary.",
        "",
        "| query | variant | bytes | requests | files | time (median) | times |",
        "|---|---|---:|---:|---|---:|---|",
    ]
    ratios = []
    for query, variants in record["runs"].items():
        medians = {}
        for variant, results in variants.items():
            times = [r["seconds"] for r in results]
            medians[variant] = (statistics.median(times), results[0]["bytes"])
            lines.append(
                f"| {query} | {variant} | {results[0]['bytes']:,} | {results[0]['requests']} | "
                f"{kinds(results[0]['files'])} | {statistics.median(times):.1f} s | "
                f"{', '.join(f'{t:.1f}' for t in times)} |"
            )
        (t_before, b_before), (t_after, b_after) = medians["before"], medians["after"]
        ratios.append((query, b_after / b_before, t_after / t_before))
    lines += ["", "| query | bytes after / before | time after / before |", "|---|---:|---:|"]
    lines += [f"| {q} | {b:.2f} | {t:.2f} |" for q, b, t in ratios]
    lines += ["", "Where the bytes go (after), by file kind:", ""]
    for query, variants in record["runs"].items():
        split = variants["after"][0]["bytes_by_kind"]
        lines.append(f"- {query}: " + ", ".join(f"{k} {v:,} B" for k, v in split.items()))
    lines += [
        "",
        "What changed between the variants (theme/static/js/search.js):",
        "",
        "- `noWorker: true`: Pagefind 1.5 runs the search in a web worker by default, which "
        "costs one more script (`pagefind-worker.js`) on the first query; the search itself "
        "takes milliseconds on this index, so the page runs it directly.",
        "- 10 result fragments instead of 20: each result shown costs one fragment request "
        "(its title, excerpt text and metadata); a button fetches the next ten.",
        "- Pagefind's script, WebAssembly and index metadata start loading when the reader "
        "puts the cursor in the search box, so the typing time hides them: fewer bytes are "
        "left to wait for after pressing Cari (same bytes in total for a reader who searches; "
        "a reader who only clicks the box pays them without searching).",
        "",
        "Not changed: the WebAssembly (`wasm.id.pagefind`, Indonesian stemming) and the "
        "index chunks the query's words need are the floor of a Pagefind query. Category "
        "and date are Pagefind metadata (`data-pagefind-meta`), not filters: filters would "
        "make every query download the filter index as well.",
        "",
        "Reproduce: `make setup && .venv/bin/python bench/search_transfer.py` "
        "(raw figures: `bench/search_transfer.json`).",
        "",
    ]
    RESULT_MD.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
