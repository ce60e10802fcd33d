"""Attributes: what the media step sets on each article and page (the
interface documented in plugins/media/__init__.py), and the author messages
about each reference, reported where the reference is used.

Kept apart because it is the contract with the theme, feeds, SEO and
syndication: every attribute name other parts read is written here.
"""

from __future__ import annotations

from pathlib import Path

from plugins.indonesian_dates import tanggal

from . import markup, video
from .plan import Plan, Ref, Source, plain_text, slug
from .state import MediaState


def set_prefixed(item, prefix: str, data: dict | None, keys) -> None:
    for key in keys:
        setattr(item, f"{prefix}_{key}", data.get(key) if data else None)


class AttributesMixin(MediaState):
    """MediaBuild's attribute half."""

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
        src = self.sources.get(ref.path) if ref.path else None
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

    def set_attributes(self, plan: Plan) -> None:  # noqa: C901 - one attribute family after another: hero, crops, gallery, video
        item = plan.item
        s = self.settings
        sizes = s["MEDIA_SIZES"]
        lead = self.report_source(item, plan.lead) if plan.lead else None
        # report_source only returns a source with derivatives.
        lead_derived = lead.derived if lead else None
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
        item.lead_image = lead_derived
        item.lead_picture = (
            markup.picture(lead_derived, alt=alt, sizes=sizes, formats=self.formats, lazy=False)
            if lead_derived
            else None
        )
        card_alt = f"{plain_text(item.title)}. {item.category}, {tanggal(item.date)}. " + s.get(
            "SITENAME", ""
        )
        card_name = social
        if plan.shared_card:
            card_alt = f"{item.category} · {s.get('SITENAME', '')}"
            card_name = f"{self.out_dir}/sosial/kategori-{slug(str(item.category))}"
        # Open Graph.
        og = None
        if lead and (file := self.crop_file(lead, "og", plan.focus)):
            og = self.output_social_image(file, f"{social}-og.jpg")
            og["alt"] = alt or plain_text(item.title)
        if og is None and not plan.cards:
            # The photo turned out unusable after all (corrupt file): draw the card now.
            self.render_cards([plan], force=True)
        if og is None and "og" in plan.cards:
            og = self.output_social_image(plan.cards["og"], f"{card_name}-og.jpg")
            og["alt"] = card_alt
        set_prefixed(item, "og_image", og, ("url", "width", "height", "alt", "path"))
        # Instagram.
        ig = None
        if lead and self.wants_card(plan, "ig"):
            file = self.crop_file(lead, self.ig_kind(lead), plan.focus)
            if file:
                ig = self.output_social_image(file, f"{social}-ig.jpg")
                ig["alt"] = alt or plain_text(item.title)
        if ig is None and "ig" in plan.cards:
            ig = self.output_social_image(plan.cards["ig"], f"{card_name}-ig.jpg")
            ig["alt"] = card_alt
        set_prefixed(item, "instagram_image", ig, ("url", "width", "height", "alt", "path"))
        # Listing cards: a small thumbnail of the lead photo.
        item.thumbnail_picture = self.thumbnail_markup(lead, plan.focus) if lead else None
        # Feed enclosure: a web-sized JPEG of the lead photo.
        item.feed_enclosure = None
        if lead_derived:
            v = lead_derived.closest(1080, "jpeg")
            item.feed_enclosure = (self.absolute_url(v.path), str(v.bytes), "image/jpeg")
        # Gallery.
        item.gallery_items = []
        item.media_gallery = []
        gallery_sizes = s["MEDIA_GALLERY_SIZES"]
        for index, (ref, entry) in enumerate(plan.gallery, 1):
            src = self.report_source(item, ref)
            if not src or not src.derived:
                continue
            web = src.derived.closest(1080, "jpeg")
            square = self.crop_file(src, "square", (0.5, 0.5))
            ig_item = (
                self.output_social_image(square, f"{social}-galeri-{index:02d}.jpg")
                if square
                else None
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
        self.set_video_attributes(plan, lead, social, sizes)

    def thumbnail_markup(self, lead: Source, focus):
        # The same photo and focal point give the same markup: articles that
        # share a lead photo share it (a Markup string, never changed).
        key = (lead.path, tuple(focus))
        if key not in self.thumbnails:
            self.thumbnails[key] = self._thumbnail_markup(lead, focus)
        return self.thumbnails[key]

    def _thumbnail_markup(self, lead: Source, focus):
        files = self.thumb_files(lead, focus)
        if files is None:
            return None
        width, height = self.settings["MEDIA_THUMB_SIZE"]
        urls = {}
        for fmt, file in files.items():
            # Own folder: the photo's responsive derivatives stay alone in media/.
            rel = f"{self.out_dir}/kecil/{lead.stem}-{file.stem[:10]}-{width}.{file.suffix[1:]}"
            self.link_into_output(file, rel)
            urls[fmt] = self.url(rel)
        # Shown at half its pixel size: sharp on 2x screens.
        return markup.thumbnail(urls, width=width // 2, height=height // 2, formats=self.formats)

    def set_video_attributes(
        self, plan: Plan, lead: Source | None, social: str, sizes: str
    ) -> None:
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
            poster = self.output_social_image(poster_file, f"{social}-poster.jpg")
            item.video_poster_url = poster["url"]
            item.video_poster_path = poster["path"]
        if poster_derived:
            item.video_poster_picture = markup.picture(
                poster_derived, alt="", sizes=sizes, formats=self.formats, lazy=False
            )
