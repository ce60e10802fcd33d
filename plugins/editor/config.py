"""The Decap CMS configuration for /admin/, generated at build time.

Every fact comes from its one source: the fields from ``ARTICLE_FIELDS``
(``plugins/bkd_content/frontmatter.py``), how they look from ``WIDGETS``
(``widgets.py``), categories and known tags from ``content/taxonomy.toml``,
limits from ``syndicate/contract.py`` and ``frontmatter.py``. A category added
to the taxonomy is in the editor's select at the next build.

YAML is a superset of JSON, so ``config.yml`` is written as JSON: no YAML
writer, and no YAML quoting surprises for values such as ``Status: no``.
"""

from __future__ import annotations

import json
from typing import Any

from plugins.bkd_content.frontmatter import ARTICLE_FIELDS, MAX_TAGS, MAX_TITLE_CHARS, STATUSES
from plugins.bkd_content.taxonomy import Taxonomy
from syndicate.contract import LABELS, LIMITS, PLATFORMS, Platform

from .widgets import BODY, BODY_AFTER, WIDGETS, Widget

# The name of the format registered by static/bkd-editor.js.
FORMAT = "pelican-meta"
# Labels of the values STATUSES allows; a value without a label shows as itself.
STATUS_LABELS = {
    "draft": "Konsep (tidak tampil)",
    "published": "Terbit",
    "withdrawn": "Ditarik (halaman diganti pemberitahuan)",
    "ditarik": "Ditarik (halaman diganti pemberitahuan)",
}
GALLERY_FIELDS = (
    {"name": "photo", "label": "Foto", "widget": "bkd-photo", "choose_url": False},
    {"name": "caption", "label": "Keterangan foto", "widget": "string"},
    {"name": "credit", "label": "Sumber foto", "widget": "string", "required": False},
)


# Fields written one item per continuation line (pelican-meta.js LINE_LISTS),
# edited as a list of lines; the label of one line.
LINE_FIELDS = {
    "waive": "Pengecualian",
    "changenote": "Catatan",
    "attachments": "Dokumen",
    "dasarhukum": "Tautan",
    "sumber": "Tautan",
}


class MissingWidget(ValueError):
    """ARTICLE_FIELDS and WIDGETS disagree (developer error)."""


def check_tables() -> None:
    missing = sorted(set(ARTICLE_FIELDS) - set(WIDGETS))
    extra = sorted(set(WIDGETS) - set(ARTICLE_FIELDS))
    if missing or extra:
        raise MissingWidget(
            "plugins/editor/widgets.py WIDGETS and ARTICLE_FIELDS differ: "
            f"no widget for {missing}, widget without field for {extra}"
        )
    for name, widget in WIDGETS.items():
        if widget.key.lower() != name:
            raise MissingWidget(f"WIDGETS[{name!r}].key is {widget.key!r}")


def field_keys() -> list[list[str]]:
    """[lower-case name, spelling in files] in ARTICLE_FIELDS order: what the
    custom format needs to write keys where and as authors expect them."""
    return [[name, WIDGETS[name].key] for name in ARTICLE_FIELDS]


def _hint_values() -> dict[str, Any]:
    return {
        "max_title": MAX_TITLE_CHARS,
        "max_tags": MAX_TAGS,
        "max_photos": LIMITS[Platform.INSTAGRAM].photos,
        "x_limit": LIMITS[Platform.X].text,
        "instagram_limit": f"{LIMITS[Platform.INSTAGRAM].text:,}".replace(",", "."),
    }


def _field(name: str, widget: Widget, taxonomy: Taxonomy) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": name,
        "label": widget.label,
        "widget": widget.widget,
        "required": widget.required,
    }
    if widget.hint:
        out["hint"] = widget.hint.format(**_hint_values())
    out.update(widget.options)
    if name == "category":
        out["options"] = list(taxonomy.category_names)
    elif name == "status":
        out["options"] = [{"label": STATUS_LABELS.get(s, s), "value": s} for s in STATUSES]
    elif name == "syndicate":
        out["multiple"] = True
        out["options"] = [{"label": LABELS[p], "value": p} for p in PLATFORMS]
    elif name == "tags":
        out["max"] = MAX_TAGS
        out["known"] = list(taxonomy.known_tags)
    elif name == "gallery":
        out["max"] = LIMITS[Platform.INSTAGRAM].photos
        out["summary"] = "{{fields.photo}}"
        out["fields"] = [dict(f) for f in GALLERY_FIELDS]
    elif name in LINE_FIELDS:
        out["field"] = {"name": "line", "label": LINE_FIELDS[name], "widget": "string"}
    elif name in ("xtext", "facebooktext", "instagramtext"):
        platform = Platform(name.removesuffix("text"))
        out["platform"] = platform.value
        out["limit"] = platform.limits.text
        out["text_unit"] = platform.limits.text_unit
    return out


def article_fields(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    check_tables()
    fields = []
    for name in ARTICLE_FIELDS:
        fields.append(_field(name, WIDGETS[name], taxonomy))
        if name == BODY_AFTER:
            fields.append(_field("body", BODY, taxonomy))
    return fields


def build_config(
    taxonomy: Taxonomy,
    *,
    backend: dict[str, Any],
    local_backend: str | bool,
    site_url: str,
) -> dict[str, Any]:
    config: dict[str, Any] = {
        "backend": dict(backend),
        "publish_mode": "editorial_workflow",
        "locale": "id",
        "media_folder": "content/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "articles",
                "label": "Artikel",
                "label_singular": "Artikel",
                "description": "Berita, pengumuman, kegiatan, regulasi dan layanan.",
                "folder": "content/articles",
                "create": True,
                "extension": "md",
                "format": FORMAT,
                "slug": "{{slug}}",
                "identifier_field": "title",
                "summary": "{{title}} ({{category}})",
                "fields": article_fields(taxonomy),
            }
        ],
    }
    if local_backend:
        # decap-server (make serve): the URL of its API, or True for Decap's default.
        config["local_backend"] = (
            {"url": local_backend, "allowed_hosts": ["127.0.0.1", "localhost"]}
            if isinstance(local_backend, str)
            else True
        )
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


def config_text(config: dict[str, Any]) -> str:
    return (
        "# Dibuat otomatis oleh plugins/editor saat build; jangan diubah di sini.\n"
        + json.dumps(config, ensure_ascii=False, indent=1)
        + "\n"
    )
