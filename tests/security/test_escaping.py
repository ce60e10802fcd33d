"""Nothing an author writes runs as script on the built site.

The hostile corpus (tests/security/hostile_markup/) has one article per
attack class: markup in every front-matter field, and body HTML written the
ways a per-line pattern gate missed (unclosed and indented fences, indented
lines in an HTML block, backticks in attributes, tags split over lines,
javascript: links in angle brackets, references, entities and tabs, meta
refresh, base, style, link, style= overlays, iframe/object/embed/form, SVG).
It is built once as a real site; every page's DOM is audited, every
front-matter value must come out as the text typed, and the FBS gate must
name the file and line of each body attack.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from plugins.bkd_content.frontmatter import parse_front_matter
from tests.security.conftest import CORPUS
from tests.security.dom_audit import audit_page, audit_site, collect

REPO = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"


def typed(slug: str, key: str, kind: str = "articles") -> str:
    """A front-matter value exactly as the corpus file has it."""
    fm = parse_front_matter((CORPUS / kind / f"{slug}.md").read_text(encoding="utf-8"))
    return fm.fields[key]


def find_manifest(out: Path) -> Path:
    """The syndication manifest of a build: in output/ today; wherever the
    build writes it beside the output folder if it moves out of output/."""
    found = sorted(out.parent.rglob("manifest.json"))
    found = [p for p in found if "pagefind" not in p.parts]
    assert found, f"no syndication manifest under {out.parent}"
    return found[0]


def page(out: Path, slug: str) -> Path:
    found = list(out.glob(f"2026/06/{slug}/index.html"))
    assert found, f"{slug} was not built"
    return found[0]


def test_build_has_no_traceback_and_builds_every_article(hostile_build):
    out, log = hostile_build
    assert "Traceback" not in log
    built = {p.parent.name for p in out.glob("2026/06/*/index.html")}
    expected = {p.stem for p in (CORPUS / "articles").glob("*.md")}
    assert expected <= built, expected - built


def test_no_page_carries_active_content(hostile_build):
    out, _ = hostile_build
    audits = audit_site(out)
    # Articles, listings, tags, authors, the page: far more than the corpus itself.
    assert len(audits) > 40
    problems = [p for a in audits.values() for p in a.problems]
    assert not problems, "\n".join(problems)


def test_auditor_sees_what_it_must_refuse(tmp_path):
    """The audit above is only worth something if it fails on a bad page."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<html><head><meta http-equiv="refresh" content="0;url=https://x.example">'
        "<base href=https://x.example><style>p{}</style><link rel=preload href=x.css>"
        "</head><body><script>alert(1)</script><a href=' jav&#x61;script:x'>a</a>"
        "<img src=x onerror=alert(1)><div style='position:fixed'></div>"
        "<iframe src=https://x.example></iframe><a href='data:text/html,x'>d</a></body></html>"
    )
    found = "\n".join(audit_page(bad).problems)
    for needle in (
        "http-equiv",
        "<base>",
        "<style>",
        "<link rel='preload'>",
        "<script>",
        "javascript: URL",
        "onerror",
        "style attribute",
        "<iframe>",
        "data: URL",
    ):
        assert needle in found, needle


def test_title_is_literal_text_everywhere(hostile_build):
    out, _ = hostile_build
    title = typed("fm-title", "title")
    assert "<script>" in title and "&amp;" in title  # the corpus is what we think
    audit = audit_page(page(out, "fm-title"))
    assert audit.h1 == title
    assert audit.title == f"{title} · BKD Provinsi NTT"
    for key in ("og:title", "twitter:title"):
        assert audit.metas[key] == title
    (jsonld,) = audit.jsonld
    assert "</" not in jsonld  # cannot close the <script> block early
    assert json.loads(jsonld)["headline"] == title[:110]
    # Cards on the home page and listings, and the archive.
    for listing in ("index.html", "kategori/berita/index.html", "2026/06/index.html"):
        candidates = [
            out / listing,
            *sorted((out / Path(listing).parent).glob("page/*/index.html")),
        ]
        assert any(title in collect(p)[1] for p in candidates if p.exists()), listing


def test_feeds_sitemap_manifest_and_search_hold_the_text_typed(hostile_build):
    out, _ = hostile_build
    title = typed("fm-title", "title")
    summary = typed("fm-summary", "summary")
    atom = ET.parse(out / "feeds" / "semua.atom.xml").getroot()
    entries = {e.findtext(f"{ATOM}title"): e for e in atom.iter(f"{ATOM}entry")}
    assert title in entries  # escaped once for XML, read back as the same text
    summaries = {e.findtext(f"{ATOM}summary") for e in entries.values()}
    assert summary in summaries
    rss = ET.parse(out / "feeds" / "semua.rss.xml").getroot()
    assert title in {i.findtext("title") for i in rss.iter("item")}

    manifest = json.loads(find_manifest(out).read_text())
    by_id = {a["id"].split("-", 1)[1]: a for a in manifest["articles"]}
    assert by_id["fm-title"]["title"] == title
    assert by_id["fm-summary"]["summary"] == summary
    assert by_id["fm-summary"]["title"] == typed("fm-summary", "title")

    # The social posts composed from the manifest carry the same text.
    from syndicate import composer
    from syndicate.contract import Manifest
    from syndicate.settings import Settings

    article = next(
        a for a in Manifest.read(find_manifest(out)).articles if a.id.endswith("fm-title")
    )
    for platform in ("x", "facebook"):
        post = composer.COMPOSERS[platform].compose(article, Settings())
        assert "A & B <C> &amp;" in post.text, (platform, post.text)

    ET.parse(out / "sitemap.xml")  # well-formed whatever the titles hold

    titles = set()
    for fragment in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        titles.add(json.loads(data[data.index(b"{") :])["meta"].get("title"))
    assert title in titles


def test_summary_author_tags_captions_and_video_fields_are_text(hostile_build):
    out, _ = hostile_build
    summary = typed("fm-summary", "summary")
    audit = audit_page(page(out, "fm-summary"))
    assert audit.metas["description"] == summary
    assert audit.metas["og:description"] == summary
    assert json.loads(audit.jsonld[0])["description"] == summary
    assert any(summary in collect(p)[1] for p in out.glob("kategori/berita/**/index.html"))

    author = typed("fm-author", "author")
    assert author in collect(page(out, "fm-author"))[1]

    _, text = collect(page(out, "fm-tags"))
    assert '"><svg onload=alert(1)>' in text

    elements, text = collect(page(out, "fm-image"))
    alts = {a.get("alt") for tag, a in elements if tag == "img"}
    assert typed("fm-image", "imagealt") in alts
    assert typed("fm-image", "imagecredit") in text

    elements, text = collect(page(out, "fm-gallery"))
    caption, credit = '<script>alert("caption")</script>', '<img src=x onerror=alert("gcredit")>'
    assert caption in text and credit in text
    assert caption in {a.get("alt") for tag, a in elements if tag == "img"}

    # An id that is not a YouTube id makes no facade, whatever it holds.
    for slug in ("fm-video", "fm-video-url"):
        elements, _ = collect(page(out, slug))
        assert not [a for tag, a in elements if "video-facade" in a.get("class", "")]
    assert typed("fm-video", "title") == audit_page(page(out, "fm-video")).h1

    _, text = collect(out / "halaman-berbahaya" / "index.html")
    assert typed("halaman-berbahaya", "title", "pages") in text


def test_markdown_own_markup_survives(hostile_build):
    out, _ = hostile_build
    elements, text = collect(page(out, "body-normal"))
    tags = [t for t, _ in elements]
    assert "table" in tags and "sup" in tags
    cells = [a for t, a in elements if t in ("th", "td")]
    assert {"align-left", "align-right"} <= {a.get("class") for a in cells}
    hrefs = {a.get("href") for t, a in elements if t == "a"}
    assert {"https://bkd.nttprov.go.id/", "mailto:bkd@nttprov.go.id"} <= hrefs
    assert "Sumber resmi." in text
    # The media plugin's <picture> (made after sanitizing) is not stripped.
    elements, _ = collect(page(out, "fm-image"))
    assert "picture" in [t for t, _ in elements]
    assert any(t == "source" and a.get("srcset") for t, a in elements)


# Each body attack: the lines the gate must point at.
GATE_EXPECTED = {
    "body-unclosed-fence": {11},
    "body-indented-fence": {11},
    "body-indented-html": {11, 12},
    "body-backtick-attr": {8},
    "body-split-tag": {17},
    "body-js-angle": {10},
    "body-js-reference": {12},
    "body-js-entity": {10, 12},
    "body-js-tab": {12},
    "body-meta-refresh": {10},
    "body-base": {10},
    "body-style": {10},
    "body-link": {10},
    "body-style-attr": {10},
    "body-iframe-object": {10, 12, 14},
    "body-svg": {10},
}


@pytest.fixture(scope="module")
def gate_findings(tmp_path_factory):
    root = tmp_path_factory.mktemp("gate")
    from tests.security.conftest import copy_corpus

    content = copy_corpus(root)
    fbs = Path(sys.executable).with_name("fbs")
    result = subprocess.run(
        [str(fbs), "check", "--no-repo", "--no-spelling", "--format", "json", str(content)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode != 0  # errors fail the gate
    return [f for f in json.loads(result.stdout) if f["rule"] == "FBS-2.unsafe-html"]


def test_gate_names_file_and_line_of_every_body_attack(gate_findings):
    lines: dict[str, set[int]] = {}
    for f in gate_findings:
        if f["severity"] == "error":
            lines.setdefault(Path(f["file"]).stem, set()).add(f["line"])
    for slug, expected in GATE_EXPECTED.items():
        assert lines.get(slug, set()) >= expected, (slug, lines.get(slug))
    assert "body-normal" not in lines
    # Markup in front matter is escaped, not removed: nothing to report there.
    assert not [s for s in lines if s.startswith("fm-")]
    assert lines.get("halaman-berbahaya") == {6}


def test_gate_message_says_what_and_why_in_indonesian(gate_findings):
    script = next(f for f in gate_findings if Path(f["file"]).stem == "body-unclosed-fence")
    assert "<script>" in script["message"] and "dihapus" in script["message"]
    assert script["hint"].startswith("Hapus tag itu")
    url = next(f for f in gate_findings if Path(f["file"]).stem == "body-js-reference")
    assert "javascript:" in url["message"] and "https://" in url["hint"]


def test_a_flood_of_raw_tags_is_shown_as_text_not_rendered(hostile_build):
    """Thousands of raw tags would keep html.parser busy for minutes (see
    plugins/sanitize); the build shows them as text and says why, with the
    file and the line where the body starts."""
    out, log = hostile_build
    html = page(out, "body-tag-flood").read_text(encoding="utf-8")
    assert "<script>alert('flood')" not in html
    # Shown as typed: escaped, whether the page is minified or not.
    assert re.search(r"&lt;script(>|&gt;)alert\((&#39;|')flood(&#39;|')\)&lt;/script", html)
    assert "Paragraf biasa sebelum tempelan." in html
    flat = " ".join(log.split())  # the build log wraps long lines
    assert "body-tag-flood.md" in flat and "tag HTML" in flat
    assert "ditampilkan sebagai teks biasa" in flat


def test_no_real_article_comes_near_the_raw_tag_bound():
    """The bound only ever catches junk: every article we ship, and every
    fixture, renders as written."""
    from plugins.sanitize import raw_html_tags

    sources = [*REPO.glob("content/**/*.md"), *REPO.glob("tests/fixtures/**/*.md")]
    assert len(sources) > 30
    heavy = [str(p) for p in sources if raw_html_tags(p.read_text(encoding="utf-8"))]
    assert not heavy, heavy
