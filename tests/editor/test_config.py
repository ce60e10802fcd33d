"""The editor's config.yml is generated from its sources: ARTICLE_FIELDS, the
widget table, the taxonomy and the platform limits. A field added to one table
and not the other fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from plugins.bkd_content import frontmatter
from plugins.bkd_content.taxonomy import Taxonomy, load_taxonomy
from plugins.editor import config as editor_config
from plugins.editor import widgets
from syndicate.contract import LIMITS, Platform

BACKEND = {"name": "github", "repo": "bkd-ntt/portal", "open_authoring": True}


def generated(taxonomy=None, **kwargs) -> dict:
    config = editor_config.build_config(
        taxonomy or load_taxonomy(),
        backend=kwargs.get("backend", BACKEND),
        local_backend=kwargs.get("local_backend", False),
        site_url=kwargs.get("site_url", ""),
    )
    # What Decap reads is the YAML text, so test through it.
    return yaml.safe_load(editor_config.config_text(config))


def fields_by_name(config: dict) -> dict[str, dict]:
    return {f["name"]: f for f in config["collections"][0]["fields"]}


def test_every_article_field_has_a_widget_and_the_form_follows_article_fields():
    config = generated()
    names = [f["name"] for f in config["collections"][0]["fields"]]
    assert [n for n in names if n != "body"] == list(frontmatter.ARTICLE_FIELDS)
    assert names.index("body") == names.index(widgets.BODY_AFTER) + 1


def test_a_field_without_widget_fails(monkeypatch):
    monkeypatch.setitem(frontmatter.ARTICLE_FIELDS, "newfield", "Kolom baru.")
    with pytest.raises(editor_config.MissingWidget, match="newfield"):
        generated()


def test_a_widget_without_field_fails(monkeypatch):
    monkeypatch.setitem(widgets.WIDGETS, "oldfield", widgets.Widget("OldField", "Lama", "string"))
    with pytest.raises(editor_config.MissingWidget, match="oldfield"):
        generated()


def test_file_spelling_matches_the_lower_case_name():
    assert editor_config.field_keys()[:3] == [
        ["title", "Title"],
        ["date", "Date"],
        ["category", "Category"],
    ]
    for name, key in editor_config.field_keys():
        assert key.lower() == name


def test_every_field_has_an_indonesian_label_and_hint():
    for field in generated()["collections"][0]["fields"]:
        assert field["label"] and field["hint"], field["name"]
        assert "{" not in field["hint"], field["hint"]


def test_categories_and_tags_come_from_the_taxonomy():
    fields = fields_by_name(generated())
    assert fields["category"]["options"] == list(load_taxonomy().category_names)
    assert fields["tags"]["known"] == list(load_taxonomy().known_tags)
    assert "kenaikan pangkat" in fields["tags"]["known"]
    small = Taxonomy(
        categories=[load_taxonomy().categories[0]],
        known_tags=["khusus"],
        aliases={},
    )
    fields = fields_by_name(generated(small))
    assert fields["category"]["options"] == ["Berita"]
    assert fields["tags"]["known"] == ["khusus"]


def test_limits_come_from_the_contract_and_the_parser():
    fields = fields_by_name(generated())
    assert fields["tags"]["max"] == frontmatter.MAX_TAGS
    assert str(frontmatter.MAX_TITLE_CHARS) in fields["title"]["hint"]
    assert fields["gallery"]["max"] == LIMITS[Platform.INSTAGRAM].photos
    assert fields["xtext"]["limit"] == 280 and fields["xtext"]["text_unit"] == "weighted"
    assert fields["instagramtext"]["limit"] == 2200
    assert "2.200" in fields["instagramtext"]["hint"]
    assert [o["value"] for o in fields["syndicate"]["options"]] == list(frontmatter.PLATFORMS)
    assert [o["value"] for o in fields["status"]["options"]] == list(frontmatter.STATUSES)


def test_required_fields_are_those_the_parser_requires():
    fields = fields_by_name(generated())
    assert {n for n, f in fields.items() if f["required"]} == {"title", "date", "category", "body"}


def test_workflow_backend_and_local_mode():
    config = generated(local_backend="http://127.0.0.1:8081/api/v1")
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["open_authoring"] is True
    assert config["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert generated(local_backend=True)["local_backend"] is True
    assert "local_backend" not in generated()
    collection = config["collections"][0]
    assert collection["format"] == editor_config.FORMAT == "pelican-meta"
    assert collection["folder"] == "content/articles"
    assert config["media_folder"] == "content/images" and config["public_folder"] == "images"


def test_line_list_fields_agree_with_the_format():
    script = Path(editor_config.__file__).with_name("static") / "pelican-meta.js"
    match = re.search(r"var LINE_LISTS = \{([^}]*)\}", script.read_text(encoding="utf-8"))
    names = set(re.findall(r"(\w+): true", match.group(1)))
    assert names == set(editor_config.LINE_FIELDS) | {"gallery"}
    fields = fields_by_name(generated())
    for name in editor_config.LINE_FIELDS:
        assert fields[name]["widget"] == "list" and fields[name]["field"]["widget"] == "string"
