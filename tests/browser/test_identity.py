"""The header reads as an official provincial portal and stays compact: the
parent line, the agency name and the logo slot; at 360 px it is at most
120 px tall, and the menu is one row (scrolling sideways on phones), so no
item is left alone on a second row. Articles offer a plain WhatsApp share link
and the footer's phone and e-mail are tappable."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

KINDS = ["home", "article-photo", "category"]
MENU = ["Berita", "Pengumuman", "Kegiatan", "Layanan", "Regulasi", "Arsip", "Cari"]


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
@pytest.mark.parametrize("kind", KINDS)
def test_header_identity_and_size(open_page, require_kind, kind, viewport):
    page, _recorder, _response = open_page(require_kind(kind), viewport)
    header = page.locator(".site-header")
    assert "Pemerintah Provinsi Nusa Tenggara Timur" in header.inner_text()
    assert "Badan Kepegawaian Daerah Provinsi Nusa Tenggara Timur" in header.inner_text()
    logo = header.locator("img.brand-mark")
    assert logo.get_attribute("src").endswith("/theme/img/lambang.svg")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", logo.element_handle())
    height = header.bounding_box()["height"]
    if viewport == "mobile":
        assert height <= 120, f"header is {height} px at 360 px"
    items = page.locator(".menu li")
    assert [t.strip() for t in items.all_inner_texts()] == MENU
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
    assert len(tops) == 1, f"the menu wraps into {len(tops)} rows"
    if viewport == "desktop":
        width = page.evaluate("innerWidth")
        assert all(items.nth(i).bounding_box()["x"] + 1 < width for i in range(items.count()))
    else:
        # The last item is reachable: the row scrolls to it.
        last = items.nth(items.count() - 1)
        last.scroll_into_view_if_needed()
        box = last.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 361


def test_whatsapp_share_and_tappable_contacts(open_page, require_kind):
    page, _recorder, _response = open_page(require_kind("article-photo"))
    share = page.get_by_role("link", name="Bagikan ke WhatsApp")
    href = share.get_attribute("href")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/")
    text = parse_qs(parts.query)["text"][0]
    title = page.locator("h1").inner_text().strip()
    assert text.startswith(title + " ") and text.endswith(urlsplit(page.url).path)
    assert page.locator("footer a[href^='tel:+62']").count() == 1
    assert page.locator("footer a[href^='mailto:']").count() == 1
