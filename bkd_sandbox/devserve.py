"""`make serve`'s cross-posting demo: publish the sample articles to the local sandbox.

Waits until the sandbox and the dev site answer, runs ``syndicate publish``
with the sandbox's public demo credentials (useless against real platforms)
and a throw-away ledger in .cache/, then rebuilds the site once so the
"Dibagikan di" links appear. Never talks to a real platform: every base URL is
the sandbox's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import requests


def demo_env(sandbox_url: str, ledger: Path, manifest: Path) -> dict[str, str]:
    from bkd_sandbox.config import SandboxConfig

    c = SandboxConfig()
    return {
        "SYNDICATE_SANDBOX_URL": sandbox_url,
        "SYNDICATE_LEDGER_DIR": str(ledger),
        "SYNDICATE_MANIFEST": str(manifest),
        "SYNDICATE_SINCE": "2000-01-01",  # the sample articles are all "new" here
        "SYNDICATE_MAX_AGE_DAYS": "36500",  # and the flood guard lets the old ones through
        "SYNDICATE_PAUSED": "0",
        **c.engine_env(),
        "SYNDICATE_IG_POLL_INTERVAL": "0.5",
    }


def wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.3)
    return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bkd_sandbox.devserve")
    parser.add_argument("--site", default="http://127.0.0.1:8000/")
    parser.add_argument("--sandbox", default="http://127.0.0.1:8765")
    parser.add_argument("--ledger", default=".cache/syndicate-dev/ledger")
    parser.add_argument("--manifest", default="build/syndication/manifest.json")
    parser.add_argument(
        "--rebuild",
        nargs=argparse.REMAINDER,
        default=[],
        help="command that rebuilds the site afterwards",
    )
    args = parser.parse_args(argv)
    if not (wait_for(args.sandbox + "/_sandbox/health", 30) and wait_for(args.site, 60)):
        print(
            "devserve: sandbox atau situs tidak menjawab; demo cross-post dilewati", file=sys.stderr
        )
        return 1
    env = {
        **os.environ,
        **demo_env(args.sandbox, Path(args.ledger).resolve(), Path(args.manifest).resolve()),
    }
    for name in ("SYNDICATE_TEST_CRASH",):
        env.pop(name, None)
    print(f"devserve: membagikan artikel contoh ke sandbox {args.sandbox}", flush=True)
    code = subprocess.call([sys.executable, "-m", "syndicate.cli", "publish"], env=env)
    # Comments and metrics on those posts, for `syndicate listen` and `report`.
    demo = ["comments", "--sandbox", args.sandbox, "--ledger", env["SYNDICATE_LEDGER_DIR"]]
    subprocess.call([sys.executable, "-m", "bkd_sandbox.demo", *demo], env=env)
    if args.rebuild:
        subprocess.call(
            args.rebuild,
            env={**os.environ, "SYNDICATE_LEDGER_DIR": env["SYNDICATE_LEDGER_DIR"]},
            stdout=subprocess.DEVNULL,
        )
    print(f"devserve: situs {args.site} · cross-post di {args.sandbox}/ (exit {code})", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
