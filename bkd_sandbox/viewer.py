"""``GET /``: the four accounts' timelines as followers would see them.

Plain HTML, no JavaScript and no third-party requests (the project's rule for
every page it serves). The interface is in Bahasa Indonesia for the admin and
for newcomers running ``make serve``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from bkd_sandbox.messages import Request, Response
from bkd_sandbox.router import Router
from bkd_sandbox.timeline import public_posts

if TYPE_CHECKING:
    from bkd_sandbox.server import Sandbox

TITLES = {
    "facebook": "Facebook — Halaman",
    "instagram": "Instagram",
    "x": "X (Twitter)",
    "youtube": "YouTube — Kanal",
}

STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}
header{background:#0b4f8a;color:#fff;padding:.8rem 1rem}
header h1{font-size:1.2rem;margin:0}
header p{margin:.3rem 0 0;font-size:.9rem}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:1rem;padding:1rem}
section{background:#fff;border-radius:8px;padding:.8rem;box-shadow:0 1px 2px #0002}
h2{font-size:1rem;margin:0 0 .6rem}
article{border-top:1px solid #e3e6ea;padding:.6rem 0}
article p{white-space:pre-wrap;margin:.2rem 0;overflow-wrap:anywhere}
img{max-width:100%;height:auto;border-radius:4px}
time,small{color:#5b6470;font-size:.8rem}
.empty{color:#5b6470;font-style:italic}
"""


def register(router: Router, sandbox: Sandbox) -> None:
    router.add("GET", r"/", lambda request: render(sandbox, request), "")


def render(sandbox: Sandbox, request: Request) -> Response:
    posts = public_posts(sandbox)
    config = sandbox.config
    accounts = {
        "facebook": f"{config.facebook.name} (@{config.facebook.username})",
        "instagram": f"@{config.instagram.username}",
        "x": f"@{config.x.username}",
        "youtube": config.youtube.title,
    }
    with sandbox.state.lock:
        violations = len(sandbox.state.data["violations"])
    faults = [f for f in sandbox.faults.list() if f["remaining"] > 0]
    sections = []
    for platform, title in TITLES.items():
        items = [_article(platform, post) for post in reversed(posts[platform])]
        body = "".join(items) or '<p class="empty">Belum ada unggahan.</p>'
        sections.append(
            f'<section id="{platform}"><h2>{html.escape(title)}</h2>'
            f"<small>{html.escape(accounts[platform])} · {len(items)} unggahan</small>"
            f"{body}</section>"
        )
    sections.append(_followups(sandbox))
    refresh = request.query.get("refresh", "")
    meta_refresh = (
        f'<meta http-equiv="refresh" content="{int(refresh)}">' if refresh.isdigit() else ""
    )
    page = (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"{meta_refresh}<title>Sandbox media sosial BKD NTT</title><style>{STYLE}</style></head>"
        "<body><header><h1>Sandbox media sosial BKD NTT</h1>"
        "<p>Tiruan lokal Facebook, Instagram, X dan YouTube. Tidak ada yang terkirim ke platform "
        f"sungguhan. Gangguan aktif: {len(faults)} · Pelanggaran token di URL: {violations}</p>"
        f"</header><main>{''.join(sections)}</main></body></html>"
    )
    return Response.html(200, page)


def _article(platform: str, post: dict) -> str:
    parts = [f'<article id="{platform}-{html.escape(post["id"])}">']
    if post["text"]:
        parts.append(f"<p>{html.escape(post['text'])}</p>")
    alts = post.get("alt_texts") or [post.get("alt_text", "")] * len(post["images"])
    for index, image in enumerate(post["images"]):
        alt = html.escape(alts[index] if index < len(alts) else "")
        if image.startswith(("http://", "https://")):
            parts.append(f'<img src="{html.escape(image)}" alt="{alt}" loading="lazy">')
        else:
            parts.append(f"<p><small>Gambar diunggah: {html.escape(image)}</small></p>")
    if post["link"]:
        link = html.escape(post["link"])
        parts.append(f'<p><a href="{link}" rel="nofollow">{link}</a></p>')
    parts.append(
        f'<time datetime="{post["time"]}">{post["time"].replace("T", " ").rstrip("Z")} UTC</time>'
    )
    parts.append("</article>")
    return "".join(parts)


FOLLOWUP_LABELS = {
    "edit": "teks diubah",
    "comment": "komentar ditambahkan",
    "delete": "post dihapus",
    "privacy": "status privasi diubah",
}


def _followups(sandbox: Sandbox) -> str:
    """Corrections and withdrawals as followers would notice them: edits,
    comments, replies (X replies are posts, shown in X's timeline too),
    deletions and privacy changes, newest first."""
    with sandbox.state.lock:
        changes = list(sandbox.state.data.get("changes", []))
        replies = [t for t in sandbox.state.data["posts"]["x"] if t.get("in_reply_to")]
    rows = []
    for change in reversed(changes):
        label = FOLLOWUP_LABELS.get(change["kind"], change["kind"])
        detail = change.get("after") or change.get("before") or ""
        if change["kind"] == "privacy":
            detail = f"{change.get('before')} → {change.get('after')}"
        rows.append(
            f"<article><p><strong>{html.escape(TITLES.get(change['platform'], ''))}</strong>: "
            f"{html.escape(label)} ({html.escape(change['target'])})</p>"
            f"<p>{html.escape(str(detail)[-500:])}</p></article>"
        )
    for reply in reversed(replies):
        rows.append(
            f"<article><p><strong>X</strong>: balasan untuk {html.escape(reply['in_reply_to'])}"
            f"</p><p>{html.escape(reply['text'])}</p></article>"
        )
    body = "".join(rows) or '<p class="empty">Belum ada koreksi atau penarikan.</p>'
    return f'<section id="tindak-lanjut"><h2>Koreksi dan penarikan</h2>{body}</section>'
