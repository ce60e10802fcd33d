"""The web editor in real Chromium with its local backend (decap-server, git mode)
on a temporary git copy of the fixture content: an author writes an article
with a photo and a gallery of two and submits it for review; the files written
are what the project's parser, `fbs check` and a Pelican build expect. Editing
one field of an existing article is a one-line diff. The screenshots of the
author guide (docs/screenshots/editor-*.png) are taken here
(written there with BKD_UPDATE_SCREENSHOTS=1).

Under CI=true a missing Chromium, Playwright or node fails these tests."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from plugins.bkd_content.frontmatter import (
    parse_front_matter,
    parse_gallery,
    validate_front_matter,
)
from plugins.bkd_content.taxonomy import load_taxonomy
from plugins.editor import DEFAULTS, local, write_admin
from tests._support import sitekit
from tests.conftest import SAMPLE_CONTENT, run_pelican
from tests.editor.test_counter import with_gps

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# The author guide's screenshots are refreshed on request only
# (BKD_UPDATE_SCREENSHOTS=1), so an ordinary run leaves the tree clean; the
# test still takes every one of them, into a temporary folder.
SCREENSHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("BKD_UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.mkdtemp(prefix="editor-shots-"))
)
PHOTOS = SAMPLE_CONTENT / "images"
EXISTING = "layanan-jemput-bola-kepegawaian-di-alor"
NEW_TITLE = "Sosialisasi Manajemen Talenta bagi ASN di Kupang"
NEW_SLUG = "sosialisasi-manajemen-talenta-bagi-asn-di-kupang"
BRANCH_NEW = f"cms/articles/{NEW_SLUG}"
BRANCH_EDIT = f"cms/articles/{EXISTING}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(site server, repo): /admin/ served from a temporary folder, decap-server on a
    git repository holding a copy of the fixture content."""
    if shutil.which("node") is None:
        sitekit.unavailable("node not found (Debian's nodejs; .ci/run installs it)")
    if not local.install_server():
        sitekit.unavailable("decap-server could not be installed (npm ci in plugins/editor)")
    base = tmp_path_factory.mktemp("editor")
    repo = base / "repo"
    shutil.copytree(SAMPLE_CONTENT, repo / "content")
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(repo)], check=True)
    git(repo, "config", "user.name", "Penulis Uji")
    git(repo, "config", "user.email", "penulis@localhost")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "fixture content")

    port = free_port()
    site = base / "site"
    settings = {
        **DEFAULTS,
        "EDITOR_LOCAL_BACKEND": True,
        "EDITOR_LOCAL_BACKEND_URL": f"http://127.0.0.1:{port}/api/v1",
        "EDITOR_TAXONOMY": str(repo / "content" / "taxonomy.toml"),
        "SITEURL": "",
        "SITENAME": "BKD Provinsi NTT",
        "THEME_STATIC_DIR": "theme",
    }
    write_admin(site / "admin", settings)
    (site / "theme" / "css").mkdir(parents=True)
    shutil.copyfile(ROOT / "theme/static/css/site.css", site / "theme/css/site.css")

    log = (base / "decap-server.log").open("w")
    server = local.start_server(repo, port, log=log)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1", timeout=1)
        except urllib.error.HTTPError:
            break  # it answers (GET is not its API)
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail((base / "decap-server.log").read_text())
            time.sleep(0.2)
        else:
            break
    # The production Content-Security-Policy (deploy/nginx/editor.conf),
    # widened only by the local backend's address: uploads and saves run as
    # they will online (Decap reads a new photo back through a blob: URL).
    policy = production_policy().replace(
        "connect-src 'self'", f"connect-src 'self' http://127.0.0.1:{port}"
    )
    http = serve_with_policy(site, policy)
    yield http, repo, port
    http.stop()
    server.terminate()
    server.wait(timeout=10)
    log.close()


class PolicyHandler(sitekit.PrecompressedHandler):
    """The test server's handler, plus the Content-Security-Policy header and
    config.yml's type as deploy/nginx/editor.conf sends them."""

    policy = ""
    extensions_map: ClassVar[dict[str, str]] = {
        **sitekit.PrecompressedHandler.extensions_map,
        ".yml": "text/yaml",
    }

    def end_headers(self):
        if self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()


def serve_with_policy(root: Path, policy: str) -> sitekit.Server:
    handler = type("Handler", (PolicyHandler,), {"policy": policy})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="editor-site", daemon=True)
    thread.start()
    return sitekit.Server(root, httpd, thread)


def production_policy() -> str:
    conf = (ROOT / "deploy" / "nginx" / "editor.conf").read_text(encoding="utf-8")
    return re.search(r'add_header Content-Security-Policy "([^"]+)"', conf).group(1)


@pytest.fixture
def page(browser, editor):
    """The editor signed in to the local backend (served under the production
    Content-Security-Policy, see the editor fixture)."""
    http, _, _ = editor
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=http.base_url, locale="id-ID"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto("/admin/")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Artikel", exact=True).first.wait_for()
    yield page
    context.close()
    assert violations == []
    foreign = [u for u in requests if not u.startswith(("http://127.0.0.1:", "data:", "blob:"))]
    assert foreign == [], "the editor must not load anything from outside"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"editor-{name}.png"))


def choose_photo(page, button, photo: Path) -> None:
    """The image widget: 'Pilih foto' opens the media library; upload, then use it."""
    button.click()
    dialog = page.get_by_role("dialog")
    with page.expect_file_chooser() as chooser:
        dialog.get_by_text("Unggah", exact=True).click()
    chooser.value.set_files(str(photo))
    dialog.get_by_text(photo.name).first.wait_for()
    dialog.get_by_role("button", name="Pakai yang dipilih").click()
    dialog.wait_for(state="detached")


def test_new_article_with_photo_and_gallery_submitted_for_review(page, editor, tmp_path):
    _, repo, _ = editor
    # Photos from the author's phone: new files, under the names they upload with.
    phone = tmp_path / "ponsel"
    phone.mkdir()
    # The lead photo carries a GPS position, as phones write by default.
    with_gps(PHOTOS / "kegiatan-alor-1.jpg", phone / "talenta-utama.jpg")
    for source, name in (
        ("kegiatan-alor-2.jpg", "talenta-narasumber.jpg"),
        ("kegiatan-alor-3.jpg", "talenta-peserta.jpg"),
    ):
        shutil.copyfile(PHOTOS / source, phone / name)
    page.goto("/admin/#/collections/articles/new")
    page.get_by_label("Judul").fill(NEW_TITLE)
    page.get_by_label("Tanggal terbit (WITA)").fill("2026-11-20T09:30")
    page.get_by_label("Kategori").click()
    page.get_by_text("Kegiatan", exact=True).click()
    tags = page.get_by_label("Tag (tidak wajib)")
    tags.fill("Manajemen Talenta, kupang")  # the comma adds the first one
    tags.press("Enter")
    # Known tags take the taxonomy's spelling; each can be removed again.
    assert page.locator("[data-bkd-tags] button").all_inner_texts() == [
        "manajemen talenta ×",
        "Kupang ×",
    ]
    page.get_by_label("Ringkasan (tidak wajib)").fill(
        "BKD NTT mengenalkan manajemen talenta kepada pengelola kepegawaian di Kupang."
    )
    shot(page, "1-formulir")
    body = page.locator("[data-slate-editor]").first
    body.click()
    body.type(
        "BKD Provinsi NTT menggelar sosialisasi manajemen talenta bagi pengelola "
        "kepegawaian perangkat daerah di Kupang."
    )
    choose_photo(
        page, page.get_by_role("button", name="Pilih foto").first, phone / "talenta-utama.jpg"
    )
    warning = page.locator("[data-bkd-gps-warning]")
    warning.wait_for()
    assert "lokasi GPS" in warning.inner_text()
    page.get_by_label("Deskripsi foto (untuk pembaca layar) (tidak wajib)").fill(
        "Peserta sosialisasi mendengarkan narasumber di aula"
    )
    page.get_by_label("Sumber foto (tidak wajib)").fill("Foto: Humas BKD NTT")
    # The focus point: a click on the photo, a quarter from the left, near the bottom.
    focus_photo = page.locator("[data-bkd-focus-image]")
    box = focus_photo.bounding_box()
    focus_photo.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    focus = [float(v) for v in page.get_by_label("Titik fokus foto").input_value().split(",")]
    assert abs(focus[0] - 0.25) <= 0.02 and abs(focus[1] - 0.75) <= 0.02, focus
    warning.evaluate("element => element.scrollIntoView({block: 'start'})")
    shot(page, "2-foto")
    # The preview: the file name before the first save, in the site's stylesheet.
    preview = page.frame_locator("iframe").first
    assert preview.locator("[data-bkd-slug]").inner_text() == (
        f"Nama berkas: content/articles/{NEW_SLUG}.md"
    )
    assert preview.locator("link[rel=stylesheet][href='/theme/css/site.css']").count() == 1
    assert preview.locator("article.article figure.lead img").count() == 1

    for index, (photo, caption) in enumerate(
        [("talenta-narasumber.jpg", "Narasumber menjelaskan"), ("talenta-peserta.jpg", "Peserta")]
    ):
        page.get_by_role("button", name="Tambah galeri foto").click()
        item = page.locator("[id^=gallery-field]").first
        choose_photo(page, item.get_by_role("button", name="Pilih foto").nth(index), phone / photo)
        item.get_by_label("Keterangan foto").nth(index).fill(caption)
        item.get_by_label("Sumber foto (tidak wajib)").nth(index).fill("Foto: Humas BKD NTT")
    assert warning.count() == 1  # the gallery photos carry no position
    shot(page, "3-galeri")

    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Artikel tersimpan").wait_for()
    page.get_by_role("button", name="Status: Konsep").click()
    page.get_by_role("menuitem", name="Diperiksa").click()
    page.get_by_text("Status artikel diubah").wait_for()
    shot(page, "4-diajukan")
    page.goto("/admin/#/workflow")
    page.get_by_text(NEW_TITLE).wait_for()
    shot(page, "5-alur-persetujuan")

    # The review branch holds the article and its three photos in one commit
    # set, as a pull request would; main is untouched until the Kepala merges.
    assert BRANCH_NEW in git(repo, "branch", "--list", "cms/*")
    files = git(repo, "diff", "--name-only", f"main...{BRANCH_NEW}").split()
    assert sorted(files) == sorted(
        [
            f"content/articles/{NEW_SLUG}.md",
            "content/images/talenta-utama.jpg",
            "content/images/talenta-narasumber.jpg",
            "content/images/talenta-peserta.jpg",
        ]
    )
    text = git(repo, "show", f"{BRANCH_NEW}:content/articles/{NEW_SLUG}.md")
    fm = parse_front_matter(text)
    assert validate_front_matter(fm, load_taxonomy(repo / "content" / "taxonomy.toml")) == []
    assert fm.fields["title"] == NEW_TITLE
    assert fm.fields["date"] == "2026-11-20 09:30"
    assert fm.fields["category"] == "Kegiatan"
    assert fm.fields["tags"] == "manajemen talenta, Kupang"
    assert fm.fields["image"] == "images/talenta-utama.jpg"
    assert fm.fields["imagefocus"] == "{:.2f}, {:.2f}".format(*focus)
    gallery = parse_gallery(fm.value_lines["gallery"])
    assert [g.path for g in gallery] == [
        "images/talenta-narasumber.jpg",
        "images/talenta-peserta.jpg",
    ]
    assert [g.alt for g in gallery] == ["Narasumber menjelaskan", "Peserta"]
    assert text.split("\n\n", 1)[1].startswith("BKD Provinsi NTT menggelar")

    # The branch as CI sees it: the FBS gate and a Pelican build.
    checkout = tmp_path / "checkout"
    git(repo, "worktree", "add", "--quiet", str(checkout), BRANCH_NEW)
    gate = subprocess.run(
        [str(Path(sys.executable).with_name("fbs")), "check", "--format", "json", "--no-repo",
         str(checkout / "content" / "articles" / f"{NEW_SLUG}.md")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert gate.returncode in (0, 1), gate.stderr
    findings = json.loads(gate.stdout)
    assert [f for f in findings if f.get("severity") == "error"] == [], findings
    out = tmp_path / "output"
    build = run_pelican(checkout / "content", out)
    assert build.returncode == 0, build.stdout + build.stderr
    (page_html,) = list(out.glob(f"2026/11/{NEW_SLUG}/index.html"))
    html = page_html.read_text(encoding="utf-8")
    assert NEW_TITLE in html
    assert "talenta-utama" in html and "<picture" in html


def test_editing_one_field_of_an_existing_article_is_a_one_line_diff(page, editor):
    _, repo, _ = editor
    page.goto(f"/admin/#/collections/articles/entries/{EXISTING}")
    title = page.get_by_label("Judul")
    title.wait_for()
    title.fill("Layanan Jemput Bola di Kalabahi: BKD NTT Mendekat ke ASN di Alor")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Artikel tersimpan").wait_for()
    diff = git(repo, "diff", "--unified=0", f"main...{BRANCH_EDIT}")
    changed = [
        line for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]  # fmt: skip
    assert changed == [
        "-Title: Layanan Jemput Bola di Kalabahi, BKD NTT Dekati ASN di Alor",
        "+Title: Layanan Jemput Bola di Kalabahi: BKD NTT Mendekat ke ASN di Alor",
    ]


def test_published_editor_starts_under_the_production_csp(browser, tmp_path):
    """/admin/ as `make publish` writes it (GitHub backend), served with the
    Content-Security-Policy of deploy/nginx/editor.conf: Decap starts and shows
    the GitHub sign-in, with no policy violation (it needs 'unsafe-eval')."""
    policy = production_policy()
    site = tmp_path / "site"
    write_admin(
        site / "admin",
        {
            **DEFAULTS,
            "SITEURL": "",
            "SITENAME": "BKD Provinsi NTT",
            "THEME_STATIC_DIR": "theme",
        },
    )
    http = serve_with_policy(site, policy)
    context = browser.new_context(base_url=http.base_url, locale="id-ID")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    # No network: GitHub is never contacted; the sign-in screen needs none.
    page.route(lambda url: not url.startswith(http.base_url), lambda route: route.abort())
    try:
        page.goto("/admin/")
        page.get_by_role("button", name="Masuk dengan akun GitHub").wait_for(timeout=20_000)
    finally:
        context.close()
        http.stop()
    assert problems == []
    assert "'unsafe-eval'" in policy  # without it Decap cannot compile its config schema
