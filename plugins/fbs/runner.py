"""Run every check over a set of files and apply the articles' waivers.

Used by the command line (`fbs check`) and, one file at a time, by the Pelican
plugin. One Context is shared by all files of a run: it loads the taxonomy,
the lexicon and the word lists once and remembers what it read from photos.
"""

from __future__ import annotations

import functools
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from plugins.bkd_content import sources as content_sources
from plugins.bkd_content.frontmatter import FrontMatter, parse_gallery
from plugins.bkd_content.taxonomy import DEFAULT_TAXONOMY_PATH, Taxonomy, load_taxonomy

from .checks import (
    conduct,
    documents,
    guardrails,
    history,
    media,
    overrides,
    privacy,
    relevance,
    sources,
    spelling,
    writing,
)
from .config import Config
from .document import Document, load_document
from .findings import ERROR, WARNING, Finding
from .lexicon import load_lexicon, read_list
from .waivers import Waived
from .waivers import apply as apply_waiver_lines

ARTICLE_DIRS = ("articles",)
PAGE_DIRS = ("pages",)
DOCUMENT_CHECKS = (
    sources.check,
    conduct.check,
    relevance.check,
    writing.check,
    media.check,
    documents.check,
    overrides.check,
)
ALWAYS_CHECKS = (conduct.check, privacy.check)


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    waivers: list[Waived] = field(default_factory=list)
    files_checked: int = 0
    spelling_available: bool = True

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived_by]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.active if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.active if f.severity == WARNING]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


class Context:
    # The checked document's taxonomy, set per document by check_document().
    taxonomy: Taxonomy

    def __init__(self, config: Config | None = None, repo_root: Path | None = None):
        self.config = config or Config()
        self.repo_root = (repo_root or find_repo_root(Path.cwd())).resolve()
        lexicon_dir = Path(self.config.lexicon_dir)
        self.lexicon = load_lexicon(str(lexicon_dir))
        self.personal_mail_domains = {
            d.casefold() for d in read_list(lexicon_dir / "surel-pribadi.txt")
        }
        self.official_contacts = {c.casefold() for c in read_list(lexicon_dir / "kontak-resmi.txt")}
        self.speller = (
            spelling.Speller(lexicon_dir / "kata-proyek.txt") if self.config.spelling else None
        )
        self._images: dict[tuple, media.ImageInfo] = {}
        self._metadata_reported: set[Path] = set()
        self._galleries: dict[int, list] = {}
        # `fbs check --base REV`: the revision change notes are compared with.
        self.base: str | None = None

    def taxonomy_for(self, content_root: Path):
        local = content_root / "taxonomy.toml"
        return load_taxonomy(local if local.is_file() else DEFAULT_TAXONOMY_PATH)

    def gallery(self, doc: Document):
        key = id(doc)
        if key not in self._galleries:
            self._galleries[key] = parse_gallery(doc.front.value_lines.get("gallery", []))
        return self._galleries[key]

    def image_info(self, path: Path) -> media.ImageInfo:
        stat = path.stat()
        key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
        if key not in self._images:
            self._images[key] = media.read_image_info(path)
        return self._images[key]

    def claim_metadata_report(self, path: Path) -> bool:
        """EXIF findings name each photo once per run, not once per article using it."""
        key = path.resolve()
        if key in self._metadata_reported:
            return False
        self._metadata_reported.add(key)
        return True


def find_repo_root(start: Path) -> Path:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=start,
            capture_output=True,
            text=True,
            timeout=10,
        )
        if out.returncode == 0 and out.stdout.strip():
            return Path(out.stdout.strip())
    except OSError:
        pass
    return start


@functools.lru_cache(maxsize=1024)
def _content_root_of_dir(directory: Path, default: Path) -> Path:
    return content_root_for(directory / "_", default, cached=False)


def content_root_for(path: Path, default: Path, cached: bool = True) -> Path:
    """The folder that image paths are relative to: the nearest ancestor with a
    taxonomy.toml, else the parent of an articles/ or pages/ folder."""
    if cached:
        return _content_root_of_dir(path.parent, default)
    for parent in path.parents:
        if (parent / "taxonomy.toml").is_file():
            return parent
    for parent in path.parents:
        if parent.name in ARTICLE_DIRS + PAGE_DIRS:
            return parent.parent
    return default


def kind_of(path: Path, content_root: Path) -> str:
    try:
        parts = path.relative_to(content_root).parts
    except ValueError:
        parts = path.parts
    if parts and parts[0] in ARTICLE_DIRS:
        return "article"
    if parts and parts[0] in PAGE_DIRS:
        return "page"
    return "other"


def shown_path(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


def check_document(doc: Document, ctx: Context) -> None:
    """All per-file checks except spelling (batched by the caller)."""
    if not doc.checkable:
        return
    if doc.kind in ("article", "page"):
        ctx.taxonomy = ctx.taxonomy_for(doc.content_root)
        for check in DOCUMENT_CHECKS:
            check(doc, ctx)
        privacy.check(doc, ctx)
        history.check(doc, ctx)
    else:
        for check in ALWAYS_CHECKS:
            check(doc, ctx)


def apply_waivers(doc: Document, *, leave_to_build: bool = False) -> list[Waived]:
    return apply_waiver_lines(doc, leave_to_build=leave_to_build)


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """Markdown files, photo files, and paths that do not exist.

    Folders are walked as the build walks them (plugins/bkd_content/sources.py:
    hidden names skipped, symlinks not followed); a file is Markdown when its
    name ends in exactly `.md`, as for the build."""
    markdown: list[Path] = []
    photos: list[Path] = []
    missing: list[Path] = []
    for p in paths:
        if p.is_dir():
            for child in content_sources.walk(p):
                if child.is_file() and not child.is_symlink():
                    is_md = child.name.endswith(content_sources.CONTENT_SUFFIX)
                    (markdown if is_md else photos).append(child)
        elif p.is_file():
            (markdown if p.name.endswith(content_sources.CONTENT_SUFFIX) else photos).append(p)
        else:
            missing.append(p)
    photos = [p for p in photos if p.suffix.lower() in media.IMAGE_EXTENSIONS]
    return list(dict.fromkeys(markdown)), list(dict.fromkeys(photos)), missing


def refused_sources(paths: list[Path], default_root: Path, repo_root: Path) -> list[Finding]:
    """Files under articles/ or pages/ that the build refuses (not `.md`,
    symlinks): the same errors as the build, from the same definition."""
    findings = {}
    for p in paths:
        found = [p] if not p.is_dir() else [*content_sources.symlinks(p), *content_sources.walk(p)]
        for path in found:
            path = Path(os.path.abspath(path))
            root = content_root_for(path, default_root)
            refused = content_sources.refusal(path, root)
            if refused is None and path.is_symlink():
                refused = content_sources.Refused(
                    path,
                    "Berkas atau folder ini adalah tautan simbolis (symlink); situs tidak "
                    "mengikuti symlink.",
                    "Hapus symlink dan salin berkas aslinya ke dalam content/.",
                    rule="FBS-7.symlink",
                )
            if refused is not None:
                try:
                    shown = content_sources.printable(path.relative_to(os.path.abspath(repo_root)))
                except ValueError:
                    shown = content_sources.printable(path)
                findings[(shown, refused.message)] = Finding(
                    shown, 1, refused.rule, ERROR, refused.message, refused.hint
                )
    return list(findings.values())


def run(paths: list[Path], ctx: Context, *, repo_checks: bool = True) -> Result:
    result = Result()
    default_root = ctx.repo_root / ctx.config.content_dir
    markdown, photos, _missing = expand_paths(paths)
    result.findings.extend(refused_sources(paths, default_root, ctx.repo_root))
    # What the build refuses is reported above, not checked as an article.
    markdown = [
        p
        for p in markdown
        if content_sources.refusal(
            Path(os.path.abspath(p)), content_root_for(Path(os.path.abspath(p)), default_root)
        )
        is None
    ]
    docs = []
    for path in markdown:
        root = content_root_for(path.resolve(), default_root)
        doc = load_document(
            path, shown_path(path, ctx.repo_root), root, kind_of(path.resolve(), root)
        )
        check_document(doc, ctx)
        docs.append(doc)

    if ctx.speller is not None:
        result.spelling_available = ctx.speller.available
        if ctx.speller.available:
            wanted = {
                d.shown: spelling.candidate_words(d)
                for d in docs
                if d.checkable and d.kind != "other"
            }
            bad = ctx.speller.misspelled({w for words in wanted.values() for w in words})
            for d in docs:
                if d.shown in wanted:
                    spelling.report(d, wanted[d.shown], bad)

    for doc in docs:
        result.waivers.extend(apply_waivers(doc))
        result.findings.extend(doc.findings)

    for photo in photos:
        info = ctx.image_info(photo)
        if not info.error and ctx.claim_metadata_report(photo):
            holder = Document(
                photo, shown_path(photo, ctx.repo_root), "", FrontMatter(), default_root, "other"
            )
            media.add_metadata_findings(holder, 1, holder.shown, info)
            result.findings.extend(holder.findings)
    result.files_checked = len(markdown) + len(photos)

    if repo_checks:
        result.findings.extend(
            guardrails.check_repository(
                ctx.repo_root, ctx.config.codeowners_team, ctx.config.content_dir
            )
        )
    # Token shapes in the checked files themselves (they may lie outside the repository).
    seen = {f.file for f in result.findings if f.rule == "FBS-9.token"}
    for path in markdown:
        shown = shown_path(path, ctx.repo_root)
        if shown not in seen:
            result.findings.extend(guardrails.scan_tokens(path, shown))
    result.findings.sort(key=lambda f: (f.file, f.line, f.rule))
    return result
