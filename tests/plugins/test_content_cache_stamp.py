"""Pelican's content cache survives from a cold build to the next one: the
cache the first build creates is stamped with the plugins' code version, so
the next build keeps it instead of throwing it away as stale."""

from __future__ import annotations

from types import SimpleNamespace

from plugins.bkd_content import code_version, version_content_cache


def test_a_new_cache_is_kept_by_the_next_build(tmp_path):
    cache = tmp_path / "cache" / "pelican"
    build = SimpleNamespace(settings={"CACHE_PATH": str(cache)})
    version_content_cache(build)  # cold build: no cache folder yet
    assert (cache / "bkd-code-version").read_text() == code_version()
    (cache / "ArticlesGenerator-Readers").write_bytes(b"cached articles")  # what it saves
    version_content_cache(build)  # the rebuild
    assert (cache / "ArticlesGenerator-Readers").exists()


def test_a_cache_from_other_code_is_dropped(tmp_path):
    cache = tmp_path / "pelican"
    cache.mkdir()
    (cache / "bkd-code-version").write_text("older")
    (cache / "ArticlesGenerator-Readers").write_bytes(b"cached by older checks")
    version_content_cache(SimpleNamespace(settings={"CACHE_PATH": str(cache)}))
    assert not (cache / "ArticlesGenerator-Readers").exists()
    assert (cache / "bkd-code-version").read_text() == code_version()
