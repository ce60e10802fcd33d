"""`syndicate report --month YYYY-MM`: the Kepala's monthly report, one static page.

Per platform: posts made (the ledger), reach, views and engagement where the
platform's API gives them, comments heard, questions received and answered
and the median time to the first answer (the listening state), corrections
and withdrawals (the ledger's follow-ups). Inline SVG charts, no JavaScript,
printable, in Bahasa Indonesia; every chart has its numbers in a table too.

It holds no personal data (counts only) but it is not public: the workflow
keeps it as an artifact (docs/listening.md).

Metrics read, and the permission each needs (docs/listening.md):

- Facebook: ``GET /{post-id}/insights?metric=post_total_media_view_unique,
  post_media_view,post_clicks`` (``read_insights``, ``pages_read_engagement``);
  the older ``post_impressions_unique`` is deprecated (Page Insights
  deprecated metrics, 2025):
  https://developers.facebook.com/docs/graph-api/reference/insights
- Instagram: ``GET /{ig-media-id}/insights?metric=reach,views,total_interactions,comments``
  (``instagram_manage_insights``; ``impressions`` is deprecated since v22):
  https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
- YouTube: ``videos.list(part="statistics")``: ``viewCount``, ``likeCount``,
  ``commentCount`` (no reach): https://developers.google.com/youtube/v3/docs/videos#statistics
- X: ``GET /2/tweets?ids=...&tweet.fields=public_metrics`` (tweepy
  ``Client.get_tweets``): ``impression_count`` and likes, reposts, replies,
  quotes; a post read each, billed:
  https://docs.x.com/x-api/fundamentals/metrics

The ledger seam for follow-ups (written by the corrections/withdrawals
engine): each ledger file may hold ``followups`` as
``{change_id: {platform: {"state", "kind", "updated", ...}}}``, ``kind`` being
``correction`` or ``withdrawal``; ``count_followups`` counts the ``done``
ones updated in the month and ignores anything else.
"""

from __future__ import annotations

import html
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from plugins.indonesian_dates import bulan_tahun
from syndicate.contract import LABELS, PLATFORMS, FollowUpKind, LedgerState
from syndicate.errors import PlatformError

FOLLOWUP_KINDS = tuple(str(kind) for kind in FollowUpKind)  # correction, withdrawal


def month_bounds(month: str) -> tuple[str, str]:
    """ISO strings bounding ``YYYY-MM`` (start inclusive, end exclusive), UTC."""
    start = date.fromisoformat(month + "-01")
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    as_iso = lambda d: datetime(d.year, d.month, d.day, tzinfo=UTC).isoformat(timespec="seconds")  # noqa: E731
    return as_iso(start), as_iso(end)


def month_title(month: str) -> str:
    start = date.fromisoformat(month + "-01")
    return bulan_tahun(start)


@dataclass
class PlatformMonth:
    platform: str
    posts: list[tuple[str, str]] = field(default_factory=list)  # (article, post id)
    reach: int | None = None
    views: int | None = None
    engagement: int | None = None
    comments: int = 0
    questions: int = 0
    answered: int = 0
    response_hours: list[float] = field(default_factory=list)
    corrections: int = 0
    withdrawals: int = 0
    metrics_note: str = ""

    @property
    def median_response_hours(self) -> float | None:
        return statistics.median(self.response_hours) if self.response_hours else None


def posts_in_month(records: Mapping[str, dict], month: str) -> dict[str, list[tuple[str, str]]]:
    start, end = month_bounds(month)
    out: dict[str, list[tuple[str, str]]] = {p: [] for p in PLATFORMS}
    for article_id, record in sorted(records.items()):
        for platform, entry in (record.get("platforms") or {}).items():
            if entry.get("state") != LedgerState.DONE or not entry.get("post_id"):
                continue
            when = _utc(entry.get("posted_at") or entry.get("updated") or "")
            if when and start <= when < end:
                out.setdefault(platform, []).append((article_id, str(entry["post_id"])))
    return out


def count_followups(records: Mapping[str, dict], month: str) -> dict[str, dict[str, int]]:
    """Done corrections and withdrawals per platform in the month (module docstring)."""
    start, end = month_bounds(month)
    counts = {p: dict.fromkeys(FOLLOWUP_KINDS, 0) for p in PLATFORMS}
    for record in records.values():
        for per_platform in (record.get("followups") or {}).values():
            for platform, entry in (per_platform or {}).items():
                kind = entry.get("kind")
                if kind not in FOLLOWUP_KINDS or entry.get("state") != LedgerState.DONE:
                    continue
                when = _utc(entry.get("updated") or "")
                if when and start <= when < end:
                    counts.setdefault(platform, dict.fromkeys(FOLLOWUP_KINDS, 0))[kind] += 1
    return counts


def listening_in_month(items: Mapping[str, dict], month: str) -> dict[str, dict[str, Any]]:
    start, end = month_bounds(month)
    out: dict[str, dict[str, Any]] = {
        p: {"comments": 0, "questions": 0, "answered": 0, "hours": []} for p in PLATFORMS
    }
    for item in items.values():
        created = _utc(item.get("created", ""))
        if item.get("own") or not created or not (start <= created < end):
            continue
        row = out.setdefault(
            item["platform"], {"comments": 0, "questions": 0, "answered": 0, "hours": []}
        )
        row["comments"] += 1
        if item.get("question"):
            row["questions"] += 1
            if item.get("answered_at"):
                row["answered"] += 1
                delta = _dt(item["answered_at"]) - _dt(item["created"])
                row["hours"].append(max(0.0, delta.total_seconds() / 3600))
    return out


def _utc(stamp: str) -> str:
    if not stamp:
        return ""
    try:
        return _dt(stamp).isoformat(timespec="seconds")
    except ValueError:
        return ""


def _dt(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


# --- metrics from the platforms -------------------------------------------------


class MetricsReader:
    """Reads each platform's per-post numbers through the adapters' clients."""

    def __init__(self, settings, env=None) -> None:
        from syndicate.adapters import adapter_for

        # The concrete adapters' clients (graph, service, client) are used directly.
        self.adapters: dict[str, Any] = {p: adapter_for(p, settings, env=env) for p in PLATFORMS}

    def fill(self, row: PlatformMonth) -> None:
        if not row.posts:
            return
        try:
            self.adapters[row.platform].check_credentials()
            getattr(self, f"_{row.platform}")(row)
        except PlatformError as exc:
            row.metrics_note = f"metrik tidak tersedia: {exc.message}"

    def _graph_insights(self, row: PlatformMonth, metrics: str) -> list[dict[str, int]]:
        graph = self.adapters[row.platform].graph
        out = []
        for _article, post_id in row.posts:
            body = graph.request("GET", f"{post_id}/insights", params={"metric": metrics})
            out.append(
                {
                    item["name"]: int((item.get("values") or [{}])[0].get("value") or 0)
                    for item in body.get("data") or []
                }
            )
        return out

    def _facebook(self, row: PlatformMonth) -> None:
        values = self._graph_insights(
            row, "post_total_media_view_unique,post_media_view,post_clicks"
        )
        row.reach = sum(v.get("post_total_media_view_unique", 0) for v in values)
        row.views = sum(v.get("post_media_view", 0) for v in values)
        row.engagement = sum(v.get("post_clicks", 0) for v in values)

    def _instagram(self, row: PlatformMonth) -> None:
        values = self._graph_insights(row, "reach,views,total_interactions")
        row.reach = sum(v.get("reach", 0) for v in values)
        row.views = sum(v.get("views", 0) for v in values)
        row.engagement = sum(v.get("total_interactions", 0) for v in values)

    def _youtube(self, row: PlatformMonth) -> None:
        adapter = self.adapters["youtube"]
        ids = [post_id for _article, post_id in row.posts]
        views = likes = 0
        for start in range(0, len(ids), 50):
            listing = adapter._execute(
                adapter.service.videos().list(
                    part="statistics", id=",".join(ids[start : start + 50])
                ),
                "videos.list",
            )
            for item in listing.get("items") or []:
                stats = item.get("statistics") or {}
                views += int(stats.get("viewCount") or 0)
                likes += int(stats.get("likeCount") or 0) + int(stats.get("commentCount") or 0)
        row.views, row.engagement = views, likes

    def _x(self, row: PlatformMonth) -> None:
        import requests
        import tweepy

        from syndicate.errors import TransientError

        adapter = self.adapters["x"]
        ids = [post_id for _article, post_id in row.posts]
        views = engagement = 0
        for start in range(0, len(ids), 100):
            try:
                response = adapter.client.get_tweets(
                    ids[start : start + 100], tweet_fields=["public_metrics"], user_auth=True
                )
            except tweepy.TweepyException as exc:
                raise adapter._map(exc) from None
            except requests.RequestException as exc:
                raise TransientError(f"X: tweets gagal: {type(exc).__name__}") from None
            for tweet in response.data or []:
                metrics = tweet.data.get("public_metrics") or {}
                views += int(metrics.get("impression_count") or 0)
                engagement += sum(
                    int(metrics.get(k) or 0)
                    for k in ("like_count", "retweet_count", "reply_count", "quote_count")
                )
        row.views, row.engagement = views, engagement


def build_rows(
    records: Mapping[str, dict],
    items: Mapping[str, dict],
    month: str,
    platforms: tuple[str, ...] = PLATFORMS,
    reader: MetricsReader | None = None,
) -> list[PlatformMonth]:
    posts = posts_in_month(records, month)
    followups = count_followups(records, month)
    heard = listening_in_month(items, month)
    rows = []
    for platform in platforms:
        row = PlatformMonth(platform, posts=posts.get(platform, []))
        listened = heard.get(platform) or {}
        row.comments = listened.get("comments", 0)
        row.questions = listened.get("questions", 0)
        row.answered = listened.get("answered", 0)
        row.response_hours = listened.get("hours", [])
        row.corrections = followups.get(platform, {}).get("correction", 0)
        row.withdrawals = followups.get(platform, {}).get("withdrawal", 0)
        if reader is not None:
            reader.fill(row)
        rows.append(row)
    return rows


# --- rendering ---------------------------------------------------------------------


def _num(value: int | float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def bar_chart(chart_id: str, title: str, series: list[tuple[str, list[tuple[str, int]]]]) -> str:
    """A grouped horizontal bar chart as inline SVG: one group per label, one
    bar per (name, value); the numbers are printed beside the bars too."""
    colours = ("#1f4e79", "#c55a11")
    row_height = 18
    group_gap = 12
    label_width = 110
    width = 560
    bar_room = width - label_width - 60
    peak = max([v for _label, bars in series for _n, v in bars] + [1])
    height = sum(len(bars) * row_height + group_gap for _label, bars in series) + 30
    e = html.escape
    out = [
        f'<svg role="img" aria-labelledby="{chart_id}-t" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{e(title)}</title>',
    ]
    y = 10
    names: list[str] = []
    for label, bars in series:
        out.append(
            f'<text x="0" y="{y + row_height * len(bars) / 2 + 4:.0f}" font-size="13" '
            f'fill="#1a1a1a">{e(label)}</text>'
        )
        for index, (name, value) in enumerate(bars):
            if name not in names:
                names.append(name)
            length = 0 if peak == 0 else bar_room * value / peak
            out.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{row_height - 4}" '
                f'fill="{colours[index % len(colours)]}"><title>{e(name)}: {value}</title></rect>'
            )
            out.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + row_height - 7}" '
                f'font-size="12" fill="#1a1a1a">{value}</text>'
            )
            y += row_height
        y += group_gap
    legend_x = label_width
    for index, name in enumerate(names):
        out.append(
            f'<rect x="{legend_x}" y="{height - 16}" width="12" height="12" '
            f'fill="{colours[index % len(colours)]}"/>'
            f'<text x="{legend_x + 16}" y="{height - 6}" font-size="12" '
            f'fill="#1a1a1a">{e(name)}</text>'
        )
        legend_x += 16 + 8 * len(name) + 20
    out.append("</svg>")
    return "\n".join(out)


CSS = """
body{font-family:system-ui,sans-serif;color:#1a1a1a;max-width:52rem;margin:1rem auto;
padding:0 1rem;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #888;padding:.3rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}
caption{text-align:left;font-weight:600;margin-bottom:.3rem}
figure{margin:1rem 0}
.note{font-size:.9rem;color:#333}
@media print{body{max-width:none;margin:0}a{color:inherit}section{break-inside:avoid}}
"""


def render_report(rows: list[PlatformMonth], month: str, *, generated: str) -> str:
    e = html.escape
    title = f"Laporan media sosial BKD Provinsi NTT, {month_title(month)}"
    totals = {
        "posts": sum(len(r.posts) for r in rows),
        "questions": sum(r.questions for r in rows),
        "answered": sum(r.answered for r in rows),
    }
    all_hours = [h for r in rows for h in r.response_hours]
    median_all = statistics.median(all_hours) if all_hours else None
    label = lambda r: LABELS.get(r.platform, r.platform)  # noqa: E731
    body = [
        "<!doctype html>",
        '<html lang="id"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex, nofollow">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head><body><main>",
        f"<h1>{e(title)}</h1>",
        f'<p class="note">Dibuat {e(generated)} oleh '
        f"<code>syndicate report --month {e(month)}</code>. "
        "Dokumen internal untuk Kepala BKD: tidak untuk dipublikasikan.</p>",
        "<h2>Ringkasan</h2>",
        "<ul>",
        f"<li>Posting dibagikan: {_num(totals['posts'])}</li>",
        f"<li>Pertanyaan warga: {_num(totals['questions'])}, "
        f"dijawab: {_num(totals['answered'])}</li>",
        f"<li>Median waktu menjawab: {_num(median_all)} jam</li>",
        "</ul>",
        "<figure>",
        bar_chart(
            "grafik-posting",
            "Posting dan komentar per platform",
            [(label(r), [("posting", len(r.posts)), ("komentar", r.comments)]) for r in rows],
        ),
        "<figcaption>Posting dan komentar per platform "
        "(angkanya ada di tabel di bawah).</figcaption>",
        "</figure>",
        "<figure>",
        bar_chart(
            "grafik-pertanyaan",
            "Pertanyaan diterima dan dijawab per platform",
            [(label(r), [("diterima", r.questions), ("dijawab", r.answered)]) for r in rows],
        ),
        "<figcaption>Pertanyaan warga yang diterima dan yang sudah dijawab akun BKD.</figcaption>",
        "</figure>",
        "<table>",
        "<caption>Angka per platform</caption>",
        '<thead><tr><th scope="col">Platform</th><th scope="col">Posting</th>'
        '<th scope="col">Jangkauan</th><th scope="col">Tayangan</th>'
        '<th scope="col">Interaksi</th><th scope="col">Komentar</th>'
        '<th scope="col">Pertanyaan</th><th scope="col">Dijawab</th>'
        '<th scope="col">Median jawab (jam)</th><th scope="col">Koreksi</th>'
        '<th scope="col">Penarikan</th></tr></thead><tbody>',
    ]
    for row in rows:
        body.append(
            f'<tr><th scope="row">{e(label(row))}</th><td>{_num(len(row.posts))}</td>'
            f"<td>{_num(row.reach)}</td><td>{_num(row.views)}</td><td>{_num(row.engagement)}</td>"
            f"<td>{_num(row.comments)}</td><td>{_num(row.questions)}</td><td>{_num(row.answered)}</td>"
            f"<td>{_num(row.median_response_hours)}</td><td>{_num(row.corrections)}</td>"
            f"<td>{_num(row.withdrawals)}</td></tr>"
        )
    body.append("</tbody></table>")
    notes = [f"{label(r)}: {r.metrics_note}" for r in rows if r.metrics_note]
    body.append("<h2>Catatan</h2><ul>")
    body.append(
        "<li>“—” berarti platform tidak memberikan angka itu lewat API (YouTube tidak "
        "memberi jangkauan) atau angkanya tidak dapat dibaca bulan ini.</li>"
    )
    body.append(
        "<li>Interaksi: klik (Facebook), total interaksi (Instagram), suka dan komentar "
        "(YouTube), suka, repost, balasan dan kutipan (X).</li>"
    )
    for note in notes:
        body.append(f"<li>{e(note)}</li>")
    body.append("</ul></main></body></html>")
    return "\n".join(body) + "\n"
