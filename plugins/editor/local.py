"""The editor's local backend for `make serve` and the browser test: decap-server.

decap-server (npm, pinned in plugins/editor/package-lock.json) answers the
CMS at /api/v1 and, in its ``git`` mode, keeps the editorial workflow on local
branches (``cms/articles/<slug>``), as GitHub keeps it in pull requests.
It checks branches out in the repository it serves, so it never serves the
developer's own checkout: `make serve` gives it a clone in
``.cache/editor-repo`` (made once, from the checkout's HEAD), so a trainer
shows the whole flow without GitHub and without touching the working tree.

When node is missing the site is served all the same; the editor page then
says the local server is not running.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SERVER = HERE / "node_modules" / "decap-server" / "dist" / "index.js"
DEFAULT_PORT = 8081
NO_NODE = (
    "Editor web ({site}admin/) tidak aktif: Node.js tidak ditemukan. "
    "Situs tetap berjalan. Untuk mencoba editor, pasang nodejs dan npm "
    "(Debian/Ubuntu: sudo apt-get install nodejs npm), lalu jalankan lagi 'make serve'."
)
NO_NPM_INSTALL = (
    "Editor web tidak aktif: decap-server belum terpasang dan 'npm ci' gagal "
    "(di plugins/editor). Situs tetap berjalan."
)


def install_server() -> bool:
    """npm ci --omit=dev in plugins/editor: decap-server only, at the locked versions."""
    if SERVER.exists():
        return True
    npm = shutil.which("npm")
    if npm is None:
        return False
    result = subprocess.run(
        [
            npm,
            "ci",
            "--omit=dev",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ],
        cwd=HERE,
        check=False,
    )
    return result.returncode == 0 and SERVER.exists()


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def prepare_demo_repo(repo: Path, source: Path = ROOT, branch: str = "main") -> Path:
    """A clone of the checkout for the editor to commit to; kept between runs
    so a trainer's drafts survive a restart."""
    if not (repo / ".git").exists():
        repo.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", str(source), str(repo)],
            check=True,
            capture_output=True,
        )
        git(repo, "checkout", "--quiet", "-B", branch)
    git(repo, "config", "user.name", "Editor web (demo)")
    git(repo, "config", "user.email", "editor-demo@localhost")
    return repo


def start_server(repo: Path, port: int = DEFAULT_PORT, log=None) -> subprocess.Popen:
    node = shutil.which("node")
    if node is None:
        raise FileNotFoundError("node")
    env = {
        **os.environ,
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(repo),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "LOG_LEVEL": "warn",
    }
    # cwd: decap-server reads a .env from its working directory; give it none.
    return subprocess.Popen(
        [node, str(SERVER)], cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plugins.editor.local")
    parser.add_argument("--repo", type=Path, default=ROOT / ".cache" / "editor-repo")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--site", default="http://127.0.0.1:8000/", help="where make serve serves")
    args = parser.parse_args(argv)
    if shutil.which("node") is None:
        print(NO_NODE.format(site=args.site), file=sys.stderr)
        return 0
    if not install_server():
        print(NO_NPM_INSTALL, file=sys.stderr)
        return 0
    repo = prepare_demo_repo(args.repo)
    print(
        f"Editor web: {args.site}admin/ (penyimpanan lokal: {repo}, "
        f"cabang cms/* = artikel yang diajukan)",
        file=sys.stderr,
    )
    server = start_server(repo, args.port)

    def stop(signum, frame):  # make serve's trap sends TERM: take node down too
        server.terminate()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return 0


if __name__ == "__main__":
    sys.exit(main())
