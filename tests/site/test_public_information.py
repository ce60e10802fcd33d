"""What a public body owes its readers, one tap from every page: PPID and
information requests (UU 14/2008), service standards and the maklumat,
SP4N-LAPOR! complaints, a Profil with head, structure and visi/misi, and
contacts that a phone can call or write to."""

from __future__ import annotations

from lxml import html

PAGES = {
    "informasi-publik": [
        "Undang-Undang Nomor 14 Tahun 2008",
        "sepuluh hari kerja",
        "Keberatan",
    ],
    "standar-pelayanan": ["Maklumat pelayanan", "Standar pelayanan"],
    "pengaduan": ["SP4N-LAPOR!", "lapor.go.id"],
    "profil": ["Pimpinan", "Visi dan misi", "Struktur organisasi", "Tugas pokok"],
}


def doc(site, url):
    return html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def test_pages_exist_and_are_linked_from_every_page_footer(sample_site):
    for slug, phrases in PAGES.items():
        text = doc(sample_site, slug).text_content()
        for phrase in phrases:
            assert phrase in text, (slug, phrase)
    for url in ("", "arsip", "kategori/berita"):
        footer = doc(sample_site, url).xpath("//footer[@class='site-footer']//a/@href")
        for slug in PAGES:
            assert any(href.rstrip("/").endswith("/" + slug) for href in footer), (url, slug)


def test_placeholders_are_marked_for_the_agency(sample_site):
    # Facts only the agency can supply are visibly marked, never invented.
    for slug in ("informasi-publik", "standar-pelayanan", "profil", "kontak"):
        assert "[DIISI BKD" in doc(sample_site, slug).text_content(), slug


def test_contacts_are_tappable_and_the_map_is_a_link(sample_site):
    kontak = doc(sample_site, "kontak")
    hrefs = kontak.xpath("//main//a/@href")
    assert "tel:+62380833066" in hrefs
    assert "mailto:bkd@nttprov.go.id" in hrefs
    assert any(h.startswith("https://www.openstreetmap.org/") for h in hrefs)
    assert not kontak.xpath("//iframe|//embed|//object")
    assert any(h == "pengaduan/" or h.endswith("/pengaduan/") for h in hrefs)
