"""Each article's and page's URL, computed once per build instead of at every use.

Pelican computes `Content.url` from ARTICLE_URL/PAGE_URL at every access
(`get_url_setting` -> `_expand_settings` -> `url_format`, which copies the
metadata, resolves the source path and formats the date). The theme, the
feeds, the sitemap and JSON-LD ask for it about 18 times per article, and a
profile of a 400-article build put a tenth of its time there. Pelican's own
hook for a fixed URL is the `override_url` attribute (what a `URL:` field
sets), so once every generator has read its content
(`all_generators_finalized`, before anything is written) this plugin sets it
to the very URL Pelican computes.

`save_as` is left alone: with `override_save_as` set, Pelican's generators
also pass `override_output=True` to the writer, which would let one page
overwrite another's file without a word.

No settings; no state between signals.
"""

from __future__ import annotations

from pelican import signals

# Where Pelican's generators keep their content (published, translations,
# hidden and drafts): every one of them is rendered or linked.
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def fix_urls(generators) -> None:
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                if not hasattr(content, "override_url"):
                    content.override_url = content.url


def register():
    signals.all_generators_finalized.connect(fix_urls)
