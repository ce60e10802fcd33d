"""Turns an article into each platform's post, within that platform's rules.

Pure functions, no network. Every limit comes from the contract
(``syndicate.contract.LIMITS``, shared with the FBS gate) as a constant of its
platform's composer, and all shortening goes through ``truncate_words`` so that a URL is
never cut and the ellipsis rules are the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from syndicate.contract import LIMITS, Action, ManifestArticle, Platform
from syndicate.settings import PLATFORM_LABELS, Settings

ELLIPSIS = "…"
URL_RE = re.compile(r"https?://\S+", re.IGNORECASE)
HASHTAG_RE = re.compile(r"(?<!\w)#\w+")
NO_INSTAGRAM_IMAGE = (
    "tidak ada gambar siap Instagram (JPEG 1080×1350/1080×1080); "
    "artikel tidak diposting tanpa gambar"
)
NO_VIDEO = "artikel tanpa VideoFile: YouTube hanya untuk video"


@dataclass
class Media:
    kind: str  # "image", "video" or "thumbnail"
    url: str | None = None
    path: str | None = None
    alt: str = ""


@dataclass
class Post:
    platform: str
    article_id: str
    url: str
    action: Action = Action.POST  # or Action.SKIP
    reason: str = ""
    text: str = ""
    title: str = ""
    link: str | None = None
    media: list[Media] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    options: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        data = asdict(self)
        data["media"] = [asdict(m) for m in self.media]
        return data


def skip(platform: str, article: ManifestArticle, reason: str) -> Post:
    return Post(platform, article.id, article.url, action=Action.SKIP, reason=reason)


# --- shared text helpers -------------------------------------------------


def _weight_one(char: str) -> bool:
    # ASCII and the general-punctuation dashes/quotes weigh 1 in twitter-text's
    # config v3 ranges, and none of them starts an emoji.
    return char < "\x80" or "\u2010" <= char <= "\u201f"


def weighted_length(text: str) -> int:
    """X's count: URLs 23, emoji and CJK 2 (twitter-text).

    parse_tweet's emoji scan costs about half a millisecond per call, so
    texts made only of weight-1 characters are counted directly (same result,
    checked against parse_tweet in the tests); anything else goes to parse_tweet.
    """
    # Imported here: twitter_text compiles its large regexes at import (about
    # half a second), and every site build imports this module through the
    # FBS checks, most of them without counting a single post.
    from twitter_text import extract_urls_with_indices, parse_tweet

    if all(_weight_one(c) for c in text):
        urls = extract_urls_with_indices(text)
        return len(text) - sum(u["indices"][1] - u["indices"][0] for u in urls) + 23 * len(urls)
    return parse_tweet(text).weightedLength


def utf8_length(text: str) -> int:
    return len(text.encode("utf-8"))


def truncate_words(text: str, limit: int, measure: Callable[[str], int] = len) -> str:
    """The longest prefix of whole words, plus "…", with measure() ≤ limit.

    Whitespace-separated tokens are kept or dropped whole, so a URL inside the
    text is never cut. If not even the first word fits, the text is cut by
    characters unless that word is a URL, which is then dropped.
    """
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if measure(text) <= limit:
        return text
    tokens = re.split(r"(\s+)", text)
    words = tokens[::2]
    seps = [*tokens[1::2], ""]
    lo, hi, best = 1, len(words), ""
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = "".join(w + s for w, s in zip(words[:mid], seps[:mid], strict=False)).rstrip()
        candidate = candidate.rstrip(" ,;:-–—") + ELLIPSIS
        if measure(candidate) <= limit:
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    if best:
        return best
    first = words[0] if words else ""
    if URL_RE.fullmatch(first):
        return ""
    cut = first
    while cut and measure(cut + ELLIPSIS) > limit:
        cut = cut[:-1]
    return cut + ELLIPSIS if cut else ""


def without_url(text: str, url: str) -> str:
    """``text`` with every occurrence of ``url`` taken out, for a body that must
    be shortened: the composer then puts the URL back after the cut, so an
    override never loses the article link."""
    lines = [" ".join(line.replace(url, " ").split()) for line in text.splitlines()]
    return "\n".join(lines).strip()


def hashtag(tag: str) -> str:
    """ "pengembangan kompetensi" → "#PengembanganKompetensi"; "" when nothing is left."""
    normal = unicodedata.normalize("NFKC", tag)
    words = re.findall(r"\w+", normal)
    if not words:
        return ""
    return "#" + "".join(w[:1].upper() + w[1:] for w in words)


def hashtags(tags, limit: int, exclude: str = "") -> list[str]:
    seen = {h.lower() for h in HASHTAG_RE.findall(exclude)}
    out = []
    for tag in tags:
        tagged = hashtag(tag)
        if tagged and tagged.lower() not in seen:
            seen.add(tagged.lower())
            out.append(tagged)
        if len(out) >= limit:
            break
    return out


def _clean(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()


# --- per platform ---------------------------------------------------------


def _given(limit: int | None) -> int:
    """A limit syndicate/contract.py gives for this platform (None there is a bug)."""
    if limit is None:
        raise ValueError("a platform limit is missing from syndicate/contract.py")
    return limit


class XComposer:
    MAX_WEIGHTED = LIMITS[Platform.X].text

    def compose(self, article: ManifestArticle, settings: Settings) -> Post:
        link_in_text = settings.x_link_in_text
        body = _clean(article.overrides.get("x") or article.title)
        suffix = ""
        if article.url in body and weighted_length(body) > self.MAX_WEIGHTED:
            # An override carrying the link: cut the text, never the link.
            body, suffix = without_url(body, article.url), " " + article.url
        elif link_in_text and article.url not in body:
            suffix = " " + article.url
        room = self.MAX_WEIGHTED - (weighted_length(suffix.strip()) + 1 if suffix else 0)
        body = truncate_words(body, room, weighted_length)
        text = (body + suffix).strip()
        for tag in hashtags(article.tags, settings.max_hashtags_x, exclude=text):
            candidate = f"{text} {tag}"
            if weighted_length(candidate) <= self.MAX_WEIGHTED:
                text = candidate
        image = article.og_image or article.instagram_image
        media = [Media("image", url=image.url, alt=image.alt[:1000])] if image else []
        return Post("x", article.id, article.url, text=text, link=article.url, media=media)


class FacebookComposer:
    MAX_MESSAGE = LIMITS[Platform.FACEBOOK].text
    MAX_PHOTOS = _given(LIMITS[Platform.FACEBOOK].photos)
    MAX_HASHTAGS = _given(LIMITS[Platform.FACEBOOK].hashtags)

    def compose(self, article: ManifestArticle, settings: Settings) -> Post:
        body = _clean(article.overrides.get("facebook") or _title_and_summary(article))
        photos = [item for item in article.gallery][: self.MAX_PHOTOS]
        multi = len(photos) >= 2
        # A multi-photo post has no link preview, so the link goes into the text.
        if (multi or settings.facebook_link_in_text) and article.url not in body:
            body = f"{body}\n\nSelengkapnya: {article.url}"
        tags = hashtags(article.tags, self.MAX_HASHTAGS, exclude=body)
        text = f"{body}\n\n{' '.join(tags)}" if tags else body
        if len(text) > self.MAX_MESSAGE:
            link_line = f"\n\nSelengkapnya: {article.url}"
            body = truncate_words(
                without_url(body, article.url).removesuffix("Selengkapnya:").rstrip(),
                self.MAX_MESSAGE - len(link_line),
            )
            text = body + link_line
        post = Post("facebook", article.id, article.url, text=text, link=article.url)
        if multi:
            post.media = [Media("image", url=p.url, alt=p.alt) for p in photos]
            post.options["kind"] = "photos"
        else:
            post.options["kind"] = "link"
        return post


class InstagramComposer:
    MAX_CAPTION = LIMITS[Platform.INSTAGRAM].text
    MAX_HASHTAGS = _given(LIMITS[Platform.INSTAGRAM].hashtags)
    MAX_CAROUSEL = _given(LIMITS[Platform.INSTAGRAM].photos)

    def compose(self, article: ManifestArticle, settings: Settings) -> Post:
        carousel = [item for item in article.gallery if item.instagram_url][: self.MAX_CAROUSEL]
        if len(carousel) >= 2:
            media = [Media("image", url=item.instagram_url, alt=item.alt) for item in carousel]
        elif article.instagram_image:
            image = article.instagram_image
            media = [Media("image", url=image.url, path=image.path, alt=image.alt)]
        else:
            return skip("instagram", article, NO_INSTAGRAM_IMAGE)
        body = _clean(article.overrides.get("instagram") or _title_and_summary(article))
        # Links in captions are not clickable: write it out and point to the bio.
        link_line = "" if article.url in body else f"Selengkapnya: {article.url} (tautan di bio)"
        in_body = len(HASHTAG_RE.findall(body))
        allowed = max(0, min(settings.max_hashtags_instagram, self.MAX_HASHTAGS - in_body))
        tags = hashtags(article.tags, allowed, exclude=body)
        tail = "\n\n".join(part for part in (link_line, " ".join(tags)) if part)
        if not link_line and len(body) + len(tail) + 2 > self.MAX_CAPTION:
            # An override carrying the link must be cut: cut the text, never the link.
            body = without_url(body, article.url)
            link_line = f"Selengkapnya: {article.url} (tautan di bio)"
            tail = "\n\n".join(part for part in (link_line, " ".join(tags)) if part)
        room = self.MAX_CAPTION - (len(tail) + 2 if tail else 0)
        body = truncate_words(body, room)
        if len(HASHTAG_RE.findall(body)) > self.MAX_HASHTAGS:
            body = HASHTAG_RE.sub(lambda m: m.group(0)[1:], body)
        caption = f"{body}\n\n{tail}" if tail else body
        post = Post(
            "instagram", article.id, article.url, text=caption, link=article.url, media=media
        )
        post.options["kind"] = "carousel" if len(media) > 1 else "image"
        return post


class YouTubeComposer:
    MAX_TITLE = _given(LIMITS[Platform.YOUTUBE].title)
    MAX_DESCRIPTION_BYTES = LIMITS[Platform.YOUTUBE].text
    MAX_TAGS_CHARS = _given(LIMITS[Platform.YOUTUBE].tags_chars)

    def compose(self, article: ManifestArticle, settings: Settings) -> Post:
        if not article.video:
            return skip("youtube", article, NO_VIDEO)
        title = truncate_words(_no_angle(article.title), self.MAX_TITLE)
        link = f"Baca selengkapnya: {article.url}"
        summary = _no_angle(_clean(article.summary))
        tag_line = " ".join(hashtags(article.tags, 3))
        tail = "\n\n".join(part for part in (link, tag_line) if part)
        room = self.MAX_DESCRIPTION_BYTES - utf8_length(tail) - 2
        summary = truncate_words(summary, room, utf8_length)
        description = f"{summary}\n\n{tail}" if summary else tail
        tags: list[str] = []
        used = 0
        for tag in article.tags:
            tag = _no_angle(tag).strip()
            cost = len(tag) + (2 if " " in tag else 0) + (1 if tags else 0)
            if tag and used + cost <= self.MAX_TAGS_CHARS:
                tags.append(tag)
                used += cost
        media = [Media("video", path=article.video.file)]
        if article.video.poster_url or article.video.poster_path:
            media.append(
                Media("thumbnail", url=article.video.poster_url, path=article.video.poster_path)
            )
        post = Post(
            "youtube",
            article.id,
            article.url,
            text=description,
            title=title,
            link=article.url,
            media=media,
            tags=tags,
        )
        post.options = {
            "privacy": settings.youtube_privacy,
            "category": settings.youtube_category_id,
        }
        return post


def _title_and_summary(article: ManifestArticle) -> str:
    summary = article.summary.strip()
    return (
        f"{article.title}\n\n{summary}" if summary and summary != article.title else article.title
    )


def _no_angle(text: str) -> str:
    return text.replace("<", "‹").replace(">", "›")


COMPOSERS: dict[str, XComposer | FacebookComposer | InstagramComposer | YouTubeComposer] = {
    "x": XComposer(),
    "facebook": FacebookComposer(),
    "instagram": InstagramComposer(),
    "youtube": YouTubeComposer(),
}


def skip_reason(article: ManifestArticle, platform: str, settings: Settings) -> str | None:
    """Why this platform does not apply to the article, without composing (fast)."""
    if platform not in settings.platforms:
        return f"{PLATFORM_LABELS[platform]} dinonaktifkan (SYNDICATE_PLATFORMS)"
    if platform not in article.platforms:
        return f"front matter Syndicate tidak memuat {platform}"
    if platform == "instagram" and not (
        article.instagram_image or sum(1 for item in article.gallery if item.instagram_url) >= 2
    ):
        return NO_INSTAGRAM_IMAGE
    if platform == "youtube" and not article.video:
        return NO_VIDEO
    return None


def compose(article: ManifestArticle, platform: str, settings: Settings) -> Post:
    """The post for one platform, or a skip saying why it does not apply."""
    if platform not in settings.platforms:
        return skip(
            platform, article, f"{PLATFORM_LABELS[platform]} dinonaktifkan (SYNDICATE_PLATFORMS)"
        )
    if platform not in article.platforms:
        return skip(platform, article, f"front matter Syndicate tidak memuat {platform}")
    return COMPOSERS[platform].compose(article, settings)
