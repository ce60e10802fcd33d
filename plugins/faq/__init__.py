"""Answered questions as content: the FAQ of the Tanya Jawab page, with FAQPage JSON-LD.

Why: the admin answers the public's questions under the agency's posts
(`syndicate listen`, docs/listening.md). A question worth answering once for
everyone becomes an entry of ``content/tanya-jawab.toml``: question, answer
(Markdown), date and category, reviewed in a pull request like any article.
This plugin appends to the page whose slug is ``FAQ_PAGE_SLUG`` the official
contacts (from the ``ORG`` setting: tappable ``tel:``, ``mailto:`` and
WhatsApp links, the WhatsApp number a marked placeholder until the agency
sets one), then the entries grouped by category, and gives it
``faq_jsonld``, the schema.org ``FAQPage`` the theme prints
(https://schema.org/FAQPage; Google's FAQ rich results are shown for
government sites:
https://developers.google.com/search/docs/appearance/structured-data/faqpage).

The answers go through the same Markdown and the same allowlist sanitizer as
every article body (plugins.sanitize), so ``{filename}`` links work and no
raw HTML slips in. A broken entry is logged as an error naming the file,
the entry and the fix, in Bahasa Indonesia; `make publish` (``--fatal
errors``) then fails, `make build` carries on without it.

Settings prefix FAQ_: ``FAQ_FILE`` (relative to ``PATH``, default
``tanya-jawab.toml``; Pelican ignores ``*.toml`` in content/),
``FAQ_PAGE_SLUG`` (default ``tanya-jawab``). Signal: ``content_object_init``
(after plugins.sanitize, so the appended HTML is sanitized here).
"""

from __future__ import annotations

import html
import logging
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pelican import signals
from pelican.contents import Page

from plugins.plugin_settings import merge

logger = logging.getLogger(__name__)

DEFAULTS = {"FAQ_FILE": "tanya-jawab.toml", "FAQ_PAGE_SLUG": "tanya-jawab"}
FIELDS = ("pertanyaan", "jawaban", "tanggal", "kategori")


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer_html: str
    answer_text: str
    answered: date
    category: str

    @property
    def anchor(self) -> str:
        return "tanya-" + (re.sub(r"[^a-z0-9]+", "-", self.question.lower()).strip("-")[:60])


def load_entries(path: Path) -> tuple[list[FaqEntry], list[str]]:
    """Every valid entry, and a message for each broken one (all reported at once)."""
    from plugins.sanitize import html_to_text, render_markdown, sanitize_html

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], []
    except tomllib.TOMLDecodeError as error:
        return [], [f"{path}: bukan TOML yang sah ({error}); periksa tanda kutip dan tanda ="]
    entries, problems = [], []
    for number, raw in enumerate(data.get("tanya") or [], start=1):
        where = f"{path}: entri [[tanya]] ke-{number}"
        missing = [name for name in FIELDS if not str(raw.get(name) or "").strip()]
        if missing:
            problems.append(f"{where}: {', '.join(missing)} belum diisi; isi keempat kolom")
            continue
        try:
            answered = date.fromisoformat(str(raw["tanggal"]))
        except ValueError:
            problems.append(
                f"{where}: tanggal {raw['tanggal']!r} tidak dikenali; tulis TTTT-BB-HH, "
                "mis. 2026-11-28"
            )
            continue
        answer_html = sanitize_html(render_markdown(str(raw["jawaban"]).strip()))
        entries.append(
            FaqEntry(
                question=" ".join(str(raw["pertanyaan"]).split()),
                answer_html=answer_html,
                answer_text=html_to_text(answer_html),
                answered=answered,
                category=str(raw["kategori"]).strip(),
            )
        )
    return entries, problems


def render_entries(entries: list[FaqEntry], tanggal) -> str:
    """The entries as HTML, grouped by category in the file's order."""
    categories: dict[str, list[FaqEntry]] = {}
    for entry in entries:
        categories.setdefault(entry.category, []).append(entry)
    parts = ['<h2 id="pertanyaan-umum">Pertanyaan yang sering diajukan</h2>']
    for category, members in categories.items():
        parts.append(f"<h3>{html.escape(category)}</h3>")
        for entry in members:
            parts.append(f'<h4 id="{entry.anchor}">{html.escape(entry.question)}</h4>')
            parts.append(entry.answer_html)
            parts.append(
                f'<p class="faq-date">Dijawab <time datetime="{entry.answered.isoformat()}">'
                f"{html.escape(tanggal(entry.answered))}</time></p>"
            )
    return "\n".join(parts)


# Where the number goes: ORG["whatsapp"] in pelicanconf.py (docs/listening.md).
WHATSAPP_PLACEHOLDER = (
    "[DIISI BKD: nomor WhatsApp resmi]. Sampai nomor resmi diumumkan di sini, "
    "BKD tidak melayani permohonan melalui WhatsApp."
)


def render_contacts(org: dict) -> str:
    """The official contacts as links a phone can call or write to, from the
    ``ORG`` setting the footer and the JSON-LD use (written once)."""
    e = html.escape
    items = []
    if org.get("phone_tel"):
        items.append(
            f'Telepon kantor: <a href="tel:{e(org["phone_tel"])}">{e(org.get("phone") or "")}</a>'
            ", pada jam layanan"
        )
    for label, key in (("Surel umum", "email"), ("Konsultasi kepegawaian", "consultation_email")):
        if org.get(key):
            items.append(f'{label}: <a href="mailto:{e(org[key])}">{e(org[key])}</a>')
    number = re.sub(r"\D", "", str(org.get("whatsapp") or ""))
    if number:
        items.append(f'WhatsApp resmi: <a href="https://wa.me/{number}">+{number}</a>')
    else:
        items.append("WhatsApp resmi: " + e(WHATSAPP_PLACEHOLDER))
    body = "".join(f"<li>{item}</li>" for item in items)
    return f'<h2 id="kontak-resmi">Kontak resmi</h2>\n<ul class="kontak-resmi">{body}</ul>'


def faq_jsonld(entries: list[FaqEntry]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": "id-ID",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": entry.answer_text,
                    "dateCreated": entry.answered.isoformat(),
                },
            }
            for entry in entries
        ],
    }


def configure(pelican) -> None:
    merge(pelican.settings, "FAQ_", DEFAULTS)


def attach_faq(content) -> None:
    if not isinstance(content, Page):
        return
    settings = content.settings
    if content.slug != settings.get("FAQ_PAGE_SLUG", DEFAULTS["FAQ_PAGE_SLUG"]):
        return
    from plugins.indonesian_dates import tanggal

    path = Path(settings["PATH"]) / settings.get("FAQ_FILE", DEFAULTS["FAQ_FILE"])
    entries, problems = load_entries(path)
    for problem in problems:
        logger.error("faq: %s", problem)
    extra = [render_contacts(settings.get("ORG") or {})]
    if entries:
        extra.append(render_entries(entries, tanggal))
        content.faq_jsonld = faq_jsonld(entries)
    content._content = "\n".join([content._content or "", *extra])


def register():
    signals.initialized.connect(configure)
    signals.content_object_init.connect(attach_faq)
