"""Corrections and withdrawals in the front matter: ``ChangeNote:``, ``Status: withdrawn``.

A government site corrects itself in public. Each correction is one line of
``ChangeNote:``, ``TTTT-BB-HH[ JJ:MM] | catatan satu kalimat``, oldest first;
later notes are appended as continuation lines (indented four spaces), never
rewritten, so the page can list the whole history ("Riwayat perubahan") and
the syndication ledger can key each correction by its position and date
(``c<n>-<YYYYMMDD>``, ``syndicate.contract.ManifestChange``).

``Status: withdrawn`` (or ``ditarik``) keeps the page at its address with a
notice (withdrawn on ``Modified:``, because ``WithdrawnNote:``), the GOV.UK
model; removing the file instead makes the address answer 410 through
``deploy/withdrawn.txt``.

Every problem is a ``plugins.report.Finding`` in Bahasa Indonesia with its
line, shared by the build (``plugins.bkd_content`` reader) and the gate (``fbs check``).
``history_problems`` compares a file with its base revision: a note changed
or removed there is an error, since followers were already told the old one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from plugins.report import Finding

from .frontmatter import DATE_HINT, FrontMatter, parse_date, parse_front_matter, problem

WITHDRAWN_STATUSES = ("withdrawn", "ditarik")
NOTE_FORMAT_HINT = (
    "Tulis satu catatan per baris dengan format 'TTTT-BB-HH JJ:MM | apa yang diubah', "
    "misalnya 'ChangeNote: 2026-11-20 10:00 | Jadwal seleksi diperbaiki menjadi 5 Desember.'; "
    "catatan berikutnya ditambahkan di baris baru yang diawali empat spasi."
)
MAX_NOTE_CHARS = 280
# More than one sentence: a sentence end followed by another capitalised word.
_SECOND_SENTENCE = re.compile(r"[.!?]\s+[A-Z0-9]")


@dataclass(frozen=True)
class ChangeEntry:
    line: int
    date: datetime
    note: str
    position: int  # 1-based, stable: the history is only appended to

    @property
    def change_id(self) -> str:
        return f"c{self.position}-{self.date:%Y%m%d}"


def is_withdrawn(status: str | None) -> bool:
    return (status or "").strip().lower() in WITHDRAWN_STATUSES


def parse_change_notes(fm: FrontMatter) -> tuple[list[ChangeEntry], list[Finding]]:
    """The history of ``ChangeNote:``, oldest first, and what is wrong with it."""
    entries: list[ChangeEntry] = []
    problems: list[Finding] = []
    for line, text in fm.value_lines.get("changenote", []):
        date_text, bar, note = text.partition("|")
        note = " ".join(note.split())
        when = parse_date(date_text) if bar else None
        if not bar or when is None or not note:
            problems.append(
                problem(
                    line,
                    "error",
                    "changenote.malformed",
                    f"Catatan perubahan '{text[:60]}' tidak berformat 'tanggal | catatan'.",
                    NOTE_FORMAT_HINT + " " + DATE_HINT,
                )
            )
            continue
        if len(note) > MAX_NOTE_CHARS or _SECOND_SENTENCE.search(note):
            problems.append(
                problem(
                    line,
                    "error",
                    "changenote.one-sentence",
                    "Catatan perubahan harus satu kalimat singkat "
                    f"(paling banyak {MAX_NOTE_CHARS} karakter).",
                    "Sebutkan saja apa yang diubah, misalnya 'Jadwal seleksi diperbaiki "
                    "menjadi 5 Desember.'; rinciannya ada di isi artikel.",
                )
            )
        if entries and when.replace(tzinfo=None) < entries[-1].date.replace(tzinfo=None):
            problems.append(
                problem(
                    line,
                    "error",
                    "changenote.order",
                    "Catatan perubahan ini lebih lama daripada catatan di atasnya.",
                    "Catatan baru selalu ditambahkan di baris paling bawah, dengan tanggal "
                    "perubahan itu; catatan lama jangan diubah.",
                )
            )
        entries.append(ChangeEntry(line, when, note, len(entries) + 1))
    return entries, problems


def validate_changes(fm: FrontMatter) -> list[Finding]:
    """ChangeNote, Modified and the withdrawal fields, checked together."""
    entries, problems = parse_change_notes(fm)
    modified = parse_date(fm.fields.get("modified") or "")
    if entries and not fm.fields.get("modified"):
        problems.append(
            problem(
                fm.line_of("changenote"),
                "error",
                "changenote.no-modified",
                "Ada 'ChangeNote:' tetapi tidak ada 'Modified:'.",
                f"Tambahkan 'Modified: {entries[-1].date:%Y-%m-%d %H:%M}' (tanggal catatan "
                "terakhir).",
            )
        )
    elif entries and modified and entries[-1].date.date() != modified.date():
        problems.append(
            problem(
                entries[-1].line,
                "error",
                "changenote.modified-mismatch",
                f"Tanggal catatan perubahan terakhir ({entries[-1].date:%Y-%m-%d}) tidak sama "
                f"dengan 'Modified:' ({modified:%Y-%m-%d}).",
                "Setiap perubahan yang dicatat memperbarui 'Modified:' ke tanggal catatan "
                "itu. Perbaikan salah ketik tanpa catatan tidak perlu baris ChangeNote baru.",
            )
        )
    status = fm.fields.get("status")
    note = fm.fields.get("withdrawnnote", "")
    if is_withdrawn(status):
        if not note.strip():
            problems.append(
                problem(
                    fm.line_of("status"),
                    "error",
                    "withdrawn.no-note",
                    "Artikel ditarik tetapi alasannya ('WithdrawnNote:') tidak ditulis.",
                    "Tambahkan 'WithdrawnNote: <alasan penarikan, satu kalimat>'; alasan ini "
                    "tampil di halaman dan dikirim ke media sosial.",
                )
            )
        if not fm.fields.get("modified"):
            problems.append(
                problem(
                    fm.line_of("status"),
                    "error",
                    "withdrawn.no-date",
                    "Artikel ditarik tetapi tanggal penarikannya ('Modified:') tidak ditulis.",
                    "Tambahkan 'Modified: <tanggal penarikan>', misalnya "
                    "'Modified: 2026-11-28 09:30'.",
                )
            )
    elif note.strip():
        problems.append(
            problem(
                fm.line_of("withdrawnnote"),
                "warning",
                "withdrawn.note-without-status",
                "'WithdrawnNote:' ditulis tetapi artikel tidak berstatus ditarik.",
                "Untuk menarik artikel tulis juga 'Status: ditarik'; jika tidak, hapus baris "
                "'WithdrawnNote:'.",
            )
        )
    return problems


def history_problems(base_text: str, new_text: str) -> list[Finding]:
    """Notes of the base revision that the new text no longer carries as written.

    The history is append-only: the base's notes must be the first notes of
    the new file, unchanged. Followers were told those notes; rewriting one
    would make the page and the posts disagree."""
    old, _ = parse_change_notes(parse_front_matter(base_text))
    fm = parse_front_matter(new_text)
    new, _ = parse_change_notes(fm)
    problems = []
    for index, entry in enumerate(old):
        current = new[index] if index < len(new) else None
        if current is None:
            problems.append(
                problem(
                    fm.line_of("changenote") if "changenote" in fm.lines else 1,
                    "error",
                    "changenote.removed",
                    f"Catatan perubahan {entry.date:%Y-%m-%d} ('{entry.note[:60]}') dihapus.",
                    "Riwayat perubahan tidak boleh dihapus: kembalikan baris itu. Perubahan "
                    "baru ditambahkan sebagai baris baru di bawahnya.",
                )
            )
        elif (current.date, current.note) != (entry.date, entry.note):
            problems.append(
                problem(
                    current.line,
                    "error",
                    "changenote.rewritten",
                    f"Catatan perubahan {entry.date:%Y-%m-%d} diubah dari '{entry.note[:60]}'.",
                    "Catatan yang sudah terbit tidak boleh diubah: kembalikan teks lamanya, "
                    "lalu tulis koreksinya sebagai catatan baru di baris paling bawah.",
                )
            )
    return problems
