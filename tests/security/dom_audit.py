"""A DOM audit of built pages: everything in a page that could run script,
load from elsewhere or restyle the page, listed so tests can assert there is
none that content put there.

html.parser is the reader on purpose: it tokenizes like a browser for the
things audited here (tags, attributes, entity-decoded values) and needs no
new dependency."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from plugins.sanitize import url_scheme
from tests._support import sitekit

# Script files the theme itself ships; anything else is a finding.
THEME_SCRIPTS = re.compile(r"/theme/js/(video-facade|search)\.[0-9a-f]{10}\.js$")
HEAD_LINK_RELS = {"stylesheet", "icon", "alternate", "canonical"}
META_OK = re.compile(r"^(og:|twitter:|article:)|^(description|viewport)$")
# The theme's own robots meta (development and preview builds, withdrawn
# articles) only ever keeps a page out of search engines.
ROBOTS_OK = re.compile(r"^noindex(, ?nofollow)?$")
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "cite"}


@dataclass
class Audit:
    path: str
    problems: list[str] = field(default_factory=list)
    title: str = ""
    h1: str = ""
    metas: dict[str, str] = field(default_factory=dict)
    jsonld: list[str] = field(default_factory=list)


class _Auditor(HTMLParser):
    def __init__(self, audit: Audit):
        super().__init__(convert_charrefs=True)
        self.a = audit
        self.in_title = self.in_h1 = self.in_jsonld = False
        self.buffer: list[str] = []

    def bad(self, what: str) -> None:
        self.a.problems.append(f"{self.a.path}:{self.getpos()[0]}: {what}")

    def handle_starttag(self, tag, attrs):
        d = {k: (v or "") for k, v in attrs}
        self.check_attributes(tag, d)
        self.check_element(tag, d)

    def check_attributes(self, tag: str, d: dict[str, str]) -> None:
        for name, value in d.items():
            if name.startswith("on"):
                self.bad(f"event handler {name}= on <{tag}>")
            if name == "style":
                self.bad(f"style attribute on <{tag}>")
            if name in URL_ATTRS or name == "srcset":
                values = (
                    [value]
                    if name != "srcset"
                    else [p.split()[0] for p in value.split(",") if p.split()]
                )
                for v in values:
                    if url_scheme(v) not in SAFE_SCHEMES:
                        self.bad(f"{url_scheme(v)}: URL in {name}= on <{tag}>")

    def check_meta(self, d: dict[str, str]) -> None:
        key = d.get("property") or d.get("name")
        if key == "robots":
            if not ROBOTS_OK.match(d.get("content", "")):
                self.bad(f"<meta robots content={d.get('content')!r}>")
        elif key:
            if not META_OK.search(key):
                self.bad(f"<meta {key}>")
            self.a.metas.setdefault(key, d.get("content", ""))

    def check_element(self, tag: str, d: dict[str, str]) -> None:
        if tag == "script":
            if d.get("type") == "application/ld+json" and "src" not in d:
                self.in_jsonld = True
                self.buffer = []
            elif not THEME_SCRIPTS.search(d.get("src", "")):
                self.bad(f"<script> that is not a theme file: {d}")
        elif tag in {
            "iframe",
            "object",
            "embed",
            "base",
            "style",
            "frame",
            "frameset",
            "svg",
            "math",
            "applet",
        }:
            self.bad(f"<{tag}>")
        elif tag == "form" and not d.get("action", "").endswith("/cari/"):
            self.bad(f"<form action={d.get('action')!r}>")
        elif tag == "input" and d.get("name") != "q":
            self.bad(f"<input name={d.get('name')!r}>")
        elif tag == "link" and d.get("rel") not in HEAD_LINK_RELS:
            self.bad(f"<link rel={d.get('rel')!r}>")
        elif tag == "meta":
            if "http-equiv" in d and d["http-equiv"].lower() != "content-security-policy":
                self.bad(f"<meta http-equiv={d['http-equiv']!r}>")
            self.check_meta(d)
        elif tag in ("title", "textarea"):
            # RCDATA: browsers read everything up to </title> as text, so a
            # minifier may leave "<script>" there unescaped; read it the same way.
            self.in_title, self.buffer = tag == "title", []
            self.set_cdata_mode(tag)
        elif tag == "h1":
            self.in_h1, self.buffer = True, []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self.in_jsonld:
            self.a.jsonld.append("".join(self.buffer))
            self.in_jsonld = False
        elif tag == "title" and self.in_title:
            self.a.title, self.in_title = unescape("".join(self.buffer)), False
        elif tag == "h1" and self.in_h1:
            self.a.h1, self.in_h1 = "".join(self.buffer), False

    def handle_data(self, data):
        if self.in_title or self.in_h1 or self.in_jsonld:
            self.buffer.append(data)


def audit_page(path: Path, shown: str = "") -> Audit:
    audit = Audit(shown or str(path))
    parser = _Auditor(audit)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return audit


def audit_site(output: Path) -> dict[str, Audit]:
    """Every public page. The web editor (/admin/) is the CMS's own page, made
    from the taxonomy and the field table, never from an article: it runs the
    CMS's script by design and has its own tests (tests/editor)."""
    return {
        str(p.relative_to(output)): audit_page(p, str(p.relative_to(output)))
        for p in sitekit.html_pages(output)
    }


class _Collector(HTMLParser):
    """Every element with its attributes, and the text of the page's body
    (the head holds only <title> and scripts, both skipped), entities decoded
    once: what a reader sees. The minifier drops </head> and <body>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: (v or "") for k, v in attrs}))
        if tag in ("title", "textarea"):
            self.set_cdata_mode(tag)
            self.skip += 1
        elif tag == "script":
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("title", "textarea", "script") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def collect(path: Path) -> tuple[list[tuple[str, dict[str, str]]], str]:
    """(elements with attributes, visible text with whitespace collapsed)."""
    parser = _Collector()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.elements, " ".join("".join(parser.text).split())
