"""plugins.sanitize in isolation: the allowlist, table by table (input,
what must be gone, what must stay), the gate's account of removals, and the
last URL check on a written body."""

from __future__ import annotations

import pytest

from plugins.sanitize import (
    final_url_check,
    html_to_text,
    removed_parts,
    render_markdown,
    sanitize_html,
    url_scheme,
)

# (HTML as Markdown would hand it over, text that must be gone, text that must stay)
CASES = [
    ("<ScRiPt>alert(1)</sCrIpT>x", "alert", "x"),
    ("<IMG SRC=/a.jpg OnError=alert(1)>", "onerror", 'src="/a.jpg"'),
    ('<a href="&#x6A;avascript:alert(1)">a</a>', "href", "<a>a</a>"),
    ('<a href="java&#9;script:alert(1)">a</a>', "href", "<a>a</a>"),
    ('<a href="&#1;javascript:alert(1)">a</a>', "href", "<a>a</a>"),
    ('<a href="vbscript:x">a</a><a href="data:text/html,x">b</a>', "href", "<a>b</a>"),
    ('<a href="{static}javascript:alert(1)">a</a>', "href", "<a>a</a>"),
    ('<a href="{filename}javascript:alert(1)">a</a>', "href", "<a>a</a>"),
    ('<a href="|filename|javascript:alert(1)">a</a>', "href", "<a>a</a>"),
    ('<a href="{static}/images/a.pdf">a</a>', "javascript", 'href="{static}/images/a.pdf"'),
    ('<a href="tel:+62380833066">t</a><a href="mailto:a@b.id">m</a>', "xx", "tel:+62380833066"),
    ("<svg><script>alert(1)</script></svg>ok", "alert", "ok"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror", ""),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "onerror", ""),
    ('<meta http-equiv="refresh" content="0;url=//x">', "meta", ""),
    ("<base href=//x><link rel=stylesheet href=x><style>p{}</style>", "<", ""),
    ('<div style="position:fixed">x</div>', "style", "<div>x</div>"),
    ('<p class="skip-link video-facade">x</p>', "class", "<p>x</p>"),
    ('<code class="language-python">x</code>', "xx", 'class="language-python"'),
    ('<th style="text-align: center;">a</th>', "style", ""),
    ("<details open ontoggle=alert(1)><summary>x</summary></details>", "ontoggle", "x"),
    ('<form action="//x"><button formaction="javascript:x">b</button></form>', "form", "b"),
    ("<!-- a --><p>x</p>", "<!--", "<p>x</p>"),
    ('<abbr title="&quot;&gt;&lt;script&gt;">HTML</abbr>', "<script>", "<abbr title="),
]


@pytest.mark.parametrize(("html", "gone", "kept"), CASES)
def test_sanitize_table(html, gone, kept):
    out = sanitize_html(html)
    assert gone.lower() not in out.lower(), out
    assert kept in out, out


def test_markdown_table_alignment_becomes_a_class():
    html = render_markdown("| a | b |\n|:-:|--:|\n| 1 | 2 |\n")
    out = sanitize_html(html)
    assert 'class="align-center"' in out and 'class="align-right"' in out
    assert "style" not in out
    assert removed_parts(html) == []  # nothing for the gate to complain about


def test_footnotes_and_definition_lists_survive():
    md = "Teks[^1].\n\n[^1]: Catatan.\n\nIstilah\n:   Arti\n\n*[ASN]: Aparatur Sipil Negara\n\nASN"
    html = render_markdown(md)
    out = sanitize_html(html)
    for piece in ('class="footnote-ref"', 'href="#fn:1"', "<dl>", "<dt>", '<abbr title="'):
        assert piece in out
    assert removed_parts(html) == []


def test_attr_list_cannot_add_handlers_styles_or_theme_classes():
    md = '# Judul {: onclick="alert(1)" style="color:red" class="visually-hidden" }'
    html = render_markdown(md)
    assert "onclick" in html  # Markdown's attr_list really emits them...
    out = sanitize_html(html)
    assert "onclick" not in out and "style" not in out and "class" not in out
    assert {(r.kind, r.name) for r in removed_parts(html)} == {
        ("attribute", "onclick"),
        ("attribute", "style"),
        ("attribute", "class"),
    }


def test_removed_parts_names_element_attribute_and_scheme_with_line():
    html = (
        '<p>a</p>\n<script>x</script>\n<img src="/a.jpg" onload="x">\n<a href="javascript:x">y</a>'
    )
    found = [(r.kind, r.name, r.line) for r in removed_parts(html)]
    assert found == [("element", "script", 2), ("attribute", "onload", 3), ("url", "javascript", 4)]
    reasons = [r.reason() for r in removed_parts(html)]
    assert all("dihapus saat situs dibangun" in r for r in reasons)


def test_final_url_check_only_touches_real_attributes():
    assert final_url_check('<a href="javascript:x">a</a>') == '<a href="#">a</a>'
    assert final_url_check('<img srcset="/a.jpg 1x, data:x 2x">') == '<img srcset="#">'
    # Text inside a quoted value is never read as an attribute: rewriting it
    # would itself break the quoting and open a hole.
    title = '<a title="x href=javascript:1 onmouseover=alert(1)" href="/ok">t</a>'
    assert final_url_check(title) == title
    normal = '<img src="/m/a.jpg" srcset="/m/a-360.jpg 360w, /m/a-720.jpg 720w" alt="a: b">'
    assert final_url_check(normal) == normal


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        (" JAVASCRIPT:x", "javascript"),
        ("java\tscript:x", "javascript"),
        ("\x01javascript:x", "javascript"),
        ("/2026/05/a/", ""),
        ("#fn:1", ""),
        ("ｊａｖａｓｃｒｉｐｔ:x", ""),  # not a scheme to a browser: a relative path
        ("https://bkd.nttprov.go.id/", "https"),
    ],
)
def test_url_scheme_reads_like_a_browser(value, scheme):
    assert url_scheme(value) == scheme


def test_html_to_text_decodes_once():
    assert html_to_text("<p>A &amp;amp; B &lt;C&gt;</p>") == "A &amp; B <C>"
    assert html_to_text("<p>x</p><script>alert(1)</script>") == "x"
