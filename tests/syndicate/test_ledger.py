"""Ledger files: atomic per-article JSON, the run lock, and the plugin's reading of them."""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from syndicate.ledger import Ledger, LedgerBusy, LedgerLock


def test_one_file_per_article_with_an_entry_per_platform(tmp_path):
    ledger = Ledger(tmp_path)
    ledger.set("20261108-a", "x", "https://s/a/", state="pending", attempts=1)
    ledger.set("20261108-a", "x", "https://s/a/", state="done", post_id="1", url="https://x/1")
    ledger.set("20261108-a", "facebook", "https://s/a/", state="failed", error="boom")
    ledger.set("20261109-b", "x", "https://s/b/", state="skipped", reason="baseline")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["20261108-a.json", "20261109-b.json"]
    data = json.loads((tmp_path / "20261108-a.json").read_text())
    assert data["platforms"]["x"]["state"] == "done"
    assert data["platforms"]["x"]["attempts"] == 1
    assert data["platforms"]["facebook"]["error"] == "boom"
    fresh = Ledger(tmp_path)
    fresh.load_all()
    assert fresh.entry("20261109-b", "x")["reason"] == "baseline"


def test_write_is_atomic_no_partial_file_on_failure(tmp_path, monkeypatch):
    ledger = Ledger(tmp_path)
    ledger.set("20261108-a", "x", "https://s/a/", state="pending")
    before = (tmp_path / "20261108-a.json").read_text()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        ledger.set("20261108-a", "x", "https://s/a/", state="done", post_id="1")
    assert (tmp_path / "20261108-a.json").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["20261108-a.json"]  # no temp file left


def test_unsafe_ids_are_refused(tmp_path):
    with pytest.raises(ValueError):
        Ledger(tmp_path).set("../etc/passwd", "x", "u", state="done")


def _hold_lock(directory, ready, release):
    with LedgerLock(directory):
        ready.set()
        release.wait(10)


def test_lock_refuses_a_second_holder_and_dies_with_its_process(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    assert ready.wait(20)
    with pytest.raises(LedgerBusy, match="one publish"):
        LedgerLock(tmp_path).acquire()
    holder.kill()  # a crashed run must not block the next one
    holder.join()
    with LedgerLock(tmp_path):
        pass


def test_site_plugin_reads_links_and_video_ids(tmp_path):
    from plugins.syndication.ledger_links import read_ledger, shared_links, uploaded_videos

    ledger = Ledger(tmp_path)
    ledger.set(
        "20261108-a",
        "youtube",
        "u",
        state="done",
        post_id="ScLk4YuJfqn",
        url="https://www.youtube.com/watch?v=ScLk4YuJfqn",
    )
    ledger.set("20261108-a", "x", "u", state="done", post_id="9", url="https://x.com/B/status/9")
    ledger.set("20261108-a", "facebook", "u", state="failed", error="e")
    data = read_ledger(tmp_path)
    links = shared_links(data)["20261108-a"]
    assert [link["label"] for link in links] == ["X", "YouTube"]
    assert uploaded_videos(data) == {"20261108-a": "ScLk4YuJfqn"}
