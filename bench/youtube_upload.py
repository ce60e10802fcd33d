"""A 20 MB video through `syndicate publish` and the sandbox: one session,
a 503 on the middle chunk recovered in that session, kill -9 then resume.

    .venv/bin/python bench/youtube_upload.py [--size-mb 20] [--chunk-mib 8]

Runs the installed console script (the real googleapiclient transport) against
an in-process sandbox over loopback and writes the section "YouTube resumable
upload" of bench/RESULTS.md. Figures are counts and ratios from the sandbox's
request journal (sessions opened, bytes received ÷ file size), not timings.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.machine import cpu_model  # noqa: E402
from bkd_sandbox.testing import fast_config, running_sandbox  # noqa: E402

UPLOAD = "/upload/youtube/v3/videos"
SECTION = "## YouTube resumable upload (sandbox)"


def make_video(path: Path, size: int) -> None:
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    with open(path, "wb") as handle:
        handle.write(head)
        left = size - len(head)
        while left:
            block = os.urandom(min(left, 1 << 20))
            handle.write(block)
            left -= len(block)


def manifest(directory: Path, video: Path, slug: str) -> Path:
    now = datetime.now().astimezone().replace(microsecond=0)
    data = {
        "version": 1,
        "generated": now.isoformat(),
        "site_url": "https://bkd.example.invalid",
        "settings": {},
        "articles": [
            {
                "id": f"{now:%Y%m%d}-{slug}",
                "url": f"https://bkd.example.invalid/{slug}/",
                "title": "Apel Kesadaran Nasional BKD Provinsi NTT",
                "summary": "Video kegiatan apel.",
                "tags": ["ASN"],
                "category": "Kegiatan",
                "date": now.isoformat(),
                "platforms": ["youtube"],
                "overrides": {},
                "og_image": None,
                "instagram_image": None,
                "gallery": [],
                "video": {"file": str(video), "poster_url": None},
            }
        ],
    }
    path = directory / f"{slug}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def environment(sandbox, manifest_path: Path, ledger: Path, chunk: int) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "NO_PROXY": "127.0.0.1,localhost",
        "SYNDICATE_MANIFEST": str(manifest_path),
        "SYNDICATE_LEDGER_DIR": str(ledger),
        "SYNDICATE_SANDBOX_URL": sandbox.url,
        **sandbox.config.engine_env(),
        "SYNDICATE_CHECK_LIVE": "0",
        "SYNDICATE_SINCE": "2000-01-01",
        "SYNDICATE_YOUTUBE_CHUNK_BYTES": str(chunk),
        "SYNDICATE_YOUTUBE_STATUS_WAIT": "0",
        "SYNDICATE_RETRY_BASE_SECONDS": "0.05",
        "SYNDICATE_RETRY_MAX_SECONDS": "0.2",
    }


def puts(sandbox) -> list[str]:
    return [
        e.get("content_range", "")
        for e in sandbox.requests("youtube")
        if e["method"] == "PUT" and e["path"] == UPLOAD
    ]


def figures(sandbox, size: int) -> dict:
    sent = 0
    for content_range in puts(sandbox):
        match = re.fullmatch(r"bytes (\d+)-(\d+)/\d+", content_range)
        if match:
            sent += int(match.group(2)) - int(match.group(1)) + 1
    sessions = sandbox.upload_sessions()
    videos = sandbox.posts("youtube")
    return {
        "sessions_opened": len(sessions["opened"]),
        "sessions_used": len(sessions["chunk_sessions"]),
        "chunk_puts": sum(1 for r in puts(sandbox) if not r.startswith("bytes */")),
        "status_queries": sum(1 for r in puts(sandbox) if r.startswith("bytes */")),
        "sent_ratio": round(sent / size, 3),
        "videos": len(videos),
        "video_complete": bool(videos) and videos[0]["size"] == size,
    }


def run(script: Path, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    command = [str(script), "publish"]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)


def scenario(name: str, size: int, chunk: int, video: Path, work: Path) -> dict:
    script = Path(sys.executable).with_name("syndicate")
    config = fast_config(fault_hold_seconds=120.0)
    with running_sandbox(config) as sandbox:
        ledger = work / f"ledger-{name}"
        env = environment(sandbox, manifest(work, video, f"video-{name}"), ledger, chunk)
        started = time.monotonic()
        if name == "503-mid-chunk":
            sandbox.arm("youtube", "503", UPLOAD, method="PUT", after=1)
        if name == "kill-9-resume":
            sandbox.arm("youtube", "timeout", UPLOAD, method="PUT", after=1)
            proc = subprocess.Popen(
                [str(script), "publish"],
                env=env,
                cwd=work,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            while len(puts(sandbox)) < 2:  # the middle chunk is being held
                if proc.poll() is not None:
                    raise SystemExit("publish ended before the kill")
                time.sleep(0.02)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            sandbox.clear_faults()
        done = run(script, env, work)
        elapsed = time.monotonic() - started
        result = figures(sandbox, size)
        result["exit"] = done.returncode
        result["seconds"] = round(elapsed, 2)
        entry = json.loads(next(ledger.glob("2*.json")).read_text())["platforms"]["youtube"]
        result["ledger"] = entry["state"]
        return result


def write_results(rows: dict, size: int, chunk: int) -> None:
    path = HERE / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    lines = [
        SECTION,
        "",
        f"Measured {datetime.now():%Y-%m-%d %H:%M} on {cpu_model()}, Python "
        f"{sys.version.split()[0]}: a {size / 1e6:.0f} MB video, chunk "
        f"{chunk // (1 << 20)} MiB, `syndicate publish` (console script, googleapiclient "
        "with `build_http()`) against the in-process sandbox over loopback.",
        "",
        "| scenario | sessions opened | sessions used | chunk PUTs | status queries "
        "| bytes sent ÷ size | videos | ledger | exit |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['sessions_opened']} | {r['sessions_used']} | {r['chunk_puts']} | "
            f"{r['status_queries']} | {r['sent_ratio']} | {r['videos']} | {r['ledger']} | "
            f"{r['exit']} |"
        )
    lines += [
        "",
        "Goal: one session in every scenario and one complete video; after a 503 or a kill "
        "only the interrupted chunk is sent again (bytes sent ÷ size = 1 + that chunk ÷ size). "
        "Reproduce: `.venv/bin/python bench/youtube_upload.py`.",
        "",
    ]
    block = "\n".join(lines)
    if SECTION in text:
        start = text.index(SECTION)
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + block + (text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=20)
    parser.add_argument("--chunk-mib", type=int, default=8)
    args = parser.parse_args()
    size, chunk = int(args.size_mb * 1e6), args.chunk_mib << 20
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        video = work / "apel.mp4"
        make_video(video, size)
        for name in ("one-session", "503-mid-chunk", "kill-9-resume"):
            rows[name] = scenario(name, size, chunk, video, work)
            print(name, rows[name], flush=True)
    write_results(rows, size, chunk)
    ok = all(
        r["sessions_opened"] == 1 and r["videos"] == 1 and r["video_complete"]
        for r in rows.values()
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
