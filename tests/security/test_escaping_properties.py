"""Property-based: whatever mix of markup, entities, quotes, control
characters and Unicode look-alikes an author writes, the output holds no
element or attribute outside the allowlist.

Most examples exercise plugins.sanitize directly (fast); a few batches of
generated articles are built as real sites and audited page by page.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from plugins.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_ATTRIBUTES,
    URL_SCHEMES,
    removed_parts,
    render_markdown,
    sanitize_html,
    url_scheme,
)
from tests.security.dom_audit import audit_page, audit_site

# Pieces a hostile author (or a careless paste) is made of.
MARKUP = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//x.example/a.js>", "<scr<script>ipt>",
    "<img src=x onerror=alert(1)>", "<img src=x\nonerror=alert(1)>", "<svg onload=alert(1)>",
    "<iframe src=//x.example>", "<object data=x>", "<embed src=x>", "<base href=//x.example>",
    '<meta http-equiv="refresh" content="0;url=//x.example">', "<link rel=stylesheet href=x>",
    "<style>*{display:none}</style>", '<div style="position:fixed;inset:0">', "<form action=//x>",
    '<a href="javascript:alert(1)">', "<a href=' jav&#x61;script:x'>",
    "<a href=\"java\tscript:x\">",
    "[x](javascript:alert(1))", "[x](<javascript:alert(1)>)", "[r]: javascript:x", "[x][r]",
    "<a href=data:text/html;base64,PHNjcmlwdD4=>", "<math><mtext><table><mglyph><style>",
    "<!--", "-->", "<![CDATA[", "]]>", "`", "```", "    ", "\t", "{: onclick=alert(1) }",
    "{: style=color:red }", '<p title="</p><script>alert(1)</script>">', "<noscript><p title=\"",
    "<template><script>", "<a href=#fn:1>", "[^1]", "[^1]: note", "|a|b|\n|--|--|\n|1|2|",
    "<", ">", "&", "&amp;", "&lt;script&gt;", "&#60;", "&#x3C;", "&#0;", '"', "'", "=", "/",
    "\n", "\n\n", "\x0b", "\x0c", "\x00", "\x7f", "\ufeff", "\u2028", "\u202e", "\u200d",
    "＜script＞", "ｊａｖａｓｃｒｉｐｔ:", "ѕсrірt", "\u0131mg", "ſcript", "on\u200berror=",
]  # fmt: skip
WORDS = ["ASN", "PNS", "Kupang", "data", "https://bkd.nttprov.go.id/", "mailto:a@b.id", "x"]

snippet = st.lists(st.sampled_from(MARKUP + WORDS), min_size=1, max_size=12).map("".join)
body = st.lists(snippet, min_size=1, max_size=6).map(" ".join)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [(k, v or "") for k, v in attrs]))


def elements(html: str):
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def assert_allowlisted(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            assert name in allowed, (tag, name, html)
            if name in URL_ATTRIBUTES:
                assert url_scheme(value) in URL_SCHEMES | {""}, (tag, value)


@settings(max_examples=400, deadline=None)
@given(body)
def test_sanitized_markdown_holds_only_allowlisted_markup(text):
    html = sanitize_html(render_markdown(text))
    assert_allowlisted(html)
    # Cleaning again changes nothing: the output is a fixed point.
    assert sanitize_html(html) == html


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' \t\n&#;:ascriptonerohfvjl-")), max_size=80))
def test_raw_character_soup_is_cleaned(text):
    assert_allowlisted(sanitize_html(text))


DANGEROUS = [
    ("<script>alert(1)</script>", "script"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("<iframe src=//x.example></iframe>", "iframe"),
    ('<a href="javascript:alert(1)">x</a>', "javascript"),
    ("[x](javascript:alert(1))", "javascript"),
    ('<div style="position:fixed">x</div>', "style"),
    ("<base href=//x.example>", "base"),
    ('<meta http-equiv="refresh" content="0">', "meta"),
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(DANGEROUS), st.lists(st.sampled_from(WORDS), max_size=8), st.booleans())
def test_gate_reports_whatever_the_sanitizer_removes(attack, words, upper):
    """The gate (removed_parts) reports an attack wherever it sits in prose,
    in whatever case, and the sanitized HTML no longer holds it."""
    markup, name = attack
    if upper:
        markup = markup.replace("script", "ScRiPt").replace("onerror", "OnErRoR")
    prose = " ".join(words)
    html = render_markdown(f"{prose}\n\n{markup}\n\n{prose}\n")
    reported = {r.name.lower() for r in removed_parts(html)}
    assert name in reported, (markup, reported)
    assert (
        name not in sanitize_html(html).lower()
        or name == "javascript"
        and ("javascript:" not in sanitize_html(html).lower())
    )


# --- A few real builds of generated articles -------------------------------

# One line of front matter: no newline. C0 control characters are left to
# the content checks (tests/security/test_confinement*.py); here they would
# only make the article be refused.
line_piece = st.sampled_from(
    [m for m in MARKUP if "\n" not in m and not any(ord(c) < 32 or c == "\x7f" for c in m)]
    + WORDS
    + ["A & B <C>", "&amp;", '"><', "</title>", "</script>", "\u202e", "ｊａｖａ"]
)
field_value = st.lists(line_piece, min_size=1, max_size=6).map(" ".join).map(str.strip)


@st.composite
def article(draw):
    title = draw(field_value.filter(bool))
    fields = {
        "Title": title,
        "Date": "2026-05-01 08:00",
        "Category": "Berita",
        "Tags": "ASN, " + draw(field_value).replace(",", " "),
        "Summary": draw(field_value),
        "Author": draw(field_value.filter(bool)),
        "ImageCredit": draw(field_value),
        "VideoCredit": draw(field_value),
    }
    return fields, draw(body)


@settings(
    max_examples=2,
    deadline=None,
    # Each example is a full site build: report the failing batch as found
    # rather than spend minutes shrinking it.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(article(), min_size=6, max_size=6))
def test_generated_articles_build_to_allowlisted_pages(tmp_path_factory, pelican_build, batch):
    root = tmp_path_factory.mktemp("prop")
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    for i, (fields, text) in enumerate(batch):
        head = "\n".join(f"{k}: {v}" for k, v in fields.items() if v)
        (articles / f"a{i}.md").write_text(f"{head}\n\n{text}\n", encoding="utf-8")
    out = root / "output"
    result = pelican_build(
        root / "content", out, extra={"SEARCH_PAGEFIND": False, "FBS_ENABLED": False}
    )
    log = result.stdout + result.stderr
    assert "Traceback" not in log, log
    assert result.returncode == 0, log
    problems = [p for a in audit_site(out).values() for p in a.problems]
    assert not problems, "\n".join(problems)
    for i, (fields, _) in enumerate(batch):
        built = list(Path(out).glob(f"2026/05/a{i}/index.html"))
        if built:  # an article the content checks refuse is simply not built
            assert audit_page(built[0]).h1 == " ".join(fields["Title"].split())


LINKISH = [
    "[x](", "](", "]: ", "[r]", "[^1]", ")", " ", "\n", "\t", "javascript:", "JaVaScRiPt:",
    "vbscript:", "data:text/html,", "https://a.id/", "mailto:a@b.id", "tel:1", "images/a.jpg",
    "../a.md", "#x", "/x", "java", "script:", "alert(1)", "!", "Catatan:", "x", "\u00a0", "%6A",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINKISH + WORDS), min_size=1, max_size=14).map("".join))
def test_gate_skips_rendering_only_bodies_with_nothing_to_remove(text):
    """The gate renders a body only when Markdown could make something the
    sanitizer removes; a body it skips really has nothing to report."""
    from plugins.fbs.checks.conduct import needs_render

    if not needs_render(text):
        assert removed_parts(render_markdown(text)) == [], text
