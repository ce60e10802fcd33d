"""The web editor at /admin/: Decap CMS, in Bahasa Indonesia, on the PR flow.

Writes ``admin/`` into the output at ``finalized`` (before plugins.compress):

- ``index.html``: ``noindex``, loads the vendored Decap CMS bundle and
  ``bkd-editor.js`` (the Pelican front-matter format, the Indonesian locale,
  the preview);
- ``config.yml``: generated from ARTICLE_FIELDS, the widget table, the
  taxonomy and the platform limits (``config.py``);
- the bundle (``vendor/``, refreshed from npm by ``make editor-bundle``).

Nothing here goes through Pelican's writer, so no ``content_written`` signal
fires: the search index never sees the page and the sitemap never lists it.
No public template links to /admin/ or loads its scripts.

Settings prefix EDITOR_ (see DEFAULTS); docs/editor.md.
"""

from __future__ import annotations

import html
import json
import logging
import shutil
from pathlib import Path

from pelican import signals

from plugins.bkd_content.taxonomy import DEFAULT_TAXONOMY_PATH, load_taxonomy
from plugins.plugin_settings import merge
from plugins.webserver import theme_assets

from .config import build_config, config_text, field_keys

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor"
STATIC = HERE / "static"
BUNDLE = "decap-cms.js"

DEFAULTS = {
    "EDITOR_ENABLED": True,
    # Where /admin/ is written, relative to the output folder.
    "EDITOR_PATH": "admin",
    # Decap CMS `backend`: the GitHub repository the PRs go to and the
    # OAuth code-exchange service (editor_auth, deploy/editor-auth.service).
    "EDITOR_BACKEND": {
        "name": "github",
        "repo": "bkd-ntt/portal",
        "branch": "main",
        "base_url": "https://bkd.nttprov.go.id",
        "auth_endpoint": "editor-auth/auth",
        "open_authoring": True,
        "squash_merges": True,
    },
    # Use decap-server when it answers at EDITOR_LOCAL_BACKEND_URL (make serve).
    # 127.0.0.1, not Decap's default "localhost", which may resolve to ::1.
    "EDITOR_LOCAL_BACKEND": False,
    "EDITOR_LOCAL_BACKEND_URL": "http://127.0.0.1:8081/api/v1",
    "EDITOR_TAXONOMY": str(DEFAULT_TAXONOMY_PATH),
}

INDEX = """<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Editor artikel · {sitename}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<script type="application/json" id="bkd-editor-settings">{settings}</script>
</head>
<body data-pagefind-ignore="all">
<noscript>Editor artikel membutuhkan JavaScript.</noscript>
<script src="{bundle}"></script>
<script src="pelican-meta.js"></script>
<script src="locale-id.js"></script>
<script src="bkd-editor.js"></script>
</body>
</html>
"""


class EditorPlugin:
    def initialized(self, pelican) -> None:
        merge(pelican.settings, "EDITOR_", DEFAULTS, types={"EDITOR_BACKEND": dict})

    def finalized(self, pelican) -> None:
        settings = pelican.settings
        if not settings["EDITOR_ENABLED"]:
            return
        write_admin(Path(pelican.output_path) / settings["EDITOR_PATH"], settings)


def preview_css(settings) -> list[str]:
    """The site's own stylesheet as published (fingerprinted by plugins.webserver,
    whose settings are merged by then when it is loaded)."""
    name = "css/site.css"
    if "DEPLOY_FINGERPRINT" in settings:
        name = theme_assets(settings).get(name, name)
    return [f"{settings.get('SITEURL', '')}/{settings.get('THEME_STATIC_DIR', 'theme')}/{name}"]


def write_admin(target: Path, settings) -> None:
    taxonomy = load_taxonomy(settings["EDITOR_TAXONOMY"])
    config = build_config(
        taxonomy,
        backend=settings["EDITOR_BACKEND"],
        local_backend=settings["EDITOR_LOCAL_BACKEND"]
        and settings.get("EDITOR_LOCAL_BACKEND_URL", DEFAULTS["EDITOR_LOCAL_BACKEND_URL"]),
        site_url=settings.get("SITEURL", ""),
    )
    target.mkdir(parents=True, exist_ok=True)
    (target / "config.yml").write_text(config_text(config), encoding="utf-8")
    page_settings = {"fields": field_keys(), "previewCss": preview_css(settings)}
    # "</" cannot close the script element from inside the JSON.
    payload = json.dumps(page_settings, ensure_ascii=False).replace("</", "<\\/")
    (target / "index.html").write_text(
        INDEX.format(
            sitename=html.escape(settings.get("SITENAME", "")), settings=payload, bundle=BUNDLE
        ),
        encoding="utf-8",
    )
    for source in sorted(STATIC.glob("*.js")):
        shutil.copyfile(source, target / source.name)
    copy_bundle(target)


def copy_bundle(target: Path) -> None:
    """The vendored bundle and its lazy chunks; unchanged files are not
    rewritten, so plugins.compress's cache keeps them."""
    files = [p for p in sorted(VENDOR.glob("*")) if p.is_file() and p.suffix in (".js", ".wasm")]
    if not any(p.name == BUNDLE for p in files):
        logger.error(
            "editor: %s tidak ada di plugins/editor/vendor/; jalankan 'make editor-bundle'",
            BUNDLE,
        )
        return
    for source in files:
        dest = target / source.name
        stat = source.stat()
        if (
            dest.exists()
            and dest.stat().st_size == stat.st_size
            and dest.stat().st_mtime >= stat.st_mtime
        ):
            continue
        shutil.copyfile(source, dest)


_plugin: EditorPlugin | None = None


def register():
    global _plugin
    _plugin = EditorPlugin()
    signals.initialized.connect(_plugin.initialized)
    signals.finalized.connect(_plugin.finalized)
