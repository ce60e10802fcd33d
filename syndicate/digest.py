"""The admin's daily digest of what the public said under the agency's posts.

What a comment is to the digest:
- a **question** when it has a question mark or an Indonesian question word
  (``QUESTION_WORDS``) or asks outright ("mohon info", "tanya");
- **flagged** when the FBS word lists (plugins/fbs/lexicon: insults, SARA,
  profanity; the same matcher the content gate uses) find something in it;
- **answered** when the agency's own account wrote in the same thread after it;
- **overdue** when it is an unanswered question older than
  ``OVERDUE_WORKING_DAYS`` working days (Monday to Friday, minus the dates in
  ``SYNDICATE_LISTEN_HOLIDAYS``): the guideline's promise is an answer within
  three working days, the same promise the Kontak page makes.

The digest (Markdown and HTML) groups items by article, questions and flagged
items first. It holds commenters' names and words, so it is written only to
the listening folder outside git (syndicate/listen_store.py).
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from syndicate.contract import LABELS

OVERDUE_WORKING_DAYS = 3
QUESTION_WORDS = (
    "apa",
    "apakah",
    "bagaimana",
    "gimana",
    "kapan",
    "dimana",
    "di mana",
    "kemana",
    "ke mana",
    "darimana",
    "dari mana",
    "berapa",
    "mengapa",
    "kenapa",
    "siapa",
    "bisakah",
    "bolehkah",
    "dapatkah",
    "adakah",
    "haruskah",
    "mohon info",
    "mohon informasi",
    "tanya",
    "bertanya",
)
_QUESTION = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in QUESTION_WORDS)
    + r")(?!\w)",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION.search(text))


def lexicon_flags(text: str) -> list[str]:
    """FBS rule ids the comment trips (FBS-5.insult, FBS-5.sara, FBS-2.profanity)."""
    from plugins.fbs.lexicon import load_lexicon

    return sorted({hit.rule for hit in load_lexicon().scan(text)})


def classify(text: str) -> dict[str, Any]:
    """``question`` goes to the state file; ``flags`` (labels about what a
    person wrote) only to the personal store (syndicate/listen_store.py)."""
    return {"question": is_question(text), "flags": lexicon_flags(text)}


def mark_answered(items: dict[str, dict[str, Any]]) -> None:
    """``answered_at``: the first reply of the agency's own account in the same
    thread after the comment (Facebook, Instagram and YouTube threads)."""
    own_by_thread: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in items.values():
        if item.get("own"):
            own_by_thread[(item["platform"], item["thread_id"])].append(item["created"])
    for item in items.values():
        if item.get("own") or item.get("answered_at"):
            continue
        later = [
            t
            for t in own_by_thread.get((item["platform"], item["thread_id"]), ())
            if t >= item["created"]
        ]
        if later:
            item["answered_at"] = min(later)


def parse_holidays(text: str) -> frozenset[date]:
    out = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if part:
            out.add(date.fromisoformat(part))
    return frozenset(out)


def working_days_between(start: datetime, end: datetime, holidays: frozenset[date]) -> int:
    """Whole working days from ``start`` to ``end``: the days after ``start``'s
    date up to and including ``end``'s date that are Monday-Friday and no holiday."""
    count = 0
    day = start.date() + timedelta(days=1)
    while day <= end.date():
        if day.weekday() < 5 and day not in holidays:
            count += 1
        day += timedelta(days=1)
    return count


@dataclass
class DigestItem:
    meta: dict[str, Any]
    author: str
    text: str
    age_working_days: int
    age_hours: float
    overdue: bool
    flags: list[str]
    permalink: str


def digest_items(
    items: Mapping[str, dict[str, Any]],
    personal: Mapping[str, Mapping[str, Any]],
    *,
    at: datetime,
    since: datetime,
    holidays: frozenset[date] = frozenset(),
) -> list[DigestItem]:
    """New items heard since ``since``, plus every open question, whatever its age."""
    out = []
    for key, meta in items.items():
        if meta.get("own"):
            continue
        created = _parse(meta["created"])
        heard = _parse(meta.get("heard_at") or meta["created"])
        open_question = bool(meta.get("question")) and not meta.get("answered_at")
        if heard < since and not open_question:
            continue
        age = working_days_between(created, at, holidays)
        words: Mapping[str, Any] = personal.get(key) or {}
        out.append(
            DigestItem(
                meta=meta,
                author=words.get("author", ""),
                text=words.get("text", ""),
                age_working_days=age,
                age_hours=max(0.0, (at - created).total_seconds() / 3600),
                overdue=open_question and age > OVERDUE_WORKING_DAYS,
                flags=list(words.get("flags") or ()),
                permalink=str(words.get("permalink") or ""),
            )
        )
    return out


def group_by_article(items: Iterable[DigestItem]) -> list[tuple[str, list[DigestItem]]]:
    groups: dict[str, list[DigestItem]] = defaultdict(list)
    for item in items:
        groups[item.meta.get("article") or ""].append(item)
    ordered = []
    for article in sorted(groups, key=lambda a: (a == "", a)):
        members = sorted(
            groups[article],
            key=lambda i: (
                not i.overdue,
                not i.flags,
                not i.meta.get("question"),
                i.meta["created"],
            ),
        )
        ordered.append((article, members))
    return ordered


def _parse(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def age_text(item: DigestItem) -> str:
    if item.age_hours < 24:
        return f"{int(item.age_hours)} jam"
    return f"{int(item.age_hours // 24)} hari ({item.age_working_days} hari kerja)"


def _status(item: DigestItem) -> list[str]:
    labels = []
    if item.overdue:
        labels.append(f"BELUM DIJAWAB > {OVERDUE_WORKING_DAYS} hari kerja")
    elif item.meta.get("question") and not item.meta.get("answered_at"):
        labels.append("pertanyaan, belum dijawab")
    elif item.meta.get("question"):
        labels.append("pertanyaan, sudah dijawab")
    if item.flags:
        labels.append("ditandai FBS: " + ", ".join(item.flags))
    return labels


def summary_counts(items: list[DigestItem]) -> dict[str, int]:
    return {
        "items": len(items),
        "questions": sum(1 for i in items if i.meta.get("question")),
        "open": sum(1 for i in items if i.meta.get("question") and not i.meta.get("answered_at")),
        "overdue": sum(1 for i in items if i.overdue),
        "flagged": sum(1 for i in items if i.flags),
    }


def _quote(item: DigestItem) -> str:
    # Personal data past its retention is gone; the item's ids and times remain.
    return " ".join(item.text.split()) or "(teks tidak tersedia lagi)"


def render_markdown(items: list[DigestItem], *, at: datetime, titles: Mapping[str, str]) -> str:
    counts = summary_counts(items)
    lines = [
        f"# Ringkasan komentar harian, {at.date().isoformat()}",
        "",
        "Berisi data pribadi warga (UU 27/2022): jangan diteruskan, jangan disimpan di "
        "repositori. Lihat docs/listening.md.",
        "",
        f"- Komentar baru dan pertanyaan terbuka: {counts['items']}",
        f"- Pertanyaan: {counts['questions']} (belum dijawab: {counts['open']}, "
        f"lewat {OVERDUE_WORKING_DAYS} hari kerja: {counts['overdue']})",
        f"- Ditandai daftar kata FBS: {counts['flagged']}",
        "",
    ]
    for article, members in group_by_article(items):
        lines.append(f"## {titles.get(article) or article or 'Tanpa artikel (sebutan akun)'}")
        if article:
            lines.append(f"`{article}`")
        lines.append("")
        for item in members:
            meta = item.meta
            status = _status(item)
            marker = "**⚠** " if item.overdue else ""
            head = (
                f"- {marker}{LABELS.get(meta['platform'], meta['platform'])}, "
                f"{age_text(item)} lalu" + (f" — {'; '.join(status)}" if status else "")
            )
            lines.append(head)
            lines.append(f"  > {item.author or 'anonim'}: {_quote(item)}")
            if item.permalink:
                lines.append(f"  <{item.permalink}>")
        lines.append("")
    if not items:
        lines.append("Tidak ada komentar baru dan tidak ada pertanyaan terbuka.")
    return "\n".join(lines).rstrip() + "\n"


def render_html(items: list[DigestItem], *, at: datetime, titles: Mapping[str, str]) -> str:
    counts = summary_counts(items)
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="id"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex, nofollow">',
        f"<title>Ringkasan komentar harian {e(at.date().isoformat())}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:1rem auto;"
        "padding:0 1rem;color:#1a1a1a;line-height:1.5}li{margin:.6rem 0}"
        ".overdue{border-left:.35rem solid #b00020;padding-left:.6rem;background:#fdecee}"
        ".label{font-weight:600}blockquote{margin:.2rem 0 0 1rem;color:#333}</style>",
        "</head><body><main>",
        f"<h1>Ringkasan komentar harian, {e(at.date().isoformat())}</h1>",
        "<p>Berisi data pribadi warga (UU 27/2022): jangan diteruskan, jangan disimpan di "
        "repositori.</p>",
        "<ul>",
        f"<li>Komentar baru dan pertanyaan terbuka: {counts['items']}</li>",
        f"<li>Pertanyaan: {counts['questions']} (belum dijawab: {counts['open']}, lewat "
        f"{OVERDUE_WORKING_DAYS} hari kerja: {counts['overdue']})</li>",
        f"<li>Ditandai daftar kata FBS: {counts['flagged']}</li>",
        "</ul>",
    ]
    for article, members in group_by_article(items):
        title = titles.get(article) or article or "Tanpa artikel (sebutan akun)"
        parts.append(f"<section><h2>{e(title)}</h2><ul>")
        for item in members:
            meta = item.meta
            status = "; ".join(_status(item))
            css = ' class="overdue"' if item.overdue else ""
            link = f' <a href="{e(item.permalink)}">buka</a>' if item.permalink else ""
            parts.append(
                f'<li{css}><span class="label">{e(LABELS.get(meta["platform"], meta["platform"]))}'
                f"</span>, {e(age_text(item))} lalu"
                + (f" — <strong>{e(status)}</strong>" if status else "")
                + link
                + f"<blockquote>{e(item.author or 'anonim')}: {e(_quote(item))}</blockquote></li>"
            )
        parts.append("</ul></section>")
    if not items:
        parts.append("<p>Tidak ada komentar baru dan tidak ada pertanyaan terbuka.</p>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
