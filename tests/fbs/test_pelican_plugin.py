"""The plugin in a real Pelican build: findings appear as warnings, the build
still succeeds, and an unchanged file is not checked twice in one process."""

from __future__ import annotations

import logging
import shutil

import pytest

from pelicanconf import PLUGINS as SITE_PLUGINS
from plugins.fbs import pelican_plugin


def test_build_logs_findings_without_failing(site, pelican_build, tmp_path):
    site.article("privasi.md", body="Hubungi WA 081234567890 untuk info.\n")
    site.article("bersih.md")
    out = tmp_path / "output"
    result = pelican_build(
        site.content,
        out,
        extra={
            "PLUGINS": [p for p in SITE_PLUGINS if p != "plugins.fbs"] + ["plugins.fbs"],
        },
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "FBS-8.phone" in log
    assert "081234567890" not in log
    assert "bersih.md" not in log.split("FBS-8.phone")[0].rsplit("FBS ", 1)[-1]
    assert (out / "2026" / "11" / "privasi" / "index.html").exists()


def test_rebuild_summarises_unchanged_files_and_shows_changed_ones_in_full(
    site, pelican_build, tmp_path
):
    """A second build reads findings from CACHE_PATH/fbs-findings.json by content
    hash (proved by a marker planted in the stored rule) and, the file being
    unchanged since the last build, shows them as one line with counts that
    points to `make check`; editing the article makes the next build check it
    again and show its findings in full."""
    import json

    path = site.article("privasi.md", body="Hubungi WA 081234567890 untuk info.\n")
    plugins = [p for p in SITE_PLUGINS if p != "plugins.fbs"] + ["plugins.fbs"]
    extra = {"PLUGINS": plugins, "SEARCH_PAGEFIND": False}
    first = pelican_build(site.content, tmp_path / "out", extra=extra)
    assert "Cara memperbaiki" in first.stdout + first.stderr  # new file: in full
    assert "FBS-8.phone" in first.stdout + first.stderr
    cache = tmp_path / "pelican-cache" / "fbs-findings.json"
    stored = json.loads(cache.read_text(encoding="utf-8"))
    (entry,) = [v for k, v in stored["files"].items() if k.endswith("privasi.md")]
    entry["findings"][0]["rule"] = "FBS-PENANDA"
    entry["findings"].append(dict(entry["findings"][0]))
    cache.write_text(json.dumps(stored), encoding="utf-8")

    second = pelican_build(site.content, tmp_path / "out", extra=extra)
    log = second.stdout + second.stderr
    (line,) = [row for row in log.splitlines() if "privasi.md:" in row]
    assert "FBS-PENANDA ×2" in line and "GALAT" in line, log
    assert "make check" in log and "Cara memperbaiki" not in log, log

    path.write_text(path.read_text().replace("untuk info", "untuk informasi"))
    third = pelican_build(site.content, tmp_path / "out", extra=extra)
    log = third.stdout + third.stderr
    assert "FBS-PENANDA" not in log and "FBS-8.phone" in log and "Cara memperbaiki" in log


def test_backlog_summary_counts_per_file():
    from plugins.fbs.findings import Finding

    findings = [
        Finding("a.md", 3, "FBS-8.phone", "error", "m", "h"),
        Finding("a.md", 5, "FBS-7.spelling", "warning", "m", "h"),
        Finding("a.md", 9, "FBS-7.spelling", "warning", "m", "h"),
        Finding("b.md", 1, "FBS-7.spelling", "warning", "m", "h"),
    ]
    lines = pelican_plugin.backlog_summary(findings).splitlines()
    assert "4 temuan lama (1 GALAT, 3 PERINGATAN) di 2 berkas" in lines[0]
    assert "make check" in lines[0]
    assert lines[1:] == [
        "  a.md: 1 GALAT, 2 PERINGATAN (FBS-7.spelling ×2, FBS-8.phone)",
        "  b.md: 0 GALAT, 1 PERINGATAN (FBS-7.spelling)",
    ]


@pytest.fixture
def plugin():
    return pelican_plugin.FbsPlugin()


def test_checks_once_per_file_version(site, caplog, plugin):
    path = site.article(body="Hubungi 081234567890.\n")
    settings = {"PATH": str(site.content), "FBS_SPELLING": False}
    with caplog.at_level(logging.WARNING, logger="plugins.fbs"):
        assert [f.rule for f in plugin.check_source(str(path), settings)] == ["FBS-8.phone"]
        assert plugin.check_source(str(path), settings) == []  # unchanged: skipped
        path.write_text(path.read_text().replace("081234567890", "kantor BKD"))
        assert plugin.check_source(str(path), settings) == []  # changed and clean
    assert len([r for r in caplog.records if "FBS-8.phone" in r.getMessage()]) == 1


@pytest.mark.skipif(not shutil.which("hunspell"), reason="Hunspell not installed")
def test_spelling_is_batched_after_all_files(site, plugin):
    a = site.article("a.md", body="Pegawai pemerintahh hadir.\n")
    b = site.article("b.md", body="Hubungi 081234567890.\n")
    settings = {"PATH": str(site.content)}
    assert plugin.check_source(str(a), settings) == []  # deferred
    assert plugin.check_source(str(b), settings) == []
    rules = sorted(f.rule for f in plugin.flush_pending())
    assert rules == ["FBS-7.spelling", "FBS-8.phone"]
    assert plugin.flush_pending() == []


def test_background_worker_reports_findings_and_survives_a_failing_check(
    site, caplog, plugin, monkeypatch, tmp_path
):
    """FBS_BACKGROUND (the default): checks run in a forked process; its findings
    are logged at the end, and a check that crashes on one file is named
    instead of hanging or failing the build."""
    a = site.article("a.md", body="Hubungi 081234567890.\n")
    b = site.article("b.md", body="Teks biasa.\n")
    settings = {"PATH": str(site.content), "FBS_SPELLING": False, "CACHE_PATH": str(tmp_path)}
    real = pelican_plugin.check_document

    def flaky(doc, ctx):
        if doc.path.name == "b.md":
            raise RuntimeError("pemeriksa rusak")
        real(doc, ctx)

    monkeypatch.setattr(pelican_plugin, "check_document", flaky)
    plugin.submit_source(str(a), settings)
    plugin.submit_source(str(b), settings)
    background = plugin.background
    with caplog.at_level(logging.WARNING, logger="plugins.fbs"):
        findings = plugin.on_finalized(None)
    assert [f.rule for f in findings] == ["FBS-8.phone"]
    log = caplog.text
    assert "FBS-8.phone" in log and "a.md" in log
    assert "b.md gagal di tengah jalan (RuntimeError: pemeriksa rusak)" in log
    assert not background.process.is_alive()


def test_disabled_by_setting(site, plugin):
    path = site.article(body="Hubungi 081234567890.\n")
    assert plugin.check_source(str(path), {"FBS_ENABLED": False}) == []


def test_without_a_last_build_files_changed_against_main_are_new(tmp_path):
    """A first build (fresh clone, no record in the cache) shows in full what
    this branch changed against main, and summarises the committed backlog."""
    import subprocess

    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    old = tmp_path / "lama.md"
    old.write_text("lama\n")
    git("add", "lama.md")
    git("-c", "user.email=a@b.c", "-c", "user.name=t", "commit", "-qm", "x")
    new = tmp_path / "baru.md"
    new.write_text("baru\n")
    assert pelican_plugin.git_changed_files(tmp_path) == {new.resolve()}
    old.write_text("lama, diubah\n")
    assert pelican_plugin.git_changed_files(tmp_path) == {new.resolve(), old.resolve()}


def test_files_as_on_main_are_not_checked_and_the_log_says_so(site, pelican_build, tmp_path):
    """In a git work tree, a development build checks only the files that
    differ from `main` (the gate checked the rest before they got there) and
    says how many it left out; editing one of them makes it checked, with its
    findings in full."""
    import subprocess

    def git(*args):
        identity = ["-c", "user.email=a@b.c", "-c", "user.name=t"]
        subprocess.run(
            ["git", "-C", str(site.root), *identity, *args], check=True, capture_output=True
        )

    old = site.article("lama.md", body="Hubungi WA 081234567890 untuk info.\n")
    site.article("lama-juga.md", body="Hubungi WA 081234567891 untuk info.\n")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "isi")
    site.article("baru.md", body="Hubungi WA 081234567892 untuk info.\n")
    plugins = [p for p in SITE_PLUGINS if p != "plugins.fbs"] + ["plugins.fbs"]
    extra = {"PLUGINS": plugins, "SEARCH_PAGEFIND": False}

    first = pelican_build(site.content, tmp_path / "out", extra=extra)
    log = first.stdout + first.stderr
    assert first.returncode == 0, log
    assert "baru.md" in log and "FBS-8.phone" in log and "Cara memperbaiki" in log
    assert "lama.md" not in log and "lama-juga.md" not in log, log
    assert "2 berkas sama dengan cabang main, tidak diperiksa" in " ".join(log.split()), log

    old.write_text(old.read_text().replace("untuk info", "untuk informasi"))
    second = pelican_build(site.content, tmp_path / "out", extra=extra)
    log = second.stdout + second.stderr
    shown = [row for row in log.splitlines() if "FBS-8.phone" in row]
    assert any("lama.md" in row for row in shown), log
    assert "lama-juga.md" not in log, log
    assert "1 berkas sama dengan cabang main" in " ".join(log.split()), log
