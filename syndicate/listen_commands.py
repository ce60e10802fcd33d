"""The two-way channel's subcommands: `listen` (comments to a daily digest)
and `report` (the monthly report).

Exit codes, as for publish (docs/admin.md):
  0  done (a platform that was rate-limited or down is named and retried on
     the next run, from where its cursors stopped)
  2  usage or configuration problem (bad --month)
  3  a platform's account needs the admin (token, permission): the message
     names the fix; the other platforms were still read
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from syndicate.commands import EXIT_AUTH, EXIT_CONFIG, EXIT_OK, ConfigProblem, _guard, _load
from syndicate.contract import PLATFORMS


def register_listen_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "listen", help="gather new comments and mentions on our posts; write the daily digest"
    )
    _paths(p)
    p.add_argument("--platform", choices=PLATFORMS, help="only this platform")
    p.add_argument(
        "--hours",
        type=float,
        default=24.0,
        help="the digest lists items heard in the last HOURS (default 24) and every open question",
    )
    p.set_defaults(handler=run_listen)

    p = subparsers.add_parser("report", help="write the monthly report (static HTML, not public)")
    _paths(p)
    p.add_argument("--month", required=True, help="YYYY-MM, e.g. 2026-11")
    p.add_argument("--out", metavar="PATH", help="default: build/laporan/laporan-YYYY-MM.html")
    p.add_argument(
        "--no-metrics",
        action="store_true",
        help="leave out reach, views and engagement (no platform is asked)",
    )
    p.set_defaults(handler=run_report)


def _paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--manifest", metavar="PATH", help="manifest (article titles)")
    parser.add_argument(
        "--ledger", metavar="DIR", help="ledger folder (default: SYNDICATE_LEDGER_DIR)"
    )


def _settings_and_ledger(args):
    from syndicate.contract import repo_root
    from syndicate.ledger import Ledger
    from syndicate.settings import Settings

    try:
        manifest, settings, ledger = _load(args)
        titles = {a.id: a.title for a in manifest.articles}
    except ConfigProblem:
        # Listening needs only the ledger: it runs without a build.
        settings = Settings.load({})
        root = repo_root()
        ledger = Ledger(Path(args.ledger).resolve() if args.ledger else settings.ledger_path(root))
        titles = {}
    return settings, ledger, titles


def _now() -> datetime:
    """The clock; BKD_TEST_NOW freezes it in tests (an ISO time)."""
    frozen = os.environ.get("BKD_TEST_NOW")
    if frozen:
        moment = datetime.fromisoformat(frozen.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


@_guard
def run_listen(args) -> int:
    from syndicate import digest
    from syndicate.contract import repo_root
    from syndicate.listen import X_PRICE_PER_POST_READ_USD, Listener
    from syndicate.listen_store import ListenStore
    from syndicate.redact import register_env

    register_env(os.environ)
    settings, ledger, titles = _settings_and_ledger(args)
    if args.platform:
        settings.listen_platforms = (args.platform,)
    root = repo_root()
    store = ListenStore.open(settings.listen_state_path(root), settings.listen_path(root))
    result = Listener(settings, ledger, store).run()
    for platform in settings.listen_platforms:
        print(f"{platform}: {result.new.get(platform, 0)} komentar baru")
    for platform, message in sorted(result.problems.items()):
        print(f"{platform}: dilewati kali ini, dicoba lagi berikutnya: {message}")
    if result.x_reads:
        cost = result.x_reads * X_PRICE_PER_POST_READ_USD
        print(f"x: {result.x_reads} post dibaca, perkiraan biaya US${cost:.3f}")
    # Without a build (the scheduled workflow) the article's address stands in for its title.
    for article_id, record in ledger.load_all().items():
        titles.setdefault(article_id, record.get("url") or article_id)
    at = _now()
    holidays = digest.parse_holidays(settings.listen_holidays)
    items = digest.digest_items(
        store.items,
        store.personal,
        at=at,
        since=at - timedelta(hours=args.hours),
        holidays=holidays,
    )
    folder = settings.listen_path(root)
    stem = folder / f"ringkasan-{at.date().isoformat()}"
    stem.with_suffix(".md").write_text(
        digest.render_markdown(items, at=at, titles=titles), encoding="utf-8"
    )
    stem.with_suffix(".html").write_text(
        digest.render_html(items, at=at, titles=titles), encoding="utf-8"
    )
    counts = digest.summary_counts(items)
    print(
        f"Ringkasan: {stem}.md dan .html ({counts['items']} butir, {counts['open']} pertanyaan "
        f"belum dijawab, {counts['overdue']} lewat {digest.OVERDUE_WORKING_DAYS} hari kerja, "
        f"{counts['flagged']} ditandai)"
    )
    if result.account_problems:
        for platform, message in sorted(result.account_problems.items()):
            print(f"AKUN {platform} PERLU DIPERBAIKI: {message}", file=sys.stderr)
        return EXIT_AUTH
    return EXIT_OK


@_guard
def run_report(args) -> int:
    from syndicate import report
    from syndicate.contract import repo_root
    from syndicate.listen_store import ListenStore
    from syndicate.redact import register_env

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month or ""):
        print("syndicate: --month harus berbentuk YYYY-MM, mis. 2026-11", file=sys.stderr)
        return EXIT_CONFIG
    register_env(os.environ)
    settings, ledger, _titles = _settings_and_ledger(args)
    root = repo_root()
    records = ledger.load_all()
    store = ListenStore.open(settings.listen_state_path(root), settings.listen_path(root))
    reader = None if args.no_metrics else report.MetricsReader(settings)
    platforms = tuple(p for p in PLATFORMS if p in settings.platforms)
    rows = report.build_rows(records, store.items, args.month, platforms, reader)
    out = Path(args.out) if args.out else root / "build" / "laporan" / f"laporan-{args.month}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        report.render_report(rows, args.month, generated=_now().strftime("%Y-%m-%d %H:%M UTC")),
        encoding="utf-8",
    )
    print(f"Laporan {args.month}: {out}")
    for row in rows:
        if row.metrics_note:
            print(f"{row.platform}: {row.metrics_note}")
    return EXIT_OK
