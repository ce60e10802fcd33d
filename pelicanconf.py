"""Development settings: `make build` and `make serve`. publishconf.py extends these."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Our plugins are the `plugins` package beside this file.
sys.path.insert(0, str(ROOT))

AUTHOR = "Tim Humas BKD Provinsi NTT"
SITENAME = "BKD Provinsi NTT"
SITE_LONGNAME = "Badan Kepegawaian Daerah Provinsi Nusa Tenggara Timur"
# The parent line of the header: the agency belongs to the provincial government.
SITE_PARENT = "Pemerintah Provinsi Nusa Tenggara Timur"
SITE_DESCRIPTION = (
    "Informasi kepegawaian untuk ASN lingkup Pemerintah Provinsi Nusa Tenggara Timur: "
    "berita, pengumuman, kegiatan, regulasi dan layanan."
)
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Makassar"
DEFAULT_LANG = "id"
# Dates come from Babel (plugins.indonesian_dates), never from the machine's
# locales. Pelican still calls setlocale() with this; C.UTF-8 keeps the
# process's default text encoding UTF-8 (plain "C" switched it to ASCII).
LOCALE = ("C.UTF-8", "C")

THEME = str(ROOT / "theme")
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
# Static folders publish only the document types listed in
# plugins/bkd_content/sources.py (pdf, docx, xlsx, ...); photos in them are
# published only as the media pipeline's re-encoded copies; anything else
# (HTML, SVG, JS, unknown types, symlinks) is an error and is not copied.
STATIC_PATHS = ["images", "extra"]
# robots.txt is written by plugins.robots from SITEURL (only production is indexed).
# Hidden files (editor and OS droppings) are ignored by the build and the gate alike.
IGNORE_FILES = [".*", "*.toml", "README*"]
# Content is `.md` only (plugins/bkd_content/sources.py, shared with `fbs check`):
# every other reader and Markdown suffix is off, and such files are reported.
READERS = {
    "rst": None,
    "html": None,
    "htm": None,
    "markdown": None,
    "mkd": None,
    "mdown": None,
}

# The slug comes from the file name, so fixing a typo in a title keeps the URL.
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "kategori/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
AUTHOR_URL = "penulis/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
CATEGORIES_SAVE_AS = "kategori/index.html"
TAGS_SAVE_AS = "tag/index.html"
AUTHORS_SAVE_AS = "penulis/index.html"
ARCHIVES_SAVE_AS = "arsip/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "search", "404", "gone"]
SEARCH_SAVE_AS = "cari/index.html"
# The page nginx shows with "410 Gone" for a withdrawn article (deploy/nginx.conf).
GONE_SAVE_AS = "ditarik/index.html"

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
PAGINATION_PATTERNS = (
    (1, "{base_name}/", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Drafts and future-dated articles are never written anywhere in the output.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""

# Pelican's own feeds are replaced by plugins.feeds (feedgen, stable GUIDs).
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# Incremental builds. md5 rather than mtime, because a fresh clone (CI) gives
# every file a new mtime; the cache then still matches.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"
CACHE_PATH = str(ROOT / ".cache" / "pelican")

PLUGIN_PATHS = [str(ROOT)]
PLUGINS = [
    "plugins.bkd_content",
    "plugins.sanitize",  # before media: cleans the body Markdown made; media adds <picture> after
    "plugins.fbs",  # FBS findings as build warnings while authors write
    "plugins.indonesian_dates",
    "plugins.media",  # responsive photos, social images, gallery, video facade
    "plugins.feeds",
    "plugins.seo",
    "plugins.faq",  # Tanya Jawab: official contacts from ORG, FAQ entries, FAQPage JSON-LD
    "plugins.robots",  # robots.txt: production allows, previews disallow all
    "plugins.search",
    "plugins.webserver",  # fingerprinted theme assets, 410 include for nginx (deploy/)
    "plugins.syndication",  # manifest for `syndicate`, "Dibagikan di" links (no network)
    "plugins.fixed_urls",  # each URL computed once per build, not at every use
    "plugins.incremental",  # rebuilds render only pages that changed (docs/build-speed.md)
    "plugins.editor",  # the web editor at /admin/ (docs/editor.md); loaded by no public page
    "plugins.compress",  # last: minifies and precompresses everything written before it
]

# Every value printed by the theme is escaped unless our own code marked it as
# HTML: the sanitized body (plugins.sanitize, filter `trusted_html`) and the
# media plugin's <picture> markup. Pelican fills in its other defaults
# (trim_blocks, lstrip_blocks, extensions).
# auto_reload off: Jinja would stat every template file an `{% include %}` or
# `{% extends %}` names at each page rendered, to notice edits. Pelican makes
# a new Environment for every build (pelican/generators.py, Generator.__init__),
# so `make serve --autoreload` picks up an edited template without it.
JINJA_ENVIRONMENT = {"autoescape": True, "auto_reload": False}
# Summary is text as the author typed it, shown escaped, not Markdown: a
# summary is one plain sentence in cards, meta tags, feeds and social posts.
FORMATTED_FIELDS = []

# Only what articles use. smarty and toc doubled Markdown's inline work
# (bench/build_speed.py) for typographic quotes and heading ids nobody links to.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# Organisation facts shown on the site and in JSON-LD.
ORG = {
    "name": SITE_LONGNAME,
    "short_name": SITENAME,
    "address": "Jl. Basuki Rahmat No. 1, Kota Kupang, Nusa Tenggara Timur",
    "email": "bkd@nttprov.go.id",
    "phone": "(0380) 833 066",
    "phone_tel": "+62380833066",  # the same number for tel: links (E.164)
    # Written questions about personnel services (Kontak, Tanya Jawab).
    "consultation_email": "layanan.bkd@nttprov.go.id",
    # The official WhatsApp number in international digits (e.g. "6281234567890")
    # once the agency announces one; empty shows a marked placeholder instead.
    "whatsapp": "",
}
SOCIAL = (
    ("Facebook", "https://www.facebook.com/BkdProvNtt"),
    ("Instagram", "https://www.instagram.com/bkdprovinsintt/"),
    ("X", "https://x.com/Bkdprovinsintt"),
    ("YouTube", "https://www.youtube.com/c/BadanKepegawaianDaerahProvinsiNTT"),
)
MENUITEMS = (
    ("Berita", "kategori/berita/"),
    ("Pengumuman", "kategori/pengumuman/"),
    ("Kegiatan", "kategori/kegiatan/"),
    ("Layanan", "kategori/layanan/"),
    ("Regulasi", "kategori/regulasi/"),
    ("Arsip", "arsip/"),
)
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# Absolute URLs (canonical, Open Graph, feeds, sitemap) while SITEURL is empty.
SEO_DEV_SITEURL = "http://127.0.0.1:8000"
# The one address search engines may index (plugins.robots); publishconf.py deploys here.
ROBOTS_PRODUCTION_SITEURL = "https://bkd.nttprov.go.id"
DEFAULT_OG_IMAGE = "og-default.png"
X_HANDLE = "Bkdprovinsintt"
SEARCH_URL = "cari/"

FEEDS_ALL_ATOM = "feeds/semua.atom.xml"
FEEDS_ALL_RSS = "feeds/semua.rss.xml"
FEEDS_CATEGORY_ATOM = "feeds/{slug}.atom.xml"
FEEDS_CATEGORY_RSS = "feeds/{slug}.rss.xml"

# The web editor (docs/editor.md) uses decap-server on 127.0.0.1:8081 when
# `make serve` runs it; publishconf.py turns that off.
EDITOR_LOCAL_BACKEND = True
# The vendored editor bundle is minified already (precompressed all the same).
COMPRESS_MINIFY_EXCLUDE = ("pagefind/*", "admin/*")

# Search index (Pagefind), by plugins.search. Development builds index every
# page once, then only pages that changed (docs/build-speed.md). `pelican
# --autoreload` (`make serve`) rebuilds in one process, which keeps Pagefind
# running between rebuilds and feeds it only the changed pages.
SEARCH_PAGEFIND = True
SEARCH_ONLY_CHANGED = True
SEARCH_KEEP_SERVICE = bool({"--autoreload", "-r"} & set(sys.argv))

# Rebuilds render only the pages whose output can have changed; any change
# that can reach every page (theme, plugins, settings, taxonomy, a title...)
# renders everything (plugins/incremental, docs/build-speed.md).
INCREMENTAL_RENDER = True

# Minified pages and .gz/.br twins are for the public host (publishconf.py);
# Pelican's development server never serves the twins.
COMPRESS_ENABLED = False

# Syndication (docs/admin.md). Secrets come from the environment only.
# The publish workflow keeps the ledger on branch syndication-ledger and points
# SYNDICATE_LEDGER_DIR at its checkout; `make serve` uses its own (.cache/).
SYNDICATE_LEDGER_DIR = "syndicate/ledger-data"
SYNDICATE_PLATFORMS = ["facebook", "instagram", "x", "youtube"]
SYNDICATE_SINCE = None  # e.g. "2026-12-01"; or run `syndicate baseline` once
SYNDICATE_PAUSED = False  # kill switch; the env var SYNDICATE_PAUSED=1 works without a build
SYNDICATE_FACEBOOK_PAGE_ID = ""  # numeric id of the Page BkdProvNtt
SYNDICATE_INSTAGRAM_USER_ID = ""  # IG user id of @bkdprovinsintt (linked to the Page)
SYNDICATE_X_USER_ID = ""  # numeric id of @Bkdprovinsintt (found via users/me when empty)
SYNDICATE_GRAPH_VERSION = "v25.0"
SYNDICATE_YOUTUBE_PRIVACY = "public"  # public | unlisted | private
SYNDICATE_X_LINK_IN_TEXT = True  # posts with URLs cost more on X pay-per-use plans
