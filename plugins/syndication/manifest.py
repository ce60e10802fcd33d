"""The manifest, written at build time through ``syndicate.contract.Manifest``.

Only what the build knows and the engine needs: each published article's
texts, absolute URLs, images, checked video file and per-platform overrides,
plus a copy of the ``SYNDICATE_*`` settings (``syndicate.settings.EXPORTED_SETTINGS``),
so the ``syndicate`` command sees exactly what the build saw.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from pelican.generators import ArticlesGenerator

from plugins.sanitize import summary_text
from syndicate.contract import (
    DEFAULT_MANIFEST,
    PLATFORMS,
    Manifest,
    ManifestArticle,
    ManifestChange,
    ManifestGalleryItem,
    ManifestImage,
    ManifestVideo,
    ManifestWithdrawal,
    repo_root,
)
from syndicate.settings import EXPORTED_SETTINGS

logger = logging.getLogger(__name__)


def absolute_base(settings) -> str:
    return (settings.get("SITEURL") or settings.get("SEO_DEV_SITEURL", "")).rstrip("/")


def _abs(base: str, url: str | None) -> str | None:
    return _join(base, url) if url else None


def _join(base: str, url: str) -> str:
    return url if "://" in url else f"{base}/{url.lstrip('/')}"


def _image(base, url, alt="", width=None, height=None) -> ManifestImage | None:
    url = _abs(base, url)
    if not url:
        return None
    return ManifestImage(url=url, alt=alt or "", width=width, height=height)


def _plain(value) -> str:
    """Front-matter text exactly as typed (whitespace collapsed): it is text,
    not HTML, so `A & B <C>` stays `A & B <C>` in the social posts."""
    return " ".join(str(value or "").split())


def _repo_relative(path, settings) -> str | None:
    return _repo_path(path, settings) if path else None


def _repo_path(path, settings) -> str:
    candidate = Path(str(path))
    if not candidate.is_absolute():
        candidate = Path(settings.get("PATH", "content")) / candidate
    try:
        return str(candidate.resolve().relative_to(repo_root(settings)))
    except ValueError:
        return str(candidate.resolve())


def manifest_article(article, settings) -> ManifestArticle:
    """The engine's view of one of Pelican's articles."""
    base = absolute_base(settings)
    meta = article.metadata
    og = _image(
        base,
        getattr(article, "og_image_url", None),
        getattr(article, "og_image_alt", "") or meta.get("imagealt", ""),
        getattr(article, "og_image_width", None),
        getattr(article, "og_image_height", None),
    )
    instagram = _image(
        base,
        getattr(article, "instagram_image_url", None),
        getattr(article, "instagram_image_alt", "")
        or getattr(article, "og_image_alt", "")
        or meta.get("imagealt", ""),
        getattr(article, "instagram_image_width", None),
        getattr(article, "instagram_image_height", None),
    )
    gallery = tuple(
        ManifestGalleryItem(
            url=_join(base, item["url"]),
            instagram_url=_abs(base, item.get("instagram_url")),
            alt=item.get("alt", ""),
            credit=item.get("credit", ""),
            width=item.get("width"),
            height=item.get("height"),
        )
        for item in (getattr(article, "gallery_items", None) or [])
        if isinstance(item, dict) and item.get("url")
    )
    # Only the file the media plugin confined and checked (a real video inside
    # content/ or MEDIA_VIDEO_PATHS); never the raw `VideoFile:` text. The
    # poster goes by URL and, for the thumbnail upload, by local path.
    video_file = getattr(article, "video_file_path", None)
    video = None
    if video_file:
        video = ManifestVideo(
            file=_repo_path(video_file, settings),
            poster_url=_abs(base, getattr(article, "video_poster_url", None)),
            poster_path=_repo_relative(getattr(article, "video_poster_path", None), settings),
        )
    overrides = {
        "x": meta.get("xtext"),
        "facebook": meta.get("facebooktext"),
        "instagram": meta.get("instagramtext"),
    }
    return ManifestArticle(
        id=article.article_id,
        url=f"{base}/{article.url}",
        title=_plain(article.title),
        summary=summary_text(article),
        tags=tuple(str(tag) for tag in getattr(article, "tags", []) or []),
        category=str(getattr(article, "category", "") or ""),
        date=article.date,
        platforms=tuple(getattr(article, "syndicate_platforms", PLATFORMS)),
        overrides={k: v for k, v in overrides.items() if v},
        og_image=og,
        instagram_image=instagram,
        gallery=gallery,
        video=video,
        changes=tuple(
            ManifestChange(id=c["id"], date=c["date"], note=c["note"])
            for c in getattr(article, "change_history", None) or ()
        ),
        withdrawn=ManifestWithdrawal(
            date=getattr(article, "modified", None) or article.date,
            note=getattr(article, "withdrawn_note", ""),
        )
        if getattr(article, "withdrawn", False)
        else None,
    )


def _jsonable(value):
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


_ARTICLES: dict[int, list] = {}


def remember_articles(generators) -> None:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            # A withdrawn article is hidden from listings but the engine must
            # still see it, to withdraw its posts.
            withdrawn = [a for a in generator.hidden_articles if getattr(a, "withdrawn", False)]
            _ARTICLES[id(generator.settings)] = [*generator.articles, *withdrawn]


def manifest_path(output_path, settings) -> Path:
    """A relative SYNDICATE_MANIFEST is taken from the folder that holds
    output/ (the repository root for `make publish`)."""
    output = Path(output_path).resolve()
    target = output.parent / settings.get("SYNDICATE_MANIFEST", DEFAULT_MANIFEST)
    if target.resolve().is_relative_to(output):
        # Never deployed: a setting pointing into output/ is moved beside it.
        logger.warning(
            "syndication: SYNDICATE_MANIFEST %s is inside the output folder (deployed); "
            "writing %s instead",
            target,
            output.parent / DEFAULT_MANIFEST,
        )
        target = output.parent / DEFAULT_MANIFEST
    return target


def build_manifest(articles, settings) -> Manifest:
    entries = [
        manifest_article(article, settings)
        for article in articles
        if (
            getattr(article, "status", "published") == "published"
            or getattr(article, "withdrawn", False)
        )
        and getattr(article, "article_id", None)
    ]
    return Manifest(
        site_url=absolute_base(settings),
        articles=entries,
        settings={key: _jsonable(settings[key]) for key in EXPORTED_SETTINGS if key in settings},
        base_dir=repo_root(settings),
        generated=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def write_manifest(pelican) -> None:
    settings = pelican.settings
    manifest = build_manifest(_ARTICLES.pop(id(settings), []), settings)
    target = manifest_path(pelican.output_path, settings)
    manifest.write(target)
    logger.info(
        "syndication: manifest of %d articles written to %s", len(manifest.articles), target
    )
