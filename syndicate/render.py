"""What the ``syndicate`` subcommands print: plan, preview, run summary, status.

Pure text from the engine's data, no I/O, so the command handlers in
``syndicate/commands.py`` only load, decide and exit. Labels are Indonesian
(the admin reads them); column names stay the ledger's own words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from syndicate.contract import PLATFORMS, Action, FollowUpKind, LedgerState, Outcome

ACTION_LABELS = {
    Action.POST: "POST",
    Action.RECONCILE: "CEK+POST",
    Action.SKIP: "lewati",
    Action.DEFER: "tunda",
    Action.DONE: "sudah",
    Action.FAILED: "GAGAL",
    Action.BLOCKED: "TERTAHAN",
}
SUMMARY_COLUMNS = (
    Outcome.POSTED,
    Outcome.RECONCILED,
    Outcome.DEFERRED,
    Outcome.RATE_LIMITED,
    Outcome.FAILED,
    Outcome.AUTH,
)


def _lines(lines: Iterable[str]) -> str:
    lines = list(lines)
    return "\n".join(lines) + ("\n" if lines else "")


def plan_text(items, *, show_done: bool, paused: bool, articles: int) -> str:
    counts: Counter = Counter()
    lines = []
    for item in items:
        counts[item.action] += 1
        if item.action == Action.DONE and not show_done:
            continue
        label = ACTION_LABELS[item.action]
        lines.append(f"{label:<9} {item.platform:<9} {item.article.id}  {item.reason}".rstrip())
    if paused:
        lines.append("Catatan: posting DIJEDA (SYNDICATE_PAUSED).")
    summary = ", ".join(f"{ACTION_LABELS[k]}: {v}" for k, v in sorted(counts.items()))
    lines.append(f"{articles} artikel; {summary or 'tidak ada'}")
    return _lines(lines)


def followup_plan_text(items, *, show_done: bool) -> str:
    """Corrections and withdrawals due (``syndicate plan``), one line each."""
    lines = []
    for item in items:
        if item.action == Action.DONE and not show_done:
            continue
        kind = "koreksi" if item.post.kind == FollowUpKind.CORRECTION else "penarikan"
        lines.append(
            f"{ACTION_LABELS[item.action]:<9} {item.platform:<9} {item.article.id}  "
            f"{kind} {item.post.change_id}: {item.post.action}  {item.reason}".rstrip()
        )
    return _lines(lines) if lines else ""


def preview_row(item, post, requests: list[dict] | None) -> dict[str, Any]:
    """One preview entry (also the ``--json`` shape)."""
    posting = post is not None and post.action == Action.POST
    row: dict[str, Any] = {
        "article": item.article.id,
        "url": item.article.url,
        "platform": item.platform,
        "action": item.action,
        "reason": item.reason,
        "text": post.text if posting else "",
        "media": [m.__dict__ for m in post.media] if posting else [],
    }
    if posting:
        if post.title:
            row["title"] = post.title
        if post.tags:
            row["tags"] = post.tags
        row["requests"] = requests
    return row


def preview_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        lines.append(f"=== {row['platform']} · {row['article']} · {ACTION_LABELS[row['action']]}")
        if row["reason"]:
            lines.append(f"    alasan: {row['reason']}")
        if row.get("title"):
            lines.append(f"    judul: {row['title']}")
        if row["text"]:
            lines.append("    " + row["text"].replace("\n", "\n    "))
        for media in row["media"]:
            alt = f" (alt: {media['alt']})" if media.get("alt") else ""
            lines.append(f"    [{media['kind']}] {media.get('url') or media.get('path')}{alt}")
        lines.append("")
    return _lines(lines)


def summary_text(result) -> str:
    header = f"{'platform':<10}" + "".join(f"{c:>13}" for c in SUMMARY_COLUMNS)
    lines = ["", header, "-" * len(header)]
    for platform in PLATFORMS:
        counts = result.by_platform.get(platform, Counter())
        lines.append(
            f"{platform:<10}" + "".join(f"{counts.get(c, 0):>13}" for c in SUMMARY_COLUMNS)
        )
    lines += [f"GAGAL: {failure}" for failure in result.failures]
    return _lines(lines)


def status_text(
    ledger_dir: Path,
    baseline: Mapping | None,
    settings,
    per: Mapping[str, Counter],
    problems: list[tuple[str, str, str, dict]],
) -> str:
    lines = [
        f"Ledger: {ledger_dir}",
        f"Baseline: {baseline['at'] if baseline else 'belum'}; SINCE: {settings.since or '-'}; "
        f"dijeda: {'YA' if settings.paused else 'tidak'}",
    ]
    header = f"{'platform':<10}{'done':>8}{'failed':>8}{'pending':>9}{'skipped':>9}"
    lines += [header, "-" * len(header)]
    for platform, counts in per.items():
        lines.append(
            f"{platform:<10}{counts[LedgerState.DONE]:>8}{counts[LedgerState.FAILED]:>8}"
            f"{counts[LedgerState.PENDING]:>9}{counts[LedgerState.SKIPPED]:>9}"
        )
    if problems:
        lines.append("\nMasalah terakhir:")
        for updated, article_id, platform, entry in problems[:15]:
            kind = entry["state"]
            if kind == LedgerState.FAILED:
                kind += "" if entry.get("retryable", True) else " (permanen: `syndicate retry`)"
            elif kind == LedgerState.PENDING:
                kind += " (akan dicek ke platform pada publish berikutnya)"
            lines.append(f"  {updated} {platform:<9} {article_id}: {kind}")
            if entry.get("error"):
                lines.append(f"      {entry['error']}")
    return _lines(lines)


def followup_status_text(followups: Mapping[str, Mapping[str, Counter]], withdrawn) -> str:
    """Corrections and withdrawals per platform (ledger ``followups``)."""
    if not any(followups.values()):
        return ""
    header = f"{'platform':<10}{'dikoreksi':>10}{'ditarik':>9}{'belum':>7}"
    lines = ["", "Koreksi dan penarikan:", header, "-" * len(header)]
    for platform, kinds in followups.items():
        corrections = kinds.get(FollowUpKind.CORRECTION, Counter())
        withdrawals = kinds.get(FollowUpKind.WITHDRAWAL, Counter())
        waiting = sum(
            c[state] for c in kinds.values() for state in (LedgerState.PENDING, LedgerState.FAILED)
        )
        lines.append(
            f"{platform:<10}{corrections[LedgerState.DONE]:>10}"
            f"{withdrawals[LedgerState.DONE]:>9}{waiting:>7}"
        )
    if withdrawn:
        lines.append("Artikel yang post-nya sudah ditarik: " + ", ".join(withdrawn))
    return _lines(lines)
