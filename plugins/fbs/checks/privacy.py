"""FBS-8: nobody's privacy is violated. Finds NIK (16 digits), NIP (18 digits),
personal mobile/WhatsApp numbers and personal e-mail addresses.

Numbers are only reported when they have the structure of the real thing (a
valid province code and date in a NIK, a plausible birth and appointment date
in a NIP), so a reference or account number of the same length passes.
Messages never repeat the number in full: CI logs are public."""

from __future__ import annotations

import re
from datetime import date

from ..findings import ERROR, mask
from .common import LineIndex, cap_findings

# Province codes of Indonesia's Kemendagri numbering (NIK digits 1-2).
PROVINCES = {
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
    61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
}  # fmt: skip

NIP = re.compile(r"(?<!\d)(?<!\d[.,/-])(\d{8})[ .-]?(\d{6})[ .-]?([12])[ .-]?(\d{3})(?!\d|[.,/]\d)")
NIK = re.compile(r"(?<!\d)(?<!\d[.,/-])(\d{6})[ .-]?(\d{6})[ .-]?(\d{4})(?!\d|[.,/]\d)")
PHONE = re.compile(r"(?<![\w+/=.-])(?:\+62|62|0)[ .-]?8[1-9](?:[ .-]?\d){7,10}(?![\d/])")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?P<domain>(?:[\w-]+\.)+[A-Za-z]{2,})\b")
WHATSAPP_CUE = re.compile(r"\b(wa|whatsapp|whats app|hubungi|kontak|hp|telp|telepon|nomor)\b", re.I)
# Cheap scans that rule out most texts before the full patterns run.
LONG_NUMBER = re.compile(r"\d{6}")
PHONE_HINT = re.compile(r"(?:\+62|62|0)[ .-]?8[1-9]")
OFFICIAL_MAIL = (".go.id", ".ac.id", ".sch.id", ".mil.id", ".desa.id")


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def plausible_nip(birth: str, appointed: str, sex: str, serial: str) -> bool:
    by, bm, bd = int(birth[:4]), int(birth[4:6]), int(birth[6:])
    ay, am = int(appointed[:4]), int(appointed[4:])
    return (
        1940 <= by <= 2012
        and _valid_date(by, bm, bd)
        and 1960 <= ay <= date.today().year + 1
        and 1 <= am <= 12
        and 17 <= ay - by <= 60
        and sex in "12"
        and serial != "000"
    )


def plausible_nik(region: str, birth: str, serial: str) -> bool:
    province, regency, district = int(region[:2]), int(region[2:4]), int(region[4:])
    day, month, year = int(birth[:2]), int(birth[2:4]), int(birth[4:])
    if day > 40:  # women's NIK add 40 to the day of birth
        day -= 40
    full_year = 2000 + year if year <= date.today().year % 100 else 1900 + year
    return (
        province in PROVINCES
        and regency > 0
        and district > 0
        and _valid_date(full_year, month, day)
        and serial != "0000"
    )


def check(doc, ctx) -> None:
    text = doc.text
    if not any(c.isdigit() for c in text) and "@" not in text:
        return
    index = LineIndex(text)
    covered: set[int] = set()  # offsets already inside a reported number
    official = ctx.official_contacts
    first = len(doc.findings)

    def overlaps(start: int, end: int) -> bool:
        return any(i in covered for i in range(start, end))

    def take(span: tuple[int, int]) -> None:
        covered.update(range(*span))

    has_long_number = bool(LONG_NUMBER.search(text))
    for m in NIP.finditer(text) if has_long_number else ():
        if plausible_nip(*m.groups()):
            take(m.span())
            doc.finding(
                index.line(m.start()),
                "FBS-8.nip",
                ERROR,
                f"Ada NIP (nomor induk pegawai) '{mask(''.join(m.groups()))}'. NIP memuat "
                "tanggal lahir dan dapat disalahgunakan.",
                "Hapus NIP, cukup tulis nama dan jabatan. Bila NIP memang harus tampil "
                "(misalnya NIP pejabat penandatangan SK yang dipublikasikan), tambahkan "
                "'Waive: FBS-8.nip: <alasan>' di bagian atas artikel.",
            )
    for m in NIK.finditer(text) if has_long_number else ():
        if not overlaps(*m.span()) and plausible_nik(*m.groups()):
            take(m.span())
            doc.finding(
                index.line(m.start()),
                "FBS-8.nik",
                ERROR,
                f"Ada NIK (nomor induk kependudukan) '{mask(''.join(m.groups()))}'. NIK adalah "
                "data pribadi yang dilindungi dan tidak boleh diumumkan.",
                "Hapus NIK dari artikel dan dari lampiran. Untuk daftar nama peserta, cukup "
                "nama, unit kerja dan nomor peserta.",
            )
    for m in PHONE.finditer(text) if PHONE_HINT.search(text) else ():
        digits = re.sub(r"\D", "", m.group())
        if overlaps(*m.span()) or digits in official or "0" + digits[2:] in official:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        cue = text[max(line_start, m.start() - 40) : m.start()]
        is_wa = bool(re.search(r"\b(wa|whatsapp)\b", cue, re.I))
        take(m.span())
        doc.finding(
            index.line(m.start()),
            "FBS-8.phone",
            ERROR,
            f"Ada nomor {'WhatsApp' if is_wa else 'HP'} '{mask(m.group(), 4, 2)}'. Nomor "
            "pribadi yang terbit akan menerima pesan dan panggilan dari siapa saja.",
            "Ganti dengan kontak resmi BKD (telepon kantor atau surel @nttprov.go.id). Bila "
            "ini nomor layanan resmi, minta admin menambahkannya ke "
            "plugins/fbs/lexicon/kontak-resmi.txt.",
        )
    for m in EMAIL.finditer(text) if "@" in text else ():
        domain = m.group("domain").lower()
        address = m.group().lower()
        if address in official or domain.endswith(OFFICIAL_MAIL):
            continue
        if domain in ctx.personal_mail_domains:
            doc.finding(
                index.line(m.start()),
                "FBS-8.email",
                ERROR,
                f"Ada alamat surel pribadi '{mask(address.split('@')[0], 2, 0)}@{domain}'.",
                "Pakai alamat dinas (misalnya bkd@nttprov.go.id). Alamat pribadi yang "
                "terbit akan dibanjiri spam dan pesan penipuan.",
            )

    cap_findings(doc, first)
