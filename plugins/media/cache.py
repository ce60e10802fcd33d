"""The cache: photos and cards by content hash in MEDIA_CACHE_PATH, and the
worker processes that fill its misses.

Kept apart because it owns everything keyed by digest (the index of file
hashes, photo folders, crops, cards) and the process pool: an entry is never
rewritten in place, so the output step may hard-link it.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path

from PIL import Image

from plugins.background import be_gentle
from plugins.indonesian_dates import tanggal

from . import cards, imaging, jobs
from .plan import Plan, Ref, Source, plain_text
from .state import MediaState

logger = logging.getLogger(__name__)

SOCIAL_SIZES = {
    "og": (1200, 630),
    "ig": (1080, 1350),
    "square": (1080, 1080),
    "poster": (1280, 720),
}


def load_index(path: Path) -> dict:
    """Known digests: {path: [size, mtime_ns, digest]}; empty when unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def avif_available() -> bool:
    from PIL import features

    return bool(features.check("avif"))


def run_photo_job_guarded(job: jobs.PhotoJob) -> dict:
    try:
        return jobs.run_photo_job(job)
    except Exception as exc:  # noqa: BLE001 - a decoder bug in one photo must not stop the build
        return {"ok": False, "code": "corrupt", "detail": f"{type(exc).__name__}: {exc}"[:120]}


class CacheMixin(MediaState):
    """MediaBuild's cache half: digests, cache misses processed, crops found."""

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

    def thumb_spec(self, src: Source, focus) -> jobs.CropSpec:
        """The card thumbnail: MEDIA_THUMB_SIZE around the focal point, in
        every web format, each within MEDIA_THUMB_BUDGET_BYTES."""
        spec = jobs.CropSpec(
            "thumb",
            tuple(self.settings["MEDIA_THUMB_SIZE"]),
            tuple(focus),
            formats=tuple(self.formats),
            budget=int(self.settings["MEDIA_THUMB_BUDGET_BYTES"]),
        )
        spec.key = jobs.crop_key(src.digest, spec, self.params["quality"])
        return spec

    def request_thumb(self, src: Source, focus) -> None:
        spec = self.thumb_spec(src, focus)
        src.crops.setdefault(spec.key, spec)

    def thumb_files(self, src: Source, focus) -> dict[str, Path] | None:
        """{format: cached file} of the card thumbnail, None if not made."""
        spec = self.thumb_spec(src, focus)
        folder = self.cache / "crops" / src.digest[:2]
        files = {f: folder / f"{spec.key}.{imaging.EXTENSIONS[f]}" for f in spec.formats}
        return files if all(p.is_file() for p in files.values()) else None

    def ig_kind(self, src: Source) -> str:
        # Portrait photos keep 4:5, the tallest Instagram allows; others go square.
        size = src.size
        return "ig" if size and size[1] > size[0] else "square"

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
                "title": f"{category} {site}" if plan.shared_card else plain_text(plan.item.title),
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
                if src is None:
                    continue
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
        path = plan.lead.path if plan.lead else None
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
        results = self.parallel(run_photo_job_guarded, todo)
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
            src.derived = self.output_derivatives(src)

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

    def crop_file(self, src: Source, kind: str, focus) -> Path | None:
        spec = jobs.CropSpec(kind, SOCIAL_SIZES[kind], tuple(focus))
        key = jobs.crop_key(src.digest, spec, self.params["social_quality"])
        # Called for every social image of every article: a string join and
        # os.path.isfile(), a Path only for a file that is there.
        path = os.path.join(self.cache, "crops", src.digest[:2], f"{key}.jpg")
        return Path(path) if os.path.isfile(path) else None

    def save_index(self) -> None:
        try:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.index_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.index), encoding="utf-8")
            os.replace(tmp, self.index_path)
        except OSError as exc:
            logger.warning("media: indeks cache tidak dapat disimpan: %s", exc)
