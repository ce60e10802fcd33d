"""Pictures of the review package, and the branch they are served from.

A pull-request comment can only show an image by URL. The pictures are
committed to a dedicated branch of the same repository (``review-previews``,
one folder per pull request and commit) and linked as
``https://github.com/OWNER/REPO/blob/review-previews/PATH?raw=true``: GitHub
serves that to anyone who can read the repository, so it works for a private
repository too (the Kepala is logged in, in the browser or the GitHub app),
and nothing leaves GitHub. See docs/review-package.md for the other options.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

BRANCH = "review-previews"
PICTURE_TYPES = {".png", ".jpg", ".jpeg"}
MAX_PICTURE = 10_000_000


def site_file(site: Path, site_url: str, url: str | None) -> Path | None:
    """The built file behind an absolute URL of the site, if it is there."""
    if not url:
        return None
    path = urlparse(url).path if "://" in url else url
    base = urlparse(site_url).path.rstrip("/") if site_url else ""
    if base and path.startswith(base + "/"):
        path = path[len(base) :]
    candidate = (site / path.lstrip("/")).resolve()
    if not candidate.is_relative_to(site.resolve()) or not candidate.is_file():
        return None
    return candidate


def _copy(src: Path | None, out: Path, rel: str) -> str | None:
    if src is None:
        return None
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    return rel


def _size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{size / 1000:.0f} kB"


def probe_video(path: Path) -> dict:
    """Duration and resolution from ffprobe (Debian's ffmpeg), when installed."""
    info: dict = {}
    ffprobe = shutil.which("ffprobe")
    if not ffprobe:
        info["note"] = (
            "durasi dan resolusi tidak dibaca karena ffprobe tidak terpasang di mesin "
            "pemeriksa; pasang paket ffmpeg (apt-get install ffmpeg) lalu jalankan ulang. "
            "Tonton videonya lewat tautan di bawah."
        )
        return info
    result = subprocess.run(
        [ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
        capture_output=True,
        text=True,
        timeout=60,
    )
    try:
        data = json.loads(result.stdout or "{}")
    except ValueError:
        data = {}
    video = next((s for s in data.get("streams", []) if s.get("codec_type") == "video"), None)
    if not video:
        info["note"] = "berkas tidak terbaca sebagai video oleh ffprobe"
        return info
    seconds = float(data.get("format", {}).get("duration") or video.get("duration") or 0)
    minutes, rest = divmod(round(seconds), 60)
    info["duration"] = f"{minutes}:{rest:02d} menit"
    info["resolution"] = f"{video.get('width')}×{video.get('height')}"
    return info


def poster_frame(path: Path, target: Path) -> bool:
    """A frame one second in (or the first), as the Kepala's first look at the video."""
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    for seek in ("1", "0"):
        result = subprocess.run(
            [
                ffmpeg,
                "-v",
                "error",
                "-y",
                "-ss",
                seek,
                "-i",
                path,
                "-frames:v",
                "1",
                "-vf",
                "scale=640:-2",
                str(target),
            ],
            capture_output=True,
            timeout=120,
        )
        if result.returncode == 0 and target.exists() and target.stat().st_size:
            return True
    return False


def gather(reviews, manifest, site: Path, out: Path, repo: Path, watch_url=None) -> None:  # noqa: ARG001 - the CLI passes the repository; pictures come from the built site
    """Copy each article's pictures out of the built site into `out`, and note them."""
    from review.package import Picture

    by_id = {a.id: a for a in manifest.articles}
    for review in reviews:
        article = by_id.get(review.article_id)
        if article is None:
            continue
        key = review.article_id
        if article.og_image:
            rel = _copy(
                site_file(site, manifest.site_url, article.og_image.url), out, f"{key}/og.jpg"
            )
            if rel:
                review.pictures.append(
                    Picture(
                        "Gambar Open Graph (pratinjau tautan Facebook dan X)",
                        rel,
                        article.og_image.alt,
                    )
                )
        # Exactly the pictures the Instagram post carries (one crop or the carousel).
        instagram = next((p for p in review.posts if p.platform == "instagram"), None)
        crops = [m["url"] for m in instagram.media if m.get("url")] if instagram else []
        if not crops and article.instagram_image:
            crops = [article.instagram_image.url]
        for index, url in enumerate(crops, 1):
            rel = _copy(
                site_file(site, manifest.site_url, url), out, f"{key}/instagram-{index}.jpg"
            )
            if rel:
                label = "Potongan Instagram (1080×1350)"
                if len(crops) > 1:
                    label += f", carousel {index}/{len(crops)}"
                review.pictures.append(Picture(label, rel))
        if article.video:
            source = manifest.resolve(article.video.file)
            video = {"file": article.video.file}
            if source.is_file():
                video["size_text"] = _size_text(source.stat().st_size)
                video.update(probe_video(source))
                if poster_frame(source, out / key / "video-frame.jpg"):
                    video["poster"] = f"{key}/video-frame.jpg"
            if not video.get("poster") and article.video.poster_url:
                video["poster"] = _copy(
                    site_file(site, manifest.site_url, article.video.poster_url),
                    out,
                    f"{key}/video-poster.jpg",
                )
            if watch_url:
                video["watch"] = watch_url(article.video.file)
            review.video = video


def commit_to_branch(repo: Path, branch: str, files: Path, prefix: str, message: str) -> str:
    """Commit every file under `files` to `branch` under `prefix/`, without a
    work tree (a private index), keeping what the branch already holds.

    Returns the new commit. The caller pushes it (`git push origin BRANCH`).
    """
    env = {**os.environ}
    with tempfile.TemporaryDirectory() as tmp:
        env["GIT_INDEX_FILE"] = str(Path(tmp) / "index")

        def git(*args, **kwargs) -> str:
            return subprocess.run(
                ["git", *args],
                cwd=repo,
                env=env,
                capture_output=True,
                text=True,
                check=True,
                **kwargs,
            ).stdout.strip()

        parent = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
            cwd=repo,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if parent:
            git("read-tree", parent)
        for path in sorted(files.rglob("*")):
            # The pictures come from a pull request's build, maybe a fork's:
            # only plain image files, of a sane size, go onto the branch.
            if path.is_symlink() or not path.is_file():
                continue
            if path.suffix.lower() not in PICTURE_TYPES or path.stat().st_size > MAX_PICTURE:
                continue
            blob = git("hash-object", "-w", str(path))
            name = f"{prefix.strip('/')}/{path.relative_to(files).as_posix()}"
            git("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}")
        tree = git("write-tree")
        args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
        commit = git(*args)
        git("update-ref", f"refs/heads/{branch}", commit)
        return commit


def raw_url(server: str, repo: str, branch: str, path: str) -> str:
    """`blob/...?raw=true`: redirects to raw content for anyone who can read the repo."""
    return f"{server.rstrip('/')}/{repo}/blob/{branch}/{path}?raw=true"
