"""One build's media work: collect what every article needs, process only
cache misses (in up to MEDIA_WORKERS processes), copy the results into the
output, and set the article attributes documented in plugins/media/__init__.py."""

from __future__ import annotations

import difflib
import json
import logging
import multiprocessing
import os
import re
import shutil
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

from PIL import Image

from plugins.background import be_gentle
from plugins.bkd_content import sources
from plugins.bkd_content.frontmatter import parse_gallery
from plugins.indonesian_dates import tanggal
from plugins.seo import absolute_base

from . import cards, imaging, jobs, markup, messages, video

logger = logging.getLogger(__name__)

# Counters of the last build, for tests and bench/ (also written to
# MEDIA_CACHE_PATH/last-build.json).
LAST_STATS: dict = {}

MAX_WARNINGS_PER_FILE = 20
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
LINK_PREFIXES = ("{static}", "{attach}", "{filename}", "|static|", "|attach|", "|filename|")
SOCIAL_SIZES = {
    "og": (1200, 630),
    "ig": (1080, 1350),
    "square": (1080, 1080),
    "poster": (1280, 720),
}


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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "foto"


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
    item: object
    is_article: bool
    lead: Ref | None = None
    gallery: list = field(default_factory=list)  # (Ref, GalleryItem)
    body: list = field(default_factory=list)
    focus: tuple[float, float] = (0.5, 0.5)
    video_id: str | None = None
    video_file: str | None = None
    cards: dict = field(default_factory=dict)  # kind -> cache path
    # True when the article uses its category's shared card (old archive).
    shared_card: bool = False
    poster_source: str | None = None


class MediaBuild:
    def __init__(self, settings, output_path):
        self.settings = settings
        self.content = Path(settings["PATH"]).resolve()
        # As Pelican spells source paths (absolute, symlinks in the parents kept).
        self.content_root = Path(os.path.abspath(settings["PATH"]))
        self.output = Path(output_path)
        self.cache = Path(settings["MEDIA_CACHE_PATH"])
        self.out_dir = settings["MEDIA_OUTPUT_DIR"].strip("/")
        self.siteurl = (settings.get("SITEURL") or "").rstrip("/")
        self.absolute = absolute_base(settings)
        self.formats = settings["MEDIA_FORMATS"]
        if "avif" in self.formats and not _avif_available():
            self.formats = [f for f in self.formats if f != "avif"]
        self.params = {
            "version": jobs.PHOTO_VERSION,
            "widths": sorted(settings["MEDIA_WIDTHS"]),
            "formats": self.formats,
            "quality": {f: settings["MEDIA_QUALITY"].get(f, 75) for f in self.formats},
            "avif_speed": settings["MEDIA_AVIF_SPEED"],
            "budget_bytes": settings["MEDIA_BUDGET_BYTES"],
            "budget_widths": settings["MEDIA_BUDGET_WIDTHS"],
            "min_width": settings["MEDIA_MIN_WIDTH"],
            "warn_pixels": settings["MEDIA_WARN_PIXELS"],
            "max_pixels": settings["MEDIA_MAX_PIXELS"],
            "social_quality": settings["MEDIA_SOCIAL_QUALITY"],
        }
        self.params_key = jobs.params_digest(self.params)
        self.photo_exts = {e.lower() for e in settings["MEDIA_PHOTO_EXTENSIONS"]}
        self.sources: dict[str, Source] = {}
        self.prefetched: set[str] = set()  # photos whose derivatives Prefetch made
        self.recent: set[int] = set()
        self.dimensions: dict[Path, tuple[int, int]] = {}
        self.stats = Counter()
        self.reported: set = set()
        self.warned: Counter = Counter()
        self.index_path = self.cache / "index.json"
        try:
            self.index = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}
        self.fonts = (settings["MEDIA_CARD_FONT_BOLD"], settings["MEDIA_CARD_FONT_REGULAR"])
        self.fonts_digest = "|".join(
            jobs.file_digest(f)[:16] if os.path.isfile(f) else "builtin" for f in self.fonts
        )

    # ----------------------------------------------------------------- reporting
    def source_name(self, item) -> str:
        try:
            return str(Path(item.source_path).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(item.source_path)

    def line_of(self, item, needle: str) -> int | None:
        try:
            lines = Path(item.source_path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        for number, line in enumerate(lines, 1):
            if needle and needle in line:
                return number
        return None

    def report(self, item, code: str, value: str, detail=None, needle: str | None = None):
        name = self.source_name(item)
        key = (name, code, value)
        if key in self.reported:
            return
        self.reported.add(key)
        severity, text, hint = messages.render(code, value, detail)
        if severity != "error":
            # One article cannot flood the log: errors always, warnings up to a cap.
            self.warned[name] += 1
            if self.warned[name] > MAX_WARNINGS_PER_FILE:
                return
        line = self.line_of(item, needle or value)
        where = f"baris {line}: " if line else ""
        label = "GALAT" if severity == "error" else "PERINGATAN"
        message = f"media: {name}:\n  {where}{label}: {text}\n      Cara memperbaiki: {hint}"
        self.stats["errors" if severity == "error" else "warnings"] += 1
        if severity == "error":
            logger.error(message)
        else:
            logger.warning(message)

    # ------------------------------------------------------------------ planning
    def resolve(self, value: str, item) -> Ref:
        raw = value.strip()
        if raw.startswith("data:") or EXTERNAL.match(raw) and not raw.startswith("{"):
            return Ref(value, problem="external")
        v = unquote(raw.split("#")[0].split("?")[0])
        rooted = False
        for prefix in LINK_PREFIXES:
            if v.startswith(prefix):
                v = v[len(prefix) :]
                break
        if v.startswith("/"):
            rooted, v = True, v.lstrip("/")
        here = Path(os.path.abspath(item.source_path)).parent
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
            if found.suffix.lower() not in self.photo_exts:
                return Ref(value, str(found), problem="not-photo")
            return Ref(value, str(found))
        return Ref(value, problem="missing")

    def missing_hint(self, value: str) -> dict:
        name = Path(unquote(value)).name
        pool = {}
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
            src = self.sources[ref.path] = Source(ref.path, _slug(stem))
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

    # ---------------------------------------------------------------- processing
    def digest(self, path: str) -> str:
        st = os.stat(path)
        known = self.index.get(path)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return known[2]
        # A changed mtime (fresh clone) only costs a re-hash, never a re-process.
        digest = jobs.file_digest(path)
        self.index[path] = [st.st_size, st.st_mtime_ns, digest]
        return digest

    def photo_dir(self, src: Source) -> Path:
        return self.cache / "photos" / f"{src.digest[:40]}-{self.params_key}"

    def probe(self, src: Source) -> tuple[int, int] | None:
        meta_path = self.photo_dir(src) / "meta.json"
        if meta_path.is_file():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return meta["width"], meta["height"]
        try:
            with Image.open(src.path) as im:
                w, h = im.size
                if im.format != "JPEG" and w * h > imaging.MAX_PIXELS_FULL_DECODE:
                    return (w, h)  # refused by the worker; PNG's getexif() would decode it
                orientation = im.getexif().get(0x0112, 1)
        except Exception:  # noqa: BLE001 - the worker reports what is wrong with it
            return None
        return (h, w) if orientation in (5, 6, 7, 8) else (w, h)

    def request_crop(self, src: Source, kind: str, focus) -> jobs.CropSpec:
        spec = jobs.CropSpec(kind, SOCIAL_SIZES[kind], tuple(focus))
        spec.key = jobs.crop_key(src.digest, spec, self.params["social_quality"])
        src.crops.setdefault(spec.key, spec)
        return spec

    def ig_kind(self, src: Source) -> str:
        # Portrait photos keep 4:5, the tallest Instagram allows; others go square.
        size = src.size
        return "ig" if size and size[1] > size[0] else "square"

    def run(self, articles, pages) -> None:
        started = time.perf_counter()
        plans = [self.plan(a, True) for a in articles] + [self.plan(p, False) for p in pages]
        for src in self.sources.values():
            src.digest = self.digest(src.path)
        newest = sorted(articles, key=lambda a: a.date, reverse=True)
        self.recent = {id(a) for a in newest[: int(self.settings["MEDIA_TITLE_CARDS"])]}
        self.render_cards(plans)
        for plan in plans:
            if not plan.is_article:
                continue
            lead = self.sources.get(plan.lead.path) if plan.lead and plan.lead.path else None
            if lead:
                lead.size = lead.size or self.probe(lead)
                self.request_crop(lead, "og", plan.focus)
                if self.wants_card(plan, "ig"):
                    self.request_crop(lead, self.ig_kind(lead), plan.focus)
                if plan.video_id or plan.video_file:
                    self.request_crop(lead, "poster", plan.focus)
            for ref, _entry in plan.gallery:
                if ref.path:
                    self.request_crop(self.sources[ref.path], "square", (0.5, 0.5))
        self.process_photos()
        for plan in plans:
            self.apply(plan)
        self.save_index()
        for name, count in sorted(self.warned.items()):
            if count > MAX_WARNINGS_PER_FILE:
                logger.warning(
                    "media: %s: ... dan %d peringatan lain tentang foto di berkas ini (tidak "
                    "ditampilkan); perbaiki yang di atas lalu bangun ulang.",
                    name,
                    count - MAX_WARNINGS_PER_FILE,
                )
        self.stats["seconds"] = round(time.perf_counter() - started, 3)
        LAST_STATS.clear()
        LAST_STATS.update(self.stats)
        stats_path = self.cache / "last-build.json"
        stats_path.parent.mkdir(parents=True, exist_ok=True)
        stats_path.write_text(json.dumps(dict(self.stats), indent=1), encoding="utf-8")
        logger.info(
            "media: %d foto diproses, %d dari cache; %d kartu dibuat, %d dari cache; "
            "%d berkas disalin (%.1f s)",
            self.stats["photos_processed"],
            self.stats["photos_cached"],
            self.stats["cards_rendered"],
            self.stats["cards_cached"],
            self.stats["files_copied"],
            self.stats["seconds"],
        )

    def render_cards(self, plans, *, force: bool = False) -> None:
        """Cards for articles whose lead photo is absent or unusable."""
        todo = []
        site = self.settings.get("SITENAME", "")
        long_name = self.settings.get("SITE_LONGNAME", site)
        quality = self.settings.get("MEDIA_CARD_QUALITY", 82)
        for plan in plans:
            if not plan.is_article:
                continue
            lead_ok = plan.lead is not None and plan.lead.path is not None
            if lead_ok and self.lead_usable(plan) and not force:
                continue
            category = str(plan.item.category)
            plan.shared_card = not self.own_card(plan)
            fields = {
                "title": f"{category} {site}" if plan.shared_card else _plain(plan.item.title),
                "category": category,
                "date_text": "" if plan.shared_card else tanggal(plan.item.date),
                "site_name": site,
                "long_name": long_name,
            }
            kinds = ["og"]
            if self.wants_card(plan, "ig"):
                kinds.append("ig")
            if plan.video_id or plan.video_file:
                kinds.append("poster")
            for kind in kinds:
                key = cards.card_key(kind, fields, quality, self.fonts_digest)
                target = self.cache / "cards" / key[:2] / f"{key}.jpg"
                plan.cards[kind] = target
                if target.is_file():
                    self.stats["cards_cached"] += 1
                else:
                    todo.append(jobs.CardJob(kind, fields, self.fonts, quality, str(target)))
            if "poster" in plan.cards:
                plan.poster_source = str(plan.cards["poster"])
        # Identical cards (same key) are drawn once.
        unique = list({job.target: job for job in todo}.values())
        batches = [unique[i : i + 40] for i in range(0, len(unique), 40)]
        self.stats["cards_rendered"] += sum(self.parallel(jobs.run_card_batch, batches))
        for plan in plans:
            if plan.poster_source:
                ref = Ref(plan.poster_source, plan.poster_source)
                src = self.add_source(ref, f"poster-{plan.item.article_id}")
                src.digest = src.digest or self.digest(src.path)

    def own_card(self, plan: Plan) -> bool:
        """A card with the article's own title and date for the newest
        MEDIA_TITLE_CARDS articles, for anything that may still be posted
        (dated from MEDIA_SOCIAL_SINCE / SYNDICATE_SINCE on), and for videos.
        The rest of a long archive shares one card per category: drawing
        and uploading 2,000 title cards nobody will post would cost a
        minute of build time and hundreds of megabytes of output."""
        if plan.video_id or plan.video_file or id(plan.item) in self.recent:
            return True
        since = self.settings.get("MEDIA_SOCIAL_SINCE") or self.settings.get("SYNDICATE_SINCE")
        if not since:
            return False
        item_date = (
            plan.item.date.date() if isinstance(plan.item.date, datetime) else plan.item.date
        )
        since_date = since if isinstance(since, date) else date.fromisoformat(str(since))
        return item_date >= since_date

    def lead_usable(self, plan: Plan) -> bool:
        """Cheap pre-check before processing: a file we will certainly refuse
        gets a card now rather than a second pass later."""
        path = plan.lead.path
        return path is not None and not imaging.is_heif(path)

    def process_photos(self) -> None:
        todo = []
        for src in self.sources.values():
            pdir = self.photo_dir(src)
            need_derivatives = not (pdir / "meta.json").is_file()
            crop_dir = self.cache / "crops" / src.digest[:2]
            missing = [s for k, s in src.crops.items() if not (crop_dir / f"{k}.jpg").is_file()]
            if need_derivatives or missing:
                todo.append(
                    jobs.PhotoJob(
                        src.path,
                        src.digest,
                        self.params,
                        str(pdir),
                        missing,
                        str(crop_dir),
                        need_derivatives,
                    )
                )
            if not need_derivatives:
                # Derivatives made by this build's Prefetch count as processed.
                done_now = src.path in self.prefetched
                self.stats["photos_processed" if done_now else "photos_cached"] += 1
        results = self.parallel(_safe_photo_job, todo)
        for job, result in zip(todo, results, strict=True):
            src = self.sources[job.source]
            if not result["ok"]:
                src.error = (result["code"], result.get("detail", ""))
                continue
            if job.need_derivatives:
                self.stats["photos_processed"] += 1
            self.stats["crops_made"] += len(job.crops)
        for src in self.sources.values():
            if src.error:
                continue
            meta_path = self.photo_dir(src) / "meta.json"
            if not meta_path.is_file():
                continue
            src.meta = json.loads(meta_path.read_text(encoding="utf-8"))
            src.size = (src.meta["width"], src.meta["height"])
            src.derived = self.publish_derivatives(src)

    def parallel(self, func, work: list) -> list:
        if not work:
            return []
        workers = max(1, min(int(self.settings["MEDIA_WORKERS"]), len(work), os.cpu_count() or 1))
        if workers == 1:
            return [func(item) for item in work]
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=be_gentle) as pool:
            return list(pool.map(func, work))

    # ------------------------------------------------------------------- output
    def publish(self, source: Path, rel: str) -> None:
        dest = self.output / rel
        try:
            s, d = source.stat(), dest.stat()
            if s.st_size == d.st_size and s.st_mtime_ns == d.st_mtime_ns:
                return
        except FileNotFoundError:
            pass
        dest.parent.mkdir(parents=True, exist_ok=True)
        # A hard link costs no disk and no time; cache entries are never
        # rewritten in place (new content gets a new key), so sharing the
        # inode is safe. Across file systems, copy.
        tmp = dest.with_name(f".{dest.name}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copy2(source, tmp)
        # Cache entries written by older versions were private (0600); the
        # web server must be able to read what is published.
        mode = os.stat(tmp).st_mode
        if mode & 0o044 != 0o044:
            os.chmod(tmp, mode | 0o044)
        os.replace(tmp, dest)
        self.stats["files_copied"] += 1

    def url(self, rel: str) -> str:
        return f"{self.siteurl}/{rel}"

    def absolute_url(self, rel: str) -> str:
        return f"{self.absolute}/{rel}"

    def publish_derivatives(self, src: Source) -> markup.Derived:
        derived = markup.Derived(src.meta["width"], src.meta["height"])
        pdir = self.photo_dir(src)
        for v in src.meta["variants"]:
            ext = imaging.EXTENSIONS[v["format"]]
            rel = f"{self.out_dir}/{src.stem}-{src.digest[:10]}-{v['width']}.{ext}"
            self.publish(pdir / v["file"], rel)
            derived.variants.append(
                markup.Variant(v["format"], v["width"], v["height"], self.url(rel), v["bytes"], rel)
            )
        return derived

    def publish_social(self, file: Path, rel: str) -> dict:
        self.publish(file, rel)
        if file not in self.dimensions:
            with Image.open(file) as im:
                self.dimensions[file] = im.size
        width, height = self.dimensions[file]
        return {
            "url": self.absolute_url(rel),
            "path": rel,
            "width": width,
            "height": height,
            "bytes": file.stat().st_size,
        }

    def crop_file(self, src: Source, kind: str, focus) -> Path | None:
        spec = jobs.CropSpec(kind, SOCIAL_SIZES[kind], tuple(focus))
        key = jobs.crop_key(src.digest, spec, self.params["social_quality"])
        path = self.cache / "crops" / src.digest[:2] / f"{key}.jpg"
        return path if path.is_file() else None

    def report_source(self, item, ref: Ref) -> Source | None:
        """The processed source behind a reference, reporting what is wrong."""
        if ref.problem == "missing":
            self.report(item, "missing", ref.value, self.missing_hint(ref.value))
            return None
        if ref.problem in ("not-photo", "external"):
            self.report(item, ref.problem, ref.value)
            return None
        if ref.problem and ref.problem.startswith("confined-"):
            self.report(item, ref.problem, ref.value)
            return None
        src = self.sources.get(ref.path)
        if src is None:
            return None
        if src.error:
            code, detail = src.error
            self.report(item, code, ref.value, detail)
            return None
        for severity, code, detail in (src.meta or {}).get("notes", []):
            del severity  # the message table knows it
            self.report(item, code, ref.value, detail)
        return src if src.derived else None

    def apply(self, plan: Plan) -> None:
        item = plan.item
        s = self.settings
        sizes = s["MEDIA_SIZES"]
        lead = self.report_source(item, plan.lead) if plan.lead else None
        derived_by_path = {}
        for ref in plan.body:
            src = self.report_source(item, ref)
            if src:
                derived_by_path[ref.value] = src.derived

        def replace(attrs):
            derived = derived_by_path.get(attrs.get("src", ""))
            if not derived:
                return None
            extra = {k: v for k, v in attrs.items() if k in ("title", "class", "id")}
            return markup.picture(
                derived,
                alt=attrs.get("alt", ""),
                sizes=sizes,
                formats=self.formats,
                extra_attrs=extra,
            )

        if derived_by_path:
            item._content = markup.rewrite_images(item._content, replace)
        if not plan.is_article:
            return

        article_id = item.article_id
        social = f"{self.out_dir}/sosial/{article_id}"
        alt = item.metadata.get("imagealt") or ""
        item.lead_image = lead.derived if lead else None
        item.lead_picture = (
            markup.picture(lead.derived, alt=alt, sizes=sizes, formats=self.formats, lazy=False)
            if lead
            else None
        )
        card_alt = f"{_plain(item.title)}. {item.category}, {tanggal(item.date)}. " + s.get(
            "SITENAME", ""
        )
        card_name = social
        if plan.shared_card:
            card_alt = f"{item.category} · {s.get('SITENAME', '')}"
            card_name = f"{self.out_dir}/sosial/kategori-{_slug(str(item.category))}"
        # Open Graph.
        og = None
        if lead and (file := self.crop_file(lead, "og", plan.focus)):
            og = self.publish_social(file, f"{social}-og.jpg")
            og["alt"] = alt or _plain(item.title)
        if og is None and not plan.cards:
            # The photo turned out unusable after all (corrupt file): draw the card now.
            self.render_cards([plan], force=True)
        if og is None and "og" in plan.cards:
            og = self.publish_social(plan.cards["og"], f"{card_name}-og.jpg")
            og["alt"] = card_alt
        _set(item, "og_image", og, ("url", "width", "height", "alt", "path"))
        # Instagram.
        ig = None
        if lead and self.wants_card(plan, "ig"):
            file = self.crop_file(lead, self.ig_kind(lead), plan.focus)
            if file:
                ig = self.publish_social(file, f"{social}-ig.jpg")
                ig["alt"] = alt or _plain(item.title)
        if ig is None and "ig" in plan.cards:
            ig = self.publish_social(plan.cards["ig"], f"{card_name}-ig.jpg")
            ig["alt"] = card_alt
        _set(item, "instagram_image", ig, ("url", "width", "height", "alt", "path"))
        # Feed enclosure: a web-sized JPEG of the lead photo.
        item.feed_enclosure = None
        if lead:
            v = lead.derived.closest(1080, "jpeg")
            item.feed_enclosure = (self.absolute_url(v.path), str(v.bytes), "image/jpeg")
        # Gallery.
        item.gallery_items = []
        item.media_gallery = []
        gallery_sizes = s["MEDIA_GALLERY_SIZES"]
        for index, (ref, entry) in enumerate(plan.gallery, 1):
            src = self.report_source(item, ref)
            if not src:
                continue
            web = src.derived.closest(1080, "jpeg")
            square = self.crop_file(src, "square", (0.5, 0.5))
            ig_item = (
                self.publish_social(square, f"{social}-galeri-{index:02d}.jpg") if square else None
            )
            item.gallery_items.append(
                {
                    "path": entry.path,
                    "alt": entry.alt,
                    "credit": entry.credit,
                    "url": self.absolute_url(web.path),
                    "width": web.width,
                    "height": web.height,
                    "instagram_url": ig_item["url"] if ig_item else None,
                    "instagram_path": ig_item["path"] if ig_item else None,
                }
            )
            item.media_gallery.append(
                {
                    "picture": markup.picture(
                        src.derived, alt=entry.alt, sizes=gallery_sizes, formats=self.formats
                    ),
                    "alt": entry.alt,
                    "credit": entry.credit,
                }
            )
        # Video.
        self.apply_video(plan, lead, social, sizes)

    def apply_video(self, plan: Plan, lead: Source | None, social: str, sizes: str) -> None:
        item = plan.item
        item.video_id = plan.video_id
        item.video_url = (
            f"https://www.youtube.com/watch?v={plan.video_id}" if plan.video_id else None
        )
        item.video_file = plan.video_file
        item.video_file_path = None
        item.video_poster_url = item.video_poster_path = item.video_poster_picture = None
        if plan.video_file:
            found, problem = video.locate_video_file(
                plan.video_file,
                content_path=str(self.content_root),
                extra_paths=self.settings["MEDIA_VIDEO_PATHS"],
            )
            if found is None:
                self.report(item, problem, plan.video_file)
            else:
                item.video_file_path = str(found)
                if found.suffix.lower() not in video.VIDEO_EXTENSIONS:
                    self.report(item, "video-format", plan.video_file)
        if not (plan.video_id or plan.video_file):
            return
        poster_file, poster_derived = None, None
        if lead:
            poster_file = self.crop_file(lead, "poster", plan.focus)
            poster_derived = lead.derived
        if poster_file is None and plan.poster_source:
            poster_file = Path(plan.poster_source)
            src = self.sources.get(plan.poster_source)
            poster_derived = src.derived if src else None
        if poster_file:
            poster = self.publish_social(poster_file, f"{social}-poster.jpg")
            item.video_poster_url = poster["url"]
            item.video_poster_path = poster["path"]
        if poster_derived:
            item.video_poster_picture = markup.picture(
                poster_derived, alt="", sizes=sizes, formats=self.formats, lazy=False
            )

    def save_index(self) -> None:
        try:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.index_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.index), encoding="utf-8")
            os.replace(tmp, self.index_path)
        except OSError as exc:
            logger.warning("media: indeks cache tidak dapat disimpan: %s", exc)


class Prefetch:
    """Encode photos while Pelican is still reading the articles.

    The derivatives of a photo (every width in AVIF, WebP and JPEG) are the
    dearest part of a cold build, and they depend only on the photo file and
    the MEDIA_ settings. So as each article or page is read, its photos start
    encoding in MEDIA_WORKERS background processes (niced), on the cores
    Pelican's single thread leaves idle; MediaBuild.run() later finds them in
    the cache. The processes start with the first photo not in the cache,
    early in a cold build while Pelican's process is still small (a child
    forked from a big process makes the parent copy each page it then
    touches), and not at all in a rebuild with nothing new. Problems are not
    reported here: run() meets the same photo, processes it again and reports
    it with file and line as always. Crops and
    cards wait for run(), which knows every article's focal point and date.
    """

    def __init__(self, settings, output_path):
        self.build = MediaBuild(settings, output_path)
        self.seen: set[str] = set()
        self.futures: list[tuple[str, object]] = []
        self._pool: ProcessPoolExecutor | None = None

    def add(self, item) -> None:
        try:
            self._add(item)
        except Exception:  # noqa: BLE001 - only a head start: run() meets and reports the problem
            logger.debug("media: prefetch skipped %s", getattr(item, "source_path", "?"))

    def _add(self, item) -> None:
        values = [item.metadata.get("image")]
        values += [entry.path for entry in parse_gallery(item.metadata.get("gallery"))]
        values += [attrs.get("src") for attrs in markup.find_images(item._content or "")]
        for value in values:
            if not isinstance(value, str) or not value.strip():
                continue
            ref = self.build.resolve(value, item)
            if not ref.path or ref.problem or ref.path in self.seen:
                continue
            self.seen.add(ref.path)
            src = Source(ref.path, "prefetch")
            src.digest = self.build.digest(ref.path)
            photo_dir = self.build.photo_dir(src)
            if (photo_dir / "meta.json").is_file():
                continue
            job = jobs.PhotoJob(ref.path, src.digest, self.build.params, str(photo_dir))
            self.futures.append((ref.path, self._executor().submit(_safe_photo_job, job)))

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            workers = max(1, min(int(self.build.settings["MEDIA_WORKERS"]), os.cpu_count() or 1))
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=be_gentle)
        return self._pool

    def finish(self) -> MediaBuild:
        """Wait for the photos started so far; returns the MediaBuild that
        run()s this build (it already holds their digests)."""
        for path, future in self.futures:
            if future.result()["ok"]:
                self.build.prefetched.add(path)
        if self._pool is not None:
            self._pool.shutdown()
        self.build.stats["photos_prefetched"] = len(self.build.prefetched)
        return self.build


def _set(item, prefix: str, data: dict | None, keys) -> None:
    for key in keys:
        setattr(item, f"{prefix}_{key}", data.get(key) if data else None)


def _plain(text) -> str:
    # Titles are text as typed (the theme escapes them); decoding entities or
    # stripping "tags" here would change what the author wrote.
    return " ".join(str(text).split())


def _avif_available() -> bool:
    from PIL import features

    return bool(features.check("avif"))


def _safe_photo_job(job: jobs.PhotoJob) -> dict:
    try:
        return jobs.run_photo_job(job)
    except Exception as exc:  # noqa: BLE001 - a decoder bug in one photo must not stop the build
        return {"ok": False, "code": "corrupt", "detail": f"{type(exc).__name__}: {exc}"[:120]}
