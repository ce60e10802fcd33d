"""The build <-> engine contract: every fact both sides must agree on, once.

The Pelican plugin (``plugins.syndication``) and the engine (``syndicate``)
run at different times, often on different machines, and talk only through
two files: the manifest the build writes and the ledger the engine writes.
Both sides import this module, so neither can drift from the other:

- ``Platform``: the four platforms, their labels and their limits (the
  composer cuts to them, FBS-7.override-length warns against them);
- ``ManifestArticle`` and friends, ``Manifest``: the build's description of
  what may be posted, written and read with ``to_json``/``from_json``
  (``tests/syndicate/test_contract.py`` pins the schema by round trip);
- ``LedgerState`` and ``LedgerRecord``: one ledger file per article;
- ``FollowUpKind`` and ``FollowUpAction``: corrections and withdrawals carried
  to posts already made, recorded in the same ledger file (``followups``);
- ``Action`` and ``Outcome``: what the engine plans and what came of it;
- default paths, resolved against one root (``repo_root``).

No Pelican import here: the engine runs without a build. The API sandbox
(package ``bkd_sandbox``) keeps its own copy of the platform facts on purpose:
it plays the platforms' side, and a limit changed here must not silently
change what the mirror accepts.

The root: a relative ``SYNDICATE_MANIFEST``/``SYNDICATE_LEDGER_DIR`` is taken
from the repository root, the folder holding ``pelicanconf.py``. It is
``SYNDICATE_ROOT`` when set (setting or environment), else the nearest folder
holding ``pelicanconf.py`` upward from the current directory, else the
checkout this module lives in, else the current directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

# --- platforms ---------------------------------------------------------------


class Platform(StrEnum):
    """A platform the engine posts to. The value is what files and settings say."""

    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    X = "x"
    YOUTUBE = "youtube"

    @property
    def label(self) -> str:
        return LABELS[self.value]

    @property
    def limits(self) -> PlatformLimits:
        return LIMITS[self]


PLATFORMS: tuple[str, ...] = tuple(p.value for p in Platform)
LABELS: dict[str, str] = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "youtube": "YouTube",
}
# The agency's accounts as followers know them: the defaults of the settings
# SYNDICATE_<PLATFORM>_HANDLE (syndicate.settings), which adapters and the
# doctor read; numeric ids are settings too. YouTube's is the channel title.
HANDLES: dict[str, str] = {
    "facebook": "BkdProvNtt",
    "instagram": "bkdprovinsintt",
    "x": "Bkdprovinsintt",
    "youtube": "Badan Kepegawaian Daerah Provinsi NTT",
}


@dataclass(frozen=True)
class PlatformLimits:
    """What the platform refuses or cuts. ``text_unit`` says how ``text`` counts:
    "weighted" (twitter-text: a URL is 23, emoji/CJK 2), "chars" or "bytes"."""

    text: int
    text_unit: str = "chars"
    hashtags: int | None = None
    title: int | None = None
    photos: int | None = None
    tags_chars: int | None = None


LIMITS: dict[Platform, PlatformLimits] = {
    # Graph API: a Page post's message; a multi-photo post takes at most 10 photos.
    Platform.FACEBOOK: PlatformLimits(text=63206, hashtags=5, photos=10),
    # https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
    Platform.INSTAGRAM: PlatformLimits(text=2200, hashtags=30, photos=10),
    # https://developer.x.com/en/docs/counting-characters
    Platform.X: PlatformLimits(text=280, text_unit="weighted"),
    # https://developers.google.com/youtube/v3/docs/videos#properties
    Platform.YOUTUBE: PlatformLimits(text=5000, text_unit="bytes", title=100, tags_chars=500),
}

# --- ledger states, engine actions and outcomes -------------------------------


class LedgerState(StrEnum):
    """States of one (article, platform) ledger entry; str-valued, so the JSON
    files read exactly as before."""

    PENDING = "pending"  # a request may be on its way
    DONE = "done"  # post id and permalink recorded
    FAILED = "failed"  # error, attempts, next try
    SKIPPED = "skipped"  # why it does not apply


class Action(StrEnum):
    """What the engine plans for one (article, platform)."""

    POST = "post"
    RECONCILE = "reconcile"
    SKIP = "skip"
    DEFER = "defer"
    DONE = "done"
    FAILED = "failed"
    BLOCKED = "blocked"


class FollowUpKind(StrEnum):
    """Why an existing post is followed up: a change note (``ChangeNote:``) or
    a withdrawal (``Status: withdrawn``). The monthly report counts them."""

    CORRECTION = "correction"
    WITHDRAWAL = "withdrawal"


class FollowUpAction(StrEnum):
    """What a follow-up does to the post on its platform (docs/corrections.md)."""

    EDIT = "edit"  # the post's own text is changed (Facebook message, YouTube description)
    COMMENT = "comment"  # a comment under the post (Instagram)
    REPLY = "reply"  # a reply to the post (X)
    DELETE = "delete"  # the post is removed (Facebook, X)
    PRIVATE = "private"  # the video is made private (YouTube)


# The change id of a withdrawal; a correction's id is ``c<n>-<YYYYMMDD>``
# (``ManifestChange.id``), stable because the history is only ever appended to.
WITHDRAWAL_CHANGE_ID = "withdrawn"


class Outcome(StrEnum):
    """What came of one planned item in a run (the run summary's counters)."""

    POSTED = "posted"
    RECONCILED = "reconciled"
    SKIPPED = "skipped"
    DEFERRED = "deferred"
    FAILED = "failed"
    BLOCKED = "blocked"
    AUTH = "auth"
    RATE_LIMITED = "rate-limited"
    TRANSIENT = "transient"


# --- paths -----------------------------------------------------------------

DEFAULT_MANIFEST = "build/syndication/manifest.json"
DEFAULT_LEDGER_DIR = "syndicate/ledger-data"
ROOT_SETTING = "SYNDICATE_ROOT"
CONFIG_FILE = "pelicanconf.py"


def repo_root(settings: Mapping[str, Any] | None = None, *, start: Path | None = None) -> Path:
    """The one root relative syndication paths are taken from (module docstring)."""
    explicit = os.environ.get(ROOT_SETTING) or (settings or {}).get(ROOT_SETTING)
    if explicit:
        return Path(explicit).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / CONFIG_FILE).is_file():
        return checkout
    return here


def resolve(path: str | Path, root: Path) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else root / candidate


# --- the manifest ------------------------------------------------------------

MANIFEST_VERSION = 1


class ManifestError(Exception):
    """The manifest is missing or unreadable; the message says what to do."""


@dataclass(frozen=True)
class ManifestImage:
    url: str
    alt: str = ""
    width: int | None = None
    height: int | None = None
    path: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "alt": self.alt,
            "width": self.width,
            "height": self.height,
            "path": self.path,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ManifestImage | None:
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
class ManifestGalleryItem:
    url: str
    instagram_url: str | None = None
    alt: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "instagram_url": self.instagram_url,
            "alt": self.alt,
            "credit": self.credit,
            "width": self.width,
            "height": self.height,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ManifestGalleryItem:
        return cls(
            url=data["url"],
            instagram_url=data.get("instagram_url"),
            alt=data.get("alt") or "",
            credit=data.get("credit") or "",
            width=data.get("width"),
            height=data.get("height"),
        )


@dataclass(frozen=True)
class ManifestVideo:
    """A checked `VideoFile:` (repository-relative path) and its poster."""

    file: str
    poster_url: str | None = None
    poster_path: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "poster_url": self.poster_url, "poster_path": self.poster_path}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ManifestVideo | None:
        if not data or not data.get("file"):
            return None
        return cls(
            file=data["file"],
            poster_url=data.get("poster_url"),
            poster_path=data.get("poster_path"),
        )


@dataclass(frozen=True)
class ManifestChange:
    """One entry of an article's change history (``ChangeNote:``), oldest first.

    ``id`` is ``c<position>-<YYYYMMDD>``: the history is append-only (the FBS
    gate refuses a rewritten note), so a change keeps its id for ever and the
    ledger can key its follow-ups by it."""

    id: str
    date: datetime
    note: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.date.isoformat(), "note": self.note}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ManifestChange:
        return cls(
            id=data["id"], date=datetime.fromisoformat(data["date"]), note=data.get("note") or ""
        )


@dataclass(frozen=True)
class ManifestWithdrawal:
    """``Status: withdrawn`` (or ``ditarik``): when (``Modified:``) and why (``WithdrawnNote:``)."""

    date: datetime
    note: str

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "note": self.note}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ManifestWithdrawal | None:
        if not data or not data.get("date"):
            return None
        return cls(date=datetime.fromisoformat(data["date"]), note=data.get("note") or "")


@dataclass(frozen=True)
class ManifestArticle:
    """One published article as the engine sees it (not Pelican's Article)."""

    id: str
    url: str
    title: str
    date: datetime
    summary: str = ""
    tags: tuple[str, ...] = ()
    category: str = ""
    platforms: tuple[str, ...] = ()
    overrides: dict[str, str] = field(default_factory=dict)
    og_image: ManifestImage | None = None
    instagram_image: ManifestImage | None = None
    gallery: tuple[ManifestGalleryItem, ...] = ()
    video: ManifestVideo | None = None
    changes: tuple[ManifestChange, ...] = ()
    withdrawn: ManifestWithdrawal | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "summary": self.summary,
            "tags": list(self.tags),
            "category": self.category,
            "date": self.date.isoformat(),
            "platforms": list(self.platforms),
            "overrides": {p: self.overrides.get(p) for p in ("x", "facebook", "instagram")},
            "og_image": self.og_image.to_json() if self.og_image else None,
            "instagram_image": self.instagram_image.to_json() if self.instagram_image else None,
            "gallery": [item.to_json() for item in self.gallery],
            "video": self.video.to_json() if self.video else None,
            "changes": [change.to_json() for change in self.changes],
            "withdrawn": self.withdrawn.to_json() if self.withdrawn else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ManifestArticle:
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
            og_image=ManifestImage.from_json(data.get("og_image")),
            instagram_image=ManifestImage.from_json(data.get("instagram_image")),
            gallery=tuple(
                ManifestGalleryItem.from_json(item)
                for item in data.get("gallery") or ()
                if item.get("url")
            ),
            video=ManifestVideo.from_json(data.get("video")),
            changes=tuple(ManifestChange.from_json(item) for item in data.get("changes") or ()),
            withdrawn=ManifestWithdrawal.from_json(data.get("withdrawn")),
        )


@dataclass
class Manifest:
    """The whole file. ``base_dir`` is the root paths inside it are relative
    to; it is never written (the engine may run in another checkout)."""

    site_url: str
    articles: list[ManifestArticle]
    settings: dict[str, Any]
    base_dir: Path = field(default_factory=Path.cwd)
    generated: str = ""

    def resolve(self, path: str) -> Path:
        """A path from the manifest (video file, poster) is relative to the repository."""
        return resolve(path, self.base_dir)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MANIFEST_VERSION,
            "generated": self.generated,
            "site_url": self.site_url,
            "settings": dict(self.settings),
            "articles": [article.to_json() for article in self.articles],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], base_dir: Path | None = None) -> Manifest:
        if data.get("version") != MANIFEST_VERSION:
            raise ManifestError(f"unsupported version {data.get('version')!r}")
        try:
            articles = [ManifestArticle.from_json(item) for item in data.get("articles", [])]
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise ManifestError(f"bad article entry ({exc})") from None
        return cls(
            site_url=data.get("site_url", ""),
            articles=articles,
            settings=dict(data.get("settings") or {}),
            base_dir=base_dir or repo_root(data.get("settings") or {}),
            generated=data.get("generated", ""),
        )

    def write(self, path: Path) -> None:
        """Atomically: the engine may read it while a rebuild runs."""
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.to_json(), handle, ensure_ascii=False, indent=1)
        os.replace(tmp, path)

    @classmethod
    def read(cls, path: str | Path, base_dir: Path | None = None) -> Manifest:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ManifestError(
                f"manifest {path} not found: build the site first (make build / make publish)"
            ) from None
        except (OSError, ValueError) as exc:
            raise ManifestError(f"manifest {path} is unreadable: {exc}") from None
        try:
            return cls.from_json(data, base_dir)
        except ManifestError as exc:
            raise ManifestError(f"manifest {path}: {exc}") from None


# --- the ledger ----------------------------------------------------------------


@dataclass
class LedgerRecord:
    """One ledger file: an article's entries per platform. An entry is a dict
    with at least ``state`` (a LedgerState) and ``updated``; ``done`` has
    ``post_id`` and ``url``, ``failed`` has ``error`` and ``next_try``,
    ``skipped`` has ``reason``. Unknown fields are kept as they are.

    ``followups`` holds the corrections and withdrawals carried to those
    posts, keyed by change id (``ManifestChange.id`` or
    ``WITHDRAWAL_CHANGE_ID``) then platform. Each is an entry of the same
    states plus ``kind`` (FollowUpKind), ``action`` (FollowUpAction),
    ``target`` (the post it follows up) and, when done, ``result_id``/``url``
    (the comment or reply made; empty for an edit, a deletion or a privacy
    change)."""

    article: str
    url: str = ""
    platforms: dict[str, dict[str, Any]] = field(default_factory=dict)
    followups: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"article": self.article, "platforms": self.platforms}
        if self.url:
            data["url"] = self.url
        if self.followups:
            data["followups"] = self.followups
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LedgerRecord:
        platforms = data.get("platforms") or {}
        for platform, entry in platforms.items():
            if entry.get("state") not in set(LedgerState):
                raise ValueError(f"{platform}: bad state {entry.get('state')!r}")
        followups = data.get("followups") or {}
        for change, per_platform in followups.items():
            for platform, entry in per_platform.items():
                if entry.get("state") not in set(LedgerState):
                    raise ValueError(f"{change} {platform}: bad state {entry.get('state')!r}")
                if entry.get("kind") not in set(FollowUpKind):
                    raise ValueError(f"{change} {platform}: bad kind {entry.get('kind')!r}")
        return cls(
            article=data["article"],
            url=data.get("url", ""),
            platforms=dict(platforms),
            followups={k: dict(v) for k, v in followups.items()},
        )

    def followup(self, change_id: str, platform: str) -> dict[str, Any] | None:
        return (self.followups.get(change_id) or {}).get(platform)

    def withdrawn_on(self, platform: str) -> bool:
        """The withdrawal reached this platform: its post no longer stands."""
        entry = self.followup(WITHDRAWAL_CHANGE_ID, platform) or {}
        return entry.get("state") == LedgerState.DONE

    def done(self, platform: str) -> dict[str, Any] | None:
        entry = self.platforms.get(platform) or {}
        return entry if entry.get("state") == LedgerState.DONE else None
