"""What the halves of one media build share (plugins/media/pipeline.py).

MediaBuild joins four mixins (plan, cache, output, attributes); each reads
state that MediaBuild.__init__ sets and calls methods another half defines.
Declared here once, so the type checker knows each half's view of the whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import markup
    from .plan import Plan, Ref, Source


class MediaState:
    # Set by MediaBuild.__init__.
    settings: dict[str, Any]
    content: Path
    content_root: Path
    output: Path
    cache: Path
    out_dir: str
    siteurl: str
    absolute: str
    formats: list[str]
    params: dict[str, Any]
    params_key: str
    photo_exts: set[str]
    sources: dict[str, Source]
    resolved: dict[tuple[str, str], tuple[str | None, str | None]]
    prefetched: set[str]
    recent: set[int]
    dimensions: dict[str, tuple[int, int]]
    output_str: str
    linked: dict[str, tuple[str, int]]
    thumbnails: dict[tuple[str, tuple[float, ...]], Any]
    stats: Counter[str]
    index_path: Path
    index: dict[str, Any]
    fonts: tuple[str, str]
    fonts_digest: str

    # Defined by one half, called by another.
    report: Callable[..., None]  # pipeline.MediaBuild
    missing_hint: Callable[[str], dict]  # plan
    add_source: Callable[[Ref, str], Source | None]  # plan
    wants_card: Callable[[Plan, str], bool]  # plan
    photo_dir: Callable[[Source], Path]  # cache
    ig_kind: Callable[[Source], str]  # cache
    render_cards: Callable[..., None]  # cache
    crop_file: Callable[[Source, str, Any], Path | None]  # cache
    thumb_files: Callable[[Source, Any], dict[str, Path] | None]  # cache
    url: Callable[[str], str]  # output
    absolute_url: Callable[[str], str]  # output
    link_into_output: Callable[[Path, str], int]  # output
    output_derivatives: Callable[[Source], markup.Derived]  # output
    output_social_image: Callable[[Path, str], dict]  # output
