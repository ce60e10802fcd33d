"""The Tanya Jawab page on a real build of the sample content: the ways to ask
(SP4N-LAPOR!, PPID, tappable official contacts from ORG) and the answered
questions of tanya-jawab.toml, shown on the page and as valid FAQPage JSON-LD."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from lxml import html

from plugins.faq import load_entries

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site-content"
REPO = Path(__file__).resolve().parents[2]


def page(site):
    return html.fromstring((site / "tanya-jawab" / "index.html").read_text(encoding="utf-8"))


def test_the_page_links_lapor_ppid_and_tappable_contacts(sample_site):
    doc = page(sample_site)
    hrefs = doc.xpath("//main//a/@href")
    assert "https://www.lapor.go.id" in hrefs
    assert any(h.rstrip("/").endswith("informasi-publik") for h in hrefs)
    assert any(h.rstrip("/").endswith("pengaduan") for h in hrefs)
    assert "tel:+62380833066" in hrefs
    assert "mailto:bkd@nttprov.go.id" in hrefs
    assert "mailto:layanan.bkd@nttprov.go.id" in hrefs
    # No official WhatsApp number yet: a marked placeholder, never an invented link.
    assert not any("wa.me" in h for h in hrefs)
    assert "[DIISI BKD: nomor WhatsApp resmi" in doc.text_content()
    assert not doc.xpath("//iframe|//form|//embed|//object")


def jsonld_blocks(doc) -> list[dict]:
    return [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]


def test_faq_entries_are_shown_and_described_as_faqpage_jsonld(sample_site):
    doc = page(sample_site)
    entries = tomllib.loads((FIXTURE / "tanya-jawab.toml").read_text(encoding="utf-8"))["tanya"]
    faq = [b for b in jsonld_blocks(doc) if b.get("@type") == "FAQPage"]
    assert len(faq) == 1
    data = faq[0]
    assert data["@context"] == "https://schema.org"
    questions = data["mainEntity"]
    assert [q["name"] for q in questions] == [" ".join(e["pertanyaan"].split()) for e in entries]
    headings = [h.text_content() for h in doc.xpath("//main//h4")]
    visible = " ".join(doc.xpath("string(//main)").split())
    for question in questions:
        # schema.org FAQPage as Google reads it: each Question has a name and
        # an acceptedAnswer Answer with text; both must be visible on the page.
        assert question["@type"] == "Question" and question["name"] in headings
        answer = question["acceptedAnswer"]
        assert answer["@type"] == "Answer" and answer["text"].strip()
        assert "<" not in answer["text"] and "{filename}" not in answer["text"]
        assert answer["text"][:60] in visible
        assert answer["dateCreated"] == "2026-10-01"
    categories = [h.text_content() for h in doc.xpath("//main//h3")]
    assert categories == list(dict.fromkeys(e["kategori"] for e in entries))
    # {filename} links in answers are resolved like any page link.
    links = doc.xpath("//main//a/@href")
    assert any("persiapan-berkas-pensiun-bup" in h for h in links)
    assert not any("{filename}" in h or "{category}" in h for h in links)
    # Other pages keep only the organisation.
    other = html.fromstring((sample_site / "kontak" / "index.html").read_text(encoding="utf-8"))
    assert not [b for b in jsonld_blocks(other) if b.get("@type") == "FAQPage"]


def test_broken_entries_are_reported_in_indonesian_all_at_once(tmp_path):
    path = tmp_path / "tanya-jawab.toml"
    path.write_text(
        '[[tanya]]\npertanyaan = "Kapan?"\njawaban = "Besok."\ntanggal = "kemarin"\n'
        'kategori = "Umum"\n\n[[tanya]]\npertanyaan = "Apa?"\ntanggal = 2026-11-01\n'
        '\n[[tanya]]\npertanyaan = "Di mana kantornya?"\njawaban = "Di Kupang '
        '<script>x()</script>"\ntanggal = 2026-11-02\nkategori = "Umum"\n',
        encoding="utf-8",
    )
    entries, problems = load_entries(path)
    assert len(problems) == 2
    assert "entri [[tanya]] ke-1" in problems[0] and "TTTT-BB-HH" in problems[0]
    assert "ke-2" in problems[1] and "jawaban, kategori belum diisi" in problems[1]
    assert len(entries) == 1 and "<script" not in entries[0].answer_html


def test_fixture_content_follows_the_live_tanya_jawab():
    for name in ("pages/tanya-jawab.md", "tanya-jawab.toml"):
        live = (REPO / "content" / name).read_text(encoding="utf-8")
        assert (FIXTURE / name).read_text(encoding="utf-8") == live, name
