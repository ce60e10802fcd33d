"""The command line and its three output formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from plugins.fbs.cli import main

REPO = Path(__file__).resolve().parents[2]
FBS = Path(sys.executable).with_name("fbs")


def run_cli(site, *args):
    return main(["check", *map(str, args), "--repo", str(site.root), "--no-repo", "--no-spelling"])


def test_exit_status_follows_errors_only(site, capsys):
    clean = site.article("bersih.md")
    assert run_cli(site, clean) == 0
    warn = site.article("peringatan.md", body="Kata ini  berspasi ganda.\n")
    assert run_cli(site, warn) == 0  # a warning does not block
    error = site.article("galat.md", body="Hubungi 081234567890.\n")
    assert run_cli(site, error) == 1
    capsys.readouterr()


def test_json_shape(site, capsys):
    path = site.article(body="Hubungi 081234567890.\n", drop=["Summary"])
    run_cli(site, path, "--format", "json")
    findings = json.loads(capsys.readouterr().out)
    # "subject" (the masked value a waiver names) only where a finding has one.
    assert {tuple(sorted(f)) for f in findings} == {
        ("file", "hint", "line", "message", "rule", "severity"),
        ("file", "hint", "line", "message", "rule", "severity", "subject"),
    }
    assert next(f for f in findings if f["rule"] == "FBS-8.phone")["subject"] == "0812******90"
    rules = {f["rule"] for f in findings}
    assert {"FBS-8.phone", "FBS-3.summary"} <= rules
    assert all(
        f["rule"].startswith("FBS-") and f["severity"] in ("error", "warning") for f in findings
    )
    assert all(f["file"] == "content/articles/artikel.md" for f in findings)


def test_github_annotations(site, capsys):
    path = site.article(body="Hubungi 081234567890, ya.\n")
    run_cli(site, path, "--format", "github")
    lines = capsys.readouterr().out.splitlines()
    (annotation,) = [line for line in lines if line.startswith("::error")]
    props, message = annotation[len("::error ") :].split("::", 1)
    assert props.startswith("file=content/articles/artikel.md,line=10,title=FBS-8.phone")
    assert "\n" not in message and "%0ACara memperbaiki" in message


def test_text_report_reads_like_a_guide(site, capsys):
    path = site.article(body="Hubungi 081234567890.\n\nKata  ganda.\n", drop=["ImageCredit"])
    run_cli(site, path)
    out = capsys.readouterr().out
    assert out.startswith("content/articles/artikel.md\n")
    assert "baris 9: GALAT [FBS-8.phone]" in out
    assert "baris 11: PERINGATAN [FBS-7.double-space]" in out
    assert "Cara memperbaiki:" in out
    assert "Ringkasan: 1 berkas diperiksa, 2 galat, 1 peringatan" in out
    assert "Belum lolos pemeriksaan FBS" in out


def test_clean_report(site, capsys):
    run_cli(site, site.article())
    out = capsys.readouterr().out
    assert "Lolos pemeriksaan FBS" in out and "galat" in out


def test_installed_console_script(tmp_path):
    """`fbs` is on the venv's PATH, as `make setup` installs it."""
    out = subprocess.run([str(FBS), "rules"], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0
    assert "FBS-8.nip" in out.stdout


def test_missing_path_is_skipped_with_a_note(site, capsys):
    code = run_cli(site, site.content / "articles" / "tidak-ada.md")
    captured = capsys.readouterr()
    assert code == 0
    assert "tidak ditemukan" in captured.err
