"""plugins.incremental: a rebuild that skips pages gives the very site a cold build gives.

Each test starts from one full build of the sample content (restored from a
snapshot with its mtimes, so the plugin's record still matches), applies one
edit, rebuilds incrementally in place, builds the edited content cold in a
fresh folder, and compares every output file byte for byte. The only files
allowed to differ are those a cold build does not write at all: outputs of
content that is gone, which Pelican leaves in place today.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from plugins.bkd_content.frontmatter import ARTICLE_FIELDS
from tests.conftest import SAMPLE_CONTENT, TEST_NOW, run_pelican

ARTICLE = "articles/layanan-jemput-bola-kepegawaian-di-alor.md"
OWN_PAGE = "2026/07/layanan-jemput-bola-kepegawaian-di-alor/index.html"
# Search and the syndication manifest have their own change tracking (and the
# manifest carries the build's clock): not what is compared here.
EXTRA = {"SEARCH_PAGEFIND": False}
NOT_COMPARED = re.compile(r"^(syndication-manifest\.json|pagefind/.*)$")
# "build" holds what plugins write beside the output (syndication manifest).
SNAPSHOT_DIRS = ("content", "output", "pelican-cache", "build")

# One new value per front-matter field of the author guide. A field added to
# ARTICLE_FIELDS fails test_every_field_has_an_edit until it has one here.
FIELD_EDITS = {
    "title": "Layanan Jemput Bola di Kalabahi Diperpanjang",
    "date": "2026-07-15 10:00",
    "category": "Berita",
    "modified": "2026-07-20 09:00",
    "tags": "layanan, Alor",
    "summary": "Ringkasan baru: tim BKD melayani ASN di Alor selama tiga hari.",
    "author": "Redaksi BKD NTT",
    "image": "images/kegiatan-alor-2.jpg",
    "imagealt": "Peserta kegiatan berdiri di tepi pantai Kalabahi",
    "imagecredit": "Foto: Humas BKD NTT",
    "imagefocus": "0.3, 0.4",
    "gallery": (
        "images/kegiatan-alor-2.jpg | Narasumber di aula | Ilustrasi: BKD NTT\n"
        "    images/kegiatan-alor-3.jpg | Peserta sebelum sesi | Ilustrasi: BKD NTT"
    ),
    "video": "Qm7hT2vLx9A",
    "videofile": "video/jemput-bola-alor.mp4",
    "status": "draft",
    "syndicate": "facebook, x",
    "slug": "jemput-bola-alor",
    "waive": "FBS-8.phone baris 30: nomor layanan resmi",
    "videocredit": "Video: Humas BKD NTT",
    "xtext": "Layanan jemput bola BKD NTT di Alor.",
    "facebooktext": "Tim BKD NTT melayani ASN di Alor selama tiga hari.",
    "instagramtext": "Layanan jemput bola di Alor.",
    "changenote": "2026-07-20 09:00 | Jumlah peserta diperbaiki.",
    "withdrawnnote": "Kegiatan dibatalkan.",
    "attachments": "dokumen/contoh-formulir-permintaan-cuti.pdf | Formulir cuti",
    "dasarhukum": "https://jdih.bkn.go.id/ | PP 11 Tahun 2017",
    "sumber": "https://www.bkn.go.id/ | Badan Kepegawaian Negara",
}


def set_field(text: str, field: str, value: str) -> str:
    """Replace (with its continuation lines) or add one front-matter field."""
    head, sep, body = text.partition("\n\n")
    lines, out, skipping = head.split("\n"), [], False
    for line in lines:
        if skipping and line.startswith("    "):
            continue
        skipping = line.split(":", 1)[0].strip().lower() == field
        if not skipping:
            out.append(line)
    out.append(f"{field}: {value}")
    return "\n".join(out) + sep + body


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory, media_cache) -> Path:
    """The sample content and one full build of it, kept to be restored."""
    root = tmp_path_factory.mktemp("incremental-base")
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    result = build(root, media_cache)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def build(root: Path, media_cache: Path, *, now: str = TEST_NOW, extra: dict | None = None):
    return run_pelican(
        root / "content",
        root / "output",
        extra={**EXTRA, **(extra or {})},
        now=now,
        media_cache=media_cache,
    )


class Site:
    """One test's work: the snapshot restored at the snapshot's own paths (the
    record names the output folder), and a cold folder beside it."""

    def __init__(self, snapshot: Path, tmp_path: Path, media_cache: Path):
        self.root, self.media_cache = snapshot, media_cache
        self.saved = tmp_path / "saved"
        self.cold = tmp_path / "cold"
        for name in SNAPSHOT_DIRS:
            shutil.copytree(snapshot / name, self.saved / name)  # copy2 keeps mtime_ns

    def restore(self) -> None:
        for name in SNAPSHOT_DIRS:
            shutil.rmtree(self.root / name)
            shutil.copytree(self.saved / name, self.root / name)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def edit(self, rel: str, change) -> None:
        path = self.content / rel
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    def rebuild(self, **kwargs) -> dict:
        """The incremental rebuild; returns the plugin's counts."""
        result = build(self.root, self.media_cache, **kwargs)
        assert result.returncode == 0, result.stdout + result.stderr
        return last_build(self.root)

    def cold_build(self, **kwargs) -> Path:
        self.cold.mkdir(exist_ok=True)
        shutil.copytree(self.content, self.cold / "content")
        result = build(self.cold, self.media_cache, **kwargs)
        assert result.returncode == 0, result.stdout + result.stderr
        return self.cold / "output"

    def assert_same_as_cold(self, **kwargs) -> None:
        cold = self.cold_build(**kwargs)
        before = {p.relative_to(self.saved / "output") for p in files(self.saved / "output")}
        warm = {p.relative_to(self.output): p for p in files(self.output)}
        fresh = {p.relative_to(cold): p for p in files(cold)}
        missing = sorted(str(rel) for rel in fresh if rel not in warm)
        assert not missing, f"not written by the rebuild: {missing}"
        extra = sorted(str(rel) for rel in warm if rel not in fresh and rel not in before)
        assert not extra, f"written by the rebuild only: {extra}"
        different = sorted(
            str(rel)
            for rel, path in fresh.items()
            if not NOT_COMPARED.match(str(rel)) and path.read_bytes() != warm[rel].read_bytes()
        )
        assert not different, f"differ from a cold build: {different}"


def files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def last_build(root: Path) -> dict:
    """What plugins.incremental did in the last build (its record in CACHE_PATH)."""
    record = json.loads((root / "pelican-cache" / "incremental.json").read_text())
    return record["last_build"]


@pytest.fixture
def site(snapshot, tmp_path, media_cache):
    work = Site(snapshot, tmp_path, media_cache)
    yield work
    work.restore()


def test_every_field_has_an_edit():
    assert set(FIELD_EDITS) == set(ARTICLE_FIELDS)


def test_no_change_ends_the_build_early(site):
    result = site.rebuild()
    assert result.get("unchanged") and result["rendered"] == 0
    site.assert_same_as_cold()


def test_touched_source_renders_nothing(site):
    """A source saved without a change (new mtime, same text) makes Pelican
    read the content again, and nothing needs rendering."""
    source = site.content / ARTICLE
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    result = site.rebuild()
    assert not result.get("unchanged") and not result["full"]
    assert result["rendered"] == 0 and result["skipped"] > 50
    site.assert_same_as_cold()


def test_body_edit_renders_only_its_own_page(site):
    site.edit(ARTICLE, lambda t: t.replace("menggelar layanan", "kembali menggelar layanan"))
    result = site.rebuild()
    assert result["rendered"] == 1 and result["skipped"] > 50 and not result["full"]
    site.assert_same_as_cold()


def test_errors_are_shown_again_by_the_next_build(site):
    """A build that logged an error never lets the next one end early: the
    author sees the error at every build until it is fixed."""
    site.edit(ARTICLE, lambda t: set_field(t, "category", "Tidak Ada"))
    first = build(site.root, site.media_cache)
    second = build(site.root, site.media_cache)
    assert "Tidak Ada" in first.stdout + first.stderr
    assert "Tidak Ada" in second.stdout + second.stderr
    assert not last_build(site.root).get("unchanged")


def test_body_edit_that_changes_a_derived_summary(site):
    """A page without Summary: shows the body's first words where it is listed."""
    site.edit("pages/profil.md", lambda t: re.sub(r"(?m)^Summary:.*\n", "", t))
    site.rebuild()
    site.edit("pages/profil.md", lambda t: t.replace("\n\n", "\n\nKalimat pembuka baru. ", 1))
    site.rebuild()
    site.assert_same_as_cold()


@pytest.mark.parametrize("field", sorted(ARTICLE_FIELDS))
def test_each_field(site, field):
    site.edit(ARTICLE, lambda t: set_field(t, field, FIELD_EDITS[field]))
    site.rebuild()
    site.assert_same_as_cold()


def test_new_article(site):
    source = (site.content / ARTICLE).read_text(encoding="utf-8")
    new = set_field(source, "title", "Layanan Jemput Bola di Rote Ndao")
    (site.content / "articles/layanan-jemput-bola-rote-ndao.md").write_text(new, encoding="utf-8")
    assert site.rebuild()["full"]
    site.assert_same_as_cold()


def test_deleted_article(site):
    (site.content / ARTICLE).unlink()
    assert site.rebuild()["full"]
    assert (site.output / OWN_PAGE).exists()  # stale, as Pelican leaves it
    site.assert_same_as_cold()


def test_withdrawn_article(site):
    site.edit(
        ARTICLE,
        lambda t: set_field(set_field(t, "status", "ditarik"), "withdrawnnote", "Dibatalkan."),
    )
    site.rebuild()
    site.assert_same_as_cold()


def test_photo_replaced(site):
    photos = site.content / "images"
    shutil.copyfile(photos / "netralitas-asn.jpg", photos / "kegiatan-alor-1.jpg")
    assert site.rebuild()["full"]
    site.assert_same_as_cold()


def test_template_edited(site):
    # The theme is the project's, not the content's: edit a copy through THEME.
    theme = site.root / "theme"
    shutil.copytree(Path(__file__).resolve().parents[2] / "theme", theme, dirs_exist_ok=True)
    extra = {"THEME": str(theme)}
    site.rebuild(extra=extra)
    card = theme / "templates" / "partials" / "article_card.html"
    card.write_text(card.read_text(encoding="utf-8") + "<!-- kartu -->\n", encoding="utf-8")
    assert site.rebuild(extra=extra)["full"]
    site.assert_same_as_cold(extra=extra)
    shutil.rmtree(theme)


def test_setting_changed_with_e(site):
    extra = {"DEFAULT_PAGINATION": 4}
    assert site.rebuild(extra=extra)["full"]
    site.assert_same_as_cold(extra=extra)


def test_taxonomy_changed(site):
    site.edit(
        "taxonomy.toml",
        lambda t: t.replace(
            "Kabar terbaru seputar kepegawaian", "Kabar paling baru seputar kepegawaian"
        ),
    )
    assert site.rebuild()["full"]
    site.assert_same_as_cold()


def test_clock_moves_an_announcement_out_of_the_home_page(site):
    """The 90-day window closes at the announcement's hour, not at midnight:
    both builds are on one date, before and after Seleksi PPPK (2026-09-14
    10:00 WITA) leaves it."""
    before, after = "2026-12-13T09:00:00+08:00", "2026-12-13T11:00:00+08:00"
    site.rebuild(now=before)
    cold_before = site.cold_build(now=before)
    home_before = (cold_before / "index.html").read_bytes()
    shutil.rmtree(site.cold)
    assert site.rebuild(now=after)["full"]
    site.assert_same_as_cold(now=after)
    assert (site.cold / "output" / "index.html").read_bytes() != home_before


def test_output_deleted_or_edited_by_hand_is_rendered_again(site):
    (site.output / OWN_PAGE).unlink()
    (site.output / "kategori" / "berita" / "index.html").write_text("diubah", encoding="utf-8")
    result = site.rebuild()
    assert result["rendered"] == 2 and not result["full"]
    site.assert_same_as_cold()


def test_a_file_named_by_a_setting_is_watched(site, tmp_path):
    """deploy/withdrawn.txt (DEPLOY_WITHDRAWN_FILE) lives outside the content;
    the webserver plugin writes the nginx include from it."""
    withdrawn = tmp_path / "withdrawn.txt"
    withdrawn.write_text("# kosong\n", encoding="utf-8")
    extra = {"DEPLOY_WITHDRAWN_FILE": str(withdrawn)}
    site.rebuild(extra=extra)
    assert site.rebuild(extra=extra).get("unchanged")
    withdrawn.write_text("/2025/01/artikel-lama/\n", encoding="utf-8")
    assert not site.rebuild(extra=extra).get("unchanged")
    site.assert_same_as_cold(extra=extra)


@pytest.mark.parametrize(
    "lost", ["pelican-cache/fbs-findings.json", "build/syndication/manifest.json"]
)
def test_a_lost_cache_or_file_beside_the_output_means_a_build(site, lost):
    (site.root / lost).unlink()
    result = site.rebuild()
    assert not result.get("unchanged") and result["rendered"] == 0
    assert (site.root / lost).exists()
    site.assert_same_as_cold()


def test_record_is_in_the_cache(site):
    record = json.loads((site.root / "pelican-cache" / "incremental.json").read_text())
    assert OWN_PAGE in {rel for entries in record["files"].values() for rel, *_ in entries}


def test_production_renders_everything(site, tmp_path):
    result = run_pelican(
        site.content,
        tmp_path / "prod",
        settings="publishconf.py",
        extra={**EXTRA, "COMPRESS_ENABLED": False, "CACHE_PATH": str(tmp_path / "c")},
        media_cache=site.media_cache,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "c" / "incremental.json").exists()


def test_make_build_layout_ends_early_and_still_sees_its_inputs(site):
    """`make build` runs where the output's parent is the working folder, so
    the nginx include every build rewrites (DEPLOY_GONE_INCLUDE,
    build/nginx/gone.conf) is at the same relative path as a setting names:
    it must count as something the build leaves, not as an input, or no
    build would ever end early. A withdrawn list named the same way (relative)
    is still seen when it changes."""
    (site.root / "deploy").mkdir(exist_ok=True)
    withdrawn = site.root / "deploy" / "withdrawn.txt"
    withdrawn.write_text("# kosong\n", encoding="utf-8")

    def rebuild() -> dict:
        result = run_pelican(
            site.content,
            site.output,
            extra={**EXTRA, "DEPLOY_WITHDRAWN_FILE": "deploy/withdrawn.txt"},
            now=TEST_NOW,
            media_cache=site.media_cache,
            cwd=site.root,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return last_build(site.root)

    rebuild()
    assert (site.root / "build" / "nginx" / "gone.conf").exists()
    assert rebuild().get("unchanged")
    withdrawn.write_text("/2025/01/artikel-lama/\n", encoding="utf-8")
    assert not rebuild().get("unchanged")
    assert rebuild().get("unchanged")
