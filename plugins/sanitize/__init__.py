"""Allowlist sanitizer for the HTML that Markdown makes of an article.

Why it exists: the reviewer approves a Markdown diff, not the HTML it
becomes, and Markdown passes raw HTML through. So whatever an author writes
(or a phished account pastes), the body and the summary of every article and
page are cleaned here before any template or plugin sees them: only the
elements and attributes Python-Markdown emits with our extensions (``extra``:
tables, footnotes, definition lists, abbreviations, attribute lists, fenced
code), with URLs limited to http, https, mailto, tel and relative ones.
Everything else (script, iframe, object, embed, style, link, meta, base,
form, inline SVG, ``on*`` and ``style`` attributes, ``javascript:`` and
``data:`` URLs) is removed. The cleaning is done by nh3, the Python binding to
the Rust crate ammonia, which parses like a browser (html5ever), so split
tags, entities and odd whitespace are read the way a browser would read them.

Where it runs: ``content_object_init``, i.e. after Pelican's Markdown reader
and before plugins.media rewrites each ``<img>`` into ``<picture>``. The
media plugin's markup is therefore never stripped (it is not in the
allowlist on purpose: ``srcset`` URLs are not checked by ammonia), and it is
built only from attributes that already passed this sanitizer, each escaped
again by plugins/media/markup.py. Running here rather than inside the reader
also means Pelican's content cache can never serve HTML that skipped it.

The same allowlist drives ``removed_parts()``, which the FBS gate
(FBS-2.unsafe-html) uses to tell an author what the build will remove and
why, so the gate and the build cannot disagree about what is allowed.

Settings prefix: SANITIZE_ (SANITIZE_ENABLED, default True; only the
benchmark turns it off to measure its cost).
"""

from __future__ import annotations

import logging
import re
import runpy
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup
from pelican import signals

from plugins.plugin_settings import merge

logger = logging.getLogger(__name__)

# What Python-Markdown 3 emits with markdown.extensions.extra, plus harmless
# inline elements authors paste from word processors.
ALLOWED_TAGS = frozenset(
    {
        # core Markdown
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "ul", "ol", "li", "pre", "code", "em", "strong", "a", "img",
        # tables, def_list, abbr, footnotes (div.footnote, sup)
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "dl", "dt", "dd", "abbr", "sup", "sub", "div",
        # figure markup written by hand around a photo
        "figure", "figcaption",
        # inline text-level elements
        "b", "i", "u", "s", "del", "ins", "mark", "small", "kbd", "samp", "var",
        "cite", "q", "dfn", "span", "time", "wbr",
    }
)  # fmt: skip

# Removed together with their content: text inside them is code or styling,
# never something the author meant readers to see.
DROP_CONTENT_TAGS = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}
)

ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir", "class"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "abbr": set(),
    "q": {"cite"},
    "blockquote": {"cite"},
}

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

# Classes an author may set (Markdown's own, via attr_list or its output).
# Any other class could borrow the theme's CSS (a fixed full-screen overlay,
# a hidden skip link) to dress content up as the site's own interface.
ALLOWED_CLASSES = frozenset(
    {"footnote", "footnote-ref", "footnote-backref", "align-left", "align-center", "align-right"}
)
CODE_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#.-]{1,40}$")

# Python-Markdown's tables extension aligns columns with an inline style,
# which the CSP (style-src 'self') would block and the sanitizer strips.
# Its exact output is turned into a class the theme styles instead.
TABLE_ALIGN = re.compile(r'<(t[hd])( [^<>]*?)?\sstyle="text-align: (left|center|right);"')


# Pelican's intra-site link placeholders ({static}, {attach}, {filename},
# |filename|, ... INTRASITE_LINK_REGEX). ammonia reads "{static}javascript:x"
# as a relative URL, but Pelican then replaces the placeholder and can leave a
# "javascript:" URL behind; so what follows a placeholder is checked too.
_PLACEHOLDER = re.compile(r"^[\s\x00-\x1f]*[{|][^{}|]*[|}]")


def _after_placeholders(value: str) -> str | None:
    rest, found = value, False
    while m := _PLACEHOLDER.match(rest):
        rest, found = rest[m.end() :], True
    return rest if found else None


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute in URL_ATTRIBUTES:
        rest = _after_placeholders(value)
        if rest is not None and url_scheme(rest) not in URL_SCHEMES | {""}:
            return None
        return value
    if attribute != "class":
        return value
    keep = [
        c
        for c in value.split()
        if c in ALLOWED_CLASSES or (element == "code" and CODE_LANGUAGE_CLASS.match(c))
    ]
    return " ".join(keep) or None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROP_CONTENT_TAGS),
    attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    url_schemes=set(URL_SCHEMES),
    strip_comments=True,
    # Keep links as written: no rel added to every link of every article.
    link_rel=None,
)


def _align_to_class(html: str) -> str:
    return TABLE_ALIGN.sub(lambda m: f'<{m[1]}{m[2] or ""} class="align-{m[3]}"', html)


def sanitize_html(html: str) -> str:
    """The allowlisted part of an HTML fragment (see module docstring)."""
    if not html:
        return html or ""
    if "style=" in html:
        html = _align_to_class(html)
    return _CLEANER.clean(html)


# --- What the sanitizer removes, in words (for the FBS gate) ---------------


@dataclass(frozen=True)
class Removal:
    kind: str  # "element", "attribute" or "url"
    name: str  # element name, attribute name, or the URL's scheme
    element: str  # element the attribute/URL sits on ("" for an element)
    line: int  # line in the HTML given to removed_parts (1-based)
    detail: str = ""  # the URL as the browser would read it

    def reason(self) -> str:
        """Why it is removed, in Bahasa Indonesia, for authors."""
        if self.kind == "element":
            what = REASONS.get(self.name, "bukan bagian dari teks artikel")
            return f"tag <{self.name}> dihapus saat situs dibangun: {what}."
        if self.kind == "url":
            return (
                f"alamat '{self.name}:' pada <{self.element}> dihapus saat situs dibangun: "
                "hanya alamat http, https, mailto, tel atau alamat di situs ini yang diizinkan."
            )
        if self.name.startswith("on"):
            why = "atribut ini menjalankan kode JavaScript"
        elif self.name == "style":
            why = "gaya tampilan ditentukan oleh tema situs, bukan oleh artikel"
        elif self.name == "class":
            why = "kelas tampilan ini milik tema situs"
        else:
            why = "atribut ini tidak dipakai dalam artikel"
        return f"atribut '{self.name}' pada <{self.element}> dihapus saat situs dibangun: {why}."


REASONS = {
    "script": "tag ini menjalankan kode JavaScript di peramban pembaca",
    "iframe": "tag ini memuat halaman dari situs lain ke dalam artikel",
    "frame": "tag ini memuat halaman dari situs lain ke dalam artikel",
    "object": "tag ini menjalankan plugin atau memuat berkas dari situs lain",
    "embed": "tag ini menjalankan plugin atau memuat berkas dari situs lain",
    "form": "formulir dapat mengirim data pembaca ke situs lain",
    "input": "kolom isian dapat memancing pembaca mengetik kata sandi",
    "meta": "tag ini dapat mengalihkan pembaca ke situs lain",
    "base": "tag ini mengubah tujuan semua tautan di halaman",
    "link": "tag ini memuat berkas dari situs lain",
    "style": "gaya tampilan dapat menutupi halaman dengan isi palsu",
    "svg": "gambar SVG di dalam artikel dapat menjalankan kode",
    "math": "tag ini tidak didukung dan dapat menyembunyikan kode",
}


class _Walker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Removal] = []
        self.skip_depth = 0  # inside an element dropped with its content

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if self.skip_depth:
            if tag in DROP_CONTENT_TAGS:
                self.skip_depth += 1
            return
        if tag not in ALLOWED_TAGS:
            self.found.append(Removal("element", tag, "", line))
            if tag in DROP_CONTENT_TAGS:
                self.skip_depth = 1
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed:
                self.found.append(Removal("attribute", name, tag, line))
            elif name == "class" and _filter_attribute(tag, name, value) != " ".join(value.split()):
                self.found.append(Removal("attribute", name, tag, line, value))
            elif name in URL_ATTRIBUTES:
                rest = _after_placeholders(value)
                scheme = url_scheme(value if rest is None else rest)
                if scheme and scheme not in URL_SCHEMES:
                    shown = (value if rest is None else rest).strip()
                    self.found.append(Removal("url", scheme, tag, line, shown))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in DROP_CONTENT_TAGS and self.skip_depth:
            self.skip_depth -= 1

    def handle_endtag(self, tag):
        if self.skip_depth and tag in DROP_CONTENT_TAGS:
            self.skip_depth -= 1


# Browsers drop tab and newline anywhere in a URL and trim C0 controls and
# spaces at its ends (WHATWG URL), so "java\tscript:" is javascript:.
_URL_NOISE = re.compile(r"[\t\n\r]")


def url_scheme(value: str) -> str:
    """The scheme a browser would see in an attribute value (already
    entity-decoded), lower case; "" for a relative URL."""
    text = _URL_NOISE.sub("", value).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
        "\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", text)
    if not m:
        return ""
    try:
        return (urlsplit(text).scheme or m.group(1)).lower()
    except ValueError:
        return m.group(1).lower()


def removed_parts(html: str) -> list[Removal]:
    """What sanitize_html() removes from `html`: elements, attributes and URL
    schemes outside the allowlist, with their line in `html`. Comments are
    removed too but never reported: they are not shown to readers."""
    walker = _Walker()
    walker.feed(_align_to_class(html) if "style=" in html else html)
    walker.close()
    return walker.found


# --- Markdown as the build renders it (for the gate) ------------------------

_MARKDOWN_DEFAULT = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.meta": {}},
    "output_format": "html5",
}


@lru_cache(maxsize=1)
def _markdown_settings() -> dict:
    """The MARKDOWN setting of the site's pelicanconf.py, so the gate renders a
    body with exactly the extensions the build uses (attr_list included)."""
    conf = Path(__file__).resolve().parents[2] / "pelicanconf.py"
    try:
        return runpy.run_path(str(conf)).get("MARKDOWN") or _MARKDOWN_DEFAULT
    except Exception:  # noqa: BLE001 - a broken settings file is the build's to report
        return _MARKDOWN_DEFAULT


def render_markdown(body: str) -> str:
    """HTML that Pelican's Markdown reader makes of an article body (no front
    matter), before sanitizing."""
    import markdown

    config = _markdown_settings()
    md = markdown.Markdown(
        extensions=list(config.get("extension_configs", {})),
        extension_configs=config.get("extension_configs", {}),
        output_format=config.get("output_format", "html5"),
    )
    return md.convert(body)


# --- Raw HTML volume ------------------------------------------------------
#
# Python-Markdown hands raw HTML to CPython's html.parser, which rescans the
# rest of the text for every start tag it cannot complete: quadratic in the
# number of tags times the length (CPython gh-135462, fixed only in 3.11.13,
# 3.12.11 and 3.13.5); its inline-HTML handling grows faster than linear too.
# 25 KB of "<a " took 30 s to render here, 100 KB six minutes, in the build
# and in the gate alike. No real article holds thousands of raw tags, so when
# tags x length passes this bound the body's "<" are written as "&lt;": the
# page shows the markup as text (the sanitizer would have removed most of it),
# nothing is lost, and the author is told why. The bound keeps the worst case
# near a second of rendering.
RAW_TAG_OPENER = re.compile(r"<[A-Za-z!/?]")
MAX_RAW_HTML_WORK = 20_000_000
TOO_MUCH_HTML = (
    "Artikel memuat {tags} tag HTML; sebanyak itu membuat situs sangat lambat dibangun, "
    "jadi semua tag di isi artikel ditampilkan sebagai teks biasa."
)
TOO_MUCH_HTML_HINT = (
    "Tulis isi dengan format Markdown (lihat PANDUAN-PENULIS.md) dan hapus HTML hasil "
    "tempelan dari Word atau situs lain."
)


def raw_html_tags(body: str) -> int:
    """How many raw tags would reach html.parser, when rendering them could
    take long; 0 when the body is within the bound."""
    tags = len(RAW_TAG_OPENER.findall(body))
    return tags if tags * len(body) > MAX_RAW_HTML_WORK else 0


def defuse_raw_html(body: str) -> str:
    """The body with every '<' as text, so Markdown makes no raw HTML of it."""
    return body.replace("<", "&lt;")


# --- Plain text of HTML (meta descriptions, JSON-LD, feeds, manifest) -------


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):  # noqa: ARG002 - HTMLParser's signature
        if tag in DROP_CONTENT_TAGS:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT_TAGS and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text a reader sees in an HTML fragment, entities decoded once,
    whitespace collapsed. The result is text, to be escaped where it is used."""
    parser = _Text()
    parser.feed(str(html or ""))
    parser.close()
    return " ".join("".join(parser.parts).split())


def summary_text(content) -> str:
    """An article's or page's summary as plain text. With Summary in
    FORMATTED_FIELDS, Pelican renders it as Markdown; otherwise it is the
    text the author typed. Without one, the start of the body."""
    metadata = getattr(content, "metadata", {}) or {}
    formatted = {
        f.lower()
        for f in (getattr(content, "settings", None) or {}).get("FORMATTED_FIELDS", ["summary"])
    }
    summary = metadata.get("summary")
    if summary and "summary" not in formatted:
        return " ".join(str(summary).split())
    return html_to_text(getattr(content, "summary", "") or "")


# A start tag of serialized HTML, attribute by attribute: quoted values are
# consumed whole, so text inside a title="..." is never read as an attribute.
_ATTRIBUTE = r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_START_TAG = re.compile(rf"<[A-Za-z][^\s/>]*(?:{_ATTRIBUTE})*\s*/?>")
_ONE_ATTRIBUTE = re.compile(
    r"""\s+(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)
_OUTPUT_URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite"}
)


def _safe_url_value(value: str, srcset: bool = False) -> bool:
    from html import unescape

    value = unescape(value)
    if not srcset:
        return url_scheme(value) in URL_SCHEMES | {""}
    # srcset: "url descriptor, url descriptor"; whitespace ends each URL.
    for candidate in value.split(","):
        words = candidate.split()
        if words and url_scheme(words[0]) not in URL_SCHEMES | {""}:
            return False
    return True


def _check_tag(m: re.Match) -> str:
    tag = m.group(0)
    bad = False
    for a in _ONE_ATTRIBUTE.finditer(tag):
        if a.group("name").lower() not in _OUTPUT_URL_ATTRIBUTES:
            continue
        value = next((v for v in (a.group("dq"), a.group("sq"), a.group("bare")) if v), "")
        if not _safe_url_value(value, a.group("name").lower() == "srcset"):
            bad = True
            logger.error("sanitize: alamat berbahaya dibuang dari keluaran: %.80s", value)
    if not bad:
        return tag

    def neutral(a: re.Match) -> str:
        if a.group("name").lower() in _OUTPUT_URL_ATTRIBUTES:
            value = next((v for v in (a.group("dq"), a.group("sq"), a.group("bare")) if v), "")
            if not _safe_url_value(value, a.group("name").lower() == "srcset"):
                return f' {a.group("name")}="#"'
        return a.group(0)

    return _ONE_ATTRIBUTE.sub(neutral, tag)


def final_url_check(html: str) -> str:
    """Last look at a body as it is written out, after Pelican replaced its
    {static}/{filename} links and plugins.media added <picture>: a URL
    attribute whose scheme is not allowed becomes "#" (and is logged). The
    sanitizer already refuses these; this keeps one future slip in a later
    rewrite from becoming script."""
    return _START_TAG.sub(_check_tag, html) if ":" in html else html


def trusted_html(value) -> Markup:
    """Template filter: mark an article's or page's `content` (sanitized in
    content_object_init, then rewritten only by Pelican's link replacement and
    plugins.media) as HTML, after a last check of its URLs. Nothing else may
    pass through it; everything else is escaped."""
    return Markup(final_url_check(str(value or "")))


# --- Pelican hooks -----------------------------------------------------------


def sanitize_content(content) -> None:
    settings = getattr(content, "settings", None) or {}
    if not settings.get("SANITIZE_ENABLED", True):
        return
    if getattr(content, "_content", None):
        content._content = sanitize_html(content._content)
    metadata = getattr(content, "metadata", None)
    if not metadata:
        return
    formatted = {name.lower() for name in settings.get("FORMATTED_FIELDS", ["summary"])}
    summary = metadata.get("summary")
    if isinstance(summary, list):
        # A plain-text Summary continued over several lines comes as a list.
        metadata["summary"] = summary = " ".join(str(s) for s in summary)
    for key in formatted:
        value = metadata.get(key)
        if isinstance(value, str) and value:
            clean = sanitize_html(value)
            metadata[key] = clean
            if key != "summary":
                setattr(content, key, clean)
    if "summary" in metadata:
        # Pelican copies _summary back over metadata["summary"] later on
        # (Content.refresh_metadata_intersite_links).
        content._summary = metadata["summary"]


DEFAULTS = {"SANITIZE_ENABLED": True}


def configure(pelican) -> None:
    merge(pelican.settings, "SANITIZE_", DEFAULTS)


def add_template_helpers(pelican) -> None:
    # Module-level functions only: Pelican pickles settings in its content cache.
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(
        trusted_html=trusted_html, plain_text=html_to_text
    )
    pelican.settings.setdefault("JINJA_GLOBALS", {}).update(summary_text=summary_text)


def register():
    signals.initialized.connect(configure)
    signals.initialized.connect(add_template_helpers)
    signals.content_object_init.connect(sanitize_content)
