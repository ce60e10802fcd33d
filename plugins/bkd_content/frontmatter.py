"""Read and validate the front matter of an article, keeping line numbers.

Pelican's Markdown reader (the `meta` extension) silently turns a malformed
front-matter line into body text. Authors then see a vague "could not find
title" in English. This module parses the same `Key: value` block itself so
every problem can be reported in Bahasa Indonesia with the file and line.
The FBS gate (`fbs check`) uses the same parser.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from plugins.fbs.masking import mask_secrets
from plugins.report import Finding
from syndicate.contract import PLATFORMS

from .sources import control_characters, strip_control_characters
from .taxonomy import Taxonomy

# Same grammar as markdown.extensions.meta, which Pelican's reader uses.
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
FENCE = re.compile(r"^(-{3}|\.{3})\s*$")

# withdrawn/ditarik: the page stays with a notice (plugins/bkd_content/changes.py).
STATUSES = ("draft", "published", "withdrawn", "ditarik")

# Every field an author may write, with its meaning in the author guide.
# Other plugins (media, FBS waivers, syndication overrides) add theirs here.
ARTICLE_FIELDS = {
    "title": "Judul artikel (wajib).",
    "date": "Tanggal terbit, WITA (wajib).",
    "category": "Kategori dari daftar resmi (wajib).",
    "modified": "Tanggal terakhir diubah.",
    "tags": "Tag, dipisah koma.",
    "summary": "Ringkasan satu-dua kalimat.",
    "author": "Nama penulis.",
    "image": "Foto utama.",
    "imagealt": "Deskripsi foto untuk pembaca layar.",
    "imagecredit": "Pemilik/sumber foto.",
    "imagefocus": "Titik fokus foto untuk pemotongan, mis. 0.5, 0.3.",
    "gallery": "Daftar foto galeri.",
    "video": "Video YouTube (URL atau id).",
    "videofile": "Berkas video untuk diunggah ke YouTube.",
    "status": "draft, published, atau withdrawn/ditarik (artikel ditarik).",
    "syndicate": "Platform tujuan: facebook, instagram, x, youtube.",
    "slug": "Bagian akhir alamat halaman.",
    "waive": "Pengecualian aturan FBS, dengan alasan.",
    "videocredit": "Pemilik/sumber video.",
    "xtext": "Teks khusus untuk X.",
    "facebooktext": "Teks khusus untuk Facebook.",
    "instagramtext": "Teks khusus untuk Instagram.",
    "changenote": "Riwayat perubahan: 'tanggal | catatan' per baris, baris baru di bawah.",
    "withdrawnnote": "Alasan artikel ditarik (wajib bila Status: ditarik).",
    "attachments": "Dokumen unduhan (pdf, docx, xlsx, odt, ods) di content/: berkas | judul.",
    "dasarhukum": "Dasar hukum, tautan https (mis. JDIH): alamat | judul.",
    "sumber": "Sumber, tautan https: alamat | judul.",
}
PAGE_FIELDS = {"title", "slug", "summary", "status", "modified", "template", "sortorder"}

# Fields Pelican obeys although our authors have no use for them: they choose
# where a file is written (save_as, url, lang, translation) or which template
# renders it. Unknown fields are only warnings, so these are named here.
PELICAN_CONTROL_FIELDS = ("save_as", "url", "lang", "translation", "translation_id")
THEME_TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "templates"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TAGS = 10
MAX_TITLE_CHARS = 150
# A tag must give a usable address (tag/<slug>/): letters or digits.
TAG_HAS_WORD = re.compile(r"[^\W_]")

DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
DATE_HINT = (
    "Tulis tanggal dengan format TTTT-BB-HH atau TTTT-BB-HH JJ:MM, misalnya 2026-11-28 09:30."
)


def problem(line: int, severity: str, rule: str, message: str, hint: str = "") -> Finding:
    """A front-matter problem as plugins/report.py's Finding (masked there).
    The file is not known here: the reader and the gate name it when they
    report (`dataclasses.replace(p, file=...)`)."""
    return Finding("", line, rule, severity, message, hint)


@dataclass
class FrontMatter:
    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    # Line numbers of the first line after the front matter (1-based).
    body_start: int = 1
    problems: list[Finding] = field(default_factory=list)
    # Each physical line of a field's value with its line number, so a field
    # written over several lines (Gallery, Waive) keeps one entry per line.
    value_lines: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def parse_front_matter(text: str) -> FrontMatter:
    """Parse the `Key: value` block at the top of a Markdown file.

    Also reports control characters anywhere in the file (the build removes
    them), so the gate and the build say the same thing."""
    fm = FrontMatter()
    text = text.removeprefix("\ufeff")
    for number, codes in control_characters(text):
        fm.problems.append(
            problem(
                number,
                "warning",
                "text.control-character",
                f"Ada karakter kendali tak terlihat ({codes}) di baris ini; situs "
                "menghapusnya otomatis.",
                "Biasanya terbawa saat menyalin dari Word (Shift+Enter) atau WhatsApp. Ketik "
                "ulang baris ini, atau hapus lalu tulis ulang bagian yang terbawa dari Word.",
            )
        )
    text = strip_control_characters(text)
    lines = text.splitlines()
    i = 0
    if lines and FENCE.match(lines[0]) and lines[0].startswith("-"):
        i = 1
    last_key = None
    while i < len(lines):
        line = lines[i]
        number = i + 1
        if not line.strip() or (i > 0 and FENCE.match(line)):
            i += 1
            break
        m = META_LINE.match(line)
        if m:
            key = m.group("key").lower()
            if key in fm.fields:
                fm.problems.append(
                    problem(
                        number,
                        "error",
                        "frontmatter.duplicate",
                        f"Kolom '{m.group('key')}' ditulis dua kali "
                        f"(pertama di baris {fm.lines[key]}).",
                        "Hapus salah satu baris.",
                    )
                )
            else:
                fm.fields[key] = m.group("value").strip()
                fm.lines[key] = number
                fm.value_lines[key] = [(number, m.group("value").strip())]
            last_key = key
        elif last_key and META_MORE.match(line):
            fm.fields[last_key] = (fm.fields[last_key] + " " + line.strip()).strip()
            fm.value_lines.setdefault(last_key, []).append((number, line.strip()))
        else:
            fm.problems.append(
                problem(
                    number,
                    "error",
                    "frontmatter.syntax",
                    "Baris ini bukan kolom keterangan yang sah: "
                    f"'{mask_secrets(line.strip())[:60]}'.",
                    "Setiap baris di bagian atas harus berbentuk 'Nama: isi', misalnya "
                    "'Title: Jadwal Kenaikan Pangkat'. Pisahkan keterangan dan isi artikel "
                    "dengan satu baris kosong.",
                )
            )
            last_key = None
        i += 1
    fm.body_start = i + 1
    return fm


# The form nearly every Date: line has. The loop below would reach its format
# only after two failed strptime() calls (each raising ValueError), so it is
# tried first; for such a value no earlier format can match (they need
# seconds), so the result is the same.
DATE_HM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}")


def parse_date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        # Most articles have no Modified:; no format matches an empty value.
        return None
    # Allow an explicit offset such as +08:00; the site's own zone is WITA.
    value = re.sub(r"([+-]\d{2}):?(\d{2})$", r"\1\2", value)
    if DATE_HM.fullmatch(value):
        try:
            return datetime.strptime(value, "%Y-%m-%d %H:%M")
        except ValueError:
            pass  # e.g. hour 25: the loop below reports it as before
    for fmt in DATE_FORMATS:
        for candidate in (fmt, fmt + "%z"):
            try:
                return datetime.strptime(value, candidate)
            except ValueError:
                continue
    return None


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _unknown_field(key: str, known, line: int) -> Finding:
    guess = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    hint = (
        f"Mungkin maksud Anda '{guess[0].capitalize()}'?"
        if guess
        else ("Lihat daftar kolom di Panduan Penulis.")
    )
    return problem(
        line,
        "warning",
        "frontmatter.unknown-field",
        f"Kolom '{key}' tidak dikenal dan akan diabaikan.",
        hint,
    )


def validate_front_matter(  # noqa: C901 - one pass, one check per field, so every problem is reported at once
    fm: FrontMatter, taxonomy: Taxonomy, *, is_page: bool = False
) -> list[Finding]:
    """Every problem at once, so an author fixes the file in one go."""
    problems = list(fm.problems)
    required = ("title",) if is_page else ("title", "date", "category")
    for key in required:
        if not fm.fields.get(key):
            label = {"title": "Title", "date": "Date", "category": "Category"}[key]
            problems.append(
                problem(
                    fm.line_of(key) if key in fm.lines else 1,
                    "error",
                    f"frontmatter.missing-{key}",
                    f"Kolom wajib '{label}' tidak ada atau kosong.",
                    f"Tambahkan baris '{label}: ...' di bagian atas berkas, sebelum baris kosong "
                    "pertama.",
                )
            )

    known = ARTICLE_FIELDS if not is_page else {k: "" for k in PAGE_FIELDS}
    for key, line in fm.lines.items():
        if key in PELICAN_CONTROL_FIELDS or (key == "template" and not is_page):
            problems.append(
                problem(
                    line,
                    "error",
                    "frontmatter.forbidden-field",
                    f"Kolom '{key}' tidak boleh dipakai: alamat dan tampilan halaman diatur "
                    "oleh situs.",
                    "Hapus baris ini. Alamat halaman diambil dari nama berkas (atau 'Slug:').",
                )
            )
        elif key not in known:
            problems.append(_unknown_field(key, known, line))
    template = fm.fields.get("template")
    if is_page and "template" in fm.fields:
        names = sorted(p.stem for p in THEME_TEMPLATES.glob("*.html"))
        if template not in names:
            problems.append(
                problem(
                    fm.line_of("template"),
                    "error",
                    "frontmatter.bad-template",
                    f"Template '{(template or '')[:40]}' tidak ada di tema situs.",
                    "Hapus baris 'Template:' (halaman biasa memakai 'page'), atau pilih salah "
                    "satu: " + ", ".join(names) + ".",
                )
            )

    for key in ("date", "modified"):
        value = fm.fields.get(key)
        if value and parse_date(value) is None:
            problems.append(
                problem(
                    fm.line_of(key),
                    "error",
                    f"frontmatter.bad-{key}",
                    f"Tanggal '{value}' tidak dapat dibaca.",
                    DATE_HINT,
                )
            )

    category = fm.fields.get("category")
    if category and not is_page and taxonomy.category(category) is None:
        names = list(taxonomy.category_names)
        guess = difflib.get_close_matches(category.title(), names, n=1, cutoff=0.5)
        hint = "Pilih salah satu: " + ", ".join(names) + "."
        if guess:
            hint = f"Mungkin maksud Anda '{guess[0]}'? " + hint
        problems.append(
            problem(
                fm.line_of("category"),
                "error",
                "frontmatter.unknown-category",
                f"Kategori '{category}' tidak ada dalam daftar resmi.",
                hint,
            )
        )

    status = fm.fields.get("status")
    if status and status.lower() not in STATUSES:
        problems.append(
            problem(
                fm.line_of("status"),
                "error",
                "frontmatter.bad-status",
                f"Status '{status}' tidak dikenal.",
                "Tulis 'Status: draft' untuk konsep, 'Status: ditarik' untuk menarik artikel "
                "yang sudah terbit, atau hapus baris ini agar terbit.",
            )
        )

    if not is_page:
        from .changes import validate_changes  # changes.py builds on this module

        problems += validate_changes(fm)

    problems += _check_limits(fm)

    syndicate = fm.fields.get("syndicate")
    if syndicate and syndicate.lower() not in ("tidak", "none"):
        for name in split_list(syndicate.lower()):
            if name not in PLATFORMS:
                problems.append(
                    problem(
                        fm.line_of("syndicate"),
                        "error",
                        "frontmatter.bad-platform",
                        f"Platform '{name}' tidak dikenal.",
                        f"Pilih dari: {', '.join(PLATFORMS)}; atau 'tidak' agar tidak dibagikan.",
                    )
                )
    return problems


def _check_limits(fm: FrontMatter) -> list[Finding]:
    """Slug shape, title length and tag count: one article cannot break or
    bloat the site (a `Slug: ../..` escaping the output, 10,000 tags)."""
    problems = []
    slug = fm.fields.get("slug")
    if "slug" in fm.fields and not SLUG.match(slug or ""):
        problems.append(
            problem(
                fm.line_of("slug"),
                "error",
                "frontmatter.bad-slug",
                f"Slug '{(slug or '')[:60]}' tidak sah: hanya huruf kecil a-z, angka 0-9 dan "
                "tanda hubung.",
                "Hapus baris 'Slug:' (alamat diambil dari nama berkas), atau tulis misalnya "
                "'Slug: jadwal-kenaikan-pangkat'.",
            )
        )
    title = fm.fields.get("title") or ""
    if len(title) > MAX_TITLE_CHARS:
        problems.append(
            problem(
                fm.line_of("title"),
                "error",
                "frontmatter.long-title",
                f"Judul terlalu panjang ({len(title)} karakter, paling banyak {MAX_TITLE_CHARS}).",
                "Persingkat judul; rincian masuk ke 'Summary:' atau isi artikel.",
            )
        )
    tags = split_list(fm.fields.get("tags") or "")
    if len(tags) > MAX_TAGS:
        problems.append(
            problem(
                fm.line_of("tags"),
                "error",
                "frontmatter.too-many-tags",
                f"Terlalu banyak tag ({len(tags)}, paling banyak {MAX_TAGS}).",
                "Pilih tag yang paling membantu pembaca menemukan artikel serupa.",
            )
        )
    for tag in tags[: MAX_TAGS * 2]:
        if not TAG_HAS_WORD.search(tag):
            problems.append(
                problem(
                    fm.line_of("tags"),
                    "error",
                    "frontmatter.bad-tag",
                    f"Tag '{tag[:40]}' tidak berisi huruf atau angka.",
                    "Tulis tag berupa kata, misalnya 'Tags: kenaikan pangkat, layanan'.",
                )
            )
    return problems


def parse_syndicate(value: str | None) -> list[str]:
    """The platforms an article goes to; by default all of them (the engine
    later drops those that do not apply, such as YouTube without a video)."""
    if not value:
        return list(PLATFORMS)
    if value.strip().lower() in ("tidak", "none"):
        return []
    return [p for p in split_list(value.lower()) if p in PLATFORMS]


@dataclass(frozen=True)
class GalleryEntry:
    path: str
    alt: str = ""
    credit: str = ""
    line: int = 0


def _value_lines(value) -> list[tuple[int, str]]:
    """Accept a raw string (one item per line), Pelican's list of lines, or
    FrontMatter.value_lines entries, and return (line, text) pairs."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(0, v) for v in value.splitlines()]
    pairs = []
    for item in value:
        pairs.append(item if isinstance(item, tuple) else (0, str(item)))
    return pairs


def parse_gallery(value) -> list[GalleryEntry]:
    """Gallery lines are `path | alt text | credit`, one photo per line."""
    items = []
    for line, text in _value_lines(value):
        text = text.strip()
        if not text:
            continue
        parts = [p.strip() for p in text.split("|")]
        parts += [""] * (3 - len(parts))
        items.append(GalleryEntry(parts[0], parts[1], " | ".join(parts[2:]).strip(" |"), line))
    return items
