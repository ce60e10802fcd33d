"""Plugin settings: declared once, merged at `initialized`; a mistyped name or
a wrong simple type stops the build, naming the setting that was meant."""

from __future__ import annotations

import pytest

from plugins.media import MediaPlugin
from plugins.media.settings import DEFAULTS
from plugins.plugin_settings import SettingsError, merge


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            {"MEDIA_QUALTY": {"jpeg": 70}},
            "unknown setting MEDIA_QUALTY; did you mean MEDIA_QUALITY?",
        ),
        ({"MEDIA_WORKER": 1}, "unknown setting MEDIA_WORKER; did you mean MEDIA_WORKERS?"),
        ({"MEDIA_WORKERS": "2"}, "setting MEDIA_WORKERS must be int, not str ('2')"),
        # True is an int to Python, not to whoever wrote pelicanconf.py.
        ({"MEDIA_WORKERS": True}, "setting MEDIA_WORKERS must be int, not bool (True)"),
        ({"MEDIA_PREFETCH": "no"}, "setting MEDIA_PREFETCH must be bool, not str ('no')"),
        ({"MEDIA_WIDTHS": 720}, "setting MEDIA_WIDTHS must be list or tuple, not int (720)"),
    ],
)
def test_unknown_or_mistyped_settings_are_refused(given, expected):
    with pytest.raises(SettingsError) as raised:
        merge(dict(given), "MEDIA_", DEFAULTS)
    assert str(raised.value) == expected


def test_defaults_fill_what_is_missing_and_keep_what_is_set():
    settings = {"MEDIA_WORKERS": 1, "MEDIA_SOCIAL_SINCE": None, "MEDIAN": 3}
    merge(settings, "MEDIA_", DEFAULTS)
    assert settings["MEDIA_WORKERS"] == 1
    assert settings["MEDIA_WIDTHS"] == DEFAULTS["MEDIA_WIDTHS"]
    assert settings["MEDIA_SOCIAL_SINCE"] is None
    assert settings["MEDIAN"] == 3  # another prefix: not ours to judge


def test_a_mistyped_setting_fails_the_build_with_a_suggestion(tmp_path, pelican_build, mt):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "a.md").write_text(mt.article("Artikel uji pengaturan"))
    result = pelican_build(
        content, tmp_path / "output", extra={**mt.FAST_SETTINGS, "MEDIA_QUALTY": {"jpeg": 70}}
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "unknown setting MEDIA_QUALTY; did you mean MEDIA_QUALITY?" in log
    assert not (tmp_path / "output" / "index.html").exists()


def test_a_build_that_stops_early_leaves_no_prefetch_behind(tmp_path, mt):
    """Photos start encoding while articles are read; if the build stops
    before the media step, `finalized` (or the next `initialized`) waits for
    them and drops them, so the next build starts from an empty state."""
    from types import SimpleNamespace

    from plugins.media import settings as media_settings

    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    mt.write_plain_jpeg(content / "articles" / "foto.jpg", (800, 600))
    source = content / "articles" / "a.md"
    source.write_text(mt.article("Artikel uji", extra="Image: foto.jpg"))
    settings = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache" / "pelican")}
    settings.update(OUTPUT_PATH=str(tmp_path / "output"), MEDIA_WORKERS=1)
    media_settings.configure(settings)
    item = SimpleNamespace(
        settings=settings, metadata={"image": "foto.jpg"}, _content="", source_path=str(source)
    )

    plugin = MediaPlugin()
    plugin.prefetch_photos(item)
    assert plugin.prefetch is not None and plugin.prefetch.futures
    plugin.reset()
    assert plugin.prefetch is None
    photos = list((tmp_path / "cache" / "media" / "photos").glob("*/meta.json"))
    assert len(photos) == 1  # waited for: the encoding finished before the reset returned
