"""YouTube uploads through the real CLI and googleapiclient against the sandbox.

Every video here spans at least three chunks at the chunk size the tests run
with (256 KiB), so intermediate ``308 Resume Incomplete`` answers, recovery of
a session after a 503 or a dropped connection, and resuming after kill -9 are
all exercised over real HTTP.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bkd_sandbox.testing import fast_config, running_sandbox
from syndicate.adapters.youtube import _fingerprint, seal, unseal

CHUNK = 256 * 1024
UPLOAD = "/upload/youtube/v3/videos"


def make_video(path: Path, size: int) -> Path:
    """An MP4-shaped file: an ftyp box, then bytes that do not repeat."""
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    path.write_bytes(head + os.urandom(size - len(head)))
    return path


@pytest.fixture
def video(tmp_path) -> Path:
    return make_video(tmp_path / "kegiatan.mp4", CHUNK * 3 + 1234)  # four chunks


def video_article(live_site, slug: str, video: Path) -> dict:
    article = live_site.article(slug, video=True, platforms=("youtube",))
    article["video"]["file"] = str(video)
    return article


def ledger_entry(workdir: Path, article: dict) -> dict:
    record = json.loads((workdir / "ledger" / f"{article['id']}.json").read_text())
    return record["platforms"]["youtube"]


def chunk_ranges(sandbox) -> list[str]:
    return [
        e.get("content_range", "")
        for e in sandbox.requests("youtube")
        if e["method"] == "PUT" and e["path"] == UPLOAD
    ]


def test_multi_chunk_video_uploads_in_one_session(
    cli, sandbox, live_site, workdir, make_env, video
):
    article = video_article(live_site, "video-empat-potong", video)
    env = make_env(sandbox, live_site.manifest(workdir, [article]), workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    size = video.stat().st_size
    assert chunk_ranges(sandbox) == [
        f"bytes {start}-{min(start + CHUNK, size) - 1}/{size}" for start in range(0, size, CHUNK)
    ]
    sessions = sandbox.upload_sessions()
    assert len(sessions["opened"]) == 1 and len(sessions["chunk_sessions"]) == 1
    [posted] = sandbox.posts("youtube")
    assert (posted["size"], posted["chunks"]) == (size, 4)
    entry = ledger_entry(workdir, article)
    assert entry["state"] == "done" and entry["post_id"] == posted["id"]
    assert entry["upload_status"] == "uploaded"
    assert "upload_session" not in entry  # done forgets the session


@pytest.mark.parametrize("mode", ["503", "reset"])
def test_failure_on_a_middle_chunk_is_recovered_in_the_same_session(
    cli, sandbox, live_site, workdir, make_env, video, mode
):
    sandbox.arm("youtube", mode, UPLOAD, method="PUT", after=1)  # the second chunk
    article = video_article(live_site, f"video-gangguan-{mode}", video)
    env = make_env(sandbox, live_site.manifest(workdir, [article]), workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    size = video.stat().st_size
    ranges = chunk_ranges(sandbox)
    # The failed chunk, then "where are we?", then on from the server's Range.
    assert f"bytes */{size}" in ranges
    assert ranges[ranges.index(f"bytes */{size}") + 1] == f"bytes {CHUNK}-{2 * CHUNK - 1}/{size}"
    sessions = sandbox.upload_sessions()
    assert len(sessions["opened"]) == 1 and len(sessions["chunk_sessions"]) == 1
    assert [p["size"] for p in sandbox.posts("youtube")] == [size]
    assert ledger_entry(workdir, article)["state"] == "done"


def test_kill_9_during_upload_then_rerun_resumes_the_same_session(
    live_site, workdir, make_env, video
):
    # The third chunk is held unanswered; the test kills the run while it waits.
    with running_sandbox(fast_config(fault_hold_seconds=30.0)) as sandbox:
        sandbox.arm("youtube", "timeout", UPLOAD, method="PUT", after=2)
        article = video_article(live_site, "video-dibunuh", video)
        env = make_env(sandbox, live_site.manifest(workdir, [article]), workdir / "ledger")
        script = Path(sys.executable).with_name("syndicate")
        run = subprocess.Popen(
            [str(script), "publish"],
            env=env,
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while len(chunk_ranges(sandbox)) < 3:
                assert run.poll() is None, run.stdout.read().decode()
                assert time.monotonic() < deadline, "the third chunk never arrived"
                time.sleep(0.02)
            os.kill(run.pid, signal.SIGKILL)
        finally:
            run.wait(timeout=10)
            run.stdout.close()
        assert run.returncode == -signal.SIGKILL
        entry = ledger_entry(workdir, article)
        assert entry["state"] == "pending"
        sealed = entry["upload_session"]["sealed_uri"]
        # The ledger branch is public: the session URI is stored sealed.
        assert "upload_id" not in json.dumps(entry)
        session_uri = unseal(env["SYNDICATE_YOUTUBE_CLIENT_SECRET"], sealed)
        assert sandbox.posts("youtube") == []

        sandbox.clear_faults()
        done = subprocess.run(
            [str(script), "publish"], env=env, cwd=workdir, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        size = video.stat().st_size
        sessions = sandbox.upload_sessions()
        assert len(sessions["opened"]) == 1, sessions
        assert sessions["chunk_sessions"] == [session_uri.split("upload_id=")[1].split("&")[0]]
        ranges = chunk_ranges(sandbox)
        # Chunks 1-2 once, chunk 3 (held) sent, then the rerun asks and resumes at chunk 3.
        assert ranges[3:] == [
            f"bytes */{size}",
            f"bytes {2 * CHUNK}-{3 * CHUNK - 1}/{size}",
            f"bytes {3 * CHUNK}-{size - 1}/{size}",
        ]
        assert [p["size"] for p in sandbox.posts("youtube")] == [size]
        assert ledger_entry(workdir, article)["state"] == "done"


def test_an_expired_session_in_the_ledger_is_replaced_by_a_new_one(
    cli, sandbox, live_site, workdir, make_env, video
):
    article = video_article(live_site, "video-sesi-basi", video)
    (workdir / "ledger").mkdir(exist_ok=True)
    opened = (datetime.now(UTC) - timedelta(days=7)).isoformat(timespec="seconds")
    secret = sandbox.config.youtube.client_secret
    stale = {
        "sealed_uri": seal(
            secret, f"{sandbox.url}{UPLOAD}?uploadType=resumable&upload_id=ADPycdGONE"
        ),
        "opened": opened,
        "size": video.stat().st_size,
        "sha256": _fingerprint(video),
    }
    (workdir / "ledger" / f"{article['id']}.json").write_text(
        json.dumps(
            {
                "article": article["id"],
                "url": article["url"],
                "platforms": {
                    "youtube": {"state": "pending", "attempts": 1, "upload_session": stale}
                },
            }
        )
    )
    env = make_env(sandbox, live_site.manifest(workdir, [article]), workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert "ADPycdGONE" not in json.dumps(sandbox.requests("youtube"))
    assert len(sandbox.upload_sessions()["opened"]) == 1
    assert ledger_entry(workdir, article)["state"] == "done"


def test_a_session_sealed_with_another_client_secret_is_not_used(
    cli, sandbox, live_site, workdir, make_env, video
):
    article = video_article(live_site, "video-rahasia-baru", video)
    (workdir / "ledger").mkdir(exist_ok=True)
    old_secret = {
        "sealed_uri": seal("rahasia-lama", f"{sandbox.url}{UPLOAD}?upload_id=ADPycdOLD"),
        "opened": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": video.stat().st_size,
        "sha256": _fingerprint(video),
    }
    (workdir / "ledger" / f"{article['id']}.json").write_text(
        json.dumps(
            {
                "article": article["id"],
                "url": article["url"],
                "platforms": {
                    "youtube": {"state": "pending", "attempts": 1, "upload_session": old_secret}
                },
            }
        )
    )
    env = make_env(sandbox, live_site.manifest(workdir, [article]), workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert "ADPycdOLD" not in json.dumps(sandbox.requests("youtube"))
    assert len(sandbox.upload_sessions()["opened"]) == 1


def test_a_session_the_server_no_longer_knows_is_restarted(
    cli, sandbox, live_site, workdir, make_env, video
):
    """A session younger than six days that still answers 404: start over once."""
    article = video_article(live_site, "video-sesi-hilang", video)
    (workdir / "ledger").mkdir(exist_ok=True)
    secret = sandbox.config.youtube.client_secret
    lost = {
        "sealed_uri": seal(
            secret, f"{sandbox.url}{UPLOAD}?uploadType=resumable&upload_id=ADPycdLOST"
        ),
        "opened": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": video.stat().st_size,
        "sha256": _fingerprint(video),
    }
    (workdir / "ledger" / f"{article['id']}.json").write_text(
        json.dumps(
            {
                "article": article["id"],
                "url": article["url"],
                "platforms": {
                    "youtube": {"state": "pending", "attempts": 1, "upload_session": lost}
                },
            }
        )
    )
    env = make_env(sandbox, live_site.manifest(workdir, [article]), workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 0, out
    assert chunk_ranges(sandbox)[0] == f"bytes */{video.stat().st_size}"  # asked, got 404
    assert len(sandbox.upload_sessions()["opened"]) == 1
    assert len(sandbox.posts("youtube")) == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            b"version https://git-lfs.github.com/spec/v1\n"
            b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
            b"size 20971520\n",
            "git lfs pull",
        ),
        (b"<!doctype html><title>404</title>" + b" " * 2000, "bukan berkas video"),
    ],
)
def test_lfs_pointers_and_non_videos_are_refused_before_any_upload(
    cli, sandbox, live_site, workdir, make_env, tmp_path, content, words
):
    fake = tmp_path / "video.mp4"
    fake.write_bytes(content)
    article = video_article(live_site, "video-palsu", fake)
    env = make_env(sandbox, live_site.manifest(workdir, [article]), workdir / "ledger")
    rc, out = cli("publish", env=env)
    assert rc == 4, out  # a permanent failure, named
    assert words in out
    assert sandbox.upload_sessions()["opened"] == []
    entry = ledger_entry(workdir, article)
    assert entry["state"] == "failed" and entry["retryable"] is False


@pytest.mark.parametrize(
    ("fault", "reason"), [("upload_rejected", "duplicate"), ("upload_failed", "codec")]
)
def test_rejected_or_failed_video_is_recorded_failed_with_the_reason(
    cli, live_site, workdir, make_env, video, fault, reason
):
    with running_sandbox(fast_config(youtube__processing_seconds=0.2)) as sandbox:
        sandbox.arm("youtube", fault, UPLOAD, method="POST")
        article = video_article(live_site, f"video-{fault}", video)
        manifest = live_site.manifest(workdir, [article])
        env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_YOUTUBE_STATUS_WAIT="5")
        rc, out = cli("publish", env=env)
        assert rc == 4, out
        entry = ledger_entry(workdir, article)
        assert entry["state"] == "failed" and entry["retryable"] is False
        assert reason in entry["error"] and "syndicate retry" in entry["error"]
        # The rejected video is not "the article's video": after `retry` the
        # article is uploaded again instead of being reconciled to it.
        rc, out = cli("retry", "--article", article["id"], "--platform", "youtube", env=env)
        assert rc == 0, out
        rc, out = cli("publish", env=env)
        assert rc == 0, out
        assert len(sandbox.posts("youtube")) == 2
        assert ledger_entry(workdir, article)["state"] == "done"


def test_reconciliation_pages_through_the_uploads_playlist(live_site, workdir, make_env, tmp_path):
    """With the ledger lost, every video is found again on later playlist pages."""
    small = make_video(tmp_path / "kecil.mp4", 4096)
    config = fast_config(youtube__daily_quota_units=10**6, youtube__processing_seconds=0)
    with running_sandbox(config) as sandbox:
        articles = [video_article(live_site, f"video-halaman-{n}", small) for n in range(7)]
        manifest = live_site.manifest(workdir, articles)
        env = make_env(sandbox, manifest, workdir / "ledger", SYNDICATE_RECONCILE_DEPTH="3")
        rc, out = cli_run(env, workdir)
        assert rc == 0, out
        assert len(sandbox.posts("youtube")) == 7
        for path in (workdir / "ledger").glob("*.json"):
            path.unlink()
        rc, out = cli_run(env, workdir)
        assert rc == 0, out
        assert out.count(": reconciled ") == 7
        assert len(sandbox.posts("youtube")) == 7
        pages = [
            e
            for e in sandbox.requests("youtube")
            if e["path"].endswith("/playlistItems") and e["query"].get("pageToken")
        ]
        assert pages


def cli_run(env: dict, cwd: Path) -> tuple[int, str]:
    script = Path(sys.executable).with_name("syndicate")
    done = subprocess.run(
        [str(script), "publish"], env=env, cwd=cwd, capture_output=True, text=True
    )
    return done.returncode, done.stdout + done.stderr
