"""plugins.compress on a small folder: minifies, precompresses, and skips unchanged files."""

from __future__ import annotations

import gzip

import brotli
import pytest

from plugins.compress import SiteCompressor, minify_text

PAGE = """<!doctype html>
<html lang="id">
  <head>
    <meta charset="utf-8">
    <title>Uji</title>
    <style>
      body   { color : #000000 ; }
    </style>
  </head>
  <body>
    <!-- komentar -->
    <p>  Halo   dunia  </p>
  </body>
</html>
"""


@pytest.fixture
def site(tmp_path):
    out = tmp_path / "output"
    (out / "theme").mkdir(parents=True)
    (out / "index.html").write_text(PAGE, encoding="utf-8")
    (out / "theme" / "site.css").write_text("a  {  color : #ff0000 ;  }\n", encoding="utf-8")
    (out / "theme" / "app.js").write_text("const  answer = 40 + 2 ;\nconsole.log( answer );\n")
    (out / "photo.jpg").write_bytes(b"\xff\xd8\xff not text")
    return out, {"CACHE_PATH": str(tmp_path / "cache")}


def test_minifies_and_writes_identical_gzip_and_brotli(site):
    out, settings = site
    stats = SiteCompressor(str(out), settings).run()
    html = (out / "index.html").read_bytes()
    assert len(html) < len(PAGE.encode()) * 0.8
    assert (b"komentar" not in html and b'lang="id"' in html) or b"lang=id" in html
    assert gzip.decompress((out / "index.html.gz").read_bytes()) == html
    assert brotli.decompress((out / "index.html.br").read_bytes()) == html
    assert (out / "theme" / "site.css").read_text() == "a{color:red}"
    assert "const" in (out / "theme" / "app.js").read_text()
    assert not (out / "photo.jpg.gz").exists()
    assert stats["compressed"] == 3


def test_unchanged_files_are_not_compressed_again(site):
    out, settings = site
    SiteCompressor(str(out), settings).run()
    # A rebuild rewrites the page unminified, as Pelican does.
    (out / "index.html").write_text(PAGE, encoding="utf-8")
    stats = SiteCompressor(str(out), settings).run()
    assert stats["compressed"] == 0
    (out / "index.html").write_text(PAGE.replace("Halo", "Selamat pagi"), encoding="utf-8")
    stats = SiteCompressor(str(out), settings).run()
    assert stats["compressed"] == 1
    assert b"Selamat pagi" in gzip.decompress((out / "index.html.gz").read_bytes())


def test_switches(site):
    out, settings = site
    SiteCompressor(str(out), {**settings, "COMPRESS_MINIFY": False}).run()
    assert (out / "index.html").read_text() == PAGE
    assert (out / "index.html.br").exists()


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("p { margin : 0px ; }", ".css", "p{margin:0}"),
        ("<p>a</p>", ".txt", "<p>a</p>"),
    ],
)
def test_minify_text_table(text, suffix, expected):
    assert minify_text(text, suffix) == expected


def test_pages_compressed_in_the_background_are_redone_if_changed_later(site):
    """content_written starts work early; a file changed afterwards (by a later
    plugin) must still end up minified and compressed from its final bytes."""
    from types import SimpleNamespace

    from plugins.compress import CompressPlugin

    compress = CompressPlugin()
    out, settings = site
    settings = {**settings, "OUTPUT_PATH": str(out)}
    compress.page_written(str(out / "index.html"), settings)
    compress.page_written(str(out / "theme" / "site.css"), settings)
    later = PAGE.replace("Halo", "Diubah plugin lain")
    compress.current._flush_batch()  # pages go to workers in batches
    compress.current._pending[0].result()
    (out / "index.html").write_text(later, encoding="utf-8")
    compress.compress_site(SimpleNamespace(settings=settings, output_path=str(out)))
    html = (out / "index.html").read_bytes()
    assert b"Diubah plugin lain" in html and b"komentar" not in html
    assert gzip.decompress((out / "index.html.gz").read_bytes()) == html
    assert brotli.decompress((out / "theme" / "site.css.br").read_bytes()) == b"a{color:red}"
    assert compress.current is None


def test_a_page_written_identical_to_the_last_build_is_not_minified_or_compressed_again(
    site, monkeypatch
):
    """Pelican rewrites every page, unminified, in each build. A page whose
    bytes are the same as last time gets its minified form back from its .gz
    twin; neither twin is written again and the minifier is not called."""
    import plugins.compress as compress

    out, settings = site
    settings = {**settings, "COMPRESS_WORKERS": 0}
    SiteCompressor(str(out), settings).run()
    minified = (out / "index.html").read_bytes()
    twins = [out / "index.html.gz", out / "index.html.br", out / "theme" / "site.css.br"]
    before = {p: p.stat().st_mtime_ns for p in twins}
    (out / "index.html").write_text(PAGE, encoding="utf-8")  # as Pelican writes it again
    (out / "theme" / "site.css").write_text("a  {  color : #ff0000 ;  }\n", encoding="utf-8")

    def no_minify(text, suffix):
        raise AssertionError("minified again")

    monkeypatch.setattr(compress, "minify_text", no_minify)
    stats = SiteCompressor(str(out), settings).run()
    assert stats["compressed"] == 0
    assert (out / "index.html").read_bytes() == minified
    assert (out / "theme" / "site.css").read_text() == "a{color:red}"
    assert {p: p.stat().st_mtime_ns for p in twins} == before


def test_a_folder_still_being_written_is_done_last_after_its_writer_finished(site):
    """Pagefind writes output/pagefind/ in its own process until `finalized`:
    every other file is minified and precompressed first, then the writer is
    waited for, then that folder's files get their twins."""
    out, settings = site
    late = out / "pagefind"
    late.mkdir()
    (late / "half-written.js").write_text("var  a = 1 ;\n")  # there before the writer is done
    seen = {}

    def finish():
        seen["page twins"] = (out / "index.html.br").exists() and (
            out / "theme" / "app.js.gz"
        ).exists()
        seen["late twins"] = (late / "half-written.js.br").exists()
        (late / "pagefind-ui.js").write_text("console.log( 'cari' );\n")

    stats = SiteCompressor(str(out), {**settings, "COMPRESS_WORKERS": 2}).run([(str(late), finish)])
    assert seen == {"page twins": True, "late twins": False}
    for name in ("half-written.js", "pagefind-ui.js"):
        data = (late / name).read_bytes()
        assert gzip.decompress((late / f"{name}.gz").read_bytes()) == data
        assert brotli.decompress((late / f"{name}.br").read_bytes()) == data
    assert stats["files"] == 5


def test_the_plugin_takes_a_late_writer_only_for_a_build_it_compresses(tmp_path):
    from types import SimpleNamespace

    import plugins.compress as compress

    plugin = compress.CompressPlugin()
    out = tmp_path / "output"
    out.mkdir()
    called = []
    assert plugin.defer(str(out / "pagefind"), lambda: called.append(1)) is False
    settings = {
        "OUTPUT_PATH": str(out),
        "CACHE_PATH": str(tmp_path / "cache"),
        "COMPRESS_WORKERS": 0,
    }
    settings.update({k: v for k, v in compress.DEFAULTS.items() if k not in settings})
    plugin.page_written(str(out / "index.html"), settings)  # the build has begun
    assert plugin.defer(str(tmp_path / "elsewhere"), lambda: called.append(2)) is False
    assert plugin.defer(str(out / "pagefind"), lambda: called.append(3)) is True
    plugin.compress_site(SimpleNamespace(settings=settings, output_path=str(out)))
    assert called == [3]
    assert plugin.late == [] and plugin.current is None


def test_large_files_take_their_twins_from_the_cache_after_the_output_is_deleted(site, monkeypatch):
    """A production build deletes the output first. Files of at least
    COMPRESS_BLOB_MIN_BYTES (the editor bundle, Pagefind's scripts) get their
    twins back from CACHE_PATH, keyed by their digest, instead of being
    compressed again; pages stay out of that store; a changed file's old
    twins are dropped from it."""
    import shutil

    import plugins.compress as compress

    out, settings = site
    settings = {**settings, "COMPRESS_WORKERS": 0, "COMPRESS_BLOB_MIN_BYTES": 4096}
    bundle = "".join(f"function f{i}(a){{return a*{i}+{i % 7};}}\n" for i in range(400))
    (out / "admin").mkdir()
    (out / "admin" / "bundle.js").write_text(bundle)
    pristine = out.parent / "pristine"
    shutil.copytree(out, pristine)
    first = SiteCompressor(str(out), {**settings, "COMPRESS_MINIFY_EXCLUDE": ("admin/*",)}).run()
    assert first["reused"] == 0
    store = out.parent / "cache" / compress.BLOB_DIR
    assert len(list(store.iterdir())) == 2, "only the bundle's two twins are kept"
    twins = {n: (out / "admin" / n).read_bytes() for n in ("bundle.js.gz", "bundle.js.br")}

    shutil.rmtree(out)
    shutil.copytree(pristine, out)
    calls = []
    real = compress.compress_bytes
    monkeypatch.setattr(compress, "compress_bytes", lambda *a: calls.append(len(a[0])) or real(*a))
    again = SiteCompressor(str(out), {**settings, "COMPRESS_MINIFY_EXCLUDE": ("admin/*",)}).run()
    assert again["reused"] == 1
    assert len(calls) == 3 and max(calls) < 4096, "only the small files are compressed again"
    assert {n: (out / "admin" / n).read_bytes() for n in twins} == twins

    (out / "admin" / "bundle.js").write_text(bundle + "f1(2);\n")
    SiteCompressor(str(out), {**settings, "COMPRESS_MINIFY_EXCLUDE": ("admin/*",)}).run()
    kept = sorted(p.name for p in store.iterdir())
    assert len(kept) == 2 and not any(n.startswith(compress._digest(bundle.encode())) for n in kept)
    assert brotli.decompress((out / "admin" / "bundle.js.br").read_bytes()).endswith(b"f1(2);\n")
