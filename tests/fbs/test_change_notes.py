"""ChangeNote history and withdrawals in the front matter: what the build and
`fbs check` refuse, in Bahasa Indonesia with the line, and `fbs check --base`
refusing a published note that was rewritten or removed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from plugins.bkd_content.changes import history_problems, parse_change_notes
from plugins.bkd_content.frontmatter import parse_front_matter, validate_front_matter
from plugins.bkd_content.taxonomy import load_taxonomy
from plugins.fbs.cli import main as fbs_main

REPO = Path(__file__).resolve().parents[2]
TAXONOMY = load_taxonomy(REPO / "content" / "taxonomy.toml")
HEAD = "Title: Jadwal Seleksi\nDate: 2026-11-10 09:00\nCategory: Pengumuman\n"
BODY = "\nIsi artikel.\n"
GOOD_NOTES = (
    "Modified: 2026-11-25 14:00\n"
    "ChangeNote: 2026-11-12 08:00 | Lokasi ujian diperbaiki.\n"
    "    2026-11-25 14:00 | Tanggal ujian diperbaiki menjadi 5 Desember.\n"
)


def codes(front: str) -> dict[str, int]:
    fm = parse_front_matter(HEAD + front + BODY)
    return {p.rule: p.line for p in validate_front_matter(fm, TAXONOMY)}


def test_history_is_read_oldest_first_with_stable_ids():
    entries, problems = parse_change_notes(parse_front_matter(HEAD + GOOD_NOTES + BODY))
    assert problems == []
    assert [(e.change_id, e.line, e.note) for e in entries] == [
        ("c1-20261112", 5, "Lokasi ujian diperbaiki."),
        ("c2-20261125", 6, "Tanggal ujian diperbaiki menjadi 5 Desember."),
    ]
    assert codes(GOOD_NOTES) == {}


@pytest.mark.parametrize(
    ("front", "code", "line"),
    [
        ("Modified: 2026-11-25\nChangeNote: Tanggal diperbaiki.\n", "changenote.malformed", 5),
        ("Modified: 2026-11-25\nChangeNote: 2026-13-40 | Tanggal.\n", "changenote.malformed", 5),
        (
            "Modified: 2026-11-25\nChangeNote: 2026-11-25 | Tanggal diubah. Lokasi juga.\n",
            "changenote.one-sentence",
            5,
        ),
        (
            "Modified: 2026-11-25\nChangeNote: 2026-11-25 | Baru.\n    2026-11-12 | Lama.\n",
            "changenote.order",
            6,
        ),
        ("ChangeNote: 2026-11-25 | Tanggal diperbaiki.\n", "changenote.no-modified", 4),
        (
            "Modified: 2026-11-26\nChangeNote: 2026-11-25 | Tanggal diperbaiki.\n",
            "changenote.modified-mismatch",
            5,
        ),
        ("Modified: 2026-11-27\nStatus: ditarik\n", "withdrawn.no-note", 5),
        ("Status: withdrawn\nWithdrawnNote: Ditunda.\n", "withdrawn.no-date", 4),
    ],
)
def test_malformed_notes_and_withdrawals_are_errors_with_their_line(front, code, line):
    found = codes(front)
    assert found.get(code) == line, found


def test_a_withdrawal_with_note_and_date_is_accepted_in_both_spellings():
    for status in ("withdrawn", "ditarik", "Ditarik"):
        front = f"Modified: 2026-11-27\nStatus: {status}\nWithdrawnNote: Program ditunda.\n"
        assert codes(front) == {}


def test_rewritten_or_removed_notes_are_refused_appended_ones_are_not():
    base = HEAD + GOOD_NOTES + BODY
    appended = base.replace(
        "5 Desember.\n", "5 Desember.\n    2026-11-28 10:00 | Nama ruang dibetulkan.\n"
    )
    assert history_problems(base, appended) == []
    rewritten = base.replace("Lokasi ujian diperbaiki.", "Lokasi ujian dipindah.")
    [problem] = history_problems(base, rewritten)
    assert (problem.rule, problem.line) == ("changenote.rewritten", 5)
    assert "tidak boleh diubah" in problem.hint
    removed = base.replace(
        "    2026-11-25 14:00 | Tanggal ujian diperbaiki menjadi 5 Desember.\n", ""
    )
    [problem] = history_problems(base, removed)
    assert problem.rule == "changenote.removed" and "dihapus" in problem.message


def test_fbs_check_base_compares_with_the_base_revision(tmp_path, capsys):
    git = ["git", "-C", str(tmp_path), "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], check=True)
    article = tmp_path / "content" / "articles" / "jadwal-seleksi.md"
    article.parent.mkdir(parents=True)
    (tmp_path / "content" / "taxonomy.toml").write_bytes(
        (REPO / "content" / "taxonomy.toml").read_bytes()
    )
    head = HEAD + (
        "Summary: Jadwal seleksi kompetensi CPNS Provinsi NTT tahun 2026 di Kupang.\n"
        "Tags: CPNS, seleksi\n"
    )
    article.write_text(head + GOOD_NOTES + BODY, encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    article.write_text(
        (head + GOOD_NOTES + BODY).replace("Lokasi ujian diperbaiki.", "Lokasi dipindah."),
        encoding="utf-8",
    )
    argv = ["check", "--repo", str(tmp_path), "--no-repo", "--no-spelling", str(article)]
    assert fbs_main(argv) == 0  # without a base there is nothing to compare with
    capsys.readouterr()
    assert fbs_main([*argv, "--base", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert "baris 7: GALAT [FBS-7.change-history]" in out
