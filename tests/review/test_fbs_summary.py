"""The FBS job summary lists every finding, errors first, and says when
GitHub's limit of 10 annotations per level hid some from the diff view."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FBS = Path(sys.executable).with_name("fbs")
SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "site-content"


@pytest.fixture
def noisy(tmp_path):
    """An article with 14 private phone numbers and a too-short summary."""
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "taxonomy.toml").write_text((SAMPLE / "taxonomy.toml").read_text())
    body = "\n".join(
        f"Hubungi Bapak Yosef di nomor 0812345678{i:02d} untuk keperluan data pegawai."
        for i in range(14)
    )
    (tmp_path / "content" / "articles" / "banyak.md").write_text(
        "Title: Uji Banyak Temuan\nDate: 2026-11-20 09:00\nCategory: Berita\nTags: layanan\n"
        f"Summary: ringkasan\nAuthor: Tim Humas BKD NTT\n\n{body}\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def fbs(repo: Path, fmt: str) -> str:
    return subprocess.run(
        [str(FBS), "check", "--no-repo", "--format", fmt, "content/articles/banyak.md"],
        cwd=repo,
        capture_output=True,
        text=True,
    ).stdout


def test_summary_says_annotations_were_cut_and_lists_everything(noisy):
    summary = fbs(noisy, "summary")
    errors = summary.count("`FBS-8.phone`")
    lines = summary.splitlines()
    total_line = next(line for line in lines if line.startswith("**") and "galat" in line)
    n_errors = int(total_line.strip("*").split()[0])
    n_warnings = int(total_line.split(",")[1].split()[0])
    assert n_errors > 10 and errors == n_errors
    shown = 10 + min(n_warnings, 10)
    total = n_errors + n_warnings
    assert f"menampilkan {shown} dari {total} temuan; laporan lengkap di bawah" in summary
    # Errors come before warnings, every one of them listed.
    assert summary.index("### Galat") < summary.index("### Peringatan")
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == total


def test_github_annotations_put_errors_first(noisy):
    levels = [line.split(" ", 1)[0] for line in fbs(noisy, "github").splitlines()]
    levels = [level for level in levels if level in ("::error", "::warning")]
    assert levels.count("::warning") >= 1
    first_warning = levels.index("::warning")
    assert all(level == "::error" for level in levels[:first_warning])
    assert "::error" not in levels[first_warning:]


def test_no_cut_note_when_everything_fits(tmp_path):
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "content" / "taxonomy.toml").write_text((SAMPLE / "taxonomy.toml").read_text())
    source = SAMPLE / "articles" / "ketentuan-cuti-pns.md"
    (tmp_path / "content" / "articles" / "banyak.md").write_text(source.read_text())
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    summary = fbs(tmp_path, "summary")
    assert "menampilkan" not in summary
    assert summary.startswith("## Laporan pemeriksaan FBS")
