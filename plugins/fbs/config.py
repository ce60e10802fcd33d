"""Settings of the FBS gate. The Pelican plugin reads overrides from FBS_*
settings in pelicanconf.py; the command line uses these defaults and flags."""

from __future__ import annotations

from dataclasses import dataclass, field

from plugins.bkd_content.sources import MIN_PHOTO_WIDTH

from .lexicon import LEXICON_DIR

# Rules whose findings a Pelican build leaves to the plugin that owns the
# problem (see Config.leave_to_build).
LEFT_TO_BUILD = frozenset(
    {"FBS-4.category", "FBS-7.frontmatter", "FBS-7.image-missing", "FBS-7.image-size"}
)


@dataclass
class Config:
    # Hosts that count as our own site: images there are not hotlinks.
    own_hosts: tuple[str, ...] = ("bkd.nttprov.go.id", "nttprov.go.id", "localhost", "127.0.0.1")
    # GOV.UK keeps titles under 65 characters; search results and social cards
    # cut around there. YouTube refuses titles over 100 characters.
    title_warn_chars: int = 65
    title_error_chars: int = 100
    title_min_chars: int = 10
    # The summary is the meta description and the social-card text: search
    # engines show about 155 characters.
    summary_min_chars: int = 40
    summary_max_chars: int = 200
    alt_max_chars: int = 125
    # Below 600 px wide a photo looks blurred on any phone; Facebook and X link
    # cards want 1200 px. The Instagram photo is a 1080x1080 or 1080x1350 crop,
    # so its short side must reach 1080 px.
    image_min_width: int = MIN_PHOTO_WIDTH
    instagram_min_width: int = 1080
    # Committed photos this large bloat the repository that every clone downloads.
    image_heavy_bytes: int = 15_000_000
    spelling: bool = True
    lexicon_dir: str = str(LEXICON_DIR)
    codeowners_team: str = "@bkdntt/kepala"
    content_dir: str = "content"
    # Skip images whose checks a build does not need (set by the plugin).
    check_images: bool = True
    # In a Pelican build the reader reports front-matter problems and the
    # media plugin reports missing and too-small photos and missing videos,
    # with file, line and fix; the gate leaves those to them (set by the
    # plugin) so the build log shows each problem once. `fbs check` has no
    # build beside it and reports them all.
    leave_to_build: bool = False
    extra: dict = field(default_factory=dict)
