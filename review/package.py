"""The review package of a pull request: one section per changed article.

Everything a platform will get is computed by the syndication engine's own
code: the manifest the PR build wrote (``syndicate.contract.Manifest.read``), the
engine's settings from it, ``skip_reason``/``compose`` exactly as ``syndicate
preview`` and ``syndicate publish`` call them, and each adapter's ``preview``
for the requests. Nothing here re-implements a platform rule, so what the
Kepala reads is what will be sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from plugins.bkd_content.frontmatter import parse_date, parse_front_matter
from plugins.indonesian_dates import jam, tanggal
from review import MARKER

WITA = ZoneInfo("Asia/Makassar")
# GitHub refuses an issue comment body over 65,536 characters.
COMMENT_LIMIT = 65_536

# The measure and limit shown next to each platform's text.
LIMITS = {
    "x": ("karakter berbobot", 280),
    "instagram": ("karakter", 2_200),
    "facebook": ("karakter", 63_206),
    "youtube": ("bita deskripsi", 5_000),
}
MEDIA_LABELS = {"image": "gambar", "video": "video", "thumbnail": "gambar mini"}
SEVERITY = {"error": "GALAT", "warning": "PERINGATAN"}


@dataclass
class Picture:
    caption: str
    path: str  # relative to the previews folder
    alt: str = ""


@dataclass
class PlatformPost:
    platform: str
    label: str
    text: str
    length: int
    limit: int
    unit: str
    title: str = ""
    link: str | None = None
    media: list[dict] = field(default_factory=list)
    options: dict = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)


@dataclass
class ArticleReview:
    source: str
    title: str
    errors: int = 0
    warnings: int = 0
    findings: list[dict] = field(default_factory=list)
    waivers: list[dict] = field(default_factory=list)
    url: str = ""  # the public address the article will have
    page_url: str = ""  # its address in the pull request's build (screenshots)
    schedule: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    built: bool = True
    not_built_reason: str = ""
    posts: list[PlatformPost] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    video: dict | None = None
    article_id: str = ""
    published_utc: str = ""  # "2026-10-08T09:00:00Z", for the post mocks


def schedule_line(date: datetime, now: datetime) -> str:
    """'Terbit: Rabu, 25 November 2026, 10.00 WITA' for a future date."""
    if date.tzinfo is None:
        date = date.replace(tzinfo=WITA)
    if date > now:
        return f"Terbit: {tanggal(date)}, {jam(date)}"
    return "Terbit: segera setelah digabung"


def fbs_verdict(path: Path, repo: Path) -> dict:
    """The FBS gate over one article, as `fbs check` runs it in CI."""
    from plugins.fbs.config import Config
    from plugins.fbs.masking import mask_secrets
    from plugins.fbs.runner import Context, run

    result = run([path], Context(Config(), repo_root=repo), repo_checks=False)
    findings = sorted(result.active, key=lambda f: (f.severity != "error", f.line))
    return {
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "spelling": result.spelling_available,
        "findings": [
            {
                "severity": f.severity,
                "rule": f.rule,
                "line": f.line,
                "message": mask_secrets(f.message),
                "hint": mask_secrets(f.hint or ""),
            }
            for f in findings
        ],
        "waivers": [
            {
                "rule": w.rule,
                "target": w.target,
                "line": w.line,
                "findings": w.findings,
                "reason": mask_secrets(w.reason),
            }
            for w in result.waivers
        ],
    }


def find_entry(manifest, fm, path: Path):
    """The manifest article built from this source file (id = date + slug)."""
    slug = (fm.fields.get("slug") or path.stem).strip()
    try:
        date = parse_date(fm.fields["date"])
    except (KeyError, ValueError):
        date = None
    if date is not None:
        local = date.astimezone(WITA) if date.tzinfo else date
        wanted = f"{local:%Y%m%d}-{slug}"
        for article in manifest.articles:
            if article.id == wanted:
                return article
    matches = [a for a in manifest.articles if a.id.endswith(f"-{slug}")]
    return matches[0] if len(matches) == 1 else None


def platform_posts(article, manifest, settings) -> tuple[list[PlatformPost], list]:
    """Per platform: the post `syndicate publish` would send, or why none is sent."""
    from syndicate.adapters import adapter_for
    from syndicate.composer import compose, skip_reason, utf8_length, weighted_length
    from syndicate.contract import PLATFORMS
    from syndicate.settings import PLATFORM_LABELS

    posts, skipped = [], []
    for platform in PLATFORMS:
        label = PLATFORM_LABELS[platform]
        reason = skip_reason(article, platform, settings)
        post = None if reason else compose(article, platform, settings)
        if post is not None and post.action != "post":
            reason = post.reason
        if reason:
            skipped.append((label, reason))
            continue
        unit, limit = LIMITS[platform]
        if platform == "x":
            length = weighted_length(post.text)
        elif platform == "youtube":
            length = utf8_length(post.text)
        else:
            length = len(post.text)
        # As the engine makes it (Engine.adapter): no secrets, paths against the repository.
        adapter = adapter_for(platform, settings, env={}, base_dir=manifest.base_dir)
        posts.append(
            PlatformPost(
                platform=platform,
                label=label,
                text=post.text,
                length=length,
                limit=limit,
                unit=unit,
                title=post.title,
                link=post.link,
                media=[dict(m.__dict__) for m in post.media],
                options=dict(post.options),
                requests=adapter.preview(post),
            )
        )
    return posts, skipped


def public_site_url() -> str:
    """The address `make publish` builds for: publishconf.py takes SITEURL
    from ROBOTS_PRODUCTION_SITEURL in pelicanconf.py (read, never copied)."""
    from pelican.settings import read_settings

    conf = Path(__file__).resolve().parents[1] / "pelicanconf.py"
    return str(read_settings(str(conf))["ROBOTS_PRODUCTION_SITEURL"]).rstrip("/")


def as_published(article, built_url: str, public_url: str):
    """The manifest entry as the merge's production build will write it.

    The pull request's build has its own address (the page preview), so that
    no link in it leads to the live site; the texts the platforms will get
    carry the public address. The two builds differ in SITEURL alone, so
    every URL of the entry is the same with its base swapped."""
    from syndicate.contract import ManifestArticle

    built_url, public_url = built_url.rstrip("/"), public_url.rstrip("/")
    if not built_url or built_url == public_url:
        return article

    def swap(value):
        if isinstance(value, str):
            if value == built_url or value.startswith(built_url + "/"):
                return public_url + value[len(built_url) :]
            return value
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [swap(item) for item in value]
        return value

    return ManifestArticle.from_json(swap(article.to_json()))


def review_article(
    path: Path, repo: Path, manifest, settings, now: datetime, public_url: str = ""
) -> ArticleReview:
    text = path.read_text(encoding="utf-8", errors="replace")
    fm = parse_front_matter(text)
    source = path.relative_to(repo).as_posix()
    review = ArticleReview(source=source, title=fm.fields.get("title", path.stem))
    verdict = fbs_verdict(path, repo)
    review.errors, review.warnings = verdict["errors"], verdict["warnings"]
    review.findings, review.waivers = verdict["findings"], verdict["waivers"]
    review.category = fm.fields.get("category", "")
    review.tags = [t.strip() for t in fm.fields.get("tags", "").split(",") if t.strip()]
    try:
        date = parse_date(fm.fields["date"])
        review.schedule = schedule_line(date, now)
    except (KeyError, ValueError):
        review.schedule = "Terbit: tanggal (Date) belum benar, lihat temuan FBS"
    if fm.fields.get("status", "").strip().lower() == "draft":
        review.built, review.not_built_reason = False, "Status: draft — tidak diterbitkan"
        return review
    article = find_entry(manifest, fm, path)
    if article is None:
        review.built = False
        review.not_built_reason = (
            "artikel tidak ada dalam hasil build (lihat log build dan temuan FBS)"
        )
        return review
    review.article_id = article.id
    moment = article.date if article.date.tzinfo else article.date.replace(tzinfo=WITA)
    review.published_utc = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    review.page_url = article.url
    article = as_published(article, manifest.site_url, public_url)
    review.url = article.url
    review.title = article.title
    review.category = article.category or review.category
    review.tags = list(article.tags)
    review.posts, review.skipped = platform_posts(article, manifest, settings)
    return review


def build_package(
    repo: Path,
    articles: list[Path],
    manifest_path: Path,
    now: datetime | None = None,
    public_url: str = "",
) -> list[ArticleReview]:
    from syndicate.contract import Manifest
    from syndicate.settings import Settings

    manifest = Manifest.read(manifest_path, base_dir=repo)
    settings = Settings.load(manifest.settings)
    # Which platforms an article goes to is the build's decision; the review
    # shows all of them even while the kill switch pauses posting.
    settings.paused = False
    now = now or datetime.now(WITA)
    public = public_url or public_site_url()
    return [review_article(path, repo, manifest, settings, now, public) for path in articles]


# --- GitHub Markdown ----------------------------------------------------------

# Inline text is never at the start of a line here, so only what opens a
# construct mid-line is escaped; "@" and "#" so an author cannot mention a
# person or link an issue from the Kepala's comment.
_PUNCT = re.compile(r"([\\`*_{}\[\]<>#|~&@])")


def md(text: str) -> str:
    """Author text as literal Markdown inline text (every ASCII punctuation a
    Markdown construct may start with is backslash-escaped; newlines become spaces)."""
    return _PUNCT.sub(r"\\\1", " ".join(str(text).split()))


def fenced(text: str, info: str = "text") -> str:
    """A code block holding `text` verbatim: the fence is longer than any run of
    backticks inside (CommonMark), so no text can close it early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def _verdict(reviews: list[ArticleReview]) -> list[str]:
    errors = sum(r.errors for r in reviews)
    warnings = sum(r.warnings for r in reviews)
    waivers = sum(len(r.waivers) for r in reviews)
    if errors:
        head = f"❌ **FBS: belum lolos** — {errors} galat, {warnings} peringatan"
    elif warnings:
        head = f"⚠️ **FBS: lolos dengan catatan** — 0 galat, {warnings} peringatan"
    else:
        head = "✅ **FBS: lolos** — 0 galat, 0 peringatan"
    lines = [f"{head}, {waivers} pengecualian, {len(reviews)} artikel diubah.", ""]
    all_waivers = [(r, w) for r in reviews for w in r.waivers]
    if all_waivers:
        lines.append("**Pengecualian (Waive) — periksa alasannya dulu:**")
        lines.append("")
        for r, w in all_waivers:
            what = f"`{w['rule']}` {md(w['target'])}".strip()
            used = f"{w['findings']} temuan" if w["findings"] else "tidak dipakai"
            lines.append(
                f"- `{r.source}` baris {w['line']}: {what} ({used}) — alasan: {md(w['reason'])}"
            )
        lines.append("")
    return lines


def _image(picture: Picture, image_url) -> str:
    return f"![{md(picture.alt or picture.caption)}]({image_url(picture.path)})"


def render_article(review: ArticleReview, image_url) -> list[str]:  # noqa: C901 - one section of the review comment after another
    out = [f"## {md(review.title)}", ""]
    state = "❌" if review.errors else ("⚠️" if review.warnings else "✅")
    out.append(
        f"{state} FBS: {review.errors} galat, {review.warnings} peringatan, "
        f"{len(review.waivers)} pengecualian · berkas `{review.source}`"
    )
    out.append("")
    for finding in review.findings:
        where = f"baris {finding['line']}" if finding["line"] else "berkas"
        hint = f" Cara memperbaiki: {md(finding['hint'])}" if finding["hint"] else ""
        out.append(
            f"- **{SEVERITY[finding['severity']]}** {where} `{finding['rule']}` "
            f"{md(finding['message'])}{hint}"
        )
    if review.findings:
        out.append("")
    if review.url:
        out.append(f"- Alamat: {review.url}")
    out.append(f"- {review.schedule}")
    out.append(f"- Kategori: {md(review.category) or '—'}")
    out.append(f"- Tag: {', '.join(md(t) for t in review.tags) or '—'}")
    out.append("")
    if not review.built:
        out += [f"**Tidak dibagikan ke mana pun:** {md(review.not_built_reason)}", ""]
        return out
    for picture in review.pictures:
        if "/mock-" in picture.path:
            continue  # shown under its platform
        out += [f"**{md(picture.caption)}**", "", _image(picture, image_url), ""]
    if review.video:
        out += _video_lines(review.video, image_url)
    for post in review.posts:
        out.append(f"### {post.label}")
        out.append("")
        if post.title:
            out.append(f"Judul ({len(post.title)}/100 karakter): {md(post.title)}")
            out.append("")
        over = " — **melebihi batas**" if post.length > post.limit else ""
        out.append(
            f"Teks yang dikirim persis ({post.length:,}/{post.limit:,} {post.unit}{over}):".replace(
                ",", "."
            )
        )
        out.append("")
        out.append(fenced(post.text))
        out.append("")
        if post.link:
            out.append(f"- Tautan: {post.link}")
        for media in post.media:
            where = media.get("url") or media.get("path") or ""
            alt = f" — alt: {md(media['alt'])}" if media.get("alt") else ""
            out.append(f"- {MEDIA_LABELS.get(media['kind'], md(media['kind']))}: {where}{alt}")
        if post.platform == "youtube":
            privacy = post.options.get("privacy", "")
            out.append(f"- Privasi: {md(privacy)}")
        mock = next(
            (p for p in review.pictures if p.path.endswith(f"mock-{post.platform}.png")), None
        )
        if mock:
            out += ["", _image(mock, image_url)]
        out.append("")
    if review.skipped:
        out.append("**Tidak dikirim ke:**")
        out.append("")
        for label, reason in review.skipped:
            out.append(f"- {label}: {md(reason)}")
        out.append("")
    return out


def _video_lines(video: dict, image_url) -> list[str]:
    out = ["### Video (VideoFile)", ""]
    out.append(f"- Berkas: `{video['file']}` ({video.get('size_text', '?')})")
    if video.get("duration"):
        out.append(f"- Durasi: {video['duration']}")
    if video.get("resolution"):
        out.append(f"- Resolusi: {video['resolution']}")
    if video.get("note"):
        out.append(f"- Catatan: {md(video['note'])}")
    if video.get("watch"):
        out.append(f"- Tonton: {video['watch']}")
    out.append("")
    if video.get("poster"):
        out += [_image(Picture("Bingkai poster", video["poster"]), image_url), ""]
    return out


def render(
    reviews: list[ArticleReview],
    image_url=lambda path: path,
    *,
    footer: str = "",
    limit: int = COMMENT_LIMIT,
) -> str:
    """The whole package as GitHub Markdown, starting with the sticky marker."""
    head = [MARKER, "# Paket tinjauan", ""]
    if not reviews:
        head += ["Tidak ada artikel yang diubah dalam pull request ini.", ""]
        return "\n".join(head + ([footer] if footer else [])) + "\n"
    head += _verdict(reviews)
    body = head[:]
    for review in reviews:
        body += render_article(review, image_url)
    if footer:
        body += [footer, ""]
    text = "\n".join(body) + "\n"
    if len(text) > limit:
        note = (
            "\n_Paket terlalu panjang untuk satu komentar; versi lengkap ada di ringkasan "
            "job (Summary) dan artefak `paket-tinjauan`._\n"
        )
        cut = text[: limit - len(note) - 16]
        cut = cut[: cut.rfind("\n## ")] if "\n## " in cut else cut[: cut.rfind("\n")]
        text = cut + "\n" + note
    return text
