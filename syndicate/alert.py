"""Tell the admin team when publishing fails: one GitHub issue, closed when it heals.

GitHub mails a failed workflow run to whoever pushed, usually an author, not
to the people who can renew a token. So the publish workflow calls this after
a failed run: it opens ONE issue "Sindikasi gagal: ..." labelled
``sindikasi-gagal`` (or comments on the one already open), in Indonesian, with
what failed and how to fix it, mentioning the admin team and assigning the
admins named in ``SYNDICATE_ALERT_ASSIGNEES``. After the next clean run it
closes the issue. It talks to GitHub through the ``gh`` CLI that GitHub's
runners ship (``GH_TOKEN`` = the job's token with ``issues: write``) and needs
only the standard library, so it works even when ``make setup`` failed.

The same issue covers the site's own stages (``--stage build`` or
``deploy``): a content error that stops ``make publish`` also stops every
post, and nobody watching the accounts would otherwise hear of it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

LABEL = "sindikasi-gagal"
TEAM_DEFAULT = "@bkdntt/admin"

# By `syndicate publish` exit code (docs/admin.md, "Exit codes"): what happened, and the fix.
BY_EXIT = {
    1: (
        "galat tak terduga",
        "Ini galat program. Buka log run di bawah, salin pesan galatnya ke pengembang. "
        "Tidak ada yang terkirim dua kali: run berikutnya memeriksa platform dulu.",
    ),
    2: (
        "konfigurasi",
        "Manifest tidak ada atau belum ada baseline. Pada arsip lama jalankan "
        "`syndicate baseline` (atau atur SYNDICATE_SINCE di pelicanconf.py), lalu jalankan "
        "workflow Publish lagi.",
    ),
    3: (
        "kredensial ditolak",
        "Token akun ditolak atau kedaluwarsa; nama secret-nya ada di baris KREDENSIAL di "
        "bawah. Perbarui secret itu di Settings → Environments → media-sosial, lalu jalankan "
        "workflow Publish dengan action = doctor untuk memastikan, dan action = publish. "
        "Posting yang tertahan dikirim pada run berikutnya; platform lain tetap berjalan.",
    ),
    4: (
        "posting gagal permanen",
        "Platform menolak posting (lihat baris GAGAL di bawah). Perbaiki artikel atau "
        "berkasnya lewat pull request, lalu jalankan workflow Publish dengan action = retry, "
        "article = id artikel, platform = platformnya.",
    ),
    5: (
        "publish lain masih berjalan",
        "Tunggu run yang sedang berjalan selesai; tidak perlu tindakan.",
    ),
}
LEDGER_FIX = (
    "Ledger tidak tersimpan ke cabang `syndication-ledger`. Pastikan cabang itu TIDAK "
    "dilindungi (Settings → Rules/Branches) dan workflow boleh menulis (permissions: "
    "contents: write). Tidak ada posting ganda: run berikutnya mencocokkan dengan posting "
    "di platform sebelum mengirim."
)
# The site's own stages, before anything is posted: what failed, and the fix.
BY_STAGE = {
    "build": (
        "pembangunan situs (`make publish`) gagal",
        'Buka log run di bawah. Bila ada "Artikel tidak diterbitkan karena ada kesalahan", '
        "pesan itu menyebut berkas, baris dan cara memperbaikinya: perbaiki lewat pull "
        "request. Situs publik tetap versi terakhir yang berhasil, dan belum ada yang "
        "dikirim ke media sosial.",
    ),
    "deploy": (
        "pengunggahan situs ke GitHub Pages gagal",
        "Jalankan ulang workflow Publish. Bila gagal lagi, periksa Settings → Pages "
        "(Source: GitHub Actions) dan status GitHub. Situs publik tetap versi terakhir "
        "yang berhasil; media sosial menunggu sampai situs terbit.",
    ),
}
KEEP = re.compile(r"^(GAGAL|KREDENSIAL|syndicate:|::error::)|GAGAL KREDENSIAL")


def compose(
    *,
    action: str,
    exit_code: int | None,
    log: str,
    ledger_ok: bool,
    run_url: str,
    team: str,
    stage: str = "syndicate",
) -> tuple[str, str]:
    """Title and body of the alert (Indonesian)."""
    causes, fixes = [], []
    if stage in BY_STAGE:
        what, fix = BY_STAGE[stage]
        causes.append(what)
        fixes.append(fix)
    elif exit_code not in (None, 0):
        what, fix = BY_EXIT.get(exit_code, BY_EXIT[1])
        causes.append(f"`syndicate {action}` selesai dengan kode {exit_code} ({what})")
        fixes.append(fix)
    if not ledger_ok:
        causes.append("ledger tidak ter-push")
        fixes.append(LEDGER_FIX)
    if not causes:
        causes.append(f"langkah workflow gagal sebelum `syndicate {action}` berjalan")
        fixes.append(
            "Buka log run di bawah: biasanya pemasangan (make setup) atau unduhan manifest. "
            "Jalankan ulang workflow Publish bila itu gangguan sesaat."
        )
    lines = [line for line in log.splitlines() if KEEP.search(line)][-20:]
    if stage in BY_STAGE:
        title = "Penerbitan gagal: " + "; ".join(causes)
        opening = f"{team} — situs tidak terbit, jadi belum ada yang dibagikan ke media sosial."
    else:
        title = "Sindikasi gagal: " + "; ".join(causes)
        opening = f"{team} — sindikasi ke media sosial gagal."
    body = [
        opening,
        "",
        "**Apa yang terjadi:** " + "; ".join(causes) + ".",
        "",
        "**Cara memperbaiki:**",
        *[f"- {fix}" for fix in fixes],
        "",
    ]
    if lines:
        body += ["**Pesan dari platform:**", "```", *lines, "```", ""]
    body += [
        f"Log run: {run_url}",
        "",
        "Isu ini ditutup otomatis setelah run berikutnya berjalan bersih. "
        "Menjeda semua posting: jalankan workflow Publish dengan action = pause.",
    ]
    return title[:250], "\n".join(body)


def gh(*args: str, check: bool = True) -> str:
    result = subprocess.run(["gh", *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"gh {args[0]} {args[1] if len(args) > 1 else ''}: {result.stderr}")
    return result.stdout


def open_issue() -> int | None:
    out = gh("issue", "list", "--label", LABEL, "--state", "open", "--json", "number")
    numbers = [item["number"] for item in json.loads(out or "[]")]
    return min(numbers) if numbers else None


def report_failure(title: str, body: str, assignees: list[str]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as f:
        f.write(body)
    try:
        number = open_issue()
        if number is not None:
            gh("issue", "comment", str(number), "--body-file", f.name)
            return f"updated #{number}"
        gh(
            "label",
            "create",
            LABEL,
            "--color",
            "B60205",
            "--description",
            "Situs atau sindikasi media sosial gagal",
            "--force",
            check=False,
        )
        args = ["issue", "create", "--title", title, "--body-file", f.name, "--label", LABEL]
        for person in assignees:
            args += ["--assignee", person]
        created = gh(*args, check=False)
        if not created and assignees:  # an assignee without access must not lose the alert
            created = gh(*args[: args.index("--assignee")])
        return f"opened {created.strip()}"
    finally:
        os.unlink(f.name)


def report_recovery(run_url: str) -> str:
    number = open_issue()
    if number is None:
        return "no open alert"
    gh("issue", "close", str(number), "--comment", f"Pulih: run {run_url} berjalan bersih.")
    return f"closed #{number}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m syndicate.alert")
    sub = parser.add_subparsers(dest="command", required=True)
    failed = sub.add_parser("failed", help="open or update the alert issue")
    failed.add_argument("--action", default="publish")
    failed.add_argument(
        "--stage",
        choices=("syndicate", *BY_STAGE),
        default="syndicate",
        help="which job failed: the site's build or deploy, or syndication",
    )
    failed.add_argument("--exit-code", type=int, default=None)
    failed.add_argument("--log", help="the output of the syndicate command")
    failed.add_argument("--ledger", choices=("success", "failure", "skipped", ""), default="")
    failed.add_argument("--run-url", default="")
    recovered = sub.add_parser("recovered", help="close the alert issue after a clean run")
    recovered.add_argument("--run-url", default="")
    args = parser.parse_args(argv)
    try:
        if args.command == "recovered":
            print(report_recovery(args.run_url))
            return 0
        log = ""
        if args.log and Path(args.log).is_file():
            log = Path(args.log).read_text(encoding="utf-8", errors="replace")
        title, body = compose(
            action=args.action,
            exit_code=args.exit_code,
            log=log,
            ledger_ok=args.ledger != "failure",
            run_url=args.run_url,
            team=os.environ.get("SYNDICATE_ALERT_TEAM") or TEAM_DEFAULT,
            stage=args.stage,
        )
        assignees = [
            a.strip().lstrip("@")
            for a in os.environ.get("SYNDICATE_ALERT_ASSIGNEES", "").split(",")
            if a.strip()
        ]
        print(report_failure(title, body, assignees))
        return 0
    except (RuntimeError, OSError, ValueError) as exc:
        print(f"::error::alert not delivered: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
