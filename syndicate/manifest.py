"""The build's description of what may be syndicated, and how to read it.

``plugins.syndication`` writes it at build time (no network); the engine reads
it. Format (version 1)::

    {"version": 1, "generated": "...", "site_url": "https://...",
     "settings": {"SYNDICATE_...": ...},
     "articles": [{"id": "20261008-slug", "url": "https://.../", "title": ...,
                   "summary": ..., "tags": [...], "category": ..., "date": ISO,
                   "platforms": ["facebook", ...], "overrides": {"x": ...},
                   "og_image": {"url", "alt", "width", "height"} | null,
                   "instagram_image": {"url", "alt", "path"} | null,
                   "gallery": [{"url", "instagram_url", "alt", "credit", ...}],
                   "video": {"file", "poster_url", "id"} | null}]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

VERSION = 1


class ManifestError(Exception):
    """The manifest is missing or unreadable; the message says what to do."""


@dataclass(frozen=True)
class Image:
    url: str
    alt: str = ""
    width: int | None = None
    height: int | None = None
    path: str | None = None

    @classmethod
    def from_dict(cls, data: dict | None) -> Image | None:
        if not data or not data.get("url"):
            return None
        return cls(
            url=data["url"],
            alt=data.get("alt") or "",
            width=data.get("width"),
            height=data.get("height"),
            path=data.get("path"),
        )


@dataclass(frozen=True)
class GalleryItem:
    url: str
    instagram_url: str | None = None
    alt: str = ""
    credit: str = ""


@dataclass(frozen=True)
class Video:
    file: str
    poster_url: str | None = None
    poster_path: str | None = None


@dataclass(frozen=True)
class Article:
    id: str
    url: str
    title: str
    date: datetime
    summary: str = ""
    tags: tuple[str, ...] = ()
    category: str = ""
    platforms: tuple[str, ...] = ()
    overrides: dict[str, str] = field(default_factory=dict)
    og_image: Image | None = None
    instagram_image: Image | None = None
    gallery: tuple[GalleryItem, ...] = ()
    video: Video | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        video = data.get("video") or None
        return cls(
            id=data["id"],
            url=data["url"],
            title=data.get("title") or "",
            date=datetime.fromisoformat(data["date"]),
            summary=data.get("summary") or "",
            tags=tuple(data.get("tags") or ()),
            category=data.get("category") or "",
            platforms=tuple(data.get("platforms") or ()),
            overrides={k: v for k, v in (data.get("overrides") or {}).items() if v},
            og_image=Image.from_dict(data.get("og_image")),
            instagram_image=Image.from_dict(data.get("instagram_image")),
            gallery=tuple(
                GalleryItem(
                    url=item["url"],
                    instagram_url=item.get("instagram_url"),
                    alt=item.get("alt") or "",
                    credit=item.get("credit") or "",
                )
                for item in data.get("gallery") or ()
                if item.get("url")
            ),
            video=Video(
                file=video["file"],
                poster_url=video.get("poster_url"),
                poster_path=video.get("poster_path"),
            )
            if video and video.get("file")
            else None,
        )


@dataclass
class Manifest:
    site_url: str
    articles: list[Article]
    settings: dict[str, Any]
    base_dir: Path

    def resolve(self, path: str) -> Path:
        """A path from the manifest (video file, poster) is relative to the repository."""
        candidate = Path(path)
        return candidate if candidate.is_absolute() else self.base_dir / candidate


def load(path: str | Path, base_dir: Path | None = None) -> Manifest:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(
            f"manifest {path} not found: build the site first (make build / make publish)"
        ) from None
    except (OSError, ValueError) as exc:
        raise ManifestError(f"manifest {path} is unreadable: {exc}") from None
    if data.get("version") != VERSION:
        raise ManifestError(f"manifest {path}: unsupported version {data.get('version')!r}")
    try:
        articles = [Article.from_dict(item) for item in data.get("articles", [])]
    except (KeyError, ValueError, TypeError) as exc:
        raise ManifestError(f"manifest {path}: bad article entry ({exc})") from None
    return Manifest(
        site_url=data.get("site_url", ""),
        articles=articles,
        settings=data.get("settings") or {},
        base_dir=Path(data.get("base_dir") or base_dir or Path.cwd()),
    )
