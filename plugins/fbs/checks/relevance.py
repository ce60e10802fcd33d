"""FBS-3 and FBS-4: useful to readers and within the agency's remit. A
summary of sensible length, a title of sensible length, a body, a category
from the controlled list and tags from the known vocabulary."""

from __future__ import annotations

import difflib

from plugins.bkd_content.frontmatter import split_list

from ..findings import ERROR, WARNING


def check_title(doc, ctx) -> None:
    title = doc.field("title")
    if not title:
        return  # reported as a front-matter error
    cfg = ctx.config
    n = len(title)
    line = doc.line_of("title")
    if n > cfg.title_error_chars:
        doc.finding(
            line,
            "FBS-3.title-length",
            ERROR,
            f"Judul terlalu panjang ({n} karakter). YouTube menolak judul di atas "
            f"{cfg.title_error_chars} karakter dan mesin pencari memotongnya.",
            f"Persingkat judul menjadi paling banyak {cfg.title_warn_chars} karakter; "
            "pindahkan rinciannya ke ringkasan (Summary).",
        )
    elif n > cfg.title_warn_chars:
        doc.finding(
            line,
            "FBS-3.title-length",
            WARNING,
            f"Judul cukup panjang ({n} karakter); hasil pencarian dan kartu media sosial "
            f"akan memotongnya setelah sekitar {cfg.title_warn_chars} karakter.",
            f"Usahakan judul paling banyak {cfg.title_warn_chars} karakter, dengan kata "
            "terpenting di depan.",
        )
    elif n < cfg.title_min_chars and doc.kind == "article":
        doc.finding(
            line,
            "FBS-3.title-length",
            WARNING,
            f"Judul terlalu pendek ({n} karakter) untuk menjelaskan isi artikel.",
            "Tulis judul yang menyebut apa, siapa atau kapan, misalnya 'Jadwal Seleksi PPPK "
            "Guru 2026'.",
        )


def check_summary(doc, ctx) -> None:
    cfg = ctx.config
    summary = doc.field("summary")
    if not summary:
        doc.finding(
            doc.line_of("summary") if "summary" in doc.front.lines else 1,
            "FBS-3.summary",
            ERROR,
            "Artikel belum punya ringkasan (Summary).",
            "Tambahkan baris 'Summary: ...' berisi satu atau dua kalimat (sekitar "
            f"{cfg.summary_min_chars}–{cfg.summary_max_chars} karakter) yang menjawab apa "
            "yang perlu diketahui pembaca. Ringkasan dipakai di halaman depan, hasil "
            "pencarian dan media sosial.",
        )
        return
    n = len(summary)
    if n < cfg.summary_min_chars:
        doc.finding(
            doc.line_of("summary"),
            "FBS-3.summary",
            WARNING,
            f"Ringkasan terlalu pendek ({n} karakter).",
            f"Tulis minimal {cfg.summary_min_chars} karakter: siapa, apa, kapan, di mana.",
        )
    elif n > cfg.summary_max_chars:
        doc.finding(
            doc.line_of("summary"),
            "FBS-3.summary",
            WARNING,
            f"Ringkasan terlalu panjang ({n} karakter); mesin pencari hanya menampilkan "
            "sekitar 155 karakter.",
            f"Persingkat menjadi paling banyak {cfg.summary_max_chars} karakter; rincian "
            "cukup di isi artikel.",
        )


def check_body(doc) -> None:
    if not any(t.strip() for _, t in doc.body_lines):
        doc.finding(
            doc.front.body_start if doc.front.body_start <= len(doc.lines) else 1,
            "FBS-3.empty-body",
            ERROR,
            "Artikel ini hanya berisi keterangan di bagian atas; isi artikelnya kosong.",
            "Tulis isi artikel di bawah keterangan, dipisahkan satu baris kosong.",
        )


def check_tags(doc, ctx) -> None:
    taxonomy = ctx.taxonomy
    raw = doc.field("tags")
    line = doc.line_of("tags")
    if not raw:
        doc.finding(
            1,
            "FBS-4.tag",
            WARNING,
            "Artikel belum punya tag.",
            "Tambahkan baris 'Tags: ...' dengan satu sampai lima tag dari daftar, misalnya "
            "'Tags: PPPK, seleksi, jadwal'. Tag membantu pembaca menemukan artikel terkait.",
        )
        return
    vocabulary = {t.casefold(): t for t in taxonomy.known_tags}
    for tag in split_list(raw):
        canonical = taxonomy.normalise_tag(tag)
        if taxonomy.is_known_tag(canonical):
            continue
        guess = difflib.get_close_matches(canonical.casefold(), list(vocabulary), n=1, cutoff=0.6)
        hint = (
            f"Mungkin maksud Anda '{vocabulary[guess[0]]}'? "
            if guess
            else "Pilih tag yang sudah ada di content/taxonomy.toml. "
        )
        hint += "Bila tag ini memang perlu, minta admin menambahkannya ke daftar."
        doc.finding(line, "FBS-4.tag", WARNING, f"Tag '{tag}' belum ada di daftar tag.", hint)


def check(doc, ctx) -> None:
    check_title(doc, ctx)
    if doc.kind != "article":
        check_body(doc)
        return
    check_summary(doc, ctx)
    check_body(doc)
    check_tags(doc, ctx)
