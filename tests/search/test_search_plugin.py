"""plugins.search with the real Pagefind service, driven through the plugin's
signal handlers over a small output folder: production builds index every
page; development builds index once, skip Pagefind when no indexed page
changed, and feed a kept service only the pages that changed."""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import subprocess
from pathlib import Path

import pytest

import plugins.search as search

PAGE = """<!doctype html>
<html lang="id"><head><title>{title}</title></head>
<body><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>
"""


class Build:
    """Writes pages as Pelican would and sends the plugin the same signals."""

    def __init__(self, tmp_path, plugin, **settings):
        self.out = tmp_path / "output"
        self.plugin = plugin
        self.settings = {
            "OUTPUT_PATH": str(self.out),
            "CACHE_PATH": str(tmp_path / "cache"),
            **{name: settings.get(name, default) for name, default in search.DEFAULTS.items()},
        }
        self.pages = {
            f"2026/01/berita-{i}/index.html": PAGE.format(title=f"Berita {i}", text="rapat kerja")
            for i in range(5)
        }

    def run(self) -> None:
        for rel, html in self.pages.items():
            path = self.out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
            self.plugin.page_written(str(path), self.settings)
        self.plugin.pages_written(None, None)
        self.plugin.build_index(None)

    @property
    def entry(self) -> dict:
        return json.loads((self.out / "pagefind" / "pagefind-entry.json").read_text())

    def fragments_with(self, word: str) -> int:
        count = 0
        for fragment in (self.out / "pagefind" / "fragment").glob("*.pf_fragment"):
            count += word in gzip.decompress(fragment.read_bytes()).decode("utf-8")
        return count


@pytest.fixture
def started(monkeypatch):
    """How many Pagefind services the plugin started (the real class does the work)."""
    count = []

    class Counted(search.IndexService):
        def __init__(self, output_path, malloc_conf=""):
            count.append(output_path)
            super().__init__(output_path, malloc_conf)

    monkeypatch.setattr(search, "IndexService", Counted)
    return count


def test_production_indexes_every_page_in_every_build(tmp_path, started):
    build = Build(tmp_path, search.SearchPlugin())
    build.run()
    build.run()
    assert len(started) == 2
    assert build.entry["languages"]["id"]["page_count"] == 5


def test_development_indexes_once_then_skips_pagefind_when_nothing_changed(
    tmp_path, started, caplog
):
    build = Build(tmp_path, search.SearchPlugin(), SEARCH_ONLY_CHANGED=True)
    build.run()
    assert len(started) == 1
    assert build.entry["languages"]["id"]["page_count"] == 5
    entry = build.out / "pagefind" / "pagefind-entry.json"
    written = entry.stat().st_mtime_ns
    with caplog.at_level(logging.INFO, logger="plugins.search"):
        build.run()
    assert len(started) == 1, "an unchanged site must not start Pagefind"
    assert entry.stat().st_mtime_ns == written
    assert "sudah mutakhir" in caplog.text


def test_one_off_development_build_leaves_a_changed_page_to_the_next_full_index(
    tmp_path, started, caplog
):
    build = Build(tmp_path, search.SearchPlugin(), SEARCH_ONLY_CHANGED=True)
    build.run()
    build.pages["2026/01/berita-1/index.html"] = PAGE.format(title="Berita 1", text="pelantikan")
    with caplog.at_level(logging.INFO, logger="plugins.search"):
        build.run()
    assert len(started) == 1
    assert "belum memuat 1 halaman" in caplog.text
    assert build.fragments_with("pelantikan") == 0
    # The production build brings it up to date.
    build.settings["SEARCH_ONLY_CHANGED"] = False
    build.run()
    assert build.fragments_with("pelantikan") == 1


def test_kept_service_is_fed_only_the_changed_page(tmp_path, started):
    plugin = search.SearchPlugin()
    build = Build(tmp_path, plugin, SEARCH_ONLY_CHANGED=True, SEARCH_KEEP_SERVICE=True)
    try:
        build.run()  # first build of the process: every page
        assert plugin.service is not None and plugin.service.indexed == 5
        build.pages["2026/01/berita-3/index.html"] = PAGE.format(title="Berita 3", text="mutasi")
        build.run()
        assert len(started) == 1, "the same service serves the next build"
        plugin.service.write()  # wait until everything queued is in
        assert plugin.service.indexed == 6, "only the changed page is fed again"
        assert build.fragments_with("mutasi") == 1
        assert build.entry["languages"]["id"]["page_count"] == 5
        # Pagefind cannot forget a page: a removed page means a new service.
        del build.pages["2026/01/berita-4/index.html"]
        (build.out / "2026/01/berita-4/index.html").unlink()
        build.run()
        assert len(started) == 2
        assert build.entry["languages"]["id"]["page_count"] == 4
    finally:
        plugin._drop_service()


def test_a_kept_service_for_an_up_to_date_index_writes_nothing(tmp_path, started):
    """`make serve` after `make build`: the first build of the process seeds
    the service but leaves the index that is already current alone."""
    Build(tmp_path, search.SearchPlugin(), SEARCH_ONLY_CHANGED=True).run()
    plugin = search.SearchPlugin()
    build = Build(tmp_path, plugin, SEARCH_ONLY_CHANGED=True, SEARCH_KEEP_SERVICE=True)
    entry = build.out / "pagefind" / "pagefind-entry.json"
    written = entry.stat().st_mtime_ns
    try:
        build.run()
        assert entry.stat().st_mtime_ns == written
        build.pages["2026/01/berita-0/index.html"] = PAGE.format(title="Berita 0", text="cuti")
        build.run()
        assert build.fragments_with("cuti") == 1
        assert len(started) == 2
    finally:
        plugin._drop_service()


def test_pagefind_reads_the_allocator_options():
    """The variable name and every option in the default are what the
    Pagefind binary's jemalloc reads: a typo, an option it drops or a
    Pagefind built without jemalloc would leave the memory peak as it was."""
    conf = search.DEFAULTS["SEARCH_PAGEFIND_MALLOC_CONF"]
    done = subprocess.run(
        [search.pagefind_binary(), "--version"],
        env={**os.environ, search.MALLOC_CONF_VARIABLE: conf + ",stats_print:true"},
        capture_output=True,
        text=True,
        check=True,
    )
    printed = done.stdout + done.stderr
    assert "Invalid conf" not in printed
    for option in conf.split(","):
        name, value = option.split(":")
        assert re.search(rf"opt\.{name}: {value}\b", printed), option


def test_allocator_options_reach_the_service_and_leave_the_index_unchanged(tmp_path, started):
    """The same pages give the same index, file for file and byte for byte,
    with Pagefind's allocator defaults and with the plugin's options."""
    indexes = {}
    for conf in ("", search.DEFAULTS["SEARCH_PAGEFIND_MALLOC_CONF"]):
        plugin = search.SearchPlugin()
        build = Build(tmp_path / (conf[:7] or "default"), plugin, SEARCH_PAGEFIND_MALLOC_CONF=conf)
        for i in range(5):
            text = f"rapat kerja pegawai ke-{i} di Kupang dan pelantikan pejabat"
            page = PAGE.format(title=f"Rapat {i}", text=text)
            build.pages[f"2026/02/rapat-{i}/index.html"] = page
        for rel, html in build.pages.items():
            path = build.out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
            plugin.page_written(str(path), build.settings)
        service = plugin.service
        assert service is not None
        environ = Path(f"/proc/{service.process.pid}/environ").read_bytes().split(b"\0")
        given = [e for e in environ if e.startswith(search.MALLOC_CONF_VARIABLE.encode() + b"=")]
        assert given == ([f"{search.MALLOC_CONF_VARIABLE}={conf}".encode()] if conf else [])
        plugin.pages_written(None, None)
        plugin.build_index(None)
        folder = build.out / "pagefind"
        indexes[conf] = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }
    default, tuned = indexes.values()
    assert len(default) > 10
    assert default.keys() == tuned.keys()
    assert default == tuned


def test_settings_are_declared_once():
    from types import SimpleNamespace

    from plugins.plugin_settings import SettingsError

    plugin = search.SearchPlugin()
    with pytest.raises(SettingsError, match="did you mean SEARCH_ONLY_CHANGED"):
        plugin.configure(SimpleNamespace(settings={"SEARCH_ONLY_CHANGE": True}))
    settings = {"SEARCH_URL": "cari/"}  # the theme's, not the plugin's
    plugin.configure(SimpleNamespace(settings=settings))
    assert settings["SEARCH_ONLY_CHANGED"] is False
