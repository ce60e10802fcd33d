"""The review package is one comment, updated in place, over real HTTP.

The fake server follows GitHub's REST reference for issue comments
(https://docs.github.com/en/rest/issues/comments): list with `per_page`/`page`
and a `Link: <...>; rel="next"` header, create (201) and update (200) answer
the comment object; pulls/{n} answers the head commit; statuses/{sha} (201).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from review import MARKER
from review.github import Comments

REPO = Path(__file__).resolve().parents[2]
OWNER_REPO = "bkd-ntt/portal"
BOT = "github-actions[bot]"
TOKEN = "ghs_fixture_token_not_real"


class FakeGitHub:
    def __init__(self) -> None:
        self.comments: list[dict] = []
        self.statuses: list[dict] = []
        self.requests: list[tuple[str, str]] = []
        self.heads = {7: "a" * 40}
        self.next_id = 1000

    def add(self, body: str, login: str) -> dict:
        self.next_id += 1
        comment = {"id": self.next_id, "body": body, "user": {"login": login, "type": "User"}}
        comment["html_url"] = f"https://github.com/{OWNER_REPO}/pull/7#issuecomment-{comment['id']}"
        self.comments.append(comment)
        return comment


def make_handler(state: FakeGitHub, base: list[str]):  # noqa: C901 - a fake GitHub API: one branch per endpoint the poster calls
    prefix = f"/repos/{OWNER_REPO}"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status: int, payload, headers: dict | None = None):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._send(401, {"message": "Bad credentials"})
                return False
            return True

        def _body(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length) or b"{}")

        def do_GET(self):
            url = urlparse(self.path)
            state.requests.append(("GET", url.path))
            if not self._authorised():
                return
            if url.path == f"{prefix}/issues/7/comments":
                query = parse_qs(url.query)
                per_page = min(int(query.get("per_page", ["30"])[0]), 100)
                page = int(query.get("page", ["1"])[0])
                chunk = state.comments[(page - 1) * per_page : page * per_page]
                headers = {}
                if page * per_page < len(state.comments):
                    link = f"{base[0]}{url.path}?per_page={per_page}&page={page + 1}"
                    headers["Link"] = f'<{link}>; rel="next"'
                return self._send(200, chunk, headers)
            if url.path.startswith(f"{prefix}/pulls/"):
                number = int(url.path.rsplit("/", 1)[1])
                if number not in state.heads:
                    return self._send(404, {"message": "Not Found"})
                return self._send(200, {"number": number, "head": {"sha": state.heads[number]}})
            self._send(404, {"message": "Not Found"})

        def do_POST(self):
            url = urlparse(self.path)
            state.requests.append(("POST", url.path))
            if not self._authorised():
                return
            body = self._body()
            if url.path == f"{prefix}/issues/7/comments":
                if not isinstance(body.get("body"), str):
                    return self._send(422, {"message": "Validation Failed"})
                return self._send(201, state.add(body["body"], BOT))
            if url.path.startswith(f"{prefix}/statuses/"):
                state.statuses.append({"sha": url.path.rsplit("/", 1)[1], **body})
                return self._send(201, body)
            self._send(404, {"message": "Not Found"})

        def do_PATCH(self):
            url = urlparse(self.path)
            state.requests.append(("PATCH", url.path))
            if not self._authorised():
                return
            body = self._body()
            if url.path.startswith(f"{prefix}/issues/comments/"):
                wanted = int(url.path.rsplit("/", 1)[1])
                for comment in state.comments:
                    if comment["id"] == wanted:
                        comment["body"] = body["body"]
                        return self._send(200, comment)
            self._send(404, {"message": "Not Found"})

    return Handler


@pytest.fixture
def github():
    state = FakeGitHub()
    base: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state, base))
    base.append(f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, base[0]
    server.shutdown()
    server.server_close()


def post(api: str, body: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "review",
            "post",
            "--api-url",
            api,
            "--repository",
            OWNER_REPO,
            "--pr",
            "7",
            "--body",
            str(body),
            "--author",
            BOT,
            *extra,
        ],
        cwd=REPO,
        env={**os.environ, "GITHUB_TOKEN": TOKEN},
        capture_output=True,
        text=True,
    )


def test_comment_is_created_once_then_updated_in_place(github, tmp_path):
    state, api = github
    # 150 comments of a busy discussion: the sticky one will be on page 2.
    for i in range(150):
        state.add(f"komentar {i}", "kepala-bkd")
    # A reader quoting the marker does not capture the package.
    state.add(f"{MARKER}\nkutipan paket lama", "editor")
    body = tmp_path / "comment.md"
    body.write_text(f"{MARKER}\n# Paket tinjauan\n\npertama\n", encoding="utf-8")
    first = post(api, body, "--expect-sha", "a" * 40)
    assert first.returncode == 0, first.stderr
    body.write_text(f"{MARKER}\n# Paket tinjauan\n\nkedua\n", encoding="utf-8")
    second = post(api, body, "--expect-sha", "a" * 40)
    assert second.returncode == 0, second.stderr
    ours = [c for c in state.comments if c["user"]["login"] == BOT]
    assert len(ours) == 1
    assert ours[0]["body"].endswith("kedua\n")
    assert state.comments[150]["body"] == f"{MARKER}\nkutipan paket lama"
    methods = [m for m, _ in state.requests]
    assert methods.count("POST") == 1 and methods.count("PATCH") == 1
    # The list was read page by page, following the Link header.
    pages = [p for m, p in state.requests if m == "GET" and p.endswith("/comments")]
    assert len(pages) == 4
    assert TOKEN not in first.stdout + first.stderr + second.stdout + second.stderr


def test_refuses_a_pull_request_whose_head_is_not_the_built_commit(github, tmp_path):
    state, api = github
    body = tmp_path / "comment.md"
    body.write_text(f"{MARKER}\nx\n", encoding="utf-8")
    result = post(api, body, "--expect-sha", "b" * 40)
    assert result.returncode == 3
    assert state.comments == []
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "review",
            "post",
            "--api-url",
            api,
            "--repository",
            OWNER_REPO,
            "--pr",
            "8",
            "--body",
            str(body),
            "--expect-sha",
            "a" * 40,
            "--verify-only",
        ],
        cwd=REPO,
        env={**os.environ, "GITHUB_TOKEN": TOKEN},
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 3 and state.comments == []


def test_preview_is_reported_as_a_commit_status(github, tmp_path):
    state, api = github
    body = tmp_path / "comment.md"
    body.write_text("# Paket tinjauan\n", encoding="utf-8")
    preview = "https://bkd.nttprov.go.id/pratinjau/pr-7/"
    result = post(api, body, "--expect-sha", "a" * 40, "--status-url", preview)
    assert result.returncode == 0, result.stderr
    assert state.comments[0]["body"].startswith(MARKER)  # added when missing
    assert state.statuses == [
        {
            "sha": "a" * 40,
            "state": "success",
            "target_url": preview,
            "context": "pratinjau",
            "description": "Pratinjau halaman untuk peninjau",
        }
    ]


def test_api_errors_are_reported_not_swallowed(github):
    _, api = github
    from review.github import GitHubError

    comments = Comments(api, OWNER_REPO, "wrong-token")
    with pytest.raises(GitHubError, match="HTTP 401"):
        comments.upsert(7, "x")


def test_posting_needs_only_requests():
    """review-comment.yml installs only requests (from the lock) before posting."""
    code = (
        "import sys, review.cli, review.github, review.previews\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & "
        "{'plugins', 'syndicate', 'pelican', 'babel', 'PIL', 'lxml', 'playwright'}\n"
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
