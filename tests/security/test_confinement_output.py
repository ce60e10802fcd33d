"""What `make publish` deploys is only what the public may have: every file
in a built output/ is of a deployable type, and nothing internal (the
syndication manifest, caches, build bookkeeping) is among them."""

from __future__ import annotations

from pathlib import Path

# Every type the site legitimately publishes, and where.
PAGES = {".html", ".xml", ".txt"}
IMAGES = {".jpg", ".webp", ".avif"}
DOCUMENTS = {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".csv"}
# The theme's own assets, the search index (Pagefind) and the web editor
# (plugins/editor: the vendored Decap CMS bundle and its generated config)
# may carry script.
ASSET_FOLDERS = {
    "admin": {".js", ".wasm", ".yml"},
    "theme": {".css", ".js", ".svg", ".png", ".ico", ".woff2", ".jpg"},
    "pagefind": {
        ".js",
        ".css",
        ".json",
        ".wasm",
        ".pf_fragment",
        ".pf_index",
        ".pf_meta",
        ".pagefind",
    },
}
PRECOMPRESSED = {".gz", ".br"}
INTERNAL_NAMES = {"manifest.json", "last-build.json", "index.json", "fbs-findings.json"}


def deployable(rel: Path) -> bool:
    suffix = rel.suffix.lower()
    if suffix in PRECOMPRESSED:
        return deployable(rel.with_suffix(""))
    if rel.name in INTERNAL_NAMES or rel.name.startswith("."):
        return False
    folder = rel.parts[0] if len(rel.parts) > 1 else ""
    if folder in ASSET_FOLDERS:
        return suffix in ASSET_FOLDERS[folder] | PAGES
    if suffix == ".json":
        return False
    return suffix in PAGES | IMAGES | DOCUMENTS


def test_every_output_file_is_deployable(sample_site):
    files = [p.relative_to(sample_site) for p in sample_site.rglob("*") if p.is_file()]
    assert len(files) > 50
    refused = [str(rel) for rel in files if not deployable(rel)]
    assert not refused, refused
    assert not (sample_site / "syndication").exists()


def test_manifest_is_written_beside_output_not_inside(sample_site):
    manifest = sample_site.parent / "build" / "syndication" / "manifest.json"
    assert manifest.is_file()
    assert not list(sample_site.rglob("manifest.json"))


def test_allowlist_refuses_internal_files():
    for name in (
        "syndication/manifest.json",
        "media/last-build.json",
        "evil.svg",
        "x.js",
        "a.json",
    ):
        assert not deployable(Path(name)), name
    assert deployable(Path("theme/js/video-facade.js"))
    assert deployable(Path("index.html.br"))
