"""Planning: what every article and page asks of the media step.

Kept apart because it only reads (front matter, body <img>, files under
content/) and decides; nothing here encodes or writes, so the rules for which
file a reference means, and which social images an article needs, can be read
in one place.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from plugins.bkd_content import sources
from plugins.bkd_content.frontmatter import parse_gallery

from . import markup, video
from .state import MediaState

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
LINK_PREFIXES = ("{static}", "{attach}", "{filename}", "|static|", "|attach|", "|filename|")


def parse_focus(value) -> tuple[tuple[float, float], bool]:
    """'0.5, 0.3' or '50%, 30%' -> ((0.5, 0.3), True); unreadable -> centre, False."""
    if not value or not str(value).strip():
        return (0.5, 0.5), True
    parts = [p for p in re.split(r"[,;\s]+", str(value).strip()) if p]
    if len(parts) != 2:
        return (0.5, 0.5), False
    out = []
    for part in parts:
        try:
            number = float(part[:-1]) / 100 if part.endswith("%") else float(part)
        except ValueError:
            return (0.5, 0.5), False
        if not 0 <= number <= 1:
            return (0.5, 0.5), False
        out.append(number)
    return (out[0], out[1]), True


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "foto"


def plain_text(text) -> str:
    # Titles are text as typed (the theme escapes them); decoding entities or
    # stripping "tags" here would change what the author wrote.
    return " ".join(str(text).split())


@dataclass
class Source:
    path: str
    stem: str
    digest: str = ""
    size: tuple[int, int] | None = None
    crops: dict = field(default_factory=dict)  # key -> CropSpec
    meta: dict | None = None
    error: tuple[str, str] | None = None
    derived: markup.Derived | None = None


@dataclass
class Ref:
    """A photo as an author referred to it."""

    value: str
    path: str | None = None
    problem: str | None = None  # "missing" | "external" | "not-photo"


@dataclass
class Plan:
    # A Pelican Article or Page: Pelican ships no type information.
    item: Any
    is_article: bool
    lead: Ref | None = None
    gallery: list = field(default_factory=list)  # (Ref, frontmatter.GalleryEntry)
    body: list = field(default_factory=list)
    focus: tuple[float, float] = (0.5, 0.5)
    video_id: str | None = None
    video_file: str | None = None
    cards: dict = field(default_factory=dict)  # kind -> cache path
    # True when the article uses its category's shared card (old archive).
    shared_card: bool = False
    poster_source: str | None = None


class PlanMixin(MediaState):
    """MediaBuild's planning half: references resolved, sources collected."""

    def resolve(self, value: str, item) -> Ref:
        # The same reference is resolved while Pelican reads the article
        # (Prefetch) and again when the build plans it, and a photo is often
        # used by several articles of one folder: each (value, folder) is
        # confined once per build. A new Ref each time: plans own theirs.
        here = os.path.dirname(os.path.abspath(item.source_path))
        key = (value, here)
        known = self.resolved.get(key)
        if known is None:
            ref = self._resolve(value, Path(here))
            known = self.resolved[key] = (ref.path, ref.problem)
        return Ref(value, known[0], known[1])

    def _resolve(self, value: str, here: Path) -> Ref:
        raw = value.strip()
        if raw.startswith("data:") or (EXTERNAL.match(raw) and not raw.startswith("{")):
            return Ref(value, problem="external")
        v = unquote(raw.split("#")[0].split("?")[0])
        rooted = False
        for prefix in LINK_PREFIXES:
            if v.startswith(prefix):
                v = v[len(prefix) :]
                break
        if v.startswith("/"):
            rooted, v = True, v.lstrip("/")
        candidates = [self.content / v] if rooted else [here / v, self.content / v]
        if Path(v).is_absolute():
            candidates = [Path(v)]
        for candidate in candidates:
            # Only a regular file inside content/, reached without a symlink.
            found, reason = sources.confine(candidate, [self.content_root])
            if reason == "missing":
                continue
            if reason is not None:
                return Ref(value, problem=f"confined-{reason}")
            assert found is not None  # confine gives a path or a reason
            if found.suffix.lower() not in self.photo_exts:
                return Ref(value, str(found), problem="not-photo")
            return Ref(value, str(found))
        return Ref(value, problem="missing")

    def missing_hint(self, value: str) -> dict:
        name = Path(unquote(value)).name
        pool: dict[str, Path] = {}
        for folder in (self.content / "images", self.content):
            if folder.is_dir():
                for path in folder.iterdir():
                    if path.suffix.lower() in self.photo_exts:
                        pool.setdefault(path.name, path)
        lowered = {n.lower(): n for n in pool}
        guess = [lowered[name.lower()]] if name.lower() in lowered else []
        guess = guess or difflib.get_close_matches(name, list(pool), n=1, cutoff=0.6)
        if not guess:
            return {}
        rel = pool[guess[0]].relative_to(self.content).as_posix()
        return {"suggestion": f" Mungkin maksud Anda '{rel}'?"}

    def add_source(self, ref: Ref, stem: str) -> Source | None:
        if not ref.path:
            return None
        src = self.sources.get(ref.path)
        if src is None:
            src = self.sources[ref.path] = Source(ref.path, slug(stem))
        return src

    def plan(self, item, is_article: bool) -> Plan:
        plan = Plan(item, is_article)
        meta = item.metadata
        if is_article:
            value = meta.get("image")
            if isinstance(value, str) and value.strip():
                plan.lead = self.resolve(value, item)
                self.add_source(plan.lead, Path(value).stem)
            focus_value = meta.get("imagefocus")
            plan.focus, ok = parse_focus(focus_value)
            if not ok:
                self.report(item, "bad-focus", str(focus_value))
            for entry in parse_gallery(meta.get("gallery")):
                if not entry.path:
                    self.report(item, "gallery-empty", f"| {entry.alt} | {entry.credit}", None, "|")
                    continue
                ref = self.resolve(entry.path, item)
                plan.gallery.append((ref, entry))
                self.add_source(ref, Path(entry.path).stem)
                if not entry.alt:
                    self.report(item, "gallery-alt", entry.path)
            video_value = meta.get("video")
            if video_value:
                plan.video_id = video.youtube_id(video_value)
                if plan.video_id is None:
                    self.report(item, "bad-video", str(video_value))
            plan.video_file = meta.get("videofile") or None
            if not plan.video_id and getattr(item, "article_id", None):
                plan.video_id = video.uploaded_video_id(self.settings, item.article_id)
        for attrs in markup.find_images(item._content or ""):
            src = attrs.get("src", "")
            if not src:
                continue
            ref = self.resolve(src, item)
            if ref.problem == "external":
                self.report(item, "external", src)
                continue
            if ref.problem == "not-photo":
                # Not a photo (SVG, HTML, a document): never published through
                # <img>; the static filter refuses its type as well.
                plan.body.append(ref)
                continue
            plan.body.append(ref)
            self.add_source(ref, Path(unquote(src)).stem)
        return plan

    def wants_card(self, plan: Plan, kind: str) -> bool:
        """Instagram images only for articles that may go to Instagram and are
        not older than MEDIA_SOCIAL_SINCE (a long archive needs none)."""
        item = plan.item
        if kind == "ig":
            platforms = getattr(item, "syndicate_platforms", None)
            if platforms is not None and "instagram" not in platforms:
                return False
        # Without its own bound, follow the syndication start date: older
        # articles are never posted, so they need no Instagram image.
        since = self.settings.get("MEDIA_SOCIAL_SINCE") or self.settings.get("SYNDICATE_SINCE")
        if since and kind in ("ig",):
            item_date = item.date.date() if isinstance(item.date, datetime) else item.date
            since_date = since if isinstance(since, date) else date.fromisoformat(str(since))
            if item_date < since_date:
                return False
        return True
