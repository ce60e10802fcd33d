"""The listening demo of `make serve`: comments and metrics on the sample posts.

    python -m bkd_sandbox.demo comments    # seed comments and metrics on the demo posts
    eval "$(python -m bkd_sandbox.demo env)"  # point `syndicate` at the demo
    syndicate listen && syndicate report --month YYYY-MM

``comments`` reads the demo ledger (the posts `make serve` made in the
sandbox) and gives each post a few comments an admin meets: an old question
nobody answered, a question the account answered, a thank-you, an insult the
FBS word list catches, and numbers for the monthly report. The names are
invented. ``env`` prints the environment of the demo: sandbox base URL, demo
credentials (useless against real platforms), demo ledger and a listening
folder under .cache/. Never talks to a real platform.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

import requests

DEFAULT_SANDBOX = "http://127.0.0.1:8765"
DEFAULT_LEDGER = ".cache/syndicate-dev/ledger"
DEFAULT_LISTEN = ".cache/syndicate-dev/listen"

# (text, author, age in hours, answered by the account?)
COMMENTS = {
    "facebook": [
        ("Kapan batas akhir pengumpulan berkas?", "Maria Demo", 24 * 6, False),
        ("Bagaimana cara cek status usulan di MyASN?", "Yosef Demo", 30, True),
        ("Terima kasih infonya, sangat membantu.", "Agustina Demo", 5, False),
        ("Dasar tolol, pelayanan lambat!", "Akun Anonim Demo", 3, False),
    ],
    "instagram": [
        ("Apakah berlaku juga untuk PPPK?", "demo.ntt", 50, False),
        ("Mantap BKD", "demo.kupang", 2, False),
    ],
    "youtube": [("Di mana bisa unduh formulirnya?", "Demo Channel", 20, True)],
    "x": [("Berapa lama prosesnya min?", "Demo Warga", 10, False)],
}
METRICS = {
    "facebook": {"post_total_media_view_unique": 1840, "post_media_view": 4210, "post_clicks": 96},
    "instagram": {"reach": 920, "views": 2380, "total_interactions": 141},
    "youtube": {"viewCount": 512, "likeCount": 37, "commentCount": 6},
    "x": {"impression_count": 1460, "like_count": 18, "retweet_count": 4, "reply_count": 2},
}
ANSWERS = {
    "facebook": "Bisa lewat menu Riwayat Usulan di MyASN.",
    "youtube": "Formulir ada di tautan pada deskripsi video.",
}


def done_posts(ledger: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(ledger.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for platform, entry in (data.get("platforms") or {}).items():
            if entry.get("state") == "done" and entry.get("post_id"):
                out.append((platform, str(entry["post_id"])))
    return out


def seed(sandbox: str, ledger: Path) -> int:
    """Comments and metrics on every demo post; the number of comments seeded."""
    count = 0
    session = requests.Session()
    session.trust_env = False
    for platform, post_id in done_posts(ledger):
        session.post(
            f"{sandbox}/_sandbox/metrics",
            json={"post_id": post_id, "metrics": METRICS[platform]},
            timeout=10,
        ).raise_for_status()
        for text, author, age, answered in COMMENTS[platform]:
            body = {
                "platform": platform,
                "post_id": post_id,
                "text": text,
                "author": author,
                "age_hours": age,
            }
            answer = session.post(f"{sandbox}/_sandbox/comments", json=body, timeout=10)
            answer.raise_for_status()
            count += 1
            if answered:
                reply = {
                    "platform": platform,
                    "post_id": post_id,
                    "text": ANSWERS[platform],
                    "own": True,
                    "parent_id": answer.json()["id"],
                    "age_hours": age - 2,
                }
                session.post(
                    f"{sandbox}/_sandbox/comments", json=reply, timeout=10
                ).raise_for_status()
    return count


def demo_environment(sandbox: str, ledger: Path, listen: Path) -> dict[str, str]:
    from bkd_sandbox.config import SandboxConfig

    return {
        "SYNDICATE_SANDBOX_URL": sandbox,
        "SYNDICATE_LEDGER_DIR": str(ledger.resolve()),
        "SYNDICATE_LISTEN_DIR": str(listen.resolve()),
        "SYNDICATE_LISTEN_PLATFORMS": "facebook,instagram,youtube,x",
        **SandboxConfig().engine_env(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bkd_sandbox.demo")
    parser.add_argument("command", choices=("comments", "env"))
    parser.add_argument("--sandbox", default=DEFAULT_SANDBOX)
    parser.add_argument("--ledger", default=DEFAULT_LEDGER, type=Path)
    parser.add_argument("--listen", default=DEFAULT_LISTEN, type=Path)
    args = parser.parse_args(argv)
    if args.command == "env":
        for name, value in demo_environment(args.sandbox, args.ledger, args.listen).items():
            print(f"export {name}={shlex.quote(value)}")
        return 0
    try:
        count = seed(args.sandbox.rstrip("/"), args.ledger)
    except requests.RequestException as error:
        print(f"demo: sandbox {args.sandbox} tidak menjawab: {error}", file=sys.stderr)
        return 1
    print(f"demo: {count} komentar contoh di sandbox; coba `syndicate listen`", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
