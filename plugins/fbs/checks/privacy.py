"""FBS-8: nobody's privacy is violated. Finds NIK (16 digits), NIP (18 digits),
personal mobile/WhatsApp numbers and personal e-mail addresses.

Numbers are only reported when they have the structure of the real thing (a
valid province code and date in a NIK, a plausible birth and appointment date
in a NIP), so a reference or account number of the same length passes.
Messages never repeat the number in full: CI logs are public."""

from __future__ import annotations

import bisect
import hashlib
import re
from datetime import date

from ..findings import ERROR
from ..masking import mask
from .common import LineIndex, cap_findings

# Province codes of Indonesia's Kemendagri numbering (NIK digits 1-2).
PROVINCES = {
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
    61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
}  # fmt: skip

# A run of digit groups: any grouping, with spaces, tabs, NBSP (a space after
# normalization), dots, dashes, slashes, or one line break between groups.
# Zero-width characters are already gone in the normal form.
SEPARATOR = r"(?:[ \t.\-/]{1,3}|[ \t]*\n[ \t>]*)"
DIGIT_RUN = re.compile(rf"(?<!\d)(?<!\d[.,/-])\d+(?:{SEPARATOR}\d+)*(?!\d)")
GROUP = re.compile(r"\d+")
# Phones: 0…, +62…, 62…, (0812) …, +62 (812) …, (+62) 812-…
PHONE = re.compile(
    r"(?<![\w+/=.%-])(?:\(\s*(?:\+\s?62|62|0)\s*\)|\(?\+\s?62|\b62|\b0)"
    r"[ .\-]?\(?\s*8[1-9](?:[ .\-)(]{0,3}\d){7,11}(?![\d/])"
)
WHATSAPP_LINK = re.compile(
    r"(?:wa\.me/|whatsapp\.com/send/?\?(?:[^\s\"'<>)]*?&)?phone=|wa\.link/)\+?(?P<number>[\d\-]{8,})",
    re.I,
)
AT = r"(?:\s?@\s?|\s*[\[({<]\s*(?:at|@|et)\s*[\])}>]\s*|\s+(?:at|et)\s+)"
DOT = r"(?:\s?\.\s?|\s*[\[({<]\s*(?:dot|titik|\.)\s*[\])}>]\s*|\s+(?:dot|titik)\s+)"
EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<local>[\w.+-]+){AT}(?P<domain>[A-Za-z0-9-]+(?:{DOT}[A-Za-z0-9-]+)+)",
    re.I,
)
DOT_WORDS = re.compile(r"\s*[\[({<]\s*(?:dot|titik|\.)\s*[\])}>]\s*|\s+(?:dot|titik)\s+|\s", re.I)
# Cheap scans that rule out most texts before the full patterns run.
PHONE_HINT = re.compile(r"[02]\)?[ \t.\-()]{0,3}8[1-9]")
LONG_NUMBER = re.compile(r"\d{2}")
# Where an address may be: an @, a bracketed "at", or "at ... dot" in words.
EMAIL_HINT = re.compile(
    r"@|[\[({<]\s*(?:at|et)\s*[\])}>]|(?<!\w)(?:at|et)\s+[\w-]+\s+(?:dot|titik)(?!\w)", re.I
)
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


def _groups(run: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in GROUP.finditer(run)]


def _numbers(run: str, length: int):
    """Windows of whole digit groups holding exactly `length` digits: a NIK
    inside "NIK 5301 0123 0485 0001 2" is still found; a 20-digit account
    number written without separators is not."""
    groups = _groups(run)
    for i in range(len(groups)):
        digits = ""
        for j in range(i, len(groups)):
            digits += groups[j][0]
            if len(digits) == length:
                yield digits, groups[i][1], groups[j][2]
            if len(digits) >= length:
                break


def _emails(text: str):
    """EMAIL matches, looked for only around the places EMAIL_HINT marks (the
    full pattern tried at every word of a long article is slow)."""
    seen = set()
    for hint in EMAIL_HINT.finditer(text):
        start = max(text.rfind("\n", 0, hint.start()) + 1, hint.start() - 100)
        end = hint.end() + 200
        for m in EMAIL.finditer(text, start, end):
            if m.start() <= hint.start() < m.end() and m.span() not in seen:
                seen.add(m.span())
                yield m


def personal_domain(domain: str, personal: set[str]) -> bool:
    """gmail.com, and also a subdomain such as mail.yahoo.co.id."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in personal for i in range(len(parts) - 1))


class _Spans:
    """Disjoint spans, sorted: a pasted list of thousands of numbers stays linear."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])


class _Report:
    """Findings of one file over all its views, each number reported once."""

    def __init__(self, doc):
        self.doc = doc
        self.seen: set[tuple[str, str, int]] = set()

    def add(self, line, rule, message, hint, subject, value):
        # Which number this is, without keeping it: two NIPs that mask alike
        # must not both pass under one waiver (see waivers.py).
        identity = hashlib.sha256(value.encode()).hexdigest()[:16]
        key = (rule, identity, line)
        if key in self.seen:
            return
        self.seen.add(key)
        finding = self.doc.finding(line, rule, ERROR, message, hint, subject=subject)
        finding.identity = identity


def check(doc, ctx) -> None:
    first = len(doc.findings)
    report = _Report(doc)
    for view in doc.views:
        _check_view(view, doc, ctx, report)
    cap_findings(doc, first)


def _check_view(view, doc, ctx, report: _Report) -> None:  # noqa: C901 - one pass over the text for every privacy pattern, sharing one line index
    text = view.text
    has_digits = LONG_NUMBER.search(text)
    if not has_digits and not EMAIL_HINT.search(text):
        return
    index = LineIndex(doc.text)
    official = ctx.official_contacts

    def line(offset: int) -> int:
        return index.line(view.source(offset))

    covered = _Spans()  # spans already inside a reported number
    overlaps = covered.overlaps

    for run in DIGIT_RUN.finditer(text) if has_digits else ():
        if run.end() - run.start() < 16:
            continue
        if sum(len(g) for g in GROUP.findall(run.group())) < 16:
            continue
        base = run.start()
        for digits, s, e in _numbers(run.group(), 18):
            if plausible_nip(digits[:8], digits[8:14], digits[14], digits[15:]):
                covered.add((base + s, base + e))
                masked = mask(digits)
                report.add(
                    line(base + s),
                    "FBS-8.nip",
                    f"Ada NIP (nomor induk pegawai) '{masked}'. NIP memuat tanggal lahir dan "
                    "dapat disalahgunakan.",
                    "Hapus NIP, cukup tulis nama dan jabatan. Bila NIP memang harus tampil "
                    "(misalnya NIP pejabat penandatangan SK yang dipublikasikan), tambahkan "
                    f"'Waive: FBS-8.nip {masked}: <alasan>' di bagian atas artikel.",
                    masked,
                    digits,
                )
        for digits, s, e in _numbers(run.group(), 16):
            if overlaps(base + s, base + e):
                continue
            if plausible_nik(digits[:6], digits[6:12], digits[12:]):
                covered.add((base + s, base + e))
                masked = mask(digits)
                report.add(
                    line(base + s),
                    "FBS-8.nik",
                    f"Ada NIK (nomor induk kependudukan) '{masked}'. NIK adalah data pribadi "
                    "yang dilindungi dan tidak boleh diumumkan.",
                    "Hapus NIK dari artikel dan dari lampiran. Untuk daftar nama peserta, cukup "
                    "nama, unit kerja dan nomor peserta.",
                    masked,
                    digits,
                )

    phones: list[tuple[int, int, str, str | None]] = []
    if has_digits and PHONE_HINT.search(text):
        for m in PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            phones.append((m.start(), m.end(), digits, None))
    folded = text.casefold()
    if has_digits and ("wa.me/" in folded or "wa.link/" in folded or "whatsapp.com" in folded):
        for m in WHATSAPP_LINK.finditer(text):
            digits = re.sub(r"\D", "", m.group("number"))
            phones.append((m.start(), m.end(), digits, "WhatsApp"))
    for start, end, digits, kind in phones:
        local = "0" + digits[2:] if digits.startswith("62") else digits
        if overlaps(start, end) or digits in official or local in official:
            continue
        if kind is None:
            line_start = text.rfind("\n", 0, start) + 1
            cue = text[max(line_start, start - 40) : start]
            kind = "WhatsApp" if re.search(r"\b(wa|whatsapp)\b", cue, re.I) else "HP"
        covered.add((start, end))
        masked = mask(local, 4, 2)
        report.add(
            line(start),
            "FBS-8.phone",
            f"Ada nomor {kind} '{masked}'. Nomor pribadi yang terbit akan menerima pesan dan "
            "panggilan dari siapa saja.",
            "Ganti dengan kontak resmi BKD (telepon kantor atau surel @nttprov.go.id). Bila "
            "ini nomor layanan resmi, minta admin menambahkannya ke "
            "plugins/fbs/lexicon/kontak-resmi.txt.",
            masked,
            local,
        )

    if not EMAIL_HINT.search(text):
        return
    for m in _emails(text):
        domain = DOT_WORDS.sub(lambda d: "." if d.group().strip() else "", m.group("domain"))
        domain = domain.lower().strip(".")
        local = m.group("local").lower()
        address = f"{local}@{domain}"
        if address in official or domain.endswith(OFFICIAL_MAIL):
            continue
        if personal_domain(domain, ctx.personal_mail_domains):
            shown = f"{mask(local, 2, 0)}@{domain}"
            report.add(
                line(m.start()),
                "FBS-8.email",
                f"Ada alamat surel pribadi '{shown}'.",
                "Pakai alamat dinas (misalnya bkd@nttprov.go.id). Alamat pribadi yang "
                "terbit akan dibanjiri spam dan pesan penipuan.",
                shown,
                address,
            )
