"""The engine's subcommands: plan, preview, publish, status, retry, baseline, withdraw.

Exit codes (docs/admin.md):
  0  done: everything due was posted, or deferred to a later run (rate limit,
     page not live yet, transient error), or posting is paused
  1  unexpected error (a bug: see the traceback)
  2  usage or configuration problem (no manifest, no baseline/SYNDICATE_SINCE)
  3  a platform's account needs the admin (token rejected or expired, missing
     permission or scope, read-only X app, X credits depleted): that platform
     was paused for the run, its articles stay queued; the message names the fix
  4  a post failed permanently (now or earlier, until `syndicate retry`): see
     `syndicate status`
  5  another publish is running (lock held)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path

from syndicate import render
from syndicate.contract import PLATFORMS

EXIT_OK, EXIT_ERROR, EXIT_CONFIG, EXIT_AUTH, EXIT_FAILED, EXIT_LOCKED = 0, 1, 2, 3, 4, 5

for _noisy in ("tweepy", "requests_oauthlib", "oauthlib", "urllib3", "googleapiclient", "google"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--manifest",
        metavar="PATH",
        help="manifest written by the build (default: SYNDICATE_MANIFEST or "
        "build/syndication/manifest.json)",
    )
    parser.add_argument(
        "--ledger", metavar="DIR", help="ledger folder (default: SYNDICATE_LEDGER_DIR)"
    )


def register_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "plan", help="list what would be posted, skipped or deferred, and why"
    )
    _common(p)
    p.add_argument("--all", action="store_true", help="also list items already done")
    p.set_defaults(handler=run_plan)

    p = subparsers.add_parser("preview", help="show the exact text and media per platform")
    _common(p)
    p.add_argument(
        "--json",
        action="store_true",
        help="JSON array of {article, url, platform, action, reason, text, media}",
    )
    p.add_argument("--article", help="only this article id")
    p.add_argument("--platform", choices=PLATFORMS)
    p.set_defaults(handler=run_preview)

    p = subparsers.add_parser("publish", help="post what is due, once, and record it in the ledger")
    _common(p)
    p.add_argument("--platform", choices=PLATFORMS)
    p.add_argument("--article", help="only this article id")
    p.set_defaults(handler=run_publish)

    p = subparsers.add_parser("status", help="ledger summary per platform, with the last errors")
    _common(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_status)

    p = subparsers.add_parser("retry", help="queue failed posts again for the next publish")
    _common(p)
    p.add_argument("--platform", choices=PLATFORMS)
    p.add_argument("--article", help="only this article id")
    p.set_defaults(handler=run_retry)

    p = subparsers.add_parser(
        "doctor",
        help="check every platform's credentials, permissions and limits without posting",
    )
    _common(p)
    p.add_argument("--platform", choices=PLATFORMS)
    p.set_defaults(handler=run_doctor)

    p = subparsers.add_parser(
        "withdraw",
        help="withdraw an article's posts now: delete where the API allows, else comment",
    )
    _common(p)
    p.add_argument("article", help="article id (YYYYMMDD-slug), as `syndicate status` shows it")
    p.add_argument(
        "--note",
        help="why it is withdrawn (default: the article's WithdrawnNote: from the manifest)",
    )
    p.add_argument("--platform", choices=PLATFORMS)
    p.add_argument("--dry-run", action="store_true", help="show the requests, send nothing")
    p.set_defaults(handler=run_withdraw)

    p = subparsers.add_parser(
        "baseline", help="mark every article already published as not-to-post (first run)"
    )
    _common(p)
    p.set_defaults(handler=run_baseline)


# --- set-up --------------------------------------------------------------


class ConfigProblem(Exception):
    pass


def _ledger_without_manifest(args) -> Path:
    from syndicate.contract import repo_root
    from syndicate.settings import Settings

    if args.ledger:
        return Path(args.ledger).resolve()
    return Settings.load({}).ledger_path(repo_root())


def _load(args):
    from syndicate.contract import Manifest, ManifestError, repo_root, resolve
    from syndicate.ledger import Ledger
    from syndicate.settings import Settings

    root = repo_root()
    # A path typed on the command line is the caller's; a configured one is the repository's.
    path = Path(args.manifest) if args.manifest else None
    path = path or resolve(os.environ.get("SYNDICATE_MANIFEST") or Settings.manifest, root)
    try:
        manifest = Manifest.read(path, base_dir=root)
        settings = Settings.load(manifest.settings)
    except (ManifestError, ValueError) as exc:
        raise ConfigProblem(str(exc)) from None
    if args.ledger:
        settings.ledger_dir = str(Path(args.ledger).resolve())
    ledger = Ledger(settings.ledger_path(root))
    # The visible pause switch: PAUSED on the ledger branch (workflow action "pause").
    settings.paused = settings.paused or ledger.pause_note() is not None
    return manifest, settings, ledger


def _engine(args, out=print):
    from syndicate.engine import Engine

    manifest, settings, ledger = _load(args)
    return Engine(manifest, settings, ledger, out=out)


def _guard(handler):
    def run(args) -> int:
        from syndicate.ledger import LedgerBusy

        try:
            return handler(args)
        except ConfigProblem as exc:
            print(f"syndicate: {exc}", file=sys.stderr)
            return EXIT_CONFIG
        except LedgerBusy as exc:
            print(f"syndicate: {exc}", file=sys.stderr)
            return EXIT_LOCKED

    run.__name__ = handler.__name__
    return run


# --- plan and preview ------------------------------------------------------


@_guard
def run_plan(args) -> int:
    engine = _engine(args)
    items = engine.plan()
    sys.stdout.write(
        render.plan_text(
            items,
            show_done=args.all,
            paused=engine.settings.paused,
            articles=len(engine.manifest.articles),
        )
    )
    sys.stdout.write(render.followup_plan_text(engine.plan_followups(), show_done=args.all))
    return EXIT_OK


@_guard
def run_preview(args) -> int:
    engine = _engine(args)
    items = engine.plan(only_platform=args.platform, only_article=args.article)
    rows = []
    for item in items:
        if item.action == "done":
            continue
        post = None
        if item.action in ("post", "reconcile"):
            from syndicate.composer import compose

            post = item.post = compose(item.article, item.platform, engine.settings)
        requests = None
        if post and post.action == "post":
            requests = engine.adapter(item.platform).preview(post)
        row = render.preview_row(item, post, requests)
        rows.append(row)
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    sys.stdout.write(render.preview_text(rows))
    return EXIT_OK


# --- publish ----------------------------------------------------------------


@_guard
def run_publish(args) -> int:
    from syndicate.ledger import LedgerLock

    engine = _engine(args, out=lambda line: print(line, flush=True))
    settings = engine.settings
    if settings.paused:
        print("Posting DIJEDA (SYNDICATE_PAUSED): tidak ada yang dikirim.")
        return EXIT_OK
    with LedgerLock(engine.ledger.dir):
        if not engine.initialised():
            print(
                "syndicate: belum ada baseline. Pada arsip yang sudah ada jalankan "
                "`syndicate baseline` dulu (atau atur SYNDICATE_SINCE) agar pengikut tidak "
                "dibanjiri artikel lama.",
                file=sys.stderr,
            )
            return EXIT_CONFIG
        items = engine.plan(only_platform=args.platform, only_article=args.article)
        result = engine.publish(items)
        # Corrections and withdrawals of posts already made, in the same run.
        followups = engine.plan_followups(only_platform=args.platform, only_article=args.article)
        engine.publish_followups(followups, result)
    sys.stdout.write(render.summary_text(result))
    if result.auth_errors:
        # Account-level problems: the platform was paused for this run and its
        # articles stay queued; the message names the fix.
        for platform, message in sorted(result.auth_errors.items()):
            print(f"AKUN {platform} PERLU DIPERBAIKI: {message}", file=sys.stderr)
        return EXIT_AUTH
    if result.counts.get("failed"):
        return EXIT_FAILED
    return EXIT_OK


# --- status, retry, baseline -------------------------------------------------


@_guard
def run_status(args) -> int:
    from syndicate.ledger import Ledger
    from syndicate.redact import redact, register_env
    from syndicate.settings import Settings

    register_env(os.environ)
    try:
        _manifest, settings, ledger = _load(args)
    except ConfigProblem:
        settings = Settings.load({})
        ledger = Ledger(_ledger_without_manifest(args))
    ledger.load_all()
    per: dict[str, Counter] = {p: Counter() for p in PLATFORMS}
    problems = []
    for article_id, platform, entry in ledger.entries():
        per.setdefault(platform, Counter())[entry["state"]] += 1
        if entry["state"] in ("failed", "pending"):
            problems.append((entry.get("updated", ""), article_id, platform, entry))
    # Corrections and withdrawals: {platform: {kind: {state: n}}}, and the
    # articles whose posts were withdrawn.
    followups: dict[str, dict[str, Counter]] = {p: {} for p in PLATFORMS}
    withdrawn: set[str] = set()
    for article_id, change_id, platform, entry in ledger.followups():
        followups.setdefault(platform, {}).setdefault(entry["kind"], Counter())[entry["state"]] += 1
        if entry["kind"] == "withdrawal" and entry["state"] == "done":
            withdrawn.add(article_id)
        if entry["state"] in ("failed", "pending"):
            label = f"{platform} {change_id}"
            problems.append((entry.get("updated", ""), article_id, label, entry))
    problems.sort(reverse=True)
    baseline = ledger.baseline()
    # Entries written before redaction covered minted tokens may still hold one.
    for *_ignored, entry in problems:
        if entry.get("error"):
            entry["error"] = redact(entry["error"])
    if args.json:
        json.dump(
            {
                "platforms": {p: dict(c) for p, c in per.items()},
                "baseline": baseline,
                "paused": settings.paused,
                "problems": [{"article": a, "platform": p, **e} for _, a, p, e in problems],
                "followups": {
                    p: {kind: dict(c) for kind, c in kinds.items()}
                    for p, kinds in followups.items()
                },
                "withdrawn": sorted(withdrawn),
            },
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
        return EXIT_OK
    sys.stdout.write(render.status_text(ledger.dir, baseline, settings, per, problems))
    sys.stdout.write(render.followup_status_text(followups, sorted(withdrawn)))
    return EXIT_OK


@_guard
def run_retry(args) -> int:
    from syndicate.ledger import Ledger, LedgerLock, iso, now

    manifest = None
    try:
        manifest, _settings, ledger = _load(args)
    except ConfigProblem:
        ledger = Ledger(_ledger_without_manifest(args))
    # An explicit retry also lifts the flood guard (SYNDICATE_MAX_AGE_DAYS) for it.
    asked = iso(now())
    with LedgerLock(ledger.dir):
        ledger.load_all()
        queued = 0
        for article_id, platform, entry in ledger.entries():
            if entry["state"] != "failed":
                continue
            if args.platform and platform != args.platform:
                continue
            if args.article and article_id != args.article:
                continue
            record = ledger.record(article_id)
            ledger.set(
                article_id,
                platform,
                record.get("url", ""),
                state="failed",
                retryable=True,
                next_try=None,
                error=entry.get("error"),
                admin_retry=asked,
            )
            queued += 1
        for article_id, change_id, platform, entry in ledger.followups():
            if entry["state"] != "failed":
                continue
            if (args.platform and platform != args.platform) or (
                args.article and article_id != args.article
            ):
                continue
            record = ledger.record(article_id)
            ledger.set_followup(
                article_id,
                change_id,
                platform,
                record.get("url", ""),
                state="failed",
                retryable=True,
                next_try=None,
                error=entry.get("error"),
            )
            queued += 1
        if args.article and args.platform and not queued:
            queued += _retry_one(args, manifest, ledger, asked)
    print(f"{queued} posting gagal dijadwalkan ulang; jalankan `syndicate publish`.")
    return EXIT_OK


def _retry_one(args, manifest, ledger, asked: str) -> int:
    """`retry --article A --platform P` for an item that never failed: an old
    article held back by the flood guard, or one whose last run was cut off."""
    entry = ledger.entry(args.article, args.platform)
    if entry is not None and entry["state"] == "pending":
        ledger.annotate(args.article, args.platform, admin_retry=asked)
        return 1
    if entry is not None:
        print(
            f"syndicate: {args.article} di {args.platform} berstatus {entry['state']}; "
            "tidak ada yang dijadwalkan ulang.",
            file=sys.stderr,
        )
        return 0
    articles = manifest.articles if manifest else []
    article = next((a for a in articles if a.id == args.article), None)
    if article is None:
        raise ConfigProblem(
            f"artikel {args.article} tidak ada di manifest; periksa id-nya dengan `syndicate plan`"
        )
    ledger.set(
        article.id,
        args.platform,
        article.url,
        state="failed",
        retryable=True,
        error="dijadwalkan oleh admin (syndicate retry)",
        admin_retry=asked,
    )
    return 1


@_guard
def run_doctor(args) -> int:
    """Exit 0 when every check passes, 3 (account problem) otherwise."""
    from syndicate.doctor import Doctor
    from syndicate.doctor import render as doctor_table
    from syndicate.redact import register_env
    from syndicate.settings import Settings

    try:
        _manifest, settings, _ledger = _load(args)
    except ConfigProblem:
        # The doctor is for the first day: it must work before any build.
        settings = Settings.load({})
    register_env(os.environ)
    rows = Doctor(settings, os.environ).run([args.platform] if args.platform else None)
    print(doctor_table(rows))
    return EXIT_OK if all(row.ok for row in rows) else EXIT_AUTH


@_guard
def run_withdraw(args) -> int:
    """Withdraw one article's posts now (also before its `Status: ditarik`
    reaches the site); prints the admin's manual checklist afterwards."""
    from datetime import UTC, datetime

    from syndicate.followups import manual_checklist
    from syndicate.ledger import LedgerLock

    engine = _engine(args, out=lambda line: print(line, flush=True))
    article = next((a for a in engine.manifest.articles if a.id == args.article), None)
    if article is None:
        raise ConfigProblem(
            f"artikel {args.article} tidak ada di manifest; periksa id-nya dengan "
            "`syndicate status`"
        )
    note = args.note or (article.withdrawn.note if article.withdrawn else "")
    if not note:
        raise ConfigProblem(
            f"{args.article} belum berstatus ditarik di situs: beri alasannya dengan --note "
            "\"...\" (dan tulis juga 'Status: ditarik' dan 'WithdrawnNote:' di artikelnya)"
        )
    date = article.withdrawn.date if article.withdrawn else datetime.now(UTC)
    withdrawals = {article.id: (date, note)}
    if args.dry_run:
        items = engine.plan_followups(
            only_article=article.id, only_platform=args.platform, withdrawals=withdrawals
        )
        for item in items:
            steps = engine.adapter(item.platform).preview_followup(item.post)
            print(f"{item.platform}: {item.action} {item.post.action}")
            for step in steps:
                print("   ", json.dumps(step, ensure_ascii=False))
        return EXIT_OK
    with LedgerLock(engine.ledger.dir):
        items = engine.plan_followups(
            only_article=article.id, only_platform=args.platform, withdrawals=withdrawals
        )
        if not items:
            print(f"{article.id}: belum pernah dibagikan; tidak ada post yang perlu ditarik.")
            return EXIT_OK
        result = engine.publish_followups(items)
    sys.stdout.write(render.summary_text(result))
    checklist = manual_checklist(article.id, engine.ledger)
    if checklist:
        print("Yang harus dikerjakan admin secara manual (API tidak bisa):")
        for line in checklist:
            print(f"  {line}")
    if result.auth_errors:
        for platform, message in sorted(result.auth_errors.items()):
            print(f"AKUN {platform} PERLU DIPERBAIKI: {message}", file=sys.stderr)
        return EXIT_AUTH
    if result.counts.get("failed"):
        return EXIT_FAILED
    return EXIT_OK


@_guard
def run_baseline(args) -> int:
    from syndicate.ledger import LedgerLock

    engine = _engine(args)
    with LedgerLock(engine.ledger.dir):
        marked = engine.baseline()
    print(
        f"Baseline: {marked} pasangan artikel×platform ditandai 'skipped' "
        f"({len(engine.manifest.articles)} artikel). Hanya artikel baru yang akan dibagikan."
    )
    return EXIT_OK
