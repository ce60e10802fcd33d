"""How each article field appears in the web editor: one line per field.

The field list itself is ``ARTICLE_FIELDS`` in ``plugins/bkd_content``; this
table only says how to show each one (Decap CMS widget, Indonesian label and
hint) and how its key is spelled in a file. ``tests/editor/test_config.py``
fails when a field is in one and not the other, so adding a field is one line
in each.

Values that depend on data (category options, known tags, platform limits)
are filled in by ``plugins.editor.config`` at build time, never copied here.
"""

# One line per field is the point of this table (adding a field is one line).
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Widget:
    key: str  # the spelling written in files: "ImageAlt"
    label: str
    widget: str  # a Decap CMS widget name, or one of ours (bkd-counted-text)
    hint: str = ""
    required: bool = False
    options: dict[str, Any] = field(default_factory=dict)


# Keyed by the lower-case name ARTICLE_FIELDS uses; order does not matter
# here (the form follows ARTICLE_FIELDS).
WIDGETS: dict[str, Widget] = {
    "title": Widget("Title", "Judul", "string", "Paling banyak {max_title} karakter. Alamat halaman dibuat dari judul.", required=True),
    "date": Widget("Date", "Tanggal terbit (WITA)", "datetime", "Tanggal dan jam terbit menurut waktu Kupang (WITA).", required=True,
                   options={"format": "YYYY-MM-DD HH:mm", "date_format": "DD-MM-YYYY", "time_format": "HH:mm", "picker_utc": False}),
    "category": Widget("Category", "Kategori", "select", "Pilih satu kategori dari daftar resmi.", required=True),
    "modified": Widget("Modified", "Terakhir diubah", "datetime", "Isi hanya bila artikel yang sudah terbit diubah isinya.",
                       options={"format": "YYYY-MM-DD HH:mm", "date_format": "DD-MM-YYYY", "time_format": "HH:mm", "picker_utc": False}),
    "tags": Widget("Tags", "Tag", "bkd-tags", "Ketik tag lalu tekan Enter atau koma; tag resmi muncul sebagai saran, tag lain boleh. Paling banyak {max_tags}."),
    "summary": Widget("Summary", "Ringkasan", "text", "Satu-dua kalimat, sebaiknya di bawah 160 karakter: tampil di kartu, hasil pencarian dan pratinjau tautan."),
    "author": Widget("Author", "Penulis", "string", "Nama penulis atau bidang, misalnya 'Bidang Informasi Kepegawaian'."),
    "image": Widget("Image", "Foto utama", "bkd-photo", "JPEG atau PNG. Foto disimpan di content/images bersama artikel. Isi juga deskripsi dan sumber foto.",
                    options={"choose_url": False}),
    "imagealt": Widget("ImageAlt", "Deskripsi foto (untuk pembaca layar)", "string", "Wajib bila ada foto: apa yang terlihat di foto, satu kalimat."),
    "imagecredit": Widget("ImageCredit", "Sumber foto", "string", "Wajib bila ada foto, misalnya 'Foto: Humas BKD NTT'."),
    "imagefocus": Widget("ImageFocus", "Titik fokus foto", "bkd-focus", "Klik bagian foto utama yang paling penting (wajah, spanduk); bagian itu tetap terlihat saat foto dipotong. Atau tulis dua angka 0 sampai 1: kiri-atas = 0, 0; tengah = 0.5, 0.5.",
                         options={"pattern": [r"^\s*(0(\.\d+)?|1(\.0+)?)\s*,\s*(0(\.\d+)?|1(\.0+)?)\s*$", "Tulis dua angka 0 sampai 1, misalnya 0.5, 0.3."]}),
    "gallery": Widget("Gallery", "Galeri foto", "list", "Paling banyak {max_photos} foto, masing-masing dengan keterangan dan sumber."),
    "video": Widget("Video", "Video YouTube", "string", "Alamat video YouTube atau id-nya."),
    "videofile": Widget("VideoFile", "Berkas video", "file", "Berkas video untuk diunggah ke YouTube oleh admin."),
    "status": Widget("Status", "Status", "select", "Konsep tidak ditampilkan di situs."),
    "syndicate": Widget("Syndicate", "Bagikan ke", "select", "Kosongkan agar dibagikan ke semua platform yang cocok."),
    "slug": Widget("Slug", "Alamat halaman (slug)", "string", "Biasanya kosongkan: alamat dibuat dari judul. Hanya huruf kecil, angka dan tanda hubung.",
                   options={"pattern": [r"^[a-z0-9]+(-[a-z0-9]+)*$", "Hanya huruf kecil a-z, angka 0-9 dan tanda hubung."]}),
    "waive": Widget("Waive", "Pengecualian aturan FBS", "list", "Satu pengecualian per baris, dengan alasan. Diisi atas arahan admin/editor."),
    "videocredit": Widget("VideoCredit", "Sumber video", "string", "Pemilik atau pembuat video."),
    "xtext": Widget("XText", "Teks khusus untuk X", "bkd-counted-text", "Kosongkan untuk teks otomatis. Paling banyak {x_limit} (hitungan X: tautan 23, emoji 2)."),
    "facebooktext": Widget("FacebookText", "Teks khusus untuk Facebook", "bkd-counted-text", "Kosongkan untuk teks otomatis."),
    "instagramtext": Widget("InstagramText", "Teks khusus untuk Instagram", "bkd-counted-text", "Kosongkan untuk teks otomatis. Paling banyak {instagram_limit} karakter."),
    "changenote": Widget("ChangeNote", "Catatan koreksi", "list", "Satu baris per koreksi: 'TTTT-BB-HH JJ:MM | apa yang diperbaiki'. Tambahkan baris baru di bawah; catatan lama jangan diubah atau dihapus."),
    "withdrawnnote": Widget("WithdrawnNote", "Alasan artikel ditarik", "text", "Wajib bila Status: Ditarik. Satu-dua kalimat untuk pembaca."),
    "attachments": Widget("Attachments", "Lampiran dokumen", "list", "Satu dokumen per baris: 'dokumen/nama.pdf | judul' (pdf, docx, xlsx, odt, ods di content/dokumen/)."),
    "dasarhukum": Widget("DasarHukum", "Dasar hukum", "list", "Satu tautan per baris: 'https://jdih... | judul peraturan'."),
    "sumber": Widget("Sumber", "Sumber", "list", "Satu tautan per baris: 'https://... | judul sumber'."),
}  # fmt: skip

# The Markdown body: not a front-matter field, placed in the form after this one.
BODY_AFTER = "summary"
BODY = Widget("body", "Isi artikel", "markdown", "Tulis isi berita. Subjudul dengan tombol 'Heading'.", required=True)  # fmt: skip
