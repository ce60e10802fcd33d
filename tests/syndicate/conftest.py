"""Fixtures for the syndication engine: a local "live site", the sandbox, and
the real CLI run in separate processes.

- ``live_site``: a static web server standing in for the deployed portal. It
  serves each test article's page (so the 200 check passes) and its images
  (the sandbox really downloads Instagram images; X images are uploaded).
- ``sandbox``: the social API sandbox (bkd_sandbox.testing), reset per test.
- ``cli``: runs ``syndicate ...`` in a forked child of a pre-imported helper
  process (tests/syndicate/forkserver.py); ``cli.console`` runs the installed
  console script through a fresh interpreter instead.
"""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from bkd_sandbox.testing import fast_config, running_sandbox

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def jpeg(width: int, height: int, color=(30, 110, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=60)
    return buffer.getvalue()


class LiveSite:
    """A directory served over HTTP on loopback, plus a manifest builder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        images = root / "images"
        images.mkdir(parents=True, exist_ok=True)
        (images / "og.jpg").write_bytes(jpeg(1200, 630))
        (images / "ig.jpg").write_bytes(jpeg(1080, 1350))
        (images / "photo.jpg").write_bytes(jpeg(1200, 800, (120, 90, 40)))
        (images / "poster.jpg").write_bytes(jpeg(1280, 720, (10, 10, 10)))
        # Three chunks at the tests' 256 KiB chunk size, so faults land mid-upload.
        (root / "video.mp4").write_bytes(
            b"\x00\x00\x00\x18ftypmp42" + os.urandom(2 * 262144 + 3000)
        )

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def article(
        self,
        slug: str,
        *,
        title: str | None = None,
        date: datetime | None = None,
        tags=("ASN", "SIASN", "pelayanan publik"),
        gallery: int = 0,
        video: bool = False,
        instagram: bool = True,
        live: bool = True,
        platforms=("facebook", "instagram", "x", "youtube"),
        overrides: dict | None = None,
    ) -> dict:
        # Recent by default: older articles are held back by the flood guard.
        date = date or (datetime.now() - timedelta(hours=3)).replace(second=0, microsecond=0)
        date = date.astimezone()
        path = f"{date:%Y/%m}/{slug}/"
        if live:
            page = self.root / path / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"<!doctype html><title>{slug}</title>", encoding="utf-8")
        base = self.url
        entry = {
            "id": f"{date:%Y%m%d}-{slug}",
            "url": f"{base}/{path}",
            "title": title or f"Kegiatan {slug.replace('-', ' ').title()} di Kupang",
            "summary": "Ringkasan singkat kegiatan BKD Provinsi NTT untuk ASN.",
            "tags": list(tags),
            "category": "Berita",
            "date": date.isoformat(),
            "platforms": list(platforms),
            "overrides": overrides or {},
            "og_image": {
                "url": f"{base}/images/og.jpg",
                "alt": "Foto kegiatan",
                "width": 1200,
                "height": 630,
            },
            "instagram_image": {"url": f"{base}/images/ig.jpg", "alt": "Foto kegiatan"}
            if instagram
            else None,
            "gallery": [
                {
                    "url": f"{base}/images/photo.jpg",
                    "instagram_url": f"{base}/images/ig.jpg",
                    "alt": f"Foto {i + 1}",
                    "credit": "BKD NTT",
                }
                for i in range(gallery)
            ],
            "video": {
                "file": str(self.root / "video.mp4"),
                "poster_url": f"{base}/images/poster.jpg",
            }
            if video
            else None,
        }
        return entry

    def manifest(self, directory: Path, articles: list[dict], **settings) -> Path:
        path = directory / "manifest.json"
        data = {
            "version": 1,
            "generated": datetime.now().isoformat(),
            "site_url": self.url,
            "settings": {f"SYNDICATE_{k.upper()}": v for k, v in settings.items()},
            "articles": articles,
        }
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a killed publish hangs up mid-download: expected in the fault suite


class _QuietHandler(SimpleHTTPRequestHandler):
    disable_nagle_algorithm = True  # no delayed-ACK stalls between headers and body

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    site = LiveSite(tmp_path_factory.mktemp("live-site"))
    yield site
    site.close()


@pytest.fixture(scope="session")
def shared_sandbox():
    config = fast_config(
        instagram__container_processing_seconds=0.02,
        fault_hold_seconds=0.6,
    )
    with running_sandbox(config) as handle:
        yield handle


@pytest.fixture
def sandbox(shared_sandbox):
    shared_sandbox.reset()
    yield shared_sandbox


def engine_env(handle, manifest: Path, ledger: Path, **extra) -> dict[str, str]:
    """The environment of a publish against the sandbox: base URL, ids, secrets."""
    c = handle.config
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "NO_PROXY": "127.0.0.1,localhost",
        "SYNDICATE_MANIFEST": str(manifest),
        "SYNDICATE_LEDGER_DIR": str(ledger),
        "SYNDICATE_SANDBOX_URL": handle.url,
        **c.engine_env(),
        "SYNDICATE_HTTP_TIMEOUT": "0.3",
        "SYNDICATE_RETRY_BASE_SECONDS": "0.01",
        "SYNDICATE_RETRY_MAX_SECONDS": "0.05",
        "SYNDICATE_IG_POLL_INTERVAL": "0.02",
        "SYNDICATE_IG_POLL_TIMEOUT": "3",
        "SYNDICATE_YOUTUBE_CHUNK_BYTES": str(256 * 1024),
        "SYNDICATE_YOUTUBE_STATUS_WAIT": "0",
        "SYNDICATE_SINCE": "2026-01-01",
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Cli:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.count = 0
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "forkserver.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )

    def __call__(
        self, *argv: str, env: dict, cwd: Path | None = None, kill_after: float | None = None
    ) -> tuple[int, str]:
        self.count += 1
        out = self.tmp / f"run-{self.count}.log"
        request = {
            "argv": list(argv),
            "env": env,
            "cwd": str(cwd or self.tmp),
            "out": str(out),
            "kill_after": kill_after,
        }
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        rc = -9 if answer["killed"] else answer["rc"]
        return rc, out.read_text(encoding="utf-8", errors="replace")

    def console(
        self, *argv: str, env: dict, cwd: Path | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess:
        """The installed console script, in a fresh interpreter."""
        script = Path(sys.executable).with_name("syndicate")
        return subprocess.run(
            [str(script), *argv],
            env=env,
            cwd=cwd or self.tmp,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def cli(tmp_path_factory):
    runner = Cli(tmp_path_factory.mktemp("cli"))
    yield runner
    runner.close()


def past(days: int) -> datetime:
    return (datetime.now() - timedelta(days=days)).astimezone()


@pytest.fixture
def make_env():
    return engine_env


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "ledger").mkdir()
    return tmp_path
