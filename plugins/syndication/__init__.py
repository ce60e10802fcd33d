"""Syndication, build side: the manifest for `syndicate`, and "Dibagikan di" links.

No network here. At build time the plugin
- writes ``SYNDICATE_MANIFEST`` (default ``build/syndication/manifest.json``
  beside the output folder, never inside it: output/ is deployed) describing
  every published article for the ``syndicate`` command;
- reads the ledger (``SYNDICATE_LEDGER_DIR``) so that article pages link the real
  posts (``SYNDICATION_SHARED``, used by partials/shared_on.html) and the media
  plugin can embed uploaded YouTube videos (``MEDIA_UPLOADED_VIDEOS``).

Settings prefix: SYNDICATE_. The environment variable of the same name
overrides the ledger directory (``make serve`` keeps its sandbox ledger apart).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator

from plugins.sanitize import summary_text

logger = logging.getLogger(__name__)

PLATFORMS = ("facebook", "instagram", "x", "youtube")
LABELS = {"facebook": "Facebook", "instagram": "Instagram", "x": "X", "youtube": "YouTube"}
# Outside output/: the manifest names account ids and file paths, and
# everything in output/ is deployed. A relative path is taken from the folder
# that holds output/ (the repository root for `make publish`).
DEFAULT_MANIFEST = "build/syndication/manifest.json"
DEFAULT_LEDGER = "syndicate/ledger-data"
# Settings copied into the manifest: everything the engine needs from the config.
EXPORTED_SETTINGS = (
    "SYNDICATE_PLATFORMS",
    "SYNDICATE_PAUSED",
    "SYNDICATE_SINCE",
    "SYNDICATE_LEDGER_DIR",
    "SYNDICATE_FACEBOOK_PAGE_ID",
    "SYNDICATE_INSTAGRAM_USER_ID",
    "SYNDICATE_X_USER_ID",
    "SYNDICATE_GRAPH_BASE_URL",
    "SYNDICATE_GRAPH_VERSION",
    "SYNDICATE_X_BASE_URL",
    "SYNDICATE_YOUTUBE_BASE_URL",
    "SYNDICATE_GOOGLE_TOKEN_URL",
    "SYNDICATE_YOUTUBE_PRIVACY",
    "SYNDICATE_YOUTUBE_CATEGORY_ID",
    "SYNDICATE_X_LINK_IN_TEXT",
    "SYNDICATE_FACEBOOK_LINK_IN_TEXT",
    "SYNDICATE_MAX_HASHTAGS_X",
    "SYNDICATE_MAX_HASHTAGS_INSTAGRAM",
)


def absolute_base(settings) -> str:
    return (settings.get("SITEURL") or settings.get("SEO_DEV_SITEURL", "")).rstrip("/")


def ledger_dir(settings) -> Path:
    raw = os.environ.get("SYNDICATE_LEDGER_DIR") or settings.get(
        "SYNDICATE_LEDGER_DIR", DEFAULT_LEDGER
    )
    path = Path(raw)
    if not path.is_absolute():
        # Relative to the repository, which is where pelicanconf.py lives.
        root = Path(settings.get("SYNDICATE_ROOT") or Path(__file__).resolve().parents[2])
        path = root / path
    return path


def read_ledger(directory: Path) -> dict[str, dict]:
    """{article_id: {platform: entry}}; a broken file is logged, never fatal."""
    out: dict[str, dict] = {}
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.json")):
        if path.name.startswith("_"):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            out[data["article"]] = data.get("platforms", {})
        except (OSError, ValueError, KeyError) as exc:
            logger.warning("syndication: ledger file %s unreadable (%s), ignored", path, exc)
    return out


def shared_links(ledger: dict[str, dict]) -> dict[str, list[dict]]:
    links: dict[str, list[dict]] = {}
    for article_id, platforms in ledger.items():
        items = [
            {"platform": p, "label": LABELS[p], "url": platforms[p]["url"]}
            for p in PLATFORMS
            if platforms.get(p, {}).get("state") == "done" and platforms[p].get("url")
        ]
        if items:
            links[article_id] = items
    return links


def uploaded_videos(ledger: dict[str, dict]) -> dict[str, str]:
    return {
        article_id: platforms["youtube"]["post_id"]
        for article_id, platforms in ledger.items()
        if platforms.get("youtube", {}).get("state") == "done"
        and platforms["youtube"].get("post_id")
    }


def load_ledger_into_settings(pelican) -> None:
    settings = pelican.settings
    ledger = read_ledger(ledger_dir(settings))
    settings["SYNDICATION_SHARED"] = shared_links(ledger)
    videos = dict(settings.get("MEDIA_UPLOADED_VIDEOS") or {})
    # An explicit setting wins over the ledger (a manual fix by the admin).
    settings["MEDIA_UPLOADED_VIDEOS"] = {**uploaded_videos(ledger), **videos}


def _abs(base: str, url: str | None) -> str | None:
    if not url:
        return None
    if "://" in url:
        return url
    return f"{base}/{url.lstrip('/')}"


def _image(base, url, alt="", width=None, height=None, path=None) -> dict | None:
    url = _abs(base, url)
    if not url:
        return None
    return {"url": url, "alt": alt or "", "width": width, "height": height, "path": path}


def _plain(value) -> str:
    """Front-matter text exactly as typed (whitespace collapsed): it is text,
    not HTML, so `A & B <C>` stays `A & B <C>` in the social posts."""
    return " ".join(str(value or "").split())


def _repo_relative(path, settings) -> str | None:
    if not path:
        return None
    candidate = Path(str(path))
    if not candidate.is_absolute():
        candidate = Path(settings.get("PATH", "content")) / candidate
    root = Path(settings.get("SYNDICATE_ROOT") or Path(__file__).resolve().parents[2]).resolve()
    try:
        return str(candidate.resolve().relative_to(root))
    except ValueError:
        return str(candidate.resolve())


def article_entry(article, settings) -> dict:
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
    gallery = [
        {
            "url": _abs(base, item.get("url")),
            "instagram_url": _abs(base, item.get("instagram_url")),
            "alt": item.get("alt", ""),
            "credit": item.get("credit", ""),
            "width": item.get("width"),
            "height": item.get("height"),
        }
        for item in (getattr(article, "gallery_items", None) or [])
        if isinstance(item, dict) and item.get("url")
    ]
    # The media plugin resolves `VideoFile:` (repository, content/ or
    # MEDIA_VIDEO_PATHS); the engine reads the file, the poster comes by URL.
    # Only the file the media plugin confined and checked (a real video inside
    # content/ or MEDIA_VIDEO_PATHS); never the raw `VideoFile:` text.
    video_file = getattr(article, "video_file_path", None)
    video = None
    if video_file:
        video = {
            "file": _repo_relative(video_file, settings),
            "poster_url": _abs(base, getattr(article, "video_poster_url", None)),
        }
    return {
        "id": article.article_id,
        "url": f"{base}/{article.url}",
        "title": _plain(article.title),
        "summary": summary_text(article),
        "tags": [str(tag) for tag in getattr(article, "tags", []) or []],
        "category": str(getattr(article, "category", "") or ""),
        "date": article.date.isoformat(),
        "platforms": list(getattr(article, "syndicate_platforms", PLATFORMS)),
        "overrides": {
            "x": meta.get("xtext"),
            "facebook": meta.get("facebooktext"),
            "instagram": meta.get("instagramtext"),
        },
        "og_image": og,
        "instagram_image": instagram,
        "gallery": gallery,
        "video": video,
    }


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
            _ARTICLES[id(generator.settings)] = list(generator.articles)


def manifest_path(output_path, settings) -> Path:
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


def write_manifest(pelican) -> None:
    settings = pelican.settings
    articles = _ARTICLES.pop(id(settings), [])
    entries = []
    for article in articles:
        if getattr(article, "status", "published") != "published":
            continue
        if not getattr(article, "article_id", None):
            continue
        entries.append(article_entry(article, settings))
    data = {
        "version": 1,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "site_url": absolute_base(settings),
        "settings": {key: _jsonable(settings[key]) for key in EXPORTED_SETTINGS if key in settings},
        "articles": entries,
    }
    target = manifest_path(pelican.output_path, settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
    os.replace(tmp, target)
    logger.info("syndication: manifest of %d articles written to %s", len(entries), target)


def register():
    signals.initialized.connect(load_ledger_into_settings)
    signals.all_generators_finalized.connect(remember_articles)
    signals.finalized.connect(write_manifest)
