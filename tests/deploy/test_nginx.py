"""deploy/nginx serves a real build: a Debian nginx started on a free port
with the shipped include files, asserted over real HTTP."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import brotli
import pytest
import requests
from lxml import html

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

if NGINX is None:
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is required in CI (.ci/run installs nginx-light)", pytrace=False)
    pytest.skip("nginx is not installed (apt-get install nginx-light)", allow_module_level=True)

ARTICLE = """Title: {title}
Date: 2026-11-0{day} 08:00
Category: Berita
Summary: Ringkasan berita nomor {day} untuk uji server nginx BKD Provinsi NTT.
{image}
Isi berita nomor {day} tentang layanan kepegawaian di Kota Kupang.
"""
WITHDRAWN = "/2026/11/berita-ditarik/"
PREVIEW_PASSWORD = "rahasia-pratinjau"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory, pelican_build):
    root = tmp_path_factory.mktemp("nginx-site")
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "images").mkdir()
    shutil.copy(REPO / "content/images/evaluasi-kinerja-skp.jpg", content / "images")
    image = (
        "Image: images/evaluasi-kinerja-skp.jpg\n"
        "ImageAlt: Ilustrasi lembar evaluasi kinerja di atas meja kerja\n"
        "ImageCredit: Ilustrasi: BKD NTT (CC0)\n"
    )
    (content / "articles" / "berita-satu.md").write_text(
        ARTICLE.format(title="Berita satu untuk server", day=1, image=image), encoding="utf-8"
    )
    (content / "articles" / "berita-dua.md").write_text(
        ARTICLE.format(title="Berita dua untuk server", day=2, image=""), encoding="utf-8"
    )
    withdrawn = root / "withdrawn.txt"
    withdrawn.write_text(f"# ditarik\n{WITHDRAWN}\n", encoding="utf-8")
    out = root / "output"
    result = pelican_build(
        content,
        out,
        extra={
            "DEPLOY_WITHDRAWN_FILE": str(withdrawn),
            "SEARCH_PAGEFIND": True,
            "COMPRESS_ENABLED": True,  # the .gz/.br twins nginx serves (publishconf.py)
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def server(site, tmp_path_factory):
    prefix = tmp_path_factory.mktemp("nginx")
    conf = prefix / "conf"
    rules = conf / "bkd-portal"
    (rules / "optional").mkdir(parents=True)
    for name in ("site.conf", "headers.conf", "editor.conf", "preview.conf"):
        (rules / name).symlink_to(DEPLOY / "nginx" / name)
    # A pull request's preview beside the site, as review-comment.yml rsyncs it.
    previews = prefix / "www"
    shutil.copytree(site, previews / "pratinjau" / "pr-7")
    (rules / "pratinjau.htpasswd").write_text(f"kepala:{{PLAIN}}{PREVIEW_PASSWORD}\n")
    # As in production: /etc/nginx/bkd-portal/gone.conf -> current/nginx/gone.conf.
    (rules / "gone.conf").symlink_to(site.parent / "build" / "nginx" / "gone.conf")
    load = ""
    if BROTLI_MODULE.exists():
        load = f"load_module {BROTLI_MODULE};"
        (rules / "optional" / "brotli.conf").symlink_to(DEPLOY / "nginx" / "brotli.conf")
    (prefix / "logs").mkdir()
    port = free_port()
    (conf / "nginx.conf").write_text(
        f"""{load}
daemon off;
master_process off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/tmp;
    proxy_temp_path {prefix}/tmp;
    fastcgi_temp_path {prefix}/tmp;
    uwsgi_temp_path {prefix}/tmp;
    scgi_temp_path {prefix}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include bkd-portal/site.conf;
        set $bkd_preview_root {previews};
        include bkd-portal/preview.conf;
    }}
}}
""",
        encoding="utf-8",
    )
    command = [NGINX, "-p", str(prefix), "-c", str(conf / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/", timeout=1)
            break
        except requests.ConnectionError:
            if process.poll() is not None:
                pytest.fail((prefix / "error.log").read_text())
            time.sleep(0.05)
    yield {"base": base, "site": site, "brotli": bool(load)}
    process.terminate()
    process.wait(timeout=10)


def get(server, path, **headers):
    return requests.get(
        server["base"] + path, headers=headers, timeout=5, allow_redirects=False, stream=False
    )


def raw(server, path, encoding):
    """The body as sent, without requests' automatic decoding."""
    response = requests.get(
        server["base"] + path, headers={"Accept-Encoding": encoding}, timeout=5, stream=True
    )
    return response, response.raw.read(decode_content=False)


def assert_security_headers(response):
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, response.headers)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def article_path(site: Path) -> str:
    pages = sorted(p for p in site.glob("2026/11/*/index.html"))
    assert pages
    return "/" + pages[0].parent.relative_to(site).as_posix() + "/"


def test_html_is_served_with_security_headers_and_short_caching(server):
    for path in ("/", article_path(server["site"]), "/kategori/berita/"):
        response = get(server, path)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert_security_headers(response)


def test_csp_header_is_the_pages_meta_plus_frame_ancestors(server):
    response = get(server, "/")
    meta = html.fromstring(response.content).xpath(
        "//meta[@http-equiv='Content-Security-Policy']/@content"
    )
    assert meta, "the page lost its CSP <meta>"
    assert response.headers["Content-Security-Policy"] == meta[0] + "; frame-ancestors 'none'"


def test_fingerprinted_theme_assets_are_immutable(server):
    page = get(server, "/").text
    links = re.findall(r"(/theme/css/site\.[0-9a-f]{10}\.css)", page)
    assert links, "the page does not name the fingerprinted stylesheet"
    response = get(server, links[0])
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert_security_headers(response)
    # The unfingerprinted name is gone, so no page can keep a stale copy forever.
    assert get(server, "/theme/css/site.css").status_code == 404


def test_media_derivatives_are_immutable(server):
    photos = sorted((server["site"] / "media").glob("*.webp"))
    assert photos
    response = get(server, "/media/" + photos[0].name)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_card_thumbnails_are_immutable_too(server):
    thumbs = sorted((server["site"] / "media" / "kecil").glob("*.avif"))
    assert thumbs, "the home page's card thumbnails were not built"
    response = get(server, "/media/kecil/" + thumbs[0].name)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/avif"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_precompressed_gzip_is_served_as_is(server):
    for path, file in (("/", "index.html"), ("/feeds/semua.atom.xml", "feeds/semua.atom.xml")):
        response, body = raw(server, path, "gzip")
        assert response.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in response.headers.get("Vary", "")
        # The very bytes the build wrote, not a compression made by nginx.
        assert body == (server["site"] / f"{file}.gz").read_bytes()
        assert gzip.decompress(body) == (server["site"] / file).read_bytes()
    response, body = raw(server, "/", "identity")
    assert "Content-Encoding" not in response.headers
    assert body == (server["site"] / "index.html").read_bytes()


def test_precompressed_brotli_when_the_module_exists(server):
    if not server["brotli"]:
        pytest.skip("libnginx-mod-http-brotli-static is not installed (optional)")
    response, body = raw(server, "/", "br, gzip")
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(body) == (server["site"] / "index.html").read_bytes()


def test_missing_page_is_the_404_page(server):
    response = get(server, "/tidak/ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    assert_security_headers(response)


def test_withdrawn_article_is_410_with_its_page(server):
    for path in (WITHDRAWN, WITHDRAWN + "index.html", WITHDRAWN.rstrip("/")):
        response = get(server, path)
        assert response.status_code == 410, path
        assert "Artikel sudah ditarik" in response.text
        assert_security_headers(response)
    # Only the listed address: its neighbour is an ordinary 404.
    assert get(server, "/2026/11/berita-lain/").status_code == 404


def test_nginx_notes_stay_outside_the_output(server):
    assert (server["site"].parent / "build" / "nginx" / "gone.conf").is_file()
    assert not list(server["site"].rglob("*.conf"))


def test_feed_and_pagefind_types(server):
    assert (
        get(server, "/feeds/semua.atom.xml")
        .headers["Content-Type"]
        .startswith("application/atom+xml")
    )
    assert (
        get(server, "/feeds/semua.rss.xml")
        .headers["Content-Type"]
        .startswith("application/rss+xml")
    )
    pagefind = server["site"] / "pagefind"
    expected = {
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
        ".pagefind": "application/octet-stream",
        ".js": "application/javascript",
        ".json": "application/json",
    }
    seen = set()
    for file in pagefind.rglob("*"):
        if file.suffix not in expected or not file.is_file():
            continue
        response = get(server, "/" + file.relative_to(server["site"]).as_posix())
        assert response.status_code == 200, file
        assert response.headers["Content-Type"].split(";")[0] == expected[file.suffix], file
        seen.add(file.suffix)
    assert {".pf_meta", ".pf_index", ".pf_fragment", ".pagefind"} <= seen


def test_directory_without_slash_redirects_relatively(server):
    response = get(server, "/kategori/berita")
    assert response.status_code == 301
    assert response.headers["Location"] == "/kategori/berita/"


def test_production_server_block_uses_the_tested_includes():
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert "include bkd-portal/site.conf;" in text
    assert "root /srv/bkd-portal/current/site;" in text
    rules = (DEPLOY / "nginx" / "site.conf").read_text(encoding="utf-8")
    for include in re.findall(r"include (bkd-portal/[^;]+);", rules):
        name = include.removeprefix("bkd-portal/")
        assert name in ("optional/*.conf", "gone.conf") or (DEPLOY / "nginx" / name).is_file()


def test_preview_needs_a_password_and_is_never_indexed(server):
    anonymous = get(server, "/pratinjau/pr-7/")
    assert anonymous.status_code == 401
    assert anonymous.headers["X-Robots-Tag"] == "noindex, nofollow"
    auth = requests.auth.HTTPBasicAuth("kepala", PREVIEW_PASSWORD)
    for path in ("/pratinjau/pr-7/", "/pratinjau/pr-7/robots.txt"):
        response = requests.get(server["base"] + path, auth=auth, timeout=5)
        assert response.status_code == 200, path
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
        assert response.headers["Cache-Control"] == "no-store"
        assert_security_headers(response)
    # The public site is not behind the password, and is indexed.
    public = get(server, "/")
    assert public.status_code == 200 and "X-Robots-Tag" not in public.headers


def test_the_editor_has_its_own_policy_and_is_not_indexed(server):
    response = get(server, "/admin/")
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    csp = response.headers["Content-Security-Policy"]
    assert "connect-src 'self' blob: https://api.github.com" in csp
    assert "frame-ancestors 'none'" in csp
    # The public pages keep theirs, without the editor's allowances.
    assert "'unsafe-eval'" not in get(server, "/").headers["Content-Security-Policy"]
    config = get(server, "/admin/config.yml")
    assert config.status_code == 200 and config.headers["Content-Type"].startswith("text/yaml")
