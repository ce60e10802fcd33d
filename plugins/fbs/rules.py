"""The catalogue of FBS rules: id, FBS point, whether an article may waive it.

The author guide (content/PANDUAN-FBS.md), the pull-request template and the
tests all name rules from this table; `fbs rules` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str  # one line, Bahasa Indonesia
    waivable: bool = True


_RULES = [
    # FBS-1: trustworthy, legal sources; copyright respected.
    Rule("FBS-1.credit", "Setiap foto, foto galeri dan video mencantumkan pemilik/sumber."),
    Rule("FBS-1.hotlink", "Gambar tidak diambil langsung dari situs lain (hotlink)."),
    Rule("FBS-1.http", "Tautan keluar memakai https."),
    # FBS-2: no rule or code of ethics broken.
    Rule("FBS-2.profanity", "Tidak ada kata kasar/umpatan."),
    Rule(
        "FBS-2.unsafe-html", "Tidak ada <script>, <iframe> atau atribut on...= di artikel.", False
    ),
    # FBS-3: useful to the audience.
    Rule("FBS-3.summary", "Ringkasan ada dan panjangnya wajar."),
    Rule("FBS-3.title-length", "Judul tidak terlalu pendek atau panjang."),
    Rule("FBS-3.empty-body", "Artikel punya isi, bukan hanya keterangan."),
    Rule("FBS-3.too-large", "Ukuran artikel wajar untuk pembaca berdata seluler."),
    # FBS-4: supports the agency's duties.
    Rule("FBS-4.category", "Kategori dari daftar resmi."),
    Rule("FBS-4.tag", "Tag dari daftar tag yang dikenal."),
    # FBS-5: positive, no SARA, offends nobody.
    Rule("FBS-5.insult", "Tidak ada kata hinaan terhadap orang atau lembaga."),
    Rule("FBS-5.sara", "Tidak ada ujaran SARA."),
    # FBS-7: spelling, typography, photo and video standard.
    Rule("FBS-7.frontmatter", "Keterangan artikel (bagian atas berkas) dapat dibaca."),
    Rule(
        "FBS-7.change-history",
        "Catatan perubahan (ChangeNote) yang sudah terbit tidak diubah atau dihapus.",
        False,
    ),
    Rule("FBS-7.encoding", "Berkas tersimpan sebagai teks UTF-8.", False),
    Rule("FBS-7.binary", "Berkas .md berisi teks, bukan data biner.", False),
    Rule("FBS-7.empty", "Berkas tidak kosong.", False),
    Rule("FBS-7.symlink", "Berkas artikel bukan tautan simbolik (symlink).", False),
    Rule("FBS-7.spelling", "Ejaan sesuai kamus bahasa Indonesia (Hunspell id_ID)."),
    Rule("FBS-7.double-space", "Tidak ada spasi ganda di tengah kalimat."),
    Rule("FBS-7.space-before-punct", "Tidak ada spasi sebelum tanda baca."),
    Rule("FBS-7.caps-title", "Judul tidak ditulis dengan huruf kapital semua."),
    Rule("FBS-7.alt-text", "Teks alternatif foto ada, bermakna dan paling panjang 125 karakter."),
    Rule("FBS-7.image-missing", "Berkas foto/video yang dirujuk ada di repositori."),
    Rule("FBS-7.image-size", "Resolusi foto cukup (lebar minimal 600 px)."),
    Rule("FBS-7.platform-media", "Foto/video memenuhi syarat platform media sosial."),
    Rule("FBS-7.override-length", "XText/InstagramText/FacebookText muat di platformnya."),
    # FBS-8: privacy.
    Rule("FBS-8.nik", "Tidak ada NIK (16 digit)."),
    Rule("FBS-8.nip", "Tidak ada NIP (18 digit)."),
    Rule("FBS-8.phone", "Tidak ada nomor HP/WhatsApp pribadi."),
    Rule("FBS-8.email", "Tidak ada alamat surel pribadi."),
    Rule("FBS-8.exif-gps", "Foto tidak menyimpan lokasi GPS."),
    Rule("FBS-8.exif-serial", "Foto tidak menyimpan nomor seri kamera."),
    Rule("FBS-8.pdf-metadata", "Dokumen PDF lampiran tidak menyimpan nama pembuatnya (Author)."),
    # FBS-9: devices and accounts used only for publication.
    Rule("FBS-9.token", "Tidak ada token/kunci akun media sosial di repositori.", False),
    Rule(
        "FBS-9.codeowners",
        "CODEOWNERS: content/ milik tim Kepala; .github/, plugins/, syndicate/, Makefile, "
        "daftar kata dan taxonomy milik admin saja.",
        False,
    ),
    Rule(
        "FBS-9.publish-branch",
        "Workflow yang memakai secrets atau menerbitkan hanya berjalan dari cabang main.",
        False,
    ),
    Rule(
        "FBS-9.environment",
        "Job yang memakai token halaman (SYNDICATE_*) berjalan di Environment GitHub.",
        False,
    ),
    # The waiver mechanism itself is reported as FBS-<n>.waiver, <n> being the
    # point of the rule it waives (see waiver_rule()).
]

RULES: dict[str, Rule] = {r.id: r for r in _RULES}


def point_of(rule_id: str) -> int:
    return int(rule_id.split(".", 1)[0].removeprefix("FBS-"))


def waiver_rule(waived_rule_id: str) -> str:
    try:
        return f"FBS-{point_of(waived_rule_id)}.waiver"
    except ValueError:
        return "FBS-7.frontmatter"


def is_waivable(rule_id: str) -> bool:
    rule = RULES.get(rule_id)
    return bool(rule and rule.waivable)
