"""Run every check over a set of files and apply the articles' waivers.

Used by the command line (`fbs check`) and, one file at a time, by the Pelican
plugin. One Context is shared by all files of a run: it loads the taxonomy,
the lexicon and the word lists once and remembers what it read from photos.
"""

from __future__ import annotations

import difflib
import functools
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from plugins.bkd_content.frontmatter import parse_gallery, parse_waivers
from plugins.bkd_content.taxonomy import DEFAULT_TAXONOMY_PATH, load_taxonomy

from .checks import (
    conduct,
    guardrails,
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
from .rules import RULES, is_waivable, waiver_rule

ARTICLE_DIRS = ("articles",)
PAGE_DIRS = ("pages",)
DOCUMENT_CHECKS = (
    sources.check,
    conduct.check,
    relevance.check,
    writing.check,
    media.check,
    overrides.check,
)
ALWAYS_CHECKS = (conduct.check, privacy.check)
MIN_REASON_CHARS = 15


@dataclass
class Waived:
    file: str
    line: int
    rule: str
    reason: str
    findings: int


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
    else:
        for check in ALWAYS_CHECKS:
            check(doc, ctx)


def apply_waivers(doc: Document) -> list[Waived]:
    lines = doc.front.value_lines.get("waive")
    if not lines or doc.kind == "other":
        return []
    waivers, unreadable = parse_waivers(lines)
    for line, text in unreadable:
        doc.finding(
            line,
            "FBS-7.frontmatter",
            ERROR,
            f"Pengecualian tidak dapat dibaca: '{text[:60]}'.",
            "Tulis satu pengecualian per baris: 'Waive: FBS-8.nip: alasan', dengan nomor "
            "aturan seperti tertulis di laporan.",
        )
    used = []
    for w in waivers:
        if w.rule not in RULES:
            guess = difflib.get_close_matches(w.rule, list(RULES), n=1, cutoff=0.6)
            doc.finding(
                w.line,
                "FBS-7.frontmatter",
                ERROR,
                f"Aturan '{w.rule}' tidak dikenal, pengecualian ini tidak berlaku.",
                (f"Mungkin maksud Anda '{guess[0]}'? " if guess else "")
                + "Salin nomor aturan persis dari laporan pemeriksaan.",
            )
            continue
        if not is_waivable(w.rule):
            doc.finding(
                w.line,
                waiver_rule(w.rule),
                ERROR,
                f"Aturan {w.rule} tidak dapat dikecualikan.",
                "Perbaiki masalahnya di artikel; aturan ini melindungi pembaca atau akun BKD.",
            )
            continue
        if len(w.reason) < MIN_REASON_CHARS:
            doc.finding(
                w.line,
                waiver_rule(w.rule),
                ERROR,
                f"Pengecualian {w.rule} belum menuliskan alasan yang jelas.",
                f"Tulis alasannya setelah titik dua, misalnya 'Waive: {w.rule}: NIP pejabat "
                "penandatangan SK, dokumen publik'. Reviewer membaca alasan ini.",
            )
            continue
        count = 0
        for f in doc.findings:
            if f.rule == w.rule and not f.waived_by:
                f.waived_by = w.reason
                count += 1
        if not count:
            doc.finding(
                w.line,
                waiver_rule(w.rule),
                WARNING,
                f"Pengecualian {w.rule} tidak dipakai: tidak ada temuan {w.rule} di artikel ini.",
                "Hapus baris pengecualian ini agar tidak menutupi masalah yang muncul kelak.",
            )
        used.append(Waived(doc.shown, w.line, w.rule, w.reason, count))
    return used


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """Markdown files, photo files, and paths that do not exist."""
    markdown, photos, missing = [], [], []
    for p in paths:
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.parts):
                    (markdown if child.suffix.lower() == ".md" else photos).append(child)
        elif p.is_file():
            (markdown if p.suffix.lower() == ".md" else photos).append(p)
        else:
            missing.append(p)
    photos = [p for p in photos if p.suffix.lower() in media.IMAGE_EXTENSIONS]
    return list(dict.fromkeys(markdown)), list(dict.fromkeys(photos)), missing


def run(paths: list[Path], ctx: Context, *, repo_checks: bool = True) -> Result:
    result = Result()
    default_root = ctx.repo_root / ctx.config.content_dir
    markdown, photos, _missing = expand_paths(paths)
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
                photo, shown_path(photo, ctx.repo_root), "", None, default_root, "other"
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
