"""Exactly-once soak: many more seeded fault schedules than the test suite runs.

Reuses the suite's harness (tests/syndicate/conftest.py and fault_schedules.py):
the real CLI in forked processes, the sandbox over HTTP, random faults of every
mode plus crashes (os._exit between ledger write and request, and between
request and ledger write) and SIGKILL at random moments.

    .venv/bin/python bench/syndicate_soak.py --schedules 1000 [--start 200] [--write]

Seeds start after the suite's (0-199) by default, so the soak covers new ones.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
HARNESS = REPO / "tests" / "syndicate"


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--start", type=int, default=200)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    conftest = load("synd_conftest", HARNESS / "conftest.py")
    schedules = load("fault_schedules", HARNESS / "fault_schedules.py")
    from bkd_sandbox.server import SandboxRequestHandler
    from bkd_sandbox.testing import fast_config, running_sandbox

    SandboxRequestHandler.disable_nagle_algorithm = True
    modes, crashes, kills, runs, failures = Counter(), Counter(), 0, 0, []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "cli").mkdir()
        site = conftest.LiveSite(tmp / "site")
        cli = conftest.Cli(tmp / "cli")
        config = fast_config(instagram__container_processing_seconds=0.02, fault_hold_seconds=0.6)
        try:
            with running_sandbox(config) as sandbox:
                for seed in range(args.start, args.start + args.schedules):
                    schedule = schedules.make_schedule(seed)
                    modes.update(f["mode"] for f in schedule["faults"])
                    if schedule["crash"]:
                        crashes[schedule["crash"].split(":")[0]] += 1
                    kills += schedule["kill_after"] is not None
                    try:
                        result = schedules.run_schedule(
                            seed,
                            cli=cli,
                            sandbox=sandbox,
                            live_site=site,
                            workdir=tmp / f"s{seed}",
                            make_env=conftest.engine_env,
                        )
                        runs += result["runs"]
                    except AssertionError as exc:
                        failures.append((seed, str(exc)[:2000]))
                        print(f"seed {seed}: FAILED\n{str(exc)[:2000]}", file=sys.stderr)
                    if (seed - args.start + 1) % 100 == 0:
                        print(
                            f"{seed - args.start + 1} schedules, {len(failures)} failures",
                            flush=True,
                        )
        finally:
            cli.close()
            site.close()
    elapsed = time.perf_counter() - started
    text = (
        f"### Soak {datetime.now():%Y-%m-%d %H:%M}: seeds {args.start}–"
        f"{args.start + args.schedules - 1}\n\n"
        f"- {args.schedules} schedules, {runs} CLI runs, {elapsed:.0f} s; "
        f"**{len(failures)} failures** (duplicates or missing posts).\n"
        f"- Faults armed: {', '.join(f'{m} {n}' for m, n in sorted(modes.items()))}.\n"
        f"- Crashes: {', '.join(f'{p} {n}' for p, n in sorted(crashes.items()))}; "
        f"SIGKILL at a random moment: {kills}.\n"
    )
    if failures:
        text += "- Failed seeds: " + ", ".join(str(seed) for seed, _ in failures) + "\n"
    print(text)
    if args.write:
        results = REPO / "bench" / "RESULTS-syndicate.md"
        with results.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
